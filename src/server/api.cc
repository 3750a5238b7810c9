#include "server/api.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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

bool RoleAllowed(const std::string& access, Role role) {
  if (access == "any") return true;
  if (access == "patient") return role == Role::kPatient;
  if (access == "clinician") return role == Role::kClinician || role == Role::kAdmin;
  if (access == "admin") return role == Role::kAdmin;
  if (access == "supporter") return role == Role::kSupporter;
  return false;
}

bool IsWrite(const std::string& method) { return method != "GET" && method != "HEAD"; }

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

const char* ContentTypeFor(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  for (const auto& [ext, type] : kTypes) {
    if (path.size() >= std::strlen(ext) &&
        path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0) {
      return type;
    }
  }
  return "application/octet-stream";
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
      auditor_(store, clock),
      options_(std::move(options)) {}

Api::~Api() = default;

void Api::Route(http::Router& router, const std::string& method, const std::string& pattern,
                http::RouteInfo info, Access access, Body body) {
  Route(router, method, pattern, std::move(info), access, Scope::kClinical, std::move(body));
}

void Api::Route(http::Router& router, const std::string& method, const std::string& pattern,
                http::RouteInfo info, Access access, Scope scope, Body body) {
  router.Add(
      method, pattern,
      [this, info, access, scope, body = std::move(body)](const http::Request& request) {
        return Handle(request, info, access, scope, body);
      },
      info);
}

http::Response Api::Handle(const http::Request& request, const http::RouteInfo& info, Access access,
                           Scope scope, const Body& body) {
  Call call{request, std::nullopt, std::nullopt, std::nullopt, json::object()};
  const std::string action = request.method + " " + request.path;
  const std::string requested_patient = info.target == "patient" ? request.Param("id") : "";
  auto deny = [&](const std::string& actor, const http::Response& response,
                  const std::string& outcome) {
    auditor_.Record(actor, action, requested_patient, outcome, "");
    return response;
  };
  if (info.access != "public") {
    auto who = auth_.Authenticate(request);
    if (!who.ok() && who.status().code() != StatusCode::kNotFound) {
      return deny("", ErrorResponse(who.status()), "error");
    }
    if (!who.ok()) {
      return deny("", ErrorResponse(401, "unauthenticated", who.status().message()), "denied");
    }
    call.who = *who;
    if (Status s = auth_.CheckCsrf(*who, request); !s.ok()) {
      return deny(who->user.id, ErrorResponse(s), "denied");
    }
    if (!RoleAllowed(info.access, who->user.role)) {
      return deny(who->user.id,
                  ErrorResponse(403, "forbidden", "this is not available to your account"),
                  "denied");
    }
  }
  const std::string actor = call.who ? call.who->user.id : "";
  if (info.target == "patient") {
    auto reach = service_.ReachPatient(call.who->user, requested_patient, access, scope);
    if (!reach.ok()) {
      const bool missing = reach.status().code() == StatusCode::kNotFound;
      return deny(actor, ErrorResponse(reach.status()), missing ? "not_found" : "denied");
    }
    call.patient = reach->patient;
    call.reach = *std::move(reach);
  }
  if (IsWrite(request.method) && !request.body.empty() && info.body_type.empty()) {
    auto parsed = ParseBody(request.body);
    if (!parsed.ok()) {
      return deny(actor, ErrorResponse(400, "bad_request", parsed.status().message()), "error");
    }
    call.body = *parsed;
  }
  Result<http::Response> result = RunBody(body, call);
  if (!result.ok()) {
    auditor_.Record(actor, action, call.patient ? call.patient->id : requested_patient, "error",
                    result.status().message().substr(0, 200));
    return ErrorResponse(result.status());
  }
  if (!call.patient) return *result;
  if (!IsWrite(request.method)) {
    auditor_.Record(actor, action, call.patient->id, "ok");
    return *result;
  }
  // A change is acknowledged only once its own audit entry is stored.
  if (Status s = auditor_.RecordAndStore(actor, action, call.patient->id, "ok"); !s.ok()) {
    return ErrorResponse(s);
  }
  return *result;
}

void Api::Register(http::Router& router) {
  RegisterAccounts(router);
  RegisterPasswords(router);
  RegisterPatient(router);
  RegisterClinic(router);
  RegisterContent(router);
  RegisterCare(router);
  RegisterReminders(router);
  router.Add("GET", "/healthz",
             [](const http::Request&) { return http::Response::Json(200, R"({"status":"ok"})"); },
             {"Liveness: the process answers", "public", ""});
  router.Add("GET", "/readyz",
             [this](const http::Request&) {
               Status s = service_.store().Ping();
               return s.ok() ? http::Response::Json(200, R"({"status":"ready"})")
                             : ErrorResponse(503, "unavailable", "the database is not reachable");
             },
             {"Readiness: the database is reachable", "public", ""});
  router.Add("GET", "/api/v1/openapi.json",
             [&router](const http::Request&) {
               static const std::string doc = OpenApi(router).dump(2);
               return http::Response::Json(200, doc);
             },
             {"This API's OpenAPI 3 document", "public", ""});
  RegisterStatic(router);
}

void Api::RegisterStatic(http::Router& router) {
  if (options_.web_root.empty()) return;
  const std::string root = options_.web_root;
  router.SetFallback([root](const http::Request& request) {
    namespace fs = std::filesystem;
    std::string path = request.path == "/" ? "/index.html" : request.path;
    if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos) {
      return ErrorResponse(404, "not_found", "no such page");
    }
    fs::path file = fs::path(root) / path.substr(1);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      if (request.path.rfind("/api/", 0) == 0)
        return ErrorResponse(404, "not_found", "no such route");
      file = fs::path(root) / "index.html";  // the app's own routes
      if (!fs::is_regular_file(file, ec)) return ErrorResponse(404, "not_found", "no such page");
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    http::Response response = http::Response::Text(200, ContentTypeFor(file.string()), bytes.str());
    const bool hashed_asset = file.string().find("/assets/") != std::string::npos;
    response.headers.emplace_back(
        "Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
    return response;
  });
}

}  // namespace backcoach
