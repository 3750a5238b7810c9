#include "app/pages.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "storage/memory_store.h"

namespace backcoach {
namespace {

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate().ok());
    patient_.email = "maria@example.test";
    patient_.display_name = "maria";
    ASSERT_TRUE(store_.CreateUser(patient_).ok());
  }

  // `n` records of `kind`, one a day from 2026-11-01.
  std::vector<std::string> Add(RecordKind kind, int n, int first_day = 1) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      Record r{"",          patient_.id,
               kind,        Date::Parse("2026-11-01")->Plus(first_day - 1 + i).ToString(),
               patient_.id, "{\"n\": " + std::to_string(i) + "}",
               1000};
      EXPECT_TRUE(store_.AddRecord(r).ok());
      ids.push_back(r.id);
    }
    return ids;
  }

  MemoryStore store_;
  User patient_;
};

std::vector<std::string> Ids(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.id);
  return out;
}

TEST_F(PagesTest, APageIsTheNewestOldestFirstWithTheKeyOfTheNextPage) {
  const auto ids = Add(RecordKind::kPain, 5);
  auto first = ReadRecordPage(store_, {patient_.id, RecordKind::kPain, std::nullopt, 2});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Ids(first->records), (std::vector<std::string>{ids[3], ids[4]}));
  ASSERT_TRUE(first->next.has_value());
  EXPECT_EQ(first->next->id, ids[3]);
  auto second = ReadRecordPage(store_, {patient_.id, RecordKind::kPain, first->next, 2});
  EXPECT_EQ(Ids(second->records), (std::vector<std::string>{ids[1], ids[2]}));
  auto last = ReadRecordPage(store_, {patient_.id, RecordKind::kPain, second->next, 2});
  EXPECT_EQ(Ids(last->records), std::vector<std::string>{ids[0]});
  EXPECT_FALSE(last->next.has_value());
  // A page that ends exactly at the oldest has no next page either.
  auto whole = ReadRecordPage(store_, {patient_.id, RecordKind::kPain, std::nullopt, 5});
  EXPECT_EQ(whole->records.size(), 5u);
  EXPECT_FALSE(whole->next.has_value());
}

TEST_F(PagesTest, AFilteredPageIsFullAndSkipsWhatItLeavesOut) {
  // 600 records, of which every third is kept: a page reads past many store pages.
  const auto ids = Add(RecordKind::kMessage, 600);
  auto keep = [](const Record& r) { return std::stoi(r.payload.substr(6)) % 3 == 0; };
  std::vector<std::string> walked;
  std::optional<RecordKey> after;
  int pages = 0;
  do {
    auto page = ReadRecordPage(store_, {patient_.id, RecordKind::kMessage, after, 70}, keep);
    ASSERT_TRUE(page.ok());
    ++pages;
    if (page->next) {
      EXPECT_EQ(page->records.size(), 70u);
    }
    for (auto it = page->records.rbegin(); it != page->records.rend(); ++it)
      walked.push_back(it->id);
    after = page->next;
  } while (after);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(walked.size(), 200u);
  EXPECT_EQ(walked.front(), ids[597]);
  EXPECT_EQ(walked.back(), ids[0]);
}

TEST_F(PagesTest, ALimitBelowOneIsRefused) {
  EXPECT_EQ(
      ReadRecordPage(store_, {patient_.id, RecordKind::kPain, std::nullopt, 0}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadAlertPage(store_, {patient_.id, "", false, 0}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(PagesTest, AlertPagesAreNewestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    Alert a;
    a.patient_id = patient_.id;
    a.rule = "r" + std::to_string(i);
    a.period = "p";
    a.kind = AlertKind::kConcern;
    a.created_at = a.updated_at = 100 + i;
    ASSERT_TRUE(store_.AddAlert(a).ok());
    ids.push_back(a.id);
  }
  auto first = ReadAlertPage(store_, {patient_.id, "", false, 3});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->alerts.size(), 3u);
  EXPECT_EQ(first->alerts[0].id, ids[4]);
  auto second = ReadAlertPage(store_, {patient_.id, "", false, 3, first->next});
  ASSERT_EQ(second->alerts.size(), 2u);
  EXPECT_EQ(second->alerts[1].id, ids[0]);
  EXPECT_FALSE(second->next.has_value());
}

TEST(RecordJsonTest, KeepsEveryFieldAndParsesThePayload) {
  const nlohmann::json j =
      RecordJson({"id1", "p", RecordKind::kPain, "2026-11-02", "p", R"({"pain": 3})", 77});
  EXPECT_EQ(j["id"], "id1");
  EXPECT_EQ(j["kind"], "pain");  // by name, as stored
  EXPECT_EQ(j["data"]["pain"], 3);
  EXPECT_EQ(j["created_at"], 77);
  EXPECT_TRUE(RecordJson({"id2", "p", RecordKind::kPain, "2026-11-02", "p", "not json", 1})["data"]
                  .is_null());
}

}  // namespace
}  // namespace backcoach
