// The auditor: what a caller waiting for its entry learns, whichever thread
// stored it.
#include "app/audit.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "testing/faulty_store.h"

namespace backcoach {
namespace {

using testing::FaultyStore;

constexpr Timestamp kNow = 1795424400;

TEST(AuditorTest, StoredEntryIsReportedStored) {
  FakeClock clock(kNow);
  FaultyStore store;
  Auditor auditor(store, clock);
  EXPECT_TRUE(auditor.RecordAndStore("u1", "POST /x", "p1", "ok").ok());
  auto entries = store.ListAudit(0, 10);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().action, "POST /x");
}

TEST(AuditorTest, EveryWaitingCallerLearnsItsEntryWasNotStored) {
  FakeClock clock(kNow);
  FaultyStore store;
  store.full = true;
  Auditor auditor(store, clock);
  constexpr int kCallers = 8;
  std::vector<Status> results(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 20; ++j)
        auditor.Record("u", "GET /y", "p", "ok");  // keep the writer busy
      results[i] = auditor.RecordAndStore("u", "POST /x", "p", "ok");
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(store.ListAudit(0, 10)->empty());
}

TEST(AuditorTest, AnEarlierFailureIsNotTheOutcomeOfALaterEntry) {
  FakeClock clock(kNow);
  FaultyStore store;
  store.full = true;
  Auditor auditor(store, clock);
  auditor.Record("u", "GET /y", "p", "ok");
  for (int i = 0; i < 500 && store.failed_audit_appends == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(store.failed_audit_appends, 0);
  store.full = false;
  EXPECT_TRUE(auditor.RecordAndStore("u", "POST /x", "p", "ok").ok());
  // Flush still reports the lost entry, once.
  EXPECT_EQ(auditor.Flush().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(auditor.Flush().ok());
}

}  // namespace
}  // namespace backcoach
