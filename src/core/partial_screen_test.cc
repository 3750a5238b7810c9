#include "core/partial_screen.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/test_content.h"

namespace backcoach {
namespace {

const ScreeningRules& Rules() { return testing::ShippedContent().screening; }

std::vector<std::string> FiredSoFar(const char* answers) {
  auto read = ReadPartialAnswers(nlohmann::json::parse(answers));
  EXPECT_TRUE(read.ok()) << read.status().message();
  std::vector<std::string> out;
  if (!read.ok()) return out;
  for (const auto* rule : ScreenAnswered(*read, Rules()).flags) out.push_back(rule->id);
  return out;
}

TEST(PartialScreenTest, AnEmergencyRuleNeedsOnlyItsOwnQuestions) {
  EXPECT_EQ(FiredSoFar(R"({"saddle_numbness": true})"), std::vector<std::string>{"E1"});
  EXPECT_EQ(FiredSoFar(R"({"bladder_or_bowel_change": true, "saddle_numbness": false})"),
            std::vector<std::string>{"E2"});
  // Weakness in both legs decides E4 before numbness is asked (and R2 on its own).
  EXPECT_EQ(FiredSoFar(R"({"leg_symptom_sides": "both", "leg_weakness": "stable"})"),
            (std::vector<std::string>{"E4", "R2"}));
}

TEST(PartialScreenTest, ARuleTheAnswersDoNotDecideYetWaits) {
  EXPECT_TRUE(FiredSoFar(R"({})").empty());
  // E4 and S1 both wait for the numbness and weakness questions.
  EXPECT_TRUE(FiredSoFar(R"({"leg_symptom_sides": "both"})").empty());
  EXPECT_TRUE(
      FiredSoFar(R"({"saddle_numbness": false, "bladder_or_bowel_change": false})").empty());
  // W4 needs the age as well as the fall.
  EXPECT_TRUE(FiredSoFar(R"({"trauma": "minor"})").empty());
  EXPECT_EQ(FiredSoFar(R"({"trauma": "minor", "age": 72})"), std::vector<std::string>{"W4"});
}

TEST(PartialScreenTest, AllTheAnswersScreenAsAWholeIntakeDoes) {
  const nlohmann::json intake = nlohmann::json::parse(R"({
    "age": 45, "pain_duration_weeks": 30, "pain_now": 6, "pain_trend": "stable",
    "leg_symptoms": "none", "leg_symptom_sides": "none", "leg_numbness_or_tingling": false,
    "leg_weakness": "none", "saddle_numbness": false, "bladder_or_bowel_change": false,
    "sexual_dysfunction_new": false, "fever_or_chills": false, "unexplained_weight_loss": false,
    "cancer_history": false, "trauma": "none", "osteoporosis_or_long_term_steroids": false,
    "immunosuppressed_or_iv_drug_use": false, "recent_infection_or_spinal_procedure": false,
    "constant_night_pain": false, "feeling_unwell": false, "widespread_pain": false,
    "first_episode": false})");
  for (const char* flag : {"", "saddle_numbness", "fever_or_chills", "constant_night_pain"}) {
    nlohmann::json answers = intake;
    if (*flag != '\0') answers[flag] = true;
    auto partial = ReadPartialAnswers(answers);
    auto whole = IntakeFromJson(answers);
    ASSERT_TRUE(partial.ok() && whole.ok()) << flag;
    EXPECT_EQ(ScreenResultToJson(ScreenAnswered(*partial, Rules()), Rules()),
              ScreenResultToJson(Screen(*whole, Rules()), Rules()))
        << flag;
    // Without the age, the rest still decide the same flags.
    answers.erase("age");
    auto without_age = ReadPartialAnswers(answers);
    ASSERT_TRUE(without_age.ok());
    EXPECT_EQ(ScreenAnswered(*without_age, Rules()).triage, Screen(*whole, Rules()).triage) << flag;
  }
}

TEST(PartialScreenTest, AnUnknownOrWrongAnswerIsRefused) {
  auto unknown = ReadPartialAnswers(nlohmann::json::parse(R"({"sadle": true})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "unknown field 'sadle'");
  EXPECT_FALSE(ReadPartialAnswers(nlohmann::json::parse(R"({"age": 300})")).ok());
  EXPECT_FALSE(ReadPartialAnswers(nlohmann::json::parse(R"({"leg_symptoms": "knee"})")).ok());
}

}  // namespace
}  // namespace backcoach
