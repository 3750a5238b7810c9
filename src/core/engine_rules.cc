#include "core/engine_rules.h"

#include <yaml-cpp/yaml.h>

#include <tuple>

#include "core/yaml_reader.h"

namespace backcoach {

namespace {

const std::vector<std::string> kActivityLevels = {"inactive", "light", "active"};
const std::vector<std::string> kPhases = {"acute", "subacute", "chronic"};
const std::vector<std::string> kPresentations = {"localized", "radicular", "widespread"};
const std::vector<std::string> kFear = {"low", "moderate", "high"};
const std::vector<std::string> kLoadTags = {"flexion_under_load", "extension", "rotation", "impact",
                                            "overhead_load"};

Status ReadStartLevel(const YAML::Node& node, const std::string& where, PlanRules& out) {
  MapReader r(node, where);
  for (const auto& level : kActivityLevels) out.start_level[level] = r.Int(level, 1, 5);
  out.start_level_source = r.String("source");
  return r.Finish();
}

Status ReadSlots(const YAML::Node& node, const std::string& where, PlanRules& out) {
  MapReader r(node, where);
  for (const auto& phase : kPhases) {
    MapReader s(r.Child(phase, true), where + ": " + phase);
    Slots slots;
    slots.core = s.Int("core", 0, 4);
    slots.mobility = s.Int("mobility", 0, 4);
    slots.strength = s.Int("strength", 0, 4);
    slots.mind_body = s.Int("mind_body", 0, 2);
    if (Status st = s.Finish(); r.ok() && !st.ok()) return st;
    out.slots[phase] = slots;
  }
  out.slots_source = r.String("source");
  return r.Finish();
}

Status ReadIntervals(const YAML::Node& node, const std::string& where, PlanRules& out) {
  MapReader r(node, where);
  out.intervals_phase = r.Enum("phase", kPhases);
  out.intervals_presentation = r.Enum("presentation", kPresentations);
  out.intervals_fear_not = r.Enum("fear_not", kFear);
  out.intervals_activity_not = r.Enum("activity_not", kActivityLevels);
  out.intervals_per_week = r.Int("sessions_per_week", 1, 3);
  out.intervals_source = r.String("source");
  return r.Finish();
}

Status ReadGraded(const YAML::Node& node, const std::string& where, PlanRules& out) {
  MapReader r(node, where);
  out.graded_when_fear = r.Enum("when_fear", kFear);
  out.graded_when_activity = r.Enum("when_activity", kActivityLevels);
  out.graded_start_percent = r.Int("start_percent", 50, 100);
  out.graded_weekly_increase_percent = r.Int("weekly_increase_percent", 1, 30);
  out.graded_source = r.String("source");
  return r.Finish();
}

Status ReadPlan(const YAML::Node& node, const std::string& where, PlanRules& out) {
  MapReader r(node, where);
  Status parts[] = {
      ReadStartLevel(r.Child("start_level", true), where + ": start_level", out),
      ReadSlots(r.Child("slots", true), where + ": slots", out),
      ReadIntervals(r.Child("intervals", true), where + ": intervals", out),
      ReadGraded(r.Child("graded_activity", true), where + ": graded_activity", out),
  };
  out.high_pain_at_least = r.Int("high_pain_at_least", 1, 10);
  out.high_pain_source = r.String("high_pain_source");
  r.String("mind_body_when");
  out.mind_body_source = r.String("mind_body_source");
  MapReader walk(r.Child("acute_walking", true), where + ": acute_walking");
  out.acute_walk_minutes = walk.Int("minutes_per_bout", 5, 60);
  out.acute_walk_bouts = walk.Int("bouts_per_day", 1, 4);
  out.acute_walk_source = walk.String("source");
  out.acute_max_level = r.Int("acute_max_level", 1, 5);
  for (const auto& tag : r.StringList("avoid_load_while_in_pain", false, kLoadTags)) {
    out.avoid_load_while_in_pain.push_back(static_cast<LoadTag>(
        std::find(kLoadTags.begin(), kLoadTags.end(), tag) - kLoadTags.begin()));
  }
  out.avoid_load_source = r.String("avoid_load_source");
  out.seconds_per_rep = r.Int("seconds_per_rep", 1, 20);
  out.rest_seconds_between_sets = r.Int("rest_seconds_between_sets", 0, 300);
  out.aerobic_min_minutes = r.Int("aerobic_min_minutes", 1, 60);
  out.weeks_in_schedule = r.Int("weeks_in_schedule", 1, 26);
  if (!r.ok()) return r.Finish();
  for (const Status& s : parts) {
    if (!s.ok()) return s;
  }
  if (Status s = walk.Finish(); !s.ok()) return s;
  return r.Finish();
}

Status ReadProgression(const YAML::Node& node, const std::string& where, ProgressionRules& out) {
  MapReader r(node, where);
  out.green_max = r.Int("green_max", 0, 10);
  out.amber_max = r.Int("amber_max", 0, 10);
  out.zones_source = r.String("zones_source");
  out.next_morning_red_above_baseline = r.Int("next_morning_red_above_baseline", 1, 10);
  out.next_morning_source = r.String("next_morning_source");
  out.green_sessions_to_progress = r.Int("green_sessions_to_progress", 1, 10);
  out.max_effort_to_progress = r.Int("max_effort_to_progress", 1, 10);
  out.progress_source = r.String("progress_source");
  out.reps_step = r.Int("reps_step", 1, 5);
  out.max_reps = r.Int("max_reps", 1, 50);
  out.hold_step_seconds = r.Int("hold_step_seconds", 1, 30);
  out.max_hold_seconds = r.Int("max_hold_seconds", 5, 300);
  out.minutes_step_percent = r.Int("minutes_step_percent", 1, 50);
  out.min_minutes_step = r.Int("min_minutes_step", 1, 10);
  out.max_minutes = r.Int("max_minutes", 5, 180);
  out.max_minutes_step = r.Int("max_minutes_step", 1, 10);
  out.weekly_minutes_increase_percent = r.Int("weekly_minutes_increase_percent", 1, 30);
  out.min_reps = r.Int("min_reps", 1, 10);
  out.min_hold_seconds = r.Int("min_hold_seconds", 1, 60);
  out.min_minutes = r.Int("min_minutes", 1, 30);
  out.dose_source = r.String("dose_source");
  out.sharp_source = r.String("sharp_source");
  out.weekly_pain_rise_points = r.Int("weekly_pain_rise_points", 0, 10);
  out.weekly_pain_source = r.String("weekly_pain_source");
  out.missed_days_source = r.String("missed_days_source");
  out.min_adherence_percent = r.Int("min_adherence_percent", 0, 100);
  out.adherence_window_days = r.Int("adherence_window_days", 7, 28);
  out.adherence_source = r.String("adherence_source");
  out.intervals_after_base_sessions = r.Int("intervals_after_base_sessions", 0, 60);
  out.intervals_max_pain = r.Int("intervals_max_pain", 0, 10);
  out.intervals_source = r.String("intervals_source");
  out.walking_exercise = r.String("walking_exercise");
  out.min_session_minutes = r.Int("min_session_minutes", 1, 30);
  out.findings_source = r.String("findings_source");
  out.coach_form_findings_to_hold = r.Int("coach_form_findings_to_hold", 1, 20);
  out.coach_hold_allowance_seconds = r.Int("coach_hold_allowance_seconds", 0, 10);
  out.coach_source = r.String("coach_source");
  if (r.ok() && out.amber_max < out.green_max) {
    r.Fail("amber_max", "must be at least green_max");
  }
  if (r.ok() && out.min_minutes_step > out.max_minutes_step) {
    r.Fail("min_minutes_step", "must be at most max_minutes_step");
  }
  if (r.ok() && out.min_reps > out.max_reps) r.Fail("min_reps", "must be at most max_reps");
  if (r.ok() && out.min_hold_seconds > out.max_hold_seconds) {
    r.Fail("min_hold_seconds", "must be at most max_hold_seconds");
  }
  if (r.ok() && out.min_minutes > out.max_minutes) {
    r.Fail("min_minutes", "must be at most max_minutes");
  }
  if (r.ok() && out.intervals_max_pain > out.green_max) {
    r.Fail("intervals_max_pain", "must be at most green_max: intervals never while pain is high");
  }
  return r.Finish();
}

Status ReadFlareUp(const YAML::Node& node, const std::string& where, FlareUpRules& out) {
  MapReader r(node, where);
  out.red_days = r.Int("red_days", 1, 7);
  out.window_days = r.Int("window_days", 1, 28);
  out.average_pain_at_least = r.Int("average_pain_at_least", 1, 10);
  out.hold_days = r.Int("hold_days", 1, 28);
  out.advise_clinician_after_days = r.Int("advise_clinician_after_days", 1, 60);
  out.minimum_session_minutes = r.Int("minimum_session_minutes", 1, 30);
  out.walk_minutes = r.Int("walk_minutes", 1, 30);
  out.source = r.String("source");
  return r.Finish();
}

Status ReadStepGoal(const YAML::Node& node, const std::string& where, StepGoalRules& out) {
  MapReader r(node, where);
  out.baseline_days = r.Int("baseline_days", 3, 28);
  out.min_days_with_steps = r.Int("min_days_with_steps", 1, 28);
  out.review_days = r.Int("review_days", 1, 28);
  out.weekly_increase_percent = r.Int("weekly_increase_percent", 0, 30);
  out.max_weekly_increase = r.Int("max_weekly_increase", 0, 5000);
  out.ceiling = r.Int("ceiling", 1000, 30000);
  out.round_to = r.Int("round_to", 1, 1000);
  out.source = r.String("source");
  out.hold_source = r.String("hold_source");
  if (r.ok() && out.min_days_with_steps > out.baseline_days) {
    r.Fail("min_days_with_steps", "must be at most baseline_days");
  }
  return r.Finish();
}

Status ReadBounds(const YAML::Node& node, const std::string& where, int lowest, int highest,
                  Bounds& out) {
  MapReader r(node, where);
  out.min = r.Int("min", lowest, highest);
  out.max = r.Int("max", lowest, highest);
  if (r.ok() && out.min > out.max) r.Fail("min", "must be at most max");
  return r.Finish();
}

// The clinician's bounds never reach past progression's own: a dose a
// clinician sets is one the engine could have grown to, so it keeps
// working from it by its usual rules.
Status ReadClinicianDose(const YAML::Node& node, const std::string& where,
                         const ProgressionRules& progression, ClinicianDoseRules& out) {
  MapReader r(node, where);
  const std::tuple<const char*, int, int, Bounds*> fields[] = {
      {"sets", 1, 10, &out.sets},
      {"reps", 1, 100, &out.reps},
      {"hold_seconds", 1, 600, &out.hold_seconds},
      {"minutes", 1, 180, &out.minutes},
      {"days_per_week", 1, 7, &out.days_per_week}};
  for (const auto& [key, lowest, highest, bounds] : fields) {
    Status s = ReadBounds(r.Child(key, true), where + ": " + key, lowest, highest, *bounds);
    if (r.ok() && !s.ok()) return s;
  }
  out.source = r.String("source");
  if (r.ok() && out.reps.max > progression.max_reps) {
    r.Fail("reps", "max must be at most progression's max_reps");
  }
  if (r.ok() && out.hold_seconds.max > progression.max_hold_seconds) {
    r.Fail("hold_seconds", "max must be at most progression's max_hold_seconds");
  }
  if (r.ok() && out.minutes.max > progression.max_minutes) {
    r.Fail("minutes", "max must be at most progression's max_minutes");
  }
  return r.Finish();
}

}  // namespace

Result<EngineRules> EngineRules::Parse(const std::string& yaml_text, const std::string& file_name) {
  auto doc = ParseYaml(yaml_text, file_name);
  if (!doc.ok()) return doc.status();
  EngineRules out;
  MapReader top(*doc, file_name);
  YAML::Node plan = top.Child("plan", true);
  YAML::Node progression = top.Child("progression", true);
  YAML::Node flare = top.Child("flare_up", true);
  YAML::Node steps = top.Child("step_goal", true);
  YAML::Node first_plan = top.Child("first_plan", true);
  YAML::Node clinician = top.Child("clinician_dose", true);
  if (Status s = top.Finish(); !s.ok()) return s;
  if (Status s = ReadPlan(plan, file_name + ": plan", out.plan); !s.ok()) return s;
  if (Status s = ReadProgression(progression, file_name + ": progression", out.progression);
      !s.ok()) {
    return s;
  }
  if (Status s = ReadFlareUp(flare, file_name + ": flare_up", out.flare_up); !s.ok()) return s;
  if (Status s = ReadStepGoal(steps, file_name + ": step_goal", out.step_goal); !s.ok()) return s;
  if (Status s = ReadClinicianDose(clinician, file_name + ": clinician_dose", out.progression,
                                   out.clinician_dose);
      !s.ok()) {
    return s;
  }
  auto first = FirstPlanRules::Parse(first_plan, file_name + ": first_plan");
  if (!first.ok()) return first.status();
  out.first_plan = std::move(first).value();
  return out;
}

}  // namespace backcoach
