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

// The clinic list's and the accounts' cursors hold their whole key and the
// list's scope (clinic and search): any other scope, or a key of the wrong
// shape, is refused as plainly as anything else.
TEST(PagingTest, ScopedCursorsRoundTripTheirKeyWithinTheirScopeOnly) {
  const std::string scope = ListScope("clinic-1", "ana");
  const PatientKey key{130, "\xC3\xA1na", "\xC3\x81na", "id-1"};
  auto back = DecodePatientCursor(EncodeCursor(key, scope), scope);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->attention, 130);
  EXPECT_EQ(back->name_key, key.name_key);
  EXPECT_EQ(back->display_name, key.display_name);
  EXPECT_EQ(back->patient_id, "id-1");
  EXPECT_EQ(DecodePatientCursor(EncodeCursor(PatientKey{-7, "", "", "x"}, scope), scope)->attention,
            -7);
  auto account = DecodeAccountCursor(EncodeCursor(AccountKey{"Ana", "u1"}, scope), scope);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->display_name, "Ana");
  EXPECT_EQ(account->id, "u1");
  // The scope tells clinics and searches apart, and is not the search itself.
  EXPECT_NE(ListScope("clinic-1", "ana"), ListScope("clinic-2", "ana"));
  EXPECT_NE(ListScope("clinic-1", "ana"), ListScope("clinic-1", "Ana"));
  EXPECT_NE(ListScope("clinic-1", ""), ListScope("clinic-", "1"));
  EXPECT_EQ(ListScope("clinic-1", "ana"), scope);
  EXPECT_EQ(scope.find("ana"), std::string::npos);
  const std::string refused = "cursor is not one this list gave out: start again without it";
  for (const std::string& bad : std::vector<std::string>{
           "", "!!", EncodeCursor(key, ListScope("clinic-2", "ana")),
           EncodeCursor(key, ListScope("clinic-1", "")), EncodeCursor(AccountKey{"a", "b"}, scope),
           EncodeCursor(AlertKey{1, "x"}), EncodeCursor(RecordKey{"d", 1, "x"}),
           EncodeCursor(PatientKey{1, "a", "a", ""}, scope),
           EncodeCursor(PatientKey{1, "a", "a", "x"}, ""),
           // ["p", scope, 1.5, "a", "a", "x"], then 4294967296 (past an int), then "1"
           "WyJwIiwiQ3dfX25JRGZCbWN3TkNCdEZHejBCUSIsMS41LCJhIiwiYSIsIngiXQ",
           "WyJwIiwiQ3dfX25JRGZCbWN3TkNCdEZHejBCUSIsNDI5NDk2NzI5NiwiYSIsImEiLCJ4Il0",
           "WyJwIiwiQ3dfX25JRGZCbWN3TkNCdEZHejBCUSIsIjEiLCJhIiwiYSIsIngiXQ"}) {
    auto got = DecodePatientCursor(bad, scope);
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(got.status().message(), refused) << bad;
  }
  // The scope is BLAKE2b-128 of the clinic and the search (base64url), the
  // same from one version to the next: ["p", scope, 1, "a", "a", "x"].
  EXPECT_EQ(scope, "Cw__nIDfBmcwNCBtFGz0BQ");
  EXPECT_EQ(
      DecodePatientCursor("WyJwIiwiQ3dfX25JRGZCbWN3TkNCdEZHejBCUSIsMSwiYSIsImEiLCJ4Il0", scope)
          ->patient_id,
      "x");
  EXPECT_FALSE(DecodeAccountCursor(EncodeCursor(key, scope), scope).ok());
  EXPECT_FALSE(DecodeAccountCursor(EncodeCursor(AccountKey{"a", ""}, scope), scope).ok());
  EXPECT_FALSE(DecodeAccountCursor(EncodeCursor(AccountKey{"a", "b"}, "other"), scope).ok());
  // Through a request: absent or empty is the first page.
  EXPECT_FALSE(PatientCursor(With({}), scope)->has_value());
  EXPECT_FALSE(AccountCursor(With({{"cursor", ""}}), scope)->has_value());
  EXPECT_TRUE(NextCursor(std::optional<PatientKey>(), scope).is_null());
  EXPECT_TRUE(NextCursor(std::optional<AccountKey>(AccountKey{"a", "b"}), scope).is_string());
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
