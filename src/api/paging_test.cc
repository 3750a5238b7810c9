#include "api/paging.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

http::Request With(std::map<std::string, std::string> query) {
  http::Request r;
  r.query = std::move(query);
  return r;
}

TEST(PagingTest, ACursorRoundTripsItsKey) {
  const RecordKey key{"2026-11-23", 1795424400, "a1b2-c3"};
  auto back = DecodeRecordCursor(EncodeCursor(key));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->date, key.date);
  EXPECT_EQ(back->created_at, key.created_at);
  EXPECT_EQ(back->id, key.id);
  // Bytes that are not UTF-8 (never in a stored key) encode without failing.
  EXPECT_FALSE(EncodeCursor(RecordKey{"\xff", 1, "id"}).empty());
  auto alert = DecodeAlertCursor(EncodeCursor(AlertKey{-5, "x"}));
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(alert->created_at, -5);
  EXPECT_EQ(alert->id, "x");
  // URL-safe: nothing a query string would need to escape.
  const std::string cursor = EncodeCursor(RecordKey{"?&=/+ \"é\"", 1, "id"});
  EXPECT_EQ(
      cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << cursor;
}

TEST(PagingTest, AnythingButOurCursorIsRefusedPlainly) {
  for (const std::string& bad :
       std::vector<std::string>{"", "!!", "e30", "W10", "WyJyIl0", EncodeCursor(AlertKey{1, "x"}),
                                std::string(2000, 'A'), "WyJyIiwxLDIsM10" /* ["r",1,2,3] */}) {
    auto got = DecodeRecordCursor(bad);
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(got.status().message(),
              "cursor is not one this list gave out: start again without it");
  }
  EXPECT_FALSE(DecodeAlertCursor(EncodeCursor(RecordKey{"d", 1, "x"})).ok());
  EXPECT_FALSE(DecodeAlertCursor(EncodeCursor(AlertKey{1, ""})).ok());
  // Through a request: absent or empty is the first page.
  auto none = RecordCursor(With({}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_FALSE(RecordCursor(With({{"cursor", ""}}))->has_value());
  EXPECT_FALSE(RecordCursor(With({{"cursor", "nope"}})).ok());
}

TEST(PagingTest, ALimitIsAWholeNumberAndAtMostThePagesMost) {
  const PageSize size{20, 100};
  EXPECT_EQ(*PageLimit(With({}), size), 20);
  EXPECT_EQ(*PageLimit(With({{"limit", "1"}}), size), 1);
  EXPECT_EQ(*PageLimit(With({{"limit", "100"}}), size), 100);
  EXPECT_EQ(*PageLimit(With({{"limit", "101"}}), size), 100);
  EXPECT_EQ(*PageLimit(With({{"limit", "99999999999999999999999"}}), size), 100);
  for (const char* bad : {"0", "-1", "", "1.5", "ten", "5abc", " 5", "+5"}) {
    auto got = PageLimit(With({{"limit", bad}}), size);
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(got.status().message(), "limit must be a whole number from 1 to 100") << bad;
  }
}

TEST(PagingTest, NextCursorIsNullOnTheLastPage) {
  EXPECT_TRUE(NextCursor(std::optional<RecordKey>()).is_null());
  EXPECT_TRUE(NextCursor(std::optional<AlertKey>(AlertKey{1, "x"})).is_string());
}

}  // namespace
}  // namespace backcoach
