#include "http/connection_limits.h"

#include <netinet/in.h>

#include <cstring>

namespace backcoach::http {

ConnectionLimits::ConnectionLimits(int max_total, int max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

ConnectionLimits::Key ConnectionLimits::KeyOf(const sockaddr* address, socklen_t length) {
  Key key = {};
  if (address == nullptr) return key;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    key[10] = 0xff;
    key[11] = 0xff;
    std::memcpy(key.data() + 12, &v4->sin_addr, 4);
  } else if (address->sa_family == AF_INET6 &&
             length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    std::memcpy(key.data(), &v6->sin6_addr, key.size());
  }
  return key;
}

bool ConnectionLimits::Admit(const sockaddr* address, socklen_t length) {
  const Key key = KeyOf(address, length);
  std::lock_guard<std::mutex> lock(mu_);
  if (open_ >= max_total_) return false;
  auto found = from_.find(key);
  if (found != from_.end() && found->second >= max_per_address_) return false;
  if (found == from_.end()) found = from_.emplace(key, 0).first;
  ++found->second;
  ++open_;
  return true;
}

void ConnectionLimits::Release(const sockaddr* address, socklen_t length) {
  const Key key = KeyOf(address, length);
  std::lock_guard<std::mutex> lock(mu_);
  auto found = from_.find(key);
  if (found == from_.end()) return;
  if (--found->second == 0) from_.erase(found);
  --open_;
}

int ConnectionLimits::Open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

int ConnectionLimits::OpenFrom(const sockaddr* address, socklen_t length) const {
  const Key key = KeyOf(address, length);
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = from_.find(key);
  return found == from_.end() ? 0 : found->second;
}

}  // namespace backcoach::http
