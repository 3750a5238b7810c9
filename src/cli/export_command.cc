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
    "Exit status: 0 written, 2 bad flags or an unknown patient, 3 the database or the\n"
    "disk failed.\n";

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

Outcome RunExport(const Args& args, Io& io) {
  const std::string format = args.Value("format").value_or("");
  if (format != "fhir" && format != "json" && format != "csv") {
    return Status::InvalidArgument("--format must be fhir, json or csv");
  }
  const auto out = args.Value("out");
  if (format == "csv" && (!out || out->empty())) {
    return Status::InvalidArgument("--format csv needs --out DIR");
  }
  auto context = OpenPatientContext(args);
  if (!context.ok()) return context.status();
  if (Status s = Export(**context, format, out, io); !s.ok()) return s;
  return (*context)->Audit("export", format);
}

}  // namespace

const Command& ExportCommand() {
  static const Command command{
      "export",
      "write a patient's data as FHIR R4, backcoach JSON, or CSV for research",
      kUsage,
      {{"db", true}, {"patient", true}, {"content", true}, {"format", true}, {"out", true}},
      {},
      {"patient ID"},
      RunExport};
  return command;
}

}  // namespace backcoach::cli
