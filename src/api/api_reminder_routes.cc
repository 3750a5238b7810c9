// The API's reminder routes: preferences, the in-app notices, weekly
// summaries, and the private calendar feed.
#include "api/api.h"
#include "api/reply.h"
#include "api/service_json.h"

namespace backcoach {

using http::Response;

void Api::RegisterReminders(http::Router& router) {
  const std::string base = "/api/v1/patients/{id}";
  Route(router, "GET", base + "/preferences", {"When and how the person is reminded"},
        Access::kSelf,
        [this](Call& c) { return Reply(service_.PreferencesOf(c.patient->id), PreferencesJson); });
  Route(router, "PUT", base + "/preferences",
        {"Set reminders: {reminder_times: [HH:MM], utc_offset_minutes, email_reminders, "
         "email_summary}"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto preferences = PreferencesFromJson(c.body);
          if (!preferences.ok()) return preferences.status();
          return Reply(service_.SetPreferences(*c.patient, std::move(preferences).value()),
                       PreferencesJson);
        });
  Route(router, "GET", base + "/notices",
        {"The in-app list: reminders, nudges and weekly summaries, newest first (?limit=, "
         "default 60, at most 200; ?cursor=next_cursor for older ones)"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          constexpr PageSize kNoticePage{60, 200};
          auto limit = PageLimit(c.request, kNoticePage);
          if (!limit.ok()) return BadPage(c, limit.status());
          auto after = RecordCursor(c.request);
          if (!after.ok()) return BadPage(c, after.status());
          auto notices = service_.Notices(c.patient->id, *limit, *after);
          if (!notices.ok()) return notices.status();
          return Ok(
              {{"notices", std::move(notices->items)}, {"next_cursor", NextCursor(notices->next)}});
        });
  Paged("GET", base + "/notices", {60, 200}, "notices", "newest first");
  Route(router, "GET", base + "/summaries", {"Weekly summaries, as much as the caller may see"},
        {Access::kCareTeam, Scope::kAdherence},
        [this](Call& c) { return Reply(service_.Summaries(*c.reach)); });
  Route(router, "POST", base + "/calendar",
        {"A new private calendar URL for the reminders; the previous one stops working"},
        Access::kSelf, [this](Call& c) {
          return Reply(service_.CreateCalendar(*c.patient), CalendarLinkJson, 201);
        });
  Route(router, "DELETE", base + "/calendar",
        {"Revoke the calendar URL: it answers 404 from now on"}, Access::kSelf,
        [this](Call& c) -> Result<Response> {
          if (Status s = service_.RevokeCalendar(*c.patient); !s.ok()) return s;
          return Ok({{"revoked", true}});
        });
  Route(router, "GET", "/api/v1/calendar/{id}/{token}",
        {"The reminders as an iCalendar feed (RFC 5545) at a secret URL, for calendar apps"},
        Access::kPublic, [this](Call& c) -> Result<Response> {
          auto feed = service_.CalendarFor(c.request.Param("id"), c.request.Param("token"));
          if (!feed.ok()) return feed.status();
          c.audit = Audited{.action = "calendar feed", .patient = c.request.Param("id")};
          Response r = Response::Text(200, "text/calendar; charset=utf-8", *feed);
          r.headers.emplace_back("Cache-Control", "private, no-store");
          return r;
        });
}

}  // namespace backcoach
