#include "activity/apple_health.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

constexpr const char* kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE HealthData [\n<!ELEMENT HealthData (ExportDate,Me,(Record)*)>\n]>\n"
    "<HealthData locale=\"en_GB\">\n"
    " <ExportDate value=\"2026-11-20 10:00:00 +0000\"/>\n"
    " <Me HKCharacteristicTypeIdentifierDateOfBirth=\"\"/>\n";

std::string Steps(const char* source, const char* start, const char* value) {
  return std::string(" <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"") + source +
         "\" unit=\"count\" startDate=\"" + start + "\" endDate=\"" + start + "\" value=\"" +
         value + "\"/>\n";
}

Result<ActivityImport> Import(const std::string& text, std::size_t piece) {
  auto importer = ImporterFor(text.substr(0, 100));
  for (std::size_t i = 0; i < text.size(); i += piece) {
    if (Status s = importer->Feed(std::string_view(text).substr(i, piece)); !s.ok()) return s;
  }
  return importer->Finish();
}

Date Day(const char* text) { return Date::Parse(text).value(); }

TEST(AppleHealthTest, SumsEachDaysStepsTakingTheSourceThatCountedMost) {
  std::string xml = kHead;
  xml += Steps("Maria's iPhone", "2026-11-02 08:00:00 +0100", "1200");
  xml += Steps("Maria's iPhone", "2026-11-02 12:00:00 +0100", "800");
  xml += Steps("Maria's Apple Watch", "2026-11-02 08:00:00 +0100", "1500");
  xml += Steps("Maria's Apple Watch", "2026-11-02 23:50:00 +0100", "900");
  xml += Steps("Maria's iPhone", "2026-11-03 00:10:00 +0100", "50");
  xml +=
      " <Record type=\"HKQuantityTypeIdentifierAppleExerciseTime\" sourceName=\"Maria's Apple "
      "Watch\" unit=\"min\" startDate=\"2026-11-02 09:00:00 +0100\" value=\"22\"/>\n"
      " <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"w\" unit=\"count/min\" "
      "startDate=\"2026-11-02 09:00:00 +0100\" value=\"80\"/>\n";
  xml += "</HealthData>\n";
  for (std::size_t piece : {1u, 13u, 4096u}) {
    auto got = Import(xml, piece);
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->format, "apple-health");
    EXPECT_EQ(got->rows, 6);  // the heart rate is not read
    ASSERT_EQ(got->days.size(), 2u);
    const DayActivity& day = got->days[Day("2026-11-02")];
    EXPECT_EQ(day.steps, 2400);  // the watch's 2400, not 2400 + 2000
    EXPECT_EQ(day.source, "Maria's Apple Watch");
    EXPECT_EQ(day.active_minutes, 22);
    EXPECT_EQ(got->days[Day("2026-11-03")].steps, 50);  // its own local day
  }
}

TEST(AppleHealthTest, RecordsWithoutValueOrDateAreSkippedWithTheirLines) {
  std::string xml = kHead;
  xml += Steps("phone", "2026-11-02 08:00:00 +0100", "1200");
  xml += Steps("phone", "yesterday", "5");
  xml += Steps("phone", "2026-11-02 09:00:00 +0100", "many");
  xml += "</HealthData>\n";
  auto got = Import(xml, 64);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->days[Day("2026-11-02")].steps, 1200);
  ASSERT_EQ(got->problems.size(), 2u);
  EXPECT_EQ(got->problems[0].line, 9);
  EXPECT_EQ(got->problems[0].message, "the record has no valid startDate");
  EXPECT_EQ(got->problems[1].line, 10);
  EXPECT_EQ(got->problems[1].message, "the record has no valid value");
}

TEST(AppleHealthTest, XmlThatIsNotWellFormedFailsWithItsLine) {
  std::string xml = kHead;
  xml += Steps("phone", "2026-11-02 08:00:00 +0100", "1200");
  xml += " <Record type=\"x\" </HealthData>\n";
  auto got = Import(xml, 50);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "line 9: not a readable Apple Health export: not well-formed (invalid token)");
}

TEST(AppleHealthTest, ATruncatedFileFails) {
  std::string xml = kHead;
  xml += Steps("phone", "2026-11-02 08:00:00 +0100", "1200");
  auto got = Import(xml, 50);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("not a readable Apple Health export: no element found"),
            std::string::npos)
      << got.status().message();
}

TEST(AppleHealthTest, AnEndlessTagIsRefusedWithoutHoldingIt) {
  // One attribute value without end (what a gzip bomb can inflate to): the
  // parser would buffer all of it, so the import stops after 1 MB of it.
  auto importer = ImporterFor(kHead);
  std::string head = kHead;
  head += Steps("phone", "2026-11-02 08:00:00 +0100", "1200");
  head += " <Record type=\"HKQuantityTypeIdentifierStepCount\" value=\"";
  ASSERT_TRUE(importer->Feed(head).ok());
  const std::string piece(64 << 10, '1');
  Status s;
  int pieces = 0;
  while (s.ok() && pieces < 1000) {
    s = importer->Feed(piece);
    ++pieces;
  }
  EXPECT_EQ(pieces, 16);  // the 16th piece of 64 KiB takes it past 1 MB
  EXPECT_EQ(s.message(),
            "line 9: not a readable Apple Health export: no element opens or closes in over 1 MB");
}

TEST(AppleHealthTest, ManyRecordsInOnePieceAreNotAGap) {
  std::string xml = kHead;
  for (int i = 0; i < 20000; ++i) xml += Steps("phone", "2026-11-02 08:00:00 +0100", "1");
  xml += "</HealthData>\n";
  ASSERT_GT(xml.size(), kMaxXmlGap);
  auto got = Import(xml, xml.size());
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->days.at(Day("2026-11-02")).steps, 20000);
}

}  // namespace
}  // namespace backcoach
