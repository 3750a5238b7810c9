// Adjustment: a clinician's change to a patient's plan, with the reason the
// patient will see.
//
//   pin      hold the exercise where it is (progression holds it too)
//   unpin    let progression move it again
//   exclude  take it out of the sessions
//   include  put an excluded exercise back
//   level    move it to another level of the same chain
//
// The change is recorded as a decision in the state (rule
// "clinician.adjustment"), so the person sees who changed what and why.
#ifndef BACKCOACH_CORE_ADJUSTMENT_H_
#define BACKCOACH_CORE_ADJUSTMENT_H_

#include <string>

#include "core/plan.h"

namespace backcoach {

struct Adjustment {
  std::string exercise_id;
  std::string action;  // pin, unpin, exclude, include, level
  int level = 0;       // for "level"
  std::string reason;  // required: the patient sees it
  std::string by;      // the clinician's name, for the patient
};

Result<PlanState> AdjustPlan(const PlanState& state, const Adjustment& adjustment,
                             const Content& content, Date today);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ADJUSTMENT_H_
