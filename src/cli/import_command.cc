#include "cli/import_command.h"

#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/patient_context.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach import steps FILE --patient ID [--db URL]\n"
    "\n"
    "Adds a person's daily steps and active minutes from FILE: a CSV file with a\n"
    "header (date, steps and, if it has them, active minutes; common spellings such\n"
    "as \"Date\", \"Step Count\", \"active_minutes\" are understood) or the export.xml\n"
    "of Apple Health (daily totals of its step and exercise-minute records; where a\n"
    "phone and a watch both counted, the source with more that day is taken). The\n"
    "file is streamed, so an export of gigabytes is fine. Rows that cannot be read\n"
    "are skipped and listed with their line numbers; the rest is stored in one\n"
    "transaction once the whole file has been read. A day imported again with the\n"
    "same numbers is left as it is; with new numbers, the new ones count.\n"
    "\n"
    "Options:\n"
    "  --patient ID   the patient (required)\n"
    "  --db URL       SQLite file or postgresql://... (BACKCOACH_DB; default\n"
    "                 ./data/backcoach.db)\n"
    "  --content DIR  clinical content (default: the shipped content/)\n"
    "  --help         show this help\n"
    "\n"
    "Example:\n"
    "  backcoach import steps export.xml --patient 3f9c... --db data/backcoach.db\n"
    "\n"
    "Exit status: 0 imported (rows may have been skipped), 2 bad flags, an unknown\n"
    "patient, or a file that cannot be read as a whole, 3 the database failed.\n";

constexpr std::size_t kPiece = 1 << 20;
constexpr int kBarWidth = 30;

// A progress bar over the bytes of the file, on a terminal only.
class ByteProgress {
 public:
  ByteProgress(std::ostream& err, bool terminal, std::uintmax_t total)
      : err_(err), terminal_(terminal && total > 0), total_(total) {}
  void Update(std::uintmax_t done) {
    if (!terminal_) return;
    const int percent = static_cast<int>(done * 100 / total_);
    if (percent == shown_) return;
    shown_ = percent;
    const int filled = percent * kBarWidth / 100;
    err_ << "\rreading [" << std::string(filled, '#') << std::string(kBarWidth - filled, '.')
         << "] " << percent << "% " << done / (1 << 20) << "/" << total_ / (1 << 20) << " MiB"
         << std::flush;
  }
  void Clear() {
    if (terminal_ && shown_ >= 0) err_ << "\r" << std::string(kBarWidth + 40, ' ') << "\r";
  }

 private:
  std::ostream& err_;
  bool terminal_;
  std::uintmax_t total_;
  int shown_ = -1;
};

Result<ActivityImport> ReadFile(const std::string& path, Io& io) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::error_code ec;
  ByteProgress progress(io.err, io.err_is_terminal, std::filesystem::file_size(path, ec));
  std::string piece(kPiece, '\0');
  std::unique_ptr<ActivityImporter> importer;
  std::uintmax_t done = 0;
  while (in.read(piece.data(), static_cast<std::streamsize>(piece.size())) || in.gcount() > 0) {
    const std::string_view chunk(piece.data(), static_cast<std::size_t>(in.gcount()));
    if (!importer) importer = ImporterFor(chunk);
    if (Status s = importer->Feed(chunk); !s.ok()) {
      progress.Clear();
      return s;
    }
    done += chunk.size();
    progress.Update(done);
  }
  progress.Clear();
  if (!importer) return Status::InvalidArgument("the file is empty");
  return importer->Finish();
}

void PrintSummary(const ActivityImported& summary, Io& io) {
  io.out << "read " << summary.rows << " rows (" << summary.format << "): " << summary.days
         << " days";
  if (summary.days > 0) io.out << " from " << summary.first_day << " to " << summary.last_day;
  io.out << "\nstored " << summary.stored << " days, " << summary.unchanged << " unchanged, "
         << summary.skipped << " rows skipped\n";
  for (const auto& p : summary.problems) {
    io.out << "skipped line " << p.line << ": " << p.message << "\n";
  }
  const auto listed = static_cast<long long>(summary.problems.size());
  if (summary.skipped > listed) io.out << "... and " << summary.skipped - listed << " more\n";
  if (summary.step_goal) {
    io.out << "step goal: " << summary.step_goal->daily_steps << " steps a day ("
           << summary.step_goal->reason.rule << ")\n";
  }
}

Outcome RunImportSteps(const Args& args, Io& io) {
  auto context = OpenPatientContext(args);
  if (!context.ok()) return context.status();
  const std::string& path = args.positional()[0];
  auto import = ReadFile(path, io);
  if (!import.ok()) return import.status().WithContext(path);
  auto summary = (*context)->service->ImportActivity((*context)->patient, *import);
  if (!summary.ok()) return summary.status();
  if (Status s = (*context)->Audit("import steps", std::to_string(summary->stored) + " days");
      !s.ok()) {
    return s;
  }
  PrintSummary(*summary, io);
  return Status::Ok();
}

}  // namespace

const Command& ImportStepsCommand() {
  static const Command command{"import steps",
                               "add daily steps and active minutes from a CSV file or Apple Health",
                               kUsage,
                               {{"db", true}, {"patient", true}, {"content", true}},
                               {1, 1, "one FILE"},
                               {"patient ID"},
                               RunImportSteps};
  return command;
}

}  // namespace backcoach::cli
