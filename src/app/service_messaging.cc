// Messages between a patient and each member of their team, unread counts,
// and the lead clinician the clinic sets (the values: messaging.h).
#include <algorithm>
#include <map>
#include <set>

#include "app/service.h"

namespace backcoach {

namespace {

// The messages Service::Messages answers: the newest page of a thread.
constexpr int kMessagePage = 500;

std::string Text(const json& data, const char* key) {
  return data.contains(key) && data[key].is_string() ? data[key].get<std::string>() : "";
}

bool IsStaffOf(const User& patient, const User& user) {
  const bool staff = user.role == Role::kClinician || user.role == Role::kAdmin;
  return staff && !patient.clinic_id.empty() && user.clinic_id == patient.clinic_id;
}

const Status kNotAClinician =
    Status::InvalidArgument("field 'clinician_id' must be a clinician of the patient's clinic");

}  // namespace

bool Service::IsTeamMember(const User& patient, const std::string& member_id) {
  if (member_id.empty()) return false;
  auto user = store_.GetUser(member_id);
  if (!user.ok()) return false;
  if (user->role == Role::kClinician || user->role == Role::kAdmin) {
    return IsStaffOf(patient, *user);
  }
  auto team = store_.ListCareTeam(patient.id);
  return team.ok() && std::any_of(team->begin(), team->end(),
                                  [&](const CareMember& m) { return m.member_id == member_id; });
}

Status Service::RefreshSummaryNow(const User& patient) {
  auto current = CurrentPlan(patient.id);
  return RefreshSummary(patient, current.ok() ? current->first.get() : nullptr);
}

Result<Message> Service::SendMessage(const User& author, const Reach& reach,
                                     const MessageDraft& draft) {
  if (Status s = CheckMessageText(draft.text); !s.ok()) return s;
  std::string member_id = author.id;
  if (reach.relation == Relation::kSelf) {
    member_id = draft.to;
    if (!IsTeamMember(reach.patient, member_id)) {
      return Status::InvalidArgument("field 'to' must be a member of your care team");
    }
  }
  auto member = store_.GetUser(member_id);
  if (!member.ok()) return member.status();
  Record record;
  record.patient_id = reach.patient.id;
  record.kind = RecordKind::kMessage;
  record.date = clock_.Today().ToString();
  record.author_id = author.id;
  record.created_at = clock_.Now();
  record.payload = json{{"member_id", member_id}, {"text", draft.text}}.dump();
  if (Status s = store_.AddMessage(record, member_id); !s.ok()) return s;
  // The clinician's list shows messages waiting for the clinic's answer.
  if (IsStaffOf(reach.patient, *member)) {
    if (Status s = RefreshSummaryNow(reach.patient); !s.ok()) return s;
  }
  return Message{record.id,           member_id,  member->display_name, author.id,
                 author.display_name, draft.text, record.created_at};
}

Result<std::vector<Message>> Service::Messages(const User& reader, const Reach& reach,
                                               const std::string& with) {
  auto page = MessagesPage(reader, reach, with, kMessagePage, std::nullopt);
  if (!page.ok()) return page.status();
  return std::move(page->messages);
}

Result<MessagePage> Service::MessagesPage(const User& reader, const Reach& reach,
                                          const std::string& with, int limit,
                                          const std::optional<RecordKey>& after) {
  // A member reads only their own thread; the patient reads every thread,
  // or the one `with` names.
  auto keep = [&](const Record& r) {
    if (!ReaderMaySee(r, reader, reach)) return false;
    json data = json::parse(r.payload, nullptr, false);
    if (data.is_discarded()) return false;
    return with.empty() || Text(data, "member_id") == with;
  };
  auto records =
      ReadRecordPage(store_, {reach.patient.id, RecordKind::kMessage, after, limit}, keep);
  if (!records.ok()) return records.status();
  std::map<std::string, std::string> names;
  auto name_of = [&](const std::string& id) {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    auto user = store_.GetUser(id);
    return names[id] = user.ok() ? user->display_name : "a former member";
  };
  MessagePage out;
  out.next = records->next;
  for (const auto& r : records->records) {
    json data = json::parse(r.payload, nullptr, false);
    const std::string member_id = Text(data, "member_id");
    out.messages.push_back(Message{r.id, member_id, name_of(member_id), r.author_id,
                                   name_of(r.author_id), Text(data, "text"), r.created_at});
  }
  return out;
}

Result<Threads> Service::ThreadsOf(const User& reader, const Reach& reach) {
  const User& patient = reach.patient;
  const bool by_patient = reach.relation == Relation::kSelf;
  auto stored = store_.ListThreads(patient.id);
  if (!stored.ok()) return stored.status();
  auto lead = store_.LeadClinician(patient.id);
  if (!lead.ok()) return lead.status();
  Threads out;
  std::map<std::string, ThreadView> views;  // by member id
  auto view_of = [&](const User& member) -> ThreadView& {
    ThreadView& v = views[member.id];
    v.member_id = member.id;
    v.member_name = member.display_name;
    if (IsStaffOf(patient, member)) {
      v.role = RoleName(member.role);
      v.lead = member.id == *lead && member.role == Role::kClinician;
      if (v.lead) out.lead_clinician_id = member.id;
    }
    return v;
  };
  if (by_patient) {
    // Every thread the patient may start: their clinic's clinicians...
    if (!patient.clinic_id.empty()) {
      auto clinicians = store_.ListClinicians(patient.clinic_id);
      if (!clinicians.ok()) return clinicians.status();
      for (const auto& c : *clinicians) view_of(c);
    }
    // ... and their supporters.
    auto team = store_.ListCareTeam(patient.id);
    if (!team.ok()) return team.status();
    for (const auto& m : *team) {
      auto user = store_.GetUser(m.member_id);
      if (!user.ok()) continue;
      view_of(*user).role = "supporter";
    }
  } else {
    view_of(reader);
  }
  for (const auto& t : *stored) {
    if (!by_patient && t.member_id != reader.id) continue;
    auto found = views.find(t.member_id);
    if (found == views.end()) {
      // A thread with someone no longer on the team: still the patient's to read.
      auto user = store_.GetUser(t.member_id);
      if (!user.ok()) continue;
      view_of(*user);
      found = views.find(t.member_id);
    }
    ThreadView& v = found->second;
    v.messages = t.messages;
    v.unread = UnreadFor(t, by_patient);
    v.waiting = t.waiting_since != 0;
    v.last_at = t.last_at;
  }
  for (auto& [id, v] : views) {
    if (v.role.empty()) v.role = "former";
    out.unread += v.unread;
    out.threads.push_back(std::move(v));
  }
  SortThreads(out.threads);
  // The lead's id is for everyone who may read the threads, even when the
  // lead is not a thread of the reader's.
  if (out.lead_clinician_id.empty() && !lead->empty()) {
    auto user = store_.GetUser(*lead);
    if (user.ok() && user->role == Role::kClinician && IsStaffOf(patient, *user)) {
      out.lead_clinician_id = user->id;
    }
  }
  return out;
}

Result<Threads> Service::MarkRead(const User& reader, const Reach& reach, const std::string& with) {
  const bool by_patient = reach.relation == Relation::kSelf;
  if (by_patient && with.empty()) {
    return Status::InvalidArgument("field 'with' must name the member whose messages you read");
  }
  const std::string member_id = by_patient ? with : reader.id;
  if (Status s = store_.MarkThreadRead(reach.patient.id, member_id, by_patient); !s.ok()) return s;
  return ThreadsOf(reader, reach);
}

Result<std::pair<LeadClinician, std::vector<User>>> Service::LeadClinicianOf(const User& patient) {
  auto lead = store_.LeadClinician(patient.id);
  if (!lead.ok()) return lead.status();
  std::vector<User> clinicians;
  if (!patient.clinic_id.empty()) {
    auto listed = store_.ListClinicians(patient.clinic_id);
    if (!listed.ok()) return listed.status();
    clinicians = std::move(listed).value();
  }
  LeadClinician out{patient.id, "", ""};
  for (const auto& c : clinicians) {
    if (c.id == *lead) out = {patient.id, c.id, c.display_name};
  }
  return std::make_pair(std::move(out), std::move(clinicians));
}

Result<LeadClinician> Service::SetLeadClinician(const User& patient,
                                                const std::string& clinician_id) {
  std::string name;
  if (!clinician_id.empty()) {
    auto clinician = store_.GetUser(clinician_id);
    if (clinician.status().code() == StatusCode::kNotFound) return kNotAClinician;
    if (!clinician.ok()) return clinician.status();
    if (clinician->role != Role::kClinician || !IsStaffOf(patient, *clinician)) {
      return kNotAClinician;
    }
    name = clinician->display_name;
  }
  if (Status s = store_.SetLeadClinician(patient.id, clinician_id, clock_.Now()); !s.ok()) {
    return s;
  }
  return LeadClinician{patient.id, clinician_id, name};
}

}  // namespace backcoach
