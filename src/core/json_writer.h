// JsonWriter: JSON text appended straight to a string, byte for byte what
// nlohmann::json's dump() writes for the same values, for the answers and
// stored texts that are written often enough that building the tree first
// costs more than the rest of the work (the clinic's list, a plan's state).
//
// dump() writes an object's keys sorted by their bytes (nlohmann::json's
// object is a std::map), without spaces; the caller gives each object's
// fields in that order (JsonObjectText). No I/O; safe from any thread.
#ifndef BACKCOACH_CORE_JSON_WRITER_H_
#define BACKCOACH_CORE_JSON_WRITER_H_

#include <string>
#include <string_view>

namespace backcoach {

// Appends `text` as a JSON string, escaped as dump() escapes it: \" \\ \b
// \f \n \r \t, the other control characters as \u00xx in lower case, and
// UTF-8 passed through. Text that is not UTF-8 is handed to nlohmann::json
// itself, whose dump() throws nlohmann::json::type_error (316) for it,
// exactly as the tree's dump would.
void AppendJsonString(std::string& out, std::string_view text);

// Appends a number as dump() writes it: the shortest text that reads back
// as the same double (nlohmann's Grisu2: 3.0, 0.25, 2.5e-05, -0.0), and
// null for NaN and the infinities.
void AppendJsonDouble(std::string& out, double value);
void AppendJsonInt(std::string& out, long long value);
inline void AppendJsonBool(std::string& out, bool value) { out += value ? "true" : "false"; }

// Writes one JSON object's fields in the order given: the caller gives them
// in sorted order, as dump() writes an object's keys. Keys are written as
// they are: they must need no escaping.
class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_ += '{'; }
  // Starts the field `key` and returns the text to write its value into.
  std::string& Field(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
    return out_;
  }
  void Close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_JSON_WRITER_H_
