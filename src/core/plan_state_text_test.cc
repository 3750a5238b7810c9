// PlanStateText against the tree it stands in for: the same bytes as
// PlanStateToJson(state, content).dump() for states drawn at random (text
// that needs escaping, text beyond ASCII, numbers of every size, optional
// fields present and absent, ids in the state, in the catalogue or in
// neither) and for real states, first plans and the weeks that follow them.
#include "core/plan_state_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/plan_json.h"
#include "core/plan_request.h"
#include "core/progression.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using json = nlohmann::json;
using testing::Random;
using testing::ShippedContent;

// Whether `got` is `want` byte for byte; if not, where they part, with a
// little of each around it (a state is thousands of bytes).
::testing::AssertionResult SameBytes(const std::string& got, const std::string& want) {
  if (got == want) return ::testing::AssertionSuccess();
  std::size_t at = 0;
  while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
  const std::size_t from = at < 60 ? 0 : at - 60;
  return ::testing::AssertionFailure()
         << "the texts part at byte " << at << " (lengths " << got.size() << " and " << want.size()
         << ")\n  written: ..." << got.substr(from, 120) << "\n  tree:    ..."
         << want.substr(from, 120);
}

std::string RandomText(Random& rng) {
  static const std::vector<std::string> kPieces = {
      "a",  "Z",    " ",    "\"",   "\\", "/", "\b", "\f",     "\n",           "\r",
      "\t", "\x01", "\x1f", "\x7f", "é",  "Ω", "😀",  "\u2019", "\xef\xbf\xbf", "'",
      "<",  "}",    "]",    ",",    ":",  "0", "-",  "walk",   "Pain is worse"};
  std::string out;
  if (rng.Chance(3)) out.push_back('\0');
  // Mostly short; now and then long.
  const int length = rng.Chance(5) ? rng.Int(20, 200) : rng.Int(0, 8);
  for (int i = 0; i < length; ++i) {
    out += kPieces[static_cast<std::size_t>(rng.Int(0, static_cast<int>(kPieces.size()) - 1))];
  }
  return out;
}

std::vector<std::string> RandomTexts(Random& rng) {
  std::vector<std::string> out;
  const int n = rng.Chance(5) ? rng.Int(10, 40) : rng.Int(0, 4);
  for (int i = 0; i < n; ++i) out.push_back(RandomText(rng));
  return out;
}

double RandomDouble(Random& rng) {
  switch (rng.Int(0, 13)) {
    case 0: return 0.0;
    case 1: return -0.0;
    case 2: return rng.Int(-10, 10);         // whole: 3.0
    case 3: return rng.Int(0, 100) / 4.0;    // 2.25
    case 4: return rng.Int(0, 1000) / 10.0;  // 0.1 and its like
    case 5: return rng.Int(1, 99) * 1e-5;    // 2.5e-05
    case 6: return rng.Int(1, 9) * std::pow(10.0, rng.Int(-320, 308));
    case 7: return std::pow(10.0, rng.Int(14, 17));  // where exponents start
    case 8: return std::numeric_limits<double>::denorm_min();
    case 9: return std::numeric_limits<double>::max();
    case 10:
      return rng.Chance(50) ? std::numeric_limits<double>::quiet_NaN()
                            : -std::numeric_limits<double>::infinity();
    default: {
      // Any finite double, from its bits.
      double d = 0;
      do {
        const std::uint64_t bits = rng.Next();
        std::memcpy(&d, &bits, sizeof d);
      } while (!std::isfinite(d));
      return d;
    }
  }
}

int RandomInt(Random& rng) {
  switch (rng.Int(0, 3)) {
    case 0: return 0;
    case 1: return rng.Int(-5, 30);
    case 2:
      return rng.Chance(50) ? std::numeric_limits<int>::min() : std::numeric_limits<int>::max();
    default: return static_cast<int>(rng.Next());
  }
}

Date RandomDate(Random& rng) { return Date::FromDays(rng.Int(-1000, 40000)); }

std::optional<Date> RandomOptionalDate(Random& rng) {
  if (rng.Chance(40)) return std::nullopt;
  return RandomDate(rng);
}

// An id of the catalogue, of the state's own exercises, or neither.
std::string RandomId(Random& rng, const PlanState& s, const Content& content) {
  const auto& catalogue = content.catalogue.exercises();
  const int which = rng.Int(0, 9);
  if (which < 4 && !catalogue.empty()) {
    return catalogue[static_cast<std::size_t>(rng.Int(0, static_cast<int>(catalogue.size()) - 1))]
        .id;
  }
  if (which < 7 && !s.exercises.empty()) {
    return s
        .exercises[static_cast<std::size_t>(rng.Int(0, static_cast<int>(s.exercises.size()) - 1))]
        .id;
  }
  return RandomText(rng);
}

Dose RandomDose(Random& rng) {
  return {RandomInt(rng), RandomInt(rng), RandomInt(rng), RandomInt(rng), rng.Chance(50)};
}

std::vector<LoadTag> RandomLoad(Random& rng) {
  std::vector<LoadTag> out;
  for (int i = rng.Int(0, 4); i > 0; --i) out.push_back(static_cast<LoadTag>(rng.Int(0, 4)));
  return out;
}

Prescription RandomPrescription(Random& rng, const Content& content) {
  Prescription p;
  const auto& catalogue = content.catalogue.exercises();
  p.id =
      rng.Chance(60)
          ? catalogue[static_cast<std::size_t>(rng.Int(0, static_cast<int>(catalogue.size()) - 1))]
                .id
          : RandomText(rng);
  p.name = RandomText(rng);
  p.category = static_cast<Category>(rng.Int(0, 5));
  p.level = RandomInt(rng);
  p.load = RandomLoad(rng);
  p.dose = RandomDose(rng);
  p.pinned = rng.Chance(30);
  p.pin_reason = rng.Chance(50) ? "" : RandomText(rng);
  p.paused = rng.Chance(30);
  p.stopped = rng.Chance(30);
  p.green_streak = RandomInt(rng);
  p.red_streak = RandomInt(rng);
  p.sharp_last_time = rng.Chance(30);
  p.awaiting_morning = rng.Chance(30);
  p.minutes_at_week_start = RandomInt(rng);
  // Absent at 0 and below; 1 to 7 as a clinician sets it, and beyond.
  p.days_per_week = rng.Chance(50) ? 0 : rng.Chance(80) ? rng.Int(1, 7) : RandomInt(rng);
  if (rng.Chance(40)) {
    p.dose_by = RandomText(rng);  // may be empty: absent then
    p.dose_set = RandomDose(rng);
  }
  return p;
}

Reason RandomReason(Random& rng) {
  return {RandomText(rng), RandomText(rng), RandomText(rng), RandomText(rng), RandomText(rng)};
}

std::vector<Reason> RandomReasons(Random& rng) {
  std::vector<Reason> out;
  for (int i = rng.Chance(10) ? rng.Int(10, 30) : rng.Int(0, 4); i > 0; --i) {
    out.push_back(RandomReason(rng));
  }
  return out;
}

template <typename Enum>
std::optional<Enum> MaybeEnum(Random& rng, int count) {
  if (rng.Chance(30)) return std::nullopt;
  return static_cast<Enum>(rng.Int(0, count - 1));
}

PlanRequest RandomRequestOfAnyShape(Random& rng) {
  PlanRequest r;
  Intake& in = r.intake;
  in.age = RandomInt(rng);
  in.pain_duration_weeks = RandomDouble(rng);
  in.pain_now = RandomInt(rng);
  in.pain_trend = static_cast<PainTrend>(rng.Int(0, 2));
  in.leg_symptoms = static_cast<LegSymptoms>(rng.Int(0, 2));
  in.leg_symptom_sides = static_cast<LegSides>(rng.Int(0, 2));
  in.leg_weakness = static_cast<LegWeakness>(rng.Int(0, 2));
  in.trauma = static_cast<Trauma>(rng.Int(0, 2));
  for (bool* b :
       {&in.leg_numbness_or_tingling, &in.saddle_numbness, &in.bladder_or_bowel_change,
        &in.sexual_dysfunction_new, &in.fever_or_chills, &in.unexplained_weight_loss,
        &in.cancer_history, &in.osteoporosis_or_long_term_steroids,
        &in.immunosuppressed_or_iv_drug_use, &in.recent_infection_or_spinal_procedure,
        &in.constant_night_pain, &in.feeling_unwell, &in.widespread_pain, &in.first_episode}) {
    *b = rng.Chance(50);
  }
  if (rng.Chance(60)) in.thoracic_pain = rng.Chance(50);
  if (rng.Chance(60)) in.morning_stiffness_over_30_min = rng.Chance(50);
  r.activity_level = static_cast<ActivityLevel>(rng.Int(0, 2));
  r.minutes_per_day = RandomInt(rng);
  r.days_per_week = RandomInt(rng);
  r.equipment = RandomTexts(rng);
  r.likes = RandomTexts(rng);
  r.dislikes = RandomTexts(rng);
  r.goals = RandomTexts(rng);
  r.fear_of_movement = MaybeEnum<FearLevel>(rng, 3);
  r.start_date = RandomDate(rng);
  return r;
}

PlanState RandomState(Random& rng, const Content& content) {
  PlanState s;
  s.status = static_cast<PlanStatus>(rng.Int(0, 4));
  s.request = RandomRequestOfAnyShape(rng);
  s.triage = static_cast<Tier>(rng.Int(0, kTierCount - 1));
  s.phase = static_cast<Phase>(rng.Int(0, 2));
  s.presentation = static_cast<Presentation>(rng.Int(0, 2));
  s.flags = RandomTexts(rng);
  s.cautions = RandomTexts(rng);
  s.messages = RandomTexts(rng);
  s.graded_activity = rng.Chance(50);
  s.week = RandomInt(rng);
  for (int i = rng.Chance(10) ? rng.Int(10, 25) : rng.Int(0, 6); i > 0; --i) {
    s.exercises.push_back(RandomPrescription(rng, content));
  }
  s.aerobic = {rng.Chance(20) ? "" : RandomText(rng), RandomInt(rng), RandomInt(rng),
               RandomInt(rng)};
  s.intervals_offered = rng.Chance(50);
  for (int i = rng.Chance(10) ? rng.Int(7, 14) : rng.Int(0, 7); i > 0; --i) {
    SessionDay day;
    day.date = RandomDate(rng);
    day.kind = rng.Chance(70) ? std::string(rng.Chance(50) ? "session" : "rest") : RandomText(rng);
    for (int k = rng.Int(0, 8); k > 0; --k) day.exercises.push_back(RandomId(rng, s, content));
    day.aerobic_minutes = RandomInt(rng);
    day.minutes = RandomInt(rng);
    s.schedule.push_back(day);
  }
  for (int i = rng.Int(0, 12); i > 0; --i) {
    s.progression_schedule.push_back({RandomInt(rng), RandomInt(rng), RandomText(rng)});
  }
  s.lessons = RandomTexts(rng);
  s.rationale = RandomReasons(rng);
  s.decisions = RandomReasons(rng);
  s.baseline_pain = RandomDouble(rng);
  s.last_log = RandomOptionalDate(rng);
  s.flare_since = RandomOptionalDate(rng);
  s.flare_until = RandomOptionalDate(rng);
  for (int i = rng.Chance(10) ? rng.Int(20, 60) : rng.Int(0, 6); i > 0; --i) {
    s.recent_days.push_back(
        {RandomDate(rng), rng.Chance(30), RandomDouble(rng), rng.Chance(30) ? -1 : RandomInt(rng)});
  }
  if (rng.Chance(50)) {
    s.step_goal = StepGoal{static_cast<long long>(rng.Next()), rng.Chance(50) ? 0 : -12345678901LL,
                           RandomInt(rng), RandomDate(rng), RandomReason(rng)};
  }
  for (int i = rng.Int(0, 3); i > 0; --i) {
    s.open_findings.push_back({RandomText(rng), static_cast<Tier>(rng.Int(0, kTierCount - 1)),
                               RandomDate(rng), RandomText(rng)});
  }
  for (int i = rng.Int(0, 3); i > 0; --i) {
    s.clearances.push_back({RandomTexts(rng), RandomDate(rng), RandomText(rng), RandomText(rng)});
  }
  for (int i = rng.Int(0, 3); i > 0; --i) {
    s.held_exercises.push_back(RandomPrescription(rng, content));
  }
  s.aerobic_base_sessions = RandomInt(rng);
  return s;
}

TEST(PlanStateTextTest, WritesTheSameBytesAsTheTreeForRandomStates) {
  const Content& content = ShippedContent();
  Random rng(20261205);
  for (int trial = 0; trial < 3000; ++trial) {
    const PlanState s = RandomState(rng, content);
    const std::string expected = PlanStateToJson(s, content).dump();
    ASSERT_TRUE(SameBytes(PlanStateText(s, content), expected)) << "trial " << trial;
  }
}

TEST(PlanStateTextTest, WritesTheSameRequestAsTheTree) {
  Random rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    const PlanRequest r = RandomRequestOfAnyShape(rng);
    std::string text;
    AppendPlanRequestText(text, r);
    ASSERT_TRUE(SameBytes(text, PlanRequestToJson(r).dump())) << "trial " << trial;
  }
}

TEST(PlanStateTextTest, AppendsAfterWhatIsThere) {
  const PlanState s = testing::PlanFor(testing::MariaRequest());
  std::string out = "{\"plan\":";
  AppendPlanStateText(out, s, ShippedContent());
  EXPECT_TRUE(SameBytes(out, "{\"plan\":" + PlanStateToJson(s, ShippedContent()).dump()));
}

// A log of the next day with sessions: every exercise of it, with the pain
// given; sharp pain now and then.
SessionLog NextSession(const PlanState& s, Random& rng) {
  SessionLog log;
  const int pain = rng.Chance(15) ? rng.Int(5, 9) : rng.Int(0, 3);
  for (const auto& day : s.schedule) {
    if (day.kind == "rest" || (s.last_log && day.date <= *s.last_log)) continue;
    log.date = day.date;
    for (const auto& id : day.exercises) {
      ExerciseLog e;
      e.id = id;
      e.pain_during = pain;
      e.sharp_pain = rng.Chance(5);
      e.done = !rng.Chance(10);
      log.exercises.push_back(e);
    }
    break;
  }
  if (log.exercises.empty()) {
    log.date = s.last_log ? s.last_log->Plus(1) : s.request.start_date;
    ExerciseLog walk;
    walk.id = "walking";
    walk.pain_during = pain;
    log.exercises.push_back(walk);
  }
  log.pain_after = pain;
  if (rng.Chance(70)) log.pain_next_morning = rng.Int(0, 6);
  log.effort = rng.Int(2, 8);
  log.bad_day = rng.Chance(10);
  return log;
}

void ExpectSameBytes(const PlanState& s, const std::string& what) {
  const Content& content = ShippedContent();
  const std::string text = PlanStateText(s, content);
  EXPECT_TRUE(SameBytes(text, PlanStateToJson(s, content).dump())) << what;
  // And it reads back as the same state.
  auto back = ParsePlanState(text, content);
  ASSERT_TRUE(back.ok()) << what << ": " << back.status().message();
  EXPECT_TRUE(SameBytes(PlanStateText(*back, content), text)) << what;
}

PlanRequest GymRequest() {
  PlanRequest r = testing::MariaRequest();
  r.equipment = {"gym", "pool"};
  r.likes = {"cycling", "yoga", "strength", "swimming"};
  r.activity_level = ActivityLevel::kActive;
  r.minutes_per_day = 60;
  return r;
}

TEST(PlanStateTextTest, WritesRealStatesAsTheTreeDoesThroughWeeksOfProgress) {
  const Content& content = ShippedContent();
  const std::vector<std::pair<std::string, PlanRequest>> people = {
      {"maria", testing::MariaRequest()},
      {"tom", testing::TomRequest()},
      {"ahmed", testing::AhmedRequest()},
      {"gym", GymRequest()}};
  int states = 0;
  std::uint64_t seed = 1;
  for (const auto& [name, request] : people) {
    Random rng(seed++);
    PlanState s = testing::PlanFor(request);
    ExpectSameBytes(s, name + " first plan");
    ++states;
    for (int step = 0; step < 24; ++step) {
      const SessionLog log = NextSession(s, rng);
      auto next = Progress(s, log, content);
      ASSERT_TRUE(next.ok()) << name << " step " << step << ": " << next.status().message();
      s = *next;
      if (!log.pain_next_morning && rng.Chance(50)) {
        auto checked = CheckIn(s, log.date, rng.Int(0, 5), content);
        if (checked.ok()) s = *checked;
      }
      if (step == 10) {
        s.step_goal = StepGoal{
            6500,
            5400,
            14,
            log.date,
            {"walking", "set", "A goal a little above your usual steps", "steps.goal", "content"}};
      }
      ExpectSameBytes(s, name + " step " + std::to_string(step));
      ++states;
    }
  }
  EXPECT_EQ(states, 4 * 25);
}

TEST(PlanStateTextTest, WritesAStoppedPlanAndItsClearanceAsTheTreeDoes) {
  const Content& content = ShippedContent();
  Random rng(11);
  PlanState s = testing::PlanFor(testing::MariaRequest());
  SessionLog log = NextSession(s, rng);
  log.reported_symptoms = {{"fever_or_chills", true}, {"feeling_unwell", true}};
  auto next = Progress(s, log, content);
  ASSERT_TRUE(next.ok()) << next.status().message();
  s = *next;
  ASSERT_FALSE(s.open_findings.empty());
  ExpectSameBytes(s, "with findings");
  auto cleared = ClearFindings(s, {{}, log.date, "Dr. Ó Briain", "clinician"}, content);
  ASSERT_TRUE(cleared.ok()) << cleared.status().message();
  ASSERT_FALSE(cleared->clearances.empty());
  ExpectSameBytes(*cleared, "cleared");
}

TEST(PlanStateTextTest, TextThatIsNotUtf8IsRefusedAsTheTreeRefusesIt) {
  const Content& content = ShippedContent();
  for (const std::string bad : {"bad \xff byte", "cut short \xc3", "overlong \xc0\xaf",
                                "surrogate \xed\xa0\x80", "beyond \xf4\x90\x80\x80"}) {
    PlanState s = testing::PlanFor(testing::MariaRequest());
    ASSERT_FALSE(s.exercises.empty());
    s.exercises.back().pin_reason = bad;
    std::string tree_error;
    try {
      (void)PlanStateToJson(s, content).dump();
    } catch (const json::type_error& e) {
      tree_error = e.what();
    }
    ASSERT_FALSE(tree_error.empty()) << "the tree took " << bad;
    try {
      (void)PlanStateText(s, content);
      ADD_FAILURE() << "the text took " << bad;
    } catch (const json::type_error& e) {
      EXPECT_EQ(e.what(), tree_error);
    }
  }
}

}  // namespace
}  // namespace backcoach
