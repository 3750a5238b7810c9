#include "api/api.h"

#include "api/reply.h"
#include "api/request_credentials.h"
#include "api/request_origin.h"

namespace backcoach {

namespace {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 422;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kConflict: return 409;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

const char* CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kPermissionDenied: return "forbidden";
    case StatusCode::kConflict: return "conflict";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

bool IsWrite(const std::string& method) { return method != "GET" && method != "HEAD"; }

bool SameAuditFields(const AuditEntry& a, const AuditEntry& b) {
  return a.actor_id == b.actor_id && a.action == b.action && a.patient_id == b.patient_id &&
         a.outcome == b.outcome && a.detail == b.detail;
}

// Runs a route's body. A handler reads the request body's fields with the
// JSON library, which throws when a field has another type than the one
// read ({"date": 5}); that is the client's mistake, not the server's.
template <typename Body, typename Call>
Result<http::Response> RunBody(const Body& body, Call& call) {
  try {
    return body(call);
  } catch (const json::type_error& e) {
    // 302: a value of another type; 304-306: at(), [] or value() on a non-object.
    if (e.id != 302 && (e.id < 304 || e.id > 306)) throw;
  } catch (const json::out_of_range& e) {
    if (e.id != 401 && e.id != 403) throw;  // an index or key that is not there
  }
  return Status::InvalidArgument("a field of the request body has the wrong type");
}

}  // namespace

http::Response ErrorResponse(int http_status, const std::string& code, const std::string& message) {
  // A message may quote the client's own bytes (a date that is not one),
  // and those need not be UTF-8: they are replaced, never thrown over.
  return http::Response::Json(http_status,
                              json{{"error", {{"code", code}, {"message", message}}}}.dump(
                                  -1, ' ', false, json::error_handler_t::replace));
}

http::Response ErrorResponse(const Status& status) {
  if (status.code() == StatusCode::kInternal) {
    return ErrorResponse(500, "internal", "something went wrong on our side; please try again");
  }
  return ErrorResponse(HttpStatusFor(status.code()), CodeName(status.code()), status.message());
}

Api::Api(Store& store, const Content& content, const Clock& clock, ApiOptions options)
    : service_(store, content, clock),
      auth_(store, clock, options.auth),
      auditor_(store, clock, std::chrono::milliseconds(options.audit_batch_wait_ms)),
      options_(std::move(options)) {}

Api::~Api() = default;

void Api::Route(http::Router& router, const std::string& method, const std::string& pattern,
                http::RouteInfo info, RouteAccess access, Body body) {
  access_.insert_or_assign(method + " " + pattern, access);
  // Every change is answered once it is on disk (the store's group commit):
  // waiting for it off the connection's thread lets the other requests on
  // that thread go on, and lets every change in flight join one commit.
  if (method != "GET" && !info.slow && !info.stream_body) info.waits_for_disk = true;
  http::Admit admit;
  if (info.stream_body) {
    admit = [this, info, access](const http::Request& request) {
      Call call{request, std::nullopt, std::nullopt, std::nullopt, json::object()};
      return Admit(request, info, access, call);
    };
  }
  router.Add(
      method, pattern,
      [this, info, access, body = std::move(body)](const http::Request& request) {
        return Handle(request, info, access, body);
      },
      info, std::move(admit));
}

void Api::Paged(const std::string& method, const std::string& pattern, PageSize size,
                std::string items, std::string order) {
  paged_.insert_or_assign(method + " " + pattern,
                          PagedList{size, std::move(items), std::move(order)});
}

http::Response Api::BadPage(Call& c, const Status& why) {
  c.audit = Audited{.outcome = "error", .detail = why.message().substr(0, 200)};
  return ErrorResponse(400, "bad_request", why.message());
}

Result<http::Response> Api::RecordList(Call& c, RecordKind kind, PageSize size) {
  auto limit = PageLimit(c.request, size);
  if (!limit.ok()) return BadPage(c, limit.status());
  auto after = RecordCursor(c.request);
  if (!after.ok()) return BadPage(c, after.status());
  auto page = service_.RecordsPage(c.patient->id, kind, *limit, *after);
  if (!page.ok()) return page.status();
  return Ok({{"records", std::move(page->items)}, {"next_cursor", NextCursor(page->next)}});
}

const RouteAccess* Api::AccessOf(const http::Route& route) const {
  auto it = access_.find(route.method + " " + route.pattern);
  return it == access_.end() ? nullptr : &it->second;
}

std::optional<http::Response> Api::Admit(const http::Request& request, const http::RouteInfo& info,
                                         RouteAccess access, Call& call) {
  const std::string action = request.method + " " + request.path;
  const bool names_patient = NamesPatient(access.access);
  const std::string requested_patient = names_patient ? request.Param("id") : "";
  auto deny = [&](const std::string& actor, const http::Response& response,
                  const std::string& outcome) {
    auditor_.Record(actor, action, requested_patient, outcome, "");
    return response;
  };
  if (IsWrite(request.method) && info.body_type.empty()) {
    // Before anything else: a form or text/plain body from another site
    // (which needs no CORS preflight) must not reach a handler, sign-in
    // included.
    if (Status s = CheckJsonContentType(request); !s.ok()) {
      return deny("", ErrorResponse(415, "unsupported_media_type", s.message()), "denied");
    }
  }
  // A public write may set the session cookie (signing in, signing up): it
  // is taken from this server's own pages or from no browser at all.
  const bool is_public = access.access == Access::kPublic;
  if (is_public && IsWrite(request.method)) {
    if (Status s = CheckSameOrigin(request); !s.ok()) return deny("", ErrorResponse(s), "denied");
  }
  if (!is_public) {
    auto who = Authenticate(auth_, request);
    if (!who.ok() && who.status().code() != StatusCode::kNotFound) {
      return deny("", ErrorResponse(who.status()), "error");
    }
    if (!who.ok()) {
      return deny("", ErrorResponse(401, "unauthenticated", who.status().message()), "denied");
    }
    call.who = *who;
    if (Status s = CheckCsrf(auth_, *who, request); !s.ok()) {
      return deny(who->user.id, ErrorResponse(s), "denied");
    }
    if (who->via_cookie && IsWrite(request.method)) {
      if (Status s = CheckSameOrigin(request); !s.ok()) {
        return deny(who->user.id, ErrorResponse(s), "denied");
      }
    }
    if (!MayCall(access.access, who->user.role)) {
      return deny(who->user.id,
                  ErrorResponse(403, "forbidden", "this is not available to your account"),
                  "denied");
    }
  }
  const std::string actor = call.who ? call.who->user.id : "";
  if (names_patient) {
    auto reach =
        service_.ReachPatient(call.who->user, requested_patient, access, call.who->access_epoch);
    if (!reach.ok()) {
      const bool missing = reach.status().code() == StatusCode::kNotFound;
      return deny(actor, ErrorResponse(reach.status()), missing ? "not_found" : "denied");
    }
    call.patient = reach->patient;
    call.reach = *std::move(reach);
  }
  return std::nullopt;
}

http::Response Api::Handle(const http::Request& request, const http::RouteInfo& info,
                           RouteAccess access, const Body& body) {
  Call call{request, std::nullopt, std::nullopt, std::nullopt, json::object()};
  const std::string action = request.method + " " + request.path;
  const std::string requested_patient = NamesPatient(access.access) ? request.Param("id") : "";
  auto deny = [&](const std::string& actor, const http::Response& response,
                  const std::string& outcome) {
    auditor_.Record(actor, action, requested_patient, outcome, "");
    return response;
  };
  if (std::optional<http::Response> refusal = Admit(request, info, access, call)) {
    return *refusal;
  }
  const std::string actor = call.who ? call.who->user.id : "";
  if (IsWrite(request.method) && !request.body.empty() && info.body_type.empty()) {
    auto parsed = ParseBody(request.body);
    if (!parsed.ok()) {
      return deny(actor, ErrorResponse(400, "bad_request", parsed.status().message()), "error");
    }
    call.body = *parsed;
  }
  // A change's entry, as it will be when the handler succeeds, is offered to
  // the store write that makes the change, to be stored in the same commit.
  std::optional<ChangeAudit> offer;
  if (call.patient && IsWrite(request.method)) {
    std::optional<AuditEntry> ok_entry = EntryFor(call, requested_patient, Status::Ok());
    ok_entry->at = service_.clock().Now();
    offer.emplace(*std::move(ok_entry));
  }
  Result<http::Response> result = RunBody(body, call);
  const Status error = result.ok() ? Status::Ok() : result.status();
  std::optional<AuditEntry> entry = EntryFor(call, requested_patient, error);
  http::Response response = result.ok() ? *std::move(result) : ErrorResponse(error);
  if (!entry) return response;
  if (error.ok() && call.patient && IsWrite(request.method)) {
    if (offer->stored() && SameAuditFields(offer->entry(), *entry)) return response;
    // A change is acknowledged only once its own audit entry is stored.
    Status s = auditor_.RecordAndStore(std::move(entry->actor_id), std::move(entry->action),
                                       std::move(entry->patient_id), std::move(entry->outcome),
                                       std::move(entry->detail));
    return s.ok() ? response : ErrorResponse(s);
  }
  auditor_.Record(std::move(entry->actor_id), std::move(entry->action),
                  std::move(entry->patient_id), std::move(entry->outcome),
                  std::move(entry->detail));
  return response;
}

std::optional<AuditEntry> Api::EntryFor(const Call& call, const std::string& requested_patient,
                                        const Status& error) const {
  if (error.ok() && !call.patient && !call.audit) return std::nullopt;
  AuditEntry e;
  e.actor_id = call.who ? call.who->user.id : "";
  e.action = call.request.method + " " + call.request.path;
  e.patient_id = call.patient ? call.patient->id : requested_patient;
  e.outcome = "ok";
  if (!error.ok()) {
    e.outcome = "error";
    e.detail = error.message().substr(0, 200);
    return e;
  }
  if (!call.audit) return e;
  const Audited& a = *call.audit;
  if (!a.action.empty()) e.action = a.action;
  if (!a.actor.empty()) e.actor_id = a.actor;
  if (!a.patient.empty()) e.patient_id = a.patient;
  if (!a.outcome.empty()) e.outcome = a.outcome;
  e.detail = a.detail;
  return e;
}

void Api::Register(http::Router& router) {
  RegisterAccounts(router);
  RegisterPasswords(router);
  RegisterPatient(router);
  RegisterClinic(router);
  RegisterContent(router);
  RegisterCare(router);
  RegisterMessages(router);
  RegisterReminders(router);
  RegisterAdmin(router);
  Route(router, "GET", "/healthz", {"Liveness: the process answers"}, Access::kPublic,
        [](Call&) -> Result<http::Response> {
          return http::Response::Json(200, R"({"status":"ok"})");
        });
  Route(router, "GET", "/readyz",
        {"Readiness: the database is reachable; with `serve --readyz-write-counts`, also the "
         "durable writes so far and the commits (disk flushes) that stored them"},
        Access::kPublic, [this](Call&) -> Result<http::Response> {
          Status s = service_.store().Ping();
          if (!s.ok()) return ErrorResponse(503, "unavailable", "the database is not reachable");
          if (!options_.readyz_write_counts)
            return http::Response::Json(200, R"({"status":"ready"})");
          const Store::WriteCounts counts = service_.store().WriteStats();
          return http::Response::Json(
              200, json{{"status", "ready"}, {"writes", counts.writes}, {"commits", counts.commits}}
                       .dump());
        });
  Route(router, "GET", "/api/v1/openapi.json", {"This API's OpenAPI 3 document"}, Access::kPublic,
        [this, &router](Call&) -> Result<http::Response> {
          static const std::string doc = OpenApi(router).dump(2);
          return http::Response::Json(200, doc);
        });
  RegisterStatic(router);
}

void Api::RegisterStatic(http::Router& router) {
  if (options_.web_app == nullptr) return;
  // Answered from the files read at start: a request path is a key in
  // their table, never joined to a path on disk (docs/security.md).
  router.SetFallback(
      [files = options_.web_app](const http::Request& request) { return files->Serve(request); });
}

}  // namespace backcoach
