// The JSON writer against nlohmann::json's own dump(): strings of any bytes
// (escaped, passed through, or refused with the same error), numbers of
// every size, and objects' fields in the order given.
#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using json = nlohmann::json;

// What dump() makes of `text`: its bytes, or "error: " and its message.
std::string TreeString(const std::string& text) {
  try {
    return json(text).dump();
  } catch (const json::type_error& e) {
    return std::string("error: ") + e.what();
  }
}

std::string Hex(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
    out += ' ';
  }
  return out;
}

std::string WrittenString(const std::string& text) {
  std::string out;
  try {
    AppendJsonString(out, text);
    return out;
  } catch (const json::type_error& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(JsonWriterTest, EscapesAsDumpDoes) {
  std::string out;
  AppendJsonString(out, "a\"b\\c\b\f\n\r\t\x01\x1f\x7f/");
  EXPECT_EQ(out, R"("a\"b\\c\b\f\n\r\t\u0001\u001f)"
                 "\x7f"
                 R"(/")");
  out.clear();
  AppendJsonString(out, std::string("\0", 1));
  EXPECT_EQ(out, R"("\u0000")");
  out.clear();
  AppendJsonString(out, "é Ω 😀 \xef\xbf\xbf \xf4\x8f\xbf\xbf");
  EXPECT_EQ(out, "\"é Ω 😀 \xef\xbf\xbf \xf4\x8f\xbf\xbf\"");
}

TEST(JsonWriterTest, TextThatIsNotUtf8GetsTheTreesOwnError) {
  for (const char* bad : {"\xff", "a\xc3", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "ok \xe2\x82"}) {
    const std::string written = WrittenString(bad);
    EXPECT_EQ(written.rfind("error: ", 0), 0u) << bad;
    EXPECT_EQ(written, TreeString(bad));
  }
}

// Strings of random bytes, most of them near UTF-8's edges, and whole
// characters: every one is
// written as dump() writes it, or refused with dump()'s own message.
TEST(JsonWriterTest, RandomBytesAreWrittenOrRefusedAsDumpDoes) {
  static const unsigned char kEdges[] = {0x00, 0x1f, 0x20, 0x22, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f,
                                         0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed,
                                         0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff, 'a',  'z'};
  testing::Random rng(42);
  int refused = 0;
  int beyond_ascii = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    for (int i = rng.Int(0, 6); i > 0; --i) {
      if (rng.Chance(30)) {
        // A whole character, at the edges of its length's range.
        static const char* const kWhole[] = {"\xc2\x80",
                                             "\xdf\xbf",
                                             "\xe0\xa0\x80",
                                             "\xed\x9f\xbf",
                                             "\xee\x80\x80",
                                             "\xef\xbf\xbf",
                                             "\xf0\x90\x80\x80",
                                             "\xf4\x8f\xbf\xbf",
                                             "é",
                                             "😀"};
        text += kWhole[rng.Int(0, 9)];
        continue;
      }
      const int pick = rng.Int(0, static_cast<int>(sizeof kEdges));
      text.push_back(static_cast<char>(pick == static_cast<int>(sizeof kEdges)
                                           ? rng.Int(0, 255)
                                           : kEdges[static_cast<std::size_t>(pick)]));
    }
    const std::string expected = TreeString(text);
    ASSERT_EQ(WrittenString(text), expected) << Hex(text);
    if (expected.rfind("error: ", 0) == 0) {
      ++refused;
    } else if (std::any_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) {
      ++beyond_ascii;
    }
  }
  // Both outcomes were reached many times.
  EXPECT_GT(refused, 1000);
  EXPECT_GT(beyond_ascii, 1000);
}

std::string WrittenDouble(double d) {
  std::string out;
  AppendJsonDouble(out, d);
  return out;
}

TEST(JsonWriterTest, WritesNumbersAsDumpDoes) {
  EXPECT_EQ(WrittenDouble(3.0), "3.0");
  EXPECT_EQ(WrittenDouble(2.5e-05), "2.5e-05");
  EXPECT_EQ(WrittenDouble(-0.0), "-0.0");
  EXPECT_EQ(WrittenDouble(std::numeric_limits<double>::quiet_NaN()), "null");
  for (double d :
       {0.0, -0.0, 0.1, 0.25, 1.0 / 3, 2.5, 100.0, 1e15, 1e16, 1e17, 123456789012345.6, 1e-4, 1e-5,
        1e-300, 5e-324, 1.7976931348623157e308, -42.5, std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(WrittenDouble(d), json(d).dump()) << d;
  }
  testing::Random rng(9);
  for (int i = 0; i < 20000; ++i) {
    double d = 0;
    const std::uint64_t bits = rng.Next();
    std::memcpy(&d, &bits, sizeof d);
    ASSERT_EQ(WrittenDouble(d), json(d).dump()) << bits;
  }
  for (long long n : {0LL, -1LL, 42LL, std::numeric_limits<long long>::min(),
                      std::numeric_limits<long long>::max()}) {
    std::string out;
    AppendJsonInt(out, n);
    EXPECT_EQ(out, json(n).dump());
  }
}

TEST(JsonWriterTest, WritesAnObjectsFieldsInTheOrderGiven) {
  std::string out = "[";
  JsonObjectText o(out);
  AppendJsonInt(o.Field("a"), 1);
  AppendJsonBool(o.Field("b"), false);
  JsonObjectText inner(o.Field("c"));
  inner.Close();
  o.Close();
  out += ']';
  EXPECT_EQ(out, json::array({{{"a", 1}, {"b", false}, {"c", json::object()}}}).dump());
}

}  // namespace
}  // namespace backcoach
