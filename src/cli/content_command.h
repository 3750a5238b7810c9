// `backcoach content check [--content DIR]`: loads and validates every
// clinical content file and prints a summary of what it holds.
//
// Fails with bad input (exit 2) naming the file, entry and field of the
// first problem, or a content directory that is not there; 3 when a file
// cannot be read. Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_CONTENT_COMMAND_H_
#define BACKCOACH_CLI_CONTENT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& ContentCheckCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CONTENT_COMMAND_H_
