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
using testing::PlanFor;
using testing::ShippedContent;
using testing::TomRequest;

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

// Allows answers as Check does, for every exercise and many kinds of person:
// the searches for a replacement rely on it.
TEST(PlanTest, AllowsAgreesWithCheckForEveryExercise) {
  std::vector<PlanState> states;
  for (const PlanRequest& request : {MariaRequest(), AhmedRequest(), TomRequest()}) {
    PlanState s = PlanFor(request);
    states.push_back(s);
    s.request.intake.pain_now = 0;
    states.push_back(s);
    s.request.equipment = {"gym"};
    states.push_back(s);
    s.status = PlanStatus::kWalkingOnly;
    states.push_back(s);
    s.status = PlanStatus::kActive;
    s.phase = Phase::kChronic;
    s.request.fear_of_movement = FearLevel::kLow;
    states.push_back(s);
  }
  int refused = 0;
  for (const PlanState& s : states) {
    const EligibilityChecker checker(s, ShippedContent());
    for (const auto& e : ShippedContent().catalogue.exercises()) {
      const Eligibility full = checker.Check(e);
      EXPECT_EQ(checker.Allows(e), full.ok) << e.id;
      refused += full.ok ? 0 : 1;
    }
  }
  EXPECT_GT(refused, 0);  // the states refuse some, so both answers were seen
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
  for (int minutes : {10, 15, 25, 60}) {
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
    for (const auto& day : s.schedule) EXPECT_LE(day.minutes, minutes) << day.date.ToString();
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

// Brief section 7: within_days means "gentle walking within comfort only";
// journeys: Grace, 71, fell from standing with osteoporosis, gets no
// exercise plan beyond it.
TEST(PlanTest, WithinDaysIsGentleWalkingOnly) {
  PlanRequest grace = MariaRequest();
  grace.intake.age = 71;
  grace.intake.trauma = Trauma::kMinor;
  grace.intake.osteoporosis_or_long_term_steroids = true;
  PlanRequest weight = MariaRequest();
  weight.intake.unexplained_weight_loss = true;
  PlanRequest acute = TomRequest();
  acute.intake.pain_now = 9;
  acute.intake.pain_trend = PainTrend::kWorsening;  // W7
  for (const PlanRequest& r : {grace, weight, acute}) {
    const PlanState s = PlanFor(r);
    EXPECT_EQ(s.status, PlanStatus::kWalkingOnly);
    ASSERT_FALSE(s.messages.empty());
    EXPECT_EQ(s.messages.front(),
              "See a doctor within the next few days. Until then, gentle walking within comfort "
              "only; no exercise plan yet.");
    ASSERT_EQ(s.exercises.size(), 1u);
    EXPECT_EQ(s.exercises[0].id, "walking");
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) EXPECT_EQ(id, "walking") << day.date.ToString();
    }
  }
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
  // A liked activity is named, and why walking comes first for now.
  PlanRequest cyclist = TomRequest();
  cyclist.equipment = {"stationary_bike"};
  const PlanState c = PlanFor(cyclist);
  EXPECT_EQ(c.aerobic.exercise_id, "walking");
  bool named = false;
  for (const auto& why : c.rationale) {
    named = named || (why.subject == "stationary_cycling" && why.decision == "not_yet" &&
                      why.reason.find("walking comes first") != std::string::npos);
  }
  EXPECT_TRUE(named);
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

// Brief section 4: jumping into high-intensity training too soon aggravates
// symptoms; section 3: start low. Where intervals suit the person the plan
// holds them, at or below the start level, but its week never lays them out:
// they wait for a base of easy aerobic work, and never come at 10/10 pain.
TEST(PlanTest, AFirstPlanHoldsIntervalsButNeverLaysThemOut) {
  PlanRequest r = MariaRequest();
  r.activity_level = ActivityLevel::kActive;
  r.equipment = {"stationary_bike", "elliptical"};
  r.likes = {"cycling"};
  PlanRequest worst = r;
  worst.intake.pain_now = 10;
  for (const PlanRequest& request : {r, worst}) {
    const PlanState s = PlanFor(request);
    EXPECT_TRUE(s.intervals_offered);
    ASSERT_TRUE(Categories(s).count(Category::kIntervals));
    for (const auto& p : s.exercises) {
      if (p.category == Category::kIntervals) {
        EXPECT_LE(p.level, request.intake.pain_now >= 7
                               ? 1
                               : ShippedContent().engine.plan.start_level.at(
                                     ActivityLevelName(request.activity_level)))
            << p.id;
      }
    }
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) {
        EXPECT_NE(s.Find(id)->category, Category::kIntervals) << day.date.ToString();
      }
    }
  }
  bool later = false;
  for (const auto& why : PlanFor(r).rationale) {
    later = later || (why.rule == "first_plan.no_intervals" &&
                      why.reason.find("laid out only once a base of easy aerobic sessions has been "
                                      "tolerated") != std::string::npos);
  }
  EXPECT_TRUE(later);
  // At 10/10 the start is level 1 for everything, as the rationale says.
  const PlanState s = PlanFor(worst);
  for (const auto& p : s.exercises) EXPECT_EQ(p.level, 1) << p.id;
  bool said = false;
  for (const auto& why : s.rationale) {
    said = said || (why.decision == "start_level" &&
                    why.reason ==
                        "Exercises start at level 1 or below because your pain is "
                        "10/10 today.");
  }
  EXPECT_TRUE(said);
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
  for (const auto& p : active.exercises) max_level = std::max(max_level, p.level);
  EXPECT_EQ(max_level, ShippedContent().engine.plan.start_level.at("active"));
  r.activity_level = ActivityLevel::kLight;
  for (const auto& p : PlanFor(r).exercises) EXPECT_EQ(p.level, 1) << p.id;
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

std::set<std::string> IdsOf(const PlanState& s, Category c) {
  std::set<std::string> out;
  for (const auto& p : s.exercises) {
    if (p.category == c) out.insert(p.id);
  }
  return out;
}

// The rationale entry that included an exercise.
const Reason* WhyIncluded(const PlanState& s, const std::string& id) {
  for (const auto& r : s.rationale) {
    if (r.subject == id && r.decision == "included") return &r;
  }
  return nullptr;
}

// Brief section 4: "generic one-size-fits-all routines" work poorly; section
// 3: core stability is plank, bird-dog and dead bug; mobility is hip,
// hamstring, glute and quad stretches besides the warm-up.
TEST(PlanTest, AGymGoerAndAFearfulInactiveOlderPersonGetDifferentCoreAndMobility) {
  PlanRequest gym = MariaRequest();
  gym.intake.age = 30;
  gym.intake.pain_now = 3;
  gym.activity_level = ActivityLevel::kActive;
  gym.fear_of_movement = FearLevel::kLow;
  gym.equipment = {"gym"};
  gym.likes = {"strength"};
  gym.dislikes = {};
  PlanRequest older = MariaRequest();
  older.intake.age = 72;
  older.activity_level = ActivityLevel::kInactive;
  older.fear_of_movement = FearLevel::kHigh;
  older.equipment = {"chair"};
  older.likes = {};
  older.dislikes = {};
  const PlanState a = PlanFor(gym);
  const PlanState b = PlanFor(older);
  EXPECT_NE(IdsOf(a, Category::kCore), IdsOf(b, Category::kCore));
  EXPECT_NE(IdsOf(a, Category::kMobility), IdsOf(b, Category::kMobility));
  EXPECT_NE(IdsOf(a, Category::kStrength), IdsOf(b, Category::kStrength));
  // The gym-goer's core work is plank, side plank or bird-dog work, never bracing.
  for (const auto& id : IdsOf(a, Category::kCore)) {
    EXPECT_TRUE(id == "plank_on_knees" || id == "side_plank_knees" || id == "bird_dog" ||
                id == "dead_bug")
        << id;
  }
  // Everyone's mobility holds a warm-up and a stretch, not two warm-ups.
  for (const PlanState* s : {&a, &b}) {
    int stretches = 0;
    for (const auto& id : IdsOf(*s, Category::kMobility)) {
      stretches += id.find("stretch") != std::string::npos;
    }
    EXPECT_GE(stretches, 1);
  }
  // Each choice names its selection rule and its source.
  for (const PlanState* s : {&a, &b}) {
    for (const auto& p : s->exercises) {
      const Reason* why = WhyIncluded(*s, p.id);
      ASSERT_NE(why, nullptr) << p.id;
      EXPECT_FALSE(why->source.empty()) << p.id;
      EXPECT_FALSE(why->rule.empty()) << p.id;
    }
  }
  const Reason* core = WhyIncluded(b, *IdsOf(b, Category::kCore).begin());
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(core->rule.rfind("first_plan.selection.", 0), 0u) << core->rule;
}

// Journeys: Maria's plan is bird-dog, glute bridge, dead bug, cat-camel and
// a hamstring stretch lying down, with walking.
TEST(PlanTest, MariasPlanIsTheOneHerJourneyDescribes) {
  const PlanState s = PlanFor(MariaRequest());
  EXPECT_EQ(IdsOf(s, Category::kCore),
            (std::set<std::string>{"bird_dog_arms_only", "dead_bug_heel_taps"}));
  EXPECT_EQ(IdsOf(s, Category::kMobility),
            (std::set<std::string>{"cat_camel", "hamstring_stretch_lying"}));
  EXPECT_TRUE(IdsOf(s, Category::kStrength).count("glute_bridge"));
  EXPECT_EQ(s.aerobic.exercise_id, "walking");
  // The warm-up opens every session.
  for (const auto& day : s.schedule) {
    if (day.kind == "session") {
      EXPECT_EQ(day.exercises.front(), "cat_camel") << day.date.ToString();
    }
  }
}

// Brief section 3: "Enjoyment drives adherence: find an activity the person
// likes and stick with it."
TEST(PlanTest, LikesLeadToThatActivityWhenItIsSafe) {
  struct Case {
    std::string like;
    std::vector<std::string> equipment;
    Category category;
  };
  for (const Case& c :
       {Case{"yoga", {}, Category::kMindBody}, Case{"pilates", {}, Category::kMindBody},
        Case{"swimming", {"pool"}, Category::kAerobic}, Case{"water", {"pool"}, Category::kAerobic},
        Case{"cycling", {"stationary_bike"}, Category::kAerobic}}) {
    PlanRequest r = MariaRequest();
    r.likes = {c.like};
    r.dislikes = {};
    r.equipment = c.equipment;
    const PlanState s = PlanFor(r);
    bool found = false;
    for (const auto& p : s.exercises) {
      const auto& activities = CatalogueEntry(p.id).activities;
      found = found || (p.category == c.category && std::find(activities.begin(), activities.end(),
                                                              c.like) != activities.end());
    }
    EXPECT_TRUE(found) << c.like;
  }
  // Breathing is not a yoga session: a person who likes yoga gets yoga.
  PlanRequest yoga = MariaRequest();
  yoga.likes = {"yoga"};
  const PlanState s = PlanFor(yoga);
  EXPECT_EQ(s.Find("diaphragmatic_breathing"), nullptr);
  const auto mind_body = IdsOf(s, Category::kMindBody);
  ASSERT_EQ(mind_body.size(), 1u);
  const Reason* why = WhyIncluded(s, *mind_body.begin());
  ASSERT_NE(why, nullptr);
  EXPECT_NE(why->reason.find("a yoga session is part of the week"), std::string::npos)
      << why->reason;
}

// Brief section 8: "the person's daily time budget always wins; within it,
// doses shrink and kinds of work rotate so that none is missing from any
// week."
TEST(PlanTest, TenMinutesOnTwoDaysKeepsStrengthEveryWeek) {
  for (const PlanRequest& base : {MariaRequest(), AhmedRequest()}) {
    PlanRequest r = base;
    r.minutes_per_day = 10;
    r.days_per_week = 2;
    const PlanState s = PlanFor(r);
    std::set<Category> scheduled;
    int session_days = 0;
    for (const auto& day : s.schedule) {
      EXPECT_LE(day.minutes, 10) << day.date.ToString();
      session_days += day.kind == "session";
      for (const auto& id : day.exercises) scheduled.insert(s.Find(id)->category);
    }
    EXPECT_EQ(session_days, 2);
    EXPECT_TRUE(scheduled.count(Category::kStrength));
    // Intervals, when held, wait for a base of easy aerobic work.
    auto kinds = Categories(s);
    kinds.erase(Category::kIntervals);
    EXPECT_EQ(scheduled, kinds);
    EXPECT_TRUE(HasReason(s, "first_plan.fit"));
  }
}

TEST(PlanTest, AcuteWalksShortenToFitThePersonsTime) {
  PlanRequest r = TomRequest();
  r.minutes_per_day = 15;
  const PlanState s = PlanFor(r);
  EXPECT_EQ(s.aerobic.bouts_per_day, 2);
  EXPECT_EQ(s.aerobic.minutes_per_bout, 5);
  for (const auto& day : s.schedule) EXPECT_LE(day.minutes, 15) << day.date.ToString();
}

// Brief sections 5 and 8: dull soreness that settles within 24-72 hours is
// expected, and the app says so.
TEST(PlanTest, EveryExercisePlanCarriesTheSorenessLesson) {
  for (const PlanRequest& r : {TomRequest(), MariaRequest(), AhmedRequest()}) {
    const PlanState s = PlanFor(r);
    EXPECT_NE(std::find(s.lessons.begin(), s.lessons.end(), "soreness_vs_pain"), s.lessons.end())
        << PhaseName(s.phase);
  }
}

// Brief sections 3 and 5: radicular plans start gently and stop anything
// that sends symptoms further down the leg; a nerve glide is offered.
TEST(PlanTest, RadicularPlansOfferTheNerveGlideWithItsCautions) {
  const PlanState s = PlanFor(AhmedRequest());
  const Prescription* glide = s.Find("sciatic_nerve_slider");
  ASSERT_NE(glide, nullptr);
  EXPECT_EQ(glide->level, 1);
  const Exercise& e = CatalogueEntry("sciatic_nerve_slider");
  EXPECT_NE(e.if_it_hurts.find("spreads further down the leg"), std::string::npos);
  EXPECT_EQ(e.presentations, std::vector<std::string>{"radicular"});
  // Not for people without nerve symptoms.
  EXPECT_EQ(PlanFor(MariaRequest()).Find("sciatic_nerve_slider"), nullptr);
}

bool Says(const PlanState& s, const std::string& words) {
  return std::find(s.messages.begin(), s.messages.end(), words) != s.messages.end();
}

TEST(PlanTest, ARefusedPlanSaysOnlyWhatApplies) {
  const auto& screening = ShippedContent().screening;
  const std::string start = screening.advice(Tier::kRoutineReview).headline;
  PlanRequest young = MariaRequest();
  young.intake.age = 16;
  const PlanState under18 = PlanFor(young);
  ASSERT_FALSE(under18.messages.empty());
  EXPECT_FALSE(Says(under18, start));
  EXPECT_EQ(under18.messages.front().rfind("backcoach's programme is built for adults.", 0), 0u);
  // An emergency with a routine finding beside it: only the emergency.
  PlanRequest saddle = AhmedRequest();
  saddle.intake.saddle_numbness = true;
  const PlanState emergency = PlanFor(saddle);
  ASSERT_FALSE(emergency.messages.empty());
  EXPECT_EQ(emergency.messages.front(), "Go to an emergency department now.");
  EXPECT_FALSE(Says(emergency, start));
  for (const auto& caution : emergency.cautions) EXPECT_FALSE(Says(emergency, caution));
}

TEST(PlanTest, AStopSaysOnlyTheStopAndShowsOnEveryExercise) {
  PlanState s = PlanFor(AhmedRequest());
  ASSERT_GE(s.exercises.size(), 2u);
  s.exercises[0].paused = true;  // a clinician's exclude, before the stop
  const auto& screening = ShippedContent().screening;
  Intake worse = s.request.intake;
  worse.bladder_or_bowel_change = true;
  const ScreenResult screen = Screen(worse, screening);
  StopPlan(s, screen.triage, screen.flags, ShippedContent());
  EXPECT_EQ(s.status, PlanStatus::kStopped);
  ASSERT_FALSE(s.messages.empty());
  EXPECT_EQ(s.messages.front(), "Go to an emergency department now.");
  EXPECT_FALSE(Says(s, screening.advice(Tier::kRoutineReview).headline));
  for (const auto& caution : s.cautions) EXPECT_FALSE(Says(s, caution));
  for (const auto& p : s.exercises) {
    EXPECT_TRUE(p.paused) << p.id;
    EXPECT_TRUE(p.stopped) << p.id;
  }
  EXPECT_TRUE(s.schedule.empty());
  // The JSON keeps a stop apart from a clinician's exclude.
  const auto json = PlanStateToJson(s, ShippedContent());
  EXPECT_EQ(json["exercises"][0]["stopped"], true);
  auto back = PlanStateFromJson(json, ShippedContent());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(back->exercises[1].stopped);
  PlanState excluded = PlanFor(AhmedRequest());
  excluded.exercises[0].paused = true;
  EXPECT_EQ(PlanStateToJson(excluded, ShippedContent())["exercises"][0]["stopped"], false);
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
      // Start low holds for every kind of work, intervals included.
      EXPECT_LE(p.level, content.engine.plan.start_level.at(ActivityLevelName(r.activity_level)))
          << p.id;
    }
    // Time: the person's minutes always win; no intervals in a first week;
    // within days, walking only; every kind of work in the week.
    const bool walk_daily = s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
    for (const auto& day : s.schedule) {
      EXPECT_LE(day.minutes, r.minutes_per_day) << day.date.ToString();
    }
    std::set<Category> kinds;
    std::set<Category> scheduled;
    for (const auto& p : s.exercises) {
      if (s.status == PlanStatus::kWalkingOnly) {
        EXPECT_EQ(p.id, "walking");
      }
      // Intervals are held for later, never laid out in a first week.
      if (p.category != Category::kIntervals) kinds.insert(p.category);
      if (p.category == Category::kIntervals) {
        EXPECT_TRUE(s.intervals_offered) << p.id;
      }
    }
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) scheduled.insert(s.Find(id)->category);
    }
    EXPECT_EQ(kinds, scheduled);
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
