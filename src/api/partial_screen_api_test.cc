// The screen of answers given so far: the web intake asks it after each
// step, so that an emergency answer shows the emergency card at once.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class PartialScreenApiTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    token_ = MakeUser("maria", Role::kPatient, "");
  }
  std::string token_;
};

TEST_F(PartialScreenApiTest, AnEmergencyAnswerIsAnEmergencyBeforeTheIntakeIsFinished) {
  auto r = As(token_, "POST", "/api/v1/screen/partial",
              R"({"saddle_numbness": true, "bladder_or_bowel_change": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["emergency"].get<bool>());
  EXPECT_EQ(Body(r)["triage"], "emergency");
  EXPECT_EQ(Body(r)["headline"], "Go to an emergency department now.");
  EXPECT_EQ(Body(r)["flags"][0]["id"], "E1");
  EXPECT_FALSE(Body(r)["emergency_signs"].get<std::string>().empty());
}

TEST_F(PartialScreenApiTest, AnswersThatDecideNothingYetAreNoEmergency) {
  auto r = As(token_, "POST", "/api/v1/screen/partial",
              R"({"age": 45, "leg_symptoms": "below_knee", "leg_symptom_sides": "both"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Body(r)["emergency"].get<bool>());
  EXPECT_TRUE(Body(r)["flags"].empty()) << r.body;
}

TEST_F(PartialScreenApiTest, NeedsASignedInCallerAndKnownFields) {
  EXPECT_EQ(Call("POST", "/api/v1/screen/partial", R"({"saddle_numbness": true})").status, 401);
  auto r = As(token_, "POST", "/api/v1/screen/partial", R"({"saddle": true})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "unknown field 'saddle'");
}

}  // namespace
}  // namespace backcoach
