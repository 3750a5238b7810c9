#include "cli/export_command.h"

#include <ostream>

#include "app/csv_export.h"
#include "app/fhir_export.h"
#include "cli/output_files.h"
#include "cli/patient_context.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach export --patient ID --format fhir|json|csv [--out PATH] [--db URL]\n"
    "\n"
    "Writes everything kept about one patient:\n"
    "  fhir  a FHIR R4 Bundle (collection): Patient, QuestionnaireResponse, Observation\n"
    "        (pain, scores, steps, exercise minutes), Flag, CarePlan, Goal\n"
    "  json  backcoach's own export: the account, every record, the plan (as the web\n"
    "        app's \"download my data\")\n"
    "  csv   one CSV file per kind of record, for research: sessions, exercise_logs,\n"
    "        checkins, pain_diary, questionnaires, steps (--out DIR is required)\n"
    "fhir and json go to standard output unless --out FILE is given. Together with\n"
    "`backcoach report` (the progress report as PDF) this is the person's full copy of\n"
    "their data. Every export is written to the audit log. docs/export.md has the details.\n"
    "\n"
    "Options:\n"
    "  --patient ID   the patient (required)\n"
    "  --format F     fhir, json or csv (required)\n"
    "  --out PATH     a file (fhir, json) or a directory, created if needed (csv)\n"
    "  --db URL       SQLite file or postgresql://... (BACKCOACH_DB; default\n"
    "                 ./data/backcoach.db)\n"
    "  --content DIR  clinical content (default: the shipped content/)\n"
    "  --help         show this help\n"
    "\n"
    "Examples:\n"
    "  backcoach export --patient 3f9c... --format fhir --out maria.fhir.json\n"
    "  backcoach export --patient 3f9c... --format csv --out study/maria/\n"
    "\n"
    "Exit status: 0 written, 1 the database or the disk failed, 2 bad flags or an\n"
    "unknown patient.\n";

Status WriteCsv(const PatientData& data, const std::string& dir, Io& io) {
  return WriteFilesInto(dir, CsvExportFiles(data), io);
}

Status WriteJson(const json& doc, const std::optional<std::string>& out, Io& io) {
  const std::string text = doc.dump(2) + "\n";
  if (!out) {
    io.out << text;
    return Status::Ok();
  }
  return WriteFile(*out, text);
}

Status Export(PatientContext& c, const std::string& format, const std::optional<std::string>& out,
              Io& io) {
  if (format == "json") {
    auto doc = c.service->Export(c.patient.id);
    if (!doc.ok()) return doc.status();
    return WriteJson(*doc, out, io);
  }
  auto data = c.service->LoadPatientData(c.patient.id);
  if (!data.ok()) return data.status();
  if (format == "fhir") return WriteJson(FhirBundle(*data, c.content, c.clock.Now()), out, io);
  return WriteCsv(*data, *out, io);
}

}  // namespace

int RunExportCommand(const std::vector<std::string>& args, Io& io) {
  const char* name = "export";
  auto parsed = Args::Parse(args, {{"help"},
                                   {"db", true},
                                   {"patient", true},
                                   {"content", true},
                                   {"format", true},
                                   {"out", true}});
  if (!parsed.ok()) return FailCommand(io, name, parsed.status());
  if (parsed->Has("help")) {
    io.out << kUsage;
    return kExitOk;
  }
  if (!parsed->positional().empty()) {
    return FailCommand(io, name, Status::InvalidArgument("takes no arguments (try --help)"));
  }
  const std::string format = parsed->Value("format").value_or("");
  if (format != "fhir" && format != "json" && format != "csv") {
    return FailCommand(io, name, Status::InvalidArgument("--format must be fhir, json or csv"));
  }
  const auto out = parsed->Value("out");
  if (format == "csv" && (!out || out->empty())) {
    return FailCommand(io, name, Status::InvalidArgument("--format csv needs --out DIR"));
  }
  auto context = OpenPatientContext(*parsed);
  if (!context.ok()) return FailCommand(io, name, context.status());
  if (Status s = Export(**context, format, out, io); !s.ok()) return FailCommand(io, name, s);
  if (Status s = (*context)->Audit("export", format); !s.ok()) return FailCommand(io, name, s);
  return kExitOk;
}

}  // namespace backcoach::cli
