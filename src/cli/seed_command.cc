#include "cli/seed_command.h"

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
    "  --messages P      of every 100 patients, how many have written to the clinician,\n"
    "                    who then has a message thread with each (default 0; 0 to 100)\n"
    "  --content DIR     clinical content (default: the shipped content/)\n"
    "  --help            show this help\n"
    "\n"
    "Exit status: 0 seeded, 2 bad flags, 3 the database could not be opened or written.\n";

Result<LoadSeedOptions> OptionsFrom(const Args& args) {
  auto patients = args.Int("patients", 10000, 1, 1000000);
  auto weeks = args.Int("weeks", 2, 0, 52);
  auto seed = args.Int("seed", 1, 0, 1LL << 62);
  auto threads = args.Int("threads", 16, 1, 256);
  auto sessions = args.Int("sessions", 1000, 0, 1000000);
  auto messages = args.Int("messages", 0, 0, 100);
  for (const auto* r : {&patients, &weeks, &seed, &threads, &sessions, &messages}) {
    if (!r->ok()) return r->status();
  }
  LoadSeedOptions options;
  options.patients = static_cast<int>(*patients);
  options.weeks = static_cast<int>(*weeks);
  options.seed = static_cast<std::uint64_t>(*seed);
  options.threads = static_cast<int>(*threads);
  options.sessions_for = args.Has("tokens") ? static_cast<int>(*sessions) : 0;
  options.messages_percent = static_cast<int>(*messages);
  return options;
}

Outcome RunSeed(const Args& args, Io& io) {
  auto options = OptionsFrom(args);
  if (!options.ok()) return options.status();
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  auto store = OpenStore(url);
  if (!store.ok()) return store.status().WithContext(url);
  if (Status s = (*store)->Migrate(); !s.ok()) return s.WithContext(url);
  SystemClock clock;
  Service service(**store, *content, clock);
  Auth auth(**store, clock, AuthOptions{});
  const bool terminal = io.err_is_terminal;
  auto result = SeedLoad(service, auth, *options, [&](int done) {
    if (terminal) io.err << "\rseeding: " << done << " / " << options->patients << std::flush;
  });
  if (terminal) io.err << "\n";
  if (!result.ok()) return result.status();
  if (const auto tokens_path = args.Value("tokens")) {
    std::ofstream out(*tokens_path);
    for (const auto& l : result->logins)
      out << l.role << " " << l.user_id << " " << l.token << "\n";
    if (!out) return Status::Unavailable("cannot write " + *tokens_path);
  }
  io.out << "seeded clinic " << result->clinic_id << ": " << result->patients << " patients, "
         << result->session_logs << " session logs over " << options->weeks << " weeks\n";
  return Status::Ok();
}

}  // namespace

const Command& SeedCommand() {
  static const Command command{"seed",
                               "add a clinic of virtual patients with history, for load tests",
                               kSeedUsage,
                               {{"db", true},
                                {"patients", true},
                                {"weeks", true},
                                {"seed", true},
                                {"threads", true},
                                {"tokens", true},
                                {"sessions", true},
                                {"messages", true},
                                {"content", true}},
                               {},
                               {},
                               RunSeed};
  return command;
}

}  // namespace backcoach::cli
