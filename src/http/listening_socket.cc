#include "http/listening_socket.h"

#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace backcoach::http {
namespace {

socklen_t LengthOf(const sockaddr_storage& address) {
  return address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

Status SystemError(const std::string& what, int error) {
  return Status::Unavailable(what + ": " + std::strerror(error));
}

}  // namespace

Result<int> OpenListeningSocket(const sockaddr_storage& address) {
  const int fd = socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return SystemError("cannot open a socket", errno);
  const int on = 1;
  // A restarted server can listen again at once, past the old connections'
  // TIME_WAIT (as the library does for the sockets it opens).
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (address.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), LengthOf(address)) != 0) {
    const int error = errno;
    close(fd);
    return SystemError("cannot bind", error);
  }
  if (listen(fd, SOMAXCONN) != 0) {
    const int error = errno;
    close(fd);
    return SystemError("cannot listen", error);
  }
  return fd;
}

int BoundPort(int socket) {
  sockaddr_storage bound = {};
  socklen_t length = sizeof bound;
  if (getsockname(socket, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return -1;
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

}  // namespace backcoach::http
