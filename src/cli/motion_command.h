// `backcoach motion`: analyse a recording of keypoints as the camera coach
// would: repetitions, holds and form, or why it cannot assess. The analysis
// is the core's (motion_analysis.h); see docs/motion.md. Exit 0 when
// analysed (also when it cannot assess), 2 for a malformed recording (its
// line named) or an unknown exercise.
//
// Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_MOTION_COMMAND_H_
#define BACKCOACH_CLI_MOTION_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& MotionCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_MOTION_COMMAND_H_
