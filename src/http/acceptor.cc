#include "http/acceptor.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

namespace backcoach::http {
namespace {

// How long to wait before accepting again when the system is out of
// descriptors or memory: the connections in the queue wait meanwhile.
constexpr int kBackOffMilliseconds = 50;

}  // namespace

Acceptor::Acceptor(int listener, int loops, ConnectionLimits* limits, HandOff hand_off)
    : listener_(listener), loops_(loops), limits_(limits), hand_off_(std::move(hand_off)) {}

Acceptor::~Acceptor() { Stop(); }

Status Acceptor::Start() {
  if (thread_.joinable()) return Status::InvalidArgument("the acceptor is already running");
  wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_ < 0) {
    return Status::Unavailable(std::string("cannot make an event descriptor: ") +
                               std::strerror(errno));
  }
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (const std::system_error& error) {
    close(wake_);
    wake_ = -1;
    return Status::Unavailable(std::string("cannot start the accepting thread: ") + error.what());
  }
  return Status::Ok();
}

void Acceptor::Stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  // An eventfd's counter cannot overflow from one write; nothing to handle.
  [[maybe_unused]] const ssize_t written = write(wake_, &one, sizeof one);
  thread_.join();
  close(wake_);
  wake_ = -1;
}

bool Acceptor::Wait(int milliseconds, bool for_listener) {
  pollfd watched[2] = {{wake_, POLLIN, 0}, {listener_, POLLIN, 0}};
  for (;;) {
    const int ready = poll(watched, for_listener ? 2 : 1, milliseconds);
    if (ready < 0 && errno == EINTR) continue;
    return (watched[0].revents & POLLIN) == 0;
  }
}

void Acceptor::Run() {
  while (Wait(-1, /*for_listener=*/true)) {
    if (!AcceptAll() && !Wait(kBackOffMilliseconds, /*for_listener=*/false)) return;
  }
}

bool Acceptor::AcceptAll() {
  for (;;) {
    sockaddr_storage address = {};
    socklen_t length = sizeof address;
    auto* peer = reinterpret_cast<sockaddr*>(&address);
    const int socket = accept4(listener_, peer, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (socket < 0) {
      switch (errno) {
        case EINTR:
        case ECONNABORTED:
        case EPROTO: continue;
        case EAGAIN:  // the queue is empty
#if EWOULDBLOCK != EAGAIN
        case EWOULDBLOCK:
#endif
          return true;
        default:  // out of descriptors or memory, above all
          return false;
      }
    }
    if (!limits_->Admit(peer, length)) {
      close(socket);
      continue;
    }
    const int loop = next_;
    next_ = (next_ + 1) % loops_;
    if (!hand_off_(socket, peer, length, loop)) limits_->Release(peer, length);
  }
}

}  // namespace backcoach::http
