// `backcoach account disable|enable|reset-link --email ADDR [--db URL]`:
// the operator's hand on accounts that no clinic manages (a patient who
// signed up on their own, a supporter), and on any other in need.
//
// Disabling ends every session of the account at once, and a disabled
// account cannot sign in until enabled again. A reset link lets the
// account's owner choose a new password once, within 24 hours; hand it
// over in person or by a channel you trust. Each is audited, as done by
// the operator.
//
// Each fails with bad input (exit 2) without --email or for an address no
// account has, and unavailable (exit 3) when the database fails; a reset
// link for a disabled account is refused (exit 4). Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_ACCOUNT_COMMAND_H_
#define BACKCOACH_CLI_ACCOUNT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& AccountDisableCommand();
const Command& AccountEnableCommand();
const Command& AccountResetLinkCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_ACCOUNT_COMMAND_H_
