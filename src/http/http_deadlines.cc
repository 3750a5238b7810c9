#include "http/http_deadlines.h"

#include <sys/socket.h>

namespace backcoach::http {

RequestDeadlines::RequestDeadlines(Clock::duration tick) : tick_(tick) {}

RequestDeadlines::~RequestDeadlines() { Stop(); }

void RequestDeadlines::SetBodyRule(Clock::duration grace, std::uint64_t min_bytes_per_second) {
  std::lock_guard<std::mutex> lock(mu_);
  body_grace_ = grace;
  min_body_rate_ = min_bytes_per_second;
}

void RequestDeadlines::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void RequestDeadlines::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  thread_.join();
}

void RequestDeadlines::Open(const void* connection, int fd, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  watched_[connection] = Watched{fd, deadline, std::nullopt};
}

void RequestDeadlines::Arrived(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end()) it->second.deadline.reset();
}

void RequestDeadlines::BodyStarted(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end()) it->second.body = Body{Clock::now(), 0, std::nullopt};
}

void RequestDeadlines::BodyReceived(const void* connection, std::uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end() && it->second.body) it->second.body->received += bytes;
}

void RequestDeadlines::BodyPaused(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it == watched_.end() || !it->second.body || it->second.body->paused_since) return;
  it->second.body->paused_since = Clock::now();
}

void RequestDeadlines::BodyResumed(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it == watched_.end() || !it->second.body || !it->second.body->paused_since) return;
  Body& body = *it->second.body;
  body.started += Clock::now() - *body.paused_since;
  body.paused_since.reset();
}

void RequestDeadlines::BodyDone(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it != watched_.end()) it->second.body.reset();
}

void RequestDeadlines::Await(const void* connection, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watched_.find(connection);
  if (it == watched_.end()) return;
  it->second.deadline = deadline;
  it->second.body.reset();
}

void RequestDeadlines::Forget(const void* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  watched_.erase(connection);
}

int RequestDeadlines::expired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return expired_;
}

bool RequestDeadlines::TooSlow(const Body& body, Clock::time_point now) const {
  if (body.paused_since) return false;
  const Clock::duration elapsed = now - body.started;
  if (elapsed <= body_grace_) return false;
  // The average since the head, not the last second's: a client may pause
  // (a phone changing networks) and catch up.
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return static_cast<double>(body.received) < seconds * static_cast<double>(min_body_rate_);
}

void RequestDeadlines::ExpireDue(Clock::time_point now) {
  for (auto& [connection, watched] : watched_) {
    const bool late_head = watched.deadline && *watched.deadline <= now;
    const bool slow_body = watched.body && TooSlow(*watched.body, now);
    if (!late_head && !slow_body) continue;
    // Shutting down (not closing) leaves the descriptor to its owner: the
    // library reads end-of-file and closes the connection itself.
    shutdown(watched.fd, SHUT_RDWR);
    watched.deadline.reset();
    watched.body.reset();
    ++expired_;
  }
}

void RequestDeadlines::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (running_) {
    wake_.wait_for(lock, tick_);
    if (running_) ExpireDue(Clock::now());
  }
}

}  // namespace backcoach::http
