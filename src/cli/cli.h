// The command-line front end: one table of subcommands over the libraries.
//
// Each command is a Command: its name, the text of its --help, the flags and
// arguments it takes, and a function that runs it on the parsed Args and
// returns an Outcome (a Status, or a failed check). RunCommand does the rest
// for every command alike: it parses the flags (unknown ones are bad
// input), prints the usage for --help, refuses missing or stray arguments
// and missing required flags, runs the command, catches what a library
// might throw, and turns the outcome into an exit code and at most one line
// on stderr (exit_code.h has the codes).
//
// Thread-safety: RunCli and RunCommand are called from main's thread, once
// per process (and from tests); a command may start threads of its own but
// has joined them all when it returns. The table is built once, on first
// use, and is read-only after.
#ifndef BACKCOACH_CLI_CLI_H_
#define BACKCOACH_CLI_CLI_H_

#include <cstddef>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/exit_code.h"

namespace backcoach::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;  // progress bars only on a terminal
  bool err_is_terminal = false;
};

// For Arguments::max: no upper bound.
constexpr std::size_t kAnyNumber = std::numeric_limits<std::size_t>::max();

// The positional arguments a command takes: from `min` to `max`, and what
// they are called when the count is wrong ("one intake FILE (or '-' for
// stdin)"); a command that takes none needs no name for them.
struct Arguments {
  std::size_t min = 0;
  std::size_t max = 0;
  const char* what = "";
};

// Runs a command whose flags and arguments have been checked. Writes its
// results to io.out; returns the failure for RunCommand to report, without
// printing it.
using CommandFn = Outcome (*)(const Args& args, Io& io);

struct Command {
  const char* name;             // "screen", or "content check" for a two-word command
  const char* summary;          // one line for `backcoach --help`
  const char* usage;            // the whole text of `backcoach NAME --help`
  std::vector<FlagSpec> flags;  // --help is accepted besides these
  Arguments arguments;
  // Flags that must be given a value, each with the name of its value:
  // "patient ID" makes "--patient ID is required (try --help)".
  std::vector<std::string> required;
  CommandFn run;
};

// The table of every command, in the order `backcoach --help` lists them.
const std::vector<const Command*>& Commands();

// Checks `args` against what `command` takes. InvalidArgument "unexpected
// argument 'X' (try --help)", "expected WHAT (try --help)" or "--FLAG VALUE
// is required (try --help)"; Ok otherwise.
Status CheckArguments(const Command& command, const Args& args);

// Parses `args` (the words after the command's name) for `command` and runs
// it, as the top of this file says. Returns the exit code.
int RunCommand(const Command& command, const std::vector<std::string>& args, Io& io);

// Dispatches argv (without the program name) to a command; with none, or
// with --help, prints the list of commands. Returns the exit code: 2 for no
// command or an unknown one.
int RunCli(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CLI_H_
