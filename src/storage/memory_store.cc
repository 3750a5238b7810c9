#include "storage/memory_store.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "storage/migrations.h"
#include "storage/store_common.h"

namespace backcoach {

using namespace storage;  // NOLINT: the shared helpers of this module

namespace {

bool RecordBefore(const Record& a, const Record& b) {
  return std::tie(a.date, a.created_at, a.id) < std::tie(b.date, b.created_at, b.id);
}

// The list's order (PatientKey): most in need of attention first, then by
// name, then by id for a total order.
bool KeyBefore(const PatientKey& a, const PatientKey& b) {
  return std::tie(b.attention, a.name_key, a.display_name, a.patient_id) <
         std::tie(a.attention, b.name_key, b.display_name, b.patient_id);
}

}  // namespace

Status MemoryStore::Migrate() {
  std::lock_guard<std::mutex> lock(mu_);
  migrated_ = true;
  return Status::Ok();
}

Result<int> MemoryStore::SchemaVersion() {
  std::lock_guard<std::mutex> lock(mu_);
  return migrated_ ? LatestSchemaVersion(Dialect::kSqlite) : 0;
}

Status MemoryStore::CreateClinic(Clinic& clinic) {
  std::lock_guard<std::mutex> lock(mu_);
  clinic.id = NewId();
  clinics_[clinic.id] = clinic;
  return Status::Ok();
}

Result<Clinic> MemoryStore::GetClinic(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = clinics_.find(id);
  if (it == clinics_.end()) return NoClinic(id);
  return it->second;
}

Status MemoryStore::UpdateClinic(const Clinic& clinic) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = clinics_.find(clinic.id);
  if (it == clinics_.end()) return NoClinic(clinic.id);
  it->second.name = clinic.name;
  it->second.emergency_number = clinic.emergency_number;
  return Status::Ok();
}

Status MemoryStore::CreateUser(User& user) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string email = LowerAscii(user.email);
  if (user_by_email_.count(email) > 0) return EmailTaken(email);
  if (!user.clinic_id.empty() && clinics_.count(user.clinic_id) == 0) {
    return NoClinic(user.clinic_id);
  }
  user.id = NewId();
  user.email = email;
  users_[user.id] = user;
  user_by_email_[email] = user.id;
  return Status::Ok();
}

Result<User> MemoryStore::GetUser(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find(id);
  if (it == users_.end()) return NoUser(id);
  return it->second;
}

Result<User> MemoryStore::FindUserByEmail(const std::string& email) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = user_by_email_.find(LowerAscii(email));
  if (it == user_by_email_.end()) return NoUserWithEmail(LowerAscii(email));
  return users_.at(it->second);
}

Status MemoryStore::UpdateUser(const User& user) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find(user.id);
  if (it == users_.end()) return NoUser(user.id);
  const std::string email = LowerAscii(user.email);
  auto owner = user_by_email_.find(email);
  if (owner != user_by_email_.end() && owner->second != user.id) return EmailTaken(email);
  if (!user.clinic_id.empty() && clinics_.count(user.clinic_id) == 0) {
    return NoClinic(user.clinic_id);
  }
  user_by_email_.erase(it->second.email);
  user_by_email_[email] = user.id;
  const Timestamp created_at = it->second.created_at;  // never changes
  it->second = user;
  it->second.email = email;
  it->second.created_at = created_at;
  ++access_epoch_;
  return Status::Ok();
}

Status MemoryStore::EraseUser(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = users_.find(id);
  if (it == users_.end()) return NoUser(id);
  user_by_email_.erase(it->second.email);
  users_.erase(it);
  ++access_epoch_;
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user_id == id; });
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.user_id == id; });
  std::erase_if(records_, [&](const auto& kv) { return kv.second.patient_id == id; });
  plans_.erase(id);
  summaries_.erase(id);
  ++list_version_;
  std::erase_if(care_team_,
                [&](const CareMember& m) { return m.patient_id == id || m.member_id == id; });
  std::erase_if(threads_,
                [&](const auto& kv) { return kv.first.first == id || kv.first.second == id; });
  std::erase_if(leads_, [&](const auto& kv) { return kv.first == id || kv.second == id; });
  std::erase_if(alerts_, [&](const Alert& a) { return a.patient_id == id; });
  std::erase_if(claims_, [&](const auto& c) { return std::get<1>(c) == id; });
  return Status::Ok();
}

Result<std::int64_t> MemoryStore::AccessEpoch() {
  std::lock_guard<std::mutex> lock(mu_);
  return access_epoch_;
}

Status MemoryStore::CreateSession(const Session& session) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(session.user_id) == 0) return NoUser(session.user_id);
  if (!sessions_.emplace(session.token_hash, session).second) return SessionExists();
  return Status::Ok();
}

Result<Session> MemoryStore::GetSession(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return NoSession();
  return it->second;
}

Status MemoryStore::TouchSession(const std::string& token_hash, Timestamp last_seen) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return NoSession();
  it->second.last_seen = last_seen;
  return Status::Ok();
}

Status MemoryStore::DeleteSession(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.erase(token_hash) > 0) ++access_epoch_;
  return Status::Ok();
}

Status MemoryStore::DeleteSessionsOf(const std::string& user_id, const std::string& keep) {
  std::lock_guard<std::mutex> lock(mu_);
  if (std::erase_if(sessions_, [&](const auto& kv) {
        return kv.second.user_id == user_id && kv.first != keep;
      }) > 0) {
    ++access_epoch_;
  }
  return Status::Ok();
}

Status MemoryStore::CreateAccountToken(const AccountToken& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!token.user_id.empty() && users_.count(token.user_id) == 0) return NoUser(token.user_id);
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.expires_at < token.created_at; });
  if (!tokens_.emplace(token.token_hash, token).second) return TokenExists();
  return Status::Ok();
}

Result<AccountToken> MemoryStore::GetAccountToken(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return NoToken();
  return it->second;
}

Status MemoryStore::UseAccountToken(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_.erase(token_hash) == 1 ? Status::Ok() : NoToken();
}

Status MemoryStore::CreateInvitation(const Invitation& invitation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (clinics_.count(invitation.clinic_id) == 0) return NoClinic(invitation.clinic_id);
  if (!invitations_.emplace(invitation.code, invitation).second) {
    return InvitationExists(invitation.code);
  }
  return Status::Ok();
}

Result<Invitation> MemoryStore::GetInvitation(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = invitations_.find(code);
  if (it == invitations_.end()) return NoInvitation(code);
  return it->second;
}

Status MemoryStore::UseInvitation(const std::string& code, const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = invitations_.find(code);
  if (it == invitations_.end()) return NoInvitation(code);
  if (!it->second.used_by.empty()) return InvitationUsed(code);
  it->second.used_by = user_id;
  return Status::Ok();
}

std::vector<User> MemoryStore::ClinicAccounts(const std::string& clinic_id) {
  if (clinic_id.empty()) return {};  // no clinic has no accounts
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> supporters;
  for (const auto& m : care_team_) {
    auto patient = users_.find(m.patient_id);
    if (patient != users_.end() && patient->second.clinic_id == clinic_id) {
      supporters.insert(m.member_id);
    }
  }
  std::vector<User> out;
  for (const auto& [id, user] : users_) {
    if ((!clinic_id.empty() && user.clinic_id == clinic_id) || supporters.count(id)) {
      out.push_back(user);
    }
  }
  return out;
}

Result<std::vector<User>> MemoryStore::ListAccountPage(const AccountQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  const std::vector<User> accounts = ClinicAccounts(query.clinic_id);
  const auto key = [](const User& u) { return std::tie(u.display_name, u.id); };
  std::vector<User> out;
  for (const User& u : accounts) {
    if (u.role != Role::kPatient && u.role != Role::kSupporter) continue;
    if (query.after && key(u) <= std::tie(query.after->display_name, query.after->id)) continue;
    out.push_back(u);
  }
  std::sort(out.begin(), out.end(), [&](const User& a, const User& b) { return key(a) < key(b); });
  if (out.size() > static_cast<std::size_t>(query.limit)) out.resize(query.limit);
  return out;
}

Result<std::vector<User>> MemoryStore::ListClinicStaff(const std::string& clinic_id) {
  const std::vector<User> accounts = ClinicAccounts(clinic_id);
  std::vector<User> out;
  for (const User& u : accounts) {
    if (u.clinic_id == clinic_id && (u.role == Role::kClinician || u.role == Role::kAdmin)) {
      out.push_back(u);
    }
  }
  return out;
}

Result<std::vector<User>> MemoryStore::ListClinicAccountsAmong(
    const std::string& clinic_id, const std::vector<std::string>& ids) {
  const std::vector<User> accounts = ClinicAccounts(clinic_id);
  const std::set<std::string> wanted(ids.begin(), ids.end());
  std::vector<User> out;
  for (const User& u : accounts) {
    if (wanted.count(u.id)) out.push_back(u);
  }
  return out;
}

Result<std::vector<std::string>> MemoryStore::ListUserIds(Role role, const std::string& after_id,
                                                          int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (auto it = users_.upper_bound(after_id); it != users_.end(); ++it) {
    if (it->second.role != role) continue;
    out.push_back(it->first);
    if (out.size() == static_cast<std::size_t>(limit)) break;
  }
  return out;
}

Status MemoryStore::AddCareMember(const CareMember& member) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& id : {member.patient_id, member.member_id}) {
    if (users_.count(id) == 0) return NoUser(id);
  }
  for (const auto& m : care_team_) {
    if (m.patient_id == member.patient_id && m.member_id == member.member_id) {
      return AlreadyOnTeam(member.member_id);
    }
  }
  care_team_.push_back(member);
  return Status::Ok();
}

Status MemoryStore::UpdateCareMember(const CareMember& member) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& m : care_team_) {
    if (m.patient_id == member.patient_id && m.member_id == member.member_id) {
      m.scopes = member.scopes;
      return Status::Ok();
    }
  }
  return NotOnTeam(member.member_id);
}

Status MemoryStore::RemoveCareMember(const std::string& patient_id, const std::string& member_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto removed = std::erase_if(care_team_, [&](const CareMember& m) {
    return m.patient_id == patient_id && m.member_id == member_id;
  });
  return removed == 0 ? NotOnTeam(member_id) : Status::Ok();
}

Result<std::vector<CareMember>> MemoryStore::ListCareTeam(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CareMember> out;
  for (const auto& m : care_team_) {
    if (m.patient_id == patient_id) out.push_back(m);
  }
  return out;
}

Result<std::vector<CareMember>> MemoryStore::ListSupported(const std::string& member_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CareMember> out;
  for (const auto& m : care_team_) {
    if (m.member_id == member_id) out.push_back(m);
  }
  return out;
}

Status MemoryStore::AddMessage(Record& record, const std::string& member_id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& id : {record.patient_id, member_id}) {
    if (users_.count(id) == 0) return NoUser(id);
  }
  record.id = NewRecordId();
  records_[record.id] = record;
  MessageThread& t = threads_[{record.patient_id, member_id}];
  ++list_version_;
  t.patient_id = record.patient_id;
  t.member_id = member_id;
  t.messages += 1;
  t.last_at = record.created_at;
  if (record.author_id == record.patient_id) {
    if (t.waiting_since == 0) t.waiting_since = record.created_at;
    t.patient_read = t.messages;
  } else {
    t.waiting_since = 0;
    t.member_read = t.messages;
  }
  return Status::Ok();
}

Status MemoryStore::MarkThreadRead(const std::string& patient_id, const std::string& member_id,
                                   bool by_patient) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = threads_.find({patient_id, member_id});
  if (it == threads_.end()) return Status::Ok();
  ++list_version_;
  (by_patient ? it->second.patient_read : it->second.member_read) = it->second.messages;
  return Status::Ok();
}

Result<std::vector<MessageThread>> MemoryStore::ListThreads(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageThread> out;
  for (const auto& [key, t] : threads_) {
    if (key.first == patient_id) out.push_back(t);
  }
  return out;
}

Result<std::vector<MessageThread>> MemoryStore::ListMemberThreads(
    const std::string& member_id, const std::vector<std::string>& patient_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageThread> out;
  for (const std::string& patient_id :
       std::set<std::string>(patient_ids.begin(), patient_ids.end())) {
    auto it = threads_.find({patient_id, member_id});
    if (it != threads_.end()) out.push_back(it->second);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.patient_id < b.patient_id; });
  return out;
}

Status MemoryStore::SetLeadClinician(const std::string& patient_id, const std::string& clinician_id,
                                     Timestamp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(patient_id) == 0) return NoUser(patient_id);
  if (clinician_id.empty()) {
    leads_.erase(patient_id);
    return Status::Ok();
  }
  if (users_.count(clinician_id) == 0) return NoUser(clinician_id);
  leads_[patient_id] = clinician_id;
  return Status::Ok();
}

Result<std::string> MemoryStore::LeadClinician(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = leads_.find(patient_id);
  return it == leads_.end() ? std::string() : it->second;
}

Result<std::vector<User>> MemoryStore::ListClinicians(const std::string& clinic_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<User> out;
  for (const auto& [id, u] : users_) {
    if (u.role == Role::kClinician && !clinic_id.empty() && u.clinic_id == clinic_id) {
      out.push_back(u);
    }
  }
  std::sort(out.begin(), out.end(), [](const User& a, const User& b) {
    return std::tie(a.display_name, a.id) < std::tie(b.display_name, b.id);
  });
  return out;
}

Status MemoryStore::AddAlert(Alert& alert) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(alert.patient_id) == 0) return NoUser(alert.patient_id);
  for (const auto& a : alerts_) {
    if (a.patient_id == alert.patient_id && a.rule == alert.rule && a.period == alert.period) {
      return AlertExists(alert.rule, alert.period);
    }
  }
  alert.id = NewId();
  alerts_.push_back(alert);
  return Status::Ok();
}

Status MemoryStore::UpdateAlert(const Alert& alert) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& a : alerts_) {
    if (a.id == alert.id && a.patient_id == alert.patient_id) {
      a.state = alert.state;
      a.note = alert.note;
      a.updated_by = alert.updated_by;
      a.updated_at = alert.updated_at;
      return Status::Ok();
    }
  }
  return NoAlert(alert.id);
}

Result<std::vector<Alert>> MemoryStore::ListAlerts(const AlertQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Alert> out;
  for (auto it = alerts_.rbegin(); it != alerts_.rend(); ++it) {
    const bool match = query.patient_id.empty() ? it->clinic_id == query.clinic_id
                                                : it->patient_id == query.patient_id;
    if (!match || (query.open_only && it->state == AlertState::kResolved)) continue;
    if (query.after &&
        std::tie(it->created_at, it->id) >= std::tie(query.after->created_at, query.after->id)) {
      continue;
    }
    out.push_back(*it);
  }
  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  });
  if (out.size() > static_cast<std::size_t>(query.limit)) out.resize(query.limit);
  return out;
}

Status MemoryStore::Claim(const std::string& kind, const std::string& user_id,
                          const std::string& period, Timestamp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(user_id) == 0) return NoUser(user_id);
  if (!claims_.emplace(kind, user_id, period).second) return AlreadyClaimed(kind, period);
  return Status::Ok();
}

Status MemoryStore::AddRecord(Record& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(record.patient_id) == 0) return NoUser(record.patient_id);
  record.id = NewRecordId();
  records_[record.id] = record;
  return Status::Ok();
}

Status MemoryStore::AddRecords(std::vector<Record>& records) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Record& r : records) {
    if (users_.count(r.patient_id) == 0) return NoUser(r.patient_id);
  }
  for (Record& r : records) {
    r.id = NewRecordId();
    records_[r.id] = r;
  }
  return Status::Ok();
}

Result<Record> MemoryStore::GetRecord(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.find(id);
  if (it == records_.end()) return NoRecord(id);
  return it->second;
}

Result<std::vector<Record>> MemoryStore::ListRecordPage(const RecordPageQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Record> out;
  for (const auto& [id, r] : records_) {
    if (r.patient_id != query.patient_id || (query.kind && r.kind != *query.kind)) {
      continue;
    }
    if (query.after && std::tie(r.date, r.created_at, r.id) >=
                           std::tie(query.after->date, query.after->created_at, query.after->id)) {
      continue;
    }
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(),
            [](const Record& a, const Record& b) { return RecordBefore(b, a); });
  if (out.size() > static_cast<std::size_t>(query.limit)) out.resize(query.limit);
  return out;
}

Result<std::vector<Record>> MemoryStore::ListRecordSummaryPage(const RecordPageQuery& query) {
  auto page = ListRecordPage(query);
  if (!page.ok()) return page;
  for (Record& r : page.value()) r.payload.clear();
  return page;
}

Status MemoryStore::DeleteRecord(const std::string& patient_id, RecordKind kind,
                                 const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.find(id);
  if (it == records_.end() || it->second.patient_id != patient_id || it->second.kind != kind) {
    return NoRecord(id);
  }
  records_.erase(it);
  return Status::Ok();
}

Result<PlanRecord> MemoryStore::GetPlan(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(patient_id);
  if (it == plans_.end()) return NoPlan(patient_id);
  return it->second;
}

Result<std::int64_t> MemoryStore::PlanVersion(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(patient_id);
  if (it == plans_.end()) return NoPlan(patient_id);
  return it->second.version;
}

Status MemoryStore::PutPlan(PlanRecord& plan, std::int64_t expected_version) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(plan.patient_id);
  const std::int64_t current = it == plans_.end() ? 0 : it->second.version;
  if (current != expected_version) return StalePlan(plan.patient_id, current, expected_version);
  if (users_.count(plan.patient_id) == 0) return NoUser(plan.patient_id);
  plan.version = expected_version + 1;
  plans_[plan.patient_id] = plan;
  return Status::Ok();
}

Status MemoryStore::SavePlanChange(PlanChange& change) {
  std::lock_guard<std::mutex> lock(mu_);
  // Every check before any change: all or nothing.
  for (const std::string* id :
       {&change.record.patient_id, &change.plan.patient_id, &change.summary.patient_id}) {
    if (users_.count(*id) == 0) return NoUser(*id);
  }
  auto it = plans_.find(change.plan.patient_id);
  const std::int64_t current = it == plans_.end() ? 0 : it->second.version;
  if (current != change.expected_version) {
    return StalePlan(change.plan.patient_id, current, change.expected_version);
  }
  change.record.id = NewRecordId();
  records_[change.record.id] = change.record;
  change.plan.version = change.expected_version + 1;
  plans_[change.plan.patient_id] = change.plan;
  summaries_[change.summary.patient_id] = change.summary;
  ++list_version_;
  for (AuditEntry& e : change.audit) AppendAuditLocked(e);
  return Status::Ok();
}

Status MemoryStore::PutSummary(const PatientSummary& summary) {
  std::lock_guard<std::mutex> lock(mu_);
  if (users_.count(summary.patient_id) == 0) return NoUser(summary.patient_id);
  summaries_[summary.patient_id] = summary;
  ++list_version_;
  return Status::Ok();
}

Result<PatientSummary> MemoryStore::GetSummary(const std::string& patient_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = summaries_.find(patient_id);
  if (it == summaries_.end()) return NoSummary(patient_id);
  return it->second;
}

std::vector<std::pair<PatientKey, const PatientSummary*>> MemoryStore::SelectPatients(
    const PatientQuery& query) const {
  const std::string needle = FoldName(query.search);
  std::vector<std::pair<PatientKey, const PatientSummary*>> out;
  for (const auto& [id, s] : summaries_) {
    if (s.clinic_id != query.clinic_id) continue;
    PatientKey key = PatientKeyOf(s);
    if (!needle.empty() && key.name_key.find(needle) == std::string::npos) continue;
    if (query.after && !KeyBefore(*query.after, key)) continue;
    out.emplace_back(std::move(key), &s);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return KeyBefore(a.first, b.first); });
  return out;
}

Result<std::vector<PatientSummary>> MemoryStore::ListPatients(const PatientQuery& query) {
  if (Status s = CheckPatientQuery(query); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  const auto selected = SelectPatients(query);
  std::vector<PatientSummary> out;
  for (std::size_t i = 0; i < selected.size() && out.size() < std::size_t(query.limit); ++i) {
    out.push_back(*selected[i].second);
  }
  return out;
}

Result<int> MemoryStore::CountPatients(const PatientQuery& query) {
  std::lock_guard<std::mutex> lock(mu_);
  PatientQuery all = query;
  all.after.reset();
  return static_cast<int>(SelectPatients(all).size());
}

Result<std::optional<std::int64_t>> MemoryStore::ListVersion(const std::string& /*clinic_id*/) {
  std::lock_guard<std::mutex> lock(mu_);
  return std::optional<std::int64_t>(list_version_);
}

void MemoryStore::AppendAuditLocked(AuditEntry& entry) {
  entry.seq = static_cast<std::int64_t>(audit_.size()) + 1;
  entry.prev_hash = audit_.empty() ? "" : audit_.back().hash;
  entry.hash = AuditMac(entry, audit_key());
  audit_.push_back(entry);
}

Status MemoryStore::AppendAudit(AuditEntry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  AppendAuditLocked(entry);
  return Status::Ok();
}

Status MemoryStore::AppendAuditBatch(std::vector<AuditEntry>& entries) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& e : entries) AppendAuditLocked(e);
  return Status::Ok();
}

Result<std::vector<AuditEntry>> MemoryStore::ListAudit(std::int64_t after_seq, int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AuditEntry> out;
  for (std::int64_t seq = std::max<std::int64_t>(after_seq, 0) + 1;
       seq <= static_cast<std::int64_t>(audit_.size()) && out.size() < std::size_t(limit); ++seq) {
    out.push_back(audit_[seq - 1]);
  }
  return out;
}

Result<std::vector<AuditEntry>> MemoryStore::SearchAudit(const AuditQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  auto of_clinic = [&](const std::string& id) {
    auto it = users_.find(id);
    return it != users_.end() && !query.clinic_id.empty() &&
           it->second.clinic_id == query.clinic_id;
  };
  std::vector<AuditEntry> out;
  for (auto it = audit_.rbegin(); it != audit_.rend(); ++it) {
    const AuditEntry& e = *it;
    if (query.before_seq > 0 && e.seq >= query.before_seq) continue;
    if (!of_clinic(e.actor_id) && !of_clinic(e.patient_id)) continue;
    if (!query.actor_id.empty() && e.actor_id != query.actor_id) continue;
    if (!query.patient_id.empty() && e.patient_id != query.patient_id) continue;
    if (!query.action.empty() && e.action.find(query.action) == std::string::npos) continue;
    if (query.from != 0 && e.at < query.from) continue;
    if (query.to != 0 && e.at >= query.to) continue;
    out.push_back(e);
    if (out.size() == static_cast<std::size_t>(query.limit)) break;
  }
  return out;
}

Result<AuditEntry> MemoryStore::LastAudit() {
  std::lock_guard<std::mutex> lock(mu_);
  if (audit_.empty()) return Status::NotFound("the audit log is empty");
  return audit_.back();
}

// A new memory store has no unkeyed past: its chain is keyed from the start.
Result<std::int64_t> MemoryStore::AuditKeyedFrom() { return std::int64_t{1}; }

Status MemoryStore::ClaimAuditAnchor(const std::string& day, Timestamp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!anchor_days_.insert(day).second) {
    return Status::Conflict("the audit anchor of " + day + " is already claimed");
  }
  return Status::Ok();
}

Status MemoryStore::Backup(const std::string&) {
  return Status::Unavailable("the in-memory store has nothing to back up");
}

}  // namespace backcoach
