// Auth: sign-in sessions, CSRF protection and login rate limiting.
//
// A session token is 256 random bits, given to the browser in an HttpOnly,
// SameSite=Strict cookie (Secure when served over TLS) or to scripts as a
// bearer token; only its SHA-256 is stored. Sessions end at logout, after
// `idle_seconds` without use, and `absolute_seconds` after sign-in,
// whichever comes first; signing in always starts a new session.
// Cookie-authenticated writes must carry the session's CSRF token in the
// X-CSRF-Token header.
//
// Failed sign-ins slow down, and never lock out: past a few free failures,
// each one doubles the wait before the next try of the same account from
// the same address (up to 15 minutes), of the account from anywhere and of
// the address for any account (up to a minute each: so that no one can
// keep the owner, or everyone behind one proxy, out for long). The right
// password always gets in once the wait is over, and an address the
// account signed in from before is not held up by failures from elsewhere.
// The waits are checked before any password is hashed, so a flood costs
// little. Sign-ups are slowed the same way per address.
//
// Sessions live in the Store. The sessions in use are also kept in memory
// with their accounts (a bounded cache), each marked with the store's
// access epoch (Store::AccessEpoch) it was read at: a request reads the
// epoch, one small read, and uses the kept copy only while the epoch is
// unchanged. Logging out, signing out everywhere, a change of password,
// disabling and erasing an account all change the epoch, from whichever
// server or command they come, so a revoked session is refused from the
// next request on every server.
//
// Thread-safety: an Auth may be used from any thread at once (its counts
// are guarded by one mutex, its cache by its own). A Throttle is not
// thread-safe on its own.
#ifndef BACKCOACH_APP_AUTH_H_
#define BACKCOACH_APP_AUTH_H_

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "app/clock.h"
#include "app/versioned_cache.h"
#include "storage/store.h"

namespace backcoach {

struct AuthOptions {
  Timestamp idle_seconds = 2 * 3600;       // signed out after 2 hours unused
  Timestamp absolute_seconds = 7 * 86400;  // and after 7 days whatever happens
  // A session's last use is written at most this often: each write is a
  // durable write that a read would otherwise wait for. A session may so
  // end up to this much sooner than idle_seconds after its last use, never
  // later.
  Timestamp touch_seconds = 5 * 60;
  // Failures before any wait: of one account from one address, of one
  // account from anywhere, from one address for any account.
  int free_failures_per_pair = 5;
  int free_failures_per_account = 10;
  int free_failures_per_address = 30;
  Timestamp max_wait_per_pair = 15 * 60;
  Timestamp max_wait_shared = 60;  // for the account from anywhere, and for the address
  // A key with no failure for this long starts afresh.
  Timestamp failure_window_seconds = 15 * 60;
  int free_signups_per_address = 20;  // within the sign-up window
  Timestamp signup_window_seconds = 3600;
  Timestamp max_wait_signup = 10 * 60;
  bool secure_cookies = false;  // set when served over TLS
  // The address of a reverse proxy whose X-Forwarded-For is believed; ""
  // for none (the connection's address is the client's).
  std::string trusted_proxy;
  // Sessions kept in memory with their accounts; the least recently used
  // goes past this many.
  std::size_t session_cache = 16384;
};

// Counts events (failed sign-ins, sign-ups) by key and says how long a key
// must wait before its next try: nothing for the first `free`, then 1, 2,
// 4... seconds after the latest, up to `max_wait`. A key quiet for
// `window` seconds starts afresh. Not thread-safe: Auth guards it.
class Throttle {
 public:
  Throttle(int free, Timestamp max_wait, Timestamp window)
      : free_(free), max_wait_(max_wait), window_(window) {}
  // Seconds `key` must still wait at `now`; 0 when it may try. Never
  // inserts: a check must not cost memory.
  Timestamp Wait(const std::string& key, Timestamp now) const;
  void Note(const std::string& key, Timestamp now);  // never fails
  void Clear(const std::string& key) { entries_.erase(key); }
  // Drops the keys quiet for a window, once the map has doubled since the
  // last sweep (amortised), so that it stays bounded in a flood.
  void SweepIfGrown(Timestamp now);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int count = 0;
    Timestamp last = 0;
  };
  int free_;
  Timestamp max_wait_;
  Timestamp window_;
  std::map<std::string, Entry> entries_;
  std::size_t sweep_at_ = 1024;
};

// The cookie a browser's session token travels in.
constexpr const char* kSessionCookie = "bc_session";

// Who is calling, once authenticated.
struct Principal {
  User user;
  Session session;
  std::string token;
  bool via_cookie = false;
  // The store's access epoch read before the session and account were
  // (0 when not read): other accounts kept since then are current too.
  std::int64_t access_epoch = 0;
};

class Auth {
 public:
  Auth(Store& store, const Clock& clock, AuthOptions options);

  // Checks the password and starts a new session. PermissionDenied with one
  // message for an unknown email, a wrong password or a disabled account;
  // Unavailable(WaitMessage) while the account or address must wait.
  Result<Principal> Login(const std::string& email, const std::string& password,
                          const std::string& address);
  // Starts a session for a user who has just signed up; the store's error
  // when it cannot be stored.
  Result<Principal> StartSession(const User& user);
  // The principal behind a session token, as sent in the session cookie
  // (`via_cookie`) or as a bearer token; NotFound when there is none (an
  // empty or overlong token) or it has expired (the caller answers 401);
  // the store's error when the session could not be looked up (Unavailable
  // when the database is out of reach: the caller answers 503 and the
  // client keeps its session).
  Result<Principal> Authenticate(const std::string& token, bool via_cookie);
  // OK for reads (`write` false) and bearer tokens; PermissionDenied when a
  // cookie-authenticated write's `csrf_token` (the X-CSRF-Token header, ""
  // when absent) is not the session's.
  Status CheckCsrf(const Principal& principal, bool write, const std::string& csrf_token) const;
  // Ends the principal's session; the store's error when it cannot.
  Status Logout(const Principal& principal);
  // Ends every session of the principal's account, this one too; the
  // store's error when it cannot.
  Status LogoutEverywhere(const Principal& principal);

  // The Set-Cookie values that hand `token` to a browser, and that end it.
  // Never fail.
  std::string SessionCookie(const std::string& token) const;
  std::string ExpiredCookie() const;

  // The client's address: the connection's (`remote_address`), or, when
  // it is the trusted proxy, the right-most address of `forwarded_for`
  // (the X-Forwarded-For header) that is not the proxy's own (the left
  // part of that header is whatever the client wrote, and is never
  // believed). Never fails: "" when neither holds an address.
  std::string ClientAddress(const std::string& remote_address,
                            const std::string& forwarded_for) const;

  // Seconds a sign-in (or another check of a password, such as a change
  // of password) to `email` from `address` must still wait; 0 when it may
  // go ahead. The counting functions below never fail.
  Timestamp SignInWait(const std::string& email, const std::string& address);
  bool RateLimited(const std::string& email, const std::string& address) {
    return SignInWait(email, address) > 0;
  }
  // Counts a failed check of the account's password from the address
  // (Login does this itself), and a good one, which clears the account's
  // wait from that address and lets it past failures from elsewhere.
  void NoteFailure(const std::string& email, const std::string& address);
  void NoteSuccess(const std::string& email, const std::string& address);
  // The same for sign-ups: every attempt counts, per address.
  Timestamp SignUpWait(const std::string& address);
  void NoteSignUp(const std::string& address);
  // Keys whose recent failures are remembered. Only failed sign-ins (each a
  // password hash) and sign-ups add one, and those quiet for a window are
  // swept, so this stays bounded in a flood.
  std::size_t tracked_failures();

 private:
  struct Known {  // a session with its account, as read at one access epoch
    Session session;
    User user;
  };
  // The session of `token_hash` and its account: the kept copy when it is
  // from `epoch`, or else read from the store and kept. NotFound when either
  // is not there; the store's error when it cannot be read.
  Result<std::shared_ptr<const Known>> Lookup(const std::string& token_hash, std::int64_t epoch,
                                              bool fresh);
  bool Expired(const Session& session, Timestamp now) const;

  Store& store_;
  const Clock& clock_;
  AuthOptions options_;
  VersionedCache<Known> known_;  // by token hash, versioned by access epoch
  std::mutex mu_;
  Throttle by_pair_;     // guarded by mu_: account and address
  Throttle by_account_;  // guarded by mu_
  Throttle by_address_;  // guarded by mu_
  Throttle signups_;     // guarded by mu_: by address
  // The addresses each account last signed in from (a few), whose tries
  // wait only for their own failures. Guarded by mu_.
  std::map<std::string, std::deque<std::string>> known_addresses_;
};

// "too many attempts to sign in; please try again in 30 seconds" (or in N
// minutes), for a wait of `seconds`. Never fails.
std::string WaitMessage(const std::string& what, Timestamp seconds);

}  // namespace backcoach

#endif  // BACKCOACH_APP_AUTH_H_
