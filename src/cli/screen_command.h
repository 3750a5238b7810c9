// `backcoach screen`: red-flag screening of one intake.
#ifndef BACKCOACH_CLI_SCREEN_COMMAND_H_
#define BACKCOACH_CLI_SCREEN_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunScreenCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SCREEN_COMMAND_H_
