#include "core/session_log.h"

#include <cmath>
#include <set>
#include <tuple>

#include "core/json_number.h"

namespace backcoach {

namespace {

using json = nlohmann::json;

bool IsIntakeField(const std::string& key) {
  for (const auto& f : IntakeFields()) {
    if (key == f.name) return true;
  }
  return false;
}

Result<int> Score(const json& o, const std::string& key, const std::string& where) {
  return ReadWholeNumber(o, key, 0, 10, std::nullopt, where);
}

Result<bool> Flag(const json& o, const std::string& key, bool fallback, const std::string& where) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (!it->is_boolean()) {
    return Status::InvalidArgument(where + "field '" + key + "' must be true or false");
  }
  return it->get<bool>();
}

// One form finding of coach.findings (number `n`, from 1).
Result<CoachFinding> CoachFindingFromJson(const json& o, int n, int reps_done,
                                          const std::string& where) {
  const std::string path = "coach.findings." + std::to_string(n);
  if (!o.is_object() || o.size() != 2 || !o.contains("id") || !o.contains("count")) {
    return Status::InvalidArgument(where + "field '" + path + "' must be {\"id\", \"count\"}");
  }
  if (!o["id"].is_string() || o["id"].get<std::string>().empty()) {
    return Status::InvalidArgument(where + "field '" + path + ".id' must name a form check");
  }
  const auto count = WholeNumberIn(o["count"], 1, reps_done);
  if (!count) {
    return Status::InvalidArgument(where + WholeNumberProblem(path + ".count", 1, reps_done));
  }
  return CoachFinding{o["id"].get<std::string>(), static_cast<int>(*count)};
}

Result<CoachMeasure> CoachFromJson(const json& o, const std::string& where) {
  if (!o.is_object()) return Status::InvalidArgument(where + "field 'coach' must be a JSON object");
  static const std::set<std::string> kKeys = {"reps_done", "reps_prescribed", "hold_seconds",
                                              "findings"};
  for (const auto& [key, value] : o.items()) {
    if (kKeys.count(key) == 0)
      return Status::InvalidArgument(where + "unknown field 'coach." + key + "'");
  }
  CoachMeasure m;
  for (auto [key, target, min] : {std::tuple{"reps_done", &m.reps_done, 0},
                                  std::tuple{"reps_prescribed", &m.reps_prescribed, 1}}) {
    const std::string path = std::string("coach.") + key;
    if (!o.contains(key)) return Status::InvalidArgument(where + "missing field '" + path + "'");
    const auto value = WholeNumberIn(o[key], min, CoachMeasure::kMaxReps);
    if (!value) {
      return Status::InvalidArgument(where + WholeNumberProblem(path, min, CoachMeasure::kMaxReps));
    }
    *target = static_cast<int>(*value);
  }
  if (o.contains("hold_seconds")) {
    const json& holds = o["hold_seconds"];
    bool valid = holds.is_array() && holds.size() <= CoachMeasure::kMaxReps;
    for (std::size_t i = 0; valid && i < holds.size(); ++i) {
      const auto seconds = NumberIn(holds[i], 0, CoachMeasure::kMaxHoldSeconds);
      valid = seconds.has_value();
      if (valid) m.hold_seconds.push_back(std::round(*seconds * 10) / 10);  // tenths, as timed
    }
    if (!valid) {
      return Status::InvalidArgument(where +
                                     "field 'coach.hold_seconds' must be a list of at most 500 "
                                     "numbers of seconds, each from 0 to 600");
    }
  }
  if (o.contains("findings")) {
    const json& findings = o["findings"];
    if (!findings.is_array()) {
      return Status::InvalidArgument(where + "field 'coach.findings' must be a list");
    }
    if (!findings.empty() && m.reps_done == 0) {
      return Status::InvalidArgument(
          where + "field 'coach.findings' must be empty when no repetition or hold was counted");
    }
    for (std::size_t i = 0; i < findings.size(); ++i) {
      auto f = CoachFindingFromJson(findings[i], static_cast<int>(i + 1), m.reps_done, where);
      if (!f.ok()) return f.status();
      for (const auto& before : m.findings) {
        if (before.id == f->id) {
          return Status::InvalidArgument(where + "form check '" + f->id + "' is listed twice");
        }
      }
      m.findings.push_back(std::move(f).value());
    }
  }
  return m;
}

Result<ExerciseLog> ExerciseFromJson(const json& o, std::size_t index) {
  const std::string where = "exercise " + std::to_string(index + 1) + ": ";
  if (!o.is_object()) return Status::InvalidArgument(where + "must be a JSON object");
  static const std::set<std::string> kKeys = {
      "id", "done", "pain_during", "sharp_pain", "symptoms_down_leg", "what_hurt", "coach"};
  for (const auto& [key, value] : o.items()) {
    if (kKeys.count(key) == 0)
      return Status::InvalidArgument(where + "unknown field '" + key + "'");
  }
  ExerciseLog e;
  if (!o.contains("id") || !o["id"].is_string() || o["id"].get<std::string>().empty()) {
    return Status::InvalidArgument(where + "field 'id' must name the exercise");
  }
  e.id = o["id"].get<std::string>();
  auto done = Flag(o, "done", true, where);
  if (!done.ok()) return done.status();
  e.done = *done;
  if (e.done || o.contains("pain_during")) {
    auto pain = Score(o, "pain_during", where);
    if (!pain.ok()) return pain.status();
    e.pain_during = *pain;
  }
  auto sharp = Flag(o, "sharp_pain", false, where);
  if (!sharp.ok()) return sharp.status();
  e.sharp_pain = *sharp;
  auto leg = Flag(o, "symptoms_down_leg", false, where);
  if (!leg.ok()) return leg.status();
  e.symptoms_down_leg = *leg;
  if (o.contains("what_hurt")) {
    if (!o["what_hurt"].is_string()) {
      return Status::InvalidArgument(where + "field 'what_hurt' must be text");
    }
    e.what_hurt = o["what_hurt"].get<std::string>();
  }
  if (o.contains("coach")) {
    if (!e.done) {
      return Status::InvalidArgument(where + "field 'coach' is only for an exercise done");
    }
    auto coach = CoachFromJson(o["coach"], where);
    if (!coach.ok()) return coach.status();
    e.coach = std::move(coach).value();
  }
  return e;
}

}  // namespace

Result<SessionLog> SessionLogFromJson(const json& o) {
  if (!o.is_object()) return Status::InvalidArgument("a session log must be a JSON object");
  static const std::set<std::string> kKeys = {
      "date", "exercises", "pain_after", "pain_next_morning", "effort", "bad_day"};
  SessionLog log;
  for (const auto& [key, value] : o.items()) {
    if (kKeys.count(key) > 0) continue;
    if (!IsIntakeField(key)) return Status::InvalidArgument("unknown field '" + key + "'");
    log.reported_symptoms[key] = value;
  }
  if (!o.contains("date") || !o["date"].is_string()) {
    return Status::InvalidArgument("field 'date' must be a date of the form YYYY-MM-DD");
  }
  auto date = Date::Parse(o["date"].get<std::string>());
  if (!date.ok()) return date.status().WithContext("field 'date'");
  log.date = *date;
  if (!o.contains("exercises") || !o["exercises"].is_array()) {
    return Status::InvalidArgument("field 'exercises' must be a list");
  }
  for (std::size_t i = 0; i < o["exercises"].size(); ++i) {
    auto e = ExerciseFromJson(o["exercises"][i], i);
    if (!e.ok()) return e.status();
    log.exercises.push_back(std::move(e).value());
  }
  for (auto [key, target] :
       {std::pair{"pain_after", &log.pain_after}, std::pair{"effort", &log.effort}}) {
    auto v = Score(o, key, "");
    if (!v.ok()) return v.status();
    *target = *v;
  }
  if (o.contains("pain_next_morning") && !o["pain_next_morning"].is_null()) {
    auto v = Score(o, "pain_next_morning", "");
    if (!v.ok()) return v.status();
    log.pain_next_morning = *v;
  }
  auto bad = Flag(o, "bad_day", false, "");
  if (!bad.ok()) return bad.status();
  log.bad_day = *bad;
  return log;
}

Result<std::vector<SessionLog>> ParseSessionLogs(const std::string& json_text) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("the session log is not valid JSON");
  std::vector<SessionLog> logs;
  if (!doc.is_array()) doc = json::array({doc});
  for (std::size_t i = 0; i < doc.size(); ++i) {
    auto log = SessionLogFromJson(doc[i]);
    if (!log.ok()) {
      return doc.size() == 1 ? log.status()
                             : log.status().WithContext("log " + std::to_string(i + 1));
    }
    logs.push_back(std::move(log).value());
  }
  return logs;
}

json CoachToJson(const CoachMeasure& m) {
  json findings = json::array();
  for (const auto& f : m.findings) findings.push_back({{"id", f.id}, {"count", f.count}});
  return {{"reps_done", m.reps_done},
          {"reps_prescribed", m.reps_prescribed},
          {"hold_seconds", m.hold_seconds},
          {"findings", findings}};
}

json SessionLogToJson(const SessionLog& log) {
  json exercises = json::array();
  for (const auto& e : log.exercises) {
    json x = {{"id", e.id},
              {"done", e.done},
              {"pain_during", e.pain_during},
              {"sharp_pain", e.sharp_pain},
              {"symptoms_down_leg", e.symptoms_down_leg}};
    if (!e.what_hurt.empty()) x["what_hurt"] = e.what_hurt;
    if (e.coach) x["coach"] = CoachToJson(*e.coach);
    exercises.push_back(x);
  }
  json o = {{"date", log.date.ToString()},
            {"exercises", exercises},
            {"pain_after", log.pain_after},
            {"effort", log.effort},
            {"bad_day", log.bad_day}};
  if (log.pain_next_morning) o["pain_next_morning"] = *log.pain_next_morning;
  for (const auto& [key, value] : log.reported_symptoms.items()) o[key] = value;
  return o;
}

}  // namespace backcoach
