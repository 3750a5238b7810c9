// Auth on its own, over the in-memory store and a fake clock: session
// expiry at its exact limits, logout, and the memory the sign-in limits keep.
#include "server/auth.h"

#include <gtest/gtest.h>

#include "server/password.h"
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

  http::Request Bearer(const std::string& token) {
    http::Request request;
    request.method = "GET";
    request.headers["authorization"] = "Bearer " + token;
    return request;
  }

  bool SignedIn(const std::string& token) { return auth_.Authenticate(Bearer(token)).ok(); }

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
  EXPECT_EQ(auth_.tracked_failures(), 800u);  // 600 accounts and 200 addresses
  clock_.Advance(AuthOptions{}.failure_window_seconds + 1);
  for (int i = 0; i < 300; ++i) {
    auth_.NoteFailure("later" + std::to_string(i) + "@example.test", "10.1.0.1");
  }
  EXPECT_LT(auth_.tracked_failures(), 400u) << "the old ones went at the sweep";
}

TEST_F(AuthTest, WrongPasswordsAreLimitedPerAccountThenWindowed) {
  for (int i = 0; i < AuthOptions{}.max_failures_per_account; ++i) {
    EXPECT_FALSE(auth_.Login("A@example.test", "wrong", "10.0.0." + std::to_string(i)).ok());
  }
  auto limited = auth_.Login("a@example.test", "long enough password", "10.0.0.99");
  EXPECT_EQ(limited.status().code(), StatusCode::kUnavailable) << "even the right password";
  clock_.Advance(AuthOptions{}.failure_window_seconds);
  EXPECT_TRUE(auth_.Login("a@example.test", "long enough password", "10.0.0.99").ok());
}

TEST_F(AuthTest, AHugeEmailIsCountedByItsFirstBytes) {
  const std::string huge = std::string(1 << 20, 'x') + "@example.test";
  for (int i = 0; i < AuthOptions{}.max_failures_per_account; ++i) {
    auth_.NoteFailure(huge + std::to_string(i), "10.0.0." + std::to_string(i));
  }
  EXPECT_TRUE(auth_.RateLimited(huge + "another", "10.9.9.9"))
      << "one account as far as the limit is concerned";
}

}  // namespace
}  // namespace backcoach
