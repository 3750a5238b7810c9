// StepGoal: a daily step goal built from the person's own step counts.
//
// People who import steps from a phone or watch (activity/) get a walking
// target in steps as well as in minutes. The goal starts from what they
// already do, the median of their recent complete days, and is reviewed once
// a week: a little above last week's median, never more than a set number of
// steps above it, never above a ceiling that is enough for health, rounded
// (and never below one rounding step). The
// goal does not rise in a flare-up, in a walking-only plan, or after a red
// day, and there is none without a programme. Every goal carries the reason
// and rule it comes from. The thresholds are content/engine.yaml's
// `step_goal` (docs/content-engine.md). No I/O: the caller reads the counts.
#ifndef BACKCOACH_CORE_STEP_GOAL_H_
#define BACKCOACH_CORE_STEP_GOAL_H_

#include <map>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/engine_rules.h"
#include "core/plan.h"

namespace backcoach {

// Steps counted on each day, as imported.
using DailySteps = std::map<Date, long long>;

// The median of the complete days in the `baseline_days` before `today`
// (today itself is still being counted), and how many days had a count.
struct StepBaseline {
  long long median = 0;
  int days_counted = 0;
  int days_goal_met = 0;  // of those, days at or above the current goal
};
StepBaseline MeasureSteps(const DailySteps& days, Date today, int baseline_days,
                          std::optional<long long> current_goal);

// Reviews `state.step_goal` on `today` from the person's counts and returns
// the state's new goal (unchanged when no review is due). Reviews happen
// when there is no goal yet, when `review_days` have passed since the last,
// or when the plan no longer allows a rise that the goal includes.
std::optional<StepGoal> ReviewStepGoal(const PlanState& state, const DailySteps& days, Date today,
                                       const StepGoalRules& rules);

// After a plan change by the engine: a flare-up or a walking-only plan holds
// the goal at the baseline it was built on, and says so in
// `state.decisions`; a plan that stopped has no goal. Leaves other goals
// alone. Progression calls it after every step.
void HoldStepGoalIfNeeded(PlanState& state, const StepGoalRules& rules);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_STEP_GOAL_H_
