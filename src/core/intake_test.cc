#include "core/intake.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace backcoach {
namespace {

using json = nlohmann::json;

json ValidIntake() {
  return json::parse(R"({
    "age": 45, "pain_duration_weeks": 20, "pain_now": 6, "pain_trend": "stable",
    "leg_symptoms": "none", "leg_symptom_sides": "none", "leg_numbness_or_tingling": false,
    "leg_weakness": "none", "saddle_numbness": false, "bladder_or_bowel_change": false,
    "sexual_dysfunction_new": false, "fever_or_chills": false, "unexplained_weight_loss": false,
    "cancer_history": false, "trauma": "none", "osteoporosis_or_long_term_steroids": false,
    "immunosuppressed_or_iv_drug_use": false, "recent_infection_or_spinal_procedure": false,
    "constant_night_pain": false, "feeling_unwell": false, "widespread_pain": false,
    "first_episode": false})");
}

std::string ErrorFor(const json& j) {
  auto r = IntakeFromJson(j);
  return r.ok() ? "ok" : r.status().message();
}

TEST(IntakeTest, ValidIntakeParses) {
  auto r = IntakeFromJson(ValidIntake());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->age, 45);
  EXPECT_EQ(r->pain_now, 6);
  EXPECT_FALSE(r->thoracic_pain.has_value());
}

TEST(IntakeTest, RoundTripsThroughJson) {
  json j = ValidIntake();
  j["thoracic_pain"] = true;
  j["trauma"] = "minor";
  auto r = IntakeFromJson(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(IntakeToJson(*r), j);
}

TEST(IntakeTest, UnknownFieldIsAnError) {
  json j = ValidIntake();
  j["sadle_numbness"] = true;
  EXPECT_EQ(ErrorFor(j), "unknown field 'sadle_numbness'");
}

TEST(IntakeTest, EveryRequiredFieldIsRequired) {
  for (const auto& field : IntakeFields()) {
    if (field.kind == FieldKind::kOptionalBoolean) continue;
    json j = ValidIntake();
    j.erase(field.name);
    EXPECT_EQ(ErrorFor(j), std::string("missing field '") + field.name + "'");
  }
}

TEST(IntakeTest, OptionalFieldsMayBeAbsentOrNull) {
  json j = ValidIntake();
  j["morning_stiffness_over_30_min"] = nullptr;
  EXPECT_EQ(ErrorFor(j), "ok");
}

TEST(IntakeTest, OutOfRangeNumbersAreErrors) {
  json j = ValidIntake();
  j["pain_now"] = 11;
  EXPECT_EQ(ErrorFor(j), "field 'pain_now' must be a whole number from 0 to 10");
  j = ValidIntake();
  j["age"] = -1;
  EXPECT_EQ(ErrorFor(j), "field 'age' must be a whole number from 0 to 120");
  j = ValidIntake();
  j["pain_duration_weeks"] = -0.5;
  EXPECT_EQ(ErrorFor(j), "field 'pain_duration_weeks' must be a number at least 0");
}

TEST(IntakeTest, WrongTypesAreErrors) {
  json j = ValidIntake();
  j["pain_now"] = 6.5;
  EXPECT_EQ(ErrorFor(j), "field 'pain_now' must be a whole number from 0 to 10");
  j = ValidIntake();
  j["age"] = "45";
  EXPECT_EQ(ErrorFor(j), "field 'age' must be a whole number from 0 to 120");
  j = ValidIntake();
  j["saddle_numbness"] = "no";
  EXPECT_EQ(ErrorFor(j), "field 'saddle_numbness' must be true or false");
  j = ValidIntake();
  j["saddle_numbness"] = 0;
  EXPECT_EQ(ErrorFor(j), "field 'saddle_numbness' must be true or false");
}

TEST(IntakeTest, UnknownChoiceIsAnError) {
  json j = ValidIntake();
  j["leg_symptoms"] = "foot";
  EXPECT_EQ(ErrorFor(j), "field 'leg_symptoms' must be one of none, above_knee, below_knee");
}

TEST(IntakeTest, LegSymptomsWithoutSideIsInconsistent) {
  json j = ValidIntake();
  j["leg_symptoms"] = "below_knee";
  EXPECT_EQ(ErrorFor(j),
            "leg_symptoms says a leg is affected but leg_symptom_sides is 'none': say 'one' or "
            "'both'");
}

TEST(IntakeTest, SideWithoutLegSymptomsIsInconsistent) {
  json j = ValidIntake();
  j["leg_symptom_sides"] = "one";
  EXPECT_EQ(ErrorFor(j),
            "leg_symptom_sides names a side but leg_symptoms is 'none': say how far down the leg "
            "the symptoms go");
}

TEST(IntakeTest, NumbnessWithoutLegSymptomsIsInconsistent) {
  json j = ValidIntake();
  j["leg_numbness_or_tingling"] = true;
  EXPECT_EQ(ErrorFor(j),
            "leg_numbness_or_tingling is true but leg_symptoms is 'none': say how far down the "
            "leg the symptoms go");
}

TEST(IntakeTest, WeaknessAloneIsAllowed) {
  json j = ValidIntake();
  j["leg_weakness"] = "worsening";
  EXPECT_EQ(ErrorFor(j), "ok");
}

TEST(IntakeTest, NonObjectAndBadJsonAreErrors) {
  EXPECT_EQ(ErrorFor(json::array()), "the intake must be a JSON object");
  EXPECT_EQ(ParseIntake("{not json").status().message(), "the intake is not valid JSON");
}

TEST(IntakeTest, KeysOwnedByACallerAreSkipped) {
  json j = ValidIntake();
  j["minutes_per_day"] = 20;
  EXPECT_TRUE(IntakeFromJson(j, {"minutes_per_day"}).ok());
  EXPECT_FALSE(IntakeFromJson(j).ok());
}

}  // namespace
}  // namespace backcoach
