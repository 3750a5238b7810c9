// The care team: the supporters a patient invites, what each may see
// (care_team.h: scopes), and joining with a supporter code. Plain values:
// the API decodes and encodes them (api/service_json.h). The Service's
// members that take or give them are in service.h (InviteSupporter,
// JoinCareTeam, CareTeam, SetScopes, Supported); service_care.cc holds
// their code.
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_CARE_H_
#define BACKCOACH_APP_SERVICE_CARE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/care_team.h"
#include "storage/store.h"

namespace backcoach {

// The scopes a patient shares with a supporter beyond the default, as
// stored (CareMember.scopes; StoredScopesFromJson reads them from a body):
// for a new invitation, or for a member already on the team.
struct ShareInput {
  std::string scopes;
};

// A patient's invitation of a supporter: the one-time code to hand over
// (only its secret's hash is kept), when it expires, and what it shares.
struct SupporterInvitation {
  std::string code;
  Timestamp expires_at = 0;
  Scopes scopes;
};

// A supporter who joined a care team: the patient (their id also for the
// audit log) and what the patient shares with them.
struct Joined {
  std::string patient_id;
  std::string display_name;  // the patient's
  Scopes scopes;
};

// A patient's care team: their clinic (nullopt without one; its
// clinicians see everything clinical) and their supporters, oldest first.
struct TeamClinic {
  std::string id;
  std::string name;
};
struct TeamSupporter {
  std::string id;
  std::string display_name;
  Scopes scopes;
  Timestamp added_at = 0;
};
struct CareTeamView {
  std::optional<TeamClinic> clinic;
  std::vector<TeamSupporter> supporters;
};
// The care team as its route and the patient's export show it: {clinic:
// null or {id, name, scopes: "everything clinical"}, supporters: [{id,
// display_name, role: "supporter", scopes, added_at}]}. Here rather than in
// the API because the export, a document of the Service's, holds it too.
nlohmann::json CareTeamJson(const CareTeamView& team);

// What a member of the team sees after the patient changed it.
struct MemberScopes {
  std::string id;
  Scopes scopes;
};

// A patient a supporter supports, with what the patient shares with them.
struct SupportedPatient {
  std::string id;
  std::string display_name;
  Scopes scopes;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_CARE_H_
