// MapReader: strict, self-reporting access to one YAML mapping of content.
//
// Clinical content is edited by people, so every mistake must be reported
// with where it is: "exercises.yaml: exercise 'plank': field 'level': must be
// between 1 and 5, got 9". A MapReader wraps one mapping, hands out typed
// fields, remembers the first problem it meets, and on Finish() also reports
// keys it was never asked for (a typo must not silently drop a field).
//
// Usage:
//   MapReader r(node, "exercises.yaml: exercise 'plank'");
//   std::string name = r.String("name");
//   int level = r.Int("level", 1, 5);
//   if (Status s = r.Finish(); !s.ok()) return s;
//
// Getters return a harmless default after an error; only Finish() decides.
#ifndef BACKCOACH_CORE_YAML_READER_H_
#define BACKCOACH_CORE_YAML_READER_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace YAML {
class Node;
}

namespace backcoach {

// Parses YAML text; a syntax error names the file and line.
Result<YAML::Node> ParseYaml(const std::string& text, const std::string& file_name);

class MapReader {
 public:
  // `where` prefixes every error message. A node that is not a mapping is
  // reported at Finish().
  MapReader(const YAML::Node& node, std::string where);
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool Has(std::string_view key) const;

  std::string String(std::string_view key);  // required, non-empty
  std::optional<std::string> OptionalString(std::string_view key);
  int Int(std::string_view key, int min, int max);
  std::optional<int> OptionalInt(std::string_view key, int min, int max);
  double Number(std::string_view key, double min, double max);
  std::optional<double> OptionalNumber(std::string_view key, double min, double max);
  bool Bool(std::string_view key);
  bool OptionalBool(std::string_view key, bool default_value);
  // One of `allowed`.
  std::string Enum(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<std::string> OptionalEnum(std::string_view key,
                                          const std::vector<std::string>& allowed);
  // A list of strings; `allowed` empty means any non-empty string.
  std::vector<std::string> StringList(std::string_view key, bool required,
                                      const std::vector<std::string>& allowed = {});
  // A child node (mapping, sequence or scalar) for the caller to read; marks
  // the key as known. Returns an undefined node when absent and optional.
  YAML::Node Child(std::string_view key, bool required);

  // Records a problem found by the caller about `key`.
  void Fail(std::string_view key, const std::string& problem);
  bool ok() const { return error_.empty(); }
  // The first problem, or an unknown key; OK when the mapping was clean.
  Status Finish();

 private:
  const YAML::Node* Lookup(std::string_view key, bool required);

  struct Impl;
  Impl* impl_;
  std::string where_;
  std::string error_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_YAML_READER_H_
