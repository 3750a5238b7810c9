// AdjustmentJson: a clinician's adjustment (core/adjustment.h) read from
// and written to JSON, the same for the API's request body and the
// `progress` command's `adjustment` input.
//
//   {"exercise_id": "walking", "action": "dose", "minutes": 15,
//    "days_per_week": 5, "reason": "Let's build up slowly."}
//   {"exercise_id": "glute_bridge", "action": "level",
//    "to": "single_leg_glute_bridge", "reason": "..."}
//   {"exercise_id": "bird_dog", "action": "add", "reason": "..."}
//
// Dose fields: sets, reps, hold_seconds, minutes, days_per_week: whole
// numbers within `rules` (content's clinician_dose); what applies to the
// exercise and fits the person's day is checked by AdjustPlan. "level" takes `to` (an
// id or name of the same chain) or a level number `level` (1-5).
#ifndef BACKCOACH_CORE_ADJUSTMENT_JSON_H_
#define BACKCOACH_CORE_ADJUSTMENT_JSON_H_

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "core/adjustment.h"

namespace backcoach {

// Reads the fields above; `extra` names further keys the caller reads
// itself (e.g. "input", "date", "by"). InvalidArgument, with the field's
// name, for an unknown key, a wrong type or a dose field that is not a whole
// number; `by` is left to the caller.
// With `strict` false, unknown keys are ignored (as the API's write routes
// ignore fields a client may send but does not set).
Result<Adjustment> AdjustmentFromJson(const nlohmann::json& j, const ClinicianDoseRules& rules,
                                      std::initializer_list<const char*> extra = {},
                                      bool strict = true);

// What the adjustment is kept as: the fields read, nothing else a request
// may carry.
nlohmann::json AdjustmentToJson(const Adjustment& a);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ADJUSTMENT_JSON_H_
