// Schedule: lays a plan's prescriptions out over the coming week.
//
// Session days are spread evenly over the week (3 days: day 1, 3 and 5),
// counted from the plan's start date, so rest days never slide; a week that
// already holds its sessions (logged ones included) gets no more.
// Each session starts with a mobility warm-up, holds the non-aerobic
// exercises, and fills the rest of the person's minutes per day with the
// aerobic work (at least the content's minimum). When everything does not
// fit, the exercises are split into two alternating sessions so that every
// kind of work still appears each week. In the acute phase walking happens
// every day, twice, whatever the session days. A flare-up replaces all of
// this with a short minimum session each day.
#ifndef BACKCOACH_CORE_SCHEDULE_H_
#define BACKCOACH_CORE_SCHEDULE_H_

#include "core/plan.h"

namespace backcoach {

// Rebuilds state.schedule, state.aerobic and state.progression_schedule from
// the current prescriptions, for the 7 days starting at `from`.
void Reschedule(PlanState& state, const Content& content, Date from);

// Estimated minutes one session of this dose takes.
int DoseMinutes(const Dose& dose, const PlanRules& rules);

// The days (0-6 from the start) that hold sessions, spread over the week.
std::vector<int> SessionDays(int days_per_week);

// Whether `date` is a session day of the plan's week pattern. The pattern is
// counted from the plan's start date, so rest days stay where they are
// whatever day the schedule is rebuilt on.
bool IsPatternSessionDay(const PlanState& state, Date date);

// The pattern's session days from `from` to `to`, both included.
int ScheduledSessions(const PlanState& state, Date from, Date to);

// Whether intervals may be laid out: a base of easy aerobic sessions
// without red pain, no open finding, an active plan, and the last session's
// pain at most progression.intervals_max_pain.
bool IntervalsReady(const PlanState& state, const Content& content);

// The most minutes a timed prescription may grow to now: the week's first
// dose plus about progression.weekly_minutes_increase_percent, within
// progression.max_minutes and the person's minutes per day (less the
// shortest session, and shared among the daily walks when they walk daily).
int MinutesCap(const PlanState& state, const Prescription& p, const Content& content);

// The short flare-up session: gentle level-1 mobility and breathing from
// the catalogue, and a short walk. Catalogue ids.
std::vector<std::string> MinimumSession(const PlanState& state, const Content& content);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SCHEDULE_H_
