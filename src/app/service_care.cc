// The care team: supporters invited by the patient with a one-time code,
// and the scopes the patient shares with each (their messages are in
// service_messaging.cc).
#include <algorithm>
#include <map>

#include "app/password.h"
#include "app/service.h"

namespace backcoach {

namespace {

constexpr Timestamp kSupporterCodeSeconds = 7 * 86400;
const Status kBadCode = Status::InvalidArgument("the supporter code is not valid or has been used");

}  // namespace

json CareTeamJson(const CareTeamView& team) {
  json supporters = json::array();
  for (const auto& s : team.supporters) {
    supporters.push_back({{"id", s.id},
                          {"display_name", s.display_name},
                          {"role", "supporter"},
                          {"scopes", ScopesJson(s.scopes)},
                          {"added_at", s.added_at}});
  }
  json clinic = nullptr;
  if (team.clinic) {
    clinic = {
        {"id", team.clinic->id}, {"name", team.clinic->name}, {"scopes", "everything clinical"}};
  }
  return json{{"clinic", clinic}, {"supporters", supporters}};
}

Result<Service::SupporterInvite> Service::FindInvite(const std::string& code) {
  auto parsed = ParseSupporterCode(code);
  if (!parsed.ok()) return parsed.status();
  auto patient = store_.GetUser(parsed->patient_id);
  if (!patient.ok() || patient->role != Role::kPatient) return kBadCode;
  auto invites = store_.ListRecords(patient->id, RecordKind::kCareInvite, 200);
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

Result<SupporterInvitation> Service::InviteSupporter(const User& patient, const ShareInput& share) {
  const std::string& scopes = share.scopes;
  const std::string secret = RandomHex(16);
  Record record;
  record.patient_id = patient.id;
  record.kind = RecordKind::kCareInvite;
  record.date = clock_.Today().ToString();
  record.author_id = patient.id;
  record.created_at = clock_.Now();
  const Timestamp expires_at = record.created_at + kSupporterCodeSeconds;
  record.payload =
      json{{"code_hash", Sha256Hex(secret)}, {"scopes", scopes}, {"expires_at", expires_at}}.dump();
  if (Status s = store_.AddRecord(record); !s.ok()) return s;
  return SupporterInvitation{patient.id + "-" + secret, expires_at, ScopesFromStored(scopes)};
}

Result<Joined> Service::JoinCareTeam(const User& supporter, const std::string& code) {
  auto invite = FindInvite(code);
  if (!invite.ok()) return invite.status();
  if (Status s = UseInvite(*invite, supporter); !s.ok()) return s;
  auto patient = store_.GetUser(invite->patient_id);
  if (!patient.ok()) return patient.status();
  return Joined{patient->id, patient->display_name, ScopesFromStored(invite->scopes)};
}

Result<CareTeamView> Service::CareTeam(const User& patient) {
  auto team = store_.ListCareTeam(patient.id);
  if (!team.ok()) return team.status();
  CareTeamView out;
  for (const auto& m : *team) {
    auto user = store_.GetUser(m.member_id);
    if (!user.ok()) continue;
    out.supporters.push_back(
        {m.member_id, user->display_name, ScopesFromStored(m.scopes), m.added_at});
  }
  if (!patient.clinic_id.empty()) {
    auto c = store_.GetClinic(patient.clinic_id);
    if (c.ok()) out.clinic = TeamClinic{c->id, c->name};
  }
  return out;
}

Result<MemberScopes> Service::SetScopes(const User& patient, const std::string& member_id,
                                        const ShareInput& share) {
  Status s = store_.UpdateCareMember({patient.id, member_id, share.scopes, 0});
  if (s.code() == StatusCode::kNotFound)
    return Status::NotFound("no such member of your care team");
  if (!s.ok()) return s;
  return MemberScopes{member_id, ScopesFromStored(share.scopes)};
}

Status Service::RemoveMember(const User& patient, const std::string& member_id) {
  Status s = store_.RemoveCareMember(patient.id, member_id);
  if (s.code() == StatusCode::kNotFound)
    return Status::NotFound("no such member of your care team");
  return s;
}

Result<std::vector<SupportedPatient>> Service::Supported(const User& supporter) {
  auto list = store_.ListSupported(supporter.id);
  if (!list.ok()) return list.status();
  std::vector<SupportedPatient> out;
  for (const auto& m : *list) {
    auto patient = store_.GetUser(m.patient_id);
    if (!patient.ok()) continue;
    out.push_back({patient->id, patient->display_name, ScopesFromStored(m.scopes)});
  }
  return out;
}

Result<json> Service::Overview(const Reach& reach) {
  auto progress = ProgressSeries(reach.patient.id);
  if (!progress.ok()) return progress.status();
  json out = FilterProgress(*progress, reach.scopes);
  out["display_name"] = reach.patient.display_name;
  return out;
}

}  // namespace backcoach
