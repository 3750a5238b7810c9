// `backcoach export --patient ID --format fhir|json|csv [--out PATH]`: a
// patient's data as a FHIR R4 Bundle, as backcoach's own JSON (the same as
// the API's /export), or as CSV files for research (docs/export.md). Every
// export is audited.
//
// Fails with bad input (exit 2) for wrong flags or an unknown patient, and
// unavailable (exit 3) when the database or the disk fails. Thread-safety:
// as cli.h.
#ifndef BACKCOACH_CLI_EXPORT_COMMAND_H_
#define BACKCOACH_CLI_EXPORT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& ExportCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_EXPORT_COMMAND_H_
