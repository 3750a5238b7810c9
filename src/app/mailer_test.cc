#include "app/mailer.h"

#include <gtest/gtest.h>

#include "testing/smtp_sink.h"

namespace backcoach {
namespace {

TEST(MailerTest, SendsThroughTheRelay) {
  testing::SmtpSink sink;
  SmtpMailer mailer({"127.0.0.1", sink.port()}, "noreply@backcoach.example");
  ASSERT_TRUE(
      mailer.Send({"maria@example.test", "Your week", "Three sessions.\n.dot line\n"}).ok());
  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].to, "maria@example.test");
  EXPECT_NE(messages[0].data.find("Subject: Your week\n"), std::string::npos);
  EXPECT_NE(messages[0].data.find("\nThree sessions.\n"), std::string::npos);
  // A line starting with a dot is doubled on the wire, so it cannot end DATA.
  EXPECT_NE(messages[0].data.find("\n..dot line\n"), std::string::npos);
}

TEST(MailerTest, UnreachableRelayIsUnavailable) {
  int port = 0;
  {
    testing::SmtpSink closed;
    port = closed.port();
  }
  SmtpMailer mailer({"127.0.0.1", port}, "noreply@backcoach.example", 2);
  const Status s = mailer.Send({"maria@example.test", "x", "y"});
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "cannot reach the mail relay 127.0.0.1:" + std::to_string(port));
}

TEST(MailerTest, HeaderInjectionIsRefused) {
  SmtpMailer mailer({"127.0.0.1", 1}, "noreply@backcoach.example");
  EXPECT_EQ(mailer.Send({"a@example.test\r\nBcc: b@example.test", "x", "y"}).code(),
            StatusCode::kInvalidArgument);
}

TEST(MailerTest, RelayAddressIsHostAndPort) {
  auto a = ParseSmtpAddress("localhost:2525");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "localhost");
  EXPECT_EQ(a->port, 2525);
  for (const char* bad : {"localhost", ":25", "host:0", "host:99999", "host:2x"}) {
    EXPECT_EQ(ParseSmtpAddress(bad).status().message(),
              "--smtp must be host:port, e.g. localhost:25")
        << bad;
  }
}

}  // namespace
}  // namespace backcoach
