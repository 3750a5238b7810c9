// SmtpSink: a tiny SMTP server for tests, on 127.0.0.1 and a port the
// system picks. It accepts every message and keeps it (envelope recipient
// and the DATA text), so tests can check what backcoach sent over a real
// socket.
#ifndef BACKCOACH_TESTING_SMTP_SINK_H_
#define BACKCOACH_TESTING_SMTP_SINK_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace backcoach::testing {

class SmtpSink {
 public:
  struct Message {
    std::string to;    // from RCPT TO, without the angle brackets
    std::string data;  // what came between DATA and the lone dot
  };

  SmtpSink() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }

  ~SmtpSink() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  int port() const { return port_; }

  std::vector<Message> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }

 private:
  void Serve() {
    while (!stop_) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      Talk(client);
      ::close(client);
    }
  }

  static void Send(int fd, const std::string& line) {
    ::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
  }

  static bool ReadLine(int fd, std::string& buffer, std::string& line) {
    for (;;) {
      const auto end = buffer.find("\r\n");
      if (end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      char chunk[1024];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  void Talk(int fd) {
    std::string buffer, line;
    Message message;
    Send(fd, "220 sink ready\r\n");
    while (ReadLine(fd, buffer, line)) {
      if (line.rfind("EHLO", 0) == 0) {
        Send(fd, "250-sink\r\n250 8BITMIME\r\n");
      } else if (line.rfind("RCPT TO:<", 0) == 0) {
        message.to = line.substr(9, line.size() - 10);
        Send(fd, "250 ok\r\n");
      } else if (line == "DATA") {
        Send(fd, "354 go on\r\n");
        while (ReadLine(fd, buffer, line) && line != ".") message.data += line + "\n";
        {
          std::lock_guard<std::mutex> lock(mu_);
          messages_.push_back(message);
        }
        Send(fd, "250 kept\r\n");
      } else if (line == "QUIT") {
        Send(fd, "221 bye\r\n");
        return;
      } else {
        Send(fd, "250 ok\r\n");
      }
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<Message> messages_;
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_SMTP_SINK_H_
