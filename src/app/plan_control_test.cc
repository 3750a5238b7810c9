#include "app/plan_control.h"

#include <gtest/gtest.h>

#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using nlohmann::json;
using testing::MariaRequest;
using testing::ShippedContent;

TEST(PlanControlJsonTest, OffersOnlyTheFieldsLevelsAndAdditionsTheServerAccepts) {
  auto plan = MakePlan(MariaRequest(), ShippedContent());
  ASSERT_TRUE(plan.ok());
  const json control = PlanControlJson(*plan, ShippedContent());
  EXPECT_TRUE(control["adjustable"]);
  EXPECT_FALSE(control.contains("add_refused"));
  for (const auto& p : plan->exercises) {
    ASSERT_TRUE(control["exercises"].contains(p.id)) << p.id;
    const json& fields = control["exercises"][p.id]["fields"];
    EXPECT_EQ(fields.contains("minutes"), p.dose.minutes > 0) << p.id;
    EXPECT_EQ(fields.contains("reps"), p.dose.reps > 0) << p.id;
    EXPECT_EQ(fields.contains("days_per_week"), p.category == Category::kAerobic) << p.id;
    int current = 0;
    for (const auto& m : control["exercises"][p.id]["levels"]) current += m["current"] ? 1 : 0;
    EXPECT_EQ(current, 1) << p.id;
  }
  // Every exercise offered is accepted as it is offered.
  for (const auto& option : control["can_add"]) {
    Adjustment a{option["id"], "add", 0, "", {}, "to try", "Dr. Lee"};
    auto next = AdjustPlan(*plan, a, ShippedContent(), plan->request.start_date);
    if (!next.ok()) {
      // Only the person's day may still say no, once the week is laid out.
      EXPECT_NE(next.status().message().find("does not fit"), std::string::npos)
          << option["id"] << ": " << next.status().message();
    }
  }
  PlanState stopped = *plan;
  stopped.status = PlanStatus::kStopped;
  EXPECT_FALSE(PlanControlJson(stopped, ShippedContent())["adjustable"]);
}

}  // namespace
}  // namespace backcoach
