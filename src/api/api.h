// Api: the versioned JSON API (/api/v1/...), health checks and static
// files, registered on a Router.
//
// Every route is declared once, in the route table (api_*routes.cc), with
// who may call it: one RouteAccess (app/access.h), which also says whether
// its {id} is a patient and, for a care team's reads, the share scope it
// serves. The wrapper around each handler authenticates, checks CSRF for
// cookie writes, checks the account against the route's access and the
// patient through Service::ReachPatient, audits, and maps Status to HTTP:
//   InvalidArgument 422 (400 for a body that is not JSON), NotFound 404,
//   PermissionDenied 403, Conflict 409, Unavailable 503, not signed in 401,
//   too many sign-in attempts 429. Errors are {"error": {"code", "message"}}.
// Fields a client must not set (role, clinic, owner, ids) are never read
// from request bodies.
//
// Thread-safety: Register once, from one thread, before serving; the
// handlers it adds may then run on many threads at once (the Service,
// Auth and Auditor they share are safe to share). Nothing here fails to
// its caller: every failure is an HTTP answer, as above.
#ifndef BACKCOACH_API_API_H_
#define BACKCOACH_API_API_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "api/paging.h"
#include "app/access.h"
#include "app/audit.h"
#include "app/auth.h"
#include "app/clinic_admin.h"
#include "app/mailer.h"
#include "app/service.h"
#include "http/http.h"
#include "http/static_files.h"

namespace backcoach {

struct ApiOptions {
  AuthOptions auth;
  // The built web app, read at start (StaticFiles::Load), served at / for
  // every GET no route matches; null for none.
  std::shared_ptr<const StaticFiles> web_app;
  bool allow_self_signup = true;  // patients without a clinic invitation
  // The audit key (the store signs with it too: Store::SetAuditKey) and
  // the anchor file, for the admin's check of the chain; see audit_key.h.
  std::string audit_key;
  std::string audit_anchor_file;  // empty: no anchors
  // E-mail for accounts (may be null: none). With it, a sign-up is finished
  // only from a link sent to the address, and a forgotten password is
  // reset from a link sent by e-mail; without it, sign-up is immediate and
  // a clinic's admin (or the operator) hands out reset links.
  Mailer* mailer = nullptr;
  std::string public_url = "http://localhost:8080";  // where links in e-mails point
  // Whether /readyz also says how many durable writes and commits the store
  // has made (for benchmarks). Off by default: /readyz answers anyone, and
  // how busy a health service is is not everyone's business.
  bool readyz_write_counts = false;
  // How long the audit entry of a read may wait for others to share its
  // batch (Auditor's batch wait); 0 writes it as soon as the writer is free.
  // Changes never wait: they are answered once their entry is stored.
  int audit_batch_wait_ms = 0;
};

class Api {
 public:
  Api(Store& store, const Content& content, const Clock& clock, ApiOptions options);
  ~Api();

  // Adds every route, the health checks and the web app to `router`, which
  // must outlive the Api's serving. Never fails.
  void Register(http::Router& router);
  Service& service() { return service_; }
  Auditor& auditor() { return auditor_; }
  Auth& auth() { return auth_; }

  // Who may call `route`, as its entry in the route table declared it; null
  // for a route that Register did not add.
  const RouteAccess* AccessOf(const http::Route& route) const;

  // The OpenAPI 3 document for the routes registered on `router`, each
  // with who may call it (x-access: AccessCallers).
  json OpenApi(const http::Router& router) const;

 private:
  // What a handler reports for the audit log: the request's one entry, as
  // Handle writes it when the handler has answered. Each field left empty
  // is Handle's own: the caller, "METHOD path", the patient the route's
  // {id} names, "ok".
  struct Audited {
    std::string action = "";
    std::string actor = "";    // for a public route that finds its account (sign-in)
    std::string patient = "";  // a patient the handler reached by other means than {id}
    std::string outcome = "";  // "denied" for a refusal the handler answers itself
    std::string detail = "";
  };
  // One request on its way through a handler.
  struct Call {
    const http::Request& request;
    std::optional<Principal> who;  // set unless the route is public
    std::optional<User> patient;   // set when the route's {id} is a patient
    std::optional<Reach> reach;    // how the caller reaches that patient
    json body;                     // the parsed body of a write, or {}
    // Set by a handler whose request must be audited although its route
    // names no patient: a sign-in, an account changed, patients listed.
    std::optional<Audited> audit = std::nullopt;
  };
  using Body = std::function<Result<http::Response>(Call&)>;
  // One entry of the route table: the route, who may call it, and its body.
  void Route(http::Router& router, const std::string& method, const std::string& pattern,
             http::RouteInfo info, RouteAccess access, Body body);
  // Runs a request through Admit and the route's body, and writes its one
  // audit entry: a refusal, an error, a patient's data read or changed, or
  // what the body reported (Call::audit). A change of a patient's data is
  // answered only once its entry is stored.
  http::Response Handle(const http::Request& request, const http::RouteInfo& info,
                        RouteAccess access, const Body& body);
  // The entry of a request that `call`'s body answered (`error` when it
  // failed), with Handle's defaults filled in; nullopt for a request that
  // touched nothing to audit.
  std::optional<AuditEntry> EntryFor(const Call& call, const std::string& requested_patient,
                                     const Status& error) const;
  // The checks a request passes before its body matters: signed in, CSRF,
  // role, and the patient it names within reach (filling `call`). An answer
  // (audited) refuses it. For a route that streams its body the server
  // also runs them on the head alone, so that a refused upload is never read.
  std::optional<http::Response> Admit(const http::Request& request, const http::RouteInfo& info,
                                      RouteAccess access, Call& call);

  // A list route's paging (api/paging.h), for its OpenAPI entry: its page
  // size, the array the answer holds its entries in, and their order.
  struct PagedList {
    PageSize size;
    std::string items;
    std::string order;
  };
  // Declares the route `method pattern` (already in the table) paged.
  void Paged(const std::string& method, const std::string& pattern, PageSize size,
             std::string items, std::string order);
  // The answer to a list request whose limit or cursor is not one (`why`):
  // 400 bad_request with why's message, audited as an error, as a refused
  // read of the same route is.
  static http::Response BadPage(Call& c, const Status& why);
  // One page of a patient's records of `kind`: {records, next_cursor}.
  Result<http::Response> RecordList(Call& c, RecordKind kind, PageSize size);

  void RegisterAccounts(http::Router& router);
  void RegisterPasswords(http::Router& router);  // api_account_routes.cc
  // The answer to a sign-up when addresses are confirmed by e-mail: the
  // same whether or not the address has an account (its owner is told).
  Result<http::Response> SignUpByMail(Call& c, const std::string& code,
                                      const std::string& supporter_code);
  // Starts a session for a newly made account and answers 201 with the
  // user, the session's token and CSRF token, and its cookie; audited as a
  // sign-up with `detail`. The session's error when it cannot start.
  Result<http::Response> SignedUp(Call& c, const User& user, const std::string& detail);
  // 429 with Retry-After ("try again" to `what`), audited as `action` denied.
  static http::Response TooMany(Call& c, const std::string& action, const std::string& what,
                                Timestamp wait, const std::string& detail);
  void RegisterPatient(http::Router& router);
  void RegisterClinic(http::Router& router);
  void RegisterContent(http::Router& router);
  void RegisterCare(http::Router& router);       // api_care_routes.cc
  void RegisterMessages(http::Router& router);   // api_message_routes.cc
  void RegisterReminders(http::Router& router);  // api_reminder_routes.cc
  void RegisterAdmin(http::Router& router);      // api_admin_routes.cc
  // The emergency number of the clinic of the person a request is signed in
  // as (the emergency card is public: a request without a session, or with
  // one that has ended, gets null, as does a person whose clinic has set
  // none). Never fails: the card must always be answered.
  json EmergencyNumberOf(const http::Request& request);
  void RegisterStatic(http::Router& router);

  Service service_;
  ClinicAdmin admin_{service_};
  Auth auth_;
  Auditor auditor_;
  ApiOptions options_;
  std::map<std::string, RouteAccess> access_;  // "METHOD pattern": filled by Register only
  std::map<std::string, PagedList> paged_;     // "METHOD pattern": the paged lists
};

// The JSON error body for a Status, and its HTTP status code.
http::Response ErrorResponse(const Status& status);
http::Response ErrorResponse(int http_status, const std::string& code, const std::string& message);

}  // namespace backcoach

#endif  // BACKCOACH_API_API_H_
