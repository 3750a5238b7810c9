#include "core/questionnaire.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace backcoach {
namespace {

// A small valid definition; error tests change one line of it.
constexpr char kDemo[] = R"(id: demo
name: Demo scale
description: Two items for tests.
licence: free to use
source: Written for tests.
validated: true
higher_is_better: false
items:
  - id: ache
    text: How much does it ache?
    min: 0
    max: 10
  - id: ease
    text: How hard is moving?
    min: 0
    max: 4
    reverse: true
scoring:
  method: sum
  subscales:
    body: [ache]
bands:
  - label: low
    max: 4
    interpretation: Low.
  - label: high
    of: body
    min: 8
    interpretation: High ache.
  - label: middle
    interpretation: In between.
mcid:
  points: 2
  percent: 30
  source: Written for tests.
)";

// `text` with `from` replaced by `to`; `from` must occur.
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string Demo(const std::string& from, const std::string& to) {
  return Replace(kDemo, from, to);
}

Questionnaire MustParse(const std::string& text, const std::string& file = "demo.yaml") {
  auto q = Questionnaire::Parse(text, file);
  EXPECT_TRUE(q.ok()) << q.status().message();
  return q.ok() ? *q : Questionnaire();
}

std::string ParseError(const std::string& text) {
  auto q = Questionnaire::Parse(text, "demo.yaml");
  EXPECT_FALSE(q.ok());
  return q.ok() ? "" : q.status().message();
}

std::string ScoreError(const Questionnaire& q, const std::map<std::string, double>& answers) {
  auto s = q.ScoreAnswers(answers);
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "";
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  return s.status().message();
}

Score MustScore(const Questionnaire& q, const std::map<std::string, double>& answers) {
  auto s = q.ScoreAnswers(answers);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : Score();
}

// --- Parsing -------------------------------------------------------------

TEST(QuestionnaireTest, ParsesEveryPartOfADefinition) {
  const Questionnaire q = MustParse(kDemo);
  EXPECT_EQ(q.id(), "demo");
  EXPECT_EQ(q.name(), "Demo scale");
  EXPECT_TRUE(q.validated());
  EXPECT_FALSE(q.higher_is_better());
  ASSERT_EQ(q.items().size(), 2u);
  EXPECT_FALSE(q.items()[0].reverse);
  EXPECT_TRUE(q.items()[1].reverse);
  EXPECT_TRUE(q.items()[1].required);
  EXPECT_EQ(q.method(), ScoringMethod::kSum);
  EXPECT_EQ(q.round_decimals(), 1);
  EXPECT_EQ(q.subscales().at("body"), std::vector<std::string>{"ache"});
  ASSERT_EQ(q.bands().size(), 3u);
  EXPECT_EQ(q.bands()[1].of, "body");
  EXPECT_FALSE(q.bands()[2].min.has_value());
  EXPECT_DOUBLE_EQ(q.mcid().points, 2);
  EXPECT_DOUBLE_EQ(q.mcid().percent.value_or(0), 30);
  EXPECT_EQ(q.min_items(), 1);
  EXPECT_EQ(q.max_items(), 2);
  EXPECT_DOUBLE_EQ(q.score_min(), 0);
  EXPECT_DOUBLE_EQ(q.score_max(), 14);
}

TEST(QuestionnaireTest, UnknownTopLevelFieldIsAnError) {
  EXPECT_EQ(ParseError(Demo("validated: true", "validated: true\ninstrument: x")),
            "demo.yaml: unknown field 'instrument'");
}

TEST(QuestionnaireTest, UnknownItemFieldNamesTheItem) {
  EXPECT_EQ(ParseError(Demo("    reverse: true", "    reverse: true\n    colour: red")),
            "demo.yaml: item 'ease': unknown field 'colour'");
}

TEST(QuestionnaireTest, ItemMinAboveMaxIsAnError) {
  EXPECT_EQ(ParseError(Demo("    min: 0\n    max: 10", "    min: 10\n    max: 0")),
            "demo.yaml: item 'ache': field 'max': must be greater than 'min' (10), got 0");
}

TEST(QuestionnaireTest, BandMinAboveMaxIsAnError) {
  EXPECT_EQ(ParseError(Demo("    max: 4\n    interp", "    min: 5\n    max: 4\n    interp")),
            "demo.yaml: band 'low': field 'max': must not be below 'min' (5), got 4");
}

TEST(QuestionnaireTest, BandOfUnknownSubscaleIsAnError) {
  EXPECT_EQ(ParseError(Demo("of: body", "of: back")),
            "demo.yaml: band 'high': field 'of': unknown subscale 'back'; use one of total, body");
}

TEST(QuestionnaireTest, BandOfSubscaleWithoutSubscalesSaysToUseTotal) {
  std::string text = Demo("  subscales:\n    body: [ache]\n", "");
  EXPECT_EQ(ParseError(text),
            "demo.yaml: band 'high': field 'of': unknown subscale 'body'; this questionnaire "
            "has no subscales, so use 'total'");
}

TEST(QuestionnaireTest, MissingMcidIsAnError) {
  EXPECT_EQ(
      ParseError(Demo("mcid:\n  points: 2\n  percent: 30\n  source: Written for tests.\n", "")),
      "demo.yaml: field 'mcid': is missing");
}

TEST(QuestionnaireTest, McidOfZeroPointsIsAnError) {
  EXPECT_EQ(ParseError(Demo("points: 2", "points: 0")),
            "demo.yaml: mcid: field 'points': must be greater than 0");
}

TEST(QuestionnaireTest, SubscaleNamingUnknownItemIsAnError) {
  EXPECT_EQ(ParseError(Demo("body: [ache]", "body: [back]")),
            "demo.yaml: scoring: field 'subscales': subscale 'body' names unknown item 'back'");
}

TEST(QuestionnaireTest, UnknownScoringMethodIsAnError) {
  EXPECT_EQ(ParseError(Demo("method: sum", "method: median")),
            "demo.yaml: scoring: field 'method': must be one of sum, mean, percent, got 'median'");
}

TEST(QuestionnaireTest, UnboundedBandBeforeTheLastIsAnError) {
  EXPECT_EQ(ParseError(Demo("    max: 4\n    interp", "    interp")),
            "demo.yaml: band 'low': needs 'min' or 'max': a band without bounds matches every "
            "score, so only the last band may leave both out");
}

TEST(QuestionnaireTest, DuplicateItemIdIsAnError) {
  EXPECT_EQ(ParseError(Demo("  - id: ease", "  - id: ache")),
            "demo.yaml: item 'ache': field 'id': answer id 'ache' is already used by item 'ache'");
}

TEST(QuestionnaireTest, RepeatedItemCannotBeRequired) {
  EXPECT_EQ(ParseError(Demo("    reverse: true", "    repeat: 2\n    required: true")),
            "demo.yaml: item 'ease': field 'required': cannot be combined with 'repeat': the "
            "copies of a repeated item are optional, and min_items sets how many answers are "
            "needed");
}

TEST(QuestionnaireTest, MinItemsAboveAnswerableItemsIsAnError) {
  EXPECT_EQ(ParseError(Demo("validated: true", "validated: true\nmin_items: 3")),
            "demo.yaml: field 'min_items': must not be above the number of answers the items "
            "allow (2), got 3");
}

TEST(QuestionnaireTest, ScaleItemWithoutMaxIsAnError) {
  EXPECT_EQ(ParseError(Demo("    max: 4\n    reverse", "    reverse")),
            "demo.yaml: item 'ease': field 'max': is missing");
}

TEST(QuestionnaireTest, LabelsAndOptionsTogetherAreAnError) {
  const std::string options =
      "    options:\n      - {value: 0, label: No}\n      - {value: 1, label: Yes}\n"
      "    labels: {min_label: no, max_label: yes}\n";
  EXPECT_EQ(ParseError(Demo("    min: 0\n    max: 4\n", options)),
            "demo.yaml: item 'ease': field 'labels': cannot be combined with 'options'; give "
            "each option its label");
}

TEST(QuestionnaireTest, YamlSyntaxErrorNamesFileAndLine) {
  const std::string message = ParseError("id: demo\nitems: [\n");
  EXPECT_EQ(message.rfind("demo.yaml: line ", 0), 0u) << message;
}

// --- Scoring -------------------------------------------------------------

TEST(QuestionnaireTest, ReverseItemScoresAsMinPlusMaxMinusValue) {
  const Questionnaire q = MustParse(kDemo);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 2}, {"ease", 4}}).total, 2);  // ease scores 0
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 2}, {"ease", 0}}).total, 6);  // ease scores 4
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 2}, {"ease", 1}}).total, 5);  // ease scores 3
}

TEST(QuestionnaireTest, SubscaleIsScoredWithTheSameMethod) {
  const Score s = MustScore(MustParse(kDemo), {{"ache", 6}, {"ease", 1}});
  EXPECT_DOUBLE_EQ(s.total, 9);
  EXPECT_DOUBLE_EQ(s.subscales.at("body"), 6);
  EXPECT_EQ(s.answered, 2);
  EXPECT_EQ(s.questionnaire, "demo");
}

TEST(QuestionnaireTest, FirstMatchingBandWins) {
  const Questionnaire q = MustParse(kDemo);
  // Total 4 is low even though nothing else is checked.
  EXPECT_EQ(MustScore(q, {{"ache", 4}, {"ease", 4}}).band, "low");
  // Total 5 is above low; body 5 is below high: the open band catches it.
  const Score middle = MustScore(q, {{"ache", 5}, {"ease", 4}});
  EXPECT_EQ(middle.band, "middle");
  EXPECT_EQ(middle.interpretation, "In between.");
  // Body 8 reaches high, at its lower bound.
  EXPECT_EQ(MustScore(q, {{"ache", 8}, {"ease", 4}}).band, "high");
}

TEST(QuestionnaireTest, UnknownItemIsAnErrorListingTheItems) {
  EXPECT_EQ(ScoreError(MustParse(kDemo), {{"ache", 1}, {"eas", 1}}),
            "demo: unknown item 'eas'; the items are ache, ease");
}

TEST(QuestionnaireTest, MissingRequiredItemIsAnError) {
  EXPECT_EQ(ScoreError(MustParse(kDemo), {{"ache", 1}}),
            "demo: item 'ease' is required but was not answered");
}

TEST(QuestionnaireTest, ValueAboveScaleIsAnError) {
  EXPECT_EQ(ScoreError(MustParse(kDemo), {{"ache", 11}, {"ease", 1}}),
            "demo: item 'ache': must be a whole number from 0 to 10, got 11");
}

TEST(QuestionnaireTest, ValueBelowScaleIsAnError) {
  EXPECT_EQ(ScoreError(MustParse(kDemo), {{"ache", 1}, {"ease", -1}}),
            "demo: item 'ease': must be a whole number from 0 to 4, got -1");
}

TEST(QuestionnaireTest, FractionOnAWholeNumberScaleIsAnError) {
  EXPECT_EQ(ScoreError(MustParse(kDemo), {{"ache", 2.5}, {"ease", 1}}),
            "demo: item 'ache': must be a whole number from 0 to 10, got 2.5");
}

TEST(QuestionnaireTest, StepAllowsHalfPoints) {
  const Questionnaire q = MustParse(Demo("    max: 4\n", "    max: 4\n    step: 0.5\n"));
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 2}, {"ease", 2.5}}).total, 3.5);
  EXPECT_EQ(ScoreError(q, {{"ache", 2}, {"ease", 2.25}}),
            "demo: item 'ease': must be from 0 to 4 in steps of 0.5, got 2.25");
}

TEST(QuestionnaireTest, AnswerMustBeOneOfTheOptions) {
  const Questionnaire q = MustParse(
      Demo("    min: 0\n    max: 4\n",
           "    options:\n      - {value: 0, label: No}\n      - {value: 1, label: Yes}\n"));
  EXPECT_DOUBLE_EQ(q.items()[1].min, 0);
  EXPECT_DOUBLE_EQ(q.items()[1].max, 1);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 3}, {"ease", 1}}).total, 3);  // reversed: 0
  EXPECT_EQ(ScoreError(q, {{"ache", 3}, {"ease", 2}}),
            "demo: item 'ease': must be one of 0, 1, got 2");
}

TEST(QuestionnaireTest, OptionalItemMayBeLeftOut) {
  const Questionnaire q = MustParse(Demo("    reverse: true", "    required: false"));
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 3}}).total, 3);
  EXPECT_EQ(MustScore(q, {{"ache", 3}}).answered, 1);
}

TEST(QuestionnaireTest, MeanIsRoundedToTheGivenDecimals) {
  // Three items (the reversed one made plain), scored as a mean.
  std::string mean =
      Demo("    reverse: true\n", "  - id: third\n    text: Third?\n    min: 0\n    max: 10\n");
  mean.replace(mean.find("method: sum"), 11, "method: mean");
  const std::map<std::string, double> answers = {{"ache", 6}, {"ease", 4}, {"third", 6}};
  EXPECT_DOUBLE_EQ(MustScore(MustParse(mean), answers).total, 5.3);  // 5.333...
  mean.replace(mean.find("method: mean"), 12, "method: mean\n  round: 0");
  EXPECT_DOUBLE_EQ(MustScore(MustParse(mean), answers).total, 5);
}

TEST(QuestionnaireTest, PercentMethodScoresAnsweredItemsAgainstTheirMaximum) {
  // Oswestry-style: items 0-5, score = total / (5 * answered) * 100.
  constexpr char kPercent[] = R"(id: pct
name: Percent demo
description: Three optional items scored as a percentage.
licence: free to use
source: Written for tests.
validated: true
higher_is_better: false
items:
  - {id: a, text: Item A, min: 0, max: 5, required: false}
  - {id: b, text: Item B, min: 0, max: 5, required: false}
  - {id: c, text: Item C, min: 0, max: 5, required: false}
min_items: 2
scoring: {method: percent, round: 0}
bands:
  - {label: any, interpretation: Any.}
mcid: {points: 10, source: Written for tests.}
)";
  const Questionnaire q = MustParse(kPercent);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"a", 5}, {"b", 0}, {"c", 1}}).total, 40);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"a", 3}, {"b", 2}}).total, 50);
  EXPECT_EQ(ScoreError(q, {{"a", 3}}), "pct: needs at least 2 answered items, got 1");
  EXPECT_DOUBLE_EQ(q.score_max(), 100);
}

TEST(QuestionnaireTest, MaxItemsLimitsHowManyCopiesAreAnswered) {
  const Questionnaire q = MustParse(Demo("    reverse: true", "    repeat: 4") + "max_items: 3\n");
  EXPECT_EQ(q.max_items(), 3);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"ache", 1}, {"ease_1", 1}, {"ease_4", 2}}).total, 4);
  EXPECT_EQ(ScoreError(q, {{"ache", 1}, {"ease_1", 1}, {"ease_2", 1}, {"ease_3", 1}}),
            "demo: allows at most 3 answered items, got 4");
}

TEST(QuestionnaireTest, SubscaleWithoutAnswersIsLeftOutAndItsBandsSkipped) {
  // ache (the body subscale) becomes optional; low ends at 2.
  const std::string text = Replace(Demo("    max: 10\n", "    max: 10\n    required: false\n"),
                                   "max: 4\n    interp", "max: 2\n    interp");
  const Score s = MustScore(MustParse(text), {{"ease", 1}});  // ease scores 3
  EXPECT_DOUBLE_EQ(s.total, 3);
  EXPECT_EQ(s.subscales.count("body"), 0u);
  EXPECT_EQ(s.band, "middle");
}

TEST(QuestionnaireTest, ScoreOutsideEveryBandHasNoBand) {
  const Questionnaire q = MustParse(Demo("  - label: middle\n", "  - label: middle\n    max: 6\n"));
  const Score s = MustScore(q, {{"ache", 7}, {"ease", 4}});  // total 7, body 7
  EXPECT_EQ(s.band, "");
  EXPECT_EQ(s.interpretation, "");
}

// --- Change against the MCID ----------------------------------------------

TEST(QuestionnaireTest, DropOfMcidPointsIsImprovementWhenLowerIsBetter) {
  const ChangeVerdict v = MustParse(kDemo).Compare(9, 7);
  EXPECT_EQ(v.outcome, ChangeOutcome::kImproved);
  EXPECT_DOUBLE_EQ(v.change, -2);
  EXPECT_EQ(v.sentence,
            "Demo scale: down from 9 to 7 (2 points, 22%), a meaningful improvement; the "
            "smallest change that counts is 2 points or 30%.");
}

TEST(QuestionnaireTest, RiseOfMcidPointsIsWorseningWhenLowerIsBetter) {
  const ChangeVerdict v = MustParse(kDemo).Compare(6, 9);
  EXPECT_EQ(v.outcome, ChangeOutcome::kWorsened);
  EXPECT_EQ(v.sentence,
            "Demo scale: up from 6 to 9 (3 points, 50%), a meaningful worsening, worth raising "
            "with your care team; the smallest change that counts is 2 points or 30%.");
}

TEST(QuestionnaireTest, PercentRuleAloneMakesAChangeMeaningful) {
  const Questionnaire q = MustParse(kDemo);
  const ChangeVerdict v = q.Compare(5, 3.5);  // 1.5 points, 30%
  EXPECT_EQ(v.outcome, ChangeOutcome::kImproved);
  EXPECT_DOUBLE_EQ(v.percent_change.value_or(0), 30);
  EXPECT_EQ(q.Compare(5, 3.6).outcome, ChangeOutcome::kNoMeaningfulChange);  // 28%
}

TEST(QuestionnaireTest, SmallChangeIsNotMeaningful) {
  const ChangeVerdict v = MustParse(kDemo).Compare(8, 7);
  EXPECT_EQ(v.outcome, ChangeOutcome::kNoMeaningfulChange);
  EXPECT_EQ(v.sentence,
            "Demo scale: down from 8 to 7 (1 point, 13%), not a meaningful change; the smallest "
            "change that counts is 2 points or 30%.");
}

TEST(QuestionnaireTest, PercentRuleIsSkippedFromZero) {
  const ChangeVerdict v = MustParse(kDemo).Compare(0, 1);
  EXPECT_EQ(v.outcome, ChangeOutcome::kNoMeaningfulChange);
  EXPECT_FALSE(v.percent_change.has_value());
}

TEST(QuestionnaireTest, NoChangeIsNotMeaningful) {
  const ChangeVerdict v = MustParse(kDemo).Compare(4, 4);
  EXPECT_EQ(v.outcome, ChangeOutcome::kNoMeaningfulChange);
  EXPECT_EQ(v.sentence,
            "Demo scale: stayed at 4, no change; the smallest change that counts is 2 points or "
            "30%.");
}

TEST(QuestionnaireTest, RiseIsImprovementWhenHigherIsBetter) {
  const Questionnaire q = MustParse(Demo("higher_is_better: false", "higher_is_better: true"));
  EXPECT_EQ(q.Compare(3, 5).outcome, ChangeOutcome::kImproved);
  EXPECT_EQ(q.Compare(9, 7).outcome, ChangeOutcome::kWorsened);
}

TEST(QuestionnaireTest, DecimalScoresMeetTheThresholdExactly) {
  // 6.3 - 4.3 is 1.9999999999999996 in binary; it must still count as 2.
  EXPECT_EQ(MustParse(kDemo).Compare(6.3, 4.3).outcome, ChangeOutcome::kImproved);
}

TEST(QuestionnaireTest, OutcomeNamesAreStable) {
  EXPECT_STREQ(ChangeOutcomeName(ChangeOutcome::kImproved), "improved");
  EXPECT_STREQ(ChangeOutcomeName(ChangeOutcome::kWorsened), "worsened");
  EXPECT_STREQ(ChangeOutcomeName(ChangeOutcome::kNoMeaningfulChange), "no_meaningful_change");
}

// --- The shipped questionnaires and a clinic-supplied one -------------------

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Questionnaire Shipped(const std::string& id) {
  const std::string file = "questionnaires/" + id + ".yaml";
  return MustParse(ReadFile(std::string(BACKCOACH_SOURCE_DIR) + "/content/" + file), file);
}

Questionnaire MadeUp() {
  const std::string path =
      std::string(BACKCOACH_TESTDATA_DIR) + "/questionnaires/made_up_risk.yaml";
  return MustParse(ReadFile(path), "made_up_risk.yaml");
}

TEST(QuestionnaireContentTest, EveryShippedDefinitionParsesAndIsFreeToUse) {
  const std::filesystem::path dir =
      std::filesystem::path(BACKCOACH_SOURCE_DIR) / "content" / "questionnaires";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const Questionnaire q = MustParse(ReadFile(entry.path().string()), entry.path().string());
    EXPECT_EQ(q.id() + ".yaml", entry.path().filename().string());
    // Licensed instruments are loaded by clinics, never shipped.
    EXPECT_EQ(q.licence().rfind("free to use", 0), 0u) << q.id() << ": " << q.licence();
    ++count;
  }
  EXPECT_EQ(count, 4);
}

TEST(QuestionnaireContentTest, NrsBandsAtTheirBoundaries) {
  const Questionnaire q = Shipped("nrs");
  const std::map<double, std::string> expected = {{0, "no_pain"},  {1, "mild"},     {3, "mild"},
                                                  {4, "moderate"}, {6, "moderate"}, {7, "severe"},
                                                  {10, "severe"}};
  for (const auto& [pain, band] : expected) {
    const Score s = MustScore(q, {{"pain", pain}});
    EXPECT_DOUBLE_EQ(s.total, pain);
    EXPECT_EQ(s.band, band) << "pain " << pain;
  }
}

TEST(QuestionnaireContentTest, NrsMeaningfulChangeIsTwoPointsOrThirtyPercent) {
  const Questionnaire q = Shipped("nrs");
  EXPECT_EQ(q.Compare(7, 5).outcome, ChangeOutcome::kImproved);
  EXPECT_EQ(q.Compare(7, 6).outcome, ChangeOutcome::kNoMeaningfulChange);
  EXPECT_EQ(q.Compare(3, 2).outcome, ChangeOutcome::kImproved);  // 33%
  EXPECT_EQ(q.Compare(4, 6).outcome, ChangeOutcome::kWorsened);
  EXPECT_EQ(q.Compare(7, 4).sentence,
            "Pain rating (0-10): down from 7 to 4 (3 points, 43%), a meaningful improvement; the "
            "smallest change that counts is 2 points or 30%.");
}

TEST(QuestionnaireContentTest, NrsRejectsARatingAboveTen) {
  EXPECT_EQ(ScoreError(Shipped("nrs"), {{"pain", 11}}),
            "nrs: item 'pain': must be a whole number from 0 to 10, got 11");
}

TEST(QuestionnaireContentTest, PegIsTheMeanOfItsThreeItems) {
  const Questionnaire q = Shipped("peg");
  EXPECT_DOUBLE_EQ(MustScore(q, {{"pain", 6}, {"enjoyment", 7}, {"activity", 6}}).total, 6.3);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"pain", 5}, {"enjoyment", 5}, {"activity", 5}}).total, 5);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"pain", 0}, {"enjoyment", 0}, {"activity", 1}}).total, 0.3);
  EXPECT_EQ(MustScore(q, {{"pain", 9}, {"enjoyment", 9}, {"activity", 9}}).band, "unbanded");
}

TEST(QuestionnaireContentTest, PegNeedsAllThreeItems) {
  EXPECT_EQ(ScoreError(Shipped("peg"), {{"pain", 6}, {"activity", 6}}),
            "peg: item 'enjoyment' is required but was not answered");
}

TEST(QuestionnaireContentTest, PegChangeUsesThePainRatingRule) {
  const Questionnaire q = Shipped("peg");
  EXPECT_EQ(q.Compare(6.3, 4.3).outcome, ChangeOutcome::kImproved);
  EXPECT_EQ(q.Compare(5, 3.5).outcome, ChangeOutcome::kImproved);  // 30%
  EXPECT_EQ(q.Compare(6.3, 5).outcome, ChangeOutcome::kNoMeaningfulChange);
}

TEST(QuestionnaireContentTest, PsfsScoresOneTwoOrThreeActivities) {
  const Questionnaire q = Shipped("psfs");
  EXPECT_DOUBLE_EQ(MustScore(q, {{"activity_1", 4}}).total, 4);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"activity_1", 3}, {"activity_2", 6}}).total, 4.5);
  const Score three = MustScore(q, {{"activity_1", 3}, {"activity_2", 6}, {"activity_3", 8}});
  EXPECT_DOUBLE_EQ(three.total, 5.7);
  EXPECT_EQ(three.answered, 3);
  EXPECT_DOUBLE_EQ(MustScore(q, {{"activity_2", 5}}).total, 5);
}

TEST(QuestionnaireContentTest, PsfsNeedsAtLeastOneActivity) {
  EXPECT_EQ(ScoreError(Shipped("psfs"), {}), "psfs: needs at least 1 answered item, got 0");
}

TEST(QuestionnaireContentTest, PsfsHasNoFourthActivity) {
  EXPECT_EQ(ScoreError(Shipped("psfs"), {{"activity_1", 4}, {"activity_4", 4}}),
            "psfs: unknown item 'activity_4'; the items are activity_1, activity_2, activity_3");
}

TEST(QuestionnaireContentTest, PsfsRiseIsImprovement) {
  const Questionnaire q = Shipped("psfs");
  EXPECT_TRUE(q.higher_is_better());
  EXPECT_EQ(q.Compare(3, 5).outcome, ChangeOutcome::kImproved);
  EXPECT_EQ(q.Compare(5, 3).outcome, ChangeOutcome::kWorsened);
  // No percent rule: 1.5 points from 3 is 50% but still below 2 points.
  EXPECT_EQ(q.Compare(3, 4.5).outcome, ChangeOutcome::kNoMeaningfulChange);
}

TEST(QuestionnaireContentTest, FearRatingBandsMatchThePlanLevels) {
  const Questionnaire q = Shipped("fear_rating");
  EXPECT_FALSE(q.validated());
  EXPECT_NE(q.description().find("not a validated instrument"), std::string::npos);
  const std::map<double, std::string> expected = {{0, "low"},      {3, "low"},  {4, "moderate"},
                                                  {6, "moderate"}, {7, "high"}, {10, "high"}};
  for (const auto& [fear, band] : expected) {
    EXPECT_EQ(MustScore(q, {{"fear", fear}}).band, band) << "fear " << fear;
  }
}

TEST(QuestionnaireContentTest, ClinicDefinitionWithSubscaleLoads) {
  const Questionnaire q = MadeUp();
  EXPECT_EQ(q.id(), "made_up_risk");
  ASSERT_EQ(q.items().size(), 6u);
  EXPECT_EQ(q.items()[0].options.size(), 2u);
  EXPECT_EQ(q.subscales().at("worry"), (std::vector<std::string>{"q4", "q5", "q6"}));
}

TEST(QuestionnaireContentTest, ClinicDefinitionBandsByTotalThenSubscale) {
  const Questionnaire q = MadeUp();
  auto answers = [](std::vector<double> v) {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      // Appended, not "q" + std::to_string(...): GCC 12 at -O3 reports a
      // false -Wrestrict for the latter.
      std::string id = "q";
      id += std::to_string(i + 1);
      out[id] = v[i];
    }
    return out;
  };
  // Total 2 is low even with worry at 2: the total band comes first.
  const Score low = MustScore(q, answers({0, 0, 0, 1, 1, 0}));
  EXPECT_DOUBLE_EQ(low.total, 2);
  EXPECT_DOUBLE_EQ(low.subscales.at("worry"), 2);
  EXPECT_EQ(low.band, "low");
  // Total 3 with worry 2: high.
  EXPECT_EQ(MustScore(q, answers({1, 0, 0, 1, 1, 0})).band, "high");
  // Total 3 with worry 1: medium.
  const Score medium = MustScore(q, answers({1, 1, 0, 1, 0, 0}));
  EXPECT_DOUBLE_EQ(medium.subscales.at("worry"), 1);
  EXPECT_EQ(medium.band, "medium");
  EXPECT_EQ(MustScore(q, answers({1, 1, 1, 1, 1, 1})).band, "high");
}

TEST(QuestionnaireContentTest, ClinicDefinitionRejectsAnAnswerThatIsNoOption) {
  EXPECT_EQ(
      ScoreError(MadeUp(), {{"q1", 1}, {"q2", 0}, {"q3", 0}, {"q4", 3}, {"q5", 0}, {"q6", 0}}),
      "made_up_risk: item 'q4': must be one of 0, 1, got 3");
}

}  // namespace
}  // namespace backcoach
