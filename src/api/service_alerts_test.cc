// Alerts through the API: raised at once by a plan change, listed for the
// clinic, feeding the clinician's list, and resolved with a note.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

class AlertsApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("A");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    ahmed_token_ = MakeUser("ahmed", Role::kPatient, clinic_, &ahmed_);
    tom_token_ = MakeUser("tom", Role::kPatient, clinic_, &tom_);
    for (const auto& [token, user] :
         {std::pair{ahmed_token_, ahmed_}, std::pair{tom_token_, tom_}}) {
      ASSERT_EQ(
          As(token, "POST", "/api/v1/patients/" + user.id + "/intake", testing::kSelfCareIntake)
              .status,
          201);
    }
  }

  std::string Path(const User& u, const std::string& rest) const {
    return "/api/v1/patients/" + u.id + rest;
  }

  json ClinicList() { return Body(As(lee_, "GET", "/api/v1/clinic/patients"))["patients"]; }

  std::string clinic_, lee_, ahmed_token_, tom_token_;
  User ahmed_, tom_;
};

TEST_F(AlertsApiTest, RedFlagInASessionLogAlertsTheClinicianAtOnce) {
  const json answer =
      LogDay(ahmed_token_, ahmed_.id, "2026-11-23", 3, {{"bladder_or_bowel_change", true}});
  ASSERT_EQ(answer["status"], "stopped") << answer.dump();
  const json alerts = Body(As(lee_, "GET", "/api/v1/clinic/alerts?open=true"))["alerts"];
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump();
  EXPECT_EQ(alerts[0]["rule"], "red_flag");
  EXPECT_EQ(alerts[0]["patient_name"], "ahmed");
  EXPECT_EQ(alerts[0]["state"], "new");
  EXPECT_NE(alerts[0]["reason"].get<std::string>().find("A red-flag answer on 2026-11-23"),
            std::string::npos);
  // Logging again the same day raises no second alert.
  ASSERT_EQ(As(ahmed_token_, "GET", Path(ahmed_, "/alerts")).status, 200);
  EXPECT_EQ(Body(As(ahmed_token_, "GET", Path(ahmed_, "/alerts")))["alerts"].size(), 1u);
}

TEST_F(AlertsApiTest, OpenAlertKeepsThePatientFirstUntilResolvedWithANote) {
  LogDay(ahmed_token_, ahmed_.id, "2026-11-23", 3, {{"bladder_or_bowel_change", true}});
  json list = ClinicList();
  ASSERT_EQ(list[0]["id"], ahmed_.id);
  const int open_attention = list[0]["attention"];
  const std::string id = Body(As(lee_, "GET", "/api/v1/clinic/alerts"))["alerts"][0]["id"];

  auto no_note = As(lee_, "POST", Path(ahmed_, "/alerts/" + id), R"({"state": "resolved"})");
  EXPECT_EQ(no_note.status, 422);
  EXPECT_EQ(Body(no_note)["error"]["message"],
            "field 'note' is required to resolve an alert: say what was done");
  ASSERT_EQ(As(lee_, "POST", Path(ahmed_, "/alerts/" + id),
               R"({"state": "resolved", "note": "Called him; he is on his way to A&E."})")
                .status,
            200);
  list = ClinicList();
  EXPECT_EQ(list[0]["id"], ahmed_.id);  // the red flag itself still counts
  EXPECT_EQ(list[0]["attention"].get<int>(), open_attention - 100);
  EXPECT_TRUE(list[0]["urgent"].get<bool>()) << list.dump();
  for (std::size_t i = 1; i < list.size(); ++i) {
    EXPECT_FALSE(list[i]["urgent"].get<bool>()) << list[i].dump();
  }
  const json alerts = Body(As(lee_, "GET", Path(ahmed_, "/alerts")))["alerts"];
  EXPECT_EQ(alerts[0]["state"], "resolved");
  EXPECT_EQ(alerts[0]["note"], "Called him; he is on his way to A&E.");
  EXPECT_TRUE(Body(As(lee_, "GET", "/api/v1/clinic/alerts?open=true"))["alerts"].empty());
}

TEST_F(AlertsApiTest, AnotherPatientsAlertIdIsNotFound) {
  LogDay(ahmed_token_, ahmed_.id, "2026-11-23", 3, {{"bladder_or_bowel_change", true}});
  const std::string id = Body(As(lee_, "GET", "/api/v1/clinic/alerts"))["alerts"][0]["id"];
  auto r = As(lee_, "POST", Path(tom_, "/alerts/" + id), R"({"state": "seen"})");
  EXPECT_EQ(r.status, 404);
}

TEST_F(AlertsApiTest, GoalRiseOnThePsfsIsGoodNews) {
  ASSERT_EQ(As(tom_token_, "POST", Path(tom_, "/questionnaires/psfs"),
               R"({"answers": {"activity_1": 3}})")
                .status,
            201);
  clock_.Advance(14 * 86400);
  tom_token_ = api_->auth().StartSession(tom_).value().token;  // the old session has expired
  lee_ = api_->auth().StartSession(*store_->FindUserByEmail("lee@example.test")).value().token;
  ASSERT_EQ(As(tom_token_, "POST", Path(tom_, "/questionnaires/psfs"),
               R"({"answers": {"activity_1": 6}})")
                .status,
            201);
  const json alerts = Body(As(lee_, "GET", Path(tom_, "/alerts")))["alerts"];
  bool good_news = false;
  for (const auto& a : alerts)
    good_news = good_news || (a["rule"] == "goal_rise" && a["kind"] == "good_news");
  EXPECT_TRUE(good_news) << alerts.dump();
}

}  // namespace
}  // namespace backcoach
