// The auditor: what a caller waiting for its entry learns, whichever thread
// stored it.
#include "app/audit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/memory_store.h"
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

// A store that remembers the size of each batch of audit entries appended.
class BatchCountingStore : public MemoryStore {
 public:
  Status AppendAuditBatch(std::vector<AuditEntry>& entries) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      batches_.push_back(entries.size());
    }
    return MemoryStore::AppendAuditBatch(entries);
  }
  std::vector<std::size_t> Batches() {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_;
  }
  // Waits up to 10 s for `count` batches; returns what there is then.
  std::vector<std::size_t> AwaitBatches(std::size_t count) {
    for (int i = 0; i < 1000 && Batches().size() < count; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return Batches();
  }

 private:
  std::mutex mu_;
  std::vector<std::size_t> batches_;
};

constexpr std::chrono::milliseconds kAnHour = std::chrono::hours(1);

std::vector<std::string> ActionsIn(Store& store) {
  std::vector<std::string> actions;
  auto entries = store.ListAudit(0, 10000);
  if (!entries.ok()) return actions;
  for (const AuditEntry& e : *entries) actions.push_back(e.action);
  return actions;
}

TEST(AuditorBatchWaitTest, WithoutAWaitAReadIsStoredAsSoonAsTheWriterIsFree) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  Auditor auditor(store, clock);
  auditor.Record("u", "GET /a", "p", "ok");
  EXPECT_EQ(store.AwaitBatches(1), std::vector<std::size_t>{1});
}

TEST(AuditorBatchWaitTest, ReadsWaitTogetherAndAFlushStoresThemInOneBatch) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  Auditor auditor(store, clock, kAnHour);
  for (int i = 0; i < 10; ++i) auditor.Record("u", "GET /" + std::to_string(i), "p", "ok");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(store.Batches().empty()) << "a read was stored before its batch wait ended";
  ASSERT_TRUE(auditor.Flush().ok());
  EXPECT_EQ(store.Batches(), std::vector<std::size_t>{10});
  const std::vector<std::string> actions = ActionsIn(store);
  ASSERT_EQ(actions.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(actions[i], "GET /" + std::to_string(i));
}

TEST(AuditorBatchWaitTest, AReadIsStoredWhenTheWaitEnds) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  Auditor auditor(store, clock, std::chrono::milliseconds(20));
  auditor.Record("u", "GET /a", "p", "ok");
  EXPECT_EQ(store.AwaitBatches(1), std::vector<std::size_t>{1});
  auditor.Record("u", "GET /b", "p", "ok");
  EXPECT_EQ(store.AwaitBatches(2), (std::vector<std::size_t>{1, 1}));
}

TEST(AuditorBatchWaitTest, AFullBatchGoesWithoutWaiting) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  Auditor auditor(store, clock, kAnHour);
  for (std::size_t i = 0; i < Auditor::kMaxBatch + 3; ++i) auditor.Record("u", "GET /a", "p", "ok");
  EXPECT_EQ(store.AwaitBatches(1), std::vector<std::size_t>{Auditor::kMaxBatch});
  // The three left over wait for the next batch, or for a flush.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(store.Batches().size(), 1u);
  ASSERT_TRUE(auditor.Flush().ok());
  EXPECT_EQ(store.Batches(), (std::vector<std::size_t>{Auditor::kMaxBatch, 3}));
}

TEST(AuditorBatchWaitTest, AChangeIsStoredAtOnceWithTheReadsWaitingBeforeIt) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  Auditor auditor(store, clock, kAnHour);
  auditor.Record("u", "GET /a", "p", "ok");
  auditor.Record("u", "GET /b", "p", "ok");
  ASSERT_TRUE(auditor.RecordAndStore("u", "POST /x", "p", "ok").ok());
  EXPECT_EQ(store.Batches(), std::vector<std::size_t>{3});
  EXPECT_EQ(ActionsIn(store), (std::vector<std::string>{"GET /a", "GET /b", "POST /x"}));
}

TEST(AuditorBatchWaitTest, ReadsStillWaitingAreStoredWhenTheAuditorStops) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  {
    Auditor auditor(store, clock, kAnHour);
    for (int i = 0; i < 5; ++i) auditor.Record("u", "GET /a", "p", "ok");
  }
  EXPECT_EQ(store.Batches(), std::vector<std::size_t>{5});
}

TEST(AuditorBatchWaitTest, ManyThreadsReadingLoseNoEntryAndFillTheirBatches) {
  FakeClock clock(kNow);
  BatchCountingStore store;
  constexpr int kThreads = 8;
  constexpr int kEach = 400;
  {
    Auditor auditor(store, clock, kAnHour);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kEach; ++i) auditor.Record("u", "GET /a", "p", "ok");
      });
    }
    for (auto& t : threads) t.join();
  }
  const std::vector<std::size_t> batches = store.Batches();
  std::size_t stored = 0;
  for (std::size_t b : batches) stored += b;
  EXPECT_EQ(stored, static_cast<std::size_t>(kThreads * kEach));
  // 3,200 entries: six full batches, the rest at the end.
  ASSERT_EQ(batches.size(), 7u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(batches[i], Auditor::kMaxBatch);
}

}  // namespace
}  // namespace backcoach
