#include "app/csv_export.h"

#include "core/csv.h"

namespace backcoach {

namespace {

using Row = std::vector<std::string>;

json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

// A JSON value as a CSV field: text as it is, numbers and booleans in JSON
// form, null or missing as an empty field.
std::string Field(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return "";
  const json& v = object[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Levels of -1 (not in the file) are left empty.
std::string Count(const json& object, const char* key) {
  const std::string text = Field(object, key);
  return text == "-1" ? "" : text;
}

struct Files {
  std::string sessions =
      CsvRow({"patient_id", "record_id", "date", "pain_after", "effort", "pain_next_morning",
              "bad_day", "active_minutes", "exercises_done", "exercises_logged"});
  std::string exercises =
      CsvRow({"patient_id", "session_id", "date", "exercise_id", "done", "pain_during",
              "sharp_pain", "symptoms_down_leg", "level_after", "coach_reps_done",
              "coach_reps_prescribed", "coach_hold_seconds", "coach_findings"});
  std::string checkins = CsvRow({"patient_id", "record_id", "date", "pain_next_morning"});
  std::string pain = CsvRow({"patient_id", "record_id", "date", "pain", "note"});
  std::string questionnaires =
      CsvRow({"patient_id", "record_id", "date", "questionnaire", "score", "band"});
  std::string steps = CsvRow({"patient_id", "date", "steps", "active_minutes", "source"});
};

// The level each exercise had after the session, by exercise id.
std::map<std::string, std::string> LevelsAfter(const json& payload) {
  std::map<std::string, std::string> levels;
  for (const auto& e : payload.value("exercise_levels", json::array())) {
    levels[e.value("id", "")] = Field(e, "level");
  }
  return levels;
}

// What the camera coach measured, as four fields: reps done, reps
// prescribed, the holds' seconds ("3.1;2.8") and the findings
// ("arching:2;..."); all empty when it was not used.
Row CoachFields(const json& exercise) {
  const json coach = exercise.value("coach", json::object());
  if (!coach.is_object() || coach.empty()) return {"", "", "", ""};
  std::string holds, findings;
  for (const auto& h : coach.value("hold_seconds", json::array())) {
    if (!holds.empty()) holds += ';';
    holds += h.dump();
  }
  for (const auto& finding : coach.value("findings", json::array())) {
    if (!findings.empty()) findings += ';';
    findings += finding.value("id", "") + ":" + Field(finding, "count");
  }
  return {Field(coach, "reps_done"), Field(coach, "reps_prescribed"), holds, findings};
}

void AddSession(Files& f, const Record& r) {
  const json payload = Parsed(r.payload);
  const json log = payload.value("log", json::object());
  const json exercises = log.value("exercises", json::array());
  int done = 0;
  const auto levels = LevelsAfter(payload);
  for (const auto& e : exercises) {
    if (e.value("done", true)) ++done;
    auto level = levels.find(e.value("id", ""));
    Row row = {r.patient_id,
               r.id,
               r.date,
               Field(e, "id"),
               Field(e, "done"),
               Field(e, "pain_during"),
               Field(e, "sharp_pain"),
               Field(e, "symptoms_down_leg"),
               level == levels.end() ? "" : level->second};
    for (auto& field : CoachFields(e)) row.push_back(std::move(field));
    f.exercises += CsvRow(row);
  }
  f.sessions += CsvRow({r.patient_id, r.id, r.date, Field(log, "pain_after"), Field(log, "effort"),
                        Field(log, "pain_next_morning"), Field(log, "bad_day"),
                        Field(payload, "active_minutes"), std::to_string(done),
                        std::to_string(exercises.size())});
}

void AddRecord(Files& f, const Record& r) {
  const json payload = Parsed(r.payload);
  if (r.kind == RecordKind::kSessionLog) {
    AddSession(f, r);
  } else if (r.kind == RecordKind::kCheckin) {
    f.checkins += CsvRow({r.patient_id, r.id, r.date, Field(payload, "pain_next_morning")});
  } else if (r.kind == RecordKind::kPain) {
    f.pain += CsvRow({r.patient_id, r.id, r.date, Field(payload, "pain"), Field(payload, "note")});
  } else if (r.kind == RecordKind::kQuestionnaire) {
    f.questionnaires += CsvRow({r.patient_id, r.id, r.date, Field(payload, "questionnaire"),
                                Field(payload, "score"), Field(payload, "band")});
  }
}

}  // namespace

std::map<std::string, std::string> CsvExportFiles(const PatientData& data) {
  Files f;
  for (const auto& r : data.records) AddRecord(f, r);
  // Of imported days, the numbers that count (a day imported again has several records).
  for (const auto& [date, day] : LatestActivity(data.records)) {
    f.steps += CsvRow({data.user.id, date, Count(day, "steps"), Count(day, "active_minutes"),
                       Field(day, "source")});
  }
  return {{"sessions.csv", f.sessions},
          {"exercise_logs.csv", f.exercises},
          {"checkins.csv", f.checkins},
          {"pain_diary.csv", f.pain},
          {"questionnaires.csv", f.questionnaires},
          {"steps.csv", f.steps}};
}

}  // namespace backcoach
