// Log: structured logs, one JSON object per line, for people and for log
// collectors alike. The server writes its events (start, stop, errors) and,
// at the "requests" level, one line per answered request. Lines never hold
// health data: requests are logged by method, path (ids only, no query
// string), status, duration and address.
//
// Thread-safety: a Logger may be written from many threads at once; each
// line is written whole. Writing never fails: a line the stream refuses is
// lost, and the request it describes is answered all the same.
#ifndef BACKCOACH_HTTP_LOG_H_
#define BACKCOACH_HTTP_LOG_H_

#include <mutex>
#include <ostream>
#include <string>

#include "core/status.h"
#include "http/http.h"

namespace backcoach {

enum class LogLevel { kOff, kErrors, kEvents, kRequests };

// "off", "errors", "events" or "requests"; InvalidArgument otherwise.
Result<LogLevel> ParseLogLevel(const std::string& text);

class Logger {
 public:
  // Writes to `out`, which must outlive the logger. `clock_text` gives the
  // time stamp (an ISO 8601 UTC time); tests pass a fixed one.
  Logger(std::ostream& out, LogLevel level, std::string (*clock_text)() = &NowUtc);

  // An event such as "started"; `error` events are kept at every level but off.
  void Event(const std::string& event, const std::string& message, bool error = false);
  // One request; server errors (5xx) are logged from the "errors" level up,
  // everything else only at "requests".
  void Request(const http::RequestLogEntry& entry);
  LogLevel level() const { return level_; }

  static std::string NowUtc();  // "2026-11-23T08:00:00.000Z"; never fails

 private:
  void Write(const std::string& line);

  std::ostream& out_;
  const LogLevel level_;
  std::string (*clock_text_)();
  std::mutex mu_;
};

}  // namespace backcoach

#endif  // BACKCOACH_HTTP_LOG_H_
