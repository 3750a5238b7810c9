// Auth: sign-in sessions, CSRF protection and login rate limiting.
//
// A session token is 256 random bits, given to the browser in an HttpOnly,
// SameSite=Strict cookie (Secure when served over TLS) or to scripts as a
// bearer token; only its SHA-256 is stored. Sessions end at logout, after
// `idle_seconds` without use, and `absolute_seconds` after sign-in,
// whichever comes first; signing in always starts a new session.
// Cookie-authenticated writes must carry the session's CSRF token in the
// X-CSRF-Token header. Failed sign-ins are limited per account and per
// address before any password is hashed, so a flood costs little.
#ifndef BACKCOACH_SERVER_AUTH_H_
#define BACKCOACH_SERVER_AUTH_H_

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "server/clock.h"
#include "server/http.h"
#include "storage/store.h"

namespace backcoach {

struct AuthOptions {
  Timestamp idle_seconds = 2 * 3600;       // signed out after 2 hours unused
  Timestamp absolute_seconds = 7 * 86400;  // and after 7 days whatever happens
  int max_failures_per_account = 5;        // within the window
  int max_failures_per_address = 30;
  Timestamp failure_window_seconds = 15 * 60;
  bool secure_cookies = false;  // set when served over TLS
};

constexpr const char* kSessionCookie = "bc_session";

// Who is calling, once authenticated.
struct Principal {
  User user;
  Session session;
  std::string token;
  bool via_cookie = false;
};

class Auth {
 public:
  Auth(Store& store, const Clock& clock, AuthOptions options);

  // Checks the password and starts a new session. PermissionDenied with one
  // message for an unknown email, a wrong password or a disabled account;
  // Unavailable("too many attempts...") when rate limited.
  Result<Principal> Login(const std::string& email, const std::string& password,
                          const std::string& address);
  // Starts a session for a user who has just signed up.
  Result<Principal> StartSession(const User& user);
  // The principal behind a request's cookie or bearer token; NotFound when
  // there is none or it has expired (the caller answers 401); the store's
  // error when the session could not be looked up (Unavailable when the
  // database is out of reach: the caller answers 503 and the client keeps
  // its session).
  Result<Principal> Authenticate(const http::Request& request);
  // OK for safe methods and bearer tokens; PermissionDenied when a
  // cookie-authenticated write lacks the right X-CSRF-Token.
  Status CheckCsrf(const Principal& principal, const http::Request& request) const;
  Status Logout(const Principal& principal);

  std::string SessionCookie(const std::string& token) const;
  std::string ExpiredCookie() const;
  bool RateLimited(const std::string& email, const std::string& address);
  // Counts a failed sign-in against the account and the address (Login
  // does this itself).
  void NoteFailure(const std::string& email, const std::string& address);
  // Accounts and addresses whose recent failures are remembered. Only
  // failed sign-ins (each a password hash) add one, and those without a
  // failure in the window are swept, so this stays bounded in a flood.
  std::size_t tracked_failures();

 private:
  using Failures = std::map<std::string, std::deque<Timestamp>>;

  // REQUIRES: mu_ held, for these three.
  int RecentFailures(const Failures& failures, const std::string& key) const;
  void Note(Failures& failures, const std::string& key, int limit);
  void SweepIfGrown();

  Store& store_;
  const Clock& clock_;
  AuthOptions options_;
  std::mutex mu_;
  Failures failures_by_account_;  // guarded by mu_; oldest first, at most the limit
  Failures failures_by_address_;  // guarded by mu_
  std::size_t sweep_at_ = 1024;   // guarded by mu_: the size that sweeps next
};

}  // namespace backcoach

#endif  // BACKCOACH_SERVER_AUTH_H_
