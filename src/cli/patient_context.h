// PatientContext: what the commands about one patient's data (report,
// export, import steps) open before they start: the content, the database
// (migrated), the service over them, and the patient named by --patient.
//
// Reads and writes these commands make are audited like the API's, with the
// action "cli <command>" and no actor (the operator at the machine).
//
// Thread-safety: a PatientContext belongs to the command that opened it;
// its service and auditor are as thread-safe as the server's, but the CLI
// uses them from one thread.
#ifndef BACKCOACH_CLI_PATIENT_CONTEXT_H_
#define BACKCOACH_CLI_PATIENT_CONTEXT_H_

#include <memory>
#include <string>

#include "app/audit.h"
#include "app/clock.h"
#include "app/service.h"
#include "cli/args.h"
#include "cli/cli.h"

namespace backcoach::cli {

struct PatientContext {
  Content content;
  std::unique_ptr<Store> store;
  SystemClock clock;
  std::unique_ptr<Service> service;
  std::unique_ptr<Auditor> auditor;
  User patient;

  // Audits the command's use of the patient's data and waits until it is
  // stored. Unavailable when the audit entry cannot be stored.
  Status Audit(const std::string& command, const std::string& detail = "");
};

// Opens everything for `args` (--db, --content, --patient). NotFound "no such
// patient ID" when the id is not a patient's; InvalidArgument without
// --patient; the content's error when it does not load; the store's error
// when the database cannot be opened or migrated (Unavailable, or Internal
// when it is damaged); the audit key's when its file is not fit to use.
Result<std::unique_ptr<PatientContext>> OpenPatientContext(const Args& args);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_PATIENT_CONTEXT_H_
