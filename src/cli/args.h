// Args: a small, strict flag parser shared by every command.
//
// Flags are `--name value`, `--name=value` or boolean `--name`; anything
// else (a lone '-' included) is a positional argument. Unknown flags are
// errors, so a typo never silently changes what a command does.
//
// Thread-safety: an Args is a value, read-only once parsed; ReadInput and
// ContentDir keep no state (ReadInput reads `in` when asked to).
#ifndef BACKCOACH_CLI_ARGS_H_
#define BACKCOACH_CLI_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace backcoach::cli {

struct FlagSpec {
  std::string name;  // without the dashes
  bool takes_value = false;
};

class Args {
 public:
  // Parses `args` against `specs`. InvalidArgument "unknown option --X",
  // "option --X takes no value" or "option --X needs a value".
  static Result<Args> Parse(const std::vector<std::string>& args,
                            const std::vector<FlagSpec>& specs);

  bool Has(const std::string& flag) const { return values_.count(flag) > 0; }
  // The flag's value ("" for a boolean flag given); nullopt when absent.
  std::optional<std::string> Value(const std::string& flag) const;
  // Parses an integer flag within [min, max]; `fallback` when absent.
  // InvalidArgument "option --X must be a whole number from MIN to MAX, got
  // 'V'" for anything else.
  Result<long long> Int(const std::string& flag, long long fallback, long long min,
                        long long max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// Reads a whole file, or standard input when `path` is "-". NotFound
// "cannot read PATH" when the file cannot be opened.
Result<std::string> ReadInput(const std::string& path, std::istream& in);

// The content directory: --content DIR, else $BACKCOACH_CONTENT, else the
// source tree's content/. Never fails; loading it says whether it is there.
std::string ContentDir(const Args& args);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_ARGS_H_
