// What the API answers when the database cannot take a write or cannot be
// reached: 503 with the reason, never a 2xx for a write that was not
// stored, never a sign-out; and writes succeed again once the fault is gone.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/api_test_fixture.h"
#include "core/plan_request.h"
#include "testing/faulty_store.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

using testing::FaultyStore;

class ApiFaultsTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    auto store = std::make_unique<FaultyStore>();
    faulty_ = store.get();
    store_ = std::move(store);
    ASSERT_TRUE(store_->Migrate().ok());
    api_ = std::make_unique<Api>(*store_, testing::ShippedContent(), clock_, api_options_);
    api_->Register(router_);
    maria_ = MakeUser("maria", Role::kPatient, MakeClinic("Riverside"), &maria_user_);
  }

  std::string Pain() { return "/api/v1/patients/" + maria_user_.id + "/pain"; }

  // Waits (a few seconds at most) until the background audit writer has met
  // the fault.
  void WaitForFailedAuditAppend() {
    for (int i = 0; i < 500 && faulty_->failed_audit_appends == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_GT(faulty_->failed_audit_appends, 0);
  }

  std::size_t PainEntries() {
    return store_->ListRecords(maria_user_.id, RecordKind::kPain, 100)->size();
  }

  FaultyStore* faulty_ = nullptr;
  std::string maria_;
  User maria_user_;
};

TEST_F(ApiFaultsTest, FullDiskAnswersTheWriteWith503AndTheReason) {
  faulty_->full = true;
  auto r = As(maria_, "POST", Pain(), R"({"pain": 3})");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Body(r)["error"]["code"], "unavailable");
  EXPECT_EQ(Body(r)["error"]["message"],
            "the disk holding the database test.db is full; nothing was written");
  EXPECT_EQ(As(maria_, "GET", Pain()).status, 200);  // reads go on
  EXPECT_EQ(PainEntries(), 0u);
}

TEST_F(ApiFaultsTest, WritesSucceedAgainOnceTheDiskHasRoom) {
  faulty_->full = true;
  EXPECT_EQ(As(maria_, "GET", Pain()).status, 200);  // its audit entry cannot be stored
  WaitForFailedAuditAppend();
  faulty_->full = false;
  // The failure of an earlier read's audit entry is not this write's.
  auto r = As(maria_, "POST", Pain(), R"({"pain": 3})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(PainEntries(), 1u);
}

TEST_F(ApiFaultsTest, WriteWhoseAuditEntryCannotBeStoredIsNotAcknowledged) {
  faulty_->audit_full = true;
  auto r = As(maria_, "POST", Pain(), R"({"pain": 3})");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Body(r)["error"]["code"], "unavailable");
}

// A session log's audit entry is stored in the same commit as the log: when
// it cannot be, neither is the log, and the answer is 503. Once the disk
// has room, the log and exactly one entry for it are stored.
TEST_F(ApiFaultsTest, SessionLogWhoseAuditEntryCannotBeStoredIsNotStoredEither) {
  ASSERT_TRUE(
      api_->service()
          .SubmitIntake(maria_user_, IntakeInput{PlanRequestToJson(testing::MariaRequest()), ""})
          .ok());
  const std::string sessions = "/api/v1/patients/" + maria_user_.id + "/sessions";
  const std::string body =
      R"({"date": "2026-11-23", "exercises": [], "pain_after": 2, "effort": 4})";
  const std::int64_t version = *store_->PlanVersion(maria_user_.id);
  faulty_->audit_full = true;
  auto r = As(maria_, "POST", sessions, body);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(store_->ListRecords(maria_user_.id, RecordKind::kSessionLog, 10)->size(), 0u);
  EXPECT_EQ(*store_->PlanVersion(maria_user_.id), version);
  faulty_->audit_full = false;
  r = As(maria_, "POST", sessions, body);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(store_->ListRecords(maria_user_.id, RecordKind::kSessionLog, 10)->size(), 1u);
  // Whatever became of the refused write's own "error" entry (recorded while
  // the fault was on), every entry queued is handled by now.
  (void)api_->auditor().Flush();
  auto entries = store_->ListAudit(0, 1000);
  ASSERT_TRUE(entries.ok());
  int ok_entries = 0;
  for (const AuditEntry& e : *entries) {
    if (e.action == "POST " + sessions && e.outcome == "ok") ++ok_entries;
  }
  EXPECT_EQ(ok_entries, 1);
}

TEST_F(ApiFaultsTest, UnreachableDatabaseWhileCheckingTheSessionAnswers503NotASignOut) {
  faulty_->unreachable = true;
  auto r = As(maria_, "GET", "/api/v1/me");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Body(r)["error"]["message"], "lost the connection to PostgreSQL");
  faulty_->unreachable = false;
  EXPECT_EQ(As(maria_, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(As("no-such-token", "GET", "/api/v1/me").status, 401);
}

}  // namespace
}  // namespace backcoach
