// The screen is small enough to test exhaustively: every combination of the
// categorical and yes/no answers is screened and compared with an oracle
// written here, independently, from the clinician-readable rule table
// (section 7 of the clinical brief). The rule table in content/ must agree
// with it everywhere.
#include "core/screening.h"

#include <gtest/gtest.h>

#include <array>
#include <bitset>
#include <map>
#include <nlohmann/json.hpp>

#include "testing/test_content.h"

namespace backcoach {
namespace {

const ScreeningRules& Rules() {
  static const ScreeningRules rules = [] {
    auto parsed =
        ScreeningRules::Parse(testing::ReadSourceFile("content/screening.yaml"), "screening.yaml");
    if (!parsed.ok()) {
      ADD_FAILURE() << parsed.status().message();
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return rules;
}

// ---------------------------------------------------------------------------
// The oracle: the brief's table, transcribed rule by rule.

const std::vector<std::string> kRuleIds = {"E1", "E2", "E3", "E4", "S1", "S2", "S3", "S4", "S5",
                                           "S6", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8",
                                           "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"};
using RuleSet = std::bitset<32>;

int Bit(const std::string& id) {
  for (std::size_t i = 0; i < kRuleIds.size(); ++i) {
    if (kRuleIds[i] == id) return static_cast<int>(i);
  }
  return -1;
}

Tier TierOfId(const std::string& id) {
  switch (id[0]) {
    case 'E': return Tier::kEmergency;
    case 'S': return Tier::kSameDay;
    case 'W': return Tier::kWithinDays;
    default: return Tier::kRoutineReview;
  }
}

struct Expected {
  RuleSet fired;
  Tier triage = Tier::kSelfCare;
  Phase phase = Phase::kAcute;
  Presentation presentation = Presentation::kLocalized;
  bool can_start = true;
};

Expected Oracle(const Intake& in) {
  Expected x;
  x.phase = in.pain_duration_weeks < 4    ? Phase::kAcute
            : in.pain_duration_weeks < 12 ? Phase::kSubacute
                                          : Phase::kChronic;
  const bool both_legs = in.leg_symptom_sides == LegSides::kBoth;
  const bool numb = in.leg_numbness_or_tingling;
  const bool weak = in.leg_weakness != LegWeakness::kNone;
  const bool any_leg = in.leg_symptoms != LegSymptoms::kNone || numb || weak;
  const bool infection_risk =
      in.immunosuppressed_or_iv_drug_use || in.recent_infection_or_spinal_procedure;
  const bool minor_trauma = in.trauma == Trauma::kMinor;
  const bool night = in.constant_night_pain;

  // In kRuleIds order.
  const bool fires[] = {
      /*E1*/ in.saddle_numbness,
      /*E2*/ in.bladder_or_bowel_change,
      /*E3*/ in.sexual_dysfunction_new,
      /*E4*/ both_legs && (numb || weak),
      /*S1*/ both_legs && !numb && !weak,
      /*S2*/ in.leg_weakness == LegWeakness::kWorsening && !both_legs,
      /*S3*/ in.fever_or_chills,
      /*S4*/ in.trauma == Trauma::kMajor,
      /*S5*/ infection_risk && (in.feeling_unwell || night),
      /*S6*/ in.cancer_history && any_leg,
      /*W1*/ in.cancer_history,
      /*W2*/ in.unexplained_weight_loss,
      /*W3*/ minor_trauma && in.osteoporosis_or_long_term_steroids,
      /*W4*/ minor_trauma && in.age >= 70,
      /*W5*/ infection_risk && !in.feeling_unwell && !night,
      /*W6*/ in.feeling_unwell && !infection_risk,
      /*W7*/ x.phase == Phase::kAcute && in.pain_now >= 8 && in.pain_trend == PainTrend::kWorsening,
      /*W8*/ night && in.first_episode && in.age >= 50,
      /*R1*/ in.leg_symptoms == LegSymptoms::kBelowKnee && in.leg_symptom_sides == LegSides::kOne &&
          in.leg_weakness != LegWeakness::kWorsening,
      /*R2*/ in.leg_weakness == LegWeakness::kStable,
      /*R3*/ in.leg_symptoms == LegSymptoms::kAboveKnee && in.leg_symptom_sides == LegSides::kOne,
      /*R4*/ night,
      /*R5*/ in.first_episode && (in.age < 20 || in.age >= 50),
      /*R6*/ in.morning_stiffness_over_30_min.value_or(false),
      /*R7*/ in.thoracic_pain.value_or(false),
      /*R8*/ in.age < 18,
  };
  static_assert(sizeof(fires) == 26);
  for (std::size_t i = 0; i < kRuleIds.size(); ++i) {
    if (!fires[i]) continue;
    x.fired.set(i);
    x.triage = std::max(x.triage, TierOfId(kRuleIds[i]));
  }
  x.presentation = (in.leg_symptoms == LegSymptoms::kBelowKnee || numb || weak)
                       ? Presentation::kRadicular
                   : in.widespread_pain ? Presentation::kWidespread
                                        : Presentation::kLocalized;
  x.can_start = x.triage <= Tier::kRoutineReview && !fires[25];
  return x;
}

// Maps the rules in content to the oracle's bits, by id.
std::vector<int> RuleBits() {
  std::vector<int> bits;
  for (const auto& rule : Rules().rules()) bits.push_back(Bit(rule.id));
  return bits;
}

RuleSet FiredSet(const ScreenResult& result, const std::vector<int>& bits) {
  RuleSet set;
  for (const auto* rule : result.flags) set.set(bits[rule - Rules().rules().data()]);
  return set;
}

std::string Describe(const Intake& in) { return IntakeToJson(in).dump(); }

// ---------------------------------------------------------------------------

TEST(ScreeningRulesTest, ContentHoldsExactlyTheBriefsRulesAtTheirTiers) {
  std::vector<std::string> ids;
  for (const auto& rule : Rules().rules()) {
    ids.push_back(rule.id);
    EXPECT_EQ(rule.tier, TierOfId(rule.id)) << rule.id;
    EXPECT_FALSE(rule.source.empty()) << rule.id;
    EXPECT_NE(rule.message.find(Rules().emergency_signs()), std::string::npos)
        << rule.id << " must end with the emergency signs";
  }
  EXPECT_EQ(ids, kRuleIds);
}

// Enumerates every valid combination of the categorical and boolean answers
// whose leg weakness is `weakness`; the three tests below, one a weakness,
// together cover every combination (they are three so that CTest can run
// them side by side). Ages, durations and pain levels rotate through their
// boundary values so that each boundary meets many combinations; the
// rotation runs over all combinations in one order, whichever test checks
// them. A further test crosses those values fully with the answers they
// interact with.
void CheckEveryAnswerCombinationWithWeakness(LegWeakness weakness) {
  const std::vector<int> bits = RuleBits();
  const std::array<int, 12> ages = {0, 15, 17, 18, 19, 20, 45, 49, 50, 69, 70, 120};
  const std::array<double, 7> weeks = {0, 2, 3.99, 4, 11.99, 12, 520};
  const std::array<int, 5> pains = {0, 5, 7, 8, 10};
  const std::array<std::optional<bool>, 3> optional_bool = {std::nullopt, false, true};

  constexpr std::size_t kPerLegCombination = 81 * 8192;
  long long checked = 0;
  long long mismatches = 0;
  std::size_t leg_combinations = 0;
  std::size_t rotation = 0;
  Intake in;
  // Consistency depends on the leg answers alone, so it is checked once for
  // each of their combinations, not again for each of the 2^13 x 3^4 others.
  for (int leg = 0; leg < 3; ++leg)
    for (int sides = 0; sides < 3; ++sides)
      for (int numb = 0; numb < 2; ++numb)
        for (int weak = 0; weak < 3; ++weak) {
          in.leg_symptoms = static_cast<LegSymptoms>(leg);
          in.leg_symptom_sides = static_cast<LegSides>(sides);
          in.leg_numbness_or_tingling = numb == 1;
          in.leg_weakness = static_cast<LegWeakness>(weak);
          if (!CheckIntakeConsistency(in).ok()) continue;
          rotation = leg_combinations++ * kPerLegCombination;
          if (in.leg_weakness != weakness) continue;
          for (int trend = 0; trend < 3; ++trend)
            for (int trauma = 0; trauma < 3; ++trauma)
              for (int thoracic = 0; thoracic < 3; ++thoracic)
                for (int morning = 0; morning < 3; ++morning)
                  for (unsigned bools = 0; bools < (1u << 13); ++bools) {
                    in.pain_trend = static_cast<PainTrend>(trend);
                    in.trauma = static_cast<Trauma>(trauma);
                    in.thoracic_pain = optional_bool[thoracic];
                    in.morning_stiffness_over_30_min = optional_bool[morning];
                    bool* flags[] = {&in.saddle_numbness,
                                     &in.bladder_or_bowel_change,
                                     &in.sexual_dysfunction_new,
                                     &in.fever_or_chills,
                                     &in.unexplained_weight_loss,
                                     &in.cancer_history,
                                     &in.osteoporosis_or_long_term_steroids,
                                     &in.immunosuppressed_or_iv_drug_use,
                                     &in.recent_infection_or_spinal_procedure,
                                     &in.constant_night_pain,
                                     &in.feeling_unwell,
                                     &in.widespread_pain,
                                     &in.first_episode};
                    for (unsigned b = 0; b < 13; ++b) *flags[b] = (bools >> b) & 1u;
                    ++rotation;
                    in.age = ages[rotation % ages.size()];
                    in.pain_duration_weeks = weeks[(rotation / 3) % weeks.size()];
                    in.pain_now = pains[(rotation / 7) % pains.size()];

                    const Expected x = Oracle(in);
                    const ScreenResult r = Screen(in, Rules());
                    ++checked;
                    if (FiredSet(r, bits) == x.fired && r.triage == x.triage &&
                        r.phase == x.phase && r.presentation == x.presentation &&
                        r.can_start_programme == x.can_start) {
                      continue;
                    }
                    if (++mismatches <= 5) {
                      ADD_FAILURE() << "mismatch for " << Describe(in) << "\n  oracle " << x.fired
                                    << " " << TierName(x.triage) << "\n  screen "
                                    << FiredSet(r, bits) << " " << TierName(r.triage);
                    }
                  }
        }
  EXPECT_EQ(mismatches, 0);
  // 27 consistent leg combinations, 9 of them for each weakness, x 3^4 x 2^13.
  EXPECT_EQ(leg_combinations, 27u);
  EXPECT_EQ(checked, 9LL * 81 * 8192);
}

TEST(ScreeningExhaustiveTest, EveryAnswerCombinationWithoutLegWeaknessMatchesTheOracle) {
  CheckEveryAnswerCombinationWithWeakness(LegWeakness::kNone);
}

TEST(ScreeningExhaustiveTest, EveryAnswerCombinationWithStableLegWeaknessMatchesTheOracle) {
  CheckEveryAnswerCombinationWithWeakness(LegWeakness::kStable);
}

TEST(ScreeningExhaustiveTest, EveryAnswerCombinationWithWorseningLegWeaknessMatchesTheOracle) {
  CheckEveryAnswerCombinationWithWeakness(LegWeakness::kWorsening);
}

TEST(ScreeningExhaustiveTest, EveryAgeDurationAndPainMatchesTheOracleWithTheAnswersTheyMeet) {
  const std::vector<int> bits = RuleBits();
  long long mismatches = 0;
  long long checked = 0;
  Intake in;
  for (int age = 0; age <= 120; ++age)
    for (double w : {0.0, 1.0, 3.5, 3.99, 4.0, 8.0, 11.99, 12.0, 52.0})
      for (int pain = 0; pain <= 10; ++pain)
        for (int trend = 0; trend < 3; ++trend)
          for (int trauma = 0; trauma < 3; ++trauma)
            for (unsigned bools = 0; bools < 8; ++bools) {
              in.age = age;
              in.pain_duration_weeks = w;
              in.pain_now = pain;
              in.pain_trend = static_cast<PainTrend>(trend);
              in.trauma = static_cast<Trauma>(trauma);
              in.constant_night_pain = bools & 1u;
              in.first_episode = bools & 2u;
              in.osteoporosis_or_long_term_steroids = bools & 4u;
              const Expected x = Oracle(in);
              const ScreenResult r = Screen(in, Rules());
              ++checked;
              if (FiredSet(r, bits) != x.fired || r.triage != x.triage || r.phase != x.phase ||
                  r.can_start_programme != x.can_start) {
                if (++mismatches <= 5) ADD_FAILURE() << "mismatch for " << Describe(in);
              }
            }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(checked, 121LL * 9 * 11 * 3 * 3 * 8);
}

// ---------------------------------------------------------------------------
// Named examples: one person per rule, described in plain terms.

Intake CalmAdult() {
  Intake in;
  in.age = 40;
  in.pain_duration_weeks = 6;
  in.pain_now = 4;
  in.pain_trend = PainTrend::kStable;
  return in;
}

struct Example {
  const char* rule;
  void (*change)(Intake&);
};

const Example kExamples[] = {
    {"E1", [](Intake& in) { in.saddle_numbness = true; }},
    {"E2", [](Intake& in) { in.bladder_or_bowel_change = true; }},
    {"E3", [](Intake& in) { in.sexual_dysfunction_new = true; }},
    {"E4",
     [](Intake& in) {
       in.leg_symptoms = LegSymptoms::kBelowKnee;
       in.leg_symptom_sides = LegSides::kBoth;
       in.leg_numbness_or_tingling = true;
     }},
    {"S1",
     [](Intake& in) {
       in.leg_symptoms = LegSymptoms::kAboveKnee;
       in.leg_symptom_sides = LegSides::kBoth;
     }},
    {"S2", [](Intake& in) { in.leg_weakness = LegWeakness::kWorsening; }},
    {"S3", [](Intake& in) { in.fever_or_chills = true; }},
    {"S4", [](Intake& in) { in.trauma = Trauma::kMajor; }},
    {"S5",
     [](Intake& in) {
       in.immunosuppressed_or_iv_drug_use = true;
       in.constant_night_pain = true;
     }},
    {"S6",
     [](Intake& in) {
       in.cancer_history = true;
       in.leg_symptoms = LegSymptoms::kAboveKnee;
       in.leg_symptom_sides = LegSides::kOne;
     }},
    {"W1", [](Intake& in) { in.cancer_history = true; }},
    {"W2", [](Intake& in) { in.unexplained_weight_loss = true; }},
    {"W3",
     [](Intake& in) {
       in.trauma = Trauma::kMinor;
       in.osteoporosis_or_long_term_steroids = true;
     }},
    {"W4",
     [](Intake& in) {
       in.trauma = Trauma::kMinor;
       in.age = 71;
     }},
    {"W5", [](Intake& in) { in.recent_infection_or_spinal_procedure = true; }},
    {"W6", [](Intake& in) { in.feeling_unwell = true; }},
    {"W7",
     [](Intake& in) {
       in.pain_duration_weeks = 0.5;
       in.pain_now = 9;
       in.pain_trend = PainTrend::kWorsening;
     }},
    {"W8",
     [](Intake& in) {
       in.age = 55;
       in.first_episode = true;
       in.constant_night_pain = true;
     }},
    {"R1",
     [](Intake& in) {
       in.leg_symptoms = LegSymptoms::kBelowKnee;
       in.leg_symptom_sides = LegSides::kOne;
     }},
    {"R2", [](Intake& in) { in.leg_weakness = LegWeakness::kStable; }},
    {"R3",
     [](Intake& in) {
       in.leg_symptoms = LegSymptoms::kAboveKnee;
       in.leg_symptom_sides = LegSides::kOne;
     }},
    {"R4", [](Intake& in) { in.constant_night_pain = true; }},
    {"R5",
     [](Intake& in) {
       in.age = 19;
       in.first_episode = true;
     }},
    {"R6", [](Intake& in) { in.morning_stiffness_over_30_min = true; }},
    {"R7", [](Intake& in) { in.thoracic_pain = true; }},
    {"R8", [](Intake& in) { in.age = 16; }},
};

TEST(ScreeningExampleTest, EachRuleFiresForItsExampleAndSetsTheTriage) {
  for (const Example& example : kExamples) {
    Intake in = CalmAdult();
    example.change(in);
    ASSERT_TRUE(CheckIntakeConsistency(in).ok()) << example.rule;
    const ScreenResult r = Screen(in, Rules());
    EXPECT_TRUE(r.Fired(example.rule)) << example.rule;
    EXPECT_EQ(r.triage, TierOfId(example.rule)) << example.rule;
  }
}

TEST(ScreeningExampleTest, CalmAdultIsSelfCareWithNoFlags) {
  const ScreenResult r = Screen(CalmAdult(), Rules());
  EXPECT_EQ(r.triage, Tier::kSelfCare);
  EXPECT_TRUE(r.flags.empty());
  EXPECT_TRUE(r.can_start_programme);
  EXPECT_EQ(r.phase, Phase::kSubacute);
  EXPECT_EQ(r.presentation, Presentation::kLocalized);
}

TEST(ScreeningExampleTest, AhmedsRadicularLegGetsReviewWithTheLegCaution) {
  Intake ahmed = CalmAdult();
  ahmed.age = 58;
  ahmed.leg_symptoms = LegSymptoms::kBelowKnee;
  ahmed.leg_symptom_sides = LegSides::kOne;
  ahmed.leg_numbness_or_tingling = true;
  const ScreenResult r = Screen(ahmed, Rules());
  EXPECT_EQ(r.triage, Tier::kRoutineReview);
  EXPECT_EQ(r.presentation, Presentation::kRadicular);
  EXPECT_TRUE(r.can_start_programme);
  ASSERT_EQ(r.Cautions().size(), 1u);
  EXPECT_NE(r.Cautions()[0].find("further down"), std::string::npos);
}

TEST(ScreeningExampleTest, AhmedsLaterBothLegsAndBladderTroubleIsAnEmergency) {
  Intake ahmed = CalmAdult();
  ahmed.leg_symptoms = LegSymptoms::kBelowKnee;
  ahmed.leg_symptom_sides = LegSides::kBoth;
  ahmed.leg_numbness_or_tingling = true;
  ahmed.bladder_or_bowel_change = true;
  const ScreenResult r = Screen(ahmed, Rules());
  EXPECT_EQ(r.triage, Tier::kEmergency);
  EXPECT_TRUE(r.Fired("E2"));
  EXPECT_TRUE(r.Fired("E4"));
  EXPECT_FALSE(r.can_start_programme);
  const auto json = ScreenResultToJson(r, Rules());
  EXPECT_EQ(json["triage"], "emergency");
  EXPECT_EQ(json["flags"][0]["tier"], "emergency");
}

TEST(ScreeningExampleTest, GracesMinorFallWithOsteoporosisIsWithinDays) {
  Intake grace = CalmAdult();
  grace.age = 71;
  grace.trauma = Trauma::kMinor;
  grace.osteoporosis_or_long_term_steroids = true;
  const ScreenResult r = Screen(grace, Rules());
  EXPECT_EQ(r.triage, Tier::kWithinDays);
  EXPECT_TRUE(r.Fired("W3"));
  EXPECT_TRUE(r.Fired("W4"));
  EXPECT_FALSE(r.can_start_programme);
}

TEST(ScreeningExampleTest, UnderEighteenCannotStartEvenAtRoutineReview) {
  Intake teen = CalmAdult();
  teen.age = 17;
  const ScreenResult r = Screen(teen, Rules());
  EXPECT_EQ(r.triage, Tier::kRoutineReview);
  EXPECT_FALSE(r.can_start_programme);
  EXPECT_EQ(ProgrammeText(r, Rules()), Rules().rules().back().caution);
}

TEST(ScreeningExampleTest, EveryFiredRuleIsListedNotOnlyTheMostUrgent) {
  Intake in = CalmAdult();
  in.saddle_numbness = true;
  in.cancer_history = true;
  in.thoracic_pain = true;
  const ScreenResult r = Screen(in, Rules());
  EXPECT_TRUE(r.Fired("E1"));
  EXPECT_TRUE(r.Fired("W1"));
  EXPECT_TRUE(r.Fired("R7"));
  const auto json = ScreenResultToJson(r, Rules());
  ASSERT_EQ(json["flags"].size(), 3u);
  EXPECT_EQ(json["flags"][0]["id"], "E1");
  EXPECT_EQ(json["flags"][2]["id"], "R7");
}

TEST(ScreeningExampleTest, PhaseBoundariesFollowTheContent) {
  EXPECT_EQ(Rules().PhaseFor(3.99), Phase::kAcute);
  EXPECT_EQ(Rules().PhaseFor(4), Phase::kSubacute);
  EXPECT_EQ(Rules().PhaseFor(11.99), Phase::kSubacute);
  EXPECT_EQ(Rules().PhaseFor(12), Phase::kChronic);
}

// ---------------------------------------------------------------------------
// The rule file itself: mistakes are reported with file, rule and field.

std::string MinimalRules(const std::string& rules_yaml) {
  return R"(emergency_signs: "Go now if X."
phases: {subacute_from_weeks: 4, chronic_from_weeks: 12, source: "S"}
tiers:
  emergency: {headline: h, programme: p}
  same_day: {headline: h, programme: p}
  within_days: {headline: h, programme: p}
  routine_review: {headline: h, programme: p}
  self_care: {headline: h, programme: p}
education: {always: [a]}
rules:
)" + rules_yaml;
}

std::string ParseError(const std::string& rules_yaml) {
  auto r = ScreeningRules::Parse(MinimalRules(rules_yaml), "screening.yaml");
  return r.ok() ? "ok" : r.status().message();
}

TEST(ScreeningRulesTest, AMinimalTableLoads) {
  EXPECT_EQ(ParseError("  - {id: E1, tier: emergency, title: t, when: {saddle_numbness: true}, "
                       "message: m, source: s}\n"),
            "ok");
}

TEST(ScreeningRulesTest, MisspeltIntakeFieldInConditionIsAnError) {
  EXPECT_EQ(ParseError("  - {id: E1, tier: emergency, title: t, when: {sadle_numbness: true}, "
                       "message: m, source: s}\n"),
            "screening.yaml: rule 'E1': field 'when': unknown intake field 'sadle_numbness'");
}

TEST(ScreeningRulesTest, UnknownChoiceInConditionIsAnError) {
  EXPECT_EQ(ParseError("  - {id: R3, tier: routine_review, title: t, when: {leg_symptoms: knee}, "
                       "message: m, source: s}\n"),
            "screening.yaml: rule 'R3': field 'when': value for 'leg_symptoms' must be one of "
            "its choices, got 'knee'");
}

TEST(ScreeningRulesTest, UnknownTierIsAnError) {
  EXPECT_EQ(ParseError("  - {id: X1, tier: urgent, title: t, when: {fever_or_chills: true}, "
                       "message: m, source: s}\n"),
            "screening.yaml: rule 'X1': field 'tier': must be one of self_care, routine_review, "
            "within_days, same_day, emergency, got 'urgent'");
}

TEST(ScreeningRulesTest, MissingSourceIsAnError) {
  EXPECT_EQ(ParseError("  - {id: S3, tier: same_day, title: t, when: {fever_or_chills: true}, "
                       "message: m}\n"),
            "screening.yaml: rule 'S3': field 'source': is missing");
}

TEST(ScreeningRulesTest, UnknownKeyInRuleIsAnError) {
  EXPECT_EQ(ParseError("  - {id: S3, tier: same_day, title: t, when: {fever_or_chills: true}, "
                       "message: m, source: s, urgency: high}\n"),
            "screening.yaml: rule 'S3': unknown field 'urgency'");
}

TEST(ScreeningRulesTest, ThresholdOnAYesNoFieldIsAnError) {
  EXPECT_EQ(ParseError("  - {id: S3, tier: same_day, title: t, when: {fever_or_chills: "
                       "{at_least: 1}}, message: m, source: s}\n"),
            "screening.yaml: rule 'S3': field 'when': 'fever_or_chills' is not a number and "
            "takes no threshold");
}

TEST(ScreeningRulesTest, DuplicateRuleIdIsAnError) {
  const std::string rule =
      "  - {id: S3, tier: same_day, title: t, when: {fever_or_chills: true}, message: m, "
      "source: s}\n";
  EXPECT_EQ(ParseError(rule + rule), "screening.yaml: rule 'S3' is defined twice");
}

TEST(ScreeningRulesTest, BlockingRuleWithoutCautionIsAnError) {
  EXPECT_EQ(ParseError("  - {id: R8, tier: routine_review, title: t, when: {age: {below: 18}}, "
                       "message: m, source: s, blocks_programme: true}\n"),
            "screening.yaml: rule 'R8': field 'caution': is required when blocks_programme is "
            "true");
}

TEST(ScreeningRulesTest, ChronicBoundaryBelowSubacuteIsAnError) {
  std::string text = MinimalRules(
      "  - {id: E1, tier: emergency, title: t, when: "
      "{saddle_numbness: true}, message: m, source: s}\n");
  text.replace(text.find("chronic_from_weeks: 12"), 22, "chronic_from_weeks: 3");
  auto r = ScreeningRules::Parse(text, "screening.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "screening.yaml: phases: field 'chronic_from_weeks': must be greater than "
            "subacute_from_weeks");
}

TEST(ScreeningRulesTest, YamlSyntaxErrorNamesTheLine) {
  auto r = ScreeningRules::Parse("emergency_signs: [unclosed\nphases: x\n", "screening.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("screening.yaml: line ", 0), 0u) << r.status().message();
}

}  // namespace
}  // namespace backcoach
