// SessionLog: what a person reports after a session, and its strict JSON
// form.
//
//   {"date": "2026-01-05",
//    "exercises": [{"id": "bird_dog", "done": true, "pain_during": 3,
//                   "sharp_pain": false, "what_hurt": "lower back",
//                   "symptoms_down_leg": false,
//                   "coach": {"reps_done": 8, "reps_prescribed": 10,
//                             "hold_seconds": [3.1, 2.8],
//                             "findings": [{"id": "arching", "count": 2}]}}],
//    "pain_after": 3, "pain_next_morning": 2, "effort": 5,
//    "bad_day": false,
//    ...any intake red-flag field, when a new symptom is reported}
//
// `symptoms_down_leg` says the exercise sent pain, tingling or numbness
// further down a leg. `bad_day` is the person saying "this is a flare-up".
// `coach` is what the camera coach measured of an exercise done (optional;
// docs/progress.md): repetitions (or holds) counted of those prescribed,
// each hold's seconds, and how many repetitions (or holds) each form check
// fired on. Its numbers are checked here; whether its finding ids belong to
// the exercise's motion is checked by Progress, which has the content.
#ifndef BACKCOACH_CORE_SESSION_LOG_H_
#define BACKCOACH_CORE_SESSION_LOG_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/intake.h"
#include "core/status.h"

namespace backcoach {

// A form check of the exercise's motion (content/motions.yaml) and the
// number of repetitions or holds it fired on.
struct CoachFinding {
  std::string id;
  int count = 0;
};

// What the camera coach measured of one exercise.
struct CoachMeasure {
  static constexpr int kMaxReps = 500;            // reps_done, reps_prescribed, holds listed
  static constexpr double kMaxHoldSeconds = 600;  // one hold
  int reps_done = 0;        // repetitions counted (holds, for a hold exercise)
  int reps_prescribed = 0;  // what the card asked for: sets x reps (x 2 per side), 1 or more
  std::vector<double> hold_seconds;    // each hold as timed, in order
  std::vector<CoachFinding> findings;  // each id once, count from 1 to reps_done
};

struct ExerciseLog {
  std::string id;
  bool done = true;
  int pain_during = 0;  // 0-10
  bool sharp_pain = false;
  bool symptoms_down_leg = false;
  std::string what_hurt;
  std::optional<CoachMeasure> coach;  // only for an exercise done
};

struct SessionLog {
  Date date;
  std::vector<ExerciseLog> exercises;
  int pain_after = 0;  // 0-10
  std::optional<int> pain_next_morning;
  int effort = 0;  // 0-10
  bool bad_day = false;
  // Intake fields reported anew (new symptoms), as given; empty when none.
  nlohmann::json reported_symptoms = nlohmann::json::object();
};

Result<SessionLog> SessionLogFromJson(const nlohmann::json& object);
// Parses one log object or an array of them.
Result<std::vector<SessionLog>> ParseSessionLogs(const std::string& json_text);
nlohmann::json SessionLogToJson(const SessionLog& log);
// {"reps_done", "reps_prescribed", "hold_seconds": [...], "findings": [{"id", "count"}]}
nlohmann::json CoachToJson(const CoachMeasure& measure);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SESSION_LOG_H_
