#include "core/simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/progression.h"
#include "core/schedule.h"
#include "core/screening.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::MariaRequest;
using testing::ShippedContent;

SimulationReport Simulate(long long patients, int weeks, std::uint64_t seed, int threads) {
  auto report = RunSimulation({patients, weeks, seed, threads}, ShippedContent());
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? *report : SimulationReport{};
}

std::string Broken(const SimulationReport& r) {
  std::string out;
  for (int i = 0; i < kPropertyCount; ++i) {
    for (const auto& e : r.violations[static_cast<std::size_t>(i)].examples) {
      out += std::string(PropertyName(static_cast<Property>(i))) + ": " + e + "\n";
    }
  }
  return out;
}

// A run large enough for every kind of person and event to occur.
const SimulationReport& MediumRun() {
  static const SimulationReport report = Simulate(3000, 12, 7, 2);
  return report;
}

TEST(SimulationTest, SmallRunBreaksNoProperty) {
  const SimulationReport r = Simulate(300, 8, 1, 1);
  EXPECT_EQ(r.people, 300);
  EXPECT_EQ(r.TotalViolations(), 0) << Broken(r);
}

TEST(SimulationTest, MediumRunBreaksNoProperty) {
  EXPECT_EQ(MediumRun().TotalViolations(), 0) << Broken(MediumRun());
}

TEST(SimulationTest, SameSeedGivesTheSameReport) {
  EXPECT_EQ(Simulate(200, 6, 42, 1), Simulate(200, 6, 42, 1));
}

TEST(SimulationTest, DifferentSeedsGiveDifferentPeople) {
  EXPECT_NE(Simulate(200, 6, 1, 1).sessions_logged, Simulate(200, 6, 2, 1).sessions_logged);
}

TEST(SimulationTest, ThreadCountDoesNotChangeTheReport) {
  const SimulationReport one = Simulate(257, 6, 9, 1);
  EXPECT_EQ(one, Simulate(257, 6, 9, 2));
  EXPECT_EQ(one, Simulate(257, 6, 9, 5));
}

TEST(SimulationTest, MorePeopleThanThreadsIsFine) {
  EXPECT_EQ(Simulate(3, 2, 1, 8).people, 3);
  EXPECT_EQ(Simulate(0, 2, 1, 4).people, 0);
}

TEST(SimulationTest, FiguresArePlausible) {
  const SimulationReport& r = MediumRun();
  EXPECT_EQ(r.people, 3000);
  // Most people get a plan; some intakes are refused or limited to walking.
  const auto status = [&](PlanStatus s) { return r.first_status[static_cast<std::size_t>(s)]; };
  EXPECT_GT(status(PlanStatus::kActive), r.people * 7 / 10);
  EXPECT_GT(status(PlanStatus::kWalkingOnly), 0);
  EXPECT_GT(status(PlanStatus::kNoPlan), 0);
  EXPECT_LT(status(PlanStatus::kNoPlan), r.people / 10);
  // The engine both moves people up and steps them down.
  EXPECT_GT(r.people_progressed, r.people / 4);
  EXPECT_GT(r.people_regressed, r.people / 20);
  EXPECT_LT(r.people_regressed, r.people_progressed);
  EXPECT_GT(r.flare_ups, 0);
  EXPECT_GT(r.people_flared, 0);
  // About 0.5% develop a red flag mid-way, and every one of them is stopped;
  // a finding that alone asks for a review may stop a few more (new leg
  // symptoms with a history of cancer screen as same-day).
  EXPECT_GT(r.red_flags_reported, 0);
  EXPECT_GE(r.stopped_by_red_flag, r.red_flags_reported);
  EXPECT_LE(r.stopped_by_red_flag, r.red_flags_reported * 3 / 2);
  EXPECT_GT(r.sessions_logged, r.people * 12);
  EXPECT_GT(r.sessions_skipped, 0);
  // Levels rise on average over twelve weeks.
  EXPECT_GT(r.MeanFinalLevel(Category::kCore), r.MeanStartLevel(Category::kCore));
  for (long long n : r.by_response) EXPECT_GT(n, 0);
}

TEST(SimulationTest, OptionsOutOfRangeAreErrors) {
  auto bad_weeks = RunSimulation({10, 0, 1, 1}, ShippedContent());
  ASSERT_FALSE(bad_weeks.ok());
  EXPECT_EQ(bad_weeks.status().message(), "weeks must be from 1 to 104, got 0");
  auto bad_threads = RunSimulation({10, 4, 1, 0}, ShippedContent());
  ASSERT_FALSE(bad_threads.ok());
  EXPECT_EQ(bad_threads.status().message(), "threads must be from 1 to 256, got 0");
  auto bad_patients = RunSimulation({-1, 4, 1, 1}, ShippedContent());
  ASSERT_FALSE(bad_patients.ok());
  EXPECT_EQ(bad_patients.status().message(), "patients must be from 0 to 1000000000, got -1");
}

TEST(SimulationTest, ProgressIsReportedUpToEveryone) {
  long long last = 0;
  int calls = 0;
  auto report = RunSimulation({600, 2, 3, 2}, ShippedContent(), [&](long long done) {
    EXPECT_GE(done, last);
    last = done;
    ++calls;
  });
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(last, 600);
  EXPECT_GE(calls, 2);
}

TEST(SimulationTest, VirtualPeopleHaveConsistentIntakes) {
  int under_18 = 0, red_flag_later = 0;
  for (long long i = 0; i < 2000; ++i) {
    const VirtualPerson p = MakeVirtualPerson(5, i, 12, ShippedContent());
    ASSERT_TRUE(CheckIntakeConsistency(p.request.intake).ok()) << i;
    EXPECT_GE(p.request.minutes_per_day, 10);
    EXPECT_LE(p.request.minutes_per_day, 120);
    EXPECT_GE(p.request.days_per_week, 2);
    EXPECT_LE(p.request.days_per_week, 7);
    under_18 += p.request.intake.age < 18;
    if (p.red_flag_day >= 0) {
      ++red_flag_later;
      EXPECT_GE(p.red_flag_day, 7);
      EXPECT_LT(p.red_flag_day, 12 * 7);
    }
  }
  EXPECT_GT(under_18, 0);
  EXPECT_GT(red_flag_later, 0);
  EXPECT_LT(red_flag_later, 40);
}

TEST(SimulationTest, PersonDependsOnlyOnSeedAndIndex) {
  const VirtualPerson a = MakeVirtualPerson(11, 123, 12, ShippedContent());
  const VirtualPerson b = MakeVirtualPerson(11, 123, 12, ShippedContent());
  EXPECT_EQ(a.request.start_date, b.request.start_date);
  EXPECT_EQ(a.request.equipment, b.request.equipment);
  EXPECT_EQ(a.pain_tenths, b.pain_tenths);
  const VirtualPerson c = MakeVirtualPerson(11, 124, 12, ShippedContent());
  EXPECT_FALSE(a.request.start_date == c.request.start_date && a.pain_tenths == c.pain_tenths &&
               a.request.equipment == c.request.equipment);
}

TEST(SimulationTest, MergeKeepsTheFirstExamples) {
  SimulationReport a, b;
  a.people = 1;
  a.violations[0] = {1, 1, {"person 0: x"}};
  b.people = 10;
  b.violations[0] = {
      7, 6, {"person 1: a", "person 2: b", "person 3: c", "person 4: d", "person 5: e"}};
  a.Merge(b);
  EXPECT_EQ(a.people, 11);
  EXPECT_EQ(a.violations[0].count, 8);
  EXPECT_EQ(a.violations[0].people, 7);
  EXPECT_EQ(a.violations[0].examples,
            (std::vector<std::string>{"person 0: x", "person 1: a", "person 2: b", "person 3: c",
                                      "person 4: d"}));
}

TEST(SimulationTest, JsonCarriesFiguresAndProperties) {
  const SimulationReport r = Simulate(50, 2, 1, 1);
  const nlohmann::json j = SimulationReportToJson(r);
  EXPECT_EQ(j["people"], 50);
  EXPECT_EQ(j["weeks"], 2);
  EXPECT_EQ(j["ok"], r.ok());
  EXPECT_EQ(j["sessions_logged"], r.sessions_logged);
  EXPECT_EQ(j["properties"]["red_flag_stops"]["violations"], r.violations[3].count);
  EXPECT_TRUE(j["mean_level"].contains("core"));
  EXPECT_TRUE(j["first_status"].contains("no_plan"));
}

// ---- The checker catches what it should ------------------------------------

class SafetyCheckerTest : public ::testing::Test {
 protected:
  SafetyCheckerTest() : checker_(ShippedContent()) {
    auto plan = MakePlan(MariaRequest(), ShippedContent());
    EXPECT_TRUE(plan.ok());
    plan_ = *plan;
  }

  SessionLog LogAll(int day, int pain) {
    SessionLog log;
    log.date = plan_.request.start_date.Plus(day);
    for (const auto& p : plan_.exercises) {
      ExerciseLog e;
      e.id = p.id;
      e.pain_during = pain;
      log.exercises.push_back(e);
    }
    log.pain_next_morning = 2;
    log.effort = 5;
    return log;
  }

  std::vector<Property> Found() const {
    std::vector<Property> out;
    for (const auto& v : checker_.violations()) out.push_back(v.property);
    return out;
  }

  SafetyChecker checker_;
  PlanState plan_;
};

TEST_F(SafetyCheckerTest, AnOrdinaryStepIsClean) {
  checker_.CheckPlan(plan_.request, plan_);
  const SessionLog log = LogAll(0, 2);
  auto next = Progress(plan_, log, ShippedContent());
  ASSERT_TRUE(next.ok());
  checker_.CheckStep(plan_, log, *next);
  EXPECT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
}

// A flare-up steps walking down mid-week, a clinician then clears a finding
// without re-making the plan, and walking climbs back: the engine's weekly cap
// still counts from the week's first minutes, and so does the checker (it once
// counted from the minutes at the clearance and saw 9 to 11 in one week).
TEST_F(SafetyCheckerTest, AClearanceThatKeepsThePlanKeepsTheWeeksFirstMinutes) {
  std::size_t w = 0;
  while (w < plan_.exercises.size() && plan_.exercises[w].dose.minutes == 0) ++w;
  ASSERT_LT(w, plan_.exercises.size());
  const ProgressionRules& r = ShippedContent().engine.progression;
  const int first = plan_.exercises[w].dose.minutes;
  const int cap =
      first + std::max(r.min_minutes_step, first * r.weekly_minutes_increase_percent / 100);
  ASSERT_GT(first, r.min_minutes_step);
  checker_.CheckPlan(plan_.request, plan_);
  auto at = [&](const PlanState& from, int minutes) {
    PlanState s = from;
    s.exercises[w].dose.minutes = minutes;
    s.decisions.clear();
    return s;
  };
  const PlanState down = at(plan_, first - 1);
  checker_.CheckStep(plan_, LogAll(0, 2), down);
  PlanState cleared = down;
  cleared.decisions = {{"plan", "cleared", "Cleared.", "findings.cleared", "x"}};
  StateBefore before;
  before.Take(down);
  checker_.PlanChanged(before, cleared);
  const PlanState back = at(cleared, first);
  checker_.CheckStep(cleared, LogAll(2, 2), back);
  const PlanState up = at(back, cap);
  checker_.CheckStep(back, LogAll(4, 2), up);
  EXPECT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  // One minute more in the same week is still caught.
  checker_.CheckStep(up, LogAll(5, 2), at(up, cap + 1));
  ASSERT_EQ(Found(), std::vector<Property>{Property::kAerobicGrowth});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.Plus(5).ToString() + ": '" + plan_.exercises[w].id +
                "' grew to " + std::to_string(cap + 1) + " minutes in a week that started at " +
                std::to_string(first));
}

TEST_F(SafetyCheckerTest, CatchesProgressionInTheSessionAfterSharpPain) {
  SessionLog sharp = LogAll(0, 2);
  sharp.exercises[1].sharp_pain = true;
  const std::string id = plan_.exercises[1].id;
  checker_.CheckStep(plan_, sharp, plan_);
  ASSERT_TRUE(checker_.violations().empty());
  // A hand-made bad step: the next session moves that exercise up.
  PlanState bad = plan_;
  bad.decisions = {{id, "progress", "made up", "test.rule", "test"}};
  checker_.CheckStep(plan_, LogAll(2, 2), bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kNoProgressAfterSharp});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.Plus(2).ToString() + ": '" + id +
                "' was moved up (test.rule: made up), but it hurt sharply or sent symptoms down "
                "the leg on " +
                plan_.request.start_date.ToString() + ", and this is its first session since");
  // Done once since: it may move up again.
  checker_.CheckStep(plan_, LogAll(4, 2), bad);
  EXPECT_EQ(checker_.violations().size(), 1u);
}

TEST_F(SafetyCheckerTest, CatchesProgressionBeforeTheExerciseIsDoneAgain) {
  SessionLog sharp = LogAll(0, 2);
  sharp.exercises[1].sharp_pain = true;
  const std::string id = plan_.exercises[1].id;
  checker_.CheckStep(plan_, sharp, plan_);
  SessionLog without = LogAll(1, 2);
  without.exercises.erase(without.exercises.begin() + 1);
  PlanState bad = plan_;
  bad.decisions = {{id, "progress", "made up", "test.rule", "test"}};
  checker_.CheckStep(plan_, without, bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kNoProgressAfterSharp});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.Plus(1).ToString() + ": '" + id +
                "' was moved up (test.rule: made up), but it hurt sharply or sent symptoms down "
                "the leg on " +
                plan_.request.start_date.ToString() + " and has not been done since");
}

TEST_F(SafetyCheckerTest, CatchesProgressionTheSameSessionAsSharpPain) {
  SessionLog sharp = LogAll(0, 2);
  sharp.exercises[0].symptoms_down_leg = true;
  PlanState bad = plan_;
  bad.decisions = {{plan_.exercises[0].id, "progress", "made up", "test", "test"}};
  checker_.CheckStep(plan_, sharp, bad);
  EXPECT_EQ(Found(), std::vector<Property>{Property::kNoProgressAfterSharp});
}

TEST_F(SafetyCheckerTest, CatchesANeverExercise) {
  PlanState bad = plan_;
  bad.exercises[0].id = "standing_toe_touch";
  checker_.CheckStep(plan_, LogAll(0, 2), bad);
  ASSERT_FALSE(checker_.violations().empty());
  EXPECT_EQ(checker_.violations()[0].property, Property::kNeverExercise);
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.ToString() +
                ": 'standing_toe_touch' is on the never list, yet in the plan");
}

// The checker remembers lists of exercises once found allowed, and passes
// over the same list on a later step: a list that differs in one id is
// checked again, and so is every list once the phase changes what is
// allowed.
SessionDay* FirstSessionDay(PlanState& s) {
  for (auto& day : s.schedule) {
    if (!day.exercises.empty()) return &day;
  }
  return nullptr;
}

TEST_F(SafetyCheckerTest, CatchesANeverExerciseOnADayFoundAllowedTheStepBefore) {
  checker_.CheckPlan(plan_.request, plan_);
  checker_.CheckStep(plan_, LogAll(0, 2), plan_);
  ASSERT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  PlanState bad = plan_;
  SessionDay* day = FirstSessionDay(bad);
  ASSERT_NE(day, nullptr);
  day->exercises.back() = "standing_toe_touch";
  checker_.CheckStep(plan_, LogAll(1, 2), bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kNeverExercise});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.Plus(1).ToString() +
                ": 'standing_toe_touch' is on the never list, yet in the plan");
  // The same bad day again is reported again, not remembered as allowed.
  checker_.CheckStep(plan_, LogAll(2, 2), bad);
  EXPECT_EQ(Found(), (std::vector<Property>{Property::kNeverExercise, Property::kNeverExercise}));
}

TEST_F(SafetyCheckerTest, CatchesADayFoundAllowedBeforeOnceThePhaseRulesItOut) {
  ASSERT_NE(plan_.phase, Phase::kAcute);
  PlanState with_intervals = plan_;
  with_intervals.request.intake.pain_now = 0;  // nothing avoided for pain
  SessionDay* day = FirstSessionDay(with_intervals);
  ASSERT_NE(day, nullptr);
  day->exercises.push_back("walking_intervals");
  const auto never = [&] {
    const auto& found = checker_.violations();
    return std::count_if(found.begin(), found.end(),
                         [](const Violation& v) { return v.property == Property::kNeverExercise; });
  };
  checker_.CheckStep(plan_, LogAll(0, 2), with_intervals);
  checker_.CheckStep(with_intervals, LogAll(1, 2), with_intervals);
  ASSERT_EQ(never(), 0);  // intervals are allowed outside the acute phase
  // The very same days in the acute phase: intervals are ruled out.
  PlanState acute = with_intervals;
  acute.phase = Phase::kAcute;
  checker_.CheckStep(with_intervals, LogAll(2, 2), acute);
  const std::string expected = plan_.request.start_date.Plus(2).ToString() +
                               ": 'walking_intervals' (intervals or loaded bending) is in the "
                               "plan in the acute phase";
  const auto& found = checker_.violations();
  EXPECT_TRUE(std::any_of(found.begin(), found.end(),
                          [&](const Violation& v) {
                            return v.property == Property::kNeverExercise && v.what == expected;
                          }))
      << "not caught: " << expected;
}

TEST_F(SafetyCheckerTest, CatchesProgressionDuringAFlareUp) {
  PlanState flaring = plan_;
  flaring.status = PlanStatus::kFlareUp;
  Reschedule(flaring, ShippedContent(), plan_.request.start_date);
  PlanState bad = flaring;
  bad.decisions = {{"plan", "flare_up", "still", "flare_up", "x"},
                   {plan_.exercises[0].id, "progress", "made up", "test", "test"}};
  checker_.CheckStep(flaring, LogAll(0, 2), bad);
  EXPECT_EQ(Found(), std::vector<Property>{Property::kFlareUpHandled});
}

TEST_F(SafetyCheckerTest, CatchesABadDayLeftUnhandled) {
  SessionLog log = LogAll(0, 2);
  log.bad_day = true;
  checker_.CheckStep(plan_, log, plan_);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kFlareUpHandled});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.ToString() +
                ": the person said it was a bad day, yet the plan is active");
}

TEST_F(SafetyCheckerTest, CatchesARedFlagThatDoesNotStop) {
  SessionLog log = LogAll(0, 2);
  log.reported_symptoms["saddle_numbness"] = true;
  checker_.CheckStep(plan_, log, plan_);
  const auto found = Found();
  ASSERT_FALSE(found.empty());
  for (Property p : found) EXPECT_EQ(p, Property::kRedFlagStops);
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.ToString() +
                ": a new emergency symptom was reported, yet the plan is active");
}

TEST_F(SafetyCheckerTest, TheEngineStopsOnARedFlag) {
  SessionLog log = LogAll(0, 2);
  log.reported_symptoms["bladder_or_bowel_change"] = true;
  auto stopped = Progress(plan_, log, ShippedContent());
  ASSERT_TRUE(stopped.ok());
  checker_.CheckStep(plan_, log, *stopped);
  EXPECT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  // Reopening it afterwards is caught.
  PlanState reopened = *stopped;
  reopened.status = PlanStatus::kActive;
  checker_.CheckStep(*stopped, LogAll(3, 2), reopened);
  EXPECT_EQ(Found(), std::vector<Property>{Property::kRedFlagStops});
}

TEST_F(SafetyCheckerTest, CatchesAPlanForAnEmergencyIntake) {
  PlanRequest request = MariaRequest();
  request.intake.saddle_numbness = true;
  checker_.CheckPlan(request, plan_);  // plan_ is a full plan: wrong for this intake
  ASSERT_FALSE(checker_.violations().empty());
  EXPECT_EQ(checker_.violations()[0].property, Property::kNoPlanWhenUnsafe);
  auto refused = MakePlan(request, ShippedContent());
  ASSERT_TRUE(refused.ok());
  SafetyChecker fresh(ShippedContent());
  fresh.CheckPlan(request, *refused);
  EXPECT_TRUE(fresh.violations().empty());
}

TEST_F(SafetyCheckerTest, CatchesAWalkingOnlyPlanThatOpensUp) {
  PlanRequest request = MariaRequest();
  request.intake.unexplained_weight_loss = true;  // within days
  auto walking = MakePlan(request, ShippedContent());
  ASSERT_TRUE(walking.ok());
  ASSERT_EQ(walking->status, PlanStatus::kWalkingOnly);
  checker_.CheckPlan(request, *walking);
  ASSERT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  PlanState opened = *walking;
  opened.status = PlanStatus::kActive;
  SessionLog log;
  log.date = request.start_date;
  checker_.CheckStep(*walking, log, opened);
  EXPECT_EQ(Found(), std::vector<Property>{Property::kWalkingOnlyHeld});
}

TEST_F(SafetyCheckerTest, CatchesKneeRollsInAWithinDaysPlan) {
  PlanRequest request = MariaRequest();
  request.intake.age = 71;
  request.intake.trauma = Trauma::kMinor;
  request.intake.osteoporosis_or_long_term_steroids = true;  // Grace
  auto walking = MakePlan(request, ShippedContent());
  ASSERT_TRUE(walking.ok());
  PlanState bad = *walking;
  bad.exercises.push_back(
      Prescribe(*ShippedContent().catalogue.Find("knee_rolls"), bad, ShippedContent().engine.plan));
  bad.schedule[0].exercises.push_back("knee_rolls");
  checker_.CheckPlan(request, bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kWalkingOnlyHeld});
  EXPECT_EQ(checker_.violations()[0].what,
            request.start_date.ToString() +
                " (first plan): 'knee_rolls' (mobility, level 1) in a walking-only plan");
  SafetyChecker fresh(ShippedContent());
  fresh.CheckPlan(request, *walking);
  EXPECT_TRUE(fresh.violations().empty()) << fresh.violations().front().what;
}

TEST_F(SafetyCheckerTest, CatchesAStopThatStillSaysYouCanStart) {
  SessionLog log = LogAll(0, 2);
  log.reported_symptoms["bladder_or_bowel_change"] = true;
  auto stopped = Progress(plan_, log, ShippedContent());
  ASSERT_TRUE(stopped.ok());
  checker_.CheckStep(plan_, log, *stopped);
  ASSERT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  const std::string start = ShippedContent().screening.advice(Tier::kRoutineReview).headline;
  PlanState bad = *stopped;
  bad.messages.push_back(start);
  checker_.CheckStep(*stopped, LogAll(3, 2), bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kClosedSaysOnlyTheStop});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.Plus(3).ToString() + ": a stopped plan says '" + start + "'");
  PlanState unmarked = *stopped;
  unmarked.exercises[0].stopped = false;
  SafetyChecker fresh(ShippedContent());
  fresh.CheckStep(*stopped, LogAll(3, 2), unmarked);
  ASSERT_EQ(fresh.violations().size(), 1u);
  EXPECT_EQ(fresh.violations()[0].property, Property::kClosedSaysOnlyTheStop);
}

TEST_F(SafetyCheckerTest, CatchesIntervalsInAFirstWeekOrAboveTheStartLevel) {
  checker_.CheckPlan(plan_.request, plan_);
  ASSERT_TRUE(checker_.violations().empty()) << checker_.violations().front().what;
  // Held for later at the start level, and laid out on no day: allowed.
  PlanState held = plan_;
  held.exercises.push_back(Prescribe(*ShippedContent().catalogue.Find("walking_intervals"), held,
                                     ShippedContent().engine.plan));
  held.intervals_offered = true;
  SafetyChecker quiet(ShippedContent());
  quiet.CheckPlan(held.request, held);
  EXPECT_TRUE(quiet.violations().empty()) << quiet.violations().front().what;
  // Laid out on a day of the first week.
  PlanState bad = held;
  bad.schedule.back().exercises.push_back("walking_intervals");
  SafetyChecker fresh(ShippedContent());
  fresh.CheckPlan(bad.request, bad);
  ASSERT_FALSE(fresh.violations().empty());
  EXPECT_EQ(fresh.violations()[0].property, Property::kNoIntervalsFirstPlan);
  EXPECT_EQ(fresh.violations()[0].what, plan_.request.start_date.ToString() +
                                            " (first plan): 'walking_intervals' (intervals) " +
                                            "is on " + bad.schedule.back().date.ToString() +
                                            " of a first plan");
  // Held above the start level.
  PlanState high = held;
  high.exercises.back().level = 5;
  SafetyChecker above(ShippedContent());
  above.CheckPlan(high.request, high);
  ASSERT_FALSE(above.violations().empty());
  EXPECT_EQ(above.violations()[0].property, Property::kNoIntervalsFirstPlan);
  EXPECT_EQ(above.violations()[0].what.rfind(" (first plan): 'walking_intervals' (intervals) is at "
                                             "level 5, above the start level "),
            plan_.request.start_date.ToString().size());
}

TEST_F(SafetyCheckerTest, CatchesAKindOfWorkMissingFromTheWeek) {
  PlanState bad = plan_;
  for (auto& day : bad.schedule) {
    std::erase_if(day.exercises, [&](const std::string& id) {
      return bad.Find(id)->category == Category::kStrength;
    });
  }
  checker_.CheckPlan(bad.request, bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kEveryKindEveryWeek});
  EXPECT_EQ(checker_.violations()[0].what,
            plan_.request.start_date.ToString() +
                " (first plan): strength work is in the plan but not in its first week (25 "
                "minutes, 5 days)");
}

TEST_F(SafetyCheckerTest, CatchesAFirstPlanDayOverThePersonsTime) {
  PlanState bad = plan_;
  bad.schedule[0].minutes = bad.request.minutes_per_day + 5;
  checker_.CheckPlan(bad.request, bad);
  ASSERT_EQ(Found(), std::vector<Property>{Property::kFirstPlanWithinTime});
  EXPECT_EQ(checker_.violations()[0].what, plan_.request.start_date.ToString() + " (first plan): " +
                                               plan_.request.start_date.ToString() +
                                               " holds 30 minutes, over the 25 the person has");
}

}  // namespace
}  // namespace backcoach

namespace backcoach {
namespace {

// Breaks the engine on purpose for one test, and mends it after.
class BrokenEngine {
 public:
  explicit BrokenEngine(bool EngineFaults::*fault) : fault_(fault) {
    EngineFaultsForTesting().*fault_ = true;
  }
  ~BrokenEngine() { EngineFaultsForTesting() = EngineFaults{}; }
  BrokenEngine(const BrokenEngine&) = delete;
  BrokenEngine& operator=(const BrokenEngine&) = delete;

 private:
  bool EngineFaults::*fault_;
};

struct FaultCase {
  const char* name;
  bool EngineFaults::*fault;
  Property property;
};

class SimulationCatchesFault : public ::testing::TestWithParam<FaultCase> {};

// A run of the engine with one rule broken reports that rule's property.
TEST_P(SimulationCatchesFault, AndReportsTheBrokenProperty) {
  const FaultCase& c = GetParam();
  BrokenEngine broken(c.fault);
  auto report = RunSimulation({600, 6, 11, 2}, ShippedContent());
  ASSERT_TRUE(report.ok());
  const auto& tally = report->violations[static_cast<std::size_t>(c.property)];
  EXPECT_GT(tally.count, 0) << PropertyName(c.property) << " was not reported";
  EXPECT_FALSE(tally.examples.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Faults, SimulationCatchesFault,
    ::testing::Values(
        FaultCase{"RedHolds", &EngineFaults::red_holds, Property::kRedSteppedDown},
        FaultCase{"MorningRedHolds", &EngineFaults::morning_red_holds,
                  Property::kMorningRedReduced},
        FaultCase{"FindingsIgnored", &EngineFaults::findings_ignored, Property::kFindingHeld},
        FaultCase{"StopLeftClosed", &EngineFaults::stop_left_closed, Property::kFindingHeld},
        FaultCase{"AdherenceIgnored", &EngineFaults::adherence_ignored, Property::kAdherenceGate},
        FaultCase{"DoseJumps", &EngineFaults::dose_jumps, Property::kOneVariable},
        FaultCase{"WeeklyCapIgnored", &EngineFaults::weekly_cap_ignored, Property::kAerobicGrowth},
        FaultCase{"IntervalsEarly", &EngineFaults::intervals_early, Property::kIntervalsAfterBase},
        FaultCase{"IntervalsInTheFirstWeek", &EngineFaults::intervals_early,
                  Property::kNoIntervalsFirstPlan},
        FaultCase{"WithinDaysStops", &EngineFaults::within_days_stops,
                  Property::kWithinDaysWalking},
        FaultCase{"RestDaysSlide", &EngineFaults::rest_days_slide, Property::kRestDaysKept}),
    [](const ::testing::TestParamInfo<FaultCase>& info) { return info.param.name; });

}  // namespace
}  // namespace backcoach
