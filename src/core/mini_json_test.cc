#include "core/mini_json.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

TEST(MiniJsonTest, ReadsEveryKindOfValue) {
  auto v = ParseJson(R"( {"a": [1, -2.5e1, true, false, null], "b": "x\"\u00e9\ud83d\ude00"} )");
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->is_object());
  const JsonValue* a = v->Get("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items.size(), 5u);
  EXPECT_EQ(a->items[1].number, -25);
  EXPECT_TRUE(a->items[2].boolean);
  EXPECT_EQ(a->items[4].type, JsonValue::Type::kNull);
  EXPECT_EQ(v->Get("b")->string, "x\"\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(v->Get("c"), nullptr);
}

TEST(MiniJsonTest, ErrorsSayWhatAndWhere) {
  EXPECT_EQ(ParseJson("{\"a\" 1}").status().message(), "invalid JSON at character 6: expected ':'");
  EXPECT_EQ(ParseJson("[1, 2").status().message(),
            "invalid JSON at character 6: expected ',' or ']'");
  EXPECT_EQ(ParseJson("01x").status().message(),
            "invalid JSON at character 3: unexpected text after the value");
  EXPECT_EQ(ParseJson("\"\\ud800\"").status().message(),
            "invalid JSON at character 8: unpaired surrogate");
  EXPECT_EQ(ParseJson("1e999").status().message(),
            "invalid JSON at character 6: number out of range");
  EXPECT_FALSE(ParseJson(std::string(100, '[')).ok());
  EXPECT_FALSE(ParseJson("").ok());
}

TEST(MiniJsonTest, WritesNumbersAndStrings) {
  EXPECT_EQ(JsonNumber(3), "3");
  EXPECT_EQ(JsonNumber(2.50), "2.5");
  EXPECT_EQ(JsonNumber(-0.0001), "0");
  EXPECT_EQ(JsonNumber(1.23456, 2), "1.23");
  EXPECT_EQ(JsonQuote("a\"b\\\n\x01"), "\"a\\\"b\\\\\\n\\u0001\"");
}

}  // namespace
}  // namespace backcoach
