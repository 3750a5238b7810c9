#include "cli/seed_command.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/load_seed.h"
#include "cli/args.h"
#include "cli/content_files.h"
#include "cli/serve_command.h"

namespace backcoach::cli {

namespace {

constexpr const char* kSeedUsage =
    "Usage: backcoach seed [options]\n"
    "\n"
    "Adds a clinic of virtual patients with weeks of history to a database, for load tests\n"
    "and benchmarks (bench/load.sh). Intakes and session logs go through the same service\n"
    "code as real use; every account has the password backcoach-load.\n"
    "\n"
    "Options:\n"
    "  --db URL          SQLite file or postgresql://... (default as for serve)\n"
    "  --patients N      patients to add (default 10000; 1 to 1000000)\n"
    "  --weeks W         weeks of history before today (default 2; 0 to 52)\n"
    "  --seed S          which virtual people (default 1)\n"
    "  --threads T       writers at once (default 16; 1 to 256)\n"
    "  --tokens FILE     open sessions for the clinician and the first --sessions patients,\n"
    "                    and write one 'ROLE USER_ID TOKEN' line each to FILE\n"
    "  --sessions K      how many patients get a session for --tokens (default 1000)\n"
    "  --content DIR     clinical content (default: the shipped content/)\n";

int Fail(Io& io, const Status& s) {
  io.err << "backcoach seed: " << s.message() << "\n";
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

}  // namespace

int RunSeedCommand(const std::vector<std::string>& args, Io& io) {
  auto parsed = Args::Parse(args, {{"help"},
                                   {"db", true},
                                   {"patients", true},
                                   {"weeks", true},
                                   {"seed", true},
                                   {"threads", true},
                                   {"tokens", true},
                                   {"sessions", true},
                                   {"content", true}});
  if (!parsed.ok()) return Fail(io, parsed.status());
  if (parsed->Has("help")) {
    io.out << kSeedUsage;
    return kExitOk;
  }
  LoadSeedOptions options;
  auto patients = parsed->Int("patients", 10000, 1, 1000000);
  auto weeks = parsed->Int("weeks", 2, 0, 52);
  auto seed = parsed->Int("seed", 1, 0, 1LL << 62);
  auto threads = parsed->Int("threads", 16, 1, 256);
  auto sessions = parsed->Int("sessions", 1000, 0, 1000000);
  for (const auto* r : {&patients, &weeks, &seed, &threads, &sessions}) {
    if (!r->ok()) return Fail(io, r->status());
  }
  options.patients = static_cast<int>(*patients);
  options.weeks = static_cast<int>(*weeks);
  options.seed = static_cast<std::uint64_t>(*seed);
  options.threads = static_cast<int>(*threads);
  const auto tokens_path = parsed->Value("tokens");
  options.sessions_for = tokens_path ? static_cast<int>(*sessions) : 0;

  auto content = LoadContentDir(ContentDir(*parsed));
  if (!content.ok()) return Fail(io, content.status());
  const std::string url = DatabaseUrl(parsed->Value("db").value_or(""));
  auto store = OpenStore(url);
  if (!store.ok()) return Fail(io, store.status().WithContext(url));
  if (Status s = (*store)->Migrate(); !s.ok()) return Fail(io, s.WithContext(url));
  SystemClock clock;
  Service service(**store, *content, clock);
  Auth auth(**store, clock, AuthOptions{});
  const bool terminal = isatty(STDERR_FILENO);
  auto result = SeedLoad(service, auth, options, [&](int done) {
    if (terminal) io.err << "\rseeding: " << done << " / " << options.patients << std::flush;
  });
  if (terminal) io.err << "\n";
  if (!result.ok()) return Fail(io, result.status());
  if (tokens_path) {
    std::ofstream out(*tokens_path);
    for (const auto& l : result->logins)
      out << l.role << " " << l.user_id << " " << l.token << "\n";
    if (!out) return Fail(io, Status::Unavailable("cannot write " + *tokens_path));
  }
  io.out << "seeded clinic " << result->clinic_id << ": " << result->patients << " patients, "
         << result->session_logs << " session logs over " << options.weeks << " weeks\n";
  return kExitOk;
}

}  // namespace backcoach::cli
