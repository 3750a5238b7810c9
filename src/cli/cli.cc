#include "cli/cli.h"

#include <exception>
#include <iostream>

namespace backcoach::cli {

namespace {

void PrintHelp(std::ostream& out) {
  out << "backcoach: safe, graded exercise for low back pain, with the clinicians who care for "
         "you.\n\nUsage: backcoach COMMAND [options]\n\nCommands:\n";
  for (const auto& c : Commands()) {
    std::string name = c.name;
    name.resize(20, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\nRun 'backcoach COMMAND --help' for a command's options. Documentation: docs/.\n"
         "backcoach supports clinical care; it does not replace a clinician.\n";
}

// A command's words: "content check" takes two, the rest one.
const Command* Match(const std::vector<std::string>& args, std::size_t& words) {
  for (const auto& c : Commands()) {
    const std::string name = c.name;
    const auto space = name.find(' ');
    if (space == std::string::npos) {
      if (!args.empty() && args[0] == name) {
        words = 1;
        return &c;
      }
    } else if (args.size() >= 2 && args[0] == name.substr(0, space) &&
               args[1] == name.substr(space + 1)) {
      words = 2;
      return &c;
    }
  }
  return nullptr;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintHelp(io.out);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    io.out << "backcoach 0.1.0\n";
    return kExitOk;
  }
  std::size_t words = 0;
  const Command* command = Match(args, words);
  if (command == nullptr) {
    io.err << "backcoach: unknown command '" << args[0] << "' (try 'backcoach --help')\n";
    return kExitUsage;
  }
  try {
    return command->run(std::vector<std::string>(args.begin() + words, args.end()), io);
  } catch (const std::exception& e) {
    io.err << "backcoach " << command->name << ": internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace backcoach::cli
