// MiniJson: a small JSON reader and writer without exceptions.
//
// The motion analysis is also built to WebAssembly, where there is no
// nlohmann::json (it throws) and no YAML reader; this is the little JSON it
// needs there: motion definitions and pose recordings in, analyses out. It
// accepts standard JSON (RFC 8259) up to kMaxDepth levels of nesting.
#ifndef BACKCOACH_CORE_MINI_JSON_H_
#define BACKCOACH_CORE_MINI_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace backcoach {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> items;   // array items, or object values
  std::vector<std::string> keys;  // object keys, parallel to items

  bool is_number() const { return type == Type::kNumber; }
  bool is_string() const { return type == Type::kString; }
  bool is_array() const { return type == Type::kArray; }
  bool is_object() const { return type == Type::kObject; }
  // The value of `key` in an object; nullptr when absent or not an object.
  const JsonValue* Get(std::string_view key) const;
};

constexpr int kMaxJsonDepth = 32;

// Parses one JSON value filling the whole text (white space around it is
// allowed). Errors say what was wrong and the character offset:
// "invalid JSON at character 12: expected ':'".
Result<JsonValue> ParseJson(std::string_view text);

// `s` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view s);
// A number as JSON: whole numbers without a decimal point, others with up to
// `decimals` decimals and no trailing zeros.
std::string JsonNumber(double v, int decimals = 3);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MINI_JSON_H_
