#include "http/listening_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>

#include <gtest/gtest.h>

namespace backcoach::http {
namespace {

sockaddr_storage Loopback(int port) {
  sockaddr_storage address = {};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(static_cast<uint16_t>(port));
  v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// 0 when a connection to the loopback port is accepted, else the error.
int ConnectTo(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_storage address = Loopback(port);
  const int result = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(sockaddr_in));
  const int error = result == 0 ? 0 : errno;
  close(fd);
  return error;
}

TEST(ListeningSocketTest, ListensOnAPortTheSystemPicks) {
  auto fd = OpenListeningSocket(Loopback(0));
  ASSERT_TRUE(fd.ok()) << fd.status().message();
  const int port = BoundPort(*fd);
  ASSERT_GT(port, 0);
  EXPECT_EQ(ConnectTo(port), 0);
  EXPECT_NE(fcntl(*fd, F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(fcntl(*fd, F_GETFD) & FD_CLOEXEC, 0);
  close(*fd);
}

TEST(ListeningSocketTest, APortInUseIsUnavailableWithTheReason) {
  auto first = OpenListeningSocket(Loopback(0));
  ASSERT_TRUE(first.ok());
  auto second = OpenListeningSocket(Loopback(BoundPort(*first)));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(second.status().message(), "cannot bind: Address already in use");
  close(*first);
}

}  // namespace
}  // namespace backcoach::http
