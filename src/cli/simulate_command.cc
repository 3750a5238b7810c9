#include "cli/simulate_command.h"

#include <cstdio>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/args.h"
#include "cli/content_files.h"
#include "core/simulation.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach simulate [--patients N] [--weeks W] [--seed S] [--threads T]\n"
    "                          [--json] [--content DIR]\n"
    "\n"
    "Runs virtual people through plan and progression: varied phases and presentations,\n"
    "people who respond and people who do not, flare-ups, skipped sessions, sharp pain,\n"
    "worsening leg symptoms, and a few who develop a red flag. Every step is checked\n"
    "against the engine's safety properties; the figures and any broken property are\n"
    "printed. The same seed gives the same figures, whatever the number of threads.\n"
    "\n"
    "Options:\n"
    "  --patients N    virtual people (default 1000)\n"
    "  --weeks W       weeks per person, 1 to 104 (default 12)\n"
    "  --seed S        random seed (default 1)\n"
    "  --threads T     worker threads (default: the number of cores)\n"
    "  --json          print the report as JSON\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "  --help          show this help\n"
    "\n"
    "Exit status: 0 no property broken, 1 a property was broken (examples are\n"
    "printed), 2 invalid options.\n"
    "Reference: docs/simulate.md\n";

constexpr long long kDefaultPatients = 1000;
constexpr long long kMaxPatients = 1'000'000'000;
constexpr long long kDefaultWeeks = 12;
constexpr long long kMaxWeeks = 104;
constexpr long long kMaxThreads = 256;
constexpr int kBarWidth = 30;

Result<SimulationOptions> OptionsFrom(const Args& args) {
  SimulationOptions o;
  auto patients = args.Int("patients", kDefaultPatients, 1, kMaxPatients);
  if (!patients.ok()) return patients.status();
  auto weeks = args.Int("weeks", kDefaultWeeks, 1, kMaxWeeks);
  if (!weeks.ok()) return weeks.status();
  auto seed = args.Int("seed", 1, 0, std::numeric_limits<long long>::max());
  if (!seed.ok()) return seed.status();
  const long long cores = std::max(1u, std::thread::hardware_concurrency());
  auto threads = args.Int("threads", std::min(cores, kMaxThreads), 1, kMaxThreads);
  if (!threads.ok()) return threads.status();
  o.patients = *patients;
  o.weeks = static_cast<int>(*weeks);
  o.seed = static_cast<std::uint64_t>(*seed);
  o.threads = static_cast<int>(*threads);
  return o;
}

// A progress bar on standard error, redrawn when the percentage changes.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, long long total) : err_(err), total_(total) {}
  void Update(long long done) {
    const int percent = static_cast<int>(done * 100 / total_);
    if (percent == shown_) return;
    shown_ = percent;
    const int filled = percent * kBarWidth / 100;
    err_ << "\r[" << std::string(filled, '#') << std::string(kBarWidth - filled, '.') << "] "
         << percent << "% " << done << "/" << total_ << " people" << std::flush;
  }
  void Clear() {
    if (shown_ >= 0) err_ << "\r" << std::string(kBarWidth + 40, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  long long total_;
  int shown_ = -1;
};

std::string Fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string Share(long long n, long long of) {
  return std::to_string(n) + " (" + Fixed(of == 0 ? 0.0 : 100.0 * n / of, 1) + "%)";
}

template <typename Names, std::size_t N>
std::string ListCounts(const std::array<long long, N>& counts, Names name, long long of) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (counts[i] == 0) continue;
    if (!out.empty()) out += ", ";  // appended: GCC 12 misreports "x" + temporary
    out += name(i);
    out += ' ';
    out += Share(counts[i], of);
  }
  return out.empty() ? "none" : out;
}

void PrintFigures(std::ostream& out, const SimulationReport& r, int threads) {
  const auto status = [](std::size_t i) { return PlanStatusName(static_cast<PlanStatus>(i)); };
  out << "Simulated " << r.people << " people over " << r.weeks << " weeks (seed " << r.seed << ", "
      << threads << " thread" << (threads == 1 ? "" : "s") << ")\n\n";
  out << "responses:          "
      << ListCounts(
             r.by_response, [](std::size_t i) { return ResponseName(static_cast<Response>(i)); },
             r.people)
      << "\n";
  out << "first plan:         " << ListCounts(r.first_status, status, r.people) << "\n";
  out << "final state:        " << ListCounts(r.final_status, status, r.people) << "\n";
  out << "sessions logged:    " << r.sessions_logged << " (" << r.sessions_skipped
      << " scheduled days skipped), " << r.check_ins << " next-morning check-ins\n";
  out << "progressed:         " << Share(r.people_progressed, r.people) << " people\n";
  out << "regressed:          " << Share(r.people_regressed, r.people) << " people\n";
  out << "flare-ups:          " << r.flare_ups << " in " << Share(r.people_flared, r.people)
      << " people\n";
  out << "red flags mid-way:  " << r.red_flags_reported << " reported, " << r.stopped_by_red_flag
      << " programmes stopped\n";
  out << "mean level:         ";
  bool first = true;
  for (int i = 0; i < SimulationReport::kCategoryCount; ++i) {
    const auto c = static_cast<Category>(i);
    if (r.final_level_count[static_cast<std::size_t>(i)] == 0) continue;
    out << (first ? "" : ", ") << CategoryName(c) << " " << Fixed(r.MeanStartLevel(c), 2) << " -> "
        << Fixed(r.MeanFinalLevel(c), 2);
    first = false;
  }
  out << " (start -> end)\n";
}

void PrintProperties(std::ostream& out, const SimulationReport& r) {
  out << "\nSafety properties:\n";
  for (int i = 0; i < kPropertyCount; ++i) {
    const auto p = static_cast<Property>(i);
    const auto& t = r.violations[static_cast<std::size_t>(i)];
    std::string name = PropertyName(p);
    name.resize(25, ' ');
    if (t.count == 0) {
      out << "  ok      " << name << PropertyDescription(p) << "\n";
      continue;
    }
    out << "  BROKEN  " << name << t.count << " violation(s) in " << t.people
        << " people: " << PropertyDescription(p) << "\n";
    for (const auto& example : t.examples) out << "            " << example << "\n";
  }
  out << "\n"
      << (r.ok()
              ? "No safety property was broken.\n"
              : std::to_string(r.TotalViolations()) + " violation(s) of the safety properties.\n");
}

Outcome RunSimulate(const Args& args, Io& io) {
  auto options = OptionsFrom(args);
  if (!options.ok()) return options.status();
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  ProgressBar bar(io.err, options->patients);
  std::function<void(long long)> progress;
  if (io.err_is_terminal) progress = [&bar](long long done) { bar.Update(done); };
  auto report = RunSimulation(*options, *content, progress);
  bar.Clear();
  if (!report.ok()) return report.status();
  if (args.Has("json")) {
    io.out << SimulationReportToJson(*report).dump(2) << "\n";
  } else {
    PrintFigures(io.out, *report, options->threads);
    PrintProperties(io.out, *report);
  }
  if (!report->ok()) {
    return Outcome::CheckFailed(std::to_string(report->TotalViolations()) +
                                " violation(s) of the safety properties");
  }
  return Status::Ok();
}

}  // namespace

const Command& SimulateCommand() {
  static const Command command{
      "simulate",
      "run virtual people through the engine and check its safety properties",
      kUsage,
      {{"patients", true},
       {"weeks", true},
       {"seed", true},
       {"threads", true},
       {"json"},
       {"content", true}},
      {},
      {},
      RunSimulate};
  return command;
}

}  // namespace backcoach::cli
