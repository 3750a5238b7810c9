// Mailer: how backcoach sends e-mail (reminders, weekly summaries), behind
// a small interface so that tests can use a fake or a local sink.
//
// SmtpMailer speaks plain SMTP (RFC 5321) to one relay, e.g. a local
// Postfix or the clinic's relay, which does any authentication and TLS
// onwards; backcoach holds no mail credentials. It is off unless `serve`
// is given --smtp host:port (or BACKCOACH_SMTP). Thread-safe: each Send
// opens its own connection.
#ifndef BACKCOACH_APP_MAILER_H_
#define BACKCOACH_APP_MAILER_H_

#include <string>
#include <utility>

#include "core/status.h"

namespace backcoach {

struct Mail {
  std::string to;
  std::string subject;
  std::string body;  // plain text; lines end in \n
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Unavailable when the relay cannot be reached or refuses the message.
  virtual Status Send(const Mail& mail) = 0;
};

struct SmtpAddress {
  std::string host;
  int port = 25;
};

// "host:port" (port 1-65535); InvalidArgument otherwise.
Result<SmtpAddress> ParseSmtpAddress(const std::string& text);

class SmtpMailer : public Mailer {
 public:
  SmtpMailer(SmtpAddress relay, std::string from, int timeout_seconds = 10)
      : relay_(std::move(relay)), from_(std::move(from)), timeout_seconds_(timeout_seconds) {}
  // Unavailable, naming the relay's answer, when it cannot be reached,
  // times out or refuses the message.
  Status Send(const Mail& mail) override;

 private:
  SmtpAddress relay_;
  std::string from_;
  int timeout_seconds_;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_MAILER_H_
