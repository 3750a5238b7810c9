// The care team: the supporters a patient invites, what each may see
// (care_team.h: scopes), and joining with a supporter code. Plain values:
// the API decodes and encodes them (api/service_json.h). The Service's
// members that take or give them are in service.h (InviteSupporter,
// SetScopes, JoinCareTeam); service_care.cc holds their code.
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_CARE_H_
#define BACKCOACH_APP_SERVICE_CARE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "app/care_team.h"

namespace backcoach {

// The scopes a patient shares with a supporter beyond the default, as
// stored (CareMember.scopes; StoredScopesFromJson reads them from a body):
// for a new invitation, or for a member already on the team.
struct ShareInput {
  std::string scopes;
};

// A supporter who joined a care team: the patient's id (for the audit log)
// and the answer {patient: {id, display_name}, scopes}.
struct Joined {
  std::string patient_id;
  nlohmann::json answer;
};

// A patient a supporter supports, with what the patient shares with them.
struct SupportedPatient {
  std::string id;
  std::string display_name;
  Scopes scopes;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_CARE_H_
