// The JSON form of a plan request: the intake's fields plus the person's
// context, in one object. Unknown or invalid fields are errors with one
// clear line, as for the intake.
//
//   activity_level    inactive | light | active
//   minutes_per_day   10-120
//   days_per_week     2-7
//   equipment         list of equipment names known to the catalogue
//   likes             list of activities (walking, cycling, yoga...)
//   dislikes          optional list
//   goals             optional list of free text
//   fear_of_movement  optional: low | moderate | high
//   start_date        YYYY-MM-DD
#ifndef BACKCOACH_CORE_PLAN_REQUEST_H_
#define BACKCOACH_CORE_PLAN_REQUEST_H_

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/plan.h"

namespace backcoach {

Result<PlanRequest> PlanRequestFromJson(const nlohmann::json& object);
Result<PlanRequest> ParsePlanRequest(const std::string& json_text);
nlohmann::json PlanRequestToJson(const PlanRequest& request);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PLAN_REQUEST_H_
