// The server's listening socket. The server accepts on it itself
// (acceptor.h) and hands each connection to libmicrohttpd, so stopping is
// only closing it: the system then refuses new connections while the
// requests already in flight finish. (The library's own way,
// MHD_quiesce_daemon, races with its epoll loop when that runs on a thread
// of its own, and aborted the process in a test that stopped a server while
// connections came.)
//
// Thread-safety: each function acts on the descriptor it is given.
#ifndef BACKCOACH_HTTP_LISTENING_SOCKET_H_
#define BACKCOACH_HTTP_LISTENING_SOCKET_H_

#include <sys/socket.h>
#include <sys/types.h>

#include "core/status.h"

namespace backcoach::http {

// A TCP socket bound to `address` (an IPv4 or IPv6 address and port; port
// 0: one the system picks) and listening, non-blocking and closed on exec.
// Unavailable with the system's reason when it cannot be (the port taken,
// the address not this machine's).
Result<int> OpenListeningSocket(const sockaddr_storage& address);

// The port a listening socket is bound to; -1 if it cannot be read.
int BoundPort(int socket);

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_LISTENING_SOCKET_H_
