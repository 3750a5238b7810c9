#include "core/adjustment.h"

#include <gtest/gtest.h>

#include "core/adjustment_json.h"
#include "core/plan_json.h"
#include "core/progression.h"
#include "core/schedule.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::AhmedRequest;
using testing::MariaRequest;
using testing::PlanFor;
using testing::ShippedContent;
using testing::TomRequest;

Adjustment Change(std::string id, std::string action, std::string reason = "Let's build up.") {
  Adjustment a;
  a.exercise_id = std::move(id);
  a.action = std::move(action);
  a.reason = std::move(reason);
  a.by = "Dr. Lee";
  return a;
}

Result<PlanState> Apply(const PlanState& s, const Adjustment& a) {
  return AdjustPlan(s, a, ShippedContent(), s.request.start_date);
}

// The first prescription of a kind of work in the plan.
const Prescription* FirstOf(const PlanState& s, Category c) {
  for (const auto& p : s.exercises) {
    if (p.category == c) return &p;
  }
  return nullptr;
}

TEST(AdjustPlanTest, DoseOfWalkingReadsAsOneSentence) {
  Adjustment a = Change("walking", "dose", "Let's build up slowly");
  a.dose.minutes = 15;
  a.dose.days_per_week = 5;
  auto s = Apply(PlanFor(MariaRequest()), a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->decisions.size(), 1u);
  EXPECT_EQ(s->decisions[0].reason,
            "Dr. Lee set walking to 15 minutes, 5 days a week: Let's build up slowly.");
  EXPECT_EQ(s->decisions[0].rule, "clinician.adjustment");
  EXPECT_EQ(s->decisions[0].decision, "dose");
  EXPECT_EQ(s->decisions[0].subject, "walking");
  EXPECT_EQ(s->Find("walking")->dose.minutes, 15);
  EXPECT_EQ(s->aerobic.minutes_per_bout, 15);
  EXPECT_EQ(s->aerobic.days_per_week, 5);
  // The clinician's minutes are kept whole on every walking day.
  for (const auto& day : s->schedule) {
    if (day.kind == "session") {
      EXPECT_EQ(day.aerobic_minutes, 15) << day.date.ToString();
    }
    EXPECT_LE(day.minutes, 25);
  }
}

TEST(AdjustPlanTest, WalkingOnItsOwnDaysAddsWalksOnRestDaysAndKeepsTheSessions) {
  Adjustment a = Change("walking", "dose");
  a.dose.days_per_week = 7;
  auto s = Apply(PlanFor(MariaRequest()), a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  int sessions = 0, walks = 0;
  for (const auto& day : s->schedule) {
    sessions += day.kind == "session";
    walks += day.kind == "walk";
    EXPECT_NE(day.kind, "rest");
  }
  EXPECT_EQ(sessions, 5);
  EXPECT_EQ(walks, 2);
  EXPECT_EQ(s->aerobic.days_per_week, 7);
  EXPECT_NE(s->decisions[0].reason.find("set walking to 10 minutes, every day"), std::string::npos)
      << s->decisions[0].reason;

  a.dose.days_per_week = 3;
  s = Apply(PlanFor(MariaRequest()), a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  int with_walking = 0;
  for (const auto& day : s->schedule) {
    for (const auto& id : day.exercises) with_walking += id == "walking";
  }
  EXPECT_EQ(with_walking, 3);
}

TEST(AdjustPlanTest, DoseFieldsOutsideTheExercisesKindOrBoundsAreRefusedInPlainWords) {
  const PlanState maria = PlanFor(MariaRequest());
  Adjustment a = Change("walking", "dose");
  a.dose.reps = 10;
  auto s = Apply(maria, a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "repetitions do not apply to walking: its dose is set in minutes and days a week");

  a = Change("walking", "dose");
  a.dose.minutes = 40;
  s = Apply(maria, a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "minutes must be from 5 to 20 to fit the person's 25 minutes a day");

  a = Change("walking", "dose");
  a.dose.days_per_week = 8;
  EXPECT_EQ(Apply(maria, a).status().message(), "days a week must be from 1 to 7");

  a = Change("walking", "dose");
  EXPECT_EQ(Apply(maria, a).status().message(),
            "give at least one of the dose's fields: minutes and days a week");

  const Prescription* core = FirstOf(maria, Category::kCore);
  ASSERT_NE(core, nullptr);
  a = Change(core->id, "dose");
  a.dose.sets = 9;
  EXPECT_EQ(Apply(maria, a).status().message(), "sets must be from 1 to 5");
  a = Change(core->id, "dose");
  a.dose.minutes = 10;
  auto refused = Apply(maria, a);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("minutes do not apply"), std::string::npos);
}

TEST(AdjustPlanTest, DoseOfARepetitionExerciseSaysSetsAndRepetitions) {
  const PlanState maria = PlanFor(MariaRequest());
  const Prescription* strength = FirstOf(maria, Category::kStrength);
  ASSERT_NE(strength, nullptr);
  ASSERT_GT(strength->dose.reps, 0);
  Adjustment a = Change(strength->id, "dose", "Slow and steady.");
  a.dose.sets = 3;
  a.dose.reps = 10;
  auto s = Apply(maria, a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->Find(strength->id)->dose.sets, 3);
  EXPECT_EQ(s->Find(strength->id)->dose.reps, 10);
  EXPECT_EQ(s->decisions[0].reason.rfind("Dr. Lee set ", 0), 0u) << s->decisions[0].reason;
  EXPECT_NE(s->decisions[0].reason.find(" to 3 sets of 10"), std::string::npos)
      << s->decisions[0].reason;
  EXPECT_EQ(s->decisions[0].reason.substr(s->decisions[0].reason.size() - 18),
            ": Slow and steady.");
}

TEST(AdjustPlanTest, LevelIsChosenByTheExercisesIdOrNameWithinItsChain) {
  const PlanState maria = PlanFor(MariaRequest());
  const Prescription* walk = maria.Find("walking");
  ASSERT_NE(walk, nullptr);
  Adjustment a = Change("walking", "level", "Ready for more");
  a.to = "Brisk walking";
  auto s = Apply(maria, a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_NE(s->Find("brisk_walking"), nullptr);
  EXPECT_EQ(s->Find("walking"), nullptr);
  EXPECT_EQ(s->decisions[0].reason, "Dr. Lee moved walking to brisk walking: Ready for more.");
  EXPECT_EQ(s->decisions[0].subject, "brisk_walking");

  a.to = "brisk_walking";
  EXPECT_TRUE(Apply(maria, a).ok());
  a.to = "swimming";
  EXPECT_EQ(Apply(maria, a).status().message(), "'swimming' is not a level of walking");
  a.to = "walking";
  EXPECT_EQ(Apply(maria, a)->decisions[0].reason,
            "Dr. Lee kept walking at this level: Ready for more.");
  // The level number still works.
  a.to.clear();
  a.level = 2;
  s = Apply(maria, a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_NE(s->Find("brisk_walking"), nullptr);
}

TEST(AdjustPlanTest, AddTakesAnExerciseTheScreenAllowsAndRefusesOthers) {
  const PlanState maria = PlanFor(MariaRequest());
  const EligibilityChecker eligible(maria, ShippedContent());
  int added = 0, refused = 0;
  for (const auto& e : ShippedContent().catalogue.exercises()) {
    auto s = Apply(maria, Change(e.id, "add", "One more to try."));
    const bool in_plan = maria.Find(e.id) != nullptr;
    const Eligibility why = eligible.Check(e);
    if (in_plan) {
      EXPECT_EQ(s.status().code(), StatusCode::kConflict) << e.id;
    } else if (!why.ok) {
      ASSERT_FALSE(s.ok()) << e.id;
      EXPECT_EQ(s.status().message(), e.name + " cannot be added: " + why.reason);
      ++refused;
    } else if (e.category == Category::kAerobic || e.category == Category::kIntervals) {
      // One piece of aerobic work (and of intervals) at a time.
      if (!s.ok()) {
        EXPECT_EQ(s.status().code(), StatusCode::kConflict) << e.id;
      }
    } else if (s.ok()) {
      ++added;
      const Prescription* p = s->Find(e.id);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(s->decisions[0].reason.rfind("Dr. Lee added ", 0), 0u);
      EXPECT_NE(s->decisions[0].reason.find("(" + DoseWords(p->dose, 0) + "): One more to try."),
                std::string::npos)
          << s->decisions[0].reason;
    } else {
      // Only when it does not fit the person's day.
      EXPECT_NE(s.status().message().find("does not fit"), std::string::npos)
          << e.id << ": " << s.status().message();
    }
  }
  EXPECT_GT(added, 5);
  EXPECT_GT(refused, 0);  // dumbbells, a chair, a pool, radicular-only glides...

  auto s = Apply(maria, Change("no_such_exercise", "add"));
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

TEST(AdjustPlanTest, AddWithADoseUsesIt) {
  const PlanState maria = PlanFor(MariaRequest());
  ASSERT_EQ(maria.Find("clamshell"), nullptr);
  Adjustment a = Change("clamshell", "add");
  a.dose.sets = 1;
  a.dose.reps = 8;
  auto s = Apply(maria, a);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->decisions[0].reason,
            "Dr. Lee added clamshell (8 repetitions on each side): Let's build up.");
  EXPECT_EQ(s->Find("clamshell")->dose_by, "Dr. Lee");
}

TEST(AdjustPlanTest, NothingMovesUpWhileAFindingIsOpen) {
  PlanState s = PlanFor(MariaRequest());
  s.open_findings.push_back(
      {"R4", Tier::kRoutineReview, s.request.start_date, "Constant night pain"});
  auto added = Apply(s, Change("clamshell", "add"));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().message(),
            "Clamshell cannot be added now: nothing moves up while a finding (Constant night "
            "pain) waits for review");
  Adjustment more = Change("walking", "dose");
  more.dose.minutes = 15;
  EXPECT_EQ(Apply(s, more).status().code(), StatusCode::kConflict);
  Adjustment less = Change("walking", "dose");
  less.dose.minutes = 8;
  EXPECT_TRUE(Apply(s, less).ok());
  Adjustment up = Change("walking", "level");
  up.to = "brisk_walking";
  EXPECT_EQ(Apply(s, up).status().code(), StatusCode::kConflict);
  EXPECT_TRUE(PlanControlOf(s, ShippedContent()).can_add.empty());
}

TEST(AdjustPlanTest, EverySentenceNamesTheClinicianTheExerciseAndTheReason) {
  const PlanState maria = PlanFor(MariaRequest());
  const std::pair<const char*, const char*> expected[] = {
      {"pin", "Dr. Lee kept walking at its current level: Let's build up."},
      {"unpin", "Dr. Lee let walking move up again: Let's build up."},
      {"exclude", "Dr. Lee took walking out of your sessions: Let's build up."},
      {"include", "Dr. Lee put walking back in your sessions: Let's build up."},
  };
  for (const auto& [action, sentence] : expected) {
    auto s = Apply(maria, Change("walking", action));
    ASSERT_TRUE(s.ok()) << action << ": " << s.status().message();
    EXPECT_EQ(s->decisions[0].reason, sentence);
  }
  Adjustment anonymous = Change("walking", "pin");
  anonymous.by.clear();
  EXPECT_EQ(Apply(maria, anonymous)->decisions[0].reason,
            "Your clinician kept walking at its current level: Let's build up.");
  EXPECT_EQ(Apply(maria, Change("walking", "pin", "  ")).status().message(),
            "a reason is required: the patient sees it");
  EXPECT_EQ(Apply(maria, Change("walking", "stretch")).status().message(),
            "action must be one of pin, unpin, exclude, include, level, dose or add");
}

// Every action on every exercise of representative plans: the result is a
// plan that reads back, within the person's day, with only exercises the
// screen allows, and one decision in a sentence.
TEST(AdjustPlanTest, EveryActionOnEveryExerciseLeavesAValidPlan) {
  PlanRequest graded = MariaRequest();
  graded.fear_of_movement = FearLevel::kHigh;
  PlanRequest short_days = MariaRequest();
  short_days.minutes_per_day = 10;
  short_days.days_per_week = 2;
  const Content& content = ShippedContent();
  testing::Random random(7);
  int applied = 0;
  for (const PlanRequest& request :
       {MariaRequest(), TomRequest(), AhmedRequest(), graded, short_days}) {
    const PlanState plan = PlanFor(request);
    std::vector<Adjustment> changes;
    for (const auto& p : plan.exercises) {
      for (const char* action : {"pin", "unpin", "exclude", "include"}) {
        changes.push_back(Change(p.id, action));
      }
      const Exercise* e = content.catalogue.Find(p.id);
      for (const Exercise* x = e; x != nullptr; x = content.catalogue.Easier(*x)) {
        Adjustment a = Change(p.id, "level");
        a.to = x->name;
        changes.push_back(a);
      }
      for (const Exercise* x = e; x != nullptr; x = content.catalogue.Harder(*x)) {
        Adjustment a = Change(p.id, "level");
        a.to = x->id;
        changes.push_back(a);
      }
      for (int k = 0; k < 8; ++k) {
        Adjustment a = Change(p.id, "dose");
        const DoseFields f = DoseFieldsOf(*e);
        if (f.sets) a.dose.sets = random.Int(0, 6);
        if (f.reps) a.dose.reps = random.Int(0, 17);
        if (f.hold_seconds) a.dose.hold_seconds = random.Int(3, 65);
        if (f.minutes) a.dose.minutes = random.Int(3, 65);
        if (f.days_per_week && random.Chance(50)) a.dose.days_per_week = random.Int(0, 8);
        changes.push_back(a);
      }
    }
    for (const auto& e : content.catalogue.exercises()) changes.push_back(Change(e.id, "add"));
    for (const Adjustment& a : changes) {
      auto s = Apply(plan, a);
      if (!s.ok()) {
        EXPECT_FALSE(s.status().message().empty());
        EXPECT_NE(s.status().code(), StatusCode::kInternal);
        continue;
      }
      ++applied;
      SCOPED_TRACE(a.action + " " + a.exercise_id);
      ASSERT_EQ(s->decisions.size(), 1u);
      EXPECT_EQ(s->decisions[0].rule, "clinician.adjustment");
      EXPECT_EQ(s->decisions[0].reason.rfind("Dr. Lee ", 0), 0u);
      EXPECT_NE(s->decisions[0].reason.find(": Let's build up."), std::string::npos);
      auto back = PlanStateFromJson(PlanStateToJson(*s, content), content);
      ASSERT_TRUE(back.ok()) << back.status().message();
      EXPECT_EQ(PlanStateToJson(*back, content), PlanStateToJson(*s, content));
      const EligibilityChecker eligible(*s, content);
      for (const auto& p : s->exercises) {
        const Exercise* e = content.catalogue.Find(p.id);
        ASSERT_NE(e, nullptr);
        if (!p.paused && plan.Find(p.id) == nullptr) {
          EXPECT_TRUE(eligible.Check(*e).ok) << p.id;
        }
        const ClinicianDoseRules& r = content.engine.clinician_dose;
        if (p.dose_by.empty()) continue;
        if (p.dose.sets > 0) {
          EXPECT_LE(p.dose.sets, r.sets.max);
        }
        if (p.dose.reps > 0) {
          EXPECT_LE(p.dose.reps, r.reps.max);
        }
        if (p.dose.minutes > 0) {
          EXPECT_LE(p.dose.minutes, MaxDoseMinutes(*s, p, content));
        }
      }
      const bool walk_daily = s->phase == Phase::kAcute;
      for (const auto& day : s->schedule) {
        if (!walk_daily) {
          EXPECT_LE(day.minutes, s->request.minutes_per_day) << day.date.ToString();
        }
      }
    }
  }
  EXPECT_GT(applied, 200);
}

TEST(AdjustPlanTest, APinnedExerciseKeepsTheClinicansDoseAndAnUnpinnedOneGrowsFromIt) {
  const Content& content = ShippedContent();
  PlanState s = PlanFor(MariaRequest());
  const Prescription* strength = FirstOf(s, Category::kStrength);
  ASSERT_NE(strength, nullptr);
  const std::string id = strength->id;
  Adjustment dose = Change(id, "dose");
  dose.dose.sets = 3;
  dose.dose.reps = 9;
  auto pinned = Apply(s, dose);
  ASSERT_TRUE(pinned.ok()) << pinned.status().message();
  auto unpinned = *pinned;
  pinned = AdjustPlan(*pinned, Change(id, "pin"), content, s.request.start_date);
  ASSERT_TRUE(pinned.ok());
  Date day = s.request.start_date;
  auto green = [&](const PlanState& state, Date date) {
    SessionLog log;
    log.date = date;
    for (const auto& p : state.exercises) {
      if (!p.paused) log.exercises.push_back({p.id, true, 1, false, false, "", {}});
    }
    log.pain_after = 1;
    log.pain_next_morning = 1;
    log.effort = 4;
    return log;
  };
  PlanState a = *pinned, b = unpinned;
  bool grew = false;
  for (int i = 0; i < 6; ++i, day = day.Plus(1)) {
    auto na = Progress(a, green(a, day), content);
    auto nb = Progress(b, green(b, day), content);
    ASSERT_TRUE(na.ok() && nb.ok());
    a = *na;
    b = *nb;
    ASSERT_NE(a.Find(id), nullptr);
    EXPECT_EQ(a.Find(id)->dose.sets, 3);
    EXPECT_EQ(a.Find(id)->dose.reps, 9);
    const Prescription* p = b.Find(id);
    if (p != nullptr && !grew && (p->dose.reps != 9 || p->dose.sets != 3)) {
      // One step from the clinician's dose: repetitions +2 by the usual rule,
      // or the harder variant at no more than that dose.
      EXPECT_EQ(p->dose.reps, 9 + content.engine.progression.reps_step);
      EXPECT_FALSE(p->ClinicianDose());
      grew = true;
    }
    if (p == nullptr) grew = true;  // moved to the harder variant
  }
  EXPECT_TRUE(grew);
}

TEST(AdjustmentJsonTest, ReadsTheNewFieldsAndRefusesStrayOnes) {
  const ClinicianDoseRules& r = ShippedContent().engine.clinician_dose;
  auto a = AdjustmentFromJson(
      nlohmann::json::parse(R"({"exercise_id": "walking", "action": "dose", "minutes": 15,
                                "days_per_week": 5, "reason": "slowly"})"),
      r);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->dose.minutes, 15);
  EXPECT_EQ(a->dose.days_per_week, 5);
  EXPECT_EQ(AdjustmentToJson(*a),
            nlohmann::json::parse(R"({"exercise_id": "walking", "action": "dose", "minutes": 15,
                                      "days_per_week": 5, "reason": "slowly"})"));
  auto bad = AdjustmentFromJson(
      nlohmann::json::parse(R"({"exercise_id": "walking", "action": "dose", "minutes": 15.5,
                                "reason": "x"})"),
      r);
  EXPECT_EQ(bad.status().message(), "field 'minutes' must be a whole number from 5 to 60");
  bad = AdjustmentFromJson(
      nlohmann::json::parse(R"({"exercise_id": "walking", "action": "pin", "minutes": 15,
                                "reason": "x"})"),
      r);
  EXPECT_EQ(bad.status().message(), "dose fields go with the action 'dose' or 'add'");
  bad = AdjustmentFromJson(nlohmann::json::parse(R"({"exercise_id": "walking", "action": "pin",
                                                     "reason": "x", "by": "me"})"),
                           r);
  EXPECT_EQ(bad.status().message(), "unknown field 'by'");
}

TEST(ClinicianDoseContentTest, BoundsPastProgressionsOwnAreRefusedAtLoad) {
  std::string text = testing::ReadSourceFile("content/engine.yaml");
  const std::string from = "reps: {min: 1, max: 15}";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "reps: {min: 1, max: 40}");
  auto rules = EngineRules::Parse(text, "engine.yaml");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("clinician_dose"), std::string::npos)
      << rules.status().message();
  EXPECT_NE(rules.status().message().find("max_reps"), std::string::npos);
}

}  // namespace
}  // namespace backcoach
