// `backcoach export --patient ID --format fhir|json|csv [--out PATH]`: a
// patient's data as a FHIR R4 Bundle, as backcoach's own JSON (the same as
// the API's /export), or as CSV files for research (docs/export.md).
#ifndef BACKCOACH_CLI_EXPORT_COMMAND_H_
#define BACKCOACH_CLI_EXPORT_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcoach::cli {

int RunExportCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_EXPORT_COMMAND_H_
