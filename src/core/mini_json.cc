#include "core/mini_json.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace backcoach {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<JsonValue> Document() {
    JsonValue v;
    if (!Value(v, 0)) return Error();
    SkipSpace();
    if (pos_ != text_.size()) return Fail("unexpected text after the value");
    return v;
  }

 private:
  Status Fail(const std::string& what) {
    if (error_.empty())
      error_ = "invalid JSON at character " + std::to_string(pos_ + 1) + ": " + what;
    return Error();
  }
  Status Error() const { return Status::InvalidArgument(error_); }
  bool Failed(const std::string& what) {
    Fail(what);
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view w) {
    if (text_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  bool Value(JsonValue& v, int depth) {
    if (depth > kMaxJsonDepth) return Failed("nested too deeply");
    SkipSpace();
    if (pos_ >= text_.size()) return Failed("unexpected end of text");
    const char c = text_[pos_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v.type = JsonValue::Type::kString;
      return String(v.string);
    }
    if (Word("true") || Word("false")) {
      v.type = JsonValue::Type::kBool;
      v.boolean = c == 't';
      return true;
    }
    if (Word("null")) return true;
    return Number(v);
  }

  bool Object(JsonValue& v, int depth) {
    ++pos_;
    v.type = JsonValue::Type::kObject;
    if (Eat('}')) return true;
    do {
      SkipSpace();
      std::string key;
      if (pos_ >= text_.size() || text_[pos_] != '"') return Failed("expected a quoted key");
      if (!String(key)) return false;
      if (!Eat(':')) return Failed("expected ':'");
      v.keys.push_back(std::move(key));
      v.items.emplace_back();
      if (!Value(v.items.back(), depth + 1)) return false;
    } while (Eat(','));
    return Eat('}') || Failed("expected ',' or '}'");
  }

  bool Array(JsonValue& v, int depth) {
    ++pos_;
    v.type = JsonValue::Type::kArray;
    if (Eat(']')) return true;
    do {
      v.items.emplace_back();
      if (!Value(v.items.back(), depth + 1)) return false;
    } while (Eat(','));
    return Eat(']') || Failed("expected ',' or ']'");
  }

  bool Number(JsonValue& v) {
    const std::size_t start = pos_;
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (!digits()) return Failed("expected a value");
    if (pos_ < text_.size() && text_[pos_] == '.' && (++pos_, !digits())) {
      return Failed("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return Failed("expected digits in the exponent");
    }
    const std::string literal(text_.substr(start, pos_ - start));
    v.type = JsonValue::Type::kNumber;
    v.number = std::strtod(literal.c_str(), nullptr);
    return std::isfinite(v.number) || Failed("number out of range");
  }

  bool Hex4(unsigned& out) {
    out = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (pos_ >= text_.size()) return false;
      const char c = text_[pos_];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return false;
      out = out * 16 + static_cast<unsigned>(d);
    }
    return true;
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Escape(std::string& out) {
    if (pos_ >= text_.size()) return Failed("unfinished escape");
    const char c = text_[pos_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return Failed("unknown escape");
    }
    unsigned cp = 0;
    if (!Hex4(cp)) return Failed("expected four hex digits after \\u");
    if (cp >= 0xD800 && cp < 0xDC00) {
      unsigned low = 0;
      if (!Word("\\u") || !Hex4(low) || low < 0xDC00 || low > 0xDFFF) {
        return Failed("unpaired surrogate");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Failed("unpaired surrogate");
    }
    AppendUtf8(out, cp);
    return true;
  }

  bool String(std::string& out) {
    ++pos_;  // the opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return Failed("control character in a string");
      if (c != '\\') {
        out += c;
      } else if (!Escape(out)) {
        return false;
      }
    }
    return Failed("unfinished string");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

const JsonValue* JsonValue::Get(std::string_view key) const {
  if (type != Type::kObject) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

Result<JsonValue> ParseJson(std::string_view text) { return Parser(text).Document(); }

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Written by hand rather than with snprintf, whose stdio code would make the
// WebAssembly module import WASI's file functions.
std::string JsonNumber(double v, int decimals) {
  if (!std::isfinite(v)) return "null";
  decimals = std::clamp(decimals, 0, 9);
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const double scaled = std::round(std::fabs(v) * scale);
  if (scaled >= 9e18) return "null";  // beyond any measure this program writes
  const auto whole = static_cast<unsigned long long>(scaled);
  std::string digits = std::to_string(whole);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals)) {
      digits.insert(0, decimals + 1 - digits.size(), '0');
    }
    // One character by position: GCC 12 at -O3 misreports inserting the
    // string "." as an overlapping copy (-Wrestrict).
    digits.insert(digits.end() - decimals, '.');
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  if (whole == 0) return "0";
  return v < 0 ? "-" + digits : digits;
}

}  // namespace backcoach
