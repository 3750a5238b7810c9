// Deadlines for request heads and bodies: the defence against slow clients.
//
// libmicrohttpd closes a connection only when it has been idle for the
// connection timeout, and every byte resets that clock, so a client sending
// one byte every few seconds (slowloris, or its cousin the slow body) could
// hold a connection, and its memory, forever. The server registers each
// connection here; one background thread shuts down the socket of a
// connection that is too slow, and the library then closes it as if the
// client had left. Too slow is:
//   - a request head that has not arrived by its deadline (Open, Await);
//   - a request body that, once `grace` has passed since its head arrived,
//     has averaged fewer than `min_bytes_per_second` since then (BodyStarted).
//     Time while the server itself stops reading (BodyPaused, for an upload
//     whose reader is behind) does not count.
//
// Thread-safety: every member may be called from any thread. The server
// must call Forget() before the socket is closed (the library's "connection
// closed" notice comes first), so that a reused descriptor is never shut.
// Nothing here fails: a call about a connection not registered does
// nothing, and a socket that cannot be shut down is left to the library's
// own timeout.
#ifndef BACKCOACH_HTTP_HTTP_DEADLINES_H_
#define BACKCOACH_HTTP_HTTP_DEADLINES_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace backcoach::http {

class RequestDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  // `tick` is how often deadlines are checked: a head may arrive up to that
  // much later than its deadline and still be read.
  explicit RequestDeadlines(Clock::duration tick = std::chrono::milliseconds(250));
  ~RequestDeadlines();
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // The rule for bodies (see above); before Start(). By default a body has
  // ten seconds' grace and must then average 4 KiB a second.
  void SetBodyRule(Clock::duration grace, std::uint64_t min_bytes_per_second);

  // Starts the checking thread; idempotent.
  void Start();
  // Stops and joins it; idempotent. Deadlines no longer fire.
  void Stop();

  // A new connection on socket `fd`: its first head is due by `deadline`.
  void Open(const void* connection, int fd, Clock::time_point deadline);
  // The connection's head has arrived: no deadline until Await() again.
  void Arrived(const void* connection);
  // The head announced a body: from now on it must keep the body rule.
  void BodyStarted(const void* connection);
  // `bytes` more of the body have arrived.
  void BodyReceived(const void* connection, std::uint64_t bytes);
  // The server stops reading the body for a while (and resumes): that time
  // does not count against the client.
  void BodyPaused(const void* connection);
  void BodyResumed(const void* connection);
  // The body is complete (or no longer read): the rule no longer applies.
  void BodyDone(const void* connection);
  // The connection waits for another head (keep-alive), due by `deadline`.
  // Does nothing for a connection not (or no longer) open.
  void Await(const void* connection, Clock::time_point deadline);
  // The connection is closed; its socket is about to be.
  void Forget(const void* connection);

  // Connections shut down for a late head or a slow body so far.
  int expired() const;

 private:
  struct Body {
    Clock::time_point started;  // moved later by the time spent paused
    std::uint64_t received = 0;
    std::optional<Clock::time_point> paused_since;
  };
  struct Watched {
    int fd = -1;
    std::optional<Clock::time_point> deadline;
    std::optional<Body> body;
  };

  void Run();
  void ExpireDue(Clock::time_point now);  // REQUIRES: mu_ held
  bool TooSlow(const Body& body, Clock::time_point now) const;

  const Clock::duration tick_;
  Clock::duration body_grace_ = std::chrono::seconds(10);
  std::uint64_t min_body_rate_ = 4096;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<const void*, Watched> watched_;  // guarded by mu_
  bool running_ = false;                    // guarded by mu_
  int expired_ = 0;                         // guarded by mu_
  std::thread thread_;
};

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_HTTP_DEADLINES_H_
