// Access: the one vocabulary for who may call a route of the API and, where
// the route's {id} names a patient, who may reach that patient's data.
//
// Each route declares one Access (with, for a care team's reads, the share
// scope it serves: care_team.h) in the API's route table (api/api_*routes.cc);
// the API checks the caller's account against it (MayCall), the service
// checks the patient (Service::ReachPatient), and the OpenAPI document and
// the authorisation matrix test read the same declaration.
//
//   name          who may call                       the {id}
//   public        anyone, signed in or not           -
//   signed_in     any account                        -
//   supporter     a supporter's account              -
//   clinic_staff  a clinic's clinicians and admins   -
//   clinic_admin  a clinic's admins                  - (or an account they manage)
//   self          the patient themself               a patient
//   care_team     the patient, their clinic's        a patient
//                 clinicians and admins, and the
//                 supporters the scope is shared with
//   clinicians    the patient's clinic's clinicians  a patient
//                 and admins only
//   treating      the patient's clinic's clinicians, a patient
//                 and its admins who are also
//                 clinicians (TreatsPatients)
//   clearer       the patient's clinic's clinicians  a patient
//                 (and admins who are also
//                 clinicians), or the patient
//                 themself while they have no clinic
//
// `treating` is for changes only a clinician makes: the plan, clinicians'
// notes, an alert's state. A clinic's admin reads what `clinicians` serves
// but changes a plan only when their account says they are a clinician too
// (User::also_clinician); ReachPatient refuses any other admin with 403.
// `clearer` is who may clear a red flag or an open finding: a clinician
// who saw the person, or a person without a clinic saying they were seen
// (service_clearing.cc). Every account may ask; ReachPatient refuses an
// admin, a patient of a clinic and a supporter with 403 and says why.
//
// Plain values and pure functions: safe from any thread.
#ifndef BACKCOACH_APP_ACCESS_H_
#define BACKCOACH_APP_ACCESS_H_

#include <optional>
#include <string>

#include "app/care_team.h"
#include "storage/store.h"

namespace backcoach {

enum class Access {
  kPublic,
  kSignedIn,
  kSupporter,
  kClinicStaff,
  kClinicAdmin,
  kSelf,
  kCareTeam,
  kClinicians,
  kClearer,
  kTreating,
};

// Who may call a route, as declared in the route table: an Access and, for
// kCareTeam, the scope of the data served (what a supporter needs shared;
// clinical unless said otherwise). Implicit from an Access alone.
struct RouteAccess {
  RouteAccess(Access a, Scope s = Scope::kClinical) : access(a), scope(s) {}  // NOLINT
  Access access;
  Scope scope;
  bool operator==(const RouteAccess&) const = default;
};

// The name of `access` in the table above ("care_team").
const char* AccessName(Access access);
// The Access named `name`; nullopt for a name not in the table.
std::optional<Access> ParseAccess(const std::string& name);
// Who may call, in the words of the OpenAPI document's x-access: "public",
// "any" (signed in), "patient", "supporter", "clinician" (clinicians and
// admins) or "admin". The patient's data is checked beyond it.
const char* AccessCallers(Access access);

// Whether the route's {id} is a patient whose data the caller must reach.
bool NamesPatient(Access access);

// Whether an account of `role` may call a route of `access` at all, before
// any patient is looked at. True for kPublic (no account needed).
bool MayCall(Access access, Role role);

// Whether `user` treats patients: a clinician, or an admin who is also a
// clinician of the clinic. Only they reach a patient through kTreating
// and kClearer (with the patient themself, for kClearer).
bool TreatsPatients(const User& user);

}  // namespace backcoach

#endif  // BACKCOACH_APP_ACCESS_H_
