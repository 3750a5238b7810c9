// A motion analysis as plain text, for `backcoach motion` (docs/motion.md).
#ifndef BACKCOACH_CORE_MOTION_TEXT_H_
#define BACKCOACH_CORE_MOTION_TEXT_H_

#include <string>

#include "core/motion_analysis.h"

namespace backcoach {

// Lines such as "reps: 6" and "rep 2: range 41 degrees, top held 1.5 s,
// form: arching"; when not assessed, the reason id and its words.
std::string MotionAnalysisToText(const MotionAnalysis& analysis);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_TEXT_H_
