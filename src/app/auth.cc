#include "app/auth.h"

#include <algorithm>

#include "app/password.h"
#include "core/text.h"

namespace backcoach {

namespace {

constexpr const char* kBadLogin = "the email or password is not right";

// The longest email address there can be (RFC 5321: 64 + 1 + 255); longer
// input counts against its first this many bytes, so that a flood of huge
// "addresses" cannot make the failure counts hold huge keys.
constexpr std::size_t kMaxEmailKey = 320;

std::string SignInKeyOf(const std::string& email) {
  return LowerAscii(email.substr(0, kMaxEmailKey));
}

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

Timestamp Throttle::Wait(const std::string& key, Timestamp now) const {
  auto it = entries_.find(key);  // never inserts
  if (it == entries_.end()) return 0;
  const Entry& e = it->second;
  if (now - e.last > window_ || e.count < free_) return 0;
  const int doublings = std::min(e.count - free_, 30);
  const Timestamp wait = std::min<Timestamp>(max_wait_, Timestamp{1} << doublings);
  return std::max<Timestamp>(0, e.last + wait - now);
}

void Throttle::Note(const std::string& key, Timestamp now) {
  Entry& e = entries_[key];
  if (now - e.last > window_) e.count = 0;
  e.count = std::min(e.count + 1, 1 << 20);
  e.last = now;
  SweepIfGrown(now);
}

void Throttle::SweepIfGrown(Timestamp now) {
  if (entries_.size() < sweep_at_) return;
  std::erase_if(entries_, [&](const auto& entry) { return now - entry.second.last > window_; });
  sweep_at_ = std::max<std::size_t>(1024, 2 * entries_.size());
}

std::string WaitMessage(const std::string& what, Timestamp seconds) {
  const Timestamp n = std::max<Timestamp>(1, seconds);
  const std::string in = n == 1    ? "1 second"
                         : n < 120 ? std::to_string(n) + " seconds"
                                   : std::to_string((n + 59) / 60) + " minutes";
  return "too many attempts to " + what + "; please try again in " + in;
}

Auth::Auth(Store& store, const Clock& clock, AuthOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      known_(options.session_cache),
      by_pair_(options.free_failures_per_pair, options.max_wait_per_pair,
               options.failure_window_seconds),
      by_account_(options.free_failures_per_account, options.max_wait_shared,
                  options.failure_window_seconds),
      by_address_(options.free_failures_per_address, options.max_wait_shared,
                  options.failure_window_seconds),
      signups_(options.free_signups_per_address, options.max_wait_signup,
               options.signup_window_seconds) {}

namespace {

std::string PairKey(const std::string& account, const std::string& address) {
  return account + "\n" + address;
}

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::string Auth::ClientAddress(const std::string& remote_address,
                                const std::string& forwarded) const {
  if (options_.trusted_proxy.empty() || remote_address != options_.trusted_proxy) {
    return remote_address;
  }
  std::size_t end = forwarded.size();
  while (end > 0) {
    const auto comma = forwarded.rfind(',', end - 1);
    const std::size_t start = comma == std::string::npos ? 0 : comma + 1;
    const std::string entry = Trim(forwarded.substr(start, end - start));
    if (!entry.empty() && entry != options_.trusted_proxy) return entry.substr(0, 64);
    if (comma == std::string::npos) break;
    end = comma;
  }
  return remote_address;
}

Timestamp Auth::SignInWait(const std::string& email, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const Timestamp now = clock_.Now();
  const std::string account = SignInKeyOf(email);
  Timestamp wait =
      std::max(by_pair_.Wait(PairKey(account, address), now), by_address_.Wait(address, now));
  auto known = known_addresses_.find(account);
  const bool familiar =
      known != known_addresses_.end() &&
      std::find(known->second.begin(), known->second.end(), address) != known->second.end();
  if (!familiar) wait = std::max(wait, by_account_.Wait(account, now));
  return wait;
}

void Auth::NoteFailure(const std::string& email, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const Timestamp now = clock_.Now();
  const std::string account = SignInKeyOf(email);
  by_pair_.Note(PairKey(account, address), now);
  by_account_.Note(account, now);
  by_address_.Note(address, now);
}

void Auth::NoteSuccess(const std::string& email, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string account = SignInKeyOf(email);
  by_pair_.Clear(PairKey(account, address));
  std::deque<std::string>& known = known_addresses_[account];
  if (std::find(known.begin(), known.end(), address) != known.end()) return;
  known.push_back(address.substr(0, 64));
  while (known.size() > 4) known.pop_front();
}

Timestamp Auth::SignUpWait(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  return signups_.Wait(address, clock_.Now());
}

void Auth::NoteSignUp(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  signups_.Note(address, clock_.Now());
}

std::size_t Auth::tracked_failures() {
  std::lock_guard<std::mutex> lock(mu_);
  return by_pair_.size() + by_account_.size() + by_address_.size() + signups_.size();
}

Result<Principal> Auth::Login(const std::string& email, const std::string& password,
                              const std::string& address) {
  if (Timestamp wait = SignInWait(email, address); wait > 0) {
    return Status::Unavailable(WaitMessage("sign in", wait));
  }
  auto user = store_.FindUserByEmail(LowerAscii(email));
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
  NoteSuccess(email, address);
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

bool Auth::Expired(const Session& session, Timestamp now) const {
  return now - session.last_seen > options_.idle_seconds ||
         now - session.created_at > options_.absolute_seconds;
}

Result<std::shared_ptr<const Auth::Known>> Auth::Lookup(const std::string& token_hash,
                                                        std::int64_t epoch, bool fresh) {
  if (!fresh) {
    if (auto kept = known_.Get(token_hash, epoch)) return kept;
  }
  auto session = store_.GetSession(token_hash);
  if (!session.ok()) return session.status();
  auto user = store_.GetUser(session->user_id);
  if (!user.ok()) return user.status();
  auto known = std::make_shared<const Known>(Known{*std::move(session), *std::move(user)});
  known_.Put(token_hash, epoch, known);
  return known;
}

Result<Principal> Auth::Authenticate(const std::string& token, bool via_cookie) {
  if (token.empty() || token.size() > 128) return Status::NotFound("not signed in");
  // The epoch first: a copy read after it is at least as new as it says.
  auto epoch = store_.AccessEpoch();
  if (!epoch.ok()) return NotSignedIn(epoch.status());
  const std::string token_hash = Sha256Hex(token);
  const Timestamp now = clock_.Now();
  auto known = Lookup(token_hash, *epoch, /*fresh=*/false);
  // Another server may have seen the session since this copy was kept:
  // only the stored last use may end it for idleness.
  if (known.ok() && Expired((*known)->session, now)) known = Lookup(token_hash, *epoch, true);
  if (!known.ok()) return NotSignedIn(known.status());
  const Session& session = (*known)->session;
  if (Expired(session, now)) {
    store_.DeleteSession(token_hash);
    return Status::NotFound("the session has expired; please sign in again");
  }
  if ((*known)->user.disabled) return Status::NotFound("not signed in");
  Principal p{(*known)->user, session, token, via_cookie, *epoch};
  // Touch now and then only: reads stay reads.
  if (now - session.last_seen >= options_.touch_seconds &&
      store_.TouchSession(token_hash, now).ok()) {
    p.session.last_seen = now;
    known_.Put(token_hash, *epoch, std::make_shared<const Known>(Known{p.session, p.user}));
  }
  return p;
}

Status Auth::CheckCsrf(const Principal& p, bool write, const std::string& sent) const {
  if (!write || !p.via_cookie) return Status::Ok();
  if (sent.empty() || sent != p.session.csrf_token) {
    return Status::PermissionDenied("missing or wrong X-CSRF-Token header");
  }
  return Status::Ok();
}

Status Auth::Logout(const Principal& p) { return store_.DeleteSession(p.session.token_hash); }

Status Auth::LogoutEverywhere(const Principal& p) { return store_.DeleteSessionsOf(p.user.id); }

std::string Auth::SessionCookie(const std::string& token) const {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         "; Max-Age=" + std::to_string(options_.absolute_seconds) +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string Auth::ExpiredCookie() const {
  std::string cookie = kSessionCookie;
  cookie += "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (options_.secure_cookies) cookie += "; Secure";
  return cookie;
}

}  // namespace backcoach
