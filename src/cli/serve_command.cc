#include "cli/serve_command.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/args.h"
#include "cli/content_files.h"
#include "server/api.h"
#include "server/demo.h"
#include "server/log.h"
#include "server/mailer.h"
#include "server/scheduler.h"

namespace backcoach::cli {

namespace {

constexpr const char* kServeUsage =
    "Usage: backcoach serve [options]\n"
    "\n"
    "Serves the web app and the JSON API (/api/v1, described at /api/v1/openapi.json).\n"
    "\n"
    "Options (environment variable in brackets):\n"
    "  --host ADDR     address to listen on (BACKCOACH_HOST; default 127.0.0.1)\n"
    "  --port N        port (BACKCOACH_PORT; default 8080; 0 picks a free one)\n"
    "  --db URL        SQLite file, or postgresql://... (BACKCOACH_DB; default\n"
    "                  ./data/backcoach.db, created if absent)\n"
    "  --threads N     worker threads (BACKCOACH_THREADS; default: 16 per core, at least\n"
    "                  32, since a write waits for the disk while others are served)\n"
    "  --web DIR       the built web app (BACKCOACH_WEB; default web/dist when present)\n"
    "  --demo          seed a demo clinic with patients and history, and print the logins\n"
    "  --invite-only   patients can sign up only with a clinic invitation code\n"
    "  --secure-cookies  mark cookies Secure (behind a TLS proxy)\n"
    "  --trusted-proxy ADDR  the address of your reverse proxy (BACKCOACH_TRUSTED_PROXY):\n"
    "                  from it alone, the client's address is read from X-Forwarded-For\n"
    "                  (its right-most entry that is not the proxy), for the sign-in waits\n"
    "  --public-url URL  where people reach this server, for links in e-mails\n"
    "                  (BACKCOACH_PUBLIC_URL; default http://HOST:PORT)\n"
    "  --content DIR   clinical content (BACKCOACH_CONTENT; default: the shipped content/)\n"
    "  --log LEVEL     structured logs on standard error, one JSON object a line\n"
    "                  (BACKCOACH_LOG): requests (default), events, errors or off\n"
    "  --smtp HOST:PORT  send e-mail through this SMTP relay (BACKCOACH_SMTP; default: off):\n"
    "                  reminders and weekly summaries; sign-ups are then confirmed by a link\n"
    "                  sent to the address, and forgotten passwords reset by e-mail\n"
    "  --mail-from ADDR  the sender of those e-mails (BACKCOACH_MAIL_FROM; default\n"
    "                  backcoach@localhost)\n"
    "  --no-scheduler  do not send reminders and summaries from this server (another\n"
    "                  server sharing the database does; each is sent once either way)\n"
    "\n"
    "Stops gracefully on SIGINT or SIGTERM: in-flight requests finish first.\n";

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

int Fail(Io& io, const char* command, const Status& s) {
  io.err << "backcoach " << command << ": " << s.message() << "\n";
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

Result<std::unique_ptr<Store>> OpenMigrated(const std::string& url) {
  auto store = OpenStore(url);
  if (!store.ok()) return store.status();
  if (Status s = (*store)->Migrate(); !s.ok()) return s;
  return store;
}

std::string DefaultWebRoot() {
  std::error_code ec;
  const std::string built = std::string(BACKCOACH_DEFAULT_CONTENT_DIR) + "/../web/dist";
  return std::filesystem::is_directory(built, ec) ? built : "";
}

// Blocks until SIGINT or SIGTERM.
void WaitForSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal_number = 0;
  sigwait(&set, &signal_number);
}

}  // namespace

std::string DatabaseUrl(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  return Env("BACKCOACH_DB", "data/backcoach.db");
}

int RunServeCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"help"},
                                   {"demo"},
                                   {"invite-only"},
                                   {"secure-cookies"},
                                   {"trusted-proxy", true},
                                   {"public-url", true},
                                   {"host", true},
                                   {"port", true},
                                   {"db", true},
                                   {"threads", true},
                                   {"web", true},
                                   {"content", true},
                                   {"log", true},
                                   {"smtp", true},
                                   {"mail-from", true},
                                   {"no-scheduler"}});
  if (!parsed.ok()) return Fail(io, "serve", parsed.status());
  if (parsed->Has("help")) {
    io.out << kServeUsage;
    return kExitOk;
  }
  // Signals are waited for, not handled: block them before threads start.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  http::ServerOptions options;
  options.host = parsed->Value("host").value_or(Env("BACKCOACH_HOST", "127.0.0.1"));
  auto port = Args::Parse({"--port", parsed->Value("port").value_or(Env("BACKCOACH_PORT", "8080"))},
                          {{"port", true}});
  auto port_number = port->Int("port", 8080, 0, 65535);
  if (!port_number.ok()) return Fail(io, "serve", port_number.status());
  options.port = static_cast<int>(*port_number);
  auto threads = Args::Parse(
      {"--threads", parsed->Value("threads").value_or(Env(
                        "BACKCOACH_THREADS",
                        std::to_string(std::max(32u, 16 * std::thread::hardware_concurrency()))))},
      {{"threads", true}});
  auto thread_count = threads->Int("threads", 2, 1, 256);
  if (!thread_count.ok()) return Fail(io, "serve", thread_count.status());
  options.threads = static_cast<int>(*thread_count);

  auto level = ParseLogLevel(parsed->Value("log").value_or(Env("BACKCOACH_LOG", "requests")));
  if (!level.ok()) return Fail(io, "serve", level.status());
  Logger logger(io.err, *level);
  options.log = [&logger](const http::RequestLogEntry& entry) { logger.Request(entry); };

  auto content = LoadContentDir(ContentDir(*parsed));
  if (!content.ok()) return Fail(io, "serve", content.status());
  const std::string url = DatabaseUrl(parsed->Value("db").value_or(""));
  auto store = OpenMigrated(url);
  if (!store.ok()) return Fail(io, "serve", store.status().WithContext(url));

  std::unique_ptr<Mailer> mailer;
  if (const std::string relay = parsed->Value("smtp").value_or(Env("BACKCOACH_SMTP", ""));
      !relay.empty()) {
    auto address = ParseSmtpAddress(relay);
    if (!address.ok()) return Fail(io, "serve", address.status());
    mailer = std::make_unique<SmtpMailer>(
        *address,
        parsed->Value("mail-from").value_or(Env("BACKCOACH_MAIL_FROM", "backcoach@localhost")));
  }

  SystemClock clock;
  ApiOptions api_options;
  api_options.auth.secure_cookies = parsed->Has("secure-cookies");
  api_options.auth.trusted_proxy =
      parsed->Value("trusted-proxy").value_or(Env("BACKCOACH_TRUSTED_PROXY", ""));
  api_options.mailer = mailer.get();
  api_options.public_url =
      parsed->Value("public-url")
          .value_or(Env("BACKCOACH_PUBLIC_URL",
                        "http://" + options.host + ":" + std::to_string(options.port)));
  api_options.allow_self_signup = !parsed->Has("invite-only");
  api_options.web_root = parsed->Value("web").value_or(Env("BACKCOACH_WEB", DefaultWebRoot()));
  Api api(**store, *content, clock, api_options);
  if (parsed->Has("demo")) {
    io.out << "Seeding the demo clinic...\n" << std::flush;
    auto logins = SeedDemo(api.service());
    if (!logins.ok()) return Fail(io, "serve", logins.status().WithContext("demo"));
    io.out << "Demo logins (password for all: " << logins->front().password << "):\n";
    for (const auto& l : *logins) io.out << "  " << l.email << "  " << l.who << "\n";
  }
  Scheduler scheduler(api.service(), mailer.get());
  http::Router router;
  api.Register(router);
  http::Server server(router, options);
  if (Status s = server.Start(); !s.ok()) return Fail(io, "serve", s);
  io.out << "backcoach is serving on http://" << options.host << ":" << server.port()
         << "/ (database: " << url << "). Press Ctrl-C to stop.\n"
         << std::flush;
  logger.Event("started", "serving on " + options.host + ":" + std::to_string(server.port()) +
                              " with " + std::to_string(options.threads) + " threads");
  if (!parsed->Has("no-scheduler")) scheduler.Start();
  WaitForSignal();
  scheduler.Stop();
  io.out << "Stopping: finishing the requests in flight...\n" << std::flush;
  logger.Event("stopping", "finishing the requests in flight");
  server.Stop();
  if (Status s = api.auditor().Flush(); !s.ok()) {
    logger.Event("audit", "audit entries could not be stored: " + s.message(), /*error=*/true);
  }
  logger.Event("stopped", "stopped cleanly");
  io.out << "Stopped.\n";
  return kExitOk;
}

int RunAuditVerifyCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"help"}, {"db", true}});
  if (!parsed.ok()) return Fail(io, "audit verify", parsed.status());
  if (parsed->Has("help")) {
    io.out << "Usage: backcoach audit verify [--db URL]\n\n"
              "Re-computes the audit log's hash chain. Exit 0 when whole, 1 when an entry was\n"
              "edited or deleted (the first broken entry is named).\n";
    return kExitOk;
  }
  const std::string url = DatabaseUrl(parsed->Value("db").value_or(""));
  auto store = OpenMigrated(url);
  if (!store.ok()) return Fail(io, "audit verify", store.status().WithContext(url));
  auto report = VerifyAuditChain(**store);
  if (!report.ok()) return Fail(io, "audit verify", report.status());
  if (report->first_bad_seq != 0) {
    io.err << "backcoach audit verify: the audit log was tampered with: " << report->problem
           << "\n";
    return kExitFailure;
  }
  io.out << "audit log intact: " << report->entries << " entries\n";
  return kExitOk;
}

}  // namespace backcoach::cli
