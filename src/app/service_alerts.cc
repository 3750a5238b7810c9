// Alerts: the rules of content/alerts.yaml applied to a patient's stored
// history, the alerts kept, and their states (new, seen, resolved).
#include "app/service_alerts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/service.h"
#include "core/alerts.h"

namespace backcoach {

namespace {

bool Active(const PlanState& state) {
  return state.status != PlanStatus::kNoPlan && state.status != PlanStatus::kStopped;
}

}  // namespace

json AlertJson(const Alert& a) {
  return {{"id", a.id},
          {"patient_id", a.patient_id},
          {"rule", a.rule},
          {"period", a.period},
          {"kind", AlertKindName(a.kind)},
          {"reason", a.reason},
          {"source", a.source},
          {"state", AlertStateName(a.state)},
          {"note", a.note},
          {"updated_by", a.updated_by},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

AlertHistory Service::HistoryOf(const std::string& patient_id, const PlanState& state,
                                bool on_new_record) {
  AlertHistory h;
  h.today = clock_.Today();
  h.on_new_record = on_new_record;
  if (Active(state)) h.started = state.request.start_date;
  for (const auto& id : state.flags) {
    for (const auto& rule : content_.screening.rules()) {
      if (rule.id == id && rule.tier >= Tier::kWithinDays) h.red_flags.push_back(rule.title);
    }
  }
  if (!h.red_flags.empty()) {
    // Reported at the intake, or in the session log that stopped the plan.
    h.red_flag_reported = state.status == PlanStatus::kStopped && state.last_log
                              ? *state.last_log
                              : state.request.start_date;
  }
  if (state.status == PlanStatus::kFlareUp) h.flare_since = state.flare_since;
  for (const auto& d : state.recent_days) h.sessions.push_back({d.date, d.average_pain});
  auto records = store_.ListRecords(patient_id, RecordKind::kQuestionnaire, 500);
  if (!records.ok()) return h;
  // Each record parsed once, however many rules read its questionnaire.
  std::map<std::string, std::vector<ScorePoint>> points;
  for (const auto& r : *records) {
    json data = json::parse(r.payload, nullptr, false);
    auto date = Date::Parse(r.date);
    if (data.is_discarded() || !date.ok()) continue;
    points[data.value("questionnaire", "")].push_back({*date, data.value("score", 0.0)});
  }
  for (const auto& rule : content_.alerts.rules()) {
    if (rule.questionnaire.empty()) continue;
    const Questionnaire& q = content_.questionnaires.at(rule.questionnaire);
    AlertHistory::Scores scores{q.id(), q.mcid().points, q.higher_is_better(), {}};
    if (auto found = points.find(q.id()); found != points.end()) scores.points = found->second;
    h.scores.push_back(std::move(scores));
  }
  return h;
}

Result<int> Service::RaiseAlerts(const User& patient, const PlanState& state, bool on_new_record) {
  int raised = 0;
  // The patient's stored alerts, read once and only for a red flag: no
  // memory of this server's decides whether a red flag reaches the clinic,
  // but a read costs less than a write queued behind the others. An alert
  // the read does not show is offered, and the store has the last word.
  std::optional<std::vector<Alert>> stored;
  auto stored_already = [&](const Alert& alert) {
    if (!stored) {
      auto read = store_.ListAlerts({patient.id, "", false, 200});
      stored = read.ok() ? std::move(read).value() : std::vector<Alert>{};
    }
    return std::any_of(stored->begin(), stored->end(), [&](const Alert& a) {
      return a.rule == alert.rule && a.period == alert.period;
    });
  };
  for (const auto& finding :
       EvaluateAlerts(content_.alerts, HistoryOf(patient.id, state, on_new_record))) {
    Alert alert;
    alert.patient_id = patient.id;
    alert.clinic_id = patient.clinic_id;
    alert.rule = finding.rule->id;
    alert.period = finding.period;
    alert.kind = finding.rule->kind;
    alert.reason = finding.reason;
    alert.source = finding.rule->source;
    alert.created_at = alert.updated_at = clock_.Now();
    const std::string key = patient.id + '\x1f' + alert.rule + '\x1f' + alert.period;
    const bool red_flag = finding.rule->when == AlertCondition::kRedFlag;
    if (red_flag ? stored_already(alert) : raised_alerts_.Get(key, 0) != nullptr) continue;
    Status s = store_.AddAlert(alert);
    if (!s.ok() && s.code() != StatusCode::kConflict) return s;
    if (!red_flag) raised_alerts_.Put(key, 0, std::make_shared<const bool>(true));
    if (s.code() == StatusCode::kConflict) continue;  // raised before, here or elsewhere
    ++raised;
  }
  if (raised > 0) {
    if (Status s = RefreshSummary(patient, &state); !s.ok()) return s;
  }
  return raised;
}

Result<int> Service::RaiseAlerts(const User& patient) {
  auto version = store_.PlanVersion(patient.id);
  if (!version.ok()) {
    return version.status().code() == StatusCode::kNotFound ? Result<int>(0) : version.status();
  }
  auto current = CurrentPlan(patient.id);
  if (!current.ok()) return current.status();
  auto raised = RaiseAlerts(patient, *current->first, /*on_new_record=*/false);
  if (!raised.ok() || *raised > 0) return raised;  // raising refreshed the list's row
  // Once a day the row is worked out again even when nothing was raised:
  // recent weights lapse with time, and changed content takes effect.
  if (Status s = RefreshSummary(patient, current->first.get()); !s.ok()) return s;
  return raised;
}

Result<JsonPage<AlertKey>> Service::Alerts(const std::string& patient_id, int limit,
                                           const std::optional<AlertKey>& after) {
  AlertQuery query{patient_id, "", false, limit, after};
  auto alerts = ReadAlertPage(store_, query);
  if (!alerts.ok()) return alerts.status();
  JsonPage<AlertKey> out;
  for (const auto& a : alerts->alerts) out.items.push_back(AlertJson(a));
  out.next = alerts->next;
  return out;
}

Result<JsonPage<AlertKey>> Service::ClinicAlerts(const User& clinician, bool open_only, int limit,
                                                 const std::optional<AlertKey>& after) {
  // The patient may have moved clinic since; only the current ones show.
  std::map<std::string, std::optional<User>> patients;
  auto patient_of = [&](const std::string& id) -> const std::optional<User>& {
    auto it = patients.find(id);
    if (it != patients.end()) return it->second;
    auto user = store_.GetUser(id);
    return patients[id] = user.ok() && user->clinic_id == clinician.clinic_id
                              ? std::optional<User>(*user)
                              : std::nullopt;
  };
  AlertQuery query{"", clinician.clinic_id, open_only, limit, after};
  auto alerts = ReadAlertPage(store_, query,
                              [&](const Alert& a) { return patient_of(a.patient_id).has_value(); });
  if (!alerts.ok()) return alerts.status();
  JsonPage<AlertKey> out;
  for (const auto& a : alerts->alerts) {
    json row = AlertJson(a);
    row["patient_name"] = patient_of(a.patient_id)->display_name;
    out.items.push_back(row);
  }
  out.next = alerts->next;
  return out;
}

Result<AlertStateSet> Service::SetAlertState(const User& clinician, const User& patient,
                                             const std::string& alert_id,
                                             const AlertChange& change) {
  Alert alert;
  alert.id = alert_id;
  alert.patient_id = patient.id;
  alert.state = change.state;
  alert.note = change.note;
  alert.updated_by = clinician.id;
  alert.updated_at = clock_.Now();
  Status s = store_.UpdateAlert(alert);
  if (s.code() == StatusCode::kNotFound) return Status::NotFound("no such alert");
  if (!s.ok()) return s;
  // The clinician's list orders by open alerts: it changes with them.
  auto current = CurrentPlan(patient.id);
  if (Status r = RefreshSummary(patient, current.ok() ? current->first.get() : nullptr); !r.ok()) {
    return r;
  }
  return AlertStateSet{alert_id, change.state, change.note};
}

}  // namespace backcoach
