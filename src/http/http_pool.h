// A small pool of threads for the handlers that take long on purpose.
//
// Signing in hashes a password with argon2id (tens of milliseconds of one
// core, by design). Run on the server's own threads, each hash would hold
// up every other connection that thread serves, and a flood of wrong
// passwords would slow the whole API. The server hands such requests to
// this pool instead, with their connection suspended; its threads run at a
// lower CPU priority than the server's, so the rest of the API keeps the
// processor when both want it.
//
// Thread-safety: Submit() may be called from any thread. Only Submit can
// refuse (below); nothing else here fails.
#ifndef BACKCOACH_HTTP_HTTP_POOL_H_
#define BACKCOACH_HTTP_HTTP_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace backcoach::http {

class SlowPool {
 public:
  // `threads` workers (0: half the cores, at least one), at most `max_waiting` jobs queued
  // beyond those running, run with `nice` added to their priority.
  SlowPool(int threads, std::size_t max_waiting, int nice = 10);
  // Runs what is still queued, then joins the threads.
  ~SlowPool();
  SlowPool(const SlowPool&) = delete;
  SlowPool& operator=(const SlowPool&) = delete;

  // Queues `job`; false, and `job` is not run, when every thread is busy
  // and max_waiting jobs already wait, or the pool is stopping.
  bool Submit(std::function<void()> job);
  // Stops taking jobs, runs those already queued, joins the threads.
  // Idempotent.
  void Stop();

  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Run();

  const std::size_t max_waiting_;
  const int nice_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  // Guarded by mu_: threads running a job. The others take the next job
  // without waiting, even one that has not yet reached its first wait.
  std::size_t busy_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_HTTP_POOL_H_
