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
  std::uniform_int_distribution<int> length(0, 8);
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::string out;
  for (int i = length(rng); i > 0; --i) out += kPieces[piece(rng)];
  return out;
}

std::string RandomReasons(std::mt19937& rng) {
  json words = json::array();
  for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i) {
    words.push_back(RandomText(rng));
  }
  switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
    case 0: return words.dump(1);           // spaced
    case 1: return "[\"\\u0041\", \"b\"]";  // escaped another way
    case 2: return "[\"\\u000a\"]";         // a control written long
    case 3: return "[1,2]";                 // not words
    case 4: return "{\"a\":1}";             // not an array
    case 5: return "not json";
    case 6: return "";
    case 7: return "[\"unterminated";
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
