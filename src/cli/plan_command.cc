#include "cli/plan_command.h"

#include <algorithm>
#include <initializer_list>
#include <iostream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "cli/args.h"
#include "cli/content_files.h"
#include "core/adjustment.h"
#include "core/adjustment_json.h"
#include "core/json_text.h"
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
    "  --help          show this help\n"
    "\n"
    "Exit status: 0 planned (or no plan, with the screen's message), 2 invalid input.\n"
    "Reference: docs/plan.md\n";

constexpr const char* kProgressUsage =
    "Usage: backcoach progress [--json] [--content DIR] STATE LOG...\n"
    "\n"
    "Applies session logs to a plan state. STATE is what 'plan --json' or an earlier\n"
    "'progress --json' printed; each LOG is a JSON file with one input or an array of\n"
    "them, in date order ('-' reads standard input, once). An input is a session log, or\n"
    "an object with \"input\": \"check_in\" (date, pain_next_morning), \"adjustment\"\n"
    "(date, exercise_id, action, level, reason, by) or \"clearance\" (date, by, how:\n"
    "clinician or self_report, rules). Prints the new state and the last input's\n"
    "decisions (progress, hold, regress, replace, pause, ...) with reason and rule.\n"
    "\n"
    "Options:\n"
    "  --json          print the new state as JSON\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "  --help          show this help\n"
    "\n"
    "Exit status: 0 done, 2 invalid input, 4 an input the plan refuses (an exercise\n"
    "already in it, no active plan to adjust, no open finding to clear).\n"
    "Reference: docs/progress.md\n";

void Print(Io& io, bool as_json, const PlanState& state, const Content& content) {
  if (as_json) {
    io.out << PlanStateToJson(state, content).dump(2) << "\n";
  } else {
    io.out << PlanStateToText(state, content);
  }
}

Result<Date> DateField(const nlohmann::json& j) {
  if (!j.contains("date") || !j["date"].is_string()) {
    return Status::InvalidArgument("field 'date' must be a date, YYYY-MM-DD");
  }
  auto date = Date::Parse(j["date"].get<std::string>());
  if (!date.ok()) return date.status().WithContext("field 'date'");
  return *date;
}

// Checks that an input names only its own fields.
Status OnlyFields(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const auto& item : j.items()) {
    // A named variable, not a structured binding: clang 14 cannot capture those.
    const std::string& key = item.key();
    if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) ==
        keys.end()) {
      return Status::InvalidArgument("unknown field '" + key + "'");
    }
  }
  return Status::Ok();
}

Status ApplyCheckInInput(PlanState& state, const nlohmann::json& j, const Content& content) {
  if (Status s = OnlyFields(j, {"input", "date", "pain_next_morning"}); !s.ok()) return s;
  auto date = DateField(j);
  if (!date.ok()) return date.status();
  if (!j.contains("pain_next_morning") || !j["pain_next_morning"].is_number_integer()) {
    return Status::InvalidArgument("field 'pain_next_morning' must be a whole number from 0 to 10");
  }
  return ApplyCheckIn(state, *date, j["pain_next_morning"].get<int>(), content);
}

Status ApplyAdjustmentInput(PlanState& state, const nlohmann::json& j, const Content& content) {
  auto a = AdjustmentFromJson(j, content.engine.clinician_dose, {"input", "date", "by"});
  if (!a.ok()) return a.status();
  auto date = DateField(j);
  if (!date.ok()) return date.status();
  auto by = ReadTextField(j, "by", false);
  if (!by.ok()) return by.status();
  a->by = *by;
  auto next = AdjustPlan(state, *a, content, *date);
  if (!next.ok()) return next.status();
  state = std::move(next).value();
  return Status::Ok();
}

Status ApplyClearanceInput(PlanState& state, const nlohmann::json& j, const Content& content) {
  if (Status s = OnlyFields(j, {"input", "date", "by", "how", "rules"}); !s.ok()) return s;
  auto date = DateField(j);
  if (!date.ok()) return date.status();
  Clearance c;
  c.date = *date;
  auto by = ReadTextField(j, "by", true);
  if (!by.ok()) return by.status();
  auto how = ReadTextField(j, "how", true);
  if (!how.ok()) return how.status();
  c.by = *by;
  c.how = *how;
  if (j.contains("rules")) {
    if (!j["rules"].is_array()) return Status::InvalidArgument("field 'rules' must be a list");
    for (const auto& id : j["rules"]) {
      if (!id.is_string()) return Status::InvalidArgument("field 'rules' must list rule ids");
      c.rule_ids.push_back(id.get<std::string>());
    }
  }
  return ApplyClearance(state, c, content);
}

}  // namespace

Status ApplyProgressInput(PlanState& state, const nlohmann::json& input, const Content& content) {
  if (!input.is_object()) return Status::InvalidArgument("each input must be a JSON object");
  if (!input.contains("input")) {
    auto log = SessionLogFromJson(input);
    if (!log.ok()) return log.status();
    return ApplySessionLog(state, *log, content);
  }
  const std::string kind = input["input"].is_string() ? input["input"].get<std::string>() : "";
  if (kind == "session") {
    nlohmann::json log = input;
    log.erase("input");
    return ApplyProgressInput(state, log, content);
  }
  if (kind == "check_in") return ApplyCheckInInput(state, input, content);
  if (kind == "adjustment") return ApplyAdjustmentInput(state, input, content);
  if (kind == "clearance") return ApplyClearanceInput(state, input, content);
  return Status::InvalidArgument(
      "field 'input' must be one of session, check_in, adjustment, clearance");
}

namespace {

Outcome RunPlan(const Args& args, Io& io) {
  auto text = ReadInput(args.positional()[0], io.in);
  if (!text.ok()) return text.status();
  auto request = ParsePlanRequest(*text);
  if (!request.ok()) return request.status();
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  auto state = MakePlan(*request, *content);
  if (!state.ok()) return state.status();
  Print(io, args.Has("json"), *state, *content);
  return Status::Ok();
}

// Applies the inputs of one LOG file, each all or nothing.
Status ApplyLogFile(PlanState& state, const std::string& file, const Content& content, Io& io) {
  auto text = ReadInput(file, io.in);
  if (!text.ok()) return text.status();
  nlohmann::json inputs = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (inputs.is_discarded()) {
    return Status::InvalidArgument("the session log is not valid JSON").WithContext(file);
  }
  if (!inputs.is_array()) inputs = nlohmann::json::array({inputs});
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    // A refused input leaves the state as it was (each apply is all or nothing).
    if (Status s = ApplyProgressInput(state, inputs[k], content); !s.ok()) {
      if (inputs.size() > 1) s = s.WithContext("log " + std::to_string(k + 1));
      return s.WithContext(file);
    }
  }
  return Status::Ok();
}

Outcome RunProgress(const Args& args, Io& io) {
  const auto& files = args.positional();
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  auto state_text = ReadInput(files[0], io.in);
  if (!state_text.ok()) return state_text.status();
  auto state = ParsePlanState(*state_text, *content);
  if (!state.ok()) return state.status().WithContext(files[0]);
  PlanState current = std::move(state).value();
  for (std::size_t i = 1; i < files.size(); ++i) {
    if (Status s = ApplyLogFile(current, files[i], *content, io); !s.ok()) return s;
  }
  Print(io, args.Has("json"), current, *content);
  return Status::Ok();
}

}  // namespace

const Command& PlanCommand() {
  static const Command command{"plan",
                               "build an individual exercise plan from an intake and preferences",
                               kPlanUsage,
                               {{"json"}, {"content", true}},
                               {1, 1, "one request FILE (or '-')"},
                               {},
                               RunPlan};
  return command;
}

const Command& ProgressCommand() {
  static const Command command{
      "progress",
      "apply session logs to a plan: progress, hold, regress, with reasons",
      kProgressUsage,
      {{"json"}, {"content", true}},
      {2, kAnyNumber, "a STATE file and at least one LOG"},
      {},
      RunProgress};
  return command;
}

}  // namespace backcoach::cli
