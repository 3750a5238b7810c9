// `backcoach simulate`: virtual people run through plan and progression,
// with the safety properties checked on every step (core/simulation.h).
// Exit status 1 when any property was broken.
#ifndef BACKCOACH_CLI_SIMULATE_COMMAND_H_
#define BACKCOACH_CLI_SIMULATE_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunSimulateCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SIMULATE_COMMAND_H_
