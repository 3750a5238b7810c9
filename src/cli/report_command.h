// `backcoach report --patient ID --out FILE.pdf [--png-dir DIR]`: a patient's
// progress report as a two-page PDF, and each of its charts as a PNG
// (docs/report.md). Every report is audited.
//
// Fails with bad input (exit 2) for wrong flags or an unknown patient,
// unavailable (exit 3) when the database or the disk fails, and internal
// (exit 5) when a chart cannot be drawn. Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_REPORT_COMMAND_H_
#define BACKCOACH_CLI_REPORT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& ReportCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_REPORT_COMMAND_H_
