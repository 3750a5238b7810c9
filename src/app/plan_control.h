// PlanControl: what a clinician may change in one patient's plan, as the
// patient page's JSON (`plan_control` in GET /api/v1/patients/{id}): for
// each exercise the fields of its dose, their bounds (content's
// clinician_dose, minutes within the person's day) and the named levels of
// its chain, and the catalogue exercises the screen allows adding
// (core/adjustment.h PlanControlOf, the same checks AdjustPlan makes).
//
// Pure: no I/O; safe to call from any thread.
#ifndef BACKCOACH_APP_PLAN_CONTROL_H_
#define BACKCOACH_APP_PLAN_CONTROL_H_

#include <nlohmann/json.hpp>

#include "core/adjustment.h"

namespace backcoach {

nlohmann::json PlanControlJson(const PlanState& state, const Content& content);

}  // namespace backcoach

#endif  // BACKCOACH_APP_PLAN_CONTROL_H_
