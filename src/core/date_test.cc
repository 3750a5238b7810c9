#include "core/date.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

TEST(DateTest, ToStringPadsYearMonthAndDay) {
  EXPECT_EQ(Date::FromCivil(2026, 11, 23).ToString(), "2026-11-23");
  EXPECT_EQ(Date::FromCivil(2026, 1, 5).ToString(), "2026-01-05");
  EXPECT_EQ(Date::FromCivil(1970, 1, 1).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromCivil(2000, 2, 29).ToString(), "2000-02-29");
  EXPECT_EQ(Date::FromCivil(987, 6, 7).ToString(), "0987-06-07");
  EXPECT_EQ(Date::FromCivil(0, 3, 1).ToString(), "0000-03-01");
}

TEST(DateTest, ToStringOutsideFourDigitYearsIsWrittenAsPrintfWould) {
  EXPECT_EQ(Date::FromCivil(-1, 12, 31).ToString(), "-001-12-31");
  EXPECT_EQ(Date::FromCivil(12345, 1, 2).ToString(), "12345-01-02");
}

TEST(DateTest, EveryDayParseAcceptsReadsBack) {
  const Date last = Date::FromCivil(2200, 12, 31);
  for (Date d = Date::FromCivil(1900, 1, 1); d <= last; d = d.Plus(1)) {
    auto back = Date::Parse(d.ToString());
    ASSERT_TRUE(back.ok()) << d.ToString();
    EXPECT_EQ(*back, d);
  }
}

}  // namespace
}  // namespace backcoach
