// The password policy (NIST SP 800-63B): lengths, the account's own
// address, one repeated character, and the shipped list of common passwords.
#include "app/password.h"

#include <gtest/gtest.h>

#include "testing/test_content.h"

namespace backcoach {
namespace {

const CommonPasswords& Common() { return testing::ShippedContent().common_passwords; }

std::string Refusal(const std::string& password, const std::string& email = "maria@example.test",
                    Role role = Role::kPatient) {
  Status s = CheckPassword(password, email, role, Common());
  return s.ok() ? "" : s.message();
}

TEST(PasswordPolicyTest, TenCharactersForEveryoneAndTwelveForStaff) {
  EXPECT_EQ(Refusal("short one"), "the password must have at least 10 characters");
  EXPECT_EQ(Refusal("river stone"), "");
  EXPECT_EQ(Refusal("river stone", "cla@example.test", Role::kClinician),
            "the password must have at least 12 characters");
  EXPECT_EQ(Refusal("river stone", "ada@example.test", Role::kAdmin),
            "the password must have at least 12 characters");
  EXPECT_EQ(Refusal("river stones", "ada@example.test", Role::kAdmin), "");
  // Characters are counted, not bytes: nine accented letters are nine.
  EXPECT_EQ(Refusal("ééééééééè"), "the password must have at least 10 characters");
  EXPECT_EQ(Refusal(std::string(257, 'x') + "y"), "the password must have at most 256 characters");
}

TEST(PasswordPolicyTest, NoCompositionRules) {
  EXPECT_EQ(Refusal("all lower case words"), "");
  EXPECT_EQ(Refusal("zzzzzzzzzzzzzzzzzzzzy"), "");
}

TEST(PasswordPolicyTest, OneRepeatedCharacterOrOnlySpacesIsRefused) {
  EXPECT_EQ(Refusal("aaaaaaaaaaaa"),
            "the password is one character repeated; choose a phrase that is harder to guess");
  EXPECT_EQ(Refusal("            "),
            "the password is one character repeated; choose a phrase that is harder to guess");
  EXPECT_EQ(Refusal("  \t    \t   "), "the password is only spaces; choose a phrase of words");
}

TEST(PasswordPolicyTest, TheAddressAndItsNameAreRefused) {
  const std::string kTooClose =
      "the password is too close to your e-mail address; choose a phrase of your own";
  EXPECT_EQ(Refusal("maria.lopez@example.test", "maria.lopez@example.test"), kTooClose);
  EXPECT_EQ(Refusal("MARIA.LOPEZ@EXAMPLE.TEST", "maria.lopez@example.test"), kTooClose);
  EXPECT_EQ(Refusal("maria.lopez", "maria.lopez@example.test"), kTooClose);
  EXPECT_EQ(Refusal("maria.lopez2026", "maria.lopez@example.test"), kTooClose);
  EXPECT_EQ(Refusal("!Maria.Lopez!", "maria.lopez@example.test"), kTooClose);
  // A phrase that merely mentions the name is the person's own.
  EXPECT_EQ(Refusal("maria.lopez walks by the river", "maria.lopez@example.test"), "");
}

TEST(PasswordPolicyTest, CommonPasswordsFromTheShippedListAreRefused) {
  EXPECT_GT(Common().size(), 3000u);
  const std::string kCommon =
      "this password is on a list of common passwords that are tried first; choose another";
  EXPECT_EQ(Refusal("1234567890"), kCommon);
  EXPECT_EQ(Refusal("qwertyuiop"), kCommon);
  EXPECT_EQ(Refusal("QwertyUIOP"), kCommon) << "whatever the case";
  EXPECT_EQ(Refusal("qwertyuiop river"), "");
}

TEST(CommonPasswordsTest, TheListIsValidated) {
  std::string list = "#!comment: a list\n";
  for (int i = 0; i < 100; ++i) list += "word" + std::to_string(i) + "\n";
  auto ok = CommonPasswords::Parse(list, "common-passwords.txt");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(ok->Contains("WORD7"));
  EXPECT_FALSE(ok->Contains("#!comment: a list"));
  auto control = CommonPasswords::Parse(list + "bad\x01word\n", "common-passwords.txt");
  EXPECT_EQ(control.status().message(),
            "common-passwords.txt: line 102: not a password (a control character, or over 256 "
            "bytes)");
  auto few = CommonPasswords::Parse("one\ntwo\n", "common-passwords.txt");
  EXPECT_EQ(few.status().message(),
            "common-passwords.txt: the list has 2 passwords; at least 100 are expected");
}

}  // namespace
}  // namespace backcoach
