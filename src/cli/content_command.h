// `backcoach content check`: validates content/ and prints a summary.
#ifndef BACKCOACH_CLI_CONTENT_COMMAND_H_
#define BACKCOACH_CLI_CONTENT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunContentCheckCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CONTENT_COMMAND_H_
