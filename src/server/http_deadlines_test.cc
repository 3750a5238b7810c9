#include "server/http_deadlines.h"

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

HeadDeadlines::Clock::time_point In(int ms) {
  return HeadDeadlines::Clock::now() + milliseconds(ms);
}

TEST(HeadDeadlinesTest, ShutsDownAConnectionWhoseHeadIsLate) {
  HeadDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(50));
  std::this_thread::sleep_for(milliseconds(20));
  EXPECT_FALSE(pair.ShutDown()) << "not before its deadline";
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_TRUE(pair.ShutDown());
  EXPECT_EQ(deadlines.expired(), 1);
}

TEST(HeadDeadlinesTest, AHeadThatArrivedIsNotCut) {
  HeadDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(30));
  deadlines.Arrived(&key);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(pair.ShutDown());
  EXPECT_EQ(deadlines.expired(), 0);
}

TEST(HeadDeadlinesTest, AwaitSetsTheNextHeadsDeadline) {
  HeadDeadlines deadlines(milliseconds(10));
  deadlines.Start();
  SocketPair pair;
  int key = 0;
  deadlines.Open(&key, pair.server(), In(30));
  deadlines.Arrived(&key);
  deadlines.Await(&key, In(60));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_FALSE(pair.ShutDown());
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_TRUE(pair.ShutDown());
}

TEST(HeadDeadlinesTest, AForgottenConnectionIsNeverTouched) {
  HeadDeadlines deadlines(milliseconds(10));
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

TEST(HeadDeadlinesTest, StopIsPromptAndIdempotent) {
  HeadDeadlines deadlines(std::chrono::seconds(10));
  deadlines.Start();
  const auto start = HeadDeadlines::Clock::now();
  deadlines.Stop();
  deadlines.Stop();
  EXPECT_LT(HeadDeadlines::Clock::now() - start, milliseconds(500));
}

}  // namespace
}  // namespace backcoach::http
