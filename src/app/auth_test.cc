// Auth on its own, over the in-memory store and a fake clock: session
// expiry at its exact limits, logout, and the memory the sign-in limits keep.
#include "app/auth.h"

#include <gtest/gtest.h>

#include "app/password.h"
#include "storage/memory_store.h"

namespace backcoach {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  AuthTest() : auth_(store_, clock_, AuthOptions{}) {
    User user;
    user.id = "u1";
    user.email = "a@example.test";
    user.display_name = "A";
    user.role = Role::kPatient;
    user.password_hash = HashPassword("long enough password").value();
    EXPECT_TRUE(store_.CreateUser(user).ok());
    user_ = user;
  }

  bool SignedIn(const std::string& token) { return auth_.Authenticate(token, false).ok(); }

  MemoryStore store_;
  FakeClock clock_{1'800'000'000};
  Auth auth_;
  User user_;
};

TEST_F(AuthTest, IdleSessionLastsExactlyTheIdleLimit) {
  const std::string token = auth_.StartSession(user_)->token;
  clock_.Advance(AuthOptions{}.idle_seconds);
  EXPECT_TRUE(SignedIn(token)) << "at the limit";
  const std::string other = auth_.StartSession(user_)->token;
  clock_.Advance(AuthOptions{}.idle_seconds + 1);
  EXPECT_FALSE(SignedIn(other)) << "one second past it";
}

TEST_F(AuthTest, UseKeepsASessionUntilTheAbsoluteLimit) {
  const std::string token = auth_.StartSession(user_)->token;
  const Timestamp absolute = AuthOptions{}.absolute_seconds;
  for (Timestamp t = 0; t + 3600 <= absolute; t += 3600) {
    ASSERT_TRUE(SignedIn(token)) << "after " << t << " s of use";
    clock_.Advance(3600);
  }
  EXPECT_TRUE(SignedIn(token)) << "at the absolute limit";
  clock_.Advance(1);
  EXPECT_FALSE(SignedIn(token)) << "past it, however recently used";
}

// Use is written at most every touch_seconds. A session so ends no later
// than idle_seconds after its last use, and sooner by less than
// touch_seconds at most.
TEST_F(AuthTest, UseIsWrittenNowAndThenAndTheIdleLimitHoldsWithinThatMargin) {
  const AuthOptions options;
  ASSERT_LT(options.touch_seconds, options.idle_seconds);
  const std::string token = auth_.StartSession(user_)->token;
  const std::string hash = Sha256Hex(token);
  const Timestamp signed_in = clock_.Now();
  clock_.Advance(options.touch_seconds - 1);
  ASSERT_TRUE(SignedIn(token));
  EXPECT_EQ(store_.GetSession(hash)->last_seen, signed_in) << "not written yet";
  clock_.Advance(1);
  ASSERT_TRUE(SignedIn(token));
  EXPECT_EQ(store_.GetSession(hash)->last_seen, clock_.Now()) << "written once due";
  clock_.Advance(options.idle_seconds);
  EXPECT_TRUE(SignedIn(token)) << "at the idle limit after a written use";
  clock_.Advance(options.idle_seconds + 1);
  EXPECT_FALSE(SignedIn(token)) << "never later than the idle limit after the last use";

  // A use just before the next write was due is not kept: the session ends
  // touch_seconds - 1 sooner than the idle limit after it.
  const std::string other = auth_.StartSession(user_)->token;
  const Timestamp written = clock_.Now();
  clock_.Advance(options.touch_seconds - 1);
  ASSERT_TRUE(SignedIn(other));
  clock_.Advance(options.idle_seconds - options.touch_seconds + 2);
  EXPECT_EQ(clock_.Now(), written + options.idle_seconds + 1);
  EXPECT_FALSE(SignedIn(other)) << "the idle limit after the last written use";
}

TEST_F(AuthTest, AnExpiredSessionIsDeletedNotJustRefused) {
  const std::string token = auth_.StartSession(user_)->token;
  clock_.Advance(AuthOptions{}.idle_seconds + 1);
  EXPECT_FALSE(SignedIn(token));
  clock_.Advance(-(AuthOptions{}.idle_seconds + 1));  // a clock set back
  EXPECT_FALSE(SignedIn(token));
  EXPECT_FALSE(store_.GetSession(Sha256Hex(token)).ok());
}

TEST_F(AuthTest, LogoutEndsOnlyThatSession) {
  auto first = auth_.StartSession(user_);
  auto second = auth_.StartSession(user_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->session.csrf_token, second->session.csrf_token);
  EXPECT_TRUE(auth_.Logout(*first).ok());
  EXPECT_FALSE(SignedIn(first->token));
  EXPECT_TRUE(SignedIn(second->token));
}

// Two servers on one database, the second's Auth beside the fixture's.
// Each test makes the first keep the session in memory, ends it or changes
// the account through the second or the store (as another server or a
// command would), and expects the first to refuse it at once.
class AuthOnTwoServersTest : public AuthTest {
 protected:
  // The first server has used the session, so it keeps it.
  std::string KeptSession() {
    const std::string token = auth_.StartSession(user_)->token;
    EXPECT_TRUE(SignedIn(token));
    return token;
  }
  Auth other_{store_, clock_, AuthOptions{}};
};

TEST_F(AuthOnTwoServersTest, LogoutOnAnotherServerEndsTheSessionHere) {
  const std::string token = KeptSession();
  auto there = other_.Authenticate(token, false);
  ASSERT_TRUE(there.ok());
  ASSERT_TRUE(other_.Logout(*there).ok());
  EXPECT_FALSE(SignedIn(token));
}

TEST_F(AuthOnTwoServersTest, SigningOutEverywhereEndsEverySessionHere) {
  const std::string first = KeptSession();
  const std::string second = KeptSession();
  auto there = other_.Authenticate(second, false);
  ASSERT_TRUE(there.ok());
  ASSERT_TRUE(other_.LogoutEverywhere(*there).ok());
  EXPECT_FALSE(SignedIn(first));
  EXPECT_FALSE(SignedIn(second));
}

TEST_F(AuthOnTwoServersTest, ANewPasswordEndsTheOtherSessionsHere) {
  const std::string token = KeptSession();
  const std::string kept_by_the_change = KeptSession();
  // What a change of password does (Service::ChangePassword): a new hash,
  // and every session but the one that asked ends.
  User changed = user_;
  changed.password_hash = HashPassword("another long password").value();
  ASSERT_TRUE(store_.UpdateUser(changed).ok());
  ASSERT_TRUE(store_.DeleteSessionsOf(user_.id, Sha256Hex(kept_by_the_change)).ok());
  EXPECT_FALSE(SignedIn(token));
  auto still = auth_.Authenticate(kept_by_the_change, false);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->user.password_hash, changed.password_hash) << "the account is read afresh";
}

TEST_F(AuthOnTwoServersTest, DisablingTheAccountElsewhereRefusesItHere) {
  const std::string token = KeptSession();
  User disabled = user_;
  disabled.disabled = true;  // only the flag: the sessions are left in place
  ASSERT_TRUE(store_.UpdateUser(disabled).ok());
  EXPECT_FALSE(SignedIn(token));
}

TEST_F(AuthOnTwoServersTest, ErasingTheAccountElsewhereRefusesItHere) {
  const std::string token = KeptSession();
  ASSERT_TRUE(store_.EraseUser(user_.id).ok());
  EXPECT_FALSE(SignedIn(token));
}

// The kept copy may have an older last use than the store: a session used
// on the other server within the idle limit is not ended here.
TEST_F(AuthOnTwoServersTest, UseOnAnotherServerKeepsTheSessionAliveHere) {
  const std::string token = KeptSession();
  const Timestamp idle = AuthOptions{}.idle_seconds;
  clock_.Advance(idle - 10);
  ASSERT_TRUE(other_.Authenticate(token, false).ok());  // touches the stored session
  clock_.Advance(20);  // past the idle limit of this server's copy only
  EXPECT_TRUE(SignedIn(token));
  EXPECT_TRUE(store_.GetSession(Sha256Hex(token)).ok()) << "deleted as if idle";
  clock_.Advance(idle + 1);
  EXPECT_FALSE(SignedIn(token)) << "idle on both servers";
}

// Counts the reads of sessions and accounts: a kept session costs neither.
class CountingStore : public MemoryStore {
 public:
  Result<Session> GetSession(const std::string& token_hash) override {
    ++reads;
    return MemoryStore::GetSession(token_hash);
  }
  Result<User> GetUser(const std::string& id) override {
    ++reads;
    return MemoryStore::GetUser(id);
  }
  int reads = 0;
};

User PatientIn(Store& store) {
  User user;
  user.id = "u1";
  user.email = "a@example.test";
  user.display_name = "A";
  user.role = Role::kPatient;
  EXPECT_TRUE(store.CreateUser(user).ok());
  return user;
}

TEST(AuthCacheTest, AKeptSessionIsNotReadAgainUntilTheEpochMoves) {
  CountingStore store;
  FakeClock clock{1'800'000'000};
  Auth auth(store, clock, AuthOptions{});
  const User user = PatientIn(store);
  const std::string token = auth.StartSession(user)->token;
  const std::string other = auth.StartSession(user)->token;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(auth.Authenticate(token, false).ok());
  EXPECT_EQ(store.reads, 2) << "one read of the session and one of the account";
  ASSERT_TRUE(store.DeleteSession(Sha256Hex(other)).ok());
  ASSERT_TRUE(auth.Authenticate(token, false).ok());
  EXPECT_EQ(store.reads, 4) << "read again once after the epoch moved";
}

TEST(AuthCacheTest, TheCacheStaysWithinItsBound) {
  CountingStore store;
  FakeClock clock{1'800'000'000};
  AuthOptions options;
  options.session_cache = 3;
  Auth auth(store, clock, options);
  const User user = PatientIn(store);
  std::vector<std::string> tokens;
  for (int i = 0; i < 5; ++i) tokens.push_back(auth.StartSession(user)->token);
  for (const auto& t : tokens) ASSERT_TRUE(auth.Authenticate(t, false).ok());
  store.reads = 0;
  for (int i = 2; i < 5; ++i) ASSERT_TRUE(auth.Authenticate(tokens[i], false).ok());
  EXPECT_EQ(store.reads, 0) << "the three most recent are kept";
  ASSERT_TRUE(auth.Authenticate(tokens[0], false).ok());
  EXPECT_EQ(store.reads, 2) << "the oldest was let go";
}

TEST_F(AuthTest, CheckingTheLimitRemembersNothing) {
  for (int i = 0; i < 5000; ++i) {
    EXPECT_FALSE(auth_.RateLimited("flood" + std::to_string(i) + "@example.test", "10.0.0.1"));
  }
  EXPECT_EQ(auth_.tracked_failures(), 0u);
}

TEST_F(AuthTest, FailuresOutsideTheWindowAreSwept) {
  for (int i = 0; i < 600; ++i) {
    auth_.NoteFailure("nobody" + std::to_string(i) + "@example.test",
                      "10.0.0." + std::to_string(i % 200));
  }
  EXPECT_EQ(auth_.tracked_failures(), 1400u);  // 600 pairs, 600 accounts and 200 addresses
  clock_.Advance(AuthOptions{}.failure_window_seconds + 1);
  for (int i = 0; i < 500; ++i) {
    auth_.NoteFailure("later" + std::to_string(i) + "@example.test", "10.1.0.1");
  }
  EXPECT_LT(auth_.tracked_failures(), 1300u) << "the old ones went at the sweep";
}

// Five wrong passwords used to lock the owner out for 15 minutes, whatever
// they typed next: now each failure past the free ones doubles a short
// wait, and the right password gets in as soon as it is over.
TEST_F(AuthTest, WrongPasswordsSlowDownButNeverLockTheRightOneOut) {
  const AuthOptions options;
  for (int i = 0; i < options.free_failures_per_pair; ++i) {
    EXPECT_FALSE(auth_.Login("A@example.test", "wrong", "10.0.0.1").ok());
  }
  auto waiting = auth_.Login("a@example.test", "long enough password", "10.0.0.1");
  EXPECT_EQ(waiting.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(waiting.status().message(),
            "too many attempts to sign in; please try again in 1 second");
  clock_.Advance(1);
  EXPECT_FALSE(auth_.Login("a@example.test", "wrong", "10.0.0.1").ok());
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.0.0.1"), 2) << "doubled";
  clock_.Advance(2);
  EXPECT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.1").ok());
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.0.0.1"), 0) << "a success clears the wait";
}

TEST_F(AuthTest, TheWaitOfOnePlaceIsAtMostFifteenMinutes) {
  for (int i = 0; i < 40; ++i) auth_.NoteFailure("a@example.test", "10.0.0.1");
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.0.0.1"), 15 * 60);
  clock_.Advance(15 * 60);
  EXPECT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.1").ok());
}

// Failures from many addresses slow the account down for a minute at most,
// and not at all where its owner signed in before.
TEST_F(AuthTest, FailuresFromElsewhereDoNotKeepTheOwnerOut) {
  ASSERT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.7").ok());
  for (int i = 0; i < 200; ++i) {
    auth_.NoteFailure("a@example.test", "172.16.0." + std::to_string(i));
  }
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.9.9.9"), AuthOptions{}.max_wait_shared);
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.0.0.7"), 0);
  EXPECT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.7").ok());
}

// Thirty failures from one address used to lock everyone behind it (a
// clinic's proxy) out for 15 minutes; now they wait a minute at most.
TEST_F(AuthTest, ManyFailuresFromOneAddressWaitAMinuteAtMost) {
  for (int i = 0; i < 500; ++i) {
    auth_.NoteFailure("someone" + std::to_string(i) + "@example.test", "10.0.0.1");
  }
  EXPECT_EQ(auth_.SignInWait("a@example.test", "10.0.0.1"), 60);
  clock_.Advance(60);
  EXPECT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.1").ok());
}

TEST_F(AuthTest, AHugeEmailIsCountedByItsFirstBytes) {
  const std::string huge = std::string(1 << 20, 'x') + "@example.test";
  for (int i = 0; i < AuthOptions{}.free_failures_per_account; ++i) {
    auth_.NoteFailure(huge + std::to_string(i), "10.0.0." + std::to_string(i));
  }
  EXPECT_TRUE(auth_.RateLimited(huge + "another", "10.9.9.9"))
      << "one account as far as the limit is concerned";
}

TEST_F(AuthTest, SignUpsSlowDownPerAddress) {
  for (int i = 0; i < AuthOptions{}.free_signups_per_address; ++i) {
    EXPECT_EQ(auth_.SignUpWait("10.0.0.1"), 0);
    auth_.NoteSignUp("10.0.0.1");
  }
  EXPECT_EQ(auth_.SignUpWait("10.0.0.1"), 1);
  EXPECT_EQ(auth_.SignUpWait("10.0.0.2"), 0);
}

// Only the trusted proxy's X-Forwarded-For is believed, and of it only the
// right-most entry that is not the proxy: the rest is what the client wrote.
TEST(ClientAddressTest, ReadFromTheTrustedProxyOnly) {
  MemoryStore store;
  FakeClock clock{1'800'000'000};
  AuthOptions options;
  options.trusted_proxy = "10.0.0.2";
  Auth auth(store, clock, options);
  EXPECT_EQ(auth.ClientAddress("203.0.113.9", "198.51.100.1"), "203.0.113.9")
      << "not from the proxy: not believed";
  EXPECT_EQ(auth.ClientAddress("10.0.0.2", "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(auth.ClientAddress("10.0.0.2", "1.2.3.4, 198.51.100.1"), "198.51.100.1")
      << "the forged left part is ignored";
  EXPECT_EQ(auth.ClientAddress("10.0.0.2", "198.51.100.1, 10.0.0.2"), "198.51.100.1");
  EXPECT_EQ(auth.ClientAddress("10.0.0.2", ""), "10.0.0.2");
  Auth untrusting(store, clock, AuthOptions{});
  EXPECT_EQ(untrusting.ClientAddress("10.0.0.2", "198.51.100.1"), "10.0.0.2")
      << "no proxy configured";
}

}  // namespace
}  // namespace backcoach
