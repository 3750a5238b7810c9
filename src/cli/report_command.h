// `backcoach report --patient ID --out FILE.pdf [--png-dir DIR]`: a patient's
// progress report as a two-page PDF, and each of its charts as a PNG
// (docs/report.md).
#ifndef BACKCOACH_CLI_REPORT_COMMAND_H_
#define BACKCOACH_CLI_REPORT_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcoach::cli {

int RunReportCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_REPORT_COMMAND_H_
