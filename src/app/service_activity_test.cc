// Imports of daily steps, called directly with a typed import: what is
// stored, what is left alone as unchanged, and the walking goal reviewed
// from the days now stored.
#include "app/service_activity.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

class ActivityServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    MakeUser("maria", Role::kPatient, MakeClinic("Riverside"), &maria_);
  }

  Service& service() { return api_->service(); }

  // `days` days of `steps` each, ending on 2026-11-22, with two problems.
  static ActivityImport Days(int days, long long steps) {
    ActivityImport import;
    import.format = "csv";
    for (int i = 0; i < days; ++i) {
      import.days[Date::FromCivil(2026, 11, 22).Plus(-i)] = DayActivity{steps, 30, "csv"};
    }
    import.rows = days + 2;
    import.skipped = 2;
    import.problems = {{3, "not a date"}, { 5, "too many steps" }};
    return import;
  }

  User maria_;
};

TEST_F(ActivityServiceTest, AnImportSaysWhatItStoredAndWhatWasAlreadyThere) {
  auto first = service().ImportActivity(maria_, Days(10, 4000));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->format, "csv");
  EXPECT_EQ(first->rows, 12);
  EXPECT_EQ(first->days, 10);
  EXPECT_EQ(first->stored, 10);
  EXPECT_EQ(first->unchanged, 0);
  EXPECT_EQ(first->skipped, 2);
  ASSERT_EQ(first->problems.size(), 2u);
  EXPECT_EQ(first->problems[1].line, 5);
  EXPECT_EQ(first->first_day, "2026-11-13");
  EXPECT_EQ(first->last_day, "2026-11-22");
  EXPECT_FALSE(first->step_goal) << "no plan yet: no walking goal";

  ActivityImport again = Days(12, 4000);                   // two more days before, the ten alike
  again.days[Date::FromCivil(2026, 11, 22)].steps = 4100;  // and one day changed
  auto second = service().ImportActivity(maria_, again);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->stored, 3);
  EXPECT_EQ(second->unchanged, 9);
  EXPECT_EQ(store_->ListRecords(maria_.id, RecordKind::kSteps, 100)->size(), 13u);
}

TEST_F(ActivityServiceTest, WithAPlanTheGoalIsTheOneThePlanNowHolds) {
  auto intake =
      service().SubmitIntake(maria_, IntakeInput{PlanRequestToJson(testing::MariaRequest()), ""});
  ASSERT_TRUE(intake.ok()) << intake.status().message();
  auto imported = service().ImportActivity(maria_, Days(14, 5000));
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  auto plan = service().Plan(maria_.id);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const nlohmann::json held = nlohmann::json::parse(plan->state)["step_goal"];
  EXPECT_EQ(StepGoalToJson(imported->step_goal), held);
  ASSERT_TRUE(imported->step_goal) << "fourteen days of steps set a goal";
  EXPECT_GT(imported->step_goal->daily_steps, 0);
}

}  // namespace
}  // namespace backcoach
