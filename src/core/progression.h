// Progression: steers a plan, session by session, by the pain the person
// reports.
//
// Pain-monitoring model (Silbernagel 2007) and graded activity; every
// threshold comes from content/engine.yaml:
//  - green (pain during <= green_max) sessions in a row, effort below
//    maximal, back to baseline the next morning, and weekly pain not rising:
//    progress one variable (the harder variant, or more dose);
//  - amber (up to amber_max): hold;
//  - red pain during (above amber_max): stop it, one step down next time;
//  - next morning well above baseline: one step less volume;
//  - sharp pain, or symptoms sent further down the leg: step down or
//    replace at once; never progressed in the next session;
//  - a flare-up (red days close together, a very painful day, or the person
//    says so): minimum sessions for a while, then resume one step lower;
//  - new red-flag answers: re-screen; stop the programme if the screen says
//    so, with its message first;
//  - missed days change nothing: the plan resumes where it was;
//  - what the camera coach measured (an exercise's `coach` in the log): a
//    dose not completed, or the same form finding on several repetitions,
//    holds; such a session does not count towards moving up;
//  - in graded-activity mode, doses also rise on a weekly schedule.
// Each decision carries its reason, the rule and the source. Pure and
// deterministic.
#ifndef BACKCOACH_CORE_PROGRESSION_H_
#define BACKCOACH_CORE_PROGRESSION_H_

#include "core/content.h"
#include "core/plan.h"
#include "core/session_log.h"

namespace backcoach {

// How one exercise went in one session.
enum class Zone { kGreen, kAmber, kRed, kSharp };
const char* ZoneName(Zone z);

// Applies one session log to the state and returns the new state, whose
// `decisions` say what changed and why. Errors: a log dated before the last
// one, an exercise the catalogue does not know, or invalid reported
// symptoms.
Result<PlanState> Progress(const PlanState& state, const SessionLog& log, const Content& content);

// Applies a next-morning check-in for the session logged on `session_date`
// when the log itself came without one (the app asks the next morning).
// Exercises waiting only for this check move up when the back has settled;
// a clearly sorer morning counts as red for the exercises done that day.
// Errors: no session logged on that date, or a pain outside 0-10.
Result<PlanState> CheckIn(const PlanState& state, Date session_date, int pain_next_morning,
                          const Content& content);

// Progress and CheckIn in place: the same new state and errors, written
// into `state` instead of a copy of it, for a caller that keeps only the
// newest state (the simulation runs millions of steps, and copying the state
// was most of a step's cost). On error `state` is left unchanged.
Status ApplySessionLog(PlanState& state, const SessionLog& log, const Content& content);
Status ApplyCheckIn(PlanState& state, Date session_date, int pain_next_morning,
                    const Content& content);

// Releases open findings (all of them when clearance.rule_ids is empty):
// progression may move things up again, and a plan left at walking only by
// a within-days finding gets its earlier exercises back once no within-days
// finding is left uncleared. The clearance is kept in state.clearances and
// said in the decisions (rule "findings.cleared"). `how` is "clinician" (a
// clinician of the person's clinic) or "self_report" (a person without a
// clinic confirming they have been seen); the caller decides which applies.
// Errors: another `how`, no `by`, no open finding, a named finding that is
// not open, a date before the last log.
Result<PlanState> ClearFindings(const PlanState& state, const Clearance& clearance,
                                const Content& content);
Status ApplyClearance(PlanState& state, const Clearance& clearance, const Content& content);

// Whether a within-days flag of the state's screen is still uncleared.
bool WithinDaysHolds(const PlanState& state, const Content& content);

// For tests only: each flag breaks one rule on purpose, so that a test can
// see the simulation's safety checks catch it. All false otherwise; set
// before a run, never during one.
struct EngineFaults {
  bool red_holds = false;           // red pain during: hold instead of a step down
  bool morning_red_holds = false;   // next morning well above baseline: hold
  bool findings_ignored = false;    // new findings neither re-screen nor hold
  bool adherence_ignored = false;   // progression without enough sessions done
  bool dose_jumps = false;          // a level change also raises the dose
  bool weekly_cap_ignored = false;  // minutes grow by half at a time
  bool intervals_early = false;     // intervals before the base, whatever the pain
  bool within_days_stops = false;   // a within-days finding stops the programme
  bool rest_days_slide = false;     // session days counted from each new schedule
  bool stop_left_closed = false;    // a red flag stops the plan but opens no finding
};
EngineFaults& EngineFaultsForTesting();

// The zone of one logged exercise, before the next-morning check.
Zone ExerciseZone(const ExerciseLog& log, const ProgressionRules& rules);
// The next-morning check against the baseline: green, amber or red.
Zone MorningZone(std::optional<int> next_morning, double baseline, const ProgressionRules& rules);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PROGRESSION_H_
