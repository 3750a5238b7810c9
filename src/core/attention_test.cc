// The clinician's list: what each state adds, with its reason, and the
// safety property the weights are validated for, that a red flag is never
// listed below someone without one, over many random states.
#include "core/attention.h"

#include <gtest/gtest.h>

#include <random>

#include "testing/test_content.h"

namespace backcoach {
namespace {

const Date kToday = Date::FromCivil(2026, 11, 23);

const Content& Shipped() { return testing::ShippedContent(); }
const ListRules& List() { return Shipped().alerts.list(); }

Attention Of(const PlanState& state) {
  return AttentionOf(state, kToday, List(), Shipped().screening);
}

PlanState Active() {
  PlanState state;
  state.status = PlanStatus::kActive;
  state.triage = Tier::kSelfCare;
  state.request.start_date = kToday;
  return state;
}

DayRecord Day(int days_ago, double pain, bool red = false) {
  DayRecord day;
  day.date = kToday.Plus(-days_ago);
  day.average_pain = pain;
  day.red = red;
  return day;
}

// The screening rule of the shipped content that stops the programme with
// the highest tier, for a red-flag state.
const ScreeningRule& SomeRedFlag() {
  for (const auto& rule : Shipped().screening.rules()) {
    if (rule.tier >= Tier::kWithinDays) return rule;
  }
  ADD_FAILURE() << "no red flag in the shipped screening rules";
  std::abort();
}

TEST(AttentionTest, ACalmActivePlanNeedsNoAttention) {
  PlanState state = Active();
  for (int i = 13; i >= 0; --i) state.recent_days.push_back(Day(i, 2));
  const Attention a = Of(state);
  EXPECT_EQ(a.score, 0);
  EXPECT_TRUE(a.reasons.empty());
}

TEST(AttentionTest, ARedFlagIsNamedAndUrgent) {
  const ScreeningRule& flag = SomeRedFlag();
  PlanState state = Active();
  state.status = PlanStatus::kStopped;
  state.triage = flag.tier;
  state.flags = {flag.id};
  const Attention a = Of(state);
  EXPECT_EQ(a.score, List().red_flag.attention);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0], "red flag " + flag.id + ": " + flag.title);
  EXPECT_TRUE(IsUrgent(a.score, List()));
}

TEST(AttentionTest, ARedFlagWithARecentSessionComesBeforeAnOlderOne) {
  PlanState state = Active();
  state.status = PlanStatus::kStopped;
  state.triage = Tier::kSameDay;
  state.last_log = kToday.Plus(-(List().recent_red_flag.days - 1));
  const int recent = Of(state).score;
  state.last_log = kToday.Plus(-List().recent_red_flag.days);
  const int older = Of(state).score;
  EXPECT_EQ(recent - older, List().recent_red_flag.attention);
}

TEST(AttentionTest, AFlareUpAddsItsWeightWithItsFirstDay) {
  PlanState state = Active();
  state.status = PlanStatus::kFlareUp;
  state.flare_since = kToday.Plus(-2);
  const Attention a = Of(state);
  EXPECT_EQ(a.score, List().flare_up.attention);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0], "flare-up since " + kToday.Plus(-2).ToString());
}

TEST(AttentionTest, PainfulSessionsCountOnlyWithinTheirDaysAndOnceADay) {
  const int days = List().painful_session.days;
  PlanState state = Active();
  state.recent_days = {Day(days, 6, true), Day(days - 1, 6, true), Day(days - 1, 6, true),
                       Day(0, 6, true), Day(-1, 6, true)};
  const Attention a = Of(state);
  // The day just outside the window and the day in the future do not count;
  // the day logged twice counts once.
  EXPECT_EQ(a.score, 2 * List().painful_session.attention);
  EXPECT_EQ(a.reasons.size(), 2u);
}

TEST(AttentionTest, PainWorseCountsFromItsPointsAndNotBelow) {
  const int points = List().pain_worse.points;
  for (const double rise : {points - 0.1, static_cast<double>(points)}) {
    PlanState state = Active();
    for (int i = 13; i >= 7; --i) state.recent_days.push_back(Day(i, 2));
    for (int i = 6; i >= 0; --i) state.recent_days.push_back(Day(i, 2 + rise));
    const Attention a = Of(state);
    EXPECT_EQ(a.score, rise >= points ? List().pain_worse.attention : 0) << rise;
  }
}

TEST(AttentionTest, EachConcernRuleCountsOnceAndGoodNewsNotAtAll) {
  std::vector<OpenAlert> open;
  int concerns = 0, expected = 0;
  for (const auto& rule : Shipped().alerts.rules()) {
    // Two alerts of each rule, as two periods of it left open would give.
    open.push_back({&rule, true, rule.id + " this week"});
    open.push_back({&rule, false, rule.id + " last week"});
    if (rule.kind == AlertKind::kConcern) {
      concerns += 2;
      expected += rule.attention;
    }
  }
  Attention a;
  AddOpenAlerts(open, a);
  EXPECT_EQ(a.score, expected);
  ASSERT_EQ(static_cast<int>(a.reasons.size()), concerns);
  EXPECT_EQ(a.reasons[0].rfind("new alert: ", 0), 0u);
  EXPECT_EQ(a.reasons[1].rfind("open alert: ", 0), 0u);
}

// A random plan state: any status and triage, flags, up to three weeks of
// days with any pain, red or not, a flare-up and a last log at any time.
PlanState RandomState(std::mt19937& rng) {
  std::uniform_int_distribution<int> status(0, 4), tier(0, 4), count(0, 30), age(-3, 25);
  std::uniform_real_distribution<double> pain(0, 10);
  PlanState state;
  state.status = static_cast<PlanStatus>(status(rng));
  state.triage = static_cast<Tier>(tier(rng));
  for (const auto& rule : Shipped().screening.rules()) {
    if (rng() % 8 == 0) state.flags.push_back(rule.id);
  }
  const int n = count(rng);
  for (int i = 0; i < n; ++i) state.recent_days.push_back(Day(age(rng), pain(rng), rng() % 2));
  if (rng() % 2) state.flare_since = kToday.Plus(-age(rng));
  if (rng() % 2) state.last_log = kToday.Plus(-age(rng));
  return state;
}

TEST(AttentionTest, NoOneIsEverListedAboveARedFlag) {
  std::mt19937 rng(20261123);
  int red = 0, other = 0;
  for (int i = 0; i < 20000; ++i) {
    const PlanState state = RandomState(rng);
    Attention a = Of(state);
    // Any of the rules' alerts open, up to three periods of each.
    std::vector<OpenAlert> open;
    for (const auto& rule : Shipped().alerts.rules()) {
      for (int k = static_cast<int>(rng() % 4); k > 0; --k)
        open.push_back({&rule, rng() % 2 == 0, rule.id});
    }
    AddOpenAlerts(open, a);
    if (rng() % 2) AddUnansweredMessage(kToday.Plus(-static_cast<int>(rng() % 20)), List(), a);
    EXPECT_EQ(IsUrgent(a.score, List()), IsRedFlagState(state))
        << "score " << a.score << ", status " << PlanStatusName(state.status);
    (IsRedFlagState(state) ? red : other)++;
  }
  EXPECT_GT(red, 1000);
  EXPECT_GT(other, 1000);
}

int InactiveRuleDays() {
  for (const auto& rule : Shipped().alerts.rules()) {
    if (rule.when == AlertCondition::kInactive) return rule.days;
  }
  return 0;
}

TEST(AttentionTest, AQuietOpenPlanRisesFromTheDayTheInactiveRuleWaitsFor) {
  const int days = InactiveRuleDays();
  ASSERT_GT(days, 0);
  ASSERT_GT(List().inactive.attention, 0);
  EXPECT_EQ(List().inactive.days, days);
  PlanState state = Active();
  state.request.start_date = kToday.Plus(-30);
  state.last_log = kToday.Plus(-(days - 1));
  EXPECT_EQ(Of(state).score, 0);
  state.last_log = kToday.Plus(-days);
  Attention a = Of(state);
  EXPECT_EQ(a.score, List().inactive.attention);
  EXPECT_EQ(a.reasons,
            std::vector<std::string>{"no session logged since " + kToday.Plus(-days).ToString()});
  // Above someone doing fine.
  EXPECT_GT(a.score, Of(Active()).score);
  for (PlanStatus status : {PlanStatus::kWalkingOnly, PlanStatus::kFlareUp}) {
    state.status = status;
    EXPECT_GE(Of(state).score, List().inactive.attention) << PlanStatusName(status);
  }
}

TEST(AttentionTest, WithNothingLoggedQuietCountsFromThePlansStart) {
  const int days = InactiveRuleDays();
  PlanState state = Active();
  state.request.start_date = kToday.Plus(-(days - 1));
  EXPECT_EQ(Of(state).score, 0);
  state.request.start_date = kToday.Plus(-days);
  EXPECT_EQ(Of(state).reasons,
            std::vector<std::string>{"no session logged since the plan began on " +
                                     kToday.Plus(-days).ToString()});
}

// A stopped programme is quiet because it was stopped: its red flag, not
// inactivity, is the reason it is listed.
TEST(AttentionTest, AStoppedPlanIsNotCalledInactive) {
  PlanState state = Active();
  state.status = PlanStatus::kStopped;
  state.last_log = kToday.Plus(-60);
  for (const auto& reason : Of(state).reasons) {
    EXPECT_EQ(reason.find("no session logged"), std::string::npos) << reason;
  }
}

TEST(AttentionTest, WithoutAnInactiveRuleInactivityWeighsNothing) {
  auto without = AlertRules::Parse(R"(rules:
  - {id: f, kind: concern, when: flare_up, attention: 5, reason: r, source: s}
list:
  red_flag: {attention: 1000, source: s}
  recent_red_flag: {days: 3, attention: 10, source: s}
  flare_up: {attention: 50, source: s}
  painful_session: {days: 3, attention: 10, source: s}
  pain_worse: {points: 2, attention: 30, source: s}
  inactive: {attention: 20, source: s}
  unanswered_message: {attention: 15, source: s})",
                                   "alerts.yaml");
  ASSERT_TRUE(without.ok()) << without.status().message();
  PlanState state = Active();
  state.last_log = kToday.Plus(-60);
  EXPECT_EQ(AttentionOf(state, kToday, without->list(), Shipped().screening).score, 0);
}

TEST(AttentionTest, AnUnansweredMessageAddsItsWeightOnceWithTheDay) {
  Attention a;
  AddUnansweredMessage(kToday.Plus(-2), List(), a);
  EXPECT_EQ(a.score, List().unanswered_message.attention);
  EXPECT_GT(a.score, 0);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0], "a message waiting for an answer since " + kToday.Plus(-2).ToString());
}

TEST(AttentionTest, TheShippedRedFlagWeightOutweighsEverythingElse) {
  EXPECT_GT(List().red_flag.attention, Shipped().alerts.MostWithoutRedFlag());
  EXPECT_GT(Shipped().alerts.MostWithoutRedFlag(), 0);
}

}  // namespace
}  // namespace backcoach
