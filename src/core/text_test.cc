#include "core/text.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

TEST(TextTest, SnakeCaseIsLowerLettersDigitsAndSingleUnderscores) {
  EXPECT_TRUE(IsSnakeCase("pain"));
  EXPECT_TRUE(IsSnakeCase("hip_hinge_2"));
  EXPECT_TRUE(IsSnakeCase("a"));
}

TEST(TextTest, SnakeCaseRefusesEverythingElse) {
  EXPECT_FALSE(IsSnakeCase(""));
  EXPECT_FALSE(IsSnakeCase("2nd"));         // a digit first
  EXPECT_FALSE(IsSnakeCase("_pain"));       // an underscore first
  EXPECT_FALSE(IsSnakeCase("pain_"));       // an underscore last
  EXPECT_FALSE(IsSnakeCase("hip__hinge"));  // two underscores
  EXPECT_FALSE(IsSnakeCase("Pain"));
  EXPECT_FALSE(IsSnakeCase("hip-hinge"));
  EXPECT_FALSE(IsSnakeCase("hip hinge"));
}

TEST(TextTest, LowerAsciiLowersOnlyAsciiLetters) {
  EXPECT_EQ(LowerAscii("Maria@Example.TEST"), "maria@example.test");
  EXPECT_EQ(LowerAscii("PASSWORD1!"), "password1!");
  EXPECT_EQ(LowerAscii(""), "");
  // The bytes of "É" (C3 89) are not ASCII letters and stay as they are.
  EXPECT_EQ(LowerAscii("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
}

}  // namespace
}  // namespace backcoach
