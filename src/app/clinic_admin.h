// ClinicAdmin: what a clinic's admin does that a clinician does not: the
// clinic's staff, the accounts of its patients and their supporters, a
// search of the clinic's part of the audit log, and the clinic's settings
// (its name and the emergency number the emergency card offers to call).
//
// Every member takes the admin making the request and works within their
// clinic only: an account of another clinic is NotFound "no such user",
// as for one that does not exist (Service::ManagedBy). The API declares
// these routes Access::kClinicAdmin; the checks here hold for any caller.
//
// Failures: the store's error when the database fails; InvalidArgument
// with a plain message for a filter or setting that is not valid.
//
// Thread-safety: as the Service it wraps; holds no state of its own.
#ifndef BACKCOACH_APP_CLINIC_ADMIN_H_
#define BACKCOACH_APP_CLINIC_ADMIN_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/pages.h"
#include "app/service.h"

namespace backcoach {

// One account as the admin's pages list it (never its password hash).
struct AccountRow {
  std::string id;
  std::string email;
  std::string display_name;
  Role role = Role::kPatient;
  bool also_clinician = false;  // an admin who is also a clinician
  bool disabled = false;
  Timestamp created_at = 0;
};

// A new clinician or admin of the admin's clinic; an admin may also be a
// clinician (and so change plans).
struct NewStaff {
  std::string email;
  std::string password;
  std::string display_name;
  Role role = Role::kClinician;
  bool also_clinician = false;
};

// A search of the clinic's audit entries. `from` and `to` are days
// (YYYY-MM-DD, UTC, both included; "" for no bound); `cursor` is the
// next_cursor of the page before (0 for the newest); `limit` 1 to 200.
struct AuditSearch {
  std::string actor_id;
  std::string patient_id;
  std::string action;
  std::string from;
  std::string to;
  std::int64_t cursor = 0;
  int limit = 50;
};

// One page of a search, newest first; next_cursor is 0 on the last page.
struct AuditPage {
  std::vector<AuditEntry> entries;
  std::int64_t next_cursor = 0;
  // The names of the clinic's accounts the entries name (actor or patient),
  // by id; an account of no concern to the clinic, or erased, is left out.
  std::map<std::string, std::string> names;
};

// A page of the admin's list of accounts, by name then id, and the key of
// its last account when another page follows (nullopt on the last page).
struct AccountPage {
  std::vector<AccountRow> accounts;
  std::optional<AccountKey> next;
};

// The settings an admin changes.
struct ClinicSettings {
  std::string name;
  std::string emergency_number;  // "" to use the usual number of the person's country
};

// OK for "" (none) or 2 to 15 characters, each a digit or '+';
// InvalidArgument "the emergency number may have only digits and +, 2 to
// 15 of them (such as 112 or 999)" otherwise.
Status CheckEmergencyNumber(const std::string& number);

class ClinicAdmin {
 public:
  explicit ClinicAdmin(Service& service) : service_(service) {}

  // The clinic's clinicians and admins, by name.
  Result<std::vector<AccountRow>> Staff(const User& admin);
  // Creates a clinician or admin of the admin's clinic (InvalidArgument for
  // another role; also_clinician is kept only for an admin).
  Result<AccountRow> CreateStaff(const User& admin, const NewStaff& staff);
  // The accounts the admin may disable: the clinic's patients and the
  // supporters of its patients, by name then id; a page of at most `limit`
  // (InvalidArgument "limit must be from 1 to 200" otherwise) after `after`
  // (nullopt: from the first). A walk of the pages meets every account
  // whose name stays the same once, however many are added or disabled
  // between pages. Each page reads the clinic's accounts: the list is an
  // admin's, read now and then.
  Result<AccountPage> Accounts(const User& admin, int limit,
                               const std::optional<AccountKey>& after = std::nullopt);
  // The clinic's audit entries matching `search` (see Store::SearchAudit for
  // which entries are a clinic's). InvalidArgument for a day that is not
  // one, a limit out of range or a cursor below 0.
  Result<AuditPage> SearchAudit(const User& admin, const AuditSearch& search);
  // The admin's clinic, with its settings.
  Result<Clinic> Settings(const User& admin);
  // Changes the clinic's name (1 to 100 characters) and emergency number
  // (CheckEmergencyNumber); nothing is changed when either is refused.
  Result<Clinic> UpdateSettings(const User& admin, const ClinicSettings& settings);
  // The emergency number of `user`'s clinic, "" when they have none (no
  // clinic, a supporter, or a clinic that has set none).
  Result<std::string> EmergencyNumberFor(const User& user);

 private:
  Service& service_;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_CLINIC_ADMIN_H_
