#include "cli/patient_context.h"

#include <ostream>

#include "app/audit_key.h"
#include "cli/content_files.h"
#include "cli/serve_command.h"
#include "cli/storage_command.h"

namespace backcoach::cli {

Status PatientContext::Audit(const std::string& command, const std::string& detail) {
  return auditor->RecordAndStore("", "cli " + command, patient.id, "ok", detail);
}

Result<std::unique_ptr<PatientContext>> OpenPatientContext(const Args& args) {
  const auto id = args.Value("patient");
  if (!id || id->empty()) return Status::InvalidArgument("--patient ID is required (try --help)");
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  auto store = OpenStore(url);
  if (!store.ok()) return store.status().WithContext(RedactUrl(url));
  if (Status s = (*store)->Migrate(); !s.ok()) return s.WithContext(RedactUrl(url));
  auto context = std::make_unique<PatientContext>();
  context->content = std::move(content).value();
  context->store = std::move(store).value();
  // The command's audit entry joins the servers' keyed chain.
  auto key = LoadOrCreateAuditKey(AuditKeyFile("", url));
  if (!key.ok()) return key.status();
  context->store->SetAuditKey(*key);
  auto patient = context->store->GetUser(*id);
  if (!patient.ok() && patient.status().code() != StatusCode::kNotFound) return patient.status();
  if (!patient.ok() || patient->role != Role::kPatient) {
    return Status::NotFound("no such patient " + *id);
  }
  context->patient = std::move(patient).value();
  context->service = std::make_unique<Service>(*context->store, context->content, context->clock);
  context->auditor = std::make_unique<Auditor>(*context->store, context->clock);
  return context;
}

int FailCommand(Io& io, const char* command, const Status& s) {
  io.err << "backcoach " << command << ": " << s.message() << "\n";
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound: return kExitUsage;
    default: return kExitFailure;
  }
}

}  // namespace backcoach::cli
