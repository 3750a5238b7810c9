#include "core/csv.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

struct Read {
  std::vector<std::vector<std::string>> records;
  std::vector<long long> lines;
};

// Reads `text` fed in pieces of `piece` bytes.
Result<Read> ReadAll(const std::string& text, std::size_t piece) {
  Read out;
  CsvReader reader([&](std::vector<std::string>& fields, long long line) {
    out.records.push_back(fields);
    out.lines.push_back(line);
    return Status::Ok();
  });
  for (std::size_t i = 0; i < text.size(); i += piece) {
    if (Status s = reader.Feed(std::string_view(text).substr(i, piece)); !s.ok()) return s;
  }
  if (Status s = reader.Finish(); !s.ok()) return s;
  return out;
}

TEST(CsvTest, FieldsAreQuotedOnlyWhenTheyNeedIt) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"ow\""), "\"say \"\"ow\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\n");
}

// OWASP, CSV injection: a cell that begins with =, +, -, @, a tab or a
// carriage return is run as a formula by spreadsheets.
TEST(CsvTest, FormulasAreNeutralisedWithAQuoteAndQuoted) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x.test\",\"open\")"),
            "\"'=HYPERLINK(\"\"http://x.test\"\",\"\"open\"\")\"");
  EXPECT_EQ(CsvField("+1+1"), "\"'+1+1\"");
  EXPECT_EQ(CsvField("-2+3+cmd|' /C calc'!A0"), "\"'-2+3+cmd|' /C calc'!A0\"");
  EXPECT_EQ(CsvField("@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"");
  EXPECT_EQ(CsvField("\t=1+1"), "\"'\t=1+1\"");
  EXPECT_EQ(CsvField("\r=1+1"), "\"'\r=1+1\"");
  EXPECT_EQ(CsvField("-"), "\"'-\"");
  EXPECT_EQ(CsvField("a=b"), "a=b") << "only the first character starts a formula";
}

TEST(CsvTest, NumbersStayNumbers) {
  for (const char* number : {"-1", "-3.5", "0", "12", "1e+300", "-2.5E-7"}) {
    EXPECT_EQ(CsvField(number), number);
    EXPECT_FALSE(CsvLooksLikeFormula(number)) << number;
  }
  for (const char* text : {"-1-1", "-1e", "-.5", "+1", "-1.", "--1"}) {
    EXPECT_TRUE(CsvLooksLikeFormula(text)) << text;
  }
}

TEST(CsvTest, WrittenRowsReadBackTheSameInPiecesOfAnySize) {
  const std::vector<std::vector<std::string>> rows = {
      {"date", "note", "pain"},
      {"2026-11-02", "sore, \"sharp\" at first\nthen fine", "4"},
      {"2026-11-03", "", "2"},
      {"2026-11-04",
       " Schmerz \xC3\xBC"
       "ber ",
       "0"}};
  std::string text;
  for (const auto& r : rows) text += CsvRow(r);
  for (std::size_t piece : {1u, 2u, 7u, 1000u}) {
    auto read = ReadAll(text, piece);
    ASSERT_TRUE(read.ok()) << read.status().message();
    EXPECT_EQ(read->records, rows) << "piece " << piece;
    EXPECT_EQ(read->lines, (std::vector<long long>{1, 2, 4, 5})) << "piece " << piece;
  }
}

TEST(CsvTest, CrLfAndAByteOrderMarkAndNoFinalLineBreakAreRead) {
  auto read = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\r\n3,4",
      3);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->records,
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(read->lines, (std::vector<long long>{1, 2, 3}));
}

// Found by fuzz/activity_import: a byte-order mark split over pieces was
// read as part of the first header name.
TEST(CsvTest, AByteOrderMarkSplitOverPiecesIsStillDropped) {
  const std::string text =
      "\xEF\xBB\xBF"
      "a,b\n1,2\n";
  for (std::size_t piece : {1u, 2u, 4u}) {
    auto read = ReadAll(text, piece);
    ASSERT_TRUE(read.ok()) << piece;
    EXPECT_EQ(read->records, (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}))
        << "piece " << piece;
  }
  // Fewer bytes than a mark, all like its first ones: read as they are.
  auto tiny = ReadAll("\xEF\xBB", 1);
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->records, (std::vector<std::vector<std::string>>{{"\xEF\xBB"}}));
}

TEST(CsvTest, AnUnclosedQuoteIsAnErrorWithItsLine) {
  auto read = ReadAll("a,b\n1,\"open\n2,3\n", 4);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), "line 2: a quoted field is never closed");
}

TEST(CsvTest, AFieldOrALineOverItsLimitIsAnErrorWithItsLine) {
  const std::string longest(4096, 'x');
  auto fits = ReadAll("a,b\n1," + longest + "\n", 1000);
  ASSERT_TRUE(fits.ok()) << fits.status().message();
  EXPECT_EQ(fits->records[1][1], longest);

  auto field = ReadAll("a,b\n1,2\n3," + longest + "y\n", 1000);
  ASSERT_FALSE(field.ok());
  EXPECT_EQ(field.status().message(), "line 3: a field is longer than 4096 bytes");
  auto quoted = ReadAll("a\n\"" + longest + "\n\"\n", 1000);  // the line break is the 4097th
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.status().message(), "line 2: a field is longer than 4096 bytes");
  auto at_end = ReadAll("a\n" + longest + "y", 1000);  // no final line break
  ASSERT_FALSE(at_end.ok());
  EXPECT_EQ(at_end.status().message(), "line 2: a field is longer than 4096 bytes");

  std::string many_fields = "1";
  while (many_fields.size() <= 16384) many_fields += "," + std::string(100, 'z');
  auto line = ReadAll("a\n" + many_fields + "\n", 4096);
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.status().message(), "line 2: a line is longer than 16384 bytes");
}

TEST(CsvTest, AnEndlessFieldIsRefusedWithoutHoldingIt) {
  // What a gzip bomb inflates to: one field fed in pieces without end. The
  // reader stops at the limit, however much more would come.
  CsvReader reader([](std::vector<std::string>&, long long) { return Status::Ok(); });
  const std::string piece(64 << 10, 'a');
  Status s;
  int pieces = 0;
  while (s.ok() && pieces < 1000) {
    s = reader.Feed(piece);
    ++pieces;
  }
  EXPECT_EQ(pieces, 1);
  EXPECT_EQ(s.message(), "line 1: a field is longer than 4096 bytes");
}

}  // namespace
}  // namespace backcoach
