#include "core/motion_angle.h"

#include <algorithm>
#include <cmath>

namespace backcoach {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMinLength = 1e-9;

double Degrees(double radians) { return radians * 180.0 / kPi; }

std::optional<double> JointAngle(Point2 a, Point2 b, Point2 c, Flexed flexed) {
  const double ux = a.x - b.x, uy = a.y - b.y, wx = c.x - b.x, wy = c.y - b.y;
  const double lu = std::hypot(ux, uy), lw = std::hypot(wx, wy);
  if (lu < kMinLength || lw < kMinLength) return std::nullopt;
  const double cosine = std::clamp((ux * wx + uy * wy) / (lu * lw), -1.0, 1.0);
  const double angle = Degrees(std::acos(cosine));
  if (flexed == Flexed::kNone) return angle;
  // The normal of the line a-c that points up the picture (y falls).
  double nx = c.y - a.y, ny = -(c.x - a.x);
  if (ny > 0) nx = -nx, ny = -ny;
  if (ny == 0) return angle;  // a vertical line has no up side
  const bool middle_up = (b.x - a.x) * nx + (b.y - a.y) * ny > 0;
  const bool flexed_up = flexed == Flexed::kUp;
  return middle_up == flexed_up ? angle : 360.0 - angle;
}

std::optional<double> Slope(Point2 a, Point2 b, Reference from) {
  const double dx = std::fabs(b.x - a.x), dy = std::fabs(b.y - a.y);
  if (dx < kMinLength && dy < kMinLength) return std::nullopt;
  const double from_horizontal = Degrees(std::atan2(dy, dx));
  return from == Reference::kHorizontal ? from_horizontal : 90.0 - from_horizontal;
}

}  // namespace

std::optional<double> MeasureAngle(const AngleSpec& spec, Side side, const SeenJoints& joints) {
  std::array<Point2, 3> p{};
  if (spec.parts.size() > p.size()) return std::nullopt;
  for (std::size_t i = 0; i < spec.parts.size(); ++i) {
    const auto& seen = joints[static_cast<int>(JointOf(spec.parts[i], side))];
    if (!seen) return std::nullopt;
    p[i] = *seen;
  }
  if (spec.from == Reference::kJoints) {
    if (spec.parts.size() != 3) return std::nullopt;
    return JointAngle(p[0], p[1], p[2], spec.flexed);
  }
  if (spec.parts.size() != 2) return std::nullopt;
  return Slope(p[0], p[1], spec.from);
}

SeenJoints AllSeen(const Keyframe& k) {
  SeenJoints seen;
  for (int i = 0; i < kJointCount; ++i) seen[i] = k.points[i];
  return seen;
}

}  // namespace backcoach
