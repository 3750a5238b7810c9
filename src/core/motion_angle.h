// Angles on a 2D skeleton, as the motion rules define them (motion.h).
//
// Pure geometry in picture coordinates (x right, y down). Built natively and
// to WebAssembly.
#ifndef BACKCOACH_CORE_MOTION_ANGLE_H_
#define BACKCOACH_CORE_MOTION_ANGLE_H_

#include <array>
#include <optional>

#include "core/motion.h"

namespace backcoach {

// The joints seen in one frame: a position, or nullopt when not seen.
using SeenJoints = std::array<std::optional<Point2>, kJointCount>;

// The angle `spec` describes, on side `side`, in degrees: 0 to 180 for plain
// joint angles, 0 to 360 for signed ones (Flexed kUp/kDown: more than 180
// when the middle joint has crossed the line of the outer two to the side
// opposite its flexion), 0 to 90 for a segment's slope. nullopt when a
// joint is not seen or two joints coincide.
std::optional<double> MeasureAngle(const AngleSpec& spec, Side side, const SeenJoints& joints);

// Every joint of a keyframe, as seen.
SeenJoints AllSeen(const Keyframe& k);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_ANGLE_H_
