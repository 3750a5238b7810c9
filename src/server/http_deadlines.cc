#include "server/http_deadlines.h"

#include <sys/socket.h>

namespace backcoach::http {

HeadDeadlines::HeadDeadlines(Clock::duration tick) : tick_(tick) {}

HeadDeadlines::~HeadDeadlines() { Stop(); }

void HeadDeadlines::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void HeadDeadlines::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  thread_.join();
}

void HeadDeadlines::Open(const void* connection, int fd, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  watched_[connection] = Watched{fd, deadline};
}

void HeadDeadlines::Arrived(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end()) it->second.deadline.reset();
}

void HeadDeadlines::Await(const void* connection, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end()) it->second.deadline = deadline;
}

void HeadDeadlines::Forget(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  watched_.erase(connection);
}

int HeadDeadlines::expired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return expired_;
}

void HeadDeadlines::ExpireDue(Clock::time_point now) {
  for (auto& [connection, watched] : watched_) {
    if (!watched.deadline || *watched.deadline > now) continue;
    // Shutting down (not closing) leaves the descriptor to its owner: the
    // library reads end-of-file and closes the connection itself.
    shutdown(watched.fd, SHUT_RDWR);
    watched.deadline.reset();
    ++expired_;
  }
}

void HeadDeadlines::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (running_) {
    wake_.wait_for(lock, tick_);
    if (running_) ExpireDue(Clock::now());
  }
}

}  // namespace backcoach::http
