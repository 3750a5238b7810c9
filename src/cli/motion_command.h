// `backcoach motion`: analyse a recording of keypoints as the camera coach
// would: repetitions, holds and form, or why it cannot assess. The analysis
// is the core's (motion_analysis.h); see docs/motion.md.
#ifndef BACKCOACH_CLI_MOTION_COMMAND_H_
#define BACKCOACH_CLI_MOTION_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunMotionCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_MOTION_COMMAND_H_
