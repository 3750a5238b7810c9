// Accounts, called directly: a sign-up in two steps (a typed pending
// sign-up, kept in a sign-up token) and tokens of each kind.
#include "app/service_accounts.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "app/password.h"

namespace backcoach {
namespace {

class AccountsServiceTest : public testing::ApiFixture {
 protected:
  Service& service() { return api_->service(); }
};

TEST_F(AccountsServiceTest, ASignUpWaitsInATokenUntilTheAddressIsConfirmed) {
  auto pending =
      service().PrepareSignUp("New.Person@Example.TEST", "correct horse battery", "New", "", "");
  ASSERT_TRUE(pending.ok()) << pending.status().message();
  EXPECT_EQ(pending->email, "new.person@example.test");
  EXPECT_EQ(pending->record["email"], "new.person@example.test");
  EXPECT_FALSE(pending->record.dump().find("correct horse") != std::string::npos);
  EXPECT_TRUE(pending->record["password_hash"].is_string());
  EXPECT_FALSE(store_->FindUserByEmail(pending->email).ok());

  auto token = service().CreateToken(TokenKind::kSignup, "", pending->record, 3600);
  ASSERT_TRUE(token.ok()) << token.status().message();
  // A sign-up token is no reset token.
  EXPECT_EQ(service().TakeToken(TokenKind::kReset, *token).status().message(),
            "the link is not valid or has expired; ask for a new one");
  auto taken = service().TakeToken(TokenKind::kSignup, *token);
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  EXPECT_EQ(taken->kind, TokenKind::kSignup);
  auto user = service().CompleteSignUp(json::parse(taken->payload));
  ASSERT_TRUE(user.ok()) << user.status().message();
  EXPECT_EQ(user->email, "new.person@example.test");
  EXPECT_EQ(user->role, Role::kPatient);
  // Used once.
  EXPECT_FALSE(service().TakeToken(TokenKind::kSignup, *token).ok());
}

TEST_F(AccountsServiceTest, AResetTokenIsStoredWithItsKind) {
  User maria;
  MakeUser("maria", Role::kPatient, "", &maria);
  auto token = service().CreateToken(TokenKind::kReset, maria.id, nullptr, 3600);
  ASSERT_TRUE(token.ok());
  auto stored = store_->GetAccountToken(Sha256Hex(*token));
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(stored->kind, TokenKind::kReset);
  EXPECT_EQ(stored->user_id, maria.id);
  EXPECT_EQ(service().TakeToken(TokenKind::kSignup, *token).status().message(),
            "the link is not valid or has expired; ask for a new one");
  EXPECT_TRUE(service().TakeToken(TokenKind::kReset, *token).ok());
}

}  // namespace
}  // namespace backcoach
