// How many connections the server holds open: in all, and from any one
// client address.
//
// The server runs one libmicrohttpd event loop per worker thread and hands
// each accepted connection to one of them (acceptor.h). The library keeps
// its limits per loop, so the limits over all of them are kept here, where
// connections are admitted.
//
// Thread-safety: every member may be called from any thread.
#ifndef BACKCOACH_HTTP_CONNECTION_LIMITS_H_
#define BACKCOACH_HTTP_CONNECTION_LIMITS_H_

#include <sys/socket.h>

#include <array>
#include <map>
#include <mutex>

namespace backcoach::http {

class ConnectionLimits {
 public:
  // REQUIRES: both at least 1.
  ConnectionLimits(int max_total, int max_per_address);

  // Counts one more connection from `address` and returns true; returns
  // false, counting nothing, when either limit is already reached.
  // Addresses of the same IPv4 host count together whether they come as
  // IPv4 or as IPv4-mapped IPv6; other families count as one address.
  bool Admit(const sockaddr* address, socklen_t length);

  // Counts one connection from `address` fewer. An address with nothing
  // counted is left alone.
  void Release(const sockaddr* address, socklen_t length);

  int Open() const;
  int OpenFrom(const sockaddr* address, socklen_t length) const;

 private:
  using Key = std::array<unsigned char, 16>;  // an IPv6 address, IPv4 mapped into it
  static Key KeyOf(const sockaddr* address, socklen_t length);

  const int max_total_;
  const int max_per_address_;
  mutable std::mutex mu_;
  int open_ = 0;             // guarded by mu_
  std::map<Key, int> from_;  // guarded by mu_: only addresses with a connection open
};

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_CONNECTION_LIMITS_H_
