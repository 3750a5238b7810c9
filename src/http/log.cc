#include "http/log.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace backcoach {

Result<LogLevel> ParseLogLevel(const std::string& text) {
  if (text == "off") return LogLevel::kOff;
  if (text == "errors") return LogLevel::kErrors;
  if (text == "events") return LogLevel::kEvents;
  if (text == "requests") return LogLevel::kRequests;
  return Status::InvalidArgument("log level must be off, errors, events or requests, not '" + text +
                                 "'");
}

Logger::Logger(std::ostream& out, LogLevel level, std::string (*clock_text)())
    : out_(out), level_(level), clock_text_(clock_text) {}

std::string Logger::NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}

void Logger::Event(const std::string& event, const std::string& message, bool error) {
  if (level_ == LogLevel::kOff || (!error && level_ < LogLevel::kEvents)) return;
  nlohmann::json line = {{"ts", clock_text_()},
                         {"level", error ? "error" : "info"},
                         {"event", event},
                         {"message", message}};
  Write(line.dump());
}

void Logger::Request(const http::RequestLogEntry& entry) {
  const bool server_error = entry.status >= 500;
  if (level_ < LogLevel::kRequests && !(server_error && level_ >= LogLevel::kErrors)) return;
  nlohmann::json line = {{"ts", clock_text_()},
                         {"level", server_error ? "error" : "info"},
                         {"event", "request"},
                         {"method", entry.method},
                         {"path", entry.path},
                         {"status", entry.status},
                         {"ms", std::round(entry.milliseconds * 100) / 100},
                         {"remote", entry.remote_address}};
  // Bytes a client sent may not be valid UTF-8: replace rather than throw.
  Write(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Logger::Write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  out_ << line << '\n';
  out_.flush();
}

}  // namespace backcoach
