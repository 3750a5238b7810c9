#include "app/fhir_export.h"

#include <cstdio>
#include <ctime>

namespace backcoach {

namespace {

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kUcum = "http://unitsofmeasure.org";
// What the camera coach measured (docs/progress.md): our own codes.
constexpr const char* kCoachSystem = "urn:backcoach:camera-coach";
constexpr const char* kObservationCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr const char* kPaTemporaryCodes =
    "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes";

// What every resource of one export shares: the patient and the content.
struct Builder {
  const PatientData& data;
  const Content& content;
  std::string patient_ref;  // "urn:uuid:..." of the Patient entry
  json entries = json::array();

  void Add(json resource) {
    const std::string name =
        resource["resourceType"].get<std::string>() + "/" + resource["id"].get<std::string>();
    entries.push_back(
        {{"fullUrl", "urn:uuid:" + UuidFor(name)}, {"resource", std::move(resource)}});
  }
  std::string Ref(const std::string& type, const std::string& id) const {
    return "urn:uuid:" + UuidFor(type + "/" + id);
  }
  json Subject() const { return {{"reference", patient_ref}}; }
};

json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

std::string Instant(Timestamp t) {
  std::time_t seconds = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

json Coding(const char* system, const std::string& code, const std::string& display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

json Category(const std::string& code, const std::string& display) {
  return json::array({{{"coding", json::array({Coding(kObservationCategory, code, display)})}}});
}

json PainCode() {
  return {{"coding", json::array({Coding(kLoinc, "72514-3",
                                         "Pain severity - 0-10 verbal numeric rating [Score] - "
                                         "Reported")})},
          {"text", "Pain (0-10)"}};
}

json Observation(const Builder& b, const std::string& id, const std::string& date, json code,
                 json category) {
  return {{"resourceType", "Observation"},
          {"id", id},
          {"status", "final"},
          {"category", std::move(category)},
          {"code", std::move(code)},
          {"subject", b.Subject()},
          {"effectiveDateTime", date}};
}

void AddPain(Builder& b, const Record& r, const std::string& id, int pain,
             const std::string& note) {
  json o = Observation(b, id, r.date, PainCode(), Category("survey", "Survey"));
  o["valueInteger"] = pain;
  if (!note.empty()) o["note"] = json::array({{{"text", note}}});
  b.Add(std::move(o));
}

json ActivityCategory() {
  json category = Category("activity", "Activity");
  category.push_back({{"coding", json::array({Coding(kPaTemporaryCodes, "PhysicalActivity",
                                                     "Physical Activity")})}});
  return category;
}

void AddMinutes(Builder& b, const Record& r, int minutes, const std::string& note) {
  json code = {{"coding", json::array({Coding(kLoinc, "55411-3", "Exercise duration")})},
               {"text", "Exercise minutes"}};
  json o = Observation(b, "minutes-" + r.id, r.date, std::move(code), ActivityCategory());
  o["valueQuantity"] = {{"value", minutes}, {"unit", "min"}, {"system", kUcum}, {"code", "min"}};
  o["note"] = json::array({{{"text", note}}});
  b.Add(std::move(o));
}

void AddSteps(Builder& b, const Record& r, long long steps, const std::string& source) {
  json code = {
      {"coding", json::array({Coding(kLoinc, "41950-7", "Number of steps in 24 hour Measured")})},
      {"text", "Daily steps"}};
  json o = Observation(b, "steps-" + r.id, r.date, std::move(code), ActivityCategory());
  o["valueQuantity"] = {
      {"value", steps}, {"unit", "steps per day"}, {"system", kUcum}, {"code", "/d"}};
  if (!source.empty()) o["note"] = json::array({{{"text", "source: " + source}}});
  b.Add(std::move(o));
}

// One answer of a QuestionnaireResponse, typed as FHIR wants it.
json Answer(const json& value) {
  if (value.is_boolean()) return {{"valueBoolean", value}};
  if (value.is_number_integer()) return {{"valueInteger", value}};
  if (value.is_number()) return {{"valueDecimal", value}};
  return {{"valueString", value.is_string() ? value.get<std::string>() : value.dump()}};
}

json Items(const json& answers, const Questionnaire* q) {
  json items = json::array();
  for (const auto& [key, value] : answers.items()) {
    json answer = json::array();
    if (value.is_array()) {
      for (const auto& v : value) answer.push_back(Answer(v));
    } else if (!value.is_null()) {
      answer.push_back(Answer(value));
    }
    json item = {{"linkId", key}};
    if (q != nullptr) {
      for (const auto& i : q->items()) {
        if (key.rfind(i.id, 0) == 0) item["text"] = i.text;
      }
    }
    if (!answer.empty()) item["answer"] = answer;
    items.push_back(std::move(item));
  }
  return items;
}

json Response(const Builder& b, const std::string& id, const Record& r, json items) {
  json response = {{"resourceType", "QuestionnaireResponse"},
                   {"id", id},
                   {"status", "completed"},
                   {"subject", b.Subject()},
                   {"authored", r.date}};
  if (!items.empty()) response["item"] = std::move(items);  // FHIR has no empty arrays
  return response;
}

void AddFlags(Builder& b, const Record& r, const json& screen, bool latest) {
  int n = 0;
  for (const auto& flag : screen.value("flags", json::array())) {
    const std::string title = flag.value("title", flag.value("id", ""));
    b.Add({{"resourceType", "Flag"},
           {"id", "flag-" + r.id + "-" + std::to_string(++n)},
           {"status", latest ? "active" : "inactive"},
           {"category",
            json::array({{{"coding", json::array({Coding(
                                         "http://terminology.hl7.org/CodeSystem/flag-category",
                                         "clinical", "Clinical")})}}})},
           {"code",
            {{"coding",
              json::array({Coding("urn:backcoach:screening-rule", flag.value("id", ""), title)})},
             {"text", title + ": " + flag.value("message", "")}}},
           {"subject", b.Subject()},
           {"period", {{"start", r.date}}}});
  }
}

void AddIntake(Builder& b, const Record& r, bool latest) {
  const json payload = Parsed(r.payload);
  b.Add(Response(b, "intake-" + r.id, r, Items(payload.value("request", json::object()), nullptr)));
  AddFlags(b, r, payload.value("screen", json::object()), latest);
}

void AddQuestionnaire(Builder& b, const Record& r) {
  const json payload = Parsed(r.payload);
  const std::string id = payload.value("questionnaire", "");
  auto it = b.content.questionnaires.find(id);
  const Questionnaire* q = it == b.content.questionnaires.end() ? nullptr : &it->second;
  const std::string name = q != nullptr ? q->name() : id;
  json response = Response(b, "qr-" + r.id, r, Items(payload.value("answers", json::object()), q));
  response["identifier"] = {{"system", "urn:backcoach:questionnaire"}, {"value", id}};
  b.Add(std::move(response));
  json code = id == "nrs"
                  ? PainCode()
                  : json{{"coding", json::array({Coding("urn:backcoach:questionnaire", id, name)})},
                         {"text", name + " score"}};
  json o = Observation(b, "score-" + r.id, r.date, std::move(code), Category("survey", "Survey"));
  o["valueQuantity"] = {{"value", payload.value("score", 0.0)}};
  o["derivedFrom"] = json::array({{{"reference", b.Ref("QuestionnaireResponse", "qr-" + r.id)}}});
  const std::string band = payload.value("band", "");
  if (!band.empty()) o["interpretation"] = json::array({{{"text", band}}});
  b.Add(std::move(o));
}

json CoachCode(const std::string& code, const std::string& display) {
  return {{"coding", json::array({Coding(kCoachSystem, code, display)})}, {"text", display}};
}

// What the camera coach measured of one exercise of a session: one
// Observation whose components are the repetitions done and prescribed,
// each hold's seconds and each form finding with its count.
void AddCoach(Builder& b, const Record& r, const json& exercise, std::size_t index) {
  const json coach = exercise.value("coach", json::object());
  if (!coach.is_object() || coach.empty()) return;
  const std::string id = exercise.value("id", "");
  json o = Observation(b, "coach-" + r.id + "-" + std::to_string(index + 1), r.date,
                       CoachCode("exercise", "Camera coach: " + id), ActivityCategory());
  json components = json::array();
  components.push_back({{"code", CoachCode("reps_done", "Repetitions done")},
                        {"valueInteger", coach.value("reps_done", 0)}});
  components.push_back({{"code", CoachCode("reps_prescribed", "Repetitions prescribed")},
                        {"valueInteger", coach.value("reps_prescribed", 0)}});
  for (const auto& seconds : coach.value("hold_seconds", json::array())) {
    components.push_back(
        {{"code", CoachCode("hold_seconds", "Hold")},
         {"valueQuantity", {{"value", seconds}, {"unit", "s"}, {"system", kUcum}, {"code", "s"}}}});
  }
  for (const auto& f : coach.value("findings", json::array())) {
    components.push_back({{"code", CoachCode("form_finding", "Form finding: " + f.value("id", ""))},
                          {"valueInteger", f.value("count", 0)}});
  }
  o["component"] = std::move(components);
  o["note"] = json::array({{{"text", "measured by the camera coach during " + id}}});
  b.Add(std::move(o));
}

void AddSession(Builder& b, const Record& r) {
  const json payload = Parsed(r.payload);
  const json log = payload.value("log", json::object());
  if (log.contains("pain_after") && log["pain_after"].is_number_integer()) {
    AddPain(b, r, "pain-" + r.id, log["pain_after"].get<int>(), "after an exercise session");
  }
  AddMinutes(b, r, payload.value("active_minutes", 0), "exercise session of the programme");
  const json exercises = log.value("exercises", json::array());
  for (std::size_t i = 0; i < exercises.size(); ++i) AddCoach(b, r, exercises[i], i);
}

// One imported day: the numbers of its latest import (service.h's LatestActivity).
void AddImportedDay(Builder& b, const std::string& date, const json& payload) {
  const Record r{"day-" + date, b.data.user.id, RecordKind::kSteps, date, "", "", 0};
  const std::string source = payload.value("source", "");
  if (const long long steps = payload.value("steps", -1LL); steps >= 0)
    AddSteps(b, r, steps, source);
  if (const int minutes = payload.value("active_minutes", -1); minutes >= 0) {
    AddMinutes(b, r, minutes, "measured by " + (source.empty() ? "a device" : source));
  }
}

// A message between the patient and a member of their team: a
// Communication, sent by one side to the other. The member is named by
// their backcoach id (no resource of theirs is in the Bundle).
void AddMessage(Builder& b, const Record& r) {
  const json payload = Parsed(r.payload);
  const std::string member = payload.value("member_id", "");
  const std::string text = payload.value("text", "");
  if (text.empty()) return;
  const json patient = b.Subject();
  const json member_ref = {{"identifier", {{"system", "urn:backcoach:user"}, {"value", member}}}};
  const bool by_patient = r.author_id == b.data.user.id;
  b.Add({{"resourceType", "Communication"},
         {"id", "message-" + r.id},
         {"status", "completed"},
         {"subject", patient},
         {"sent", Instant(r.created_at)},
         {"sender", by_patient ? patient : member_ref},
         {"recipient", json::array({by_patient ? member_ref : patient})},
         {"payload", json::array({{{"contentString", text}}})}});
}

void AddRecord(Builder& b, const Record& r, const std::string& latest_intake) {
  if (r.kind == RecordKind::kIntake) return AddIntake(b, r, r.id == latest_intake);
  if (r.kind == RecordKind::kMessage) return AddMessage(b, r);
  if (r.kind == RecordKind::kQuestionnaire) return AddQuestionnaire(b, r);
  if (r.kind == RecordKind::kSessionLog) return AddSession(b, r);
  const json payload = Parsed(r.payload);
  if (r.kind == RecordKind::kPain && payload.value("pain", -1) >= 0) {
    return AddPain(b, r, "pain-" + r.id, payload.value("pain", 0), payload.value("note", ""));
  }
  if (r.kind == RecordKind::kCheckin && payload.value("pain_next_morning", -1) >= 0) {
    return AddPain(b, r, "pain-" + r.id, payload.value("pain_next_morning", 0),
                   "the morning after an exercise session");
  }
}

std::string DoseText(const json& dose) {
  std::string text;
  if (dose.value("minutes", 0) > 0) return std::to_string(dose.value("minutes", 0)) + " minutes";
  text = std::to_string(dose.value("sets", 0)) + " x " + std::to_string(dose.value("reps", 0));
  if (dose.value("hold_seconds", 0) > 0)
    text += ", hold " + std::to_string(dose.value("hold_seconds", 0)) + " s";
  if (dose.value("per_side", false)) text += " each side";
  return text;
}

const char* CarePlanStatus(const std::string& plan_status) {
  if (plan_status == "active" || plan_status == "walking_only") return "active";
  if (plan_status == "flare_up") return "on-hold";
  return "revoked";
}

void AddPlan(Builder& b) {
  if (b.data.plan_state.empty()) return;
  const json plan = Parsed(b.data.plan_state);
  json goals = json::array();
  int n = 0;
  for (const auto& goal : plan.value("request", json::object()).value("goals", json::array())) {
    const std::string id = "goal-" + b.data.user.id + "-" + std::to_string(++n);
    b.Add({{"resourceType", "Goal"},
           {"id", id},
           {"lifecycleStatus", "active"},
           {"description", {{"text", goal.is_string() ? goal.get<std::string>() : goal.dump()}}},
           {"subject", b.Subject()}});
    goals.push_back({{"reference", b.Ref("Goal", id)}});
  }
  if (const json steps = plan.value("step_goal", json()); steps.is_object()) {
    // A daily step goal, measured as LOINC 41950-7 (number of steps in 24
    // hours), as the Physical Activity implementation guide's goals are.
    const std::string id = "goal-steps-" + b.data.user.id;
    b.Add({{"resourceType", "Goal"},
           {"id", id},
           {"lifecycleStatus", "active"},
           {"description", {{"text", steps.value("reason", json::object()).value("reason", "")}}},
           {"subject", b.Subject()},
           {"startDate", steps.value("set_on", "")},
           {"target",
            {{{"measure",
               {{"coding",
                 {{{"system", "http://loinc.org"},
                   {"code", "41950-7"},
                   {"display", "Number of steps in 24 hour Measured"}}}}}},
              {"detailQuantity",
               {{"value", steps.value("daily_steps", 0LL)},
                {"unit", "steps/day"},
                {"system", "http://unitsofmeasure.org"},
                {"code", "/d"}}}}}}});
    goals.push_back({{"reference", b.Ref("Goal", id)}});
  }
  json activities = json::array();
  for (const auto& e : plan.value("exercises", json::array())) {
    activities.push_back({{"detail",
                           {{"code", {{"text", e.value("name", "")}}},
                            {"status", e.value("paused", false) ? "on-hold" : "in-progress"},
                            {"description", "level " + std::to_string(e.value("level", 0)) + ", " +
                                                DoseText(e.value("dose", json::object()))}}}});
  }
  json notes = json::array();
  for (const auto& r : b.data.records) {
    if (r.kind != RecordKind::kAdjustment) continue;
    const json a = Parsed(r.payload).value("adjustment", json::object());
    notes.push_back({{"time", Instant(r.created_at)},
                     {"text", a.value("action", "") + " " + a.value("exercise_id", "") + ": " +
                                  a.value("reason", "")}});
  }
  json care = {
      {"resourceType", "CarePlan"},
      {"id", "plan-" + b.data.user.id},
      {"status", CarePlanStatus(plan.value("status", ""))},
      {"intent", "plan"},
      {"title", "Exercise programme for low back pain"},
      {"subject", b.Subject()},
      {"period", {{"start", plan.value("request", json::object()).value("start_date", "")}}},
      {"activity", activities}};
  if (!goals.empty()) care["goal"] = goals;
  if (!notes.empty()) care["note"] = notes;
  if (activities.empty()) care.erase("activity");
  if (care["period"]["start"] == "") care.erase("period");
  b.Add(std::move(care));
}

}  // namespace

std::string UuidFor(const std::string& name) {
  // Two FNV-1a hashes with different offsets make 128 bits.
  std::uint64_t h[2] = {14695981039346656037ULL, 1099511628211ULL * 31};
  for (auto& x : h) {
    for (unsigned char c : name) {
      x ^= c;
      x *= 1099511628211ULL;
    }
  }
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(h[0] >> 32),
                static_cast<unsigned>((h[0] >> 16) & 0xffff), static_cast<unsigned>(h[0] & 0xffff),
                static_cast<unsigned>(h[1] >> 48),
                static_cast<unsigned long long>(h[1] & 0xffffffffffffULL));
  return text;
}

json FhirBundle(const PatientData& data, const Content& content, Timestamp now) {
  Builder b{data, content, "", json::array()};
  b.patient_ref = b.Ref("Patient", data.user.id);
  json patient = {
      {"resourceType", "Patient"},
      {"id", data.user.id},
      {"identifier", json::array({{{"system", "urn:backcoach:user"}, {"value", data.user.id}}})},
      {"active", !data.user.disabled},
      {"name", json::array({{{"text", data.user.display_name}}})}};
  if (!data.user.email.empty()) {
    patient["telecom"] = json::array({{{"system", "email"}, {"value", data.user.email}}});
  }
  b.Add(std::move(patient));
  std::string latest_intake;
  for (const auto& r : data.records) {
    if (r.kind == RecordKind::kIntake) latest_intake = r.id;
  }
  for (const auto& r : data.records) AddRecord(b, r, latest_intake);
  for (const auto& [date, day] : LatestActivity(data.records)) AddImportedDay(b, date, day);
  AddPlan(b);
  return {{"resourceType", "Bundle"},
          {"id", "export-" + data.user.id},
          {"type", "collection"},
          {"timestamp", Instant(now)},
          {"entry", std::move(b.entries)}};
}

}  // namespace backcoach
