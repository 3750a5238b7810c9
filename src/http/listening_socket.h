// The server's listening socket, opened here and handed to libmicrohttpd.
//
// Stopping a server must refuse new connections at once while the requests
// already in flight finish. The library's own way, MHD_quiesce_daemon,
// races with its epoll loop when that runs on a thread of its own (as
// here): both take the socket out of the epoll set, and the loop aborts the
// process when the other got there first (it happened in a test that
// stopped a server while connections came). So the library is left alone,
// and RefuseConnections closes the listening socket underneath it.
//
// Thread-safety: each function acts on the descriptor it is given; the
// library may use that descriptor meanwhile.
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

// Closes the listening socket that `socket` refers to, so that the system
// refuses new connections from now on, while the number `socket` stays open
// for the library, which still watches it and closes it when it stops: a
// placeholder (one end of a socket pair, which never becomes readable)
// takes the number. Returns the placeholder's other end, to be closed once
// the library has stopped; -1 when the placeholder could not be made (no
// descriptor left), in which case nothing changed.
int RefuseConnections(int socket);

// What a descriptor refers to, to tell whether a number still holds the
// same socket after the library may have closed it (and the number been
// given to another file since).
struct SocketIdentity {
  dev_t device = 0;
  ino_t inode = 0;
};
SocketIdentity IdentityOf(int socket);

// Closes `socket` if the number still refers to the socket `identity` names:
// a library that failed to start may or may not have closed the socket it
// was given.
void CloseUnlessClosed(int socket, SocketIdentity identity);

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_LISTENING_SOCKET_H_
