#include "app/mailer.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace backcoach {

namespace {

// One SMTP connection: send a line, read a (possibly multi-line) reply.
class Connection {
 public:
  explicit Connection(int fd) : fd_(fd) {}
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool Write(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // The reply's code (e.g. 250), or -1 when the connection failed.
  int Reply() {
    for (;;) {
      std::string line;
      if (!ReadLine(line)) return -1;
      if (line.size() < 3) return -1;
      if (line.size() > 3 && line[3] == '-') continue;  // more lines follow
      return std::atoi(line.substr(0, 3).c_str());
    }
  }

 private:
  bool ReadLine(std::string& line) {
    for (;;) {
      const auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      char chunk[512];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0 || buffer_.size() > 65536) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int fd_;
  std::string buffer_;
};

Result<int> Connect(const SmtpAddress& relay, int timeout_seconds) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(relay.port);
  if (::getaddrinfo(relay.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return Status::Unavailable("cannot find the mail relay " + relay.host);
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    return Status::Unavailable("cannot reach the mail relay " + relay.host + ":" + port);
  }
  return fd;
}

// The message as DATA carries it: headers, then the body with CRLF line
// ends and leading dots doubled, then the lone dot.
std::string DataOf(const std::string& from, const Mail& mail) {
  std::string out = "From: backcoach <" + from + ">\r\nTo: <" + mail.to +
                    ">\r\nSubject: " + mail.subject +
                    "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: 8bit\r\n\r\n";
  std::size_t start = 0;
  while (start < mail.body.size()) {
    std::size_t end = mail.body.find('\n', start);
    if (end == std::string::npos) end = mail.body.size();
    std::string line = mail.body.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '.') out += '.';  // doubled, so it cannot end DATA
    out += line;
    out += "\r\n";
    start = end + 1;
  }
  return out + ".\r\n";
}

bool SafeHeader(const std::string& text) { return text.find_first_of("\r\n") == std::string::npos; }

}  // namespace

Result<SmtpAddress> ParseSmtpAddress(const std::string& text) {
  const auto colon = text.rfind(':');
  const Status bad = Status::InvalidArgument("--smtp must be host:port, e.g. localhost:25");
  if (colon == std::string::npos || colon == 0) return bad;
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return bad;
  }
  const int number = std::stoi(port);
  if (number < 1 || number > 65535) return bad;
  return SmtpAddress{text.substr(0, colon), number};
}

Status SmtpMailer::Send(const Mail& mail) {
  if (!SafeHeader(mail.to) || !SafeHeader(mail.subject) || mail.to.empty()) {
    return Status::InvalidArgument("a mail's address and subject must be one line");
  }
  auto fd = Connect(relay_, timeout_seconds_);
  if (!fd.ok()) return fd.status();
  Connection c(*fd);
  const Status refused = Status::Unavailable("the mail relay refused the message");
  if (c.Reply() != 220) return refused;
  const std::pair<std::string, int> steps[] = {
      {"EHLO backcoach\r\n", 250},
      {"MAIL FROM:<" + from_ + ">\r\n", 250},
      {"RCPT TO:<" + mail.to + ">\r\n", 250},
      {"DATA\r\n", 354},
      {DataOf(from_, mail), 250},
  };
  for (const auto& [line, expected] : steps) {
    if (!c.Write(line)) return refused;
    const int code = c.Reply();
    if (code != expected && !(expected == 250 && code == 251)) return refused;
  }
  c.Write("QUIT\r\n");
  return Status::Ok();
}

}  // namespace backcoach
