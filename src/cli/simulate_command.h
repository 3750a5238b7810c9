// `backcoach simulate`: virtual people run through plan and progression,
// with the safety properties checked on every step (core/simulation.h,
// docs/simulate.md).
//
// Prints the figures and each property's verdict. A broken property is a
// failed check (exit 1, with the number of violations on stderr); invalid
// options or content are bad input (exit 2). Thread-safety: as cli.h; the
// people are run on --threads threads, all joined before the report.
#ifndef BACKCOACH_CLI_SIMULATE_COMMAND_H_
#define BACKCOACH_CLI_SIMULATE_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& SimulateCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SIMULATE_COMMAND_H_
