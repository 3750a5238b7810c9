#include "core/plan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/plan_json.h"
#include "core/plan_request.h"
#include "core/schedule.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::AhmedRequest;
using testing::MariaRequest;
using testing::ShippedContent;
using testing::TomRequest;

PlanState PlanFor(const PlanRequest& request) {
  auto plan = MakePlan(request, ShippedContent());
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  return plan.ok() ? *plan : PlanState{};
}

std::set<Category> Categories(const PlanState& s) {
  std::set<Category> out;
  for (const auto& p : s.exercises) out.insert(p.category);
  return out;
}

const Exercise& CatalogueEntry(const std::string& id) {
  const Exercise* e = ShippedContent().catalogue.Find(id);
  EXPECT_NE(e, nullptr) << id;
  return *e;
}

bool HasReason(const PlanState& s, const std::string& rule_prefix) {
  for (const auto& r : s.rationale) {
    if (r.rule.rfind(rule_prefix, 0) == 0 && !r.source.empty() && !r.reason.empty()) return true;
  }
  return false;
}

TEST(PlanTest, SelfCareGetsAFullMultimodalPlan) {
  const PlanState s = PlanFor(MariaRequest());
  EXPECT_EQ(s.status, PlanStatus::kActive);
  const auto cats = Categories(s);
  for (Category c :
       {Category::kCore, Category::kMobility, Category::kStrength, Category::kAerobic}) {
    EXPECT_TRUE(cats.count(c)) << CategoryName(c);
  }
  EXPECT_FALSE(s.schedule.empty());
  EXPECT_FALSE(s.lessons.empty());
}

TEST(PlanTest, EveryChoiceHasAReasonWithRuleAndSource) {
  const PlanState s = PlanFor(MariaRequest());
  for (const auto& p : s.exercises) {
    bool explained = false;
    for (const auto& r : s.rationale) {
      explained = explained || (r.subject == p.id && r.decision == "included" && !r.rule.empty() &&
                                !r.source.empty());
    }
    EXPECT_TRUE(explained) << p.id;
  }
  EXPECT_TRUE(HasReason(s, "plan.start_level"));
}

TEST(PlanTest, EveryWeekHoldsEachKindOfWorkInTheSchedule) {
  // From 15 minutes a day on two days; with less, time wins over variety.
  for (int minutes : {15, 25, 60}) {
    PlanRequest r = MariaRequest();
    r.minutes_per_day = minutes;
    r.days_per_week = 2;
    const PlanState s = PlanFor(r);
    std::set<Category> scheduled;
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) scheduled.insert(s.Find(id)->category);
    }
    for (Category c :
         {Category::kCore, Category::kMobility, Category::kStrength, Category::kAerobic}) {
      EXPECT_TRUE(scheduled.count(c)) << CategoryName(c) << " at " << minutes << " minutes";
    }
  }
}

TEST(PlanTest, RoutineReviewRadicularStartsGentlyWithTheCautionAndReviewAdvice) {
  const PlanState s = PlanFor(AhmedRequest());
  EXPECT_EQ(s.status, PlanStatus::kActive);
  EXPECT_EQ(s.triage, Tier::kRoutineReview);
  ASSERT_FALSE(s.messages.empty());
  EXPECT_EQ(s.messages.front(), ShippedContent().screening.advice(Tier::kRoutineReview).headline);
  ASSERT_EQ(s.cautions.size(), 1u);
  EXPECT_NE(s.cautions[0].find("further down"), std::string::npos);
  for (const auto& p : s.exercises) {
    EXPECT_EQ(p.level, 1) << p.id;
    EXPECT_TRUE(CatalogueEntry(p.id).Suits("subacute", "radicular")) << p.id;
  }
}

TEST(PlanTest, WithinDaysGetsWalkingAndGentleMobilityOnly) {
  PlanRequest r = MariaRequest();
  r.intake.age = 71;
  r.intake.trauma = Trauma::kMinor;  // Grace
  const PlanState s = PlanFor(r);
  EXPECT_EQ(s.status, PlanStatus::kWalkingOnly);
  ASSERT_FALSE(s.messages.empty());
  EXPECT_EQ(s.messages.front().rfind("See a doctor within the next few days.", 0), 0u);
  for (const auto& p : s.exercises) {
    const bool walking = p.id == "walking";
    const bool gentle_mobility = p.category == Category::kMobility && p.level <= 1;
    EXPECT_TRUE(walking || gentle_mobility) << p.id;
  }
  EXPECT_NE(s.Find("walking"), nullptr);
}

TEST(PlanTest, SameDayAndEmergencyGetNoPlanOnlyTheMessage) {
  PlanRequest fever = MariaRequest();
  fever.intake.fever_or_chills = true;
  PlanRequest saddle = MariaRequest();
  saddle.intake.saddle_numbness = true;
  for (const auto& [request, headline] :
       {std::pair{fever, "See a doctor or an urgent care service today."},
        std::pair{saddle, "Go to an emergency department now."}}) {
    const PlanState s = PlanFor(request);
    EXPECT_EQ(s.status, PlanStatus::kNoPlan);
    EXPECT_TRUE(s.exercises.empty());
    EXPECT_TRUE(s.schedule.empty());
    ASSERT_FALSE(s.messages.empty());
    EXPECT_EQ(s.messages.front(), headline);
  }
}

TEST(PlanTest, UnderEighteenGetsNoPlan) {
  PlanRequest r = MariaRequest();
  r.intake.age = 16;
  const PlanState s = PlanFor(r);
  EXPECT_EQ(s.status, PlanStatus::kNoPlan);
  EXPECT_TRUE(s.exercises.empty());
  EXPECT_TRUE(HasReason(s, "screen.R8"));
}

TEST(PlanTest, UnderEighteenGetsNoPlanEvenWhenTheScreenWouldAllowWalking) {
  PlanRequest r = MariaRequest();
  r.intake.age = 15;
  r.intake.cancer_history = true;  // within days: adults would walk
  const PlanState s = PlanFor(r);
  EXPECT_EQ(s.status, PlanStatus::kNoPlan);
  EXPECT_TRUE(s.exercises.empty());
  EXPECT_TRUE(s.schedule.empty());
}

TEST(PlanTest, MindBodyOnlyWhenLikedOrFearful) {
  EXPECT_FALSE(Categories(PlanFor(MariaRequest())).count(Category::kMindBody));
  PlanRequest yoga = MariaRequest();
  yoga.likes = {"yoga"};
  EXPECT_TRUE(Categories(PlanFor(yoga)).count(Category::kMindBody));
  PlanRequest fearful = MariaRequest();
  fearful.fear_of_movement = FearLevel::kHigh;
  EXPECT_TRUE(Categories(PlanFor(fearful)).count(Category::kMindBody));
}

TEST(PlanTest, AcutePhaseWalksTwiceDailyWithGentleWorkOnly) {
  const PlanState s = PlanFor(TomRequest());
  EXPECT_EQ(s.phase, Phase::kAcute);
  EXPECT_EQ(s.aerobic.exercise_id, "walking");
  EXPECT_GE(s.aerobic.minutes_per_bout, 10);
  EXPECT_EQ(s.aerobic.bouts_per_day, 2);
  EXPECT_EQ(s.aerobic.days_per_week, 7);
  EXPECT_FALSE(s.intervals_offered);
  for (const auto& p : s.exercises) {
    EXPECT_NE(p.category, Category::kIntervals) << p.id;
    EXPECT_FALSE(CatalogueEntry(p.id).HasLoad(LoadTag::kFlexionUnderLoad)) << p.id;
    if (p.category == Category::kCore) {
      EXPECT_EQ(p.level, 1) << p.id;
    }
  }
  const auto cats = Categories(s);
  EXPECT_TRUE(cats.count(Category::kMobility));
  EXPECT_TRUE(cats.count(Category::kCore));
  for (const auto& day : s.schedule) EXPECT_GE(day.aerobic_minutes, 20) << day.date.ToString();
}

TEST(PlanTest, ChronicLocalisedLowFearActiveMayGetIntervals) {
  PlanRequest r = MariaRequest();
  r.activity_level = ActivityLevel::kActive;
  r.equipment = {"stationary_bike"};
  r.likes = {"cycling"};
  const PlanState s = PlanFor(r);
  EXPECT_TRUE(s.intervals_offered);
  EXPECT_TRUE(Categories(s).count(Category::kIntervals));
}

TEST(PlanTest, ChronicWidespreadGetsEnduranceNotIntervals) {
  PlanRequest r = MariaRequest();
  r.activity_level = ActivityLevel::kActive;
  r.intake.widespread_pain = true;
  const PlanState s = PlanFor(r);
  EXPECT_EQ(s.presentation, Presentation::kWidespread);
  EXPECT_FALSE(s.intervals_offered);
  EXPECT_FALSE(Categories(s).count(Category::kIntervals));
  EXPECT_TRUE(Categories(s).count(Category::kAerobic));
  EXPECT_TRUE(HasReason(s, "plan.intervals"));
}

TEST(PlanTest, HighFearOrInactiveGetsNoIntervalsAndGradedActivity) {
  PlanRequest fearful = MariaRequest();
  fearful.fear_of_movement = FearLevel::kHigh;
  PlanRequest inactive = MariaRequest();
  inactive.activity_level = ActivityLevel::kInactive;
  for (const auto& r : {fearful, inactive}) {
    const PlanState s = PlanFor(r);
    EXPECT_FALSE(s.intervals_offered);
    EXPECT_TRUE(s.graded_activity);
    EXPECT_TRUE(HasReason(s, "plan.graded_activity"));
  }
}

TEST(PlanTest, GradedActivityStartsBelowTheUsualDose) {
  PlanRequest r = MariaRequest();
  r.fear_of_movement = FearLevel::kHigh;
  const PlanState s = PlanFor(r);
  for (const auto& p : s.exercises) {
    const Dose& usual = CatalogueEntry(p.id).dose;
    EXPECT_LE(p.dose.reps, usual.reps) << p.id;
    EXPECT_LE(p.dose.minutes, usual.minutes) << p.id;
    EXPECT_LE(p.dose.hold_seconds, usual.hold_seconds) << p.id;
  }
}

TEST(PlanTest, StartsLowByActivityLevel) {
  PlanRequest r = MariaRequest();
  r.activity_level = ActivityLevel::kActive;
  r.intake.pain_now = 3;
  const PlanState active = PlanFor(r);
  int max_level = 0;
  for (const auto& p : active.exercises) {
    if (p.category != Category::kIntervals) max_level = std::max(max_level, p.level);
  }
  EXPECT_EQ(max_level, ShippedContent().engine.plan.start_level.at("active"));
  r.activity_level = ActivityLevel::kLight;
  for (const auto& p : PlanFor(r).exercises) {
    if (p.category != Category::kIntervals) {
      EXPECT_EQ(p.level, 1) << p.id;
    }
  }
}

TEST(PlanTest, UsesOnlyOwnedEquipmentAndAvoidsDislikesWhenPossible) {
  PlanRequest r = MariaRequest();
  r.equipment = {};
  r.likes = {};
  r.dislikes = {"walking"};
  const PlanState s = PlanFor(r);
  for (const auto& p : s.exercises) {
    EXPECT_TRUE(CatalogueEntry(p.id).equipment.empty()) << p.id;
  }
  // With no equipment, walking is the only aerobic work left, so it stays.
  EXPECT_EQ(
      s.aerobic.exercise_id.rfind("walking", 0) == 0 || s.aerobic.exercise_id == "brisk_walking",
      true);
  r.equipment = {"stationary_bike"};
  EXPECT_EQ(PlanFor(r).aerobic.exercise_id, "stationary_cycling");
}

TEST(PlanTest, AerobicWorkFollowsWhatThePersonLikes) {
  PlanRequest r = MariaRequest();
  r.equipment = {"pool"};
  r.likes = {"swimming"};
  r.dislikes = {};
  const PlanState s = PlanFor(r);
  const Exercise& aerobic = CatalogueEntry(s.aerobic.exercise_id);
  EXPECT_NE(std::find(aerobic.activities.begin(), aerobic.activities.end(), "swimming"),
            aerobic.activities.end())
      << s.aerobic.exercise_id;
}

TEST(PlanTest, UnknownEquipmentIsAnError) {
  PlanRequest r = MariaRequest();
  r.equipment = {"trampoline"};
  auto plan = MakePlan(r, ShippedContent());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message().rfind("unknown equipment 'trampoline' (known: ", 0), 0u);
}

TEST(PlanTest, SameRequestGivesTheSamePlan) {
  const auto a = PlanStateToJson(PlanFor(MariaRequest()), ShippedContent());
  const auto b = PlanStateToJson(PlanFor(MariaRequest()), ShippedContent());
  EXPECT_EQ(a.dump(), b.dump());
}

TEST(PlanTest, SessionDaysAreSpreadOverTheWeek) {
  EXPECT_EQ(SessionDays(2), (std::vector<int>{0, 3}));
  EXPECT_EQ(SessionDays(3), (std::vector<int>{0, 2, 4}));
  EXPECT_EQ(SessionDays(7), (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

// ---------------------------------------------------------------------------
// Properties over many generated people.

PlanRequest RandomRequest(testing::Random& rnd) {
  const auto& catalogue = ShippedContent().catalogue;
  PlanRequest r = MariaRequest();
  Intake& in = r.intake;
  in.age = rnd.Int(10, 95);
  in.pain_duration_weeks = rnd.Int(0, 60) / (rnd.Chance(30) ? 10.0 : 1.0);
  in.pain_now = rnd.Int(0, 10);
  in.pain_trend = static_cast<PainTrend>(rnd.Int(0, 2));
  in.leg_symptoms = static_cast<LegSymptoms>(rnd.Int(0, 2));
  in.leg_symptom_sides = in.leg_symptoms == LegSymptoms::kNone ? LegSides::kNone
                         : rnd.Chance(90)                      ? LegSides::kOne
                                                               : LegSides::kBoth;
  in.leg_numbness_or_tingling = in.leg_symptoms != LegSymptoms::kNone && rnd.Chance(40);
  in.leg_weakness = rnd.Chance(90) ? LegWeakness::kNone : static_cast<LegWeakness>(rnd.Int(1, 2));
  for (bool* flag : {&in.saddle_numbness, &in.bladder_or_bowel_change, &in.fever_or_chills,
                     &in.cancer_history, &in.feeling_unwell}) {
    *flag = rnd.Chance(3);
  }
  in.widespread_pain = rnd.Chance(20);
  in.first_episode = rnd.Chance(30);
  in.constant_night_pain = rnd.Chance(10);
  in.trauma = rnd.Chance(90) ? Trauma::kNone : static_cast<Trauma>(rnd.Int(1, 2));
  r.activity_level = static_cast<ActivityLevel>(rnd.Int(0, 2));
  r.minutes_per_day = rnd.Int(10, 120);
  r.days_per_week = rnd.Int(2, 7);
  r.equipment.clear();
  for (const auto& name : catalogue.equipment_names()) {
    if (rnd.Chance(25)) r.equipment.push_back(name);
  }
  const std::vector<std::string> activities = {"walking", "cycling", "swimming",
                                               "yoga",    "pilates", "strength"};
  r.likes.clear();
  r.dislikes.clear();
  for (const auto& a : activities) {
    if (rnd.Chance(30))
      r.likes.push_back(a);
    else if (rnd.Chance(15))
      r.dislikes.push_back(a);
  }
  r.fear_of_movement =
      rnd.Chance(20) ? std::nullopt : std::optional(static_cast<FearLevel>(rnd.Int(0, 2)));
  return r;
}

TEST(PlanPropertyTest, GeneratedPeopleGetSafeFittingPlans) {
  const Content& content = ShippedContent();
  testing::Random rnd(20261123);
  int planned = 0;
  for (int i = 0; i < 3000; ++i) {
    const PlanRequest r = RandomRequest(rnd);
    const PlanState s = PlanFor(r);
    const ScreenResult screen = Screen(r.intake, content.screening);
    SCOPED_TRACE("person " + std::to_string(i) + ": " + PlanRequestToJson(r).dump());
    // Under 18 (or any rule that blocks the programme) means no plan at all,
    // not even the walking-only plan of a within-days result.
    if (screen.programme_blocked ||
        (!screen.can_start_programme && screen.triage != Tier::kWithinDays)) {
      EXPECT_EQ(s.status, PlanStatus::kNoPlan);
      EXPECT_TRUE(s.exercises.empty());
      continue;
    }
    if (screen.triage == Tier::kWithinDays) {
      EXPECT_EQ(s.status, PlanStatus::kWalkingOnly);
    }
    ++planned;
    const auto owned = content.catalogue.ExpandEquipment(r.equipment);
    for (const auto& p : s.exercises) {
      const Exercise& e = CatalogueEntry(p.id);
      EXPECT_FALSE(content.catalogue.IsNever(p.id));
      EXPECT_TRUE(e.Suits(PhaseName(s.phase), PresentationName(s.presentation))) << p.id;
      for (const auto& item : e.equipment) {
        EXPECT_NE(std::find(owned.begin(), owned.end(), item), owned.end()) << p.id;
      }
      if (r.intake.pain_now > 0) {
        EXPECT_FALSE(e.HasLoad(LoadTag::kImpact)) << p.id;
        EXPECT_FALSE(e.HasLoad(LoadTag::kOverheadLoad)) << p.id;
      }
      if (s.phase == Phase::kAcute) {
        EXPECT_NE(p.category, Category::kIntervals);
        EXPECT_FALSE(e.HasLoad(LoadTag::kFlexionUnderLoad)) << p.id;
        EXPECT_LE(p.level, content.engine.plan.acute_max_level) << p.id;
      }
      if (p.category != Category::kIntervals) {
        EXPECT_LE(p.level, content.engine.plan.start_level.at(ActivityLevelName(r.activity_level)))
            << p.id;
      }
    }
    // Time: within the person's minutes, except the acute walks the guideline sets.
    const bool walk_daily = s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
    for (const auto& day : s.schedule) {
      const int allowance =
          walk_daily ? std::max(r.minutes_per_day, day.aerobic_minutes + 5) : r.minutes_per_day;
      EXPECT_LE(day.minutes, allowance) << day.date.ToString();
    }
    int sessions = 0;
    for (const auto& day : s.schedule) sessions += day.kind == "session";
    if (!walk_daily) {
      EXPECT_EQ(sessions, r.days_per_week);
    }
  }
  EXPECT_GT(planned, 1000);
}

}  // namespace
}  // namespace backcoach
