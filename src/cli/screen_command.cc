#include "cli/screen_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/content_files.h"
#include "core/screening.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach screen [--json] [--content DIR] FILE\n"
    "\n"
    "Checks an intake (a JSON object; FILE '-' reads standard input) for red flags and\n"
    "prints the triage: whether the person may start the programme, and if not, whom to\n"
    "see and how soon. Every rule that fires is listed with its source.\n"
    "\n"
    "Options:\n"
    "  --json          print the result as JSON\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "  --help          show this help\n"
    "\n"
    "Exit status: 0 screened, 2 invalid input (one line on stderr).\n"
    "Fields and examples: docs/screen.md\n";

Outcome RunScreen(const Args& args, Io& io) {
  auto text = ReadInput(args.positional()[0], io.in);
  if (!text.ok()) return text.status();
  auto intake = ParseIntake(*text);
  if (!intake.ok()) return intake.status();
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();

  const ScreenResult result = Screen(*intake, content->screening);
  if (args.Has("json")) {
    io.out << ScreenResultToJson(result, content->screening).dump(2) << "\n";
  } else {
    io.out << ScreenResultToText(result, content->screening);
  }
  return Status::Ok();
}

}  // namespace

const Command& ScreenCommand() {
  static const Command command{"screen",
                               "check an intake for red flags and print the triage",
                               kUsage,
                               {{"json"}, {"content", true}},
                               {1, 1, "one intake FILE (or '-' for stdin)"},
                               {},
                               RunScreen};
  return command;
}

}  // namespace backcoach::cli
