// Accepts connections on the server's listening socket in a thread of its
// own and hands them to the server's event loops in turn.
//
// Why not libmicrohttpd's own thread pool: there every thread waits on the
// listening socket, and the first to wake accepts a run of up to ten
// connections. A client that opens many connections at once (a load
// balancer, the load benchmark) then lands on a few threads: 64
// connections were served by 3 of 8 threads while the other five idled,
// and requests queued behind each other on those three. Here each new
// connection goes to the next loop, so every loop serves its share.
//
// The connection limits are kept here too (connection_limits.h): a
// connection beyond them is closed as soon as it is accepted, as the
// library does. Its count is released when the connection closes
// (ConnectionLimits::Release, called by whoever serves it).
//
// Thread-safety: Start and Stop from one thread; `hand_off` runs on the
// acceptor's thread.
#ifndef BACKCOACH_HTTP_ACCEPTOR_H_
#define BACKCOACH_HTTP_ACCEPTOR_H_

#include <sys/socket.h>

#include <functional>
#include <thread>

#include "core/status.h"
#include "http/connection_limits.h"

namespace backcoach::http {

class Acceptor {
 public:
  // Takes an admitted connection: its socket (non-blocking, closed on
  // exec), its peer's address, and the loop (0 to loops - 1) whose turn it
  // is. Returns false when the loop could not take it; the socket must then
  // be closed already, and the acceptor releases its count.
  using HandOff =
      std::function<bool(int socket, const sockaddr* address, socklen_t length, int loop)>;

  // REQUIRES: `listener` is a non-blocking listening socket, loops >= 1;
  // `limits` outlives the acceptor.
  Acceptor(int listener, int loops, ConnectionLimits* limits, HandOff hand_off);
  ~Acceptor();
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  // Starts the thread; Unavailable when the system cannot.
  Status Start();
  // Accepts nothing more and waits for the thread. The listening socket
  // stays open: its owner closes it, and the system then refuses new
  // connections.
  void Stop();

 private:
  void Run();
  // Accepts until the queue is empty; false when the system refused for
  // another reason (out of descriptors or memory, above all): the thread
  // then waits a moment before trying again, rather than spin on a queue
  // it cannot empty.
  bool AcceptAll();
  // Waits up to `milliseconds` for the listener (or forever when
  // negative); false once Stop has been called.
  bool Wait(int milliseconds, bool for_listener);

  const int listener_;
  const int loops_;
  ConnectionLimits* const limits_;
  const HandOff hand_off_;
  int wake_ = -1;  // an eventfd, written by Stop
  int next_ = 0;   // the loop whose turn it is; the acceptor's thread only
  std::thread thread_;
};

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_ACCEPTOR_H_
