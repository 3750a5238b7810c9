// Service::PatientPage: a page of the clinic's list is read and written once
// for as long as the list's version stays, one per caller and query, and
// never kept when the store keeps no version.
#include <gtest/gtest.h>

#include <atomic>

#include "app/service.h"
#include "storage/memory_store.h"
#include "testing/accounts.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

// Counts the reads of the list; answers no version when told to, as
// PostgreSQL does.
class CountingStore : public MemoryStore {
 public:
  std::atomic<int> pages_read{0};
  std::atomic<int> counts{0};
  bool keeps_versions = true;

  Result<std::vector<PatientSummary>> ListPatients(const PatientQuery& query) override {
    ++pages_read;
    return MemoryStore::ListPatients(query);
  }
  Result<int> CountPatients(const PatientQuery& query) override {
    ++counts;
    return MemoryStore::CountPatients(query);
  }
  Result<std::optional<std::int64_t>> ListVersion(const std::string& clinic_id) override {
    if (!keeps_versions) return std::optional<std::int64_t>();
    return MemoryStore::ListVersion(clinic_id);
  }
};

class PatientPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate().ok());
    Clinic clinic{"", "Riverside", clock_.Now()};
    ASSERT_TRUE(store_.CreateClinic(clinic).ok());
    for (const char* name : {"maria", "tom"}) {
      auto u = testing::CreateAccount(store_, clock_, name, Role::kPatient, clinic.id);
      ASSERT_TRUE(u.ok()) << u.status().message();
      Summarise(*u, 10);
      patients_.push_back(*u);
    }
    for (User* u : {&lee_, &kim_}) {
      auto made = testing::CreateAccount(store_, clock_, u == &lee_ ? "lee" : "kim",
                                         Role::kClinician, clinic.id);
      ASSERT_TRUE(made.ok()) << made.status().message();
      *u = *made;
    }
  }

  void Summarise(const User& u, int attention) {
    PatientSummary s;
    s.patient_id = u.id;
    s.clinic_id = u.clinic_id;
    s.display_name = u.display_name;
    s.attention = attention;
    s.reasons = "[]";
    s.updated_at = clock_.Now();
    ASSERT_TRUE(store_.PutSummary(s).ok());
  }

  // The page as text: its names and attention in order, the total, and
  // each row's unread count.
  std::string Page(const User& caller, const std::string& search = "", int limit = 50,
                   const std::optional<PatientKey>& after = std::nullopt) {
    auto page = service_.PatientPage(caller, search, limit, after, [&](const PatientList& list) {
      ++written_;
      std::string out = std::to_string(list.total) + ":";
      for (const auto& row : list.patients) {
        out += row.summary.display_name + "/" + std::to_string(row.summary.attention) + "/" +
               std::to_string(row.unread) + " ";
      }
      return out;
    });
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? (*page)->body : "";
  }

  CountingStore store_;
  FakeClock clock_{1795424400};
  Service service_{store_, testing::ShippedContent(), clock_};
  std::vector<User> patients_;
  User lee_, kim_;
  int written_ = 0;
};

TEST_F(PatientPageTest, AnUnchangedPageIsNeitherReadNorWrittenAgain) {
  const std::string first = Page(lee_);
  EXPECT_EQ(first, "2:maria/10/0 tom/10/0 ");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Page(lee_), first);
  EXPECT_EQ(store_.pages_read, 1);
  EXPECT_EQ(written_, 1);
}

TEST_F(PatientPageTest, AChangeIsShownOnTheNextPage) {
  Page(lee_);
  Summarise(patients_[1], 50);
  EXPECT_EQ(Page(lee_), "2:tom/50/0 maria/10/0 ");
  Record message{"",           patients_[0].id, RecordKind::kMessage,
                 "2026-11-23", patients_[0].id, R"({"text": "hello"})",
                 clock_.Now()};
  ASSERT_TRUE(store_.AddMessage(message, lee_.id).ok());
  EXPECT_EQ(Page(lee_), "2:tom/50/0 maria/10/1 ");
  EXPECT_EQ(store_.pages_read, 3);
}

TEST_F(PatientPageTest, EachCallerAndQueryHasAPageOfItsOwn) {
  Record message{"",           patients_[0].id, RecordKind::kMessage,
                 "2026-11-23", patients_[0].id, R"({"text": "hello"})",
                 clock_.Now()};
  ASSERT_TRUE(store_.AddMessage(message, lee_.id).ok());
  EXPECT_EQ(Page(lee_), "2:maria/10/1 tom/10/0 ");
  EXPECT_EQ(Page(kim_), "2:maria/10/0 tom/10/0 ") << "the messages waiting are the caller's own";
  EXPECT_EQ(Page(lee_, "to"), "1:tom/10/0 ");
  EXPECT_EQ(Page(lee_, "", 1), "2:maria/10/1 ");
  EXPECT_EQ(Page(lee_, "", 1, PatientKeyOf(store_.GetSummary(patients_[0].id).value())),
            "2:tom/10/0 ");
  EXPECT_EQ(store_.pages_read, 5);
  EXPECT_EQ(Page(lee_), "2:maria/10/1 tom/10/0 ");
  EXPECT_EQ(Page(kim_, "", 50), "2:maria/10/0 tom/10/0 ");
  EXPECT_EQ(store_.pages_read, 5) << "each kept apart";
}

// A search is the caller's own text: whatever it holds, it cannot be taken
// for another query's search and cursor, and be given that query's page.
TEST_F(PatientPageTest, ASearchThatSpellsOutACursorGetsItsOwnPage) {
  const PatientKey after = PatientKeyOf(store_.GetSummary(patients_[0].id).value());
  EXPECT_EQ(Page(lee_, "", 1, after), "2:tom/10/0 ");
  const std::string spelt = "\n" + std::to_string(after.attention) + "\n" + after.name_key + "\n" +
                            after.display_name + "\n" + after.patient_id;
  EXPECT_EQ(Page(lee_, spelt, 1), "0:");
}

// The total is counted at most every few seconds; a page whose total came
// from an older count is kept no longer than that count is used.
TEST_F(PatientPageTest, AKeptPageNeverHasATotalOlderThanACountIsUsed) {
  EXPECT_EQ(Page(lee_), "2:maria/10/0 tom/10/0 ");
  auto ana = testing::CreateAccount(store_, clock_, "ana", Role::kPatient, lee_.clinic_id);
  ASSERT_TRUE(ana.ok());
  Summarise(*ana, 10);
  EXPECT_EQ(Page(lee_), "2:ana/10/0 maria/10/0 tom/10/0 ")
      << "rows at once, the total a moment old";
  EXPECT_EQ(store_.counts, 1);
  clock_.Advance(Service::kFreshCount);
  EXPECT_EQ(Page(lee_), "3:ana/10/0 maria/10/0 tom/10/0 ");
  EXPECT_EQ(store_.counts, 2);
  const int reads = store_.pages_read;
  clock_.Advance(3600);
  EXPECT_EQ(Page(lee_), "3:ana/10/0 maria/10/0 tom/10/0 ");
  EXPECT_EQ(store_.pages_read, reads) << "counted at the list's version: kept while it stays";
}

TEST_F(PatientPageTest, NothingIsKeptWithAStoreThatKeepsNoVersion) {
  store_.keeps_versions = false;
  EXPECT_EQ(Page(lee_), Page(lee_));
  EXPECT_EQ(store_.pages_read, 2);
  EXPECT_EQ(written_, 2);
}

TEST_F(PatientPageTest, ABadLimitIsRefusedBeforeAnythingIsRead) {
  auto page = service_.PatientPage(lee_, "", 201, std::nullopt, [&](const PatientList&) {
    ++written_;
    return std::string("x");
  });
  EXPECT_EQ(page.status().message(), "limit must be from 1 to 200");
  EXPECT_EQ(store_.pages_read, 0);
  EXPECT_EQ(written_, 0);
}

}  // namespace
}  // namespace backcoach
