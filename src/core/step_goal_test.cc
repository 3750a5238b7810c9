#include "core/step_goal.h"

#include <gtest/gtest.h>

#include "core/plan_json.h"
#include "core/progression.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::Random;
using testing::ShippedContent;

const StepGoalRules& Rules() { return ShippedContent().engine.step_goal; }

PlanState MariaPlan() {
  auto plan = MakePlan(testing::MariaRequest(), ShippedContent());
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  return *plan;
}

const Date kToday = Date::FromCivil(2026, 12, 7);

// Seven complete days before `today`, each with `steps`.
DailySteps Week(long long steps, Date today = kToday) {
  DailySteps days;
  for (int i = 1; i <= 7; ++i) days[today.Plus(-i)] = steps;
  return days;
}

TEST(StepGoalTest, MedianOfTheCompleteDaysBeforeToday) {
  DailySteps days = {{kToday.Plus(-3), 4000},  {kToday.Plus(-2), 9000},
                     {kToday.Plus(-1), 5000},  {kToday, 20000},  // today is still being counted
                     {kToday.Plus(-8), 30000},                   // before the window
                     {kToday.Plus(-4), 0}};                      // no count that day
  const StepBaseline b = MeasureSteps(days, kToday, 7, 5000);
  EXPECT_EQ(b.median, 5000);
  EXPECT_EQ(b.days_counted, 3);
  EXPECT_EQ(b.days_goal_met, 2);
  days[kToday.Plus(-5)] = 6000;
  EXPECT_EQ(MeasureSteps(days, kToday, 7, std::nullopt).median,
            5500);  // even count: the middle two
}

TEST(StepGoalTest, FirstGoalIsALittleAboveTheTypicalDay) {
  auto goal = ReviewStepGoal(MariaPlan(), Week(5000), kToday, Rules());
  ASSERT_TRUE(goal.has_value());
  EXPECT_EQ(goal->baseline, 5000);
  EXPECT_EQ(goal->daily_steps, 5500);  // +10%
  EXPECT_EQ(goal->days_counted, 7);
  EXPECT_EQ(goal->set_on, kToday);
  EXPECT_EQ(goal->reason.rule, "step_goal.weekly_increase");
  EXPECT_FALSE(goal->reason.source.empty());
  EXPECT_NE(goal->reason.reason.find("5,500 steps a day"), std::string::npos)
      << goal->reason.reason;
}

TEST(StepGoalTest, RiseIsCappedAndStopsAtTheCeiling) {
  auto high = ReviewStepGoal(MariaPlan(), Week(9500), kToday, Rules());
  EXPECT_EQ(high->daily_steps, 10000);  // 9,500 + 950 would pass the ceiling
  auto above = ReviewStepGoal(MariaPlan(), Week(14000), kToday, Rules());
  EXPECT_EQ(above->daily_steps, 10000);
  EXPECT_EQ(above->reason.rule, "step_goal.ceiling");
  StepGoalRules capped = Rules();
  capped.max_weekly_increase = 300;
  EXPECT_EQ(ReviewStepGoal(MariaPlan(), Week(6000), kToday, capped)->daily_steps, 6300);
}

TEST(StepGoalTest, TooFewDaysGiveNoGoal) {
  DailySteps three = {{kToday.Plus(-1), 5000}, {kToday.Plus(-2), 5000}, {kToday.Plus(-3), 5000}};
  EXPECT_FALSE(ReviewStepGoal(MariaPlan(), three, kToday, Rules()).has_value());
}

TEST(StepGoalTest, GoalStandsForAWeekThenIsReviewed) {
  PlanState s = MariaPlan();
  s.step_goal = ReviewStepGoal(s, Week(5000), kToday, Rules());
  // Walking much more the next days does not move the goal before the review.
  DailySteps more = Week(5000);
  for (int i = 0; i < 6; ++i) more[kToday.Plus(i)] = 8000;
  for (int i = 1; i < 7; ++i) {
    EXPECT_EQ(ReviewStepGoal(s, more, kToday.Plus(i), Rules())->daily_steps, 5500) << i;
  }
  auto reviewed = ReviewStepGoal(s, more, kToday.Plus(7), Rules());
  EXPECT_EQ(reviewed->baseline, 8000);
  EXPECT_EQ(reviewed->daily_steps, 8800);
  EXPECT_EQ(reviewed->set_on, kToday.Plus(7));
}

TEST(StepGoalTest, FlareUpWalkingOnlyAndRedDaysHoldTheGoal) {
  PlanState flare = MariaPlan();
  flare.status = PlanStatus::kFlareUp;
  auto held = ReviewStepGoal(flare, Week(5000), kToday, Rules());
  EXPECT_EQ(held->daily_steps, 5000);
  EXPECT_EQ(held->reason.rule, "step_goal.hold");
  EXPECT_NE(held->reason.reason.find("flare-up"), std::string::npos);

  PlanState walking = MariaPlan();
  walking.status = PlanStatus::kWalkingOnly;
  EXPECT_EQ(ReviewStepGoal(walking, Week(5000), kToday, Rules())->daily_steps, 5000);

  PlanState red = MariaPlan();
  red.recent_days.push_back({kToday.Plus(-2), true, 6, -1});
  EXPECT_EQ(ReviewStepGoal(red, Week(5000), kToday, Rules())->daily_steps, 5000);
  red.recent_days.back().date = kToday.Plus(-20);  // long ago: the goal may rise
  EXPECT_EQ(ReviewStepGoal(red, Week(5000), kToday, Rules())->daily_steps, 5500);
}

TEST(StepGoalTest, AFlareUpHoldsARisenGoalAtOnceEvenBeforeItsReview) {
  PlanState s = MariaPlan();
  s.step_goal = ReviewStepGoal(s, Week(5000), kToday, Rules());
  s.status = PlanStatus::kFlareUp;
  auto held = ReviewStepGoal(s, Week(5000), kToday.Plus(1), Rules());
  EXPECT_EQ(held->daily_steps, 5000);
}

TEST(StepGoalTest, NoProgrammeNoGoal) {
  for (PlanStatus status : {PlanStatus::kStopped, PlanStatus::kNoPlan}) {
    PlanState s = MariaPlan();
    s.status = status;
    EXPECT_FALSE(ReviewStepGoal(s, Week(5000), kToday, Rules()).has_value());
    s.step_goal = StepGoal{5500, 5000, 7, kToday, {}};
    HoldStepGoalIfNeeded(s, Rules());
    EXPECT_FALSE(s.step_goal.has_value());
  }
}

TEST(StepGoalTest, EngineHoldsTheGoalWhenAFlareUpStarts) {
  const Content& content = ShippedContent();
  PlanState s = MariaPlan();
  s.step_goal = ReviewStepGoal(s, Week(5000, s.request.start_date), s.request.start_date, Rules());
  ASSERT_TRUE(s.step_goal.has_value());
  ASSERT_EQ(s.step_goal->daily_steps, 5500);
  // Two bad days in a row switch the plan to the flare-up plan.
  for (int day = 0; day < 3 && s.status != PlanStatus::kFlareUp; ++day) {
    SessionLog log;
    log.date = s.request.start_date.Plus(day);
    log.bad_day = true;
    auto next = Progress(s, log, content);
    ASSERT_TRUE(next.ok()) << next.status().message();
    s = *next;
  }
  ASSERT_EQ(s.status, PlanStatus::kFlareUp);
  EXPECT_EQ(s.step_goal->daily_steps, 5000);
  bool said = false;
  for (const auto& d : s.decisions) said |= d.rule == "step_goal.hold";
  EXPECT_TRUE(said) << "the hold is among the step's decisions";
}

TEST(StepGoalTest, GoalSurvivesThePlanJson) {
  const Content& content = ShippedContent();
  PlanState s = MariaPlan();
  s.step_goal = ReviewStepGoal(s, Week(6400), kToday, Rules());
  auto back = PlanStateFromJson(PlanStateToJson(s, content), content);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_TRUE(back->step_goal.has_value());
  EXPECT_EQ(back->step_goal->daily_steps, s.step_goal->daily_steps);
  EXPECT_EQ(back->step_goal->reason.reason, s.step_goal->reason.reason);
  s.step_goal.reset();
  back = PlanStateFromJson(PlanStateToJson(s, content), content);
  EXPECT_FALSE(back->step_goal.has_value());
}

// Properties over random histories and plan states: the goal never asks more
// than the rules allow above the typical day, never rises while the plan
// holds, never passes the ceiling, and a review the same day changes nothing.
TEST(StepGoalTest, PropertiesHoldForRandomHistories) {
  const StepGoalRules& rules = Rules();
  const PlanStatus statuses[] = {PlanStatus::kActive, PlanStatus::kWalkingOnly,
                                 PlanStatus::kFlareUp, PlanStatus::kStopped, PlanStatus::kNoPlan};
  Random random(20261201);
  int goals = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    PlanState s = MariaPlan();
    s.status = statuses[random.Int(0, 4)];
    if (random.Chance(30)) s.recent_days.push_back({kToday.Plus(-random.Int(0, 20)), true, 6, -1});
    if (random.Chance(50)) {
      s.step_goal = StepGoal{random.Int(1, 150) * 100LL,
                             random.Int(0, 14000),
                             random.Int(1, 7),
                             kToday.Plus(-random.Int(1, 14)),
                             {}};
    }
    DailySteps days;
    for (int i = -10; i <= 0; ++i) {
      if (random.Chance(70)) days[kToday.Plus(i)] = random.Chance(5) ? 0 : random.Int(1, 25000);
    }
    const auto goal = ReviewStepGoal(s, days, kToday, rules);
    const bool stopped = s.status == PlanStatus::kStopped || s.status == PlanStatus::kNoPlan;
    if (stopped) {
      EXPECT_FALSE(goal.has_value());
      continue;
    }
    if (!goal) continue;
    ++goals;
    ASSERT_GT(goal->daily_steps, 0);
    const bool reviewed = goal->set_on == kToday;
    if (!reviewed) continue;
    // Goals are whole multiples of round_to, the smallest being round_to
    // itself: the rise is measured from there for a very small median.
    const long long rise = goal->daily_steps - std::max<long long>(goal->baseline, rules.round_to);
    EXPECT_EQ(goal->daily_steps % rules.round_to, 0);
    EXPECT_LE(goal->daily_steps, std::max<long long>(rules.ceiling, rules.round_to));
    EXPECT_LE(rise, rules.max_weekly_increase + rules.round_to / 2);
    EXPECT_LE(rise, goal->baseline * rules.weekly_increase_percent / 100 + rules.round_to / 2);
    bool red_recent = false;
    for (const auto& d : s.recent_days) red_recent |= d.red && d.date >= kToday.Plus(-7);
    if (s.status != PlanStatus::kActive || red_recent) {
      EXPECT_LE(rise, rules.round_to / 2) << "a hold never rises";
      EXPECT_EQ(goal->reason.rule, "step_goal.hold");
    }
    PlanState again = s;
    again.step_goal = goal;
    const auto twice = ReviewStepGoal(again, days, kToday, rules);
    ASSERT_TRUE(twice.has_value());
    EXPECT_EQ(twice->daily_steps, goal->daily_steps) << "a second review the same day";
  }
  EXPECT_GT(goals, 2000);
}

}  // namespace
}  // namespace backcoach
