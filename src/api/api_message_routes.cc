// The API's message routes: the threads between a patient and each member
// of their team, their unread counts, and the lead clinician the clinic
// sets for a patient (app/messaging.h). Every one names a patient, so each
// request is audited as a read or change of that patient's data.
#include "api/api.h"
#include "api/reply.h"

namespace backcoach {

namespace {

constexpr PageSize kMessagePage{500, 500};

json MessageJson(const Message& m) {
  return {{"id", m.id},
          {"member_id", m.member_id},
          {"member_name", m.member_name},
          {"author_id", m.author_id},
          {"author_name", m.author_name},
          {"text", m.text},
          {"created_at", m.created_at}};
}

json ThreadsJson(const Threads& t) {
  json threads = json::array();
  for (const auto& v : t.threads) {
    threads.push_back({{"member_id", v.member_id},
                       {"member_name", v.member_name},
                       {"role", v.role},
                       {"lead", v.lead},
                       {"messages", v.messages},
                       {"unread", v.unread},
                       {"waiting", v.waiting},
                       {"last_at", v.last_at != 0 ? json(v.last_at) : json(nullptr)}});
  }
  return {{"lead_clinician_id",
           t.lead_clinician_id.empty() ? json(nullptr) : json(t.lead_clinician_id)},
          {"unread", t.unread},
          {"threads", threads}};
}

json LeadJson(const LeadClinician& lead) {
  if (lead.clinician_id.empty()) return {{"clinician_id", nullptr}, {"clinician_name", nullptr}};
  return {{"clinician_id", lead.clinician_id}, {"clinician_name", lead.clinician_name}};
}

std::string QueryValue(const http::Request& r, const char* key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? "" : it->second;
}

}  // namespace

void Api::RegisterMessages(http::Router& router) {
  const std::string base = "/api/v1/patients/{id}";
  const RouteAccess messages{Access::kCareTeam, Scope::kMessages};
  Route(router, "GET", base + "/messages",
        {"Messages: a page of the newest (?limit=, default and most 500), oldest first; "
         "?cursor=next_cursor for the page before it. The patient reads every thread (or the one "
         "with ?with=MEMBER), a member their own thread. Reading does not mark a thread read: see "
         ".../messages/read"},
        messages, [this](Call& c) -> Result<http::Response> {
          auto limit = PageLimit(c.request, kMessagePage);
          if (!limit.ok()) return BadPage(c, limit.status());
          auto after = RecordCursor(c.request);
          if (!after.ok()) return BadPage(c, after.status());
          auto list = service_.MessagesPage(c.who->user, *c.reach, QueryValue(c.request, "with"),
                                            *limit, *after);
          if (!list.ok()) return list.status();
          json out = json::array();
          for (const auto& m : list->messages) out.push_back(MessageJson(m));
          return Ok({{"messages", out}, {"next_cursor", NextCursor(list->next)}});
        });
  Paged("GET", base + "/messages", kMessagePage, "messages",
        "the first page holds the newest messages, each next page the ones before them; within a "
        "page, oldest first");
  Route(router, "POST", base + "/messages",
        {"Send a message: {text, to} from the patient (to: a supporter, or a clinician or admin "
         "of their clinic), {text} from a member in their own thread. Not for emergencies"},
        messages, [this](Call& c) -> Result<http::Response> {
          auto sent = service_.SendMessage(c.who->user, *c.reach,
                                           MessageDraft{Text(c.body, "text"), Text(c.body, "to")});
          if (!sent.ok()) return sent.status();
          return Ok(MessageJson(*sent), 201);
        });
  Route(router, "GET", base + "/threads",
        {"The caller's threads with the patient and their unread counts: for the patient the lead "
         "clinician first, then the clinic's other clinicians, then supporters; for a member "
         "their own thread. {lead_clinician_id, unread, threads: [{member_id, member_name, role, "
         "lead, messages, unread, waiting, last_at}]}"},
        messages, [this](Call& c) -> Result<http::Response> {
          auto threads = service_.ThreadsOf(c.who->user, *c.reach);
          if (!threads.ok()) return threads.status();
          return Ok(ThreadsJson(*threads));
        });
  Route(router, "POST", base + "/messages/read",
        {"Mark a thread read by the caller: {with: MEMBER} from the patient, {} from a member "
         "(their own thread); answers the threads as GET .../threads does"},
        messages, [this](Call& c) -> Result<http::Response> {
          auto threads = service_.MarkRead(c.who->user, *c.reach, Text(c.body, "with"));
          if (!threads.ok()) return threads.status();
          return Ok(ThreadsJson(*threads));
        });
  Route(router, "GET", base + "/lead-clinician",
        {"The patient's lead clinician and the clinic's clinicians to choose from: "
         "{clinician_id, clinician_name, clinicians: [{id, display_name}]}"},
        Access::kClinicians, [this](Call& c) -> Result<http::Response> {
          auto lead = service_.LeadClinicianOf(*c.patient);
          if (!lead.ok()) return lead.status();
          json out = LeadJson(lead->first);
          json clinicians = json::array();
          for (const auto& u : lead->second) {
            clinicians.push_back({{"id", u.id}, {"display_name", u.display_name}});
          }
          out["clinicians"] = clinicians;
          return Ok(out);
        });
  Route(router, "PUT", base + "/lead-clinician",
        {"Set the patient's lead clinician, first among the patient's threads: {clinician_id} "
         "(a clinician of the patient's clinic), or {clinician_id: null} for none"},
        Access::kClinicians, [this](Call& c) -> Result<http::Response> {
          const bool cleared = c.body.contains("clinician_id") && c.body["clinician_id"].is_null();
          const std::string id = Text(c.body, "clinician_id");
          if (id.empty() && !cleared) {
            return Status::InvalidArgument(
                "field 'clinician_id' must be a clinician of the patient's clinic, or null");
          }
          auto lead = service_.SetLeadClinician(*c.patient, id);
          if (!lead.ok()) return lead.status();
          return Ok(LeadJson(*lead));
        });
}

}  // namespace backcoach
