#include "server/auth.h"

#include <algorithm>

#include "server/password.h"

namespace backcoach {

namespace {

constexpr const char* kBadLogin = "the email or password is not right";

// The longest email address there can be (RFC 5321: 64 + 1 + 255); longer
// input counts against its first this many bytes, so that a flood of huge
// "addresses" cannot make the failure counts hold huge keys.
constexpr std::size_t kMaxEmailKey = 320;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string AccountKey(const std::string& email) { return Lower(email.substr(0, kMaxEmailKey)); }

// A hash to verify against when the email is unknown, so that the answer
// takes as long as for a known email.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("no such account, ever").value();
  return hash;
}

// A session or user that is not there means "not signed in"; a store that
// cannot answer says so instead, or every client would be signed out while
// the database is away.
Status NotSignedIn(const Status& lookup) {
  if (lookup.code() == StatusCode::kNotFound) return Status::NotFound("not signed in");
  return lookup;
}

}  // namespace

Auth::Auth(Store& store, const Clock& clock, AuthOptions options)
    : store_(store), clock_(clock), options_(options) {}

int Auth::RecentFailures(const Failures& failures, const std::string& key) const {
  auto it = failures.find(key);  // never inserts: a check must not cost memory
  if (it == failures.end()) return 0;
  const Timestamp horizon = clock_.Now() - options_.failure_window_seconds;
  return static_cast<int>(std::count_if(it->second.begin(), it->second.end(),
                                        [&](Timestamp t) { return t > horizon; }));
}

bool Auth::RateLimited(const std::string& email, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  return RecentFailures(failures_by_account_, AccountKey(email)) >=
             options_.max_failures_per_account ||
         RecentFailures(failures_by_address_, address) >= options_.max_failures_per_address;
}

void Auth::Note(Failures& failures, const std::string& key, int limit) {
  std::deque<Timestamp>& times = failures[key];
  times.push_back(clock_.Now());
  // Only whether `limit` failures fall in the window matters.
  while (static_cast<int>(times.size()) > std::max(1, limit)) times.pop_front();
}

void Auth::SweepIfGrown() {
  if (failures_by_account_.size() + failures_by_address_.size() < sweep_at_) return;
  const Timestamp horizon = clock_.Now() - options_.failure_window_seconds;
  for (Failures* failures : {&failures_by_account_, &failures_by_address_}) {
    std::erase_if(*failures, [&](const auto& entry) { return entry.second.back() <= horizon; });
  }
  // Amortised: the next sweep waits until the maps have doubled again.
  sweep_at_ =
      std::max<std::size_t>(1024, 2 * (failures_by_account_.size() + failures_by_address_.size()));
}

void Auth::NoteFailure(const std::string& email, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  Note(failures_by_account_, AccountKey(email), options_.max_failures_per_account);
  Note(failures_by_address_, address, options_.max_failures_per_address);
  SweepIfGrown();
}

std::size_t Auth::tracked_failures() {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_by_account_.size() + failures_by_address_.size();
}

Result<Principal> Auth::Login(const std::string& email, const std::string& password,
                              const std::string& address) {
  if (RateLimited(email, address)) {
    return Status::Unavailable("too many attempts to sign in; please wait 15 minutes");
  }
  auto user = store_.FindUserByEmail(Lower(email));
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    VerifyPassword(DummyHash(), password);
    NoteFailure(email, address);
    return Status::PermissionDenied(kBadLogin);
  }
  if (!VerifyPassword(user->password_hash, password) || user->disabled) {
    NoteFailure(email, address);
    return Status::PermissionDenied(kBadLogin);
  }
  return StartSession(*user);
}

Result<Principal> Auth::StartSession(const User& user) {
  Principal p;
  p.user = user;
  p.token = RandomHex(32);
  p.session.token_hash = Sha256Hex(p.token);
  p.session.user_id = user.id;
  p.session.csrf_token = RandomHex(16);
  p.session.created_at = p.session.last_seen = clock_.Now();
  if (Status s = store_.CreateSession(p.session); !s.ok()) return s;
  return p;
}

Result<Principal> Auth::Authenticate(const http::Request& request) {
  Principal p;
  std::string token = request.Cookie(kSessionCookie);
  p.via_cookie = !token.empty();
  const std::string authorization = request.Header("authorization");
  if (token.empty() && authorization.rfind("Bearer ", 0) == 0) token = authorization.substr(7);
  if (token.empty() || token.size() > 128) return Status::NotFound("not signed in");
  p.token = token;
  auto session = store_.GetSession(Sha256Hex(token));
  if (!session.ok()) return NotSignedIn(session.status());
  const Timestamp now = clock_.Now();
  if (now - session->last_seen > options_.idle_seconds ||
      now - session->created_at > options_.absolute_seconds) {
    store_.DeleteSession(session->token_hash);
    return Status::NotFound("the session has expired; please sign in again");
  }
  auto user = store_.GetUser(session->user_id);
  if (!user.ok()) return NotSignedIn(user.status());
  if (user->disabled) return Status::NotFound("not signed in");
  // Touch at most once a minute: reads stay reads.
  if (now - session->last_seen >= 60) store_.TouchSession(session->token_hash, now);
  p.user = *user;
  p.session = *session;
  return p;
}

Status Auth::CheckCsrf(const Principal& p, const http::Request& request) const {
  const bool safe = request.method == "GET" || request.method == "HEAD";
  if (safe || !p.via_cookie) return Status::Ok();
  const std::string sent = request.Header("x-csrf-token");
  if (sent.empty() || sent != p.session.csrf_token) {
    return Status::PermissionDenied("missing or wrong X-CSRF-Token header");
  }
  return Status::Ok();
}

Status Auth::Logout(const Principal& p) { return store_.DeleteSession(p.session.token_hash); }

std::string Auth::SessionCookie(const std::string& token) const {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         "; Max-Age=" + std::to_string(options_.absolute_seconds) +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string Auth::ExpiredCookie() const {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (options_.secure_cookies ? "; Secure" : "");
}

}  // namespace backcoach
