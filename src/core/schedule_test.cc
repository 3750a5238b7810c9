#include "core/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/plan_json.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::AhmedRequest;
using testing::MariaRequest;
using testing::PlanFor;
using testing::ShippedContent;
using testing::TomRequest;

// The schedule of `s` laid out from `from` on a state that holds no schedule
// yet, so that no storage of an earlier schedule is reused.
PlanState Fresh(PlanState s, Date from) {
  s.schedule.clear();
  s.progression_schedule.clear();
  s.aerobic = {};
  Reschedule(s, ShippedContent(), from);
  return s;
}

nlohmann::json Json(const PlanState& s) { return PlanStateToJson(s, ShippedContent()); }

// Rescheduling writes over the last schedule (its days moved on to the new
// dates first); the result must be what a first layout gives, whatever the
// step between the two dates.
TEST(ScheduleTest, WritingOverTheLastScheduleGivesTheSameAsLayingItOutAfresh) {
  for (const PlanRequest& request : {MariaRequest(), AhmedRequest(), TomRequest()}) {
    PlanState s = PlanFor(request);
    const Date start = s.request.start_date;
    for (int shift : {0, 1, 2, 3, 6, 7, 9, 1, 0, 13}) {
      const Date from = s.schedule.empty() ? start : s.schedule.front().date.Plus(shift);
      Reschedule(s, ShippedContent(), from);
      EXPECT_EQ(Json(s), Json(Fresh(s, from))) << request.intake.age << " shift " << shift;
    }
  }
}

// The schedule of `s` from `from`, laid out on a thread of its own: nothing
// laid out earlier on this thread (the sessions Reschedule keeps while the
// prescriptions they come from stay the same) can take part in it.
PlanState OnFreshThread(const PlanState& s, Date from) {
  PlanState out = s;
  std::thread([&] { Reschedule(out, ShippedContent(), from); }).join();
  return out;
}

// Reschedule keeps the sessions it fitted last on its thread while every
// prescription keeps its place, kind of work, pause and minutes and the
// session budget and days stay the same. Whatever changes between two
// steps (doses, pauses, kinds, order, a plan moved to other storage or
// another plan written over it in place, the person's minutes and days, the
// phase, the status, the day), the schedule must be what a thread that has
// laid out nothing before gives.
TEST(ScheduleTest, KeptSessionsGiveWhatAFreshLayoutGivesOverRandomSteps) {
  const Content& content = ShippedContent();
  std::mt19937 random(20261205);
  const auto below = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const std::vector<PlanState> plans = {PlanFor(MariaRequest()), PlanFor(AhmedRequest()),
                                        PlanFor(TomRequest())};
  int compared = 0;
  for (int run = 0; run < 30; ++run) {
    PlanState s = plans[static_cast<std::size_t>(run) % plans.size()];
    Date from = s.request.start_date;
    for (int step = 0; step < 60; ++step) {
      const std::size_t n = s.exercises.size();
      const auto pick = [&]() -> Prescription& {
        return s.exercises[static_cast<std::size_t>(below(static_cast<int>(n)))];
      };
      switch (n == 0 ? 9 : below(12)) {
        case 0: pick().dose.minutes = below(3) == 0 ? 0 : 1 + below(40); break;
        case 1: pick().dose.reps += below(5) - 2; break;
        case 2: pick().dose.sets = 1 + below(4); break;
        case 3: pick().paused = !pick().paused; break;
        case 4: pick().category = static_cast<Category>(below(6)); break;
        case 5: std::swap(pick(), pick()); break;
        case 6: {  // the same prescriptions in other storage
          std::vector<Prescription> moved(s.exercises.begin(), s.exercises.end());
          s.exercises = std::move(moved);
          break;
        }
        case 7: {  // another plan's prescriptions written over these, in place
          const PlanState& other = plans[static_cast<std::size_t>(below(3))];
          for (std::size_t i = 0; i < n && i < other.exercises.size(); ++i)
            s.exercises[i] = other.exercises[i];
          break;
        }
        case 8:
          pick().id = content.catalogue
                          .exercises()[static_cast<std::size_t>(
                              below(static_cast<int>(content.catalogue.exercises().size())))]
                          .id;
          break;
        case 9:
          s.request.minutes_per_day = 10 + below(60);
          s.request.days_per_week = 2 + below(6);
          break;
        case 10: s.phase = static_cast<Phase>(below(3)); break;
        default:
          s.status = below(4) == 0 ? PlanStatus::kWalkingOnly : PlanStatus::kActive;
          s.graded_activity = below(2) == 0;
      }
      from = from.Plus(below(4));
      Reschedule(s, content, from);
      ASSERT_EQ(Json(s), Json(OnFreshThread(s, from))) << "run " << run << " step " << step;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 30 * 60);
}

TEST(ScheduleTest, AFlareUpScheduleWrittenOverTheLastIsTheSameAsAFreshOne) {
  PlanState s = PlanFor(MariaRequest());
  const Date start = s.request.start_date;
  Reschedule(s, ShippedContent(), start.Plus(1));
  s.status = PlanStatus::kFlareUp;
  s.flare_since = start.Plus(1);
  s.flare_until = start.Plus(4);
  for (int day : {2, 3, 5, 12}) {
    Reschedule(s, ShippedContent(), start.Plus(day));
    EXPECT_EQ(Json(s), Json(Fresh(s, start.Plus(day)))) << day;
    for (const auto& d : s.schedule) EXPECT_EQ(d.exercises, MinimumSession(s, ShippedContent()));
  }
  // Back to the plan: the flare-up's days are written over again.
  s.status = PlanStatus::kActive;
  Reschedule(s, ShippedContent(), start.Plus(13));
  EXPECT_EQ(Json(s), Json(Fresh(s, start.Plus(13))));
}

TEST(ScheduleTest, GradedActivityWeeksSayTheWeeklyRise) {
  PlanState s = PlanFor(MariaRequest());
  s.graded_activity = true;
  Reschedule(s, ShippedContent(), s.request.start_date.Plus(8));
  ASSERT_GE(s.progression_schedule.size(), 2u);
  const std::string expected =
      "Doses rise by about " +
      std::to_string(ShippedContent().engine.plan.graded_weekly_increase_percent) +
      "% this week, as planned, while pain stays acceptable.";
  // Week 1 says how to start; the weeks after it say the rise (in the
  // acute phase they would say the walks instead).
  ASSERT_NE(s.phase, Phase::kAcute);
  EXPECT_EQ(s.progression_schedule[1].focus, expected);
  // Other words in its place are written over; the same words are kept.
  s.progression_schedule[1].focus = "something else entirely";
  Reschedule(s, ShippedContent(), s.request.start_date.Plus(9));
  EXPECT_EQ(s.progression_schedule[1].focus, expected);
  Reschedule(s, ShippedContent(), s.request.start_date.Plus(10));
  EXPECT_EQ(s.progression_schedule[1].focus, expected);
}

// The weekly targets' minutes are remembered for the last minutes and rise
// asked: whatever the order of the changes, each week's figure must be the
// one worked out afresh, (1 + rise) to the power of the week, rounded.
TEST(ScheduleTest, WeeklyAerobicTargetsFollowEveryChangeOfMinutesAndRise) {
  PlanState s = PlanFor(MariaRequest());
  ASSERT_NE(s.phase, Phase::kAcute);
  Prescription* aerobic = nullptr;
  for (auto& p : s.exercises) {
    if (p.category == Category::kAerobic) aerobic = &p;
  }
  ASSERT_NE(aerobic, nullptr);
  const int graded_pct = ShippedContent().engine.plan.graded_weekly_increase_percent;
  const Date from = s.request.start_date.Plus(1);
  for (int minutes : {10, 10, 12, 7, 12, 30, 10}) {
    for (bool graded : {false, true, false}) {
      aerobic->dose.minutes = minutes;
      aerobic->minutes_at_week_start = minutes;
      s.graded_activity = graded;
      Reschedule(s, ShippedContent(), from);
      const int pct = graded ? graded_pct : 10;
      ASSERT_FALSE(s.progression_schedule.empty());
      for (std::size_t w = 0; w < s.progression_schedule.size(); ++w) {
        const double grown =
            s.aerobic.minutes_per_bout * std::pow(1 + pct / 100.0, static_cast<int>(w));
        EXPECT_EQ(s.progression_schedule[w].aerobic_minutes_per_bout,
                  static_cast<int>(std::lround(grown)))
            << minutes << " minutes, graded " << graded << ", week " << w;
      }
      EXPECT_EQ(Json(s), Json(Fresh(s, from))) << minutes << " minutes, graded " << graded;
    }
  }
}

}  // namespace
}  // namespace backcoach
