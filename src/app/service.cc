#include "app/service.h"

#include <algorithm>

#include "app/password.h"
#include "core/attention.h"
#include "core/motion_json.h"
#include "core/plan_json.h"

namespace backcoach {

namespace {

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > 100) {
    return Status::InvalidArgument("display_name must be 1 to 100 characters");
  }
  return Status::Ok();
}

const Status kNoSuchPatient = Status::NotFound("no such patient");

}  // namespace

Result<json> ParseBody(const std::string& text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Status::InvalidArgument("the request body is not valid JSON");
  if (!body.is_object()) return Status::InvalidArgument("the request body must be a JSON object");
  return body;
}

Service::Service(Store& store, const Content& content, const Clock& clock)
    : store_(store), content_(content), clock_(clock) {
  for (const auto& m : content_.motions.motions()) {
    motions_.emplace(m.exercise, json::parse(MotionDefinitionToJson(m)));
  }
}

Result<User> Service::AccountAt(const User& actor, const std::string& id,
                                std::int64_t access_epoch) {
  if (access_epoch == 0) return store_.GetUser(id);
  if (actor.id == id) return actor;
  if (auto kept = accounts_.Get(id, access_epoch)) return *kept;
  auto user = store_.GetUser(id);
  if (user.ok()) accounts_.Put(id, access_epoch, std::make_shared<const User>(*user));
  return user;
}

Result<Reach> Service::ReachPatient(const User& actor, const std::string& patient_id,
                                    RouteAccess access, std::int64_t access_epoch) {
  if (!NamesPatient(access.access)) return Status::Internal("the route names no patient");
  auto patient = AccountAt(actor, patient_id, access_epoch);
  if (!patient.ok()) {
    if (patient.status().code() == StatusCode::kNotFound) return kNoSuchPatient;
    return patient.status();
  }
  if (patient->role != Role::kPatient) return kNoSuchPatient;
  static const Scopes kEverything = {Scope::kAdherence, Scope::kMessages, Scope::kProgress,
                                     Scope::kSymptoms, Scope::kClinical};
  const Status only_patient = Status::PermissionDenied("only the patient can add this");
  const Status only_clinician =
      Status::PermissionDenied("only the patient's clinician can do this");
  if (actor.id == patient->id) {
    if (access.access == Access::kClinicians || access.access == Access::kTreating) {
      return only_clinician;
    }
    if (access.access == Access::kClearer && !patient->clinic_id.empty()) {
      return Status::PermissionDenied(
          "a clinician of your clinic clears this: tell them you have been seen");
    }
    return Reach{*std::move(patient), Relation::kSelf, kEverything};
  }
  const bool staff = actor.role == Role::kClinician || actor.role == Role::kAdmin;
  if (staff && !actor.clinic_id.empty() && actor.clinic_id == patient->clinic_id) {
    if (access.access == Access::kSelf) return only_patient;
    if (access.access == Access::kClearer && !TreatsPatients(actor)) {
      return Status::PermissionDenied("only a clinician of the patient's clinic can clear this");
    }
    if (access.access == Access::kTreating && !TreatsPatients(actor)) {
      return Status::PermissionDenied(
          "only a clinician of the patient's clinic can change this; your account is the "
          "clinic's administrator's");
    }
    return Reach{*std::move(patient), Relation::kClinician, kEverything};
  }
  if (actor.role != Role::kSupporter) return kNoSuchPatient;
  // Read on every request: a removal holds from the next one.
  auto team = store_.ListCareTeam(patient->id);
  if (!team.ok()) return team.status();
  auto member = std::find_if(team->begin(), team->end(),
                             [&](const CareMember& m) { return m.member_id == actor.id; });
  if (member == team->end()) return kNoSuchPatient;
  if (access.access == Access::kSelf) return only_patient;
  if (access.access == Access::kClinicians || access.access == Access::kClearer ||
      access.access == Access::kTreating) {
    return only_clinician;
  }
  Scopes scopes = ScopesFromStored(member->scopes);
  if (scopes.count(access.scope) == 0) {
    return Status::PermissionDenied("the patient has not shared this with you");
  }
  return Reach{*std::move(patient), Relation::kSupporter, std::move(scopes)};
}

Result<Clinic> Service::CreateClinic(const std::string& name) {
  if (Status s = CheckName(name); !s.ok()) return s;
  Clinic clinic{"", name, clock_.Now()};
  if (Status s = store_.CreateClinic(clinic); !s.ok()) return s;
  return clinic;
}

Result<User> Service::CreateStaff(const std::string& clinic_id, Role role, const std::string& email,
                                  const std::string& password, const std::string& display_name) {
  if (role != Role::kClinician && role != Role::kAdmin) {
    return Status::InvalidArgument("staff must be clinician or admin");
  }
  return CreateAccount(email, password, display_name, role, clinic_id);
}

Status Service::RefreshSummary(const User& patient, const PlanState* state) {
  return store_.PutSummary(SummaryOf(patient, state));
}

PatientSummary Service::SummaryOf(const User& patient, const PlanState* state) const {
  PatientSummary summary;
  summary.patient_id = patient.id;
  summary.clinic_id = patient.clinic_id;
  summary.display_name = patient.display_name;
  summary.updated_at = clock_.Now();
  Attention attention;
  if (state != nullptr) {
    summary.triage = TierName(state->triage);
    summary.status = PlanStatusName(state->status);
    attention = AttentionOf(*state, clock_.Today(), content_.alerts.list(), content_.screening);
    if (!state->recent_days.empty()) {
      summary.last_activity = state->recent_days.back().date.ToString();
      summary.last_pain = static_cast<int>(state->recent_days.back().average_pain + 0.5);
    } else {
      summary.last_pain = state->request.intake.pain_now;
    }
  }
  // Open alerts (not yet resolved) keep the patient up the list until a
  // clinician has dealt with them.
  auto open = store_.ListAlerts({patient.id, "", true, 50});
  if (open.ok()) {
    std::vector<OpenAlert> alerts;
    for (const auto& a : *open) {
      alerts.push_back({content_.alerts.Find(a.rule), a.state == AlertState::kNew, a.reason});
    }
    AddOpenAlerts(alerts, attention);
  }
  // A message to the clinic that no one there has answered yet: the oldest
  // such message of any thread with the clinic's clinicians and admins.
  auto threads = store_.ListThreads(patient.id);
  if (threads.ok() && !patient.clinic_id.empty()) {
    for (const auto& t : *threads) {
      if (t.waiting_since == 0) continue;
      if (summary.unanswered_since != 0 && t.waiting_since >= summary.unanswered_since) continue;
      auto member = store_.GetUser(t.member_id);
      const bool staff =
          member.ok() && (member->role == Role::kClinician || member->role == Role::kAdmin);
      if (staff && member->clinic_id == patient.clinic_id) {
        summary.unanswered_since = t.waiting_since;
      }
    }
    if (summary.unanswered_since != 0) {
      AddUnansweredMessage(Date::FromDays(static_cast<int>(summary.unanswered_since / 86400)),
                           content_.alerts.list(), attention);
    }
  }
  summary.attention = attention.score;
  summary.reasons = json(attention.reasons).dump();
  return summary;
}

bool ReaderMaySee(const Record& record, const User& reader, const Reach& reach) {
  if (reach.relation == Relation::kSelf || record.kind != RecordKind::kMessage) return true;
  const json data = json::parse(record.payload, nullptr, false);
  return data.is_object() && data.value("member_id", "") == reader.id;
}

Result<json> Service::Export(const std::string& patient_id) {
  auto patient = store_.GetUser(patient_id);
  if (!patient.ok()) return patient.status();
  return Export(Reach{*patient, Relation::kSelf, {}}, *patient);
}

Result<json> Service::Export(const Reach& reach, const User& reader) {
  const User* user = &reach.patient;  // read afresh by ReachPatient
  const std::string& patient_id = user->id;
  auto records = store_.AllRecords(patient_id, std::nullopt);
  if (!records.ok()) return records.status();
  json out = {{"format", "backcoach-export"},
              {"exported_at", clock_.Now()},
              {"account",
               {{"id", user->id},
                {"email", user->email},
                {"display_name", user->display_name},
                {"clinic_id", user->clinic_id},
                {"created_at", user->created_at}}}};
  json list = json::array();
  for (const auto& r : *records) {
    if (!ReaderMaySee(r, reader, reach)) continue;
    json payload = json::parse(r.payload, nullptr, false);
    list.push_back({{"id", r.id},
                    {"kind", RecordKindName(r.kind)},
                    {"date", r.date},
                    {"author_id", r.author_id},
                    {"created_at", r.created_at},
                    {"data", payload.is_discarded() ? json(r.payload) : payload}});
  }
  out["records"] = list;
  auto plan = store_.GetPlan(patient_id);
  out["plan"] = plan.ok() ? json::parse(plan->state, nullptr, false) : json(nullptr);
  auto alerts = store_.AllAlerts({patient_id, "", false, 500});
  if (!alerts.ok()) return alerts.status();
  json alert_list = json::array();
  for (const auto& a : *alerts) alert_list.push_back(AlertJson(a));
  out["alerts"] = alert_list;
  if (reach.relation == Relation::kSelf) {
    auto team = CareTeam(*user);
    if (!team.ok()) return team.status();
    out["care_team"] = CareTeamJson(*team);
  }
  return out;
}

Result<PatientData> Service::LoadPatientData(const std::string& patient_id) {
  auto user = store_.GetUser(patient_id);
  if (!user.ok()) return user.status();
  auto records = store_.AllRecords(patient_id, std::nullopt);
  if (!records.ok()) return records.status();
  auto plan = store_.GetPlan(patient_id);
  if (!plan.ok() && plan.status().code() != StatusCode::kNotFound) return plan.status();
  return PatientData{std::move(user).value(), std::move(records).value(),
                     plan.ok() ? plan->state : ""};
}

Status Service::Erase(const std::string& patient_id) {
  plans_.Erase(patient_id);  // rendered days go with the plan: they are found only through it
  return store_.EraseUser(patient_id);
}

}  // namespace backcoach
