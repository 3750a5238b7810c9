#include "app/clinic_admin.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace backcoach {

namespace {

AccountRow RowOf(const User& u) {
  return {u.id, u.email, u.display_name, u.role, u.also_clinician, u.disabled, u.created_at};
}

// By name, then id, so that the order is total.
void SortByName(std::vector<AccountRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const AccountRow& a, const AccountRow& b) {
    return std::tie(a.display_name, a.id) < std::tie(b.display_name, b.id);
  });
}

bool IsStaff(Role role) { return role == Role::kClinician || role == Role::kAdmin; }

// The first second of `day`, or of the day after it (`end`).
Result<Timestamp> DayBound(const std::string& day, const char* field, bool end) {
  if (day.empty()) return Timestamp{0};
  auto parsed = Date::Parse(day);
  if (!parsed.ok()) {
    return Status::InvalidArgument(std::string(field) + " must be a day such as 2026-11-23");
  }
  const Timestamp start = Timestamp{parsed->DaysSince(Date::FromDays(0))} * 86400;
  return end ? start + 86400 : start;
}

constexpr int kMaxAuditPage = 200;

}  // namespace

Status CheckEmergencyNumber(const std::string& number) {
  if (number.empty()) return Status::Ok();
  const bool digits = std::all_of(number.begin(), number.end(),
                                  [](char c) { return (c >= '0' && c <= '9') || c == '+'; });
  if (!digits || number.size() < 2 || number.size() > 15) {
    return Status::InvalidArgument(
        "the emergency number may have only digits and +, 2 to 15 of them (such as 112 or 999)");
  }
  return Status::Ok();
}

Result<std::vector<AccountRow>> ClinicAdmin::Staff(const User& admin) {
  if (admin.clinic_id.empty()) return std::vector<AccountRow>{};
  auto users = service_.store().ListClinicStaff(admin.clinic_id);
  if (!users.ok()) return users.status();
  std::vector<AccountRow> rows;
  for (const User& u : *users) rows.push_back(RowOf(u));
  SortByName(rows);
  return rows;
}

Result<AccountRow> ClinicAdmin::CreateStaff(const User& admin, const NewStaff& staff) {
  if (!IsStaff(staff.role)) return Status::InvalidArgument("role must be clinician or admin");
  auto user = service_.CreateStaff(admin.clinic_id, staff.role, staff.email, staff.password,
                                   staff.display_name);
  if (!user.ok()) return user.status();
  if (staff.role == Role::kAdmin && staff.also_clinician) {
    user->also_clinician = true;
    if (Status s = service_.store().UpdateUser(*user); !s.ok()) return s;
  }
  return RowOf(*user);
}

Result<AccountPage> ClinicAdmin::Accounts(const User& admin, int limit,
                                          const std::optional<AccountKey>& after) {
  if (limit < 1 || limit > 200) return Status::InvalidArgument("limit must be from 1 to 200");
  AccountPage page;
  if (admin.clinic_id.empty()) return page;
  // One more than a page: whether another page follows.
  auto users = service_.store().ListAccountPage({admin.clinic_id, after, limit + 1});
  if (!users.ok()) return users.status();
  for (const User& u : *users) page.accounts.push_back(RowOf(u));
  if (static_cast<int>(page.accounts.size()) > limit) {
    page.accounts.resize(limit);
    page.next = AccountKey{page.accounts.back().display_name, page.accounts.back().id};
  }
  return page;
}

Result<AuditPage> ClinicAdmin::SearchAudit(const User& admin, const AuditSearch& search) {
  if (search.limit < 1 || search.limit > kMaxAuditPage) {
    return Status::InvalidArgument("limit must be a whole number from 1 to 200");
  }
  if (search.cursor < 0) return Status::InvalidArgument("cursor must not be negative");
  auto from = DayBound(search.from, "from", false);
  if (!from.ok()) return from.status();
  auto to = DayBound(search.to, "to", true);
  if (!to.ok()) return to.status();
  AuditPage page;
  if (admin.clinic_id.empty()) return page;
  AuditQuery query{admin.clinic_id, search.actor_id, search.patient_id, search.action, *from, *to,
                   search.cursor,   search.limit + 1};
  auto entries = service_.store().SearchAudit(query);
  if (!entries.ok()) return entries.status();
  // One more than a page was asked for: whether there is a next page.
  if (static_cast<int>(entries->size()) > search.limit) {
    entries->resize(search.limit);
    page.next_cursor = entries->back().seq;
  }
  page.entries = std::move(entries).value();
  if (page.entries.empty()) return page;
  // The names of the page's people who are the clinic's, and no one else's.
  std::set<std::string> ids;
  for (const AuditEntry& e : page.entries) {
    for (const std::string* id : {&e.actor_id, &e.patient_id}) {
      if (!id->empty()) ids.insert(*id);
    }
  }
  auto accounts = service_.store().ListClinicAccountsAmong(
      admin.clinic_id, std::vector<std::string>(ids.begin(), ids.end()));
  if (!accounts.ok()) return accounts.status();
  for (const User& u : *accounts) page.names.emplace(u.id, u.display_name);
  return page;
}

Result<Clinic> ClinicAdmin::Settings(const User& admin) {
  if (admin.clinic_id.empty()) return Status::NotFound("your account has no clinic");
  return service_.store().GetClinic(admin.clinic_id);
}

Result<Clinic> ClinicAdmin::UpdateSettings(const User& admin, const ClinicSettings& settings) {
  if (settings.name.empty() || settings.name.size() > 100) {
    return Status::InvalidArgument("the clinic's name must be 1 to 100 characters");
  }
  if (Status s = CheckEmergencyNumber(settings.emergency_number); !s.ok()) return s;
  auto clinic = Settings(admin);
  if (!clinic.ok()) return clinic.status();
  clinic->name = settings.name;
  clinic->emergency_number = settings.emergency_number;
  if (Status s = service_.store().UpdateClinic(*clinic); !s.ok()) return s;
  return clinic;
}

Result<std::string> ClinicAdmin::EmergencyNumberFor(const User& user) {
  if (user.clinic_id.empty() || user.role == Role::kSupporter) return std::string();
  auto clinic = service_.store().GetClinic(user.clinic_id);
  if (!clinic.ok()) return clinic.status();
  return clinic->emergency_number;
}

}  // namespace backcoach
