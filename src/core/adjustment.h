// Adjustment: a clinician's change to a patient's plan, with the reason the
// patient will see.
//
//   pin      hold the exercise where it is (progression holds it too)
//   unpin    let progression move it again
//   exclude  take it out of the sessions
//   include  put an excluded exercise back
//   level    move it to another member of the same chain, named by its id
//            or name (`to`), or by its level number (`level`)
//   dose     set its dose: sets, repetitions, hold seconds, minutes and days
//            a week, only the fields of its kind of dose
//   add      add a catalogue exercise the screen allows (at its usual dose,
//            or at `dose`)
//
// What a clinician may do is what the screen allows (the same eligibility
// check the plan is made with, plan.h CheckEligible), within the dose bounds
// of content (engine.yaml `clinician_dose`) and the person's minutes a day.
// While a finding is open or a flare-up runs, nothing moves up: no harder
// level, no larger dose, nothing added.
//
// The change is recorded as a decision in the state (rule
// "clinician.adjustment") whose reason is one plain sentence naming the
// clinician, the exercise, the change and the reason: "Dr. Lee set walking to
// 15 minutes, 5 days a week: let's build up slowly." A pinned exercise keeps
// the clinician's dose; an unpinned one progresses from it by the usual rules.
#ifndef BACKCOACH_CORE_ADJUSTMENT_H_
#define BACKCOACH_CORE_ADJUSTMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/plan.h"

namespace backcoach {

// The dose fields a clinician sets; those left out stay as they are.
struct DoseChange {
  std::optional<int> sets;
  std::optional<int> reps;
  std::optional<int> hold_seconds;
  std::optional<int> minutes;
  std::optional<int> days_per_week;  // aerobic work only

  bool empty() const { return !sets && !reps && !hold_seconds && !minutes && !days_per_week; }
};

struct Adjustment {
  std::string exercise_id;
  std::string action;  // pin, unpin, exclude, include, level, dose, add
  int level = 0;       // for "level" by number (when `to` is empty)
  std::string to;      // for "level": the chain member's id or name
  DoseChange dose;     // for "dose", and optionally "add"
  std::string reason;  // required: the patient sees it
  std::string by;      // the clinician's name, for the patient
};

// The actions, for messages and documentation.
inline constexpr const char* kAdjustmentActions =
    "pin, unpin, exclude, include, level, dose or add";

// Applies `adjustment` to a copy of `state` and reschedules the week from
// `today`. Errors: InvalidArgument for a missing reason, an unknown action,
// a dose field that does not apply or is out of bounds, a dose that does
// not fit the person's minutes a day, or an exercise the screen does not
// allow; NotFound for an exercise not in the plan (or, for "add", not in the
// catalogue); Conflict when there is no plan to adjust, the exercise is
// already in the plan, or the state forbids moving up (an open finding, a
// flare-up).
Result<PlanState> AdjustPlan(const PlanState& state, const Adjustment& adjustment,
                             const Content& content, Date today);

// Which dose fields apply to an exercise: those of its catalogue dose, and
// days a week for aerobic work.
struct DoseFields {
  bool sets = false;
  bool reps = false;
  bool hold_seconds = false;
  bool minutes = false;
  bool days_per_week = false;
};
DoseFields DoseFieldsOf(const Exercise& exercise);

// The most minutes an exercise's dose may take in this plan: the person's
// minutes a day less the shortest session (shared among the daily walks
// when they walk daily), within content's bound.
int MaxDoseMinutes(const PlanState& state, const Prescription& p, const Content& content);

// What the clinician's page offers for one plan: for each exercise in it,
// the fields of its dose and the members of its chain (with whether each is
// allowed now), and the catalogue exercises that may be added.
struct ChainMember {
  std::string id;
  std::string name;
  int level = 1;
  bool current = false;
  bool allowed = true;
  std::string why_not;  // plain words when not allowed
};
struct ExerciseControl {
  std::string id;
  DoseFields fields;
  int max_minutes = 0;  // for timed work
  std::vector<ChainMember> chain;
};
struct AddOption {
  std::string id;
  std::string name;
  Category category = Category::kCore;
  int level = 1;
  Dose dose;
};
struct PlanControl {
  bool adjustable = false;  // false for a stopped plan or no plan
  std::string add_refused;  // why nothing may be added now, or empty
  std::vector<ExerciseControl> exercises;
  std::vector<AddOption> can_add;
};
PlanControl PlanControlOf(const PlanState& state, const Content& content);

// The dose in words: "2 sets of 8", "3 holds of 20 seconds", "15 minutes, 5
// days a week".
std::string DoseWords(const Dose& dose, int days_per_week);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ADJUSTMENT_H_
