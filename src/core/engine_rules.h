// EngineRules: the thresholds that build plans and steer progression, as
// loaded from content/engine.yaml. Each group keeps the source it rests on,
// so that every decision the engine makes can name it.
#ifndef BACKCOACH_CORE_ENGINE_RULES_H_
#define BACKCOACH_CORE_ENGINE_RULES_H_

#include <map>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/first_plan_rules.h"
#include "core/status.h"

namespace backcoach {

struct Slots {
  int core = 0;
  int mobility = 0;
  int strength = 0;
  int mind_body = 0;
};

struct PlanRules {
  std::map<std::string, int> start_level;  // by activity level
  std::string start_level_source;
  int high_pain_at_least = 7;
  std::string high_pain_source;
  std::map<std::string, Slots> slots;  // by phase
  std::string slots_source;
  std::string mind_body_source;
  int acute_walk_minutes = 10;
  int acute_walk_bouts = 2;
  std::string acute_walk_source;
  int acute_max_level = 1;
  // Intervals: offered only in this phase and presentation, not with this
  // fear level nor this activity level.
  std::string intervals_phase;
  std::string intervals_presentation;
  std::string intervals_fear_not;
  std::string intervals_activity_not;
  int intervals_per_week = 1;
  std::string intervals_source;
  std::vector<LoadTag> avoid_load_while_in_pain;
  std::string avoid_load_source;
  std::string graded_when_fear;
  std::string graded_when_activity;
  int graded_start_percent = 75;
  int graded_weekly_increase_percent = 10;
  std::string graded_source;
  int seconds_per_rep = 4;
  int rest_seconds_between_sets = 30;
  int aerobic_min_minutes = 10;
  int weeks_in_schedule = 6;
};

struct ProgressionRules {
  int green_max = 3;
  int amber_max = 5;
  std::string zones_source;
  int next_morning_red_above_baseline = 2;
  std::string next_morning_source;
  int green_sessions_to_progress = 2;
  int max_effort_to_progress = 8;
  std::string progress_source;
  int reps_step = 2;
  int max_reps = 15;
  int hold_step_seconds = 5;
  int max_hold_seconds = 60;
  int minutes_step_percent = 10;
  int min_minutes_step = 1;
  int max_minutes = 60;
  // One variable at a time: minutes grow by at most this much a session,
  // and the week's minutes by at most weekly_minutes_increase_percent over
  // the week's first dose (at least min_minutes_step).
  int max_minutes_step = 2;
  int weekly_minutes_increase_percent = 10;
  // The floors a step down stops at.
  int min_reps = 1;
  int min_hold_seconds = 5;
  int min_minutes = 5;
  std::string dose_source;
  std::string sharp_source;
  int weekly_pain_rise_points = 1;
  std::string weekly_pain_source;
  std::string missed_days_source;
  // Adherence: progression needs this share of the scheduled sessions of the
  // last adherence_window_days done.
  int min_adherence_percent = 80;
  int adherence_window_days = 14;
  std::string adherence_source;
  // Intervals: only after this many sessions of easy aerobic work without
  // red pain, and only while the last session's pain is at most this.
  int intervals_after_base_sessions = 6;
  int intervals_max_pain = 3;
  std::string intervals_source;
  // The catalogue id of the walk that flare-up and walking-only days use.
  std::string walking_exercise = "walking";
  // The shortest session the schedule lays out, in minutes.
  int min_session_minutes = 5;
  // New findings during the programme: re-screened at once and held until
  // cleared.
  std::string findings_source;
  // What the camera coach measured (session_log.h CoachMeasure): the same
  // form finding on this many repetitions or holds of a session keeps the
  // exercise where it is, and a hold timed this many seconds short of the
  // dose still counts as done.
  int coach_form_findings_to_hold = 2;
  int coach_hold_allowance_seconds = 1;
  std::string coach_source;
};

struct FlareUpRules {
  int red_days = 2;
  int window_days = 7;
  int average_pain_at_least = 7;
  int hold_days = 7;
  int advise_clinician_after_days = 14;
  int minimum_session_minutes = 5;
  int walk_minutes = 5;
  std::string source;
};

// A daily step goal from imported step counts (core/step_goal.h).
struct StepGoalRules {
  int baseline_days = 7;        // the complete days before today looked at
  int min_days_with_steps = 4;  // fewer counted days: no review
  int review_days = 7;          // a goal stands this long before it is reviewed
  int weekly_increase_percent = 10;
  int max_weekly_increase = 1000;  // steps a day
  int ceiling = 10000;             // no goal rises above this
  int round_to = 100;
  std::string source;
  std::string hold_source;  // why a goal holds in a flare-up or after a red day
};

// What a clinician may set an exercise's dose to (core/adjustment.h): each
// field within its bounds, which never reach past what progression itself
// may grow a dose to; the person's minutes a day bound the whole.
struct Bounds {
  int min = 1;
  int max = 1;
};
struct ClinicianDoseRules {
  Bounds sets{1, 5};
  Bounds reps{1, 15};
  Bounds hold_seconds{5, 60};
  Bounds minutes{5, 60};
  Bounds days_per_week{1, 7};
  std::string source;
};

struct EngineRules {
  PlanRules plan;
  ProgressionRules progression;
  FlareUpRules flare_up;
  StepGoalRules step_goal;
  ClinicianDoseRules clinician_dose;
  FirstPlanRules first_plan;  // checked against the catalogue by LoadContent

  static Result<EngineRules> Parse(const std::string& yaml_text, const std::string& file_name);
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ENGINE_RULES_H_
