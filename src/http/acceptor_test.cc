#include "http/acceptor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/listening_socket.h"

namespace backcoach::http {
namespace {

using std::chrono::milliseconds;

// A listening socket on a loopback port the system picks.
int ListenOnLoopback() {
  sockaddr_storage address = {};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  v4->sin_family = AF_INET;
  v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Result<int> opened = OpenListeningSocket(address);
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  return opened.ok() ? *opened : -1;
}

// A client socket connected to the port (the system completes the
// handshake whether or not anyone accepts), reading with a 2 s limit.
int ConnectToLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return fd;
}

// True when the other end closed the connection (a read sees its end).
bool ClosedByServer(int fd) {
  char byte;
  return recv(fd, &byte, 1, 0) == 0;
}

// Records what the acceptor hands off, keeping the sockets open (or
// refusing them all) until the test ends.
class AcceptorTest : public ::testing::Test {
 protected:
  ~AcceptorTest() override {
    acceptor_.reset();
    for (int fd : taken_) close(fd);
    for (int fd : clients_) close(fd);
    if (listener_ >= 0) close(listener_);
  }

  void Start(int loops, int max_total, int max_per_address) {
    listener_ = ListenOnLoopback();
    limits_ = std::make_unique<ConnectionLimits>(max_total, max_per_address);
    acceptor_ = std::make_unique<Acceptor>(
        listener_, loops, limits_.get(), [this](int socket, const sockaddr*, socklen_t, int loop) {
          std::lock_guard<std::mutex> lock(mu_);
          loops_.push_back(loop);
          if (refuse_) {
            close(socket);
          } else {
            taken_.push_back(socket);
          }
          handed_.notify_all();
          return !refuse_;
        });
    ASSERT_TRUE(acceptor_->Start().ok());
  }

  int NewClient() {
    clients_.push_back(ConnectToLoopback(BoundPort(listener_)));
    return clients_.back();
  }

  // Waits until `count` connections have been handed off; false after 2 s.
  bool AwaitHandOffs(std::size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return handed_.wait_for(lock, std::chrono::seconds(2), [&] { return loops_.size() >= count; });
  }

  std::vector<int> Loops() {
    std::lock_guard<std::mutex> lock(mu_);
    return loops_;
  }

  int listener_ = -1;
  std::unique_ptr<ConnectionLimits> limits_;
  std::unique_ptr<Acceptor> acceptor_;
  std::vector<int> clients_;
  std::mutex mu_;
  std::condition_variable handed_;
  std::vector<int> loops_;  // guarded by mu_
  std::vector<int> taken_;  // guarded by mu_
  bool refuse_ = false;     // guarded by mu_
};

TEST_F(AcceptorTest, EachConnectionGoesToTheNextLoop) {
  Start(/*loops=*/3, 100, 100);
  // Opened at once, before the acceptor has taken any of them.
  for (int i = 0; i < 7; ++i) NewClient();
  ASSERT_TRUE(AwaitHandOffs(7));
  EXPECT_EQ(Loops(), (std::vector<int>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(limits_->Open(), 7);
}

TEST_F(AcceptorTest, AConnectionBeyondTheLimitsIsClosedAndNeverHandedOff) {
  Start(/*loops=*/2, 100, /*max_per_address=*/2);
  NewClient();
  NewClient();
  ASSERT_TRUE(AwaitHandOffs(2));
  const int third = NewClient();
  EXPECT_TRUE(ClosedByServer(third));
  EXPECT_EQ(Loops().size(), 2u);
  EXPECT_EQ(limits_->Open(), 2);
}

TEST_F(AcceptorTest, AConnectionNoLoopTakesIsNotCounted) {
  refuse_ = true;
  Start(/*loops=*/2, /*max_total=*/1, 1);
  // With the limit at one, the second is handed off only if the first's
  // count was released.
  EXPECT_TRUE(ClosedByServer(NewClient()));
  EXPECT_TRUE(ClosedByServer(NewClient()));
  ASSERT_TRUE(AwaitHandOffs(2));
  // The count is released just after the hand-off returns.
  for (int i = 0; i < 200 && limits_->Open() != 0; ++i)
    std::this_thread::sleep_for(milliseconds(5));
  EXPECT_EQ(limits_->Open(), 0);
}

TEST_F(AcceptorTest, StopReturnsPromptlyAndAcceptsNothingMore) {
  Start(/*loops=*/2, 100, 100);
  NewClient();
  ASSERT_TRUE(AwaitHandOffs(1));
  const auto start = std::chrono::steady_clock::now();
  acceptor_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  NewClient();  // waits in the listener's queue, still open
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(Loops().size(), 1u);
  acceptor_->Stop();  // a second stop is harmless
}

}  // namespace
}  // namespace backcoach::http
