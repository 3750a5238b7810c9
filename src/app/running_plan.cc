#include "app/running_plan.h"

#include "core/plan_json.h"

namespace backcoach {

Result<std::optional<PlanState>> RunningPlan(Service& service, const std::string& patient_id) {
  auto plan = service.Plan(patient_id);
  if (!plan.ok()) return plan.status();
  auto state = ParsePlanState(plan->state, service.content());
  if (!state.ok()) return state.status();
  if (state->status == PlanStatus::kStopped || state->status == PlanStatus::kNoPlan) {
    return std::optional<PlanState>();
  }
  return std::optional<PlanState>(*std::move(state));
}

}  // namespace backcoach
