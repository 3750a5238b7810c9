// The API's routes for a clinic's admin: the staff, the accounts of the
// clinic's patients and their supporters, a search of the clinic's audit
// entries, the clinic's settings; and a patient without a clinic joining
// one with its invitation code.

#include <charconv>

#include "api/api.h"
#include "api/reply.h"
#include "api/request_credentials.h"

namespace backcoach {

namespace {

using http::Response;

constexpr PageSize kAccountPage{50, 200};

json AccountJson(const AccountRow& a) {
  return {{"id", a.id},
          {"email", a.email},
          {"display_name", a.display_name},
          {"role", RoleName(a.role)},
          {"also_clinician", a.also_clinician},
          {"disabled", a.disabled},
          {"created_at", a.created_at}};
}

json AccountsJson(const std::vector<AccountRow>& rows) {
  json out = json::array();
  for (const AccountRow& a : rows) out.push_back(AccountJson(a));
  return out;
}

json ClinicJson(const Clinic& c) {
  return {{"id", c.id}, {"name", c.name}, {"emergency_number", c.emergency_number}};
}

// A whole number from the query string, `fallback` when absent, -1 (which
// the search refuses) for anything else.
std::int64_t Number(const http::Request& r, const char* key, std::int64_t fallback) {
  auto it = r.query.find(key);
  if (it == r.query.end() || it->second.empty()) return fallback;
  std::int64_t value = -1;
  const std::string& text = it->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return -1;
  return value;
}

json AuditPageJson(const AuditPage& page) {
  auto name = [&](const std::string& id) -> json {
    auto it = page.names.find(id);
    return it == page.names.end() ? json(nullptr) : json(it->second);
  };
  json entries = json::array();
  for (const AuditEntry& e : page.entries) {
    entries.push_back({{"seq", e.seq},
                       {"at", e.at},
                       {"actor_id", e.actor_id},
                       {"actor_name", name(e.actor_id)},
                       {"action", e.action},
                       {"patient_id", e.patient_id},
                       {"patient_name", name(e.patient_id)},
                       {"outcome", e.outcome},
                       {"detail", e.detail}});
  }
  return {{"entries", entries},
          {"next_cursor", page.next_cursor == 0 ? json(nullptr) : json(page.next_cursor)}};
}

}  // namespace

json Api::EmergencyNumberOf(const http::Request& request) {
  if (ReadCredentials(request).token.empty()) return nullptr;
  auto who = Authenticate(auth_, request);
  if (!who.ok()) return nullptr;
  auto number = admin_.EmergencyNumberFor(who->user);
  if (!number.ok() || number->empty()) return nullptr;
  return *number;
}

void Api::RegisterAdmin(http::Router& router) {
  Route(router, "GET", "/api/v1/admin/staff",
        {"The clinic's clinicians and admins, each with whether the account is disabled and, "
         "for an admin, whether they are also a clinician"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto staff = admin_.Staff(c.who->user);
          if (!staff.ok()) return staff.status();
          c.audit = Audited{.detail = std::to_string(staff->size()) + " staff listed"};
          return Ok({{"staff", AccountsJson(*staff)}});
        });
  Route(router, "GET", "/api/v1/admin/accounts",
        {"The accounts of the clinic's patients and of their supporters, which the admin may "
         "disable and enable, by name (?limit=, default 50, at most 200; ?cursor=next_cursor "
         "for the next page)"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto limit = PageLimit(c.request, kAccountPage);
          if (!limit.ok()) return BadPage(c, limit.status());
          const std::string scope = ListScope(c.who->user.clinic_id, "");
          auto after = AccountCursor(c.request, scope);
          if (!after.ok()) return BadPage(c, after.status());
          auto page = admin_.Accounts(c.who->user, *limit, *after);
          if (!page.ok()) return page.status();
          c.audit = Audited{.detail = std::to_string(page->accounts.size()) + " accounts listed"};
          return Ok({{"accounts", AccountsJson(page->accounts)},
                     {"next_cursor", NextCursor(page->next, scope)}});
        });
  Paged("GET", "/api/v1/admin/accounts", kAccountPage, "accounts",
        "by name as written (capitals before small letters), then by id; each page continues "
        "after the last account of the page before");
  Route(router, "GET", "/api/v1/admin/audit",
        {"Search the clinic's audit entries, newest first (?actor=&patient=&action=&from="
         "YYYY-MM-DD&to=YYYY-MM-DD&cursor=&limit=): an entry is the clinic's when the account "
         "that acted or the patient it concerns is the clinic's; the search is audited too"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          AuditSearch search;
          search.actor_id = Query(c.request, "actor");
          search.patient_id = Query(c.request, "patient");
          search.action = Query(c.request, "action");
          search.from = Query(c.request, "from");
          search.to = Query(c.request, "to");
          search.cursor = Number(c.request, "cursor", 0);
          const std::int64_t limit = Number(c.request, "limit", 50);
          search.limit = limit < 0 || limit > 1000 ? -1 : static_cast<int>(limit);
          // Reads are written in batches: the search must see every one so far.
          if (Status s = auditor_.Flush(); !s.ok()) return s;
          auto page = admin_.SearchAudit(c.who->user, search);
          if (!page.ok()) return page.status();
          c.audit = Audited{.action = "search audit",
                            .detail = std::to_string(page->entries.size()) + " entries read"};
          return Ok(AuditPageJson(*page));
        });
  Route(router, "GET", "/api/v1/admin/clinic",
        {"The clinic's settings: its name and emergency number (\"\" for the usual number of "
         "the person's country)"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto clinic = admin_.Settings(c.who->user);
          if (!clinic.ok()) return clinic.status();
          return Ok(ClinicJson(*clinic));
        });
  Route(router, "PUT", "/api/v1/admin/clinic",
        {"Change the clinic's settings ({name, emergency_number}): the emergency number, digits "
         "and + only, 2 to 15 of them, or \"\" for the usual number of the person's country, is "
         "the one the emergency card of the clinic's people offers to call"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto clinic = admin_.UpdateSettings(
              c.who->user, {Text(c.body, "name"), Text(c.body, "emergency_number")});
          if (!clinic.ok()) return clinic.status();
          c.audit = Audited{.action = "clinic settings",
                            .detail = "emergency number " + (clinic->emergency_number.empty()
                                                                 ? std::string("default")
                                                                 : clinic->emergency_number)};
          return Ok(ClinicJson(*clinic));
        });
  Route(router, "POST", "/api/v1/patients/{id}/clinic",
        {"Join a clinic with its invitation code ({code}), for a person who signed up without "
         "one: the clinic's clinicians see them from then on; a code works once"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto clinic = service_.JoinClinic(*c.patient, Text(c.body, "code"));
          if (!clinic.ok()) return clinic.status();
          c.audit = Audited{.detail = "joined clinic " + clinic->id};
          return Ok({{"clinic", {{"id", clinic->id}, {"name", clinic->name}}}}, 201);
        });
}

}  // namespace backcoach
