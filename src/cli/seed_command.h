// `backcoach seed`: fills a database with a clinic of many patients and
// weeks of history, for load tests and benchmarks (docs/performance.md).
//
// Intakes and session logs go through the same service code as real use.
// Fails with bad input (exit 2) for flags out of range, unavailable (exit 3)
// when the database or the --tokens file cannot be written. Thread-safety:
// as cli.h; the patients are written by --threads threads, all joined
// before it returns.
#ifndef BACKCOACH_CLI_SEED_COMMAND_H_
#define BACKCOACH_CLI_SEED_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& SeedCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SEED_COMMAND_H_
