// The plan a seeded history follows: none before the intake, the current
// plan with its schedule after it.
#include "app/running_plan.h"

#include <gtest/gtest.h>

#include "core/plan_request.h"
#include "storage/memory_store.h"
#include "testing/accounts.h"
#include "testing/plan_fixtures.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

TEST(RunningPlanTest, NoneBeforeTheIntakeThenThePlanWithItsSchedule) {
  MemoryStore store;
  FakeClock clock{1795424400};  // 2026-11-23 09:00 UTC
  Service service(store, testing::ShippedContent(), clock);
  const User maria = testing::CreateAccount(store, clock, "maria", Role::kPatient, "").value();

  auto none = RunningPlan(service, maria.id);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(none.status().message(), "there is no plan yet: complete the intake first");

  ASSERT_TRUE(
      service.SubmitIntake(maria, IntakeInput{PlanRequestToJson(testing::MariaRequest()), ""})
          .ok());
  auto running = RunningPlan(service, maria.id);
  ASSERT_TRUE(running.ok()) << running.status().message();
  ASSERT_TRUE(running->has_value());
  EXPECT_FALSE((*running)->schedule.empty());
}

}  // namespace
}  // namespace backcoach
