// Test and fuzzing helper, free of any test framework: an account written
// straight to the store, as sign-up would leave it but without paying for a
// password hash each time, with the clinician's-list row a patient has.
#ifndef BACKCOACH_TESTING_ACCOUNTS_H_
#define BACKCOACH_TESTING_ACCOUNTS_H_

#include <string>

#include "app/clock.h"
#include "app/password.h"
#include "storage/store.h"

namespace backcoach::testing {

// The password of every account made here.
inline constexpr const char* kTestPassword = "correct horse battery";

inline Result<User> CreateAccount(Store& store, const Clock& clock, const std::string& name,
                                  Role role, const std::string& clinic_id) {
  static const std::string hash = HashPassword(kTestPassword).value();
  User u;
  u.email = name + "@example.test";
  u.display_name = name;
  u.password_hash = hash;
  u.role = role;
  u.clinic_id = clinic_id;
  u.created_at = clock.Now();
  if (Status s = store.CreateUser(u); !s.ok()) return s;
  if (role == Role::kPatient) {
    PatientSummary summary;
    summary.patient_id = u.id;
    summary.clinic_id = clinic_id;
    summary.display_name = name;
    summary.reasons = "[]";
    if (Status s = store.PutSummary(summary); !s.ok()) return s;
  }
  return u;
}

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_ACCOUNTS_H_
