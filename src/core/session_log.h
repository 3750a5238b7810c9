// SessionLog: what a person reports after a session, and its strict JSON
// form.
//
//   {"date": "2026-01-05",
//    "exercises": [{"id": "bird_dog", "done": true, "pain_during": 3,
//                   "sharp_pain": false, "what_hurt": "lower back",
//                   "symptoms_down_leg": false}],
//    "pain_after": 3, "pain_next_morning": 2, "effort": 5,
//    "bad_day": false,
//    ...any intake red-flag field, when a new symptom is reported}
//
// `symptoms_down_leg` says the exercise sent pain, tingling or numbness
// further down a leg. `bad_day` is the person saying "this is a flare-up".
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

struct ExerciseLog {
  std::string id;
  bool done = true;
  int pain_during = 0;  // 0-10
  bool sharp_pain = false;
  bool symptoms_down_leg = false;
  std::string what_hurt;
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

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SESSION_LOG_H_
