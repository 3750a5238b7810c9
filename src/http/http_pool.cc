#include "http/http_pool.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace backcoach::http {

SlowPool::SlowPool(int threads, std::size_t max_waiting, int nice)
    : max_waiting_(max_waiting), nice_(nice) {
  // argon2id is memory-hard: hashes on every core at once would saturate
  // the memory bus and slow every other thread, so half the cores by default.
  const int count = threads > 0
                        ? threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Run(); });
}

SlowPool::~SlowPool() { Stop(); }

bool SlowPool::Submit(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::size_t free_threads = threads_.size() - busy_;
    if (stopping_ || jobs_.size() >= max_waiting_ + free_threads) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void SlowPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void SlowPool::Run() {
  // On Linux a thread has a nice value of its own; raising it needs no
  // privilege. If it fails the pool still works, at the usual priority.
  // The value is absolute: add to the one inherited from the server.
  const auto self = static_cast<id_t>(gettid());
  (void)setpriority(PRIO_PROCESS, self, std::min(19, getpriority(PRIO_PROCESS, self) + nice_));
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    ++busy_;
    lock.unlock();
    job();
    lock.lock();
    --busy_;
  }
}

}  // namespace backcoach::http
