// The command-line front end: a table of subcommands over the core.
//
// Each command parses its own flags, calls the core, prints the result and
// returns an exit code: 0 done, 1 the work ran but found a problem (e.g. a
// broken safety property), 2 the input or the flags were wrong (one clear
// line on stderr). Commands never throw; RunCli catches what a library might.
#ifndef BACKCOACH_CLI_CLI_H_
#define BACKCOACH_CLI_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace backcoach::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;  // progress bars only on a terminal
  bool err_is_terminal = false;
};

using CommandFn = int (*)(const std::vector<std::string>& args, Io& io);

struct Command {
  const char* name;     // "screen", or "content check" for a two-word command
  const char* summary;  // one line for `backcoach --help`
  CommandFn run;
};

// The table of every command, in the order `--help` lists them.
const std::vector<Command>& Commands();

// Dispatches argv (without the program name) to a command.
int RunCli(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CLI_H_
