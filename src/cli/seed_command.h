// `backcoach seed`: fills a database with a clinic of many patients and
// weeks of history, for load tests and benchmarks.
#ifndef BACKCOACH_CLI_SEED_COMMAND_H_
#define BACKCOACH_CLI_SEED_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunSeedCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SEED_COMMAND_H_
