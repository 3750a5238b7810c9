// The care team and its messages: supporters invited by the patient with a
// one-time code, the scopes the patient shares with each, and a thread
// between the patient and each member.
#include <algorithm>
#include <map>

#include "app/password.h"
#include "app/service.h"

namespace backcoach {

namespace {

constexpr Timestamp kSupporterCodeSeconds = 7 * 86400;
constexpr std::size_t kMaxMessageLength = 1000;
const Status kBadCode = Status::InvalidArgument("the supporter code is not valid or has been used");

std::string Text(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

}  // namespace

Result<Service::SupporterInvite> Service::FindInvite(const std::string& code) {
  auto parsed = ParseSupporterCode(code);
  if (!parsed.ok()) return parsed.status();
  auto patient = store_.GetUser(parsed->patient_id);
  if (!patient.ok() || patient->role != Role::kPatient) return kBadCode;
  auto invites = store_.ListRecords(patient->id, "care_invite", 200);
  if (!invites.ok()) return invites.status();
  const std::string hash = Sha256Hex(parsed->secret);
  for (const auto& r : *invites) {
    json data = json::parse(r.payload, nullptr, false);
    if (data.is_discarded() || data.value("code_hash", "") != hash) continue;
    if (data.value("expires_at", Timestamp{0}) < clock_.Now()) return kBadCode;
    return SupporterInvite{patient->id, hash, data.value("scopes", "")};
  }
  return kBadCode;
}

Status Service::UseInvite(const SupporterInvite& invite, const User& supporter) {
  Status claimed = store_.Claim("care_invite", invite.patient_id, invite.code_hash, clock_.Now());
  if (claimed.code() == StatusCode::kConflict) return kBadCode;
  if (!claimed.ok()) return claimed;
  Status added =
      store_.AddCareMember({invite.patient_id, supporter.id, invite.scopes, clock_.Now()});
  if (added.code() == StatusCode::kConflict) {
    return Status::Conflict("you are already on this person's care team");
  }
  return added;
}

Result<json> Service::InviteSupporter(const User& patient, const json& body) {
  auto scopes = StoredScopesFromJson(body.contains("scopes") ? body["scopes"] : json(nullptr));
  if (!scopes.ok()) return scopes.status();
  const std::string secret = RandomHex(16);
  Record record;
  record.patient_id = patient.id;
  record.kind = "care_invite";
  record.date = clock_.Today().ToString();
  record.author_id = patient.id;
  record.created_at = clock_.Now();
  const Timestamp expires_at = record.created_at + kSupporterCodeSeconds;
  record.payload =
      json{{"code_hash", Sha256Hex(secret)}, {"scopes", *scopes}, {"expires_at", expires_at}}
          .dump();
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  return json{{"code", patient.id + "-" + secret},
              {"expires_at", expires_at},
              {"scopes", ScopesJson(ScopesFromStored(*scopes))}};
}

Result<Service::Joined> Service::JoinCareTeam(const User& supporter, const std::string& code) {
  auto invite = FindInvite(code);
  if (!invite.ok()) return invite.status();
  if (Status s = UseInvite(*invite, supporter); !s.ok()) return s;
  auto patient = store_.GetUser(invite->patient_id);
  if (!patient.ok()) return patient.status();
  return Joined{patient->id,
                {{"patient", {{"id", patient->id}, {"display_name", patient->display_name}}},
                 {"scopes", ScopesJson(ScopesFromStored(invite->scopes))}}};
}

Result<json> Service::CareTeam(const User& patient) {
  auto team = store_.ListCareTeam(patient.id);
  if (!team.ok()) return team.status();
  json supporters = json::array();
  for (const auto& m : *team) {
    auto user = store_.GetUser(m.member_id);
    if (!user.ok()) continue;
    supporters.push_back({{"id", m.member_id},
                          {"display_name", user->display_name},
                          {"role", "supporter"},
                          {"scopes", ScopesJson(ScopesFromStored(m.scopes))},
                          {"added_at", m.added_at}});
  }
  json clinic = nullptr;
  if (!patient.clinic_id.empty()) {
    auto c = store_.GetClinic(patient.clinic_id);
    if (c.ok()) clinic = {{"id", c->id}, {"name", c->name}, {"scopes", "everything clinical"}};
  }
  return json{{"clinic", clinic}, {"supporters", supporters}};
}

Result<json> Service::SetScopes(const User& patient, const std::string& member_id,
                                const json& body) {
  auto scopes = StoredScopesFromJson(body.contains("scopes") ? body["scopes"] : json::array());
  if (!scopes.ok()) return scopes.status();
  Status s = store_.UpdateCareMember({patient.id, member_id, *scopes, 0});
  if (s.code() == StatusCode::kNotFound)
    return Status::NotFound("no such member of your care team");
  if (!s.ok()) return s;
  return json{{"id", member_id}, {"scopes", ScopesJson(ScopesFromStored(*scopes))}};
}

Status Service::RemoveMember(const User& patient, const std::string& member_id) {
  Status s = store_.RemoveCareMember(patient.id, member_id);
  if (s.code() == StatusCode::kNotFound)
    return Status::NotFound("no such member of your care team");
  return s;
}

Result<json> Service::Supported(const User& supporter) {
  auto list = store_.ListSupported(supporter.id);
  if (!list.ok()) return list.status();
  json out = json::array();
  for (const auto& m : *list) {
    auto patient = store_.GetUser(m.patient_id);
    if (!patient.ok()) continue;
    out.push_back({{"id", patient->id},
                   {"display_name", patient->display_name},
                   {"scopes", ScopesJson(ScopesFromStored(m.scopes))}});
  }
  return json{{"patients", out}};
}

Result<json> Service::Overview(const Reach& reach) {
  auto progress = ProgressSeries(reach.patient.id);
  if (!progress.ok()) return progress.status();
  json out = FilterProgress(*progress, reach.scopes);
  out["display_name"] = reach.patient.display_name;
  return out;
}

Result<json> Service::SendMessage(const User& author, const Reach& reach, const json& body) {
  const std::string text = Text(body, "text");
  if (text.empty() || text.size() > kMaxMessageLength) {
    return Status::InvalidArgument("field 'text' must be 1 to 1000 characters");
  }
  std::string member_id = author.id;
  if (reach.relation == Relation::kSelf) {
    member_id = Text(body, "to");
    if (!IsTeamMember(reach.patient, member_id)) {
      return Status::InvalidArgument("field 'to' must be a member of your care team");
    }
  }
  Record record;
  record.patient_id = reach.patient.id;
  record.kind = "message";
  record.date = clock_.Today().ToString();
  record.author_id = author.id;
  record.created_at = clock_.Now();
  record.payload = json{{"member_id", member_id}, {"text", text}}.dump();
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  return json{{"id", record.id},        {"member_id", member_id},
              {"author_id", author.id}, {"author_name", author.display_name},
              {"text", text},           {"created_at", record.created_at}};
}

bool Service::IsTeamMember(const User& patient, const std::string& member_id) {
  if (member_id.empty()) return false;
  auto user = store_.GetUser(member_id);
  if (!user.ok()) return false;
  if (user->role == Role::kClinician || user->role == Role::kAdmin) {
    return !patient.clinic_id.empty() && user->clinic_id == patient.clinic_id;
  }
  auto team = store_.ListCareTeam(patient.id);
  return team.ok() && std::any_of(team->begin(), team->end(),
                                  [&](const CareMember& m) { return m.member_id == member_id; });
}

Result<json> Service::Messages(const User& reader, const Reach& reach) {
  auto records = store_.ListRecords(reach.patient.id, "message", 500);
  if (!records.ok()) return records.status();
  std::map<std::string, std::string> names;
  auto name_of = [&](const std::string& id) {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    auto user = store_.GetUser(id);
    return names[id] = user.ok() ? user->display_name : "a former member";
  };
  json out = json::array();
  for (const auto& r : *records) {
    // A member reads only their own thread; the patient reads every thread.
    if (!ReaderMaySee(r, reader, reach)) continue;
    json data = json::parse(r.payload, nullptr, false);
    if (data.is_discarded()) continue;
    const std::string member_id = data.value("member_id", "");
    out.push_back({{"id", r.id},
                   {"member_id", member_id},
                   {"member_name", name_of(member_id)},
                   {"author_id", r.author_id},
                   {"author_name", name_of(r.author_id)},
                   {"text", data.value("text", "")},
                   {"created_at", r.created_at}});
  }
  return json{{"messages", out}};
}

}  // namespace backcoach
