// Clearing a red flag and the findings of the programme through the API:
// who may clear, what a person without a clinic says, and an emergency
// result that sticks until someone has seen the person.
#include <gtest/gtest.h>

#include <set>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

json Intake() { return json::parse(testing::kSelfCareIntake); }

json EmergencyIntake() {
  json intake = Intake();
  intake["saddle_numbness"] = true;
  intake["bladder_or_bowel_change"] = true;
  return intake;
}

class ClearingApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    admin_ = MakeUser("sam", Role::kAdmin, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    grace_ = MakeUser("grace", Role::kPatient, "", &grace_user_);  // no clinic
  }

  std::string Path(const User& u, const std::string& rest) {
    return "/api/v1/patients/" + u.id + rest;
  }

  // A session log on `date` reporting constant night pain: finding R4 opens.
  void OpenNightPainFinding(const std::string& token, const User& u, const std::string& date) {
    json log = {{"date", date},
                {"exercises", json::array()},
                {"pain_after", 3},
                {"effort", 3},
                {"constant_night_pain", true}};
    auto r = As(token, "POST", Path(u, "/sessions"), log.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    const json plan = Body(As(token, "GET", Path(u, "/plan")));
    ASSERT_FALSE(plan["open_findings"].empty()) << plan.dump();
  }

  // A session log on `date` reporting a new bladder change: the programme stops.
  void ReportBladderChange(const std::string& token, const User& u, const std::string& date) {
    json log = {{"date", date},
                {"exercises", json::array()},
                {"pain_after", 3},
                {"effort", 3},
                {"bladder_or_bowel_change", true}};
    auto r = As(token, "POST", Path(u, "/sessions"), log.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_EQ(Body(r)["status"], "stopped");
  }

  std::string clinic_, lee_, admin_, maria_, grace_;
  User maria_user_, grace_user_;
};

TEST_F(ClearingApiTest, TheClinicsClinicianClearsAFindingOfTheProgramme) {
  ASSERT_EQ(As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump()).status, 201);
  OpenNightPainFinding(maria_, maria_user_, "2026-11-23");

  auto refused = As(maria_, "POST", Path(maria_user_, "/clearance"), R"({"seen": "seen_cleared"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Body(refused)["error"]["message"],
            "a clinician of your clinic clears this: tell them you have been seen");
  auto admin = As(admin_, "POST", Path(maria_user_, "/clearance"), "{}");
  EXPECT_EQ(admin.status, 403);
  EXPECT_EQ(Body(admin)["error"]["message"],
            "only a clinician of the patient's clinic can clear this");

  auto cleared = As(lee_, "POST", Path(maria_user_, "/clearance"), "{}");
  ASSERT_EQ(cleared.status, 201) << cleared.body;
  EXPECT_EQ(Body(cleared)["how"], "clinician");
  EXPECT_EQ(Body(cleared)["decisions"][0]["rule"], "findings.cleared");
  const json plan = Body(As(maria_, "GET", Path(maria_user_, "/plan")));
  EXPECT_TRUE(plan["open_findings"].empty()) << plan.dump();
  EXPECT_EQ(plan["clearances"][0]["how"], "clinician");

  auto again = As(lee_, "POST", Path(maria_user_, "/clearance"), "{}");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Body(again)["error"]["message"], "there is no finding to clear");
}

// The screen that stands is the latest one: a red flag reported in a
// session is it, not the calm intake before it.
TEST_F(ClearingApiTest, ARedFlagInASessionIsTheScreenThatStands) {
  ASSERT_EQ(As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump()).status, 201);
  json log = {{"date", "2026-11-23"},
              {"exercises", json::array()},
              {"pain_after", 3},
              {"effort", 3},
              {"bladder_or_bowel_change", true}};
  auto r = As(maria_, "POST", Path(maria_user_, "/sessions"), log.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(Body(r)["status"], "stopped");

  const json screen = Body(As(lee_, "GET", Path(maria_user_, "/screen")));
  EXPECT_EQ(screen["triage"], "emergency") << screen.dump();
  EXPECT_EQ(screen["headline"], "Go to an emergency department now.");
  EXPECT_EQ(screen["rescreened_on"], "2026-11-23");
  EXPECT_EQ(screen["intake_screen"]["triage"], "self_care");
  bool bladder = false;
  for (const auto& f : screen["flags"]) bladder = bladder || f["tier"] == "emergency";
  EXPECT_TRUE(bladder) << screen.dump();
  EXPECT_EQ(Body(As(lee_, "GET", Path(maria_user_, "")))["screen"], screen);
}

// A red flag from a session log sticks like one from an intake: new answers
// first ask whether the person was seen, and the clinic's clinician clears
// it; the old plan stays stopped and the new answers make the new plan.
TEST_F(ClearingApiTest, ARedFlagInASessionMustBeClearedBeforeNewAnswersCount) {
  ASSERT_EQ(As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump()).status, 201);
  ReportBladderChange(maria_, maria_user_, "2026-11-23");
  const json plan = Body(As(lee_, "GET", Path(maria_user_, "/plan")));
  ASSERT_EQ(plan["open_findings"].size(), 1u) << plan.dump();
  EXPECT_EQ(plan["open_findings"][0]["tier"], "emergency");

  auto unsaid = As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump());
  EXPECT_EQ(unsaid.status, 422) << unsaid.body;
  json all_no = Intake();
  all_no["seen"] = "seen_cleared";  // her own word is not enough with a clinic
  auto held = As(maria_, "POST", Path(maria_user_, "/intake"), all_no.dump());
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_TRUE(Body(held).value("held", false));
  EXPECT_EQ(Body(held)["screen"]["triage"], "emergency") << held.body;
  EXPECT_EQ(Body(As(lee_, "GET", Path(maria_user_, "/plan")))["status"], "stopped");

  auto cleared = As(lee_, "POST", Path(maria_user_, "/clearance"), "{}");
  ASSERT_EQ(cleared.status, 201) << cleared.body;
  EXPECT_NE(Body(cleared)["decisions"][0]["reason"].get<std::string>().find(
                "The programme stays stopped"),
            std::string::npos)
      << cleared.body;
  EXPECT_EQ(Body(As(lee_, "GET", Path(maria_user_, "/screen")))["cleared"]["how"], "clinician");
  auto fresh = As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump());
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_FALSE(Body(fresh).contains("held"));
  EXPECT_EQ(Body(As(maria_, "GET", Path(maria_user_, "/plan")))["status"], "active");
}

TEST_F(ClearingApiTest, WithoutAClinicARedFlagInASessionIsClearedBySayingSheWasSeen) {
  ASSERT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), Intake().dump()).status, 201);
  ReportBladderChange(grace_, grace_user_, "2026-11-23");
  EXPECT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), Intake().dump()).status, 422);
  json all_no = Intake();
  all_no["seen"] = "seen_cleared";
  auto r = As(grace_, "POST", Path(grace_user_, "/intake"), all_no.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(Body(r).contains("held"));
  EXPECT_EQ(Body(As(grace_, "GET", Path(grace_user_, "/plan")))["status"], "active");
  // Cleared: the next intake asks nothing first.
  EXPECT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), Intake().dump()).status, 201);
}

// An earlier clearance of a lesser finding does not show a later stop as
// cleared.
TEST_F(ClearingApiTest, AClearanceBeforeAStopDoesNotClearTheStop) {
  ASSERT_EQ(As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump()).status, 201);
  OpenNightPainFinding(maria_, maria_user_, "2026-11-23");
  ASSERT_EQ(As(lee_, "POST", Path(maria_user_, "/clearance"), "{}").status, 201);
  ReportBladderChange(maria_, maria_user_, "2026-11-25");
  const json screen = Body(As(lee_, "GET", Path(maria_user_, "/screen")));
  EXPECT_EQ(screen["triage"], "emergency") << screen.dump();
  EXPECT_FALSE(screen.contains("cleared")) << screen.dump();
}

TEST_F(ClearingApiTest, AClearedFindingOfTheProgrammeShowsOnTheScreenAsCleared) {
  ASSERT_EQ(As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump()).status, 201);
  OpenNightPainFinding(maria_, maria_user_, "2026-11-23");
  json screen = Body(As(lee_, "GET", Path(maria_user_, "/screen")));
  EXPECT_EQ(screen["flags"][0]["id"], "R4") << screen.dump();
  EXPECT_EQ(screen["rescreened_on"], "2026-11-23");
  EXPECT_FALSE(screen.contains("cleared"));
  ASSERT_EQ(As(lee_, "POST", Path(maria_user_, "/clearance"), "{}").status, 201);
  screen = Body(As(lee_, "GET", Path(maria_user_, "/screen")));
  EXPECT_EQ(screen["cleared"]["how"], "clinician") << screen.dump();
}

TEST_F(ClearingApiTest, APersonWithoutAClinicClearsOnlyBySayingTheyWereSeenAndCleared) {
  ASSERT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), Intake().dump()).status, 201);
  OpenNightPainFinding(grace_, grace_user_, "2026-11-23");

  auto unsaid = As(grace_, "POST", Path(grace_user_, "/clearance"), "{}");
  EXPECT_EQ(unsaid.status, 422);
  EXPECT_EQ(Body(unsaid)["error"]["message"],
            "say whether you have been seen: seen_cleared, seen_not_cleared or not_yet");

  for (const char* seen : {"not_yet", "seen_not_cleared"}) {
    auto r = As(grace_, "POST", Path(grace_user_, "/clearance"), json{{"seen", seen}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(Body(r)["cleared"].get<bool>());
    EXPECT_EQ(Body(r)["advice"]["flags"][0]["id"], "R4") << r.body;  // the advice again
  }
  EXPECT_FALSE(Body(As(grace_, "GET", Path(grace_user_, "/plan")))["open_findings"].empty());

  auto r = As(grace_, "POST", Path(grace_user_, "/clearance"), R"({"seen": "seen_cleared"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(Body(r)["cleared"].get<bool>());
  EXPECT_EQ(Body(r)["how"], "self_report");
  EXPECT_TRUE(Body(As(grace_, "GET", Path(grace_user_, "/plan")))["open_findings"].empty());
  // Each answer is kept as her own report.
  auto reports = api_->service().Records(grace_user_.id, RecordKind::kSeenReport, 10);
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ((*reports)["records"].size(), 3u);
  std::set<std::string> said;
  for (const auto& r : (*reports)["records"]) {
    EXPECT_EQ(r["author_id"], grace_user_.id);
    said.insert(r["data"]["seen"].get<std::string>());
  }
  EXPECT_EQ(said, (std::set<std::string>{"not_yet", "seen_not_cleared", "seen_cleared"}));
}

TEST_F(ClearingApiTest, AnIntakeAfterAnEmergencyMustFirstSayWhetherThePersonWasSeen) {
  auto first = As(maria_, "POST", Path(maria_user_, "/intake"), EmergencyIntake().dump());
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(Body(first)["screen"]["triage"], "emergency");

  auto unsaid = As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump());
  EXPECT_EQ(unsaid.status, 422);
  EXPECT_EQ(Body(unsaid)["error"]["message"],
            "your last answers needed a doctor: first tell us whether you have been seen since "
            "(seen and cleared, seen but not cleared, or not yet)");

  clock_.Advance(3600);
  // All "No" now, and not seen yet: the emergency result stands.
  json all_no = Intake();
  all_no["seen"] = "not_yet";
  auto held = As(maria_, "POST", Path(maria_user_, "/intake"), all_no.dump());
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_TRUE(Body(held)["held"].get<bool>());
  EXPECT_EQ(Body(held)["screen"]["triage"], "emergency");
  EXPECT_EQ(Body(held)["new_screen"]["triage"], "self_care");
  EXPECT_EQ(Body(As(maria_, "GET", Path(maria_user_, "/plan")))["status"], "no_plan");  // unchanged
  EXPECT_EQ(Body(As(lee_, "GET", Path(maria_user_, "/screen")))["triage"], "emergency");

  // The clinician sees the earlier result, the new answers and what she said.
  const json detail = Body(As(lee_, "GET", Path(maria_user_, "")));
  EXPECT_EQ(detail["screen"]["triage"], "emergency");
  ASSERT_EQ(detail["screen_history"].size(), 3u) << detail.dump();
  EXPECT_EQ(detail["screen_history"][0]["triage"], "emergency");
  EXPECT_EQ(detail["screen_history"][1]["seen"], "not_yet");
  EXPECT_TRUE(detail["screen_history"][2]["held"].get<bool>());

  // The care team hears that the answers changed from a red flag to none.
  const json alerts = Body(As(lee_, "GET", "/api/v1/clinic/alerts"));
  bool told = false;
  for (const auto& a : alerts["alerts"]) {
    told = told || a["reason"].get<std::string>().find("no longer report") != std::string::npos;
  }
  EXPECT_TRUE(told) << alerts.dump();

  // Seen and cleared by her own word is not enough with a clinic: it still stands.
  all_no["seen"] = "seen_cleared";
  held = As(maria_, "POST", Path(maria_user_, "/intake"), all_no.dump());
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_TRUE(Body(held).value("held", false));

  // Her clinician clears it; the next intake is answered on its own.
  ASSERT_EQ(As(lee_, "POST", Path(maria_user_, "/clearance"), "{}").status, 201);
  EXPECT_EQ(Body(As(lee_, "GET", Path(maria_user_, "/screen")))["cleared"]["how"], "clinician");
  auto fresh = As(maria_, "POST", Path(maria_user_, "/intake"), Intake().dump());
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_FALSE(Body(fresh).contains("held"));
  EXPECT_EQ(Body(fresh)["screen"]["triage"], "self_care");
  EXPECT_EQ(Body(As(maria_, "GET", Path(maria_user_, "/plan")))["status"], "active");
}

TEST_F(ClearingApiTest, WithoutAClinicSeenAndClearedLetsTheNewAnswersCount) {
  ASSERT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), EmergencyIntake().dump()).status, 201);
  json all_no = Intake();
  all_no["seen"] = "seen_cleared";
  auto r = As(grace_, "POST", Path(grace_user_, "/intake"), all_no.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(Body(r).contains("held"));
  EXPECT_EQ(Body(r)["screen"]["triage"], "self_care");
  const json detail = Body(As(grace_, "GET", Path(grace_user_, "/alerts")));
  ASSERT_FALSE(detail["alerts"].empty()) << detail.dump();
  // Cleared: the next intake asks nothing first.
  EXPECT_EQ(As(grace_, "POST", Path(grace_user_, "/intake"), Intake().dump()).status, 201);
}

}  // namespace
}  // namespace backcoach
