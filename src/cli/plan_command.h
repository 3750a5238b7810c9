// `backcoach plan` and `backcoach progress`: the exercise engine from the
// command line.
#ifndef BACKCOACH_CLI_PLAN_COMMAND_H_
#define BACKCOACH_CLI_PLAN_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunPlanCommand(const std::vector<std::string>& args, Io& io);
int RunProgressCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_PLAN_COMMAND_H_
