// Compressed activity files: read as they inflate, in pieces of any size,
// with the same result as the plain file; broken, cut-short and
// inflate-without-end files are refused as a whole.
#include "activity/gzip_import.h"

#include <gtest/gtest.h>

#include <random>

#include "testing/gzip.h"

namespace backcoach {
namespace {

using testing::Gzip;

Result<ActivityImport> Import(const std::string& file, std::size_t piece,
                              std::uint64_t limit = std::numeric_limits<std::uint64_t>::max()) {
  auto importer = ImporterFor(std::string_view(file).substr(0, 512), limit);
  for (std::size_t at = 0; at < file.size(); at += piece) {
    if (Status s = importer->Feed(std::string_view(file).substr(at, piece)); !s.ok()) return s;
  }
  return importer->Finish();
}

// A year of daily steps as CSV, some rows bad.
std::string YearCsv() {
  std::string csv = "date,steps,active_minutes\n";
  Date day = Date::FromCivil(2025, 11, 1);
  for (int i = 0; i < 365; ++i, day = day.Plus(1)) {
    csv += day.ToString() + "," + (i % 50 == 7 ? "oops" : std::to_string(3000 + i * 17)) + "," +
           std::to_string(i % 60) + "\n";
  }
  return csv;
}

std::string AppleXml(int records) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData locale=\"en_GB\">\n"
      " <ExportDate value=\"2026-11-20 10:00:00 +0000\"/>\n";
  Date day = Date::FromCivil(2026, 1, 1);
  for (int i = 0; i < records; ++i) {
    const std::string start = day.Plus(i / 24).ToString() + " " + (i % 24 < 10 ? "0" : "") +
                              std::to_string(i % 24) + ":00:00 +0100";
    xml +=
        " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"Watch\" "
        "unit=\"count\" startDate=\"" +
        start + "\" endDate=\"" + start + "\" value=\"" + std::to_string(100 + i % 37) + "\"/>\n";
  }
  return xml + "</HealthData>\n";
}

void ExpectSame(const ActivityImport& a, const ActivityImport& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.skipped, b.skipped);
  ASSERT_EQ(a.days.size(), b.days.size());
  for (const auto& [day, got] : a.days) {
    const DayActivity& want = b.days.at(day);
    EXPECT_EQ(got.steps, want.steps) << day.ToString();
    EXPECT_EQ(got.active_minutes, want.active_minutes) << day.ToString();
    EXPECT_EQ(got.source, want.source) << day.ToString();
  }
  ASSERT_EQ(a.problems.size(), b.problems.size());
  for (std::size_t i = 0; i < a.problems.size(); ++i) {
    EXPECT_EQ(a.problems[i].line, b.problems[i].line);
    EXPECT_EQ(a.problems[i].message, b.problems[i].message);
  }
}

TEST(GzipImportTest, ACompressedFileReadsAsThePlainOneInPiecesOfAnySize) {
  for (const std::string& plain : {YearCsv(), AppleXml(24 * 200)}) {
    auto want = Import(plain, plain.size());
    ASSERT_TRUE(want.ok()) << want.status().message();
    ASSERT_GT(want->days.size(), 100u);
    const std::string gz = Gzip(plain);
    ASSERT_TRUE(IsGzip(gz));
    ASSERT_LT(gz.size(), plain.size() / 2) << "the test file should compress";
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, gz.size()}) {
      auto got = Import(gz, piece);
      ASSERT_TRUE(got.ok()) << got.status().message() << " (pieces of " << piece << ")";
      ExpectSame(*got, *want);
    }
  }
}

TEST(GzipImportTest, MembersJoinedWithCatAreReadAsOneFile) {
  const std::string head = "date,steps\n2026-11-02,8012\n";
  const std::string tail = "2026-11-03,4500\n";
  auto got = Import(Gzip(head) + Gzip(tail), 5);
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_EQ(got->days.size(), 2u);
  EXPECT_EQ(got->days.at(Date::FromCivil(2026, 11, 3)).steps, 4500);
}

TEST(GzipImportTest, ACutShortFileIsRefusedAsAWhole) {
  const std::string gz = Gzip(YearCsv());
  auto got = Import(gz.substr(0, gz.size() / 2), 1000);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "the compressed file is cut short");
}

TEST(GzipImportTest, CorruptDataIsRefusedWithAClearMessage) {
  std::string gz = Gzip(YearCsv());
  for (std::size_t i = 20; i < 60; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  auto got = Import(gz, 512);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message().rfind("the file is not valid gzip (", 0), 0u)
      << got.status().message();
}

TEST(GzipImportTest, AFileThatInflatesPastTheLimitIsRefused) {
  // 10 MB of one row again and again compresses to a few tens of KB. (One
  // endless field would be stopped sooner, by the CSV reader's own limit.)
  std::string rows = "date,steps\n";
  while (rows.size() < (10 << 20)) rows += "2026-11-02,1\n";
  const std::string gz = Gzip(rows, 9);
  ASSERT_LT(gz.size(), 64u << 10);
  auto got = Import(gz, 4096, 1 << 20);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "the file is larger than 1 MB once decompressed; import it with `backcoach import "
            "steps`");
}

TEST(GzipImportTest, AnEmptyCompressedFileIsReadAsAnEmptyOne) {
  auto plain = Import("", 1);
  auto got = Import(Gzip(""), 1);
  ASSERT_EQ(got.ok(), plain.ok());
  if (!plain.ok()) {
    EXPECT_EQ(got.status().message(), plain.status().message());
  }
}

TEST(GzipImportTest, RandomDamageNeverCrashesAndNeverPassesSilently) {
  const std::string plain = "date,steps\n2026-11-02,8012\n2026-11-03,4500\n";
  const std::string gz = Gzip(plain);
  std::mt19937 rng(7);
  int refused = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bad = gz;
    bad[2 + rng() % (bad.size() - 2)] ^= static_cast<char>(1 + rng() % 255);
    auto got = Import(bad, 1 + rng() % 16);
    // gzip's CRC-32 catches any damage to the data; a damaged header field
    // (a time stamp, the OS byte) may pass, and then the data is intact.
    if (!got.ok()) {
      ++refused;
    } else {
      EXPECT_EQ(got->days.size(), 2u);
    }
  }
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace backcoach
