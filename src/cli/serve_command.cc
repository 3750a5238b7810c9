#include "cli/serve_command.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/api.h"
#include "app/audit_key.h"
#include "app/demo.h"
#include "app/mailer.h"
#include "app/scheduler.h"
#include "cli/args.h"
#include "cli/content_files.h"
#include "http/log.h"

namespace backcoach::cli {

namespace {

// Under load, 20 ms fills most batches on two cores (docs/performance.md);
// an idle server's reads are audited after at most this long.
constexpr int kDefaultAuditBatchWaitMs = 20;

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
    "  --threads N     worker threads (BACKCOACH_THREADS; default: 4 per core, at least\n"
    "                  8, with SQLite; 64 per core, at least 128, with PostgreSQL);\n"
    "                  changes wait for the disk on a pool of their own\n"
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
    "  --readyz-write-counts  /readyz also gives the durable writes and the commits\n"
    "                  that stored them (for benchmarks; off: /readyz answers anyone)\n"
    "  --no-scheduler  do not send reminders and summaries from this server (another\n"
    "                  server sharing the database does; each is sent once either way)\n"
    "  --audit-key-file FILE  the key the audit log is signed with (BACKCOACH_AUDIT_KEY_FILE;\n"
    "                  default: beside a SQLite database, DB.audit-key; ./backcoach.audit-key\n"
    "                  otherwise). Made, mode 0600, when missing; give every server sharing\n"
    "                  the database the same file. Keep it out of the database's backups.\n"
    "  --audit-anchor-file FILE  where the audit log's head is appended once a day\n"
    "                  (BACKCOACH_AUDIT_ANCHOR_FILE; default DB.audit-anchors beside a SQLite\n"
    "                  database, ./backcoach.audit-anchors otherwise)\n"
    "  --audit-batch-wait MS  how long the audit entry of a read may wait for others to\n"
    "                  share one commit (BACKCOACH_AUDIT_BATCH_WAIT; default 20, 0 to 1000);\n"
    "                  a change is answered only once its own entry is stored\n"
    "\n"
    "Defences against slow and greedy clients (see docs/serve.md):\n"
    "  --max-connections N  connections open at once (BACKCOACH_MAX_CONNECTIONS;\n"
    "                  default 1024); more are closed as they arrive\n"
    "  --max-connections-per-address N  of those, from one client address\n"
    "                  (BACKCOACH_MAX_CONNECTIONS_PER_ADDRESS; default 128); behind a\n"
    "                  proxy every client has the proxy's address: raise it there\n"
    "  --body-grace S  seconds a request body may take before its rate is checked\n"
    "                  (BACKCOACH_BODY_GRACE; default 10)\n"
    "  --min-body-rate N  the least a body must then average, in bytes a second since\n"
    "                  its head (BACKCOACH_MIN_BODY_RATE; default 4096); slower is cut off\n"
    "\n"
    "  --help          show this help\n"
    "\n"
    "Stops gracefully on SIGINT or SIGTERM: in-flight requests finish first.\n"
    "Exit status: 0 stopped cleanly, 2 bad flags or content, 3 the database, the audit\n"
    "key file or the port cannot be used.\n";

constexpr const char* kAuditVerifyUsage =
    "Usage: backcoach audit verify [--db URL] [--audit-key-file FILE]\n"
    "                              [--audit-anchor-file FILE]\n\n"
    "Re-computes the audit log's chain of keyed hashes with the servers' audit key,\n"
    "and checks it against the daily anchors, so that entries edited, or deleted\n"
    "from anywhere including the end, are found. The files default as for serve.\n"
    "Exit 0 when whole, 1 when an entry was edited or deleted (the first broken\n"
    "entry is named) or the key is not the servers' key, 2 bad flags or no key file,\n"
    "3 the database or a file cannot be read.\n";

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// An integer option from its flag, else its environment variable, else `fallback`.
Result<long long> IntOption(const Args& parsed, const std::string& flag, const char* env,
                            long long fallback, long long min, long long max) {
  auto value =
      Args::Parse({"--" + flag, parsed.Value(flag).value_or(Env(env, std::to_string(fallback)))},
                  {{flag, true}});
  if (!value.ok()) return value.status();
  return value->Int(flag, fallback, min, max);
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

// Reads the web app in `root` (none when empty) into `options`, and logs
// what of it was left out (links out of it, special files).
Status LoadWebApp(const std::string& root, Logger& logger, ApiOptions* options) {
  if (root.empty()) return Status::Ok();
  auto files = StaticFiles::Load(root);
  if (!files.ok()) return files.status();
  for (const std::string& entry : files->left_out()) {
    logger.Event("web", "left out of the web app: " + entry);
  }
  options->web_app = std::make_shared<const StaticFiles>(std::move(files).value());
  return Status::Ok();
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

std::string AuditKeyFile(const std::string& flag_value, const std::string& db_url) {
  if (!flag_value.empty()) return flag_value;
  return Env("BACKCOACH_AUDIT_KEY_FILE", DefaultAuditKeyPath(db_url));
}

std::string AuditAnchorFile(const std::string& flag_value, const std::string& db_url) {
  if (!flag_value.empty()) return flag_value;
  return Env("BACKCOACH_AUDIT_ANCHOR_FILE", DefaultAuditAnchorPath(db_url));
}

unsigned DefaultWorkerThreads(StoreKind kind, unsigned cores) {
  cores = std::max(1u, cores);
  if (kind == StoreKind::kPostgres) return std::min(256u, std::max(128u, 64 * cores));
  return std::min(256u, std::max(8u, 4 * cores));
}

namespace {

// The transport's options from the flags, else the environment, else the
// defaults; InvalidArgument naming the flag for a value out of range.
Result<http::ServerOptions> ServerOptionsFrom(const Args& args) {
  http::ServerOptions options;
  options.host = args.Value("host").value_or(Env("BACKCOACH_HOST", "127.0.0.1"));
  auto port = Args::Parse({"--port", args.Value("port").value_or(Env("BACKCOACH_PORT", "8080"))},
                          {{"port", true}});
  auto port_number = port->Int("port", 8080, 0, 65535);
  if (!port_number.ok()) return port_number.status();
  options.port = static_cast<int>(*port_number);
  const StoreKind store = StoreKindOf(DatabaseUrl(args.Value("db").value_or("")));
  const unsigned default_threads = DefaultWorkerThreads(store, std::thread::hardware_concurrency());
  auto threads = Args::Parse(
      {"--threads",
       args.Value("threads").value_or(Env("BACKCOACH_THREADS", std::to_string(default_threads)))},
      {{"threads", true}});
  auto thread_count = threads->Int("threads", 2, 1, 256);
  if (!thread_count.ok()) return thread_count.status();
  options.threads = static_cast<int>(*thread_count);
  auto connections =
      IntOption(args, "max-connections", "BACKCOACH_MAX_CONNECTIONS", 1024, 1, 100000);
  if (!connections.ok()) return connections.status();
  options.max_connections = static_cast<int>(*connections);
  auto per_address = IntOption(args, "max-connections-per-address",
                               "BACKCOACH_MAX_CONNECTIONS_PER_ADDRESS", 128, 1, 100000);
  if (!per_address.ok()) return per_address.status();
  options.max_connections_per_address = static_cast<int>(*per_address);
  auto grace = IntOption(args, "body-grace", "BACKCOACH_BODY_GRACE", 10, 1, 3600);
  if (!grace.ok()) return grace.status();
  options.body_grace_seconds = static_cast<int>(*grace);
  auto rate = IntOption(args, "min-body-rate", "BACKCOACH_MIN_BODY_RATE", 4096, 0, 1 << 30);
  if (!rate.ok()) return rate.status();
  options.min_body_rate = static_cast<int>(*rate);
  return options;
}

Outcome RunServe(const Args& args, Io& io) {
  // Signals are waited for, not handled: block them before threads start.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server_options = ServerOptionsFrom(args);
  if (!server_options.ok()) return server_options.status();
  auto batch_wait = IntOption(args, "audit-batch-wait", "BACKCOACH_AUDIT_BATCH_WAIT",
                              kDefaultAuditBatchWaitMs, 0, 1000);
  if (!batch_wait.ok()) return batch_wait.status();
  http::ServerOptions options = std::move(server_options).value();
  auto level = ParseLogLevel(args.Value("log").value_or(Env("BACKCOACH_LOG", "requests")));
  if (!level.ok()) return level.status();
  Logger logger(io.err, *level);
  options.log = [&logger](const http::RequestLogEntry& entry) { logger.Request(entry); };

  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  auto store = OpenMigrated(url);
  if (!store.ok()) return store.status().WithContext(url);
  const std::string key_file = AuditKeyFile(args.Value("audit-key-file").value_or(""), url);
  auto audit_key = LoadOrCreateAuditKey(key_file);
  if (!audit_key.ok()) return audit_key.status();
  (*store)->SetAuditKey(*audit_key);

  std::unique_ptr<Mailer> mailer;
  if (const std::string relay = args.Value("smtp").value_or(Env("BACKCOACH_SMTP", ""));
      !relay.empty()) {
    auto address = ParseSmtpAddress(relay);
    if (!address.ok()) return address.status();
    mailer = std::make_unique<SmtpMailer>(
        *address,
        args.Value("mail-from").value_or(Env("BACKCOACH_MAIL_FROM", "backcoach@localhost")));
  }

  SystemClock clock;
  ApiOptions api_options;
  api_options.audit_key = *audit_key;
  api_options.audit_anchor_file =
      AuditAnchorFile(args.Value("audit-anchor-file").value_or(""), url);
  api_options.auth.secure_cookies = args.Has("secure-cookies");
  api_options.auth.trusted_proxy =
      args.Value("trusted-proxy").value_or(Env("BACKCOACH_TRUSTED_PROXY", ""));
  api_options.mailer = mailer.get();
  api_options.public_url =
      args.Value("public-url")
          .value_or(Env("BACKCOACH_PUBLIC_URL",
                        "http://" + options.host + ":" + std::to_string(options.port)));
  api_options.allow_self_signup = !args.Has("invite-only");
  api_options.readyz_write_counts = args.Has("readyz-write-counts");
  api_options.audit_batch_wait_ms = static_cast<int>(*batch_wait);
  if (Status s = LoadWebApp(args.Value("web").value_or(Env("BACKCOACH_WEB", DefaultWebRoot())),
                            logger, &api_options);
      !s.ok()) {
    return s;
  }
  Api api(**store, *content, clock, api_options);
  if (args.Has("demo")) {
    io.out << "Seeding the demo clinic...\n" << std::flush;
    auto logins = SeedDemo(api.service());
    if (!logins.ok()) return logins.status().WithContext("demo");
    io.out << "Demo logins (password for all: " << logins->front().password << "):\n";
    for (const auto& l : *logins) io.out << "  " << l.email << "  " << l.who << "\n";
  }
  SchedulerOptions scheduler_options;
  scheduler_options.audit_anchor_file = api_options.audit_anchor_file;
  Scheduler scheduler(api.service(), mailer.get(), scheduler_options);
  http::Router router;
  api.Register(router);
  http::Server server(router, options);
  if (Status s = server.Start(); !s.ok()) return s;
  io.out << "backcoach is serving on http://" << options.host << ":" << server.port()
         << "/ (database: " << url << "). Press Ctrl-C to stop.\n"
         << std::flush;
  logger.Event("started", "serving on " + options.host + ":" + std::to_string(server.port()) +
                              " with " + std::to_string(options.threads) + " threads");
  if (!args.Has("no-scheduler")) scheduler.Start();
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
  return Status::Ok();
}

Outcome RunAuditVerify(const Args& args, Io& io) {
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  auto store = OpenMigrated(url);
  if (!store.ok()) return store.status().WithContext(url);
  auto key = ReadAuditKey(AuditKeyFile(args.Value("audit-key-file").value_or(""), url));
  if (!key.ok()) {
    return key.status().code() == StatusCode::kNotFound
               ? Status::InvalidArgument(key.status().message() +
                                         " (give the servers' --audit-key-file)")
               : key.status();
  }
  auto anchors =
      ReadAuditAnchors(AuditAnchorFile(args.Value("audit-anchor-file").value_or(""), url));
  if (!anchors.ok()) return anchors.status();
  auto report = VerifyAuditChain(**store, *key, *anchors);
  if (!report.ok()) return report.status();
  if (!report->problem.empty()) {
    return Outcome::CheckFailed("the audit log was tampered with: " + report->problem);
  }
  io.out << "audit log intact: " << report->entries << " entries, " << report->anchors
         << (report->anchors == 1 ? " anchor" : " anchors") << " checked";
  if (!anchors->empty()) {
    io.out << "; latest anchor: entry " << anchors->back().seq << ", "
           << Date::FromDays(static_cast<int>(anchors->back().at / 86400)).ToString();
  }
  io.out << "\n";
  return Status::Ok();
}

}  // namespace

const Command& ServeCommand() {
  static const Command command{"serve",
                               "serve the web app and the API (--demo for a living demo clinic)",
                               kServeUsage,
                               {{"demo"},
                                {"invite-only"},
                                {"readyz-write-counts"},
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
                                {"max-connections", true},
                                {"max-connections-per-address", true},
                                {"body-grace", true},
                                {"min-body-rate", true},
                                {"audit-key-file", true},
                                {"audit-batch-wait", true},
                                {"audit-anchor-file", true},
                                {"no-scheduler"}},
                               {},
                               {},
                               RunServe};
  return command;
}

const Command& AuditVerifyCommand() {
  static const Command command{
      "audit verify",
      "check the audit log's hash chain",
      kAuditVerifyUsage,
      {{"db", true}, {"audit-key-file", true}, {"audit-anchor-file", true}},
      {},
      {},
      RunAuditVerify};
  return command;
}

}  // namespace backcoach::cli
