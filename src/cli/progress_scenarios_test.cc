// The progression scenarios of tests/scenarios: each file is a plan request
// and then steps of inputs to `backcoach progress` (session logs, next-
// morning check-ins, clinicians' adjustments, clearances), each with the
// decisions and rule ids expected after it. One test per file.
//
// A step:
//   {"input": {...},           // one input of `backcoach progress`
//    "days": 7,                // optional: repeat the input over 7 days,
//                              // moving its date by one each day
//    "scheduled_only": true,   // with days: only the schedule's session days
//    "expect": {...},          // checked after the (last) input
//    "expect_each": {...},     // checked after every input of the step
//    "expect_any": [...],      // decision patterns, each matched by some input
//    "applied": 21,            // optional: how many inputs the step applied
//    "error": "..."}           // optional: the input is refused with this message
// In a session input, "exercises": "scheduled" logs the day's scheduled
// exercises (all of the plan's when the day has none), each with
// "pain_during" (default 0) and the fields of "each"; "override" maps an
// exercise id to fields that replace them for it.
// Expectations: status, triage, presentation, open_findings (rule ids),
// decisions (patterns that must each match a decision), none (patterns
// that must match no decision), exercises (id with level, minutes, reps,
// or "absent": true), category_absent, intervals_scheduled, and
// max_day_minutes / max_sessions_per_week over the coming week.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/content_files.h"
#include "cli/plan_command.h"
#include "core/plan_request.h"
#include "core/schedule.h"
#include "testing/test_content.h"

namespace backcoach::cli {
namespace {

using nlohmann::json;

std::string ScenarioDir() { return std::string(BACKCOACH_SOURCE_DIR) + "/tests/scenarios"; }

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(ScenarioDir())) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// The input with its scheduled exercises filled in for `date`.
json Expand(json input, const PlanState& s, Date date) {
  if (!input.contains("exercises") || !input["exercises"].is_string()) return input;
  std::vector<std::string> ids;
  for (const auto& day : s.schedule) {
    if (day.date == date) ids = day.exercises;
  }
  if (ids.empty()) {
    for (const auto& p : s.exercises) {
      if (!p.paused) ids.push_back(p.id);
    }
  }
  const json each = input.value("each", json::object());
  const json overrides = input.value("override", json::object());
  const int pain = input.value("pain_during", 0);
  json exercises = json::array();
  for (const auto& id : ids) {
    if (s.Find(id) == nullptr) continue;  // e.g. the flare-up walk, not a prescription
    json e = {{"id", id}, {"pain_during", pain}};
    for (const auto& [k, v] : each.items()) e[k] = v;
    if (overrides.contains(id)) {
      for (const auto& [k, v] : overrides[id].items()) e[k] = v;
    }
    exercises.push_back(e);
  }
  input["exercises"] = exercises;
  input.erase("each");
  input.erase("override");
  input.erase("pain_during");
  return input;
}

bool Matches(const Reason& r, const json& pattern) {
  for (const auto& [key, value] : pattern.items()) {
    const std::string want = value.get<std::string>();
    const std::string& have = key == "subject"    ? r.subject
                              : key == "decision" ? r.decision
                              : key == "rule"     ? r.rule
                                                  : r.reason;
    if (key == "reason_contains" ? have.find(want) == std::string::npos : have != want) {
      return false;
    }
  }
  return true;
}

std::string Decisions(const PlanState& s) {
  std::string out;
  for (const auto& d : s.decisions) {
    out += "\n  " + d.subject + " " + d.decision + " [" + d.rule + "] " + d.reason;
  }
  return out;
}

void Check(const PlanState& s, const json& expect, const Content& content, const std::string& at) {
  SCOPED_TRACE(at);
  if (expect.contains("status")) {
    EXPECT_EQ(PlanStatusName(s.status), expect["status"]);
  }
  if (expect.contains("triage")) {
    EXPECT_EQ(TierName(s.triage), expect["triage"]);
  }
  if (expect.contains("presentation")) {
    EXPECT_EQ(PresentationName(s.presentation), expect["presentation"]);
  }
  if (expect.contains("open_findings")) {
    std::vector<std::string> open;
    for (const auto& f : s.open_findings) open.push_back(f.rule_id);
    EXPECT_EQ(open, expect["open_findings"].get<std::vector<std::string>>());
  }
  for (const auto& pattern : expect.value("decisions", json::array())) {
    EXPECT_TRUE(std::any_of(s.decisions.begin(), s.decisions.end(),
                            [&](const Reason& r) { return Matches(r, pattern); }))
        << "no decision matches " << pattern.dump() << "; decisions:" << Decisions(s);
  }
  for (const auto& pattern : expect.value("none", json::array())) {
    EXPECT_FALSE(std::any_of(s.decisions.begin(), s.decisions.end(),
                             [&](const Reason& r) { return Matches(r, pattern); }))
        << "a decision matches " << pattern.dump() << "; decisions:" << Decisions(s);
  }
  for (const auto& want : expect.value("exercises", json::array())) {
    const std::string id = want["id"];
    const Prescription* p = s.Find(id);
    if (want.value("absent", false)) {
      EXPECT_TRUE(p == nullptr || p->paused) << id << " is still in the plan";
      continue;
    }
    ASSERT_NE(p, nullptr) << id << " is not in the plan";
    if (want.contains("level")) {
      EXPECT_EQ(p->level, want["level"].get<int>()) << id;
    }
    if (want.contains("minutes")) {
      EXPECT_EQ(p->dose.minutes, want["minutes"].get<int>()) << id;
    }
    if (want.contains("minutes_at_most")) {
      EXPECT_LE(p->dose.minutes, want["minutes_at_most"].get<int>()) << id;
    }
    if (want.contains("reps")) {
      EXPECT_EQ(p->dose.reps, want["reps"].get<int>()) << id;
    }
    if (want.contains("hold_seconds")) {
      EXPECT_EQ(p->dose.hold_seconds, want["hold_seconds"].get<int>()) << id;
    }
  }
  if (expect.contains("category_absent")) {
    const std::string name = expect["category_absent"];
    for (const auto& p : s.exercises) EXPECT_NE(CategoryName(p.category), name) << p.id;
  }
  if (expect.contains("intervals_scheduled")) {
    bool scheduled = false;
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) {
        const Prescription* p = s.Find(id);
        scheduled = scheduled || (p != nullptr && p->category == Category::kIntervals);
      }
    }
    EXPECT_EQ(scheduled, expect["intervals_scheduled"].get<bool>());
  }
  if (expect.contains("max_day_minutes")) {
    for (const auto& day : s.schedule) {
      EXPECT_LE(day.minutes, expect["max_day_minutes"].get<int>()) << day.date.ToString();
    }
  }
  if (expect.contains("max_sessions_per_week")) {
    int sessions = 0;
    for (const auto& day : s.schedule) sessions += day.kind == "session" ? 1 : 0;
    EXPECT_LE(sessions, expect["max_sessions_per_week"].get<int>());
  }
  (void)content;
}

class ProgressScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ProgressScenario, Holds) {
  const Content& content = testing::ShippedContent();
  const json scenario = ReadJson(ScenarioDir() + "/" + GetParam() + ".json");
  auto request = ParsePlanRequest(scenario.at("request").dump());
  ASSERT_TRUE(request.ok()) << request.status().message();
  auto plan = MakePlan(*request, content);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  PlanState state = std::move(plan).value();
  if (scenario.contains("expect_plan")) Check(state, scenario["expect_plan"], content, "the plan");
  int n = 0;
  for (const auto& step : scenario.at("steps")) {
    ++n;
    const json input = step.at("input");
    const int days = step.value("days", 1);
    int applied_count = 0;
    std::vector<Reason> seen;  // every decision of the step, for expect_any
    auto date = Date::Parse(input.at("date").get<std::string>());
    ASSERT_TRUE(date.ok()) << "step " << n;
    for (int d = 0; d < days; ++d) {
      const Date today = date->Plus(d);
      if (step.value("scheduled_only", false)) {
        bool session = false;
        for (const auto& day : state.schedule) {
          session = session || (day.date == today && day.kind != "rest");
        }
        if (!session) continue;
      }
      json one = Expand(input, state, today);
      one["date"] = today.ToString();
      const Status applied = ApplyProgressInput(state, one, content);
      if (step.contains("error")) {
        EXPECT_EQ(applied.message(), step["error"].get<std::string>()) << "step " << n;
        continue;
      }
      ASSERT_TRUE(applied.ok()) << "step " << n << " (" << today.ToString()
                                << "): " << applied.message();
      ++applied_count;
      seen.insert(seen.end(), state.decisions.begin(), state.decisions.end());
      if (step.contains("expect_each")) {
        Check(state, step["expect_each"], content,
              "step " + std::to_string(n) + " on " + today.ToString());
      }
    }
    for (const auto& pattern : step.value("expect_any", json::array())) {
      EXPECT_TRUE(std::any_of(seen.begin(), seen.end(),
                              [&](const Reason& r) { return Matches(r, pattern); }))
          << "step " << n << ": no decision of any of its inputs matches " << pattern.dump();
    }
    if (step.contains("applied")) {
      EXPECT_EQ(applied_count, step["applied"].get<int>()) << "inputs applied in step " << n;
    }
    if (step.contains("expect")) {
      Check(state, step["expect"], content, "step " + std::to_string(n));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ProgressScenario, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace backcoach::cli

namespace backcoach::cli {
namespace {

// engine.yaml with one line replaced, loaded with the rest of the shipped
// content.
Status LoadWithEngineLine(const std::string& from, const std::string& to) {
  auto files = ReadContentFiles(std::string(BACKCOACH_SOURCE_DIR) + "/content");
  if (!files.ok()) return files.status();
  std::vector<ContentFile> list = *files;
  for (auto& f : list) {
    if (f.path != "engine.yaml") continue;
    const auto at = f.text.find(from);
    if (at == std::string::npos) return Status::NotFound("no line '" + from + "'");
    f.text.replace(at, from.size(), to);
  }
  auto content = LoadContent(list);
  return content.ok() ? Status::Ok() : content.status();
}

TEST(EngineContentTest, TheWalkMustBeAnAerobicExerciseOfTheCatalogue) {
  EXPECT_EQ(LoadWithEngineLine("walking_exercise: walking", "walking_exercise: jogging").message(),
            "engine.yaml: progression: field 'walking_exercise': there is no aerobic exercise "
            "'jogging' in the catalogue");
  EXPECT_EQ(
      LoadWithEngineLine("walking_exercise: walking", "walking_exercise: glute_bridge").message(),
      "engine.yaml: progression: field 'walking_exercise': there is no aerobic exercise "
      "'glute_bridge' in the catalogue");
}

TEST(EngineContentTest, IntervalsNeverWhilePainIsHigh) {
  const Status s = LoadWithEngineLine("intervals_max_pain: 3", "intervals_max_pain: 5");
  EXPECT_NE(s.message().find("intervals_max_pain"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("must be at most green_max"), std::string::npos) << s.message();
}

TEST(EngineContentTest, TheRedRepeatRuleIsGone) {
  // Red pain steps down the first time: a content file that still asks for
  // two red sessions is refused as an unknown field.
  const Status s =
      LoadWithEngineLine("  reps_step: 2", "  red_sessions_to_regress: 2\n  reps_step: 2");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("red_sessions_to_regress"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace backcoach::cli
