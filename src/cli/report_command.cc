#include "cli/report_command.h"

#include <ostream>

#include "app/progress_report.h"
#include "cli/output_files.h"
#include "cli/patient_context.h"
#include "report/report_pdf.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach report --patient ID --out FILE.pdf [--png-dir DIR] [--db URL]\n"
    "\n"
    "Draws the progress report of one patient as a PDF of two A4 pages: the screen\n"
    "result and its red flags; pain with the band of no meaningful change around the\n"
    "first score; PEG and PSFS; weekly active minutes and daily steps; adherence;\n"
    "the level of each exercise over time; the plan's changes with their reasons;\n"
    "and the current plan. The charts read in black and white (each line has its own\n"
    "dashes and markers; bars are hatched). With --png-dir, each chart is also\n"
    "written there as a PNG (pain.png, scores.png, activity.png, adherence.png,\n"
    "levels.png). The report is written to the audit log. See docs/report.md.\n"
    "\n"
    "Options:\n"
    "  --patient ID   the patient (required)\n"
    "  --out FILE     the PDF to write (required)\n"
    "  --png-dir DIR  also write each chart as a PNG into DIR (created if needed)\n"
    "  --db URL       SQLite file or postgresql://... (BACKCOACH_DB; default\n"
    "                 ./data/backcoach.db)\n"
    "  --content DIR  clinical content (default: the shipped content/)\n"
    "  --help         show this help\n"
    "\n"
    "Example:\n"
    "  backcoach report --patient 3f9c... --out maria-report.pdf --png-dir charts/\n"
    "\n"
    "Exit status: 0 written, 1 the database or the disk failed, 2 bad flags or an\n"
    "unknown patient.\n";

Status WritePngs(const ReportData& data, const std::string& dir, Io& io) {
  auto pngs = RenderChartPngs(data);
  if (!pngs.ok()) return pngs.status();
  return WriteFilesInto(dir, *pngs, io);
}

}  // namespace

int RunReportCommand(const std::vector<std::string>& args, Io& io) {
  const char* name = "report";
  auto parsed = Args::Parse(args, {{"help"},
                                   {"db", true},
                                   {"patient", true},
                                   {"content", true},
                                   {"out", true},
                                   {"png-dir", true}});
  if (!parsed.ok()) return FailCommand(io, name, parsed.status());
  if (parsed->Has("help")) {
    io.out << kUsage;
    return kExitOk;
  }
  if (!parsed->positional().empty()) {
    return FailCommand(io, name, Status::InvalidArgument("takes no arguments (try --help)"));
  }
  const auto out = parsed->Value("out");
  if (!out || out->empty()) {
    return FailCommand(io, name,
                       Status::InvalidArgument("--out FILE.pdf is required (try --help)"));
  }
  auto context = OpenPatientContext(*parsed);
  if (!context.ok()) return FailCommand(io, name, context.status());
  auto data = GatherReport(*(*context)->service, (*context)->patient.id);
  if (!data.ok()) return FailCommand(io, name, data.status());
  auto pdf = RenderReportPdf(*data);
  if (!pdf.ok()) return FailCommand(io, name, pdf.status());
  if (Status s = WriteFile(*out, *pdf); !s.ok()) return FailCommand(io, name, s);
  io.out << "wrote " << *out << " (" << pdf->size() / 1024 + 1 << " KiB)\n";
  if (auto dir = parsed->Value("png-dir")) {
    if (Status s = WritePngs(*data, *dir, io); !s.ok()) return FailCommand(io, name, s);
  }
  if (Status s = (*context)->Audit("report"); !s.ok()) return FailCommand(io, name, s);
  return kExitOk;
}

}  // namespace backcoach::cli
