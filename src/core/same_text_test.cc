#include "core/same_text.h"

#include <gtest/gtest.h>

#include <string>

namespace backcoach {
namespace {

// Every length up to a few words, equal and differing at each position in
// turn: the whole words, the overlapping last word and the half-words of
// short strings must each see a difference wherever it is.
TEST(SameTextTest, AgreesWithStringEqualityForEveryLengthAndPosition) {
  for (std::size_t n = 0; n <= 41; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
    const std::string same = a;
    EXPECT_TRUE(SameText(a, same)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = a;
      other[i] = '#';
      EXPECT_FALSE(SameText(a, other)) << n << " at " << i;
      EXPECT_FALSE(SameText(other, a)) << n << " at " << i;
    }
    EXPECT_FALSE(SameText(a, a + "x")) << n;
    EXPECT_FALSE(SameText(a + "x", a)) << n;
  }
}

TEST(SameTextTest, ComparesViewsIntoLongerText) {
  const std::string text = "progression.next_morning progression.next_morning_red";
  const std::string_view first(text.data(), 24);
  const std::string_view second(text.data() + 25, 24);
  EXPECT_TRUE(SameText(first, second));
  EXPECT_FALSE(SameText(first, std::string_view(text.data() + 25, 28)));
  EXPECT_TRUE(SameText(std::string_view(), std::string_view("")));
}

}  // namespace
}  // namespace backcoach
