#include "activity/steps_csv.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

Result<ActivityImport> Import(const std::string& text) {
  auto importer = ImporterFor(text);
  if (Status s = importer->Feed(text); !s.ok()) return s;
  return importer->Finish();
}

Date Day(const char* text) { return Date::Parse(text).value(); }

TEST(StepsCsvTest, ReadsDateStepsAndMinutes) {
  auto got = Import("date,steps,active_minutes\n2026-11-02,8012,34\n2026-11-03,4500,\n");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->format, "csv");
  EXPECT_EQ(got->rows, 2);
  ASSERT_EQ(got->days.size(), 2u);
  EXPECT_EQ(got->days[Day("2026-11-02")].steps, 8012);
  EXPECT_EQ(got->days[Day("2026-11-02")].active_minutes, 34);
  EXPECT_EQ(got->days[Day("2026-11-03")].steps, 4500);
  EXPECT_EQ(got->days[Day("2026-11-03")].active_minutes, -1);
  EXPECT_EQ(got->skipped, 0);
}

TEST(StepsCsvTest, UnderstandsCommonHeaderSpellingsAndColumnOrders) {
  auto got = Import(
      "\"Minutes Active\",Start Date,Step Count\r\n"
      "12,2026-11-02 08:00:00,\"12,345\"\r\n"
      "3,2026-11-02T18:30:00Z,655\r\n");
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_EQ(got->days.size(), 1u);
  EXPECT_EQ(got->days[Day("2026-11-02")].steps, 13000);  // rows of one day add up
  EXPECT_EQ(got->days[Day("2026-11-02")].active_minutes, 15);
}

TEST(StepsCsvTest, BadRowsAreSkippedAndReportedWithTheirLines) {
  auto got = Import(
      "Date,Steps\n"
      "2026-11-02,5000\n"
      "2026-02-30,100\n"
      "2026-11-04,lots\n"
      "\n"
      "2026-11-05,999999\n"
      "2026-11-06,7000\n");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->days.size(), 2u);
  EXPECT_EQ(got->skipped, 3);
  ASSERT_EQ(got->problems.size(), 3u);
  EXPECT_EQ(got->problems[0].line, 3);
  EXPECT_EQ(got->problems[0].message, "'2026-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(got->problems[1].line, 4);
  EXPECT_EQ(got->problems[1].message, "steps 'lots' is not a whole number from 0 to 200000");
  EXPECT_EQ(got->problems[2].line, 6);
}

TEST(StepsCsvTest, AFileWithoutDateAndStepsColumnsFailsAsAWhole) {
  auto got = Import("when,how many\n2026-11-02,5000\n");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "line 1: the header needs a date column and a steps column (e.g. "
            "date,steps,active_minutes)");
}

TEST(StepsCsvTest, OnlyTheFirstHundredProblemsAreListed) {
  std::string text = "date,steps\n";
  for (int i = 0; i < 250; ++i) text += "not-a-date,1\n";
  auto got = Import(text);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->skipped, 250);
  EXPECT_EQ(got->problems.size(), kMaxProblems);
  EXPECT_EQ(got->problems.back().line, 101);
}

TEST(StepsCsvTest, CountsAcceptSeparatorsButNotFractions) {
  EXPECT_EQ(ParseCount("12,345"), 12345);
  EXPECT_EQ(ParseCount(" 12 345 "), 12345);
  EXPECT_EQ(ParseCount("800.0"), 800);
  EXPECT_EQ(ParseCount("800.5"), std::nullopt);
  EXPECT_EQ(ParseCount("-3"), std::nullopt);
  EXPECT_EQ(ParseCount(""), std::nullopt);
}

}  // namespace
}  // namespace backcoach
