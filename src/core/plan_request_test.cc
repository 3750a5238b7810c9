#include "core/plan_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using json = nlohmann::json;

json Request() { return PlanRequestToJson(testing::MariaRequest()); }

std::string ErrorFor(const json& j) {
  auto r = PlanRequestFromJson(j);
  return r.ok() ? "ok" : r.status().message();
}

TEST(PlanRequestTest, RoundTrips) {
  auto r = PlanRequestFromJson(Request());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(PlanRequestToJson(*r), Request());
}

TEST(PlanRequestTest, InvalidFieldsGiveOneClearLine) {
  json j = Request();
  j["minutes_per_day"] = 5;
  EXPECT_EQ(ErrorFor(j), "field 'minutes_per_day' must be a whole number from 10 to 120");
  j = Request();
  j["days_per_week"] = 8;
  EXPECT_EQ(ErrorFor(j), "field 'days_per_week' must be a whole number from 2 to 7");
  j = Request();
  j["activity_level"] = "lazy";
  EXPECT_EQ(ErrorFor(j), "field 'activity_level' must be one of inactive, light, active");
  j = Request();
  j["fear_of_movement"] = "none";
  EXPECT_EQ(ErrorFor(j), "field 'fear_of_movement' must be one of low, moderate, high");
  j = Request();
  j["equipment"] = "mat";
  EXPECT_EQ(ErrorFor(j), "field 'equipment' must be a list of words");
  j = Request();
  j.erase("likes");
  EXPECT_EQ(ErrorFor(j), "missing field 'likes'");
  j = Request();
  j["start_date"] = "23/11/2026";
  EXPECT_EQ(ErrorFor(j), "field 'start_date': '23/11/2026' is not a date of the form YYYY-MM-DD");
  j = Request();
  j["minutes"] = 20;
  EXPECT_EQ(ErrorFor(j), "unknown field 'minutes'");
  j = Request();
  j.erase("age");
  EXPECT_EQ(ErrorFor(j), "missing field 'age'");
}

TEST(PlanRequestTest, OptionalFieldsMayBeLeftOut) {
  json j = Request();
  j.erase("dislikes");
  j.erase("goals");
  j.erase("fear_of_movement");
  auto r = PlanRequestFromJson(j);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->fear_of_movement.has_value());
}

TEST(DateTest, ParsesFormatsAndKnowsWeekdays) {
  auto d = Date::Parse("2026-11-23");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2026-11-23");
  EXPECT_EQ(d->Weekday(), 0);  // a Monday
  EXPECT_EQ(d->Plus(8).ToString(), "2026-12-01");
  EXPECT_EQ(Date::Parse("2024-02-29")->ToString(), "2024-02-29");
  EXPECT_FALSE(Date::Parse("2025-02-29").ok());
  EXPECT_FALSE(Date::Parse("2026-1-5").ok());
}

}  // namespace
}  // namespace backcoach
