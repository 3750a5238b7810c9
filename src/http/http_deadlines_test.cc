#include "http/http_deadlines.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace backcoach::http {
namespace {

using std::chrono::milliseconds;

// A connected pair of sockets: the server's end is watched, the client's
// end sees end-of-file once the server's is shut down.
class SocketPair {
 public:
  SocketPair() { socketpair(AF_UNIX, SOCK_STREAM, 0, fds_); }
  ~SocketPair() {
    close(fds_[0]);
    close(fds_[1]);
  }
  int server() const { return fds_[0]; }
  bool ShutDown() const {
    char c;
    return recv(fds_[1], &c, 1, MSG_DONTWAIT) == 0;
  }

 private:
  int fds_[2] = {-1, -1};
};

RequestDeadlines::Clock::time_point In(int ms) {
  return RequestDeadlines::Clock::now() + milliseconds(ms);
}

// The tests below run beside the rest of the suite on a busy machine, where
// a thread may wait tens of milliseconds for a core. So a connection that
// must not be cut yet is looked at long before its deadline (kSoon, against
// deadlines of kLater), and one that must be cut is waited for, up to a
// limit far beyond its deadline.
constexpr int kSoon = 20;
constexpr int kLater = 400;

bool ShutDownWithin(const SocketPair& pair, milliseconds limit) {
  const auto until = RequestDeadlines::Clock::now() + limit;
  while (!pair.ShutDown()) {
    if (RequestDeadlines::Clock::now() > until) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}
constexpr milliseconds kWaitLimit(5000);

TEST(RequestDeadlinesTest, ShutsDownAConnectionWhoseHeadIsLate) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(kLater));
  std::this_thread::sleep_for(milliseconds(kSoon));
  EXPECT_FALSE(pair.ShutDown()) << "not before its deadline";
  EXPECT_TRUE(ShutDownWithin(pair, kWaitLimit));
  EXPECT_EQ(deadlines.expired(), 1);
}

TEST(RequestDeadlinesTest, AHeadThatArrivedIsNotCut) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(30));
  deadlines.Arrived(&key);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(pair.ShutDown());
  EXPECT_EQ(deadlines.expired(), 0);
}

TEST(RequestDeadlinesTest, AwaitSetsTheNextHeadsDeadline) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(30));
  deadlines.Arrived(&key);
  deadlines.Await(&key, In(kLater));
  std::this_thread::sleep_for(milliseconds(kSoon));
  EXPECT_FALSE(pair.ShutDown());
  EXPECT_TRUE(ShutDownWithin(pair, kWaitLimit));
}

TEST(RequestDeadlinesTest, ASlowBodyIsCutAfterItsGrace) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.SetBodyRule(milliseconds(kLater), 1000);  // after the grace, 1000 bytes a second
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(1000));
  deadlines.Arrived(&key);
  deadlines.BodyStarted(&key);
  deadlines.BodyReceived(&key, 1);  // a byte now and then: far below the rate
  std::this_thread::sleep_for(milliseconds(kSoon));
  EXPECT_FALSE(pair.ShutDown()) << "not within its grace";
  EXPECT_TRUE(ShutDownWithin(pair, kWaitLimit));
  EXPECT_EQ(deadlines.expired(), 1);
}

TEST(RequestDeadlinesTest, ABodyKeepingTheRateOrCompleteIsNotCut) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.SetBodyRule(milliseconds(20), 1000);
  deadlines.Start();
  SocketPair steady, done;
  int steady_key = 0, done_key = 0;
  for (auto [key, fd] : {std::pair{&steady_key, steady.server()}, {&done_key, done.server()}}) {
    deadlines.Open(key, fd, In(1000));
    deadlines.Arrived(key);
    deadlines.BodyStarted(key);
  }
  deadlines.BodyReceived(&done_key, 5);
  deadlines.BodyDone(&done_key);
  // 1000 bytes each 10 ms: a hundred times the rate, so that the rate holds
  // even should this thread wait a while for a core.
  for (int i = 0; i < 10; ++i) {
    deadlines.BodyReceived(&steady_key, 1000);
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_FALSE(steady.ShutDown());
  EXPECT_FALSE(done.ShutDown());
  EXPECT_EQ(deadlines.expired(), 0);
}

TEST(RequestDeadlinesTest, TimeWhileTheServerPausesABodyDoesNotCount) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.SetBodyRule(milliseconds(30), 1000);
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(1000));
  deadlines.Arrived(&key);
  deadlines.BodyStarted(&key);
  deadlines.BodyPaused(&key);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(pair.ShutDown()) << "paused by the server";
  deadlines.BodyResumed(&key);
  EXPECT_TRUE(ShutDownWithin(pair, kWaitLimit)) << "then the client is too slow again";
}

TEST(RequestDeadlinesTest, AForgottenConnectionIsNeverTouched) {
  RequestDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(20));
  deadlines.Forget(&key);
  deadlines.Await(&key, In(20));  // a late notice for a closed connection
  std::this_thread::sleep_for(milliseconds(80));
  EXPECT_FALSE(pair.ShutDown());
  EXPECT_EQ(deadlines.expired(), 0);
}

TEST(RequestDeadlinesTest, StopIsPromptAndIdempotent) {
  RequestDeadlines deadlines(std::chrono::seconds(10));
  deadlines.Start();
  const auto start = RequestDeadlines::Clock::now();
  deadlines.Stop();
  deadlines.Stop();
  EXPECT_LT(RequestDeadlines::Clock::now() - start, milliseconds(500));
}

}  // namespace
}  // namespace backcoach::http
