#include "core/words.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/plan_json.h"
#include "core/progression.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::MariaRequest;
using testing::ShippedContent;
using testing::TomRequest;

TEST(WordsTest, WithoutWordsNestsAndRestores) {
  EXPECT_TRUE(WordsWanted());
  {
    const WithoutWords outer;
    EXPECT_FALSE(WordsWanted());
    {
      const WithoutWords inner;
      EXPECT_FALSE(WordsWanted());
    }
    EXPECT_FALSE(WordsWanted());
  }
  EXPECT_TRUE(WordsWanted());
}

// The state as JSON with the words a run without them leaves out blanked.
nlohmann::json WithoutTheWords(const PlanState& s) {
  nlohmann::json j = PlanStateToJson(s, ShippedContent());
  for (auto& d : j["decisions"]) {
    d["reason"] = "";
    d["source"] = "";
  }
  j["rationale"] = nlohmann::json::array();
  for (auto& w : j["progression_schedule"]) w["focus"] = "";
  return j;
}

// A week of sessions: green, then red pain, sharp pain, a sore morning, and
// a check-in, so that steps up, steps down (to the gentlest), replacements
// and flare-ups are decided.
std::vector<SessionLog> Week(const PlanState& plan) {
  std::vector<SessionLog> logs;
  const int pains[] = {1, 1, 8, 9, 2, 9, 9};
  for (int d = 0; d < 7; ++d) {
    SessionLog log;
    log.date = plan.request.start_date.Plus(d);
    for (const auto& p : plan.exercises) {
      ExerciseLog e;
      e.id = p.id;
      e.pain_during = pains[d];
      e.sharp_pain = d == 4 && log.exercises.size() % 2 == 0;
      log.exercises.push_back(e);
    }
    if (d != 1) log.pain_next_morning = d == 5 ? 9 : 1;
    log.effort = 5;
    logs.push_back(log);
  }
  return logs;
}

std::vector<nlohmann::json> Journey(const PlanRequest& request) {
  std::vector<nlohmann::json> states;
  auto plan = MakePlan(request, ShippedContent());
  EXPECT_TRUE(plan.ok());
  PlanState s = *plan;
  states.push_back(WithoutTheWords(s));
  for (const auto& log : Week(s)) {
    EXPECT_TRUE(ApplySessionLog(s, log, ShippedContent()).ok());
    states.push_back(WithoutTheWords(s));
    if (!log.pain_next_morning) {
      EXPECT_TRUE(ApplyCheckIn(s, log.date, 2, ShippedContent()).ok());
      states.push_back(WithoutTheWords(s));
    }
  }
  return states;
}

TEST(WordsTest, APlanAndItsStepsWithoutWordsDifferOnlyInTheWords) {
  for (const PlanRequest& request : {MariaRequest(), TomRequest()}) {
    const std::vector<nlohmann::json> with = Journey(request);
    std::vector<nlohmann::json> without;
    {
      const WithoutWords off;
      without = Journey(request);
    }
    ASSERT_EQ(with.size(), without.size());
    for (std::size_t i = 0; i < with.size(); ++i) {
      EXPECT_EQ(with[i].dump(), without[i].dump()) << "state " << i;
    }
  }
}

TEST(WordsTest, WithoutWordsTheDecisionsSayNothingButAtTheGentlest) {
  auto plan = MakePlan(MariaRequest(), ShippedContent());
  ASSERT_TRUE(plan.ok());
  PlanState s = *plan;
  const WithoutWords off;
  for (const auto& log : Week(s)) {
    ASSERT_TRUE(ApplySessionLog(s, log, ShippedContent()).ok());
    ASSERT_FALSE(s.decisions.empty());
    for (const auto& d : s.decisions) {
      EXPECT_FALSE(d.subject.empty());
      EXPECT_FALSE(d.decision.empty());
      EXPECT_FALSE(d.rule.empty());
      const bool gentlest = d.reason.find("gentlest") != std::string::npos;
      EXPECT_TRUE(d.source.empty() || gentlest);
      EXPECT_TRUE(d.reason.empty() || (d.decision == "hold" && gentlest)) << d.reason;
    }
  }
  auto again = MakePlan(MariaRequest(), ShippedContent());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->rationale.empty());
}

}  // namespace
}  // namespace backcoach
