// RunningPlan: the patient's current plan while it runs, for the seeders
// that write a history day by day through the Service as real use would
// (demo.h, load_seed.h): each asks it what the plan schedules next, and
// stops when the plan does.
//
// Thread-safety: as safe as the Service (any thread).
#ifndef BACKCOACH_APP_RUNNING_PLAN_H_
#define BACKCOACH_APP_RUNNING_PLAN_H_

#include <optional>
#include <string>

#include "app/service.h"
#include "core/plan.h"

namespace backcoach {

// The current plan, parsed; nullopt when it is stopped or says there is
// nothing to follow (the history ends there). NotFound when the patient has
// no plan yet, the store's error, or InvalidArgument when the stored plan
// cannot be read.
Result<std::optional<PlanState>> RunningPlan(Service& service, const std::string& patient_id);

}  // namespace backcoach

#endif  // BACKCOACH_APP_RUNNING_PLAN_H_
