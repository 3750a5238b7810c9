// The programme half of Service: intake, plan, logs, progress, and the
// clinician's view of them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "app/audit.h"
#include "app/plan_control.h"
#include "app/service.h"
#include "core/adjustment.h"
#include "core/adjustment_json.h"
#include "core/attention.h"
#include "core/json_number.h"
#include "core/motion_analysis.h"
#include "core/pain_change.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "core/plan_state_text.h"
#include "core/progression.h"
#include "core/schedule.h"
#include "core/screening.h"
#include "core/session_log.h"

namespace backcoach {

namespace {

// A missing plan is the caller's conflict: the intake comes first.
Status NoPlanYet(const Status& s) {
  return s.code() == StatusCode::kNotFound
             ? Status::Conflict("there is no plan yet: complete the intake first")
             : s;
}

json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// Whether a clearance released a flag that stops the programme; an older
// clearance of a lesser finding does not clear a later stop.
bool ClearedAStop(const Clearance& clearance, const ScreeningRules& screening) {
  for (const auto& rule : screening.rules()) {
    const bool named = std::find(clearance.rule_ids.begin(), clearance.rule_ids.end(), rule.id) !=
                       clearance.rule_ids.end();
    if (named && (rule.blocks_programme || rule.tier >= Tier::kSameDay)) return true;
  }
  return false;
}

// The plan's re-screen, when answers in a session log have changed its
// flags since the intake's screen (`intake_screen`): the plan's intake holds
// the symptoms of the logs merged in, so screened again it gives the flags
// the plan acted on. Null while the flags are still the intake's.
json RescreenedSince(const PlanState& state, const json& intake_screen, const Content& content) {
  std::vector<std::string> intake_flags, plan_flags = state.flags;
  if (intake_screen.is_object()) {
    for (const auto& f : intake_screen.value("flags", json::array())) {
      intake_flags.push_back(f.value("id", ""));
    }
  }
  std::sort(intake_flags.begin(), intake_flags.end());
  std::sort(plan_flags.begin(), plan_flags.end());
  if (state.status == PlanStatus::kNoPlan || plan_flags == intake_flags) return nullptr;
  json screen =
      ScreenResultToJson(Screen(state.request.intake, content.screening), content.screening);
  std::optional<Date> since = state.last_log;
  for (const auto& f : state.open_findings) {
    if (!since || f.since < *since) since = f.since;
  }
  screen["rescreened_on"] = since ? json(since->ToString()) : json(nullptr);
  screen["intake_screen"] = {{"triage", intake_screen.value("triage", "")},
                             {"headline", intake_screen.value("headline", "")}};
  if (state.open_findings.empty() && !state.clearances.empty() &&
      (state.status != PlanStatus::kStopped ||
       ClearedAStop(state.clearances.back(), content.screening))) {
    const Clearance& last = state.clearances.back();
    screen["cleared"] = {{"by", last.by}, {"how", last.how}, {"date", last.date.ToString()}};
  }
  return screen;
}

// The minutes of the exercises done in a log, by the plan's doses.
int ActiveMinutes(const PlanState& s, const SessionLog& log, const PlanRules& rules) {
  int minutes = 0;
  for (const auto& e : log.exercises) {
    const Prescription* p = s.Find(e.id);
    if (e.done && p != nullptr) minutes += DoseMinutes(p->dose, rules);
  }
  return minutes;
}

json Levels(const PlanState& s) {
  json levels = json::object();
  for (const auto& p : s.exercises) {
    levels[CategoryName(p.category)] = std::max(levels.value(CategoryName(p.category), 0), p.level);
  }
  return levels;
}

// Each exercise of the plan and its level, keyed by the bottom of its chain
// in the catalogue, so that a move to a harder or easier variant continues
// the same line on the level chart.
json ExerciseLevels(const PlanState& s, const Catalogue& catalogue) {
  json out = json::array();
  for (const auto& p : s.exercises) {
    std::string chain = p.id;
    for (const Exercise* e = catalogue.Find(p.id); e != nullptr && !e->easier.empty();
         e = catalogue.Find(e->easier)) {
      chain = e->easier;
    }
    out.push_back({{"chain", chain},
                   {"id", p.id},
                   {"name", p.name},
                   {"level", p.level},
                   {"paused", p.paused}});
  }
  return out;
}

// Imported steps and minutes of one week of the programme.
struct WeekActivity {
  long long steps = 0;
  int step_days = 0;  // days with a step count
  int minutes = 0;
  int minute_days = 0;
};

// Imported days by week of the programme (weeks start on the day of its
// first record, as the other series do). Days before the programme began are
// left out; with no other record, the first imported day starts the weeks.
std::map<std::string, WeekActivity> WeeklyActivity(const std::map<std::string, json>& days,
                                                   std::optional<Date>& first) {
  std::map<std::string, WeekActivity> weeks;
  for (const auto& [day, data] : days) {
    auto date = Date::Parse(day);
    if (!date.ok()) continue;
    if (!first) first = *date;
    if (*date < *first) continue;
    WeekActivity& w = weeks[first->Plus((date->DaysSince(*first) / 7) * 7).ToString()];
    if (const long long steps = data.value("steps", -1LL); steps >= 0) {
      w.steps += steps;
      ++w.step_days;
    }
    if (const int minutes = data.value("active_minutes", -1); minutes >= 0) {
      w.minutes += minutes;
      ++w.minute_days;
    }
  }
  return weeks;
}

// Adds a week's imported activity to its entry: steps in all, the average
// per day counted, and the minutes a device measured (null when none).
void AddTracked(json& entry, const WeekActivity& w) {
  entry["steps"] = w.step_days > 0 ? json(w.steps) : json(nullptr);
  entry["step_days"] = w.step_days;
  entry["daily_steps"] = w.step_days > 0 ? json(w.steps / w.step_days) : json(nullptr);
  entry["tracked_active_minutes"] = w.minute_days > 0 ? json(w.minutes) : json(nullptr);
}

json DecisionsJson(const PlanState& s) { return ReasonsToJson(s.decisions); }

// Why the camera coach does not cover an exercise, in the person's words
// (the motion's camera_note, else a general sentence); null when it does.
json CoachNote(const Content& content, const std::string& id) {
  const MotionDefinition* motion = content.motions.Find(id);
  if (motion != nullptr && motion->camera) return nullptr;
  return NotCoveredMessage(motion);
}

// An exercise of the day as a card; `motion` is its motion definition, or
// null when it keeps its illustration and words; `coach_note` is CoachNote.
json ExerciseCard(const Exercise& e, const Prescription* p, const PlanState& s, const json& motion,
                  const json& coach_note) {
  json load = json::array();
  for (LoadTag t : e.load) load.push_back(LoadTagName(t));
  const Dose& d = p != nullptr ? p->dose : e.dose;
  json card = {{"id", e.id},
               {"name", e.name},
               {"category", CategoryName(e.category)},
               {"level", e.level},
               {"load", load},
               {"position", e.position},
               {"steps", e.steps},
               {"cues", e.cues},
               {"mistakes", e.mistakes},
               {"if_it_hurts", e.if_it_hurts},
               {"source", e.source},
               {"dose",
                {{"sets", d.sets},
                 {"reps", d.reps},
                 {"hold_seconds", d.hold_seconds},
                 {"minutes", d.minutes},
                 {"per_side", d.per_side}}},
               {"motion", motion},
               {"coach_note", coach_note}};
  for (const auto& decision : s.decisions) {
    if (decision.subject == e.id) card["last_decision"] = ReasonToJson(decision);
  }
  if (p != nullptr && p->pinned) card["pinned_because"] = p->pin_reason;
  return card;
}

}  // namespace

std::mutex& Service::PlanLock(const std::string& patient_id) {
  return plan_locks_[std::hash<std::string>{}(patient_id) % plan_locks_.size()];
}

Result<std::pair<std::shared_ptr<const PlanState>, std::int64_t>> Service::CurrentPlan(
    const std::string& patient_id) {
  // The version alone is a small read; the state (kilobytes of JSON to
  // parse) is read only when this version has not been parsed yet.
  auto version = store_.PlanVersion(patient_id);
  if (!version.ok()) return NoPlanYet(version.status());
  if (auto cached = plans_.Get(patient_id, *version)) {
    return std::make_pair(std::move(cached), *version);
  }
  auto record = store_.GetPlan(patient_id);
  if (!record.ok()) return NoPlanYet(record.status());
  auto state = ParsePlanState(record->state, content_);
  if (!state.ok())
    return Status::Internal("the stored plan cannot be read: " + state.status().message());
  auto shared = std::make_shared<const PlanState>(std::move(state).value());
  plans_.Put(patient_id, record->version, shared);
  return std::make_pair(std::move(shared), record->version);
}

Status Service::SavePlan(const User& patient, std::shared_ptr<const PlanState> shared,
                         std::int64_t expected_version, Record record) {
  const PlanState& state = *shared;
  PlanChange change;
  change.record = std::move(record);
  change.plan.patient_id = patient.id;
  // Written straight to text, the same bytes as PlanStateToJson's dump.
  change.plan.state = PlanStateText(state, content_);
  change.plan.updated_at = clock_.Now();
  change.expected_version = expected_version;
  change.summary = SummaryOf(patient, &state);
  // The request's audit entry rides with the change when the store can
  // take it: one commit, one disk flush for both.
  ChangeAudit* audit = ChangeAudit::Pending();
  if (audit != nullptr && audit->entry().patient_id == patient.id) {
    change.audit.push_back(audit->entry());
  }
  if (Status s = store_.SavePlanChange(change); !s.ok()) return s;
  if (audit != nullptr && !change.audit.empty() && change.audit.front().seq > 0) {
    audit->MarkStored();
  }
  plans_.Put(patient.id, change.plan.version, shared);
  // The change is stored; alerts follow at once (a red flag reaches the
  // clinician now). Should raising fail, the daily run raises them later.
  (void)RaiseAlerts(patient, state, /*on_new_record=*/true);
  return Status::Ok();
}

Result<json> Service::SubmitIntake(const User& patient, const IntakeInput& intake) {
  json request_json = intake.answers;
  const std::string& seen = intake.seen;
  if (!request_json.contains("start_date")) request_json["start_date"] = clock_.Today().ToString();
  auto request = PlanRequestFromJson(request_json);
  if (!request.ok()) return request.status();
  auto made = MakePlan(*request, content_);
  if (!made.ok()) return made.status();
  const auto state = std::make_shared<const PlanState>(std::move(made).value());
  const ScreenResult screen = backcoach::Screen(request->intake, content_.screening);
  const json screen_json = ScreenResultToJson(screen, content_.screening);
  Record record;
  record.patient_id = patient.id;
  record.kind = RecordKind::kIntake;
  record.date = clock_.Today().ToString();
  record.author_id = patient.id;
  record.payload = json{{"request", PlanRequestToJson(*request)}, {"screen", screen_json}}.dump();
  record.created_at = clock_.Now();
  std::lock_guard<std::mutex> turn(PlanLock(patient.id));
  auto standing = StandingFlag(patient.id);
  if (!standing.ok()) return standing.status();
  if (!standing->is_null() && (*standing)["red"].get<bool>()) {
    const auto& answers = SeenAnswers();
    if (std::find(answers.begin(), answers.end(), seen) == answers.end()) {
      return Status::InvalidArgument(
          "your last answers needed a doctor: first tell us whether you have been seen since "
          "(seen and cleared, seen but not cleared, or not yet)");
    }
    if (Status s = AddSeenReport(patient, seen, *standing); !s.ok()) return s;
    const bool cleared = patient.clinic_id.empty() && seen == "seen_cleared";
    if (cleared) {
      Record clearance = ClearanceRecord(patient, patient, "self_report", *standing, json::array());
      if (Status s = store_.AddRecord(clearance); !s.ok()) return s;
    }
    if (screen.triage < Tier::kWithinDays) {
      if (Status s = AlertAnswersChanged(patient, *standing, seen); !s.ok()) return s;
      if (!cleared) return HoldIntake(patient, std::move(record), *standing, seen);
    }
  }
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto current = store_.PlanVersion(patient.id);
    if (!current.ok() && current.status().code() != StatusCode::kNotFound) return current.status();
    Status s = SavePlan(patient, state, current.ok() ? *current : 0, record);
    if (s.ok()) break;
    if (s.code() != StatusCode::kConflict || attempt + 1 == kWriteRetries) return s;
  }
  return json{{"screen", screen_json}, {"plan", PlanStateToJson(*state, content_)}};
}

Result<PlanRecord> Service::Plan(const std::string& patient_id) {
  auto record = store_.GetPlan(patient_id);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("there is no plan yet: complete the intake first");
  }
  return record;
}

Result<json> Service::HoldIntake(const User& patient, Record record, const json& standing,
                                 const std::string& seen) {
  json payload = Parsed(record.payload);
  const json earlier = standing["screen"].is_object()
                           ? standing["screen"]
                           : json{{"triage", standing.value("triage", "within_days")},
                                  {"headline", standing.value("headline", "")},
                                  {"flags", standing["findings"]}};
  payload["standing"] = earlier;
  payload["seen"] = seen;
  record.payload = payload.dump();
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  json plan = nullptr;
  if (auto current = CurrentPlan(patient.id); current.ok()) {
    plan = PlanStateToJson(*current->first, content_);
  }
  json shown = earlier;
  shown["held_since"] = record.date;
  return json{{"held", true},
              {"message",
               "Your new answers do not change the earlier advice until a clinician has seen "
               "you and cleared it."},
              {"screen", shown},
              {"new_screen", payload["screen"]},
              {"plan", plan}};
}

Result<json> Service::Screen(const std::string& patient_id) {
  auto records = store_.ListRecords(patient_id, RecordKind::kIntake, 1);
  if (!records.ok()) return records.status();
  if (records->empty()) return Status::NotFound("there is no intake yet");
  const json payload = Parsed(records->back().payload);
  if (!payload.is_object()) return json(nullptr);
  json screen = payload.contains("standing") ? payload["standing"] : payload["screen"];
  if (payload.contains("standing")) {
    screen["held_since"] = records->back().date;
    screen["new_screen"] = payload["screen"];
  }
  // A red flag found during the programme is the screen that stands now.
  if (!payload.contains("standing")) {
    auto plan = CurrentPlan(patient_id);
    if (!plan.ok() && plan.status().code() != StatusCode::kConflict) return plan.status();
    if (plan.ok()) {
      json since = RescreenedSince(*plan->first, screen, content_);
      if (!since.is_null()) return since;
    }
  }
  const std::string tier = screen.is_object() ? screen.value("triage", "") : "";
  if (tier != "emergency" && tier != "same_day" && tier != "within_days") return screen;
  auto clearances = store_.ListRecords(patient_id, RecordKind::kClearance, 100);
  if (!clearances.ok()) return clearances.status();
  for (const auto& c : *clearances) {
    json data = Parsed(c.payload);
    if (data.value("intake_id", "") != records->back().id) continue;
    screen["cleared"] = {{"by", data["by"]}, {"how", data["how"]}, {"date", c.date}};
  }
  return screen;
}

Result<std::shared_ptr<const std::string>> Service::Today(const std::string& patient_id, Date day) {
  const std::string key = patient_id + "/" + day.ToString();
  auto version = store_.PlanVersion(patient_id);
  if (!version.ok()) return NoPlanYet(version.status());
  if (auto cached = today_.Get(key, *version)) return cached;
  auto current = CurrentPlan(patient_id);
  if (!current.ok()) return current.status();
  auto rendered = RenderToday(*current->first, day);
  if (!rendered.ok()) return rendered.status();
  auto body = std::make_shared<const std::string>(rendered->dump());
  today_.Put(key, current->second, body);
  return body;
}

const json& Service::MotionOf(const std::string& exercise) const {
  static const json kNone = nullptr;
  auto it = motions_.find(exercise);
  return it == motions_.end() ? kNone : it->second;
}

Result<json> Service::RenderToday(const PlanState& s, Date day) {
  const SessionDay* today = nullptr;
  for (const auto& d : s.schedule) {
    if (d.date == day) today = &d;
  }
  if (today == nullptr && !s.schedule.empty()) today = &s.schedule.front();
  json cards = json::array();
  if (today != nullptr) {
    for (const auto& id : today->exercises) {
      if (const Exercise* e = content_.catalogue.Find(id))
        cards.push_back(ExerciseCard(*e, s.Find(id), s, MotionOf(id), CoachNote(content_, id)));
    }
  }
  json minimum = json::array();
  for (const auto& id : MinimumSession(s, content_)) {
    if (const Exercise* e = content_.catalogue.Find(id))
      minimum.push_back(ExerciseCard(*e, nullptr, s, MotionOf(id), CoachNote(content_, id)));
  }
  return json{{"date", today != nullptr ? today->date.ToString() : day.ToString()},
              {"kind", today != nullptr ? today->kind : "rest"},
              {"minutes", today != nullptr ? today->minutes : 0},
              {"aerobic_minutes", today != nullptr ? today->aerobic_minutes : 0},
              {"status", PlanStatusName(s.status)},
              {"messages", s.messages},
              {"cautions", s.cautions},
              {"exercises", cards},
              {"bad_day_session", minimum},
              {"step_goal", StepGoalToJson(s.step_goal)},
              {"decisions", DecisionsJson(s)}};
}

Result<PlanChanged> Service::LogSession(const User& patient, const SessionLog& log) {
  std::lock_guard<std::mutex> turn(PlanLock(patient.id));
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto loaded = CurrentPlan(patient.id);
    if (!loaded.ok()) return loaded.status();
    auto progressed = Progress(*loaded->first, log, content_);
    if (!progressed.ok()) return progressed.status();
    const auto next = std::make_shared<const PlanState>(std::move(progressed).value());
    Record record;
    record.patient_id = patient.id;
    record.kind = RecordKind::kSessionLog;
    record.date = log.date.ToString();
    record.author_id = patient.id;
    record.payload =
        json{{"log", SessionLogToJson(log)},
             {"active_minutes", ActiveMinutes(*loaded->first, log, content_.engine.plan)},
             {"levels", Levels(*next)},
             {"exercise_levels", ExerciseLevels(*next, content_.catalogue)},
             {"decisions", DecisionsJson(*next)}}
            .dump();
    record.created_at = clock_.Now();
    Status saved = SavePlan(patient, next, loaded->second, std::move(record));
    if (saved.ok()) return PlanChanged{next->status, next->decisions, next->messages};
    if (saved.code() != StatusCode::kConflict) return saved;
  }
  return Status::Conflict("the plan changed while saving; please try again");
}

Result<PlanChanged> Service::CheckIn(const User& patient, const CheckInInput& check_in) {
  const Date& date = check_in.date;
  const int pain = check_in.pain_next_morning;
  std::lock_guard<std::mutex> turn(PlanLock(patient.id));
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto loaded = CurrentPlan(patient.id);
    if (!loaded.ok()) return loaded.status();
    auto checked = backcoach::CheckIn(*loaded->first, date, pain, content_);
    if (!checked.ok()) return checked.status();
    const auto next = std::make_shared<const PlanState>(std::move(checked).value());
    Record record{"",
                  patient.id,
                  RecordKind::kCheckin,
                  date.ToString(),
                  patient.id,
                  json{{"pain_next_morning", pain},
                       {"levels", Levels(*next)},
                       {"exercise_levels", ExerciseLevels(*next, content_.catalogue)},
                       {"decisions", DecisionsJson(*next)}}
                      .dump(),
                  clock_.Now()};
    Status saved = SavePlan(patient, next, loaded->second, std::move(record));
    if (saved.ok()) return PlanChanged{next->status, next->decisions, {}};
    if (saved.code() != StatusCode::kConflict) return saved;
  }
  return Status::Conflict("the plan changed while saving; please try again");
}

Result<RecordAdded> Service::AddPain(const User& patient, const PainInput& pain) {
  Record record{"",
                patient.id,
                RecordKind::kPain,
                pain.date.ToString(),
                patient.id,
                json{{"pain", pain.pain}, {"note", pain.note}}.dump(),
                clock_.Now()};
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  return RecordAdded{record.id};
}

json QuestionnaireAnswersJson(const std::map<std::string, double>& answers) {
  json checked = json::object();
  for (const auto& [key, value] : answers) {
    if (value == std::floor(value)) {
      checked[key] = static_cast<long long>(value);
    } else {
      checked[key] = value;
    }
  }
  return checked;
}

Result<QuestionnaireScored> Service::AddQuestionnaire(const User& patient, const std::string& id,
                                                      const QuestionnaireInput& input) {
  auto it = content_.questionnaires.find(id);
  if (it == content_.questionnaires.end()) return Status::NotFound("no such questionnaire");
  if (!input.answers) {
    return Status::InvalidArgument("field 'answers' must be an object of item id to number");
  }
  const std::map<std::string, double>& answers = *input.answers;
  auto score = it->second.ScoreAnswers(answers);
  if (!score.ok()) return score.status();
  // The answers as checked, never the body's own numbers.
  json result = {{"questionnaire", id},
                 {"score", score->total},
                 {"band", score->band},
                 {"interpretation", score->interpretation},
                 {"answers", QuestionnaireAnswersJson(answers)}};
  Record record{"",
                patient.id,
                RecordKind::kQuestionnaire,
                clock_.Today().ToString(),
                patient.id,
                result.dump(),
                clock_.Now()};
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  // A goal reached is good news for the team.
  if (auto current = CurrentPlan(patient.id); current.ok()) {
    (void)RaiseAlerts(patient, *current->first, /*on_new_record=*/true);
  }
  return QuestionnaireScored{record.id, id, score->total, score->band, score->interpretation,
                             answers};
}

Result<json> Service::Records(const std::string& patient_id, RecordKind kind, int limit) {
  auto records = store_.ListRecords(patient_id, kind, limit);
  if (!records.ok()) return records.status();
  json out = json::array();
  for (const auto& r : *records) out.push_back(RecordJson(r));
  return json{{"records", out}};
}

Result<JsonPage<RecordKey>> Service::RecordsPage(const std::string& patient_id, RecordKind kind,
                                                 int limit, const std::optional<RecordKey>& after) {
  auto records = ReadRecordPage(store_, {patient_id, kind, after, limit});
  if (!records.ok()) return records.status();
  JsonPage<RecordKey> out;
  for (const auto& r : records->records) out.items.push_back(RecordJson(r));
  out.next = records->next;
  return out;
}

Result<json> Service::ProgressSeries(const std::string& patient_id) {
  auto records = store_.AllRecords(patient_id, std::nullopt);
  if (!records.ok()) return records.status();
  json pain = json::array(), morning = json::array(), diary = json::array();
  json scores = json::object(), levels = json::array();
  std::map<std::string, int> minutes_by_week, sessions_by_week;
  std::optional<Date> first;
  for (const auto& r : *records) {
    if (r.kind == RecordKind::kSteps)
      continue;  // imported days, read below from the newest of each
    const json data = Parsed(r.payload);
    auto date = Date::Parse(r.date);
    if (!date.ok()) continue;
    if (!first) first = *date;
    const std::string week = first->Plus((date->DaysSince(*first) / 7) * 7).ToString();
    if (r.kind == RecordKind::kSessionLog) {
      double sum = 0;
      int done = 0;
      for (const auto& e : data["log"]["exercises"]) {
        if (e.value("done", true)) {
          sum += e.value("pain_during", 0);
          ++done;
        }
      }
      if (done > 0) pain.push_back({{"date", r.date}, {"pain", sum / done}});
      if (data["log"].contains("pain_next_morning")) {
        morning.push_back({{"date", r.date}, {"pain", data["log"]["pain_next_morning"]}});
      }
      minutes_by_week[week] += data.value("active_minutes", 0);
      sessions_by_week[week] += 1;
      levels.push_back({{"date", r.date},
                        {"levels", data["levels"]},
                        {"exercises", data.value("exercise_levels", json::array())}});
    } else if (r.kind == RecordKind::kCheckin) {
      morning.push_back({{"date", r.date}, {"pain", data["pain_next_morning"]}});
      // A check-in can move exercises up; records from before levels were kept have none.
      if (data.contains("exercise_levels")) {
        levels.push_back(
            {{"date", r.date}, {"levels", data["levels"]}, {"exercises", data["exercise_levels"]}});
      }
    } else if (r.kind == RecordKind::kPain) {
      diary.push_back({{"date", r.date}, {"pain", data["pain"]}});
    } else if (r.kind == RecordKind::kQuestionnaire) {
      scores[data.value("questionnaire", "")].push_back(
          {{"date", r.date}, {"score", data["score"]}, {"band", data["band"]}});
    }
  }
  auto activity = DailyActivity(patient_id);
  if (!activity.ok()) return activity.status();
  std::map<std::string, WeekActivity> tracked = WeeklyActivity(*activity, first);
  for (const auto& [week, unused] : tracked) minutes_by_week.try_emplace(week, 0);
  auto plan = CurrentPlan(patient_id);
  const int days_per_week = plan.ok() ? plan->first->request.days_per_week : 0;
  json weeks = json::array();
  for (const auto& [week, minutes] : minutes_by_week) {
    const int sessions = sessions_by_week[week];
    json entry = {
        {"week_of", week},
        {"active_minutes", minutes},
        {"sessions", sessions},
        {"adherence", days_per_week > 0 ? std::min(1.0, 1.0 * sessions / days_per_week) : 0.0}};
    AddTracked(entry, tracked[week]);
    weeks.push_back(entry);
  }
  const auto nrs = content_.questionnaires.find("nrs");
  // A change is claimed from weeks of ratings, never from the last one
  // (core/pain_change.h): those the chart leads with.
  json change = nullptr;
  if (nrs != content_.questionnaires.end()) {
    std::vector<PainRating> ratings;
    for (const auto& p : pain.empty() ? diary : pain) {
      auto date = Date::Parse(p.value("date", ""));
      if (date.ok() && p["pain"].is_number()) ratings.push_back({*date, p["pain"].get<double>()});
    }
    if (auto c = ComparePain(ratings, nrs->second)) {
      change = {{"baseline", c->baseline},
                {"baseline_from", c->baseline_from.ToString()},
                {"baseline_to", c->baseline_to.ToString()},
                {"recent", c->recent},
                {"recent_from", c->recent_from.ToString()},
                {"recent_to", c->recent_to.ToString()},
                {"change", c->verdict.change},
                {"verdict", ChangeOutcomeName(c->verdict.outcome)}};
    }
  }
  return json{{"pain_during", pain},
              {"pain_change", change},
              {"pain_next_morning", morning},
              {"pain_diary", diary},
              {"questionnaires", scores},
              {"weeks", weeks},
              {"levels", levels},
              {"meaningful_change_points",
               nrs != content_.questionnaires.end() ? nrs->second.mcid().points : 2.0}};
}

Result<PatientList> Service::ListPatients(const User& clinician, const std::string& search,
                                          int limit, const std::optional<PatientKey>& after) {
  Timestamp total_until = 0;
  return ListPatientsAt(clinician, search, limit, after, std::nullopt, total_until);
}

Result<std::shared_ptr<const PatientPageText>> Service::PatientPage(
    const User& clinician, const std::string& search, int limit,
    const std::optional<PatientKey>& after, const PatientPageWriter& write) {
  // Read before the page, so that a change made while the page is read
  // leaves the page kept under a version already gone.
  auto version = store_.ListVersion(clinician.clinic_id);
  if (!version.ok()) return version.status();
  // Each part with its length first: a search or a cursor, whatever bytes
  // it holds, cannot pass for another query's.
  std::string key;
  auto part = [&key](const std::string& s) { key += std::to_string(s.size()) + ':' + s; };
  part(clinician.id);
  part(clinician.clinic_id);
  part(std::to_string(limit));
  part(search);
  if (after) {
    part(std::to_string(after->attention));
    part(after->name_key);
    part(after->display_name);
    part(after->patient_id);
  }
  if (*version) {
    auto kept = patient_pages_.Get(key, **version);
    if (kept && clock_.Now() < kept->total_until) return kept;
  }
  Timestamp total_until = 0;
  auto list = ListPatientsAt(clinician, search, limit, after, *version, total_until);
  if (!list.ok()) return list.status();
  auto page = std::make_shared<const PatientPageText>(
      PatientPageText{write(*list), static_cast<int>(list->patients.size()), total_until});
  if (*version) patient_pages_.Put(key, **version, page);
  return page;
}

Result<PatientList> Service::ListPatientsAt(const User& clinician, const std::string& search,
                                            int limit, const std::optional<PatientKey>& after,
                                            std::optional<std::int64_t> version,
                                            Timestamp& total_until) {
  if (limit < 1 || limit > 200) return Status::InvalidArgument("limit must be from 1 to 200");
  // One more than a page: whether another page follows.
  PatientQuery query{clinician.clinic_id, search, after, limit + 1};
  auto count = CountPatients(query, version);
  if (!count.ok()) return count.status();
  total_until = version && count->version == version ? kForever : count->at + kFreshCount;
  auto page = store_.ListPatients(query);
  if (!page.ok()) return page.status();
  std::optional<PatientKey> next;
  if (static_cast<int>(page->size()) > limit) {
    page->resize(limit);
    next = PatientKeyOf(page->back());
  }
  // The caller's own unread messages, by patient: one read for the page's
  // patients alone (the caller may have a thread with each of thousands).
  std::vector<std::string> on_page;
  on_page.reserve(page->size());
  for (const auto& p : *page) on_page.push_back(p.patient_id);
  auto threads = store_.ListMemberThreads(clinician.id, on_page);
  if (!threads.ok()) return threads.status();
  std::map<std::string, int> unread;
  for (const auto& t : *threads) unread[t.patient_id] = UnreadFor(t, /*by_patient=*/false);
  PatientList out{count->total, limit, {}, std::move(next)};
  out.patients.reserve(page->size());
  for (auto& p : *page) {
    auto it = unread.find(p.patient_id);
    const int waiting = it == unread.end() ? 0 : it->second;
    const bool urgent = IsUrgent(p.attention, content_.alerts.list());
    out.patients.push_back({std::move(p), urgent, waiting});
  }
  return out;
}

Result<Service::Count> Service::CountPatients(const PatientQuery& query,
                                              std::optional<std::int64_t> version) {
  constexpr std::size_t kMaxCounts = 10000;
  const std::string key = query.clinic_id + "\n" + query.search;
  const Timestamp now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(counts_mu_);
    auto it = counts_.find(key);
    if (it != counts_.end()) {
      const Count& kept = it->second;
      if ((version && kept.version == version) || now - kept.at < kFreshCount) return kept;
    }
  }
  auto total = store_.CountPatients(query);
  if (!total.ok()) return total.status();
  const Count count{now, *total, version};
  std::lock_guard<std::mutex> lock(counts_mu_);
  if (counts_.size() >= kMaxCounts) counts_.clear();  // searches are many; start afresh
  counts_[key] = count;
  return count;
}

Result<json> Service::PatientDetail(const std::string& patient_id) {
  auto user = store_.GetUser(patient_id);
  if (!user.ok()) return user.status();
  json out = {
      {"patient", {{"id", user->id}, {"name", user->display_name}, {"email", user->email}}}};
  auto summary = store_.GetSummary(patient_id);
  if (summary.ok()) {
    out["summary"] = {{"attention", summary->attention},
                      {"urgent", IsUrgent(summary->attention, content_.alerts.list())},
                      {"reasons", Parsed(summary->reasons)},
                      {"triage", summary->triage},
                      {"status", summary->status},
                      {"last_activity", summary->last_activity}};
  }
  auto screen = Screen(patient_id);
  out["screen"] = screen.ok() ? *screen : json(nullptr);
  // Every screen, with what the person said and who cleared: an earlier red
  // flag stays in view whatever the answers since.
  std::vector<json> history;
  for (RecordKind kind : {RecordKind::kIntake, RecordKind::kSeenReport, RecordKind::kClearance}) {
    auto records = store_.ListRecords(patient_id, kind, 100);
    if (!records.ok()) continue;
    for (const auto& r : *records) {
      const json data = Parsed(r.payload);
      if (!data.is_object()) continue;
      json entry = {
          {"kind", RecordKindName(r.kind)}, {"date", r.date}, {"created_at", r.created_at}};
      if (r.kind == RecordKind::kIntake) {
        entry["triage"] = data["screen"].value("triage", "");
        entry["headline"] = data["screen"].value("headline", "");
        entry["held"] = data.contains("standing");
      } else {
        entry["seen"] = data.value("seen", "");
        entry["how"] = data.value("how", "");
        entry["by"] = data.value("by", "");
      }
      history.push_back(entry);
    }
  }
  // In one moment, what the person said of being seen came before the
  // answers it let through.
  auto rank = [](const json& e) { return e["kind"] == "intake" ? 1 : 0; };
  std::stable_sort(history.begin(), history.end(), [&](const json& a, const json& b) {
    const Timestamp at = a["created_at"].get<Timestamp>(), bt = b["created_at"].get<Timestamp>();
    return at != bt ? at < bt : rank(a) < rank(b);
  });
  out["screen_history"] = json(history);
  auto plan = store_.GetPlan(patient_id);
  out["plan"] = plan.ok() ? Parsed(plan->state) : json(nullptr);
  // What the clinician may change in it: dose fields, named levels, additions.
  out["plan_control"] = nullptr;
  if (plan.ok()) {
    auto current = CurrentPlan(patient_id);
    if (current.ok()) out["plan_control"] = PlanControlJson(*current->first, content_);
  }
  auto logs = Records(patient_id, RecordKind::kSessionLog, 30);
  out["sessions"] = logs.ok() ? (*logs)["records"] : json::array();
  auto notes = Records(patient_id, RecordKind::kNote, 50);
  out["notes"] = notes.ok() ? (*notes)["records"] : json::array();
  return out;
}

Result<PlanChanged> Service::Adjust(const User& clinician, const std::string& patient_id,
                                    Adjustment a) {
  a.by = clinician.display_name;
  auto patient = store_.GetUser(patient_id);
  if (!patient.ok()) return patient.status();
  std::lock_guard<std::mutex> turn(PlanLock(patient_id));
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto loaded = CurrentPlan(patient_id);
    if (!loaded.ok()) return loaded.status();
    auto adjusted = AdjustPlan(*loaded->first, a, content_, clock_.Today());
    if (!adjusted.ok()) return adjusted.status();
    const auto next = std::make_shared<const PlanState>(std::move(adjusted).value());
    Record record{
        "",
        patient_id,
        RecordKind::kAdjustment,
        clock_.Today().ToString(),
        clinician.id,
        json{{"adjustment", AdjustmentToJson(a)}, {"decisions", DecisionsJson(*next)}}.dump(),
        clock_.Now()};
    Status saved = SavePlan(*patient, next, loaded->second, std::move(record));
    if (saved.ok()) return PlanChanged{next->status, next->decisions, {}};
    if (saved.code() != StatusCode::kConflict) return saved;
  }
  return Status::Conflict("the plan changed while saving; please try again");
}

Result<RecordAdded> Service::AddNote(const User& clinician, const std::string& patient_id,
                                     const NoteInput& note) {
  Record record{"",
                patient_id,
                RecordKind::kNote,
                clock_.Today().ToString(),
                clinician.id,
                json{{"text", note.text}, {"author", clinician.display_name}}.dump(),
                clock_.Now()};
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  return RecordAdded{record.id};
}

}  // namespace backcoach
