// Deadlines for request heads: the defence against slow clients.
//
// libmicrohttpd closes a connection only when it has been idle for the
// connection timeout, so a client sending one byte every few seconds
// (slowloris) could hold a connection, and its memory, forever. The server
// registers each connection here while it waits for a request head; one
// background thread shuts down the socket of a connection whose head has
// not arrived by its deadline, and the library then closes it as if the
// client had left.
//
// Thread-safety: every member may be called from any thread. The server
// must call Forget() before the socket is closed (the library's "connection
// closed" notice comes first), so that a reused descriptor is never shut.
#ifndef BACKCOACH_SERVER_HTTP_DEADLINES_H_
#define BACKCOACH_SERVER_HTTP_DEADLINES_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace backcoach::http {

class HeadDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  // `tick` is how often deadlines are checked: a head may arrive up to that
  // much later than its deadline and still be read.
  explicit HeadDeadlines(Clock::duration tick = std::chrono::milliseconds(250));
  ~HeadDeadlines();
  HeadDeadlines(const HeadDeadlines&) = delete;
  HeadDeadlines& operator=(const HeadDeadlines&) = delete;

  // Starts the checking thread; idempotent.
  void Start();
  // Stops and joins it; idempotent. Deadlines no longer fire.
  void Stop();

  // A new connection on socket `fd`: its first head is due by `deadline`.
  void Open(const void* connection, int fd, Clock::time_point deadline);
  // The connection's head has arrived: no deadline until Await() again.
  void Arrived(const void* connection);
  // The connection waits for another head (keep-alive), due by `deadline`.
  // Does nothing for a connection not (or no longer) open.
  void Await(const void* connection, Clock::time_point deadline);
  // The connection is closed; its socket is about to be.
  void Forget(const void* connection);

  // Connections shut down for a late head so far.
  int expired() const;

 private:
  struct Watched {
    int fd = -1;
    std::optional<Clock::time_point> deadline;
  };

  void Run();
  void ExpireDue(Clock::time_point now);  // REQUIRES: mu_ held

  const Clock::duration tick_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<const void*, Watched> watched_;  // guarded by mu_
  bool running_ = false;                    // guarded by mu_
  int expired_ = 0;                         // guarded by mu_
  std::thread thread_;
};

}  // namespace backcoach::http

#endif  // BACKCOACH_SERVER_HTTP_DEADLINES_H_
