// PatientListText against the tree it stands in for: the same bytes as
// PatientListJson(list, cursor).dump() for lists drawn at random, with the
// characters that need escaping, text beyond ASCII and stored reasons of
// every shape (its own dump, spaced, escaped another way, not an array, not
// JSON at all).
#include "api/patient_list_text.h"

#include <gtest/gtest.h>

#include <random>

#include "api/service_json.h"

namespace backcoach {
namespace {

using json = nlohmann::json;

std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "a",    "Z",    " ",    "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", std::string(1, '\0'),
      "\x01", "\x1f", "\x7f", "é",  "Ω",  "😀", "'",  "<",  "}",  "]",  ","};
  // Now and then a long text, mostly bytes copied as they are: the reasons
  // are read eight bytes at a time, and a byte to escape may fall anywhere
  // in such a word.
  const bool long_text = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
  std::uniform_int_distribution<int> length(0, long_text ? 80 : 8);
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> plain(0, long_text ? 15 : 0);
  std::string out;
  for (int i = length(rng); i > 0; --i) {
    out += plain(rng) != 0 ? std::string(1, "plain text, of 2026-12-05: ok"[i % 29])
                           : kPieces[piece(rng)];
  }
  return out;
}

std::string RandomReasons(std::mt19937& rng) {
  json words = json::array();
  for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i) {
    words.push_back(RandomText(rng));
  }
  switch (std::uniform_int_distribution<int>(0, 10)(rng)) {
    case 0: return words.dump(1);           // spaced
    case 1: return "[\"\\u0041\", \"b\"]";  // escaped another way
    case 2: return "[\"\\u000a\"]";         // a control written long
    case 3: return "[1,2]";                 // not words
    case 4: return "{\"a\":1}";             // not an array
    case 5: return "not json";
    case 6: return "";
    case 7: return "[\"unterminated";
    case 8: {
      // A long word with a byte that no dump() writes as it is (a control
      // character, a byte that is not UTF-8) somewhere inside it.
      std::string word = json::array({std::string(40, 'w')}).dump();
      const std::vector<std::string> raw = {"\x01", "\x1f", "\n", "\xff", "\xc3"};
      word.insert(std::uniform_int_distribution<std::size_t>(2, word.size() - 3)(rng),
                  raw[std::uniform_int_distribution<std::size_t>(0, raw.size() - 1)(rng)]);
      return word;
    }
    default: return words.dump();  // what the summary writer stores
  }
}

PatientRow RandomRow(std::mt19937& rng) {
  PatientRow row;
  PatientSummary& p = row.summary;
  p.patient_id = RandomText(rng);
  p.display_name = RandomText(rng);
  p.attention = std::uniform_int_distribution<int>(-5, 200)(rng);
  p.reasons = RandomReasons(rng);
  p.triage = RandomText(rng);
  p.status = RandomText(rng);
  p.last_activity = RandomText(rng);
  p.last_pain = std::uniform_int_distribution<int>(-1, 10)(rng);
  p.unanswered_since = std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? 0 : 1'800'000'123;
  row.urgent = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
  row.unread = std::uniform_int_distribution<int>(0, 40)(rng);
  return row;
}

TEST(PatientListTextTest, WritesTheSameBytesAsTheTreeForRandomLists) {
  std::mt19937 rng(20261204);
  for (int trial = 0; trial < 2000; ++trial) {
    PatientList list;
    list.total = std::uniform_int_distribution<int>(0, 10000)(rng);
    list.limit = std::uniform_int_distribution<int>(1, 200)(rng);
    for (int i = std::uniform_int_distribution<int>(0, 5)(rng); i > 0; --i) {
      list.patients.push_back(RandomRow(rng));
    }
    // A cursor, or none (the last page); random text checks the escaping.
    const std::string cursor =
        std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? "" : RandomText(rng);
    const std::string expected = PatientListJson(list, cursor).dump();
    ASSERT_EQ(PatientListText(list, cursor), expected) << "trial " << trial;
  }
}

TEST(PatientListTextTest, CopiesOnlyReasonsThatAreTheirOwnDump) {
  PatientRow row;
  row.summary.reasons = R"(["Pain is worse",   "inactive"])";
  const std::string text = PatientListText({1, 50, {row}, std::nullopt}, "");
  EXPECT_NE(text.find(R"("reasons":["Pain is worse","inactive"])"), std::string::npos) << text;
  row.summary.reasons = R"(["\u0041"])";
  EXPECT_NE(PatientListText({1, 50, {row}, std::nullopt}, "").find(R"("reasons":["A"])"),
            std::string::npos);
  row.summary.reasons = "[]";
  EXPECT_NE(PatientListText({1, 50, {row}, std::nullopt}, "").find(R"("reasons":[])"),
            std::string::npos);
}

TEST(PatientListTextTest, TextThatIsNotUtf8IsRefusedAsTheTreeRefusesIt) {
  PatientRow row;
  row.summary.display_name = "bad \xff byte";
  EXPECT_THROW(PatientListJson({1, 50, {row}, std::nullopt}, "").dump(), json::type_error);
  EXPECT_THROW(PatientListText({1, 50, {row}, std::nullopt}, ""), json::type_error);
}

}  // namespace
}  // namespace backcoach
