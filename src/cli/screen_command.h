// `backcoach screen [--json] FILE`: red-flag screening of one intake (a JSON
// object; '-' reads standard input). Prints the triage: whether the person
// may start the programme and, if not, whom to see and how soon, with every
// rule that fired and its source (docs/screen.md).
//
// Fails with bad input (exit 2) for an intake that cannot be read or is not
// valid, or content that does not load. Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_SCREEN_COMMAND_H_
#define BACKCOACH_CLI_SCREEN_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& ScreenCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SCREEN_COMMAND_H_
