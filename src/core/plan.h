// Plan: an individual, multimodal exercise plan, and the state the engine
// carries from one session to the next.
//
// MakePlan turns a plan request (the intake plus the person's context) into
// a PlanState: the screen decides what may be planned (within days: gentle
// walking only), then exercises are chosen slot by slot from the catalogue
// (core, mobility, strength, aerobic, mind-body; intervals, where they
// suit, held for later and never laid out in a first plan's week), filtered
// by phase, presentation, equipment, the "never while in pain" rules and the
// starting level, ranked within each kind by the selection rules of content
// (first_plan_rules.h), and fitted into the person's minutes per day with
// every kind of work in every week (intervals apart). Every
// choice is recorded in `rationale` with the rule and source it rests on.
// Deterministic: the same request and content always give the same plan.
// Progression (progression.h) evolves the state.
#ifndef BACKCOACH_CORE_PLAN_H_
#define BACKCOACH_CORE_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/content.h"
#include "core/date.h"
#include "core/intake.h"
#include "core/screening.h"
#include "core/status.h"

namespace backcoach {

enum class ActivityLevel { kInactive, kLight, kActive };
enum class FearLevel { kLow, kModerate, kHigh };
const char* ActivityLevelName(ActivityLevel a);
const char* FearLevelName(FearLevel f);

// What a person tells us besides the intake.
struct PlanRequest {
  Intake intake;
  ActivityLevel activity_level = ActivityLevel::kLight;
  int minutes_per_day = 20;  // 10-120
  int days_per_week = 3;     // 2-7
  std::vector<std::string> equipment;
  std::vector<std::string> likes;
  std::vector<std::string> dislikes;
  std::vector<std::string> goals;
  std::optional<FearLevel> fear_of_movement;
  Date start_date;
};

// What the plan allows, from the screen.
enum class PlanStatus {
  kActive,       // full or cautious programme
  kWalkingOnly,  // within_days: gentle walking within comfort only
  kFlareUp,      // minimum sessions until the flare-up settles
  kStopped,      // a red flag: no programme, the screen's message first
  kNoPlan,       // same_day, emergency, or outside the programme's scope
};
const char* PlanStatusName(PlanStatus s);

// One exercise as prescribed, with what progression remembers about it.
struct Prescription {
  std::string id;
  std::string name;
  Category category = Category::kCore;
  int level = 1;
  std::vector<LoadTag> load;
  Dose dose;
  bool pinned = false;            // a clinician holds it where it is
  int green_streak = 0;           // consecutive green sessions
  int red_streak = 0;             // consecutive red (not sharp) sessions
  bool paused = false;            // left out of sessions until a clinician looks at it
  bool stopped = false;           // paused because a red flag stopped the programme (not a
                                  // clinician's exclude)
  bool sharp_last_time = false;   // never progressed in the session after sharp pain
  bool awaiting_morning = false;  // ready to move up once the next-morning check is in
  std::string pin_reason;         // the clinician's words, when pinned
  int minutes_at_week_start = 0;  // the minutes of the week's first dose (0: not yet known)
  int days_per_week = 0;          // aerobic work a clinician set to its own days (0: the plan's)
  std::string dose_by;            // the clinician who set `dose_set`, or empty
  Dose dose_set;                  // the dose the clinician set; the schedule keeps its minutes
                                  // while `dose` is still that dose

  // Whether the dose is still the one a clinician set.
  bool ClinicianDose() const;
};

// A "why" for the person and the clinician: what was decided, about what,
// because of what, on which rule and source.
struct Reason {
  std::string subject;   // exercise id, "plan", "aerobic", ...
  std::string decision;  // "included", "excluded", "progress", "hold", ...
  std::string reason;    // plain words
  std::string rule;      // the rule's name in content, e.g. "plan.start_level"
  std::string source;
};

struct SessionDay {
  Date date;
  std::string kind;                    // "session", "walk", "rest"
  std::vector<std::string> exercises;  // prescription ids, warm-up first
  int aerobic_minutes = 0;
  int minutes = 0;  // the whole day's planned minutes
};

struct AerobicTarget {
  std::string exercise_id;  // walking unless the person prefers another
  int minutes_per_bout = 0;
  int bouts_per_day = 1;
  int days_per_week = 0;
};

struct WeekTarget {
  int week = 1;
  int aerobic_minutes_per_bout = 0;
  std::string focus;
};

// A walking target in steps a day, for people who import step counts
// (core/step_goal.h).
struct StepGoal {
  long long daily_steps = 0;
  long long baseline = 0;  // the median of the counted days it was built on
  int days_counted = 0;
  Date set_on;
  Reason reason;
};

// A compact day record that flare-up detection looks back over.
struct DayRecord {
  Date date;
  bool red = false;
  double average_pain = 0;  // pain during, over the exercises done
  int next_morning = -1;    // -1 when not reported
};

// A finding of a re-screen during the programme (a session log's new
// answers) that holds progression until it is cleared.
struct Finding {
  std::string rule_id;  // the screen's rule, e.g. "R1"
  Tier tier = Tier::kRoutineReview;
  Date since;
  std::string title;
};

// Who released open findings, when and how: "clinician" (a clinician of the
// person's clinic) or "self_report" (a person without a clinic confirming
// they have been seen).
struct Clearance {
  std::vector<std::string> rule_ids;
  Date date;
  std::string by;
  std::string how;
};

struct PlanState {
  PlanStatus status = PlanStatus::kNoPlan;
  PlanRequest request;
  Tier triage = Tier::kSelfCare;
  Phase phase = Phase::kAcute;
  Presentation presentation = Presentation::kLocalized;
  std::vector<std::string> flags;  // fired screening rule ids
  std::vector<std::string> cautions;
  std::vector<std::string> messages;  // for the person, most important first
  bool graded_activity = false;
  int week = 1;
  std::vector<Prescription> exercises;
  AerobicTarget aerobic;
  bool intervals_offered = false;
  std::vector<SessionDay> schedule;  // the coming 7 days
  std::vector<WeekTarget> progression_schedule;
  std::vector<std::string> lessons;
  std::vector<Reason> rationale;  // why the plan is as it is
  std::vector<Reason> decisions;  // the last progression step's decisions
  // Progression memory.
  double baseline_pain = 0;
  std::optional<Date> last_log;
  std::optional<Date> flare_since;
  std::optional<Date> flare_until;
  std::vector<DayRecord> recent_days;  // the last few weeks, oldest first
  std::optional<StepGoal> step_goal;   // none until steps are imported
  // Findings of the programme's re-screens, held until cleared, and the
  // clearances so far (oldest first).
  std::vector<Finding> open_findings;
  std::vector<Clearance> clearances;
  // The exercises as they were when a within-days finding left walking
  // only; they come back when it is cleared.
  std::vector<Prescription> held_exercises;
  // Sessions of easy aerobic work done without red pain: intervals wait
  // for a base of them.
  int aerobic_base_sessions = 0;

  const Prescription* Find(const std::string& id) const;
  Prescription* Find(const std::string& id);
};

// Builds the first plan. Errors only for requests the content cannot serve
// (e.g. an unknown equipment name); the screen's outcome is never an error.
Result<PlanState> MakePlan(const PlanRequest& request, const Content& content);

// Stops a plan after new findings that need a clinician first (a red flag
// found during the programme): status `stopped`, messages that say only
// what applies (the tier's headline when it tells the person to be seen,
// then the messages of `rules` at the most urgent tier reached, or that
// block the programme), every exercise paused and marked `stopped`, and no
// sessions scheduled.
void StopPlan(PlanState& state, Tier triage, const std::vector<const ScreeningRule*>& rules,
              const Content& content);

// A catalogue exercise as a prescription at its default dose (scaled down
// in graded-activity mode).
Prescription Prescribe(const Exercise& exercise, const PlanState& state, const PlanRules& rules);

// Chooses which catalogue exercises a person may be given at all, and why
// others are left out; shared by planning and by replacement in progression.
struct Eligibility {
  bool ok = true;
  std::string reason;
  std::string rule;
  std::string source;
};

// Checks many exercises against one person. The person's equipment is
// expanded once, when an exercise first needs some, rather than for every
// exercise checked: the expansion is most of the cost of a check. Everything
// else (phase, pain, status) is read from `state` at each check. `state` and
// `content` must outlive the checker, and the state's equipment must not
// change meanwhile. Not thread-safe.
class EligibilityChecker {
 public:
  EligibilityChecker(const PlanState& state, const Content& content);

  Eligibility Check(const Exercise& exercise) const;
  // Check(exercise).ok, without the words of a refusal: the searches for a
  // replacement check many exercises that are refused.
  bool Allows(const Exercise& exercise) const;

 private:
  enum class Refusal { kNone, kNever, kSuits, kEquipment, kLoad, kAcute, kIntervals, kWalkingOnly };
  // What a refusal was about: the item missing, or the load avoided.
  struct RefusalDetail {
    const std::string* item = nullptr;
    LoadTag tag = LoadTag::kFlexionUnderLoad;
  };
  Refusal Refuse(const Exercise& exercise, RefusalDetail& detail) const;
  const std::vector<std::string>& Owned() const;

  const PlanState& state_;
  const Content& content_;
  mutable std::optional<std::vector<std::string>> owned_;  // the equipment, expanded
};

// A single check: EligibilityChecker(state, content).Check(exercise).
Eligibility CheckEligible(const Exercise& exercise, const PlanState& state, const Content& content);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PLAN_H_
