// PatientContext: what the commands about one patient's data (report,
// export, import steps) open before they start: the content, the database
// (migrated), the service over them, and the patient named by --patient.
//
// Reads and writes these commands make are audited like the API's, with the
// action "cli <command>" and no actor (the operator at the machine).
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
  // stored.
  Status Audit(const std::string& command, const std::string& detail = "");
};

// Opens everything for `args` (--db, --content, --patient). NotFound "no such
// patient ID" when the id is not a patient's; InvalidArgument without
// --patient.
Result<std::unique_ptr<PatientContext>> OpenPatientContext(const Args& args);

// Maps a failure to the exit code and one line on stderr: 2 for bad input
// (InvalidArgument, NotFound), 1 otherwise.
int FailCommand(Io& io, const char* command, const Status& s);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_PATIENT_CONTEXT_H_
