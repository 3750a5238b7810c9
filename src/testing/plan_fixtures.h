// Test helpers: plan requests for the people in the journeys, and a small
// deterministic random generator for property tests.
#ifndef BACKCOACH_TESTING_PLAN_FIXTURES_H_
#define BACKCOACH_TESTING_PLAN_FIXTURES_H_

#include <gtest/gtest.h>

#include <cstdint>

#include "core/plan.h"
#include "testing/test_content.h"

namespace backcoach::testing {

inline Intake CalmIntake() {
  Intake in;
  in.age = 45;
  in.pain_duration_weeks = 30;
  in.pain_now = 4;
  in.pain_trend = PainTrend::kStable;
  return in;
}

// Maria: chronic, localized, self care; 25 minutes, 5 days, mat and band.
inline PlanRequest MariaRequest() {
  PlanRequest r;
  r.intake = CalmIntake();
  r.activity_level = ActivityLevel::kLight;
  r.minutes_per_day = 25;
  r.days_per_week = 5;
  r.equipment = {"mat", "resistance_band"};
  r.likes = {"walking"};
  r.dislikes = {"swimming"};
  r.fear_of_movement = FearLevel::kLow;
  r.start_date = Date::FromCivil(2026, 11, 23);
  return r;
}

// Tom: acute strain two days ago, pain 7 and improving.
inline PlanRequest TomRequest() {
  PlanRequest r = MariaRequest();
  r.intake.age = 33;
  r.intake.pain_duration_weeks = 0.3;
  r.intake.pain_now = 7;
  r.intake.pain_trend = PainTrend::kImproving;
  r.activity_level = ActivityLevel::kActive;
  r.minutes_per_day = 30;
  r.likes = {"cycling"};
  return r;
}

// Ahmed: pain and tingling below one knee, stable.
inline PlanRequest AhmedRequest() {
  PlanRequest r = MariaRequest();
  r.intake.age = 58;
  r.intake.pain_duration_weeks = 6;
  r.intake.leg_symptoms = LegSymptoms::kBelowKnee;
  r.intake.leg_symptom_sides = LegSides::kOne;
  r.intake.leg_numbness_or_tingling = true;
  r.days_per_week = 3;
  return r;
}

// The first plan for `request` from the shipped content. A request the
// engine refuses fails the running test, which then gets an empty plan.
inline PlanState PlanFor(const PlanRequest& request) {
  auto plan = MakePlan(request, ShippedContent());
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  return plan.ok() ? *plan : PlanState{};
}

// splitmix64: small, fast and the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % (hi - lo + 1)); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

 private:
  std::uint64_t state_;
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_PLAN_FIXTURES_H_
