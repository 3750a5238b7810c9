#include "app/access.h"

namespace backcoach {

namespace {

// The one table: each Access with its name, who may call it in the words
// of the OpenAPI document, the roles that may call it, and whether its
// {id} is a patient.
struct AccessRow {
  Access access;
  const char* name;
  const char* callers;
  bool patient, clinician, admin, supporter;
  bool names_patient;
};

constexpr AccessRow kAccessTable[] = {
    {Access::kPublic, "public", "public", true, true, true, true, false},
    {Access::kSignedIn, "signed_in", "any", true, true, true, true, false},
    {Access::kSupporter, "supporter", "supporter", false, false, false, true, false},
    {Access::kClinicStaff, "clinic_staff", "clinician", false, true, true, false, false},
    {Access::kClinicAdmin, "clinic_admin", "admin", false, false, true, false, false},
    {Access::kSelf, "self", "patient", true, false, false, false, true},
    // Every account may ask; ReachPatient then lets in only the team.
    {Access::kCareTeam, "care_team", "any", true, true, true, true, true},
    {Access::kClinicians, "clinicians", "clinician", false, true, true, false, true},
    // Every account may ask; ReachPatient then lets in only the patient's
    // clinic's clinicians, or the patient themself without a clinic.
    {Access::kClearer, "clearer", "any", true, true, true, true, true},
    // Clinicians and admins; ReachPatient then refuses an admin who is not
    // also a clinician (TreatsPatients).
    {Access::kTreating, "treating", "clinician", false, true, true, false, true},
};

const AccessRow& RowOf(Access access) {
  for (const AccessRow& row : kAccessTable) {
    if (row.access == access) return row;
  }
  // A value added without its row: no one may call (access_test.cc fails).
  static constexpr AccessRow kNone = {Access::kPublic, "none", "none", false,
                                      false,           false,  false,  false};
  return kNone;
}

}  // namespace

const char* AccessName(Access access) { return RowOf(access).name; }

std::optional<Access> ParseAccess(const std::string& name) {
  for (const AccessRow& row : kAccessTable) {
    if (name == row.name) return row.access;
  }
  return std::nullopt;
}

const char* AccessCallers(Access access) { return RowOf(access).callers; }

bool NamesPatient(Access access) { return RowOf(access).names_patient; }

bool MayCall(Access access, Role role) {
  const AccessRow& row = RowOf(access);
  switch (role) {
    case Role::kPatient: return row.patient;
    case Role::kClinician: return row.clinician;
    case Role::kAdmin: return row.admin;
    case Role::kSupporter: return row.supporter;
  }
  return false;
}

bool TreatsPatients(const User& user) {
  return user.role == Role::kClinician || (user.role == Role::kAdmin && user.also_clinician);
}

}  // namespace backcoach
