// `backcoach plan` and `backcoach progress`: the exercise engine from the
// command line (docs/plan.md, docs/progress.md).
//
// `plan [--json] FILE` builds a first plan from a plan request; `progress
// [--json] STATE LOG...` applies session logs, check-ins, adjustments and
// clearances to a plan state, in date order. Both fail with bad input
// (exit 2) for a file that cannot be read or is not valid; `progress` is
// refused (exit 4) for an input the plan cannot take in its present state.
//
// Thread-safety: as cli.h; ApplyProgressInput changes only `state`, and may
// run on several states at once.
#ifndef BACKCOACH_CLI_PLAN_COMMAND_H_
#define BACKCOACH_CLI_PLAN_COMMAND_H_

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "core/content.h"
#include "core/plan.h"

namespace backcoach::cli {

const Command& PlanCommand();
const Command& ProgressCommand();

// Applies one input of `backcoach progress` to `state`: a session log, or an
// object whose "input" is "session", "check_in", "adjustment" or
// "clearance" (docs/progress.md). InvalidArgument for an input that is not
// well formed (naming the field); Conflict for one the plan refuses as it
// stands (an exercise already in it, no open finding to clear). On error
// `state` is unchanged.
Status ApplyProgressInput(PlanState& state, const nlohmann::json& input, const Content& content);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_PLAN_COMMAND_H_
