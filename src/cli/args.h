// Args: a small, strict flag parser shared by every command.
//
// Flags are `--name value`, `--name=value` or boolean `--name`; anything
// else is a positional argument. Unknown flags are errors, so a typo never
// silently changes what a command does.
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
  static Result<Args> Parse(const std::vector<std::string>& args,
                            const std::vector<FlagSpec>& specs);

  bool Has(const std::string& flag) const { return values_.count(flag) > 0; }
  std::optional<std::string> Value(const std::string& flag) const;
  // Parses an integer flag within [min, max]; `fallback` when absent.
  Result<long long> Int(const std::string& flag, long long fallback, long long min,
                        long long max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// Reads a whole file, or standard input when `path` is "-".
Result<std::string> ReadInput(const std::string& path, std::istream& in);

// The content directory: --content DIR, else $BACKCOACH_CONTENT, else the
// source tree's content/.
std::string ContentDir(const Args& args);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_ARGS_H_
