#include "cli/plan_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/content_files.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "core/progression.h"

namespace backcoach::cli {

namespace {

constexpr const char* kPlanUsage =
    "Usage: backcoach plan [--json] [--content DIR] FILE\n"
    "\n"
    "Builds an individual exercise plan from a plan request (FILE, or '-' for standard\n"
    "input): the intake fields of 'backcoach screen' plus activity_level, minutes_per_day,\n"
    "days_per_week, equipment, likes, and optionally dislikes, goals, fear_of_movement,\n"
    "and start_date. The screen decides what may be planned. Every choice is listed with\n"
    "its reason, rule and source.\n"
    "\n"
    "Options:\n"
    "  --json          print the plan state as JSON (the input of 'backcoach progress')\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "\n"
    "Exit status: 0 planned (or no plan, with the screen's message), 2 invalid input.\n"
    "Reference: docs/plan.md\n";

constexpr const char* kProgressUsage =
    "Usage: backcoach progress [--json] [--content DIR] STATE LOG...\n"
    "\n"
    "Applies session logs to a plan state. STATE is what 'plan --json' or an earlier\n"
    "'progress --json' printed; each LOG is a JSON file with one session log or an array\n"
    "of them, in date order ('-' reads standard input, once). Prints the new state and,\n"
    "for the last session, a decision per exercise (progress, hold, regress, replace,\n"
    "pause) with its reason and rule.\n"
    "\n"
    "Options:\n"
    "  --json          print the new state as JSON\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "\n"
    "Exit status: 0 done, 2 invalid input.\n"
    "Reference: docs/progress.md\n";

int Fail(Io& io, const char* command, const Status& status) {
  io.err << "backcoach " << command << ": " << status.message() << "\n";
  return kExitUsage;
}

void Print(Io& io, bool as_json, const PlanState& state, const Content& content) {
  if (as_json) {
    io.out << PlanStateToJson(state, content).dump(2) << "\n";
  } else {
    io.out << PlanStateToText(state, content);
  }
}

}  // namespace

int RunPlanCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"json"}, {"help"}, {"content", true}});
  if (!parsed.ok()) return Fail(io, "plan", parsed.status());
  if (parsed->Has("help")) {
    io.out << kPlanUsage;
    return kExitOk;
  }
  if (parsed->positional().size() != 1) {
    return Fail(io, "plan", Status::InvalidArgument("expected one request FILE (or '-')"));
  }
  auto text = ReadInput(parsed->positional()[0], io.in);
  if (!text.ok()) return Fail(io, "plan", text.status());
  auto request = ParsePlanRequest(*text);
  if (!request.ok()) return Fail(io, "plan", request.status());
  auto content = LoadContentDir(ContentDir(*parsed));
  if (!content.ok()) return Fail(io, "plan", content.status());
  auto state = MakePlan(*request, *content);
  if (!state.ok()) return Fail(io, "plan", state.status());
  Print(io, parsed->Has("json"), *state, *content);
  return kExitOk;
}

int RunProgressCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"json"}, {"help"}, {"content", true}});
  if (!parsed.ok()) return Fail(io, "progress", parsed.status());
  if (parsed->Has("help")) {
    io.out << kProgressUsage;
    return kExitOk;
  }
  const auto& files = parsed->positional();
  if (files.size() < 2) {
    return Fail(io, "progress",
                Status::InvalidArgument("expected a STATE file and at least one LOG"));
  }
  auto content = LoadContentDir(ContentDir(*parsed));
  if (!content.ok()) return Fail(io, "progress", content.status());
  auto state_text = ReadInput(files[0], io.in);
  if (!state_text.ok()) return Fail(io, "progress", state_text.status());
  auto state = ParsePlanState(*state_text, *content);
  if (!state.ok()) return Fail(io, "progress", state.status().WithContext(files[0]));
  PlanState current = std::move(state).value();
  for (std::size_t i = 1; i < files.size(); ++i) {
    auto text = ReadInput(files[i], io.in);
    if (!text.ok()) return Fail(io, "progress", text.status());
    auto logs = ParseSessionLogs(*text);
    if (!logs.ok()) return Fail(io, "progress", logs.status().WithContext(files[i]));
    for (const auto& log : *logs) {
      auto next = Progress(current, log, *content);
      if (!next.ok()) return Fail(io, "progress", next.status().WithContext(files[i]));
      current = std::move(next).value();
    }
  }
  Print(io, parsed->Has("json"), current, *content);
  return kExitOk;
}

}  // namespace backcoach::cli
