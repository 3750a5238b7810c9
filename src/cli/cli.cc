#include "cli/cli.h"

#include <exception>
#include <iostream>

namespace backcoach::cli {

namespace {

void PrintHelp(std::ostream& out) {
  out << "backcoach: safe, graded exercise for low back pain, with the clinicians who care for "
         "you.\n\nUsage: backcoach COMMAND [options]\n\nCommands:\n";
  for (const Command* c : Commands()) {
    std::string name = c->name;
    name.resize(20, ' ');
    out << "  " << name << c->summary << "\n";
  }
  out << "\nRun 'backcoach COMMAND --help' for a command's options. Documentation: docs/.\n"
         "Exit status: 0 done, 1 a check failed, 2 bad input, 3 unavailable, 4 refused,\n"
         "5 internal error (README.md).\n"
         "backcoach supports clinical care; it does not replace a clinician.\n";
}

// A command's words: "content check" takes two, the rest one.
const Command* Match(const std::vector<std::string>& args, std::size_t& words) {
  for (const Command* c : Commands()) {
    const std::string name = c->name;
    const auto space = name.find(' ');
    if (space == std::string::npos) {
      if (!args.empty() && args[0] == name) {
        words = 1;
        return c;
      }
    } else if (args.size() >= 2 && args[0] == name.substr(0, space) &&
               args[1] == name.substr(space + 1)) {
      words = 2;
      return c;
    }
  }
  return nullptr;
}

// The flag name of a `required` entry: "patient" of "patient ID".
std::string FlagOf(const std::string& required) { return required.substr(0, required.find(' ')); }

}  // namespace

Status CheckArguments(const Command& command, const Args& args) {
  const auto& given = args.positional();
  const Arguments& wanted = command.arguments;
  if (wanted.max == 0 && !given.empty()) {
    return Status::InvalidArgument("unexpected argument '" + given[0] + "' (try --help)");
  }
  if (given.size() < wanted.min || given.size() > wanted.max) {
    return Status::InvalidArgument(std::string("expected ") + wanted.what + " (try --help)");
  }
  for (const std::string& required : command.required) {
    if (args.Value(FlagOf(required)).value_or("").empty()) {
      return Status::InvalidArgument("--" + required + " is required (try --help)");
    }
  }
  return Status::Ok();
}

int RunCommand(const Command& command, const std::vector<std::string>& args, Io& io) {
  const std::string who = std::string("backcoach ") + command.name;
  std::vector<FlagSpec> flags = command.flags;
  flags.push_back({"help"});
  auto parsed = Args::Parse(args, flags);
  if (!parsed.ok()) return Finish(io.err, who, parsed.status());
  if (parsed->Has("help")) {
    io.out << command.usage;
    return Finish(io.err, who, Status::Ok());
  }
  if (Status s = CheckArguments(command, *parsed); !s.ok()) return Finish(io.err, who, s);
  try {
    return Finish(io.err, who, command.run(*parsed, io));
  } catch (const std::exception& e) {
    return Finish(io.err, who, Status::Internal(std::string("internal error: ") + e.what()));
  }
}

int RunCli(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintHelp(io.out);
    return static_cast<int>(args.empty() ? ExitCode::kBadInput : ExitCode::kOk);
  }
  if (args[0] == "--version") {
    io.out << "backcoach 0.1.0\n";
    return static_cast<int>(ExitCode::kOk);
  }
  std::size_t words = 0;
  const Command* command = Match(args, words);
  if (command == nullptr) {
    return Finish(
        io.err, "backcoach",
        Status::InvalidArgument("unknown command '" + args[0] + "' (try 'backcoach --help')"));
  }
  return RunCommand(*command, std::vector<std::string>(args.begin() + words, args.end()), io);
}

}  // namespace backcoach::cli
