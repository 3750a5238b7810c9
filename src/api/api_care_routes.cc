// The API's care-team routes: supporters, their scopes, alerts (messages:
// api_message_routes.cc).
#include "api/api.h"
#include "api/reply.h"
#include "api/service_json.h"

namespace backcoach {

using http::Response;

namespace {

constexpr PageSize kAlertPage{200, 500};
constexpr PageSize kClinicAlertPage{500, 500};
constexpr const char* kAlertOrder = "newest first (by time raised, then id)";

}  // namespace

void Api::RegisterCare(http::Router& router) {
  const std::string base = "/api/v1/patients/{id}";
  Route(router, "POST", base + "/care-team/invitations",
        {"Invite a supporter: a one-time code (7 days), sharing `scopes` beyond the default"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto share = ShareFromJson(c.body);
          if (!share.ok()) return share.status();
          return Reply(service_.InviteSupporter(*c.patient, *share), SupporterInvitationJson, 201);
        });
  Route(router, "GET", base + "/care-team",
        {"The patient's care team: their clinic, and supporters with what each sees"},
        Access::kSelf,
        [this](Call& c) { return Reply(service_.CareTeam(*c.patient), CareTeamJson); });
  Route(router, "PUT", base + "/care-team/{member}",
        {"Change what a supporter sees: {scopes: [progress, symptoms]}"}, Access::kSelf,
        [this](Call& c) -> Result<Response> {
          auto share = ShareFromJson(c.body);
          if (!share.ok()) return share.status();
          return Reply(service_.SetScopes(*c.patient, c.request.Param("member"), *share),
                       MemberScopesJson);
        });
  Route(router, "DELETE", base + "/care-team/{member}",
        {"Remove a supporter from the care team; it holds from their next request"}, Access::kSelf,
        [this](Call& c) -> Result<Response> {
          if (Status s = service_.RemoveMember(*c.patient, c.request.Param("member")); !s.ok()) {
            return s;
          }
          return Ok({{"removed", true}});
        });
  Route(router, "GET", base + "/overview",
        {"What the caller may see of the patient's progress: adherence and streak for every "
         "member, more as shared"},
        {Access::kCareTeam, Scope::kAdherence},
        [this](Call& c) { return Reply(service_.Overview(*c.reach)); });
  Route(router, "POST", "/api/v1/care/join",
        {"Join a care team with a supporter code (a supporter already signed in)"},
        Access::kSupporter, [this](Call& c) -> Result<Response> {
          auto joined = service_.JoinCareTeam(c.who->user, Text(c.body, "code"));
          if (!joined.ok()) return joined.status();
          c.audit = Audited{.action = "join care team", .patient = joined->patient_id};
          return Ok(JoinedJson(*joined), 201);
        });
  Route(router, "GET", "/api/v1/care/patients",
        {"The people a supporter supports, with what each shares"}, Access::kSupporter,
        [this](Call& c) -> Result<Response> {
          auto supported = service_.Supported(c.who->user);
          if (!supported.ok()) return supported.status();
          // Whom a supporter supports is patient data, as a clinic's list is.
          c.audit = Audited{.detail = std::to_string(supported->size()) + " patients listed"};
          return Ok(SupportedJson(*supported));
        });
  Route(router, "GET", "/api/v1/clinic/alerts",
        {"The clinic's alerts, newest first (?open=true for those not resolved; ?limit=, default "
         "and most 500; ?cursor=next_cursor for older ones)"},
        Access::kClinicStaff, [this](Call& c) -> Result<Response> {
          auto limit = PageLimit(c.request, kClinicAlertPage);
          if (!limit.ok()) return BadPage(c, limit.status());
          auto after = AlertCursor(c.request);
          if (!after.ok()) return BadPage(c, after.status());
          auto open = c.request.query.find("open");
          auto alerts = service_.ClinicAlerts(
              c.who->user, open != c.request.query.end() && open->second == "true", *limit, *after);
          if (!alerts.ok()) return alerts.status();
          c.audit = Audited{.detail = std::to_string(alerts->items.size()) + " alerts listed"};
          return Ok(
              {{"alerts", std::move(alerts->items)}, {"next_cursor", NextCursor(alerts->next)}});
        });
  Paged("GET", "/api/v1/clinic/alerts", kClinicAlertPage, "alerts", kAlertOrder);
  Route(router, "GET", base + "/alerts",
        {"The patient's alerts, newest first (?limit=, default 200, at most 500; "
         "?cursor=next_cursor for older ones)"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          auto limit = PageLimit(c.request, kAlertPage);
          if (!limit.ok()) return BadPage(c, limit.status());
          auto after = AlertCursor(c.request);
          if (!after.ok()) return BadPage(c, after.status());
          auto alerts = service_.Alerts(c.patient->id, *limit, *after);
          if (!alerts.ok()) return alerts.status();
          return Ok(
              {{"alerts", std::move(alerts->items)}, {"next_cursor", NextCursor(alerts->next)}});
        });
  Paged("GET", base + "/alerts", kAlertPage, "alerts", kAlertOrder);
  Route(router, "POST", base + "/alerts/{alert}",
        {"Mark an alert seen, or resolved with a note: {state, note}"}, Access::kTreating,
        [this](Call& c) -> Result<Response> {
          auto change = AlertChangeFromJson(c.body);
          if (!change.ok()) return change.status();
          return Reply(
              service_.SetAlertState(c.who->user, *c.patient, c.request.Param("alert"), *change),
              AlertStateSetJson);
        });
}

}  // namespace backcoach
