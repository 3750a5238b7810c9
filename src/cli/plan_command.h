// `backcoach plan` and `backcoach progress`: the exercise engine from the
// command line.
#ifndef BACKCOACH_CLI_PLAN_COMMAND_H_
#define BACKCOACH_CLI_PLAN_COMMAND_H_

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "core/content.h"
#include "core/plan.h"

namespace backcoach::cli {

int RunPlanCommand(const std::vector<std::string>& args, Io& io);
int RunProgressCommand(const std::vector<std::string>& args, Io& io);

// Applies one input of `backcoach progress` to `state`: a session log, or an
// object whose "input" is "session", "check_in", "adjustment" or
// "clearance" (docs/progress.md). On error `state` is unchanged.
Status ApplyProgressInput(PlanState& state, const nlohmann::json& input, const Content& content);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_PLAN_COMMAND_H_
