#include "app/progress_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

class ProgressReportTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
  }
  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }
  void Log(const std::string& date, int pain) {
    const json today = Body(As(maria_, "GET", Path("/today?date=" + date)));
    json exercises = json::array();
    for (const auto& card : today["exercises"]) {
      exercises.push_back({{"id", card["id"]}, {"pain_during", pain}});
    }
    json log = {{"date", date}, {"exercises", exercises}, {"pain_after", pain}, {"effort", 4}};
    ASSERT_EQ(As(maria_, "POST", Path("/sessions"), log.dump()).status, 201);
  }

  std::string clinic_, lee_, maria_;
  User maria_user_;
};

TEST_F(ProgressReportTest, GathersScreenSeriesWeeksLevelsChangesAndPlan) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  Log("2026-11-23", 3);
  Log("2026-11-25", 2);
  ASSERT_EQ(As(maria_, "POST", Path("/pain"), R"({"date": "2026-11-26", "pain": 4})").status, 201);
  ASSERT_EQ(As(maria_, "POST", Path("/questionnaires/peg"),
               R"({"answers": {"pain": 6, "enjoyment": 5, "activity": 4}})")
                .status,
            201);
  ASSERT_EQ(
      As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-23,5000\n2026-11-24,7000\n").status,
      201);
  const json plan = Body(As(maria_, "GET", Path("/plan")));
  const std::string first = plan["exercises"][0]["id"];
  ASSERT_EQ(
      As(lee_, "POST", Path("/adjustments"),
         json{{"exercise_id", first}, {"action", "pin"}, {"reason", "keep it while she travels"}}
             .dump())
          .status,
      201);

  auto report = GatherReport(api_->service(), maria_user_.id);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->patient_name, "maria");
  EXPECT_EQ(report->triage, "self_care");
  EXPECT_TRUE(report->flags.empty());
  EXPECT_EQ(report->first_day, "2026-11-23");
  ASSERT_TRUE(report->pain_baseline.has_value());
  EXPECT_EQ(*report->pain_baseline, 6);  // the intake's "pain now"
  EXPECT_EQ(report->meaningful_change, 2);
  ASSERT_EQ(report->pain_during.points.size(), 2u);
  EXPECT_EQ(report->pain_during.points[0].value, 3);
  ASSERT_EQ(report->pain_diary.points.size(), 1u);
  EXPECT_EQ(report->pain_diary.points[0].value, 4);
  ASSERT_EQ(report->scores.size(), 1u);
  EXPECT_EQ(report->scores[0].label, "PEG (lower is better)");
  ASSERT_EQ(report->weeks.size(), 1u);
  EXPECT_EQ(report->weeks[0].sessions, 2);
  ASSERT_TRUE(report->weeks[0].daily_steps.has_value());
  EXPECT_EQ(*report->weeks[0].daily_steps, 6000);
  EXPECT_FALSE(report->levels.empty());
  auto pin = std::find_if(
      report->changes.begin(), report->changes.end(),
      [](const ReportChange& c) { return c.what.find("(clinician)") != std::string::npos; });
  ASSERT_NE(pin, report->changes.end());
  EXPECT_EQ(pin->what, "pin " + first + " (clinician)");
  EXPECT_EQ(pin->reason, "keep it while she travels");
  EXPECT_EQ(pin->date, "2026-11-23");
  EXPECT_EQ(report->plan_status, "active");
  EXPECT_EQ(report->plan.size(), plan["exercises"].size());
}

TEST_F(ProgressReportTest, APatientWithoutAnyRecordGetsAnEmptyReport) {
  auto report = GatherReport(api_->service(), maria_user_.id);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->triage.empty());
  EXPECT_TRUE(report->plan_status.empty());
  EXPECT_TRUE(report->first_day.empty());
  EXPECT_FALSE(report->pain_baseline.has_value());
}

TEST_F(ProgressReportTest, AMissingPatientIsNotFound) {
  EXPECT_EQ(GatherReport(api_->service(), "ghost").status().code(), StatusCode::kNotFound);
}

TEST(DoseTextTest, WritesSetsHoldsMinutesAndSides) {
  EXPECT_EQ(DoseText(2, 10, 0, 0, false), "2 x 10");
  EXPECT_EQ(DoseText(3, 1, 20, 0, true), "3 x 1, hold 20 s each side");
  EXPECT_EQ(DoseText(0, 0, 0, 12, false), "12 minutes");
}

}  // namespace
}  // namespace backcoach
