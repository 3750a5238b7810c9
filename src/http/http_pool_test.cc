#include "http/http_pool.h"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>

#include <gtest/gtest.h>

namespace backcoach::http {
namespace {

TEST(SlowPoolTest, RunsEveryJobSubmitted) {
  std::atomic<int> done{0};
  {
    SlowPool pool(2, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.Submit([&] { ++done; }));
  }  // the destructor runs what is queued
  EXPECT_EQ(done.load(), 50);
}

TEST(SlowPoolTest, RefusesJobsBeyondItsQueue) {
  // The promises outlive the pool: its threads are joined, still using
  // them, when it goes out of scope.
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  SlowPool pool(1, 2);
  ASSERT_TRUE(pool.Submit([&] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the one thread is busy
  EXPECT_TRUE(pool.Submit([] {}));
  EXPECT_TRUE(pool.Submit([] {}));
  EXPECT_FALSE(pool.Submit([] {})) << "two wait already";
  release.set_value();
}

TEST(SlowPoolTest, AFreshPoolTakesAJobForEachThreadAtOnce) {
  // Even before its threads have started waiting, a pool with no queue
  // has room for one job a thread, and no more.
  for (int i = 0; i < 200; ++i) {
    std::atomic<int> done{0};
    {
      SlowPool pool(2, 0);
      ASSERT_TRUE(pool.Submit([&] { ++done; })) << "round " << i;
      ASSERT_TRUE(pool.Submit([&] { ++done; })) << "round " << i;
    }
    ASSERT_EQ(done.load(), 2);
  }
}

TEST(SlowPoolTest, RefusesJobsOnceStopped) {
  SlowPool pool(1, 10);
  pool.Stop();
  EXPECT_FALSE(pool.Submit([] {}));
  pool.Stop();  // idempotent
}

TEST(SlowPoolTest, ZeroThreadsMeansHalfTheCores) {
  SlowPool pool(0, 1);
  EXPECT_EQ(pool.threads(),
            static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2)));
}

TEST(SlowPoolTest, JobsRunAtALowerPriority) {
  std::promise<int> nice;
  SlowPool pool(1, 1, 7);
  const int base = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  ASSERT_TRUE(
      pool.Submit([&] { nice.set_value(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()))); }));
  EXPECT_EQ(nice.get_future().get(), std::min(19, base + 7));
}

}  // namespace
}  // namespace backcoach::http
