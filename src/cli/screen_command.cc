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

int Fail(Io& io, const Status& status) {
  io.err << "backcoach screen: " << status.message() << "\n";
  return kExitUsage;
}

}  // namespace

int RunScreenCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"json"}, {"help"}, {"content", true}});
  if (!parsed.ok()) return Fail(io, parsed.status());
  if (parsed->Has("help")) {
    io.out << kUsage;
    return kExitOk;
  }
  if (parsed->positional().size() != 1) {
    return Fail(io, Status::InvalidArgument("expected one intake FILE (or '-' for stdin)"));
  }
  auto text = ReadInput(parsed->positional()[0], io.in);
  if (!text.ok()) return Fail(io, text.status());
  auto intake = ParseIntake(*text);
  if (!intake.ok()) return Fail(io, intake.status());
  auto content = LoadContentDir(ContentDir(*parsed));
  if (!content.ok()) return Fail(io, content.status());

  const ScreenResult result = Screen(*intake, content->screening);
  if (parsed->Has("json")) {
    io.out << ScreenResultToJson(result, content->screening).dump(2) << "\n";
  } else {
    io.out << ScreenResultToText(result, content->screening);
  }
  return kExitOk;
}

}  // namespace backcoach::cli
