// Test helpers: synthetic pose recordings made from a motion's keyframes.
//
// A SyntheticRecorder moves a figure between keyframes (or poses made by the
// test) at a frame rate, like a person filmed doing the exercise, and adds
// what real pose estimation adds: noise on every joint, joints dropped for a
// frame, single-frame spikes, and stretches where joints are lost. Seeded, so
// every recording is the same on every run.
#ifndef BACKCOACH_TESTING_SYNTHETIC_MOTION_H_
#define BACKCOACH_TESTING_SYNTHETIC_MOTION_H_

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/motion.h"
#include "core/pose_recording.h"

namespace backcoach::testing {

struct Imperfections {
  double noise_px = 0;      // standard deviation of each coordinate
  double dropout_rate = 0;  // chance a joint is missing from a frame
  double spike_rate = 0;    // chance a frame has one joint thrown far off
  double spike_px = 80;
};

class SyntheticRecorder {
 public:
  static constexpr double kWidth = 640;
  static constexpr double kHeight = 480;

  SyntheticRecorder(const MotionDefinition& motion, double fps, Imperfections imperfections = {},
                    unsigned seed = 1)
      : motion_(motion), fps_(fps), imperfections_(imperfections), random_(seed) {
    pose_ = motion.keyframes.front();
  }

  // Jumps to a pose without moving (the start of the recording).
  void StartAt(const Keyframe& pose) { pose_ = pose; }
  void StartAt(const std::string& keyframe) { StartAt(*motion_.FindKeyframe(keyframe)); }

  // Moves `amount` of the way from the current pose to `to` over `seconds`,
  // easing in and out as people do.
  void Move(const Keyframe& to, double seconds, double amount = 1.0) {
    const Keyframe from = pose_;
    const int n = std::max(1, static_cast<int>(std::lround(seconds * fps_)));
    for (int i = 1; i <= n; ++i) {
      const double s = static_cast<double>(i) / n;
      const double eased = amount * (0.5 - 0.5 * std::cos(s * 3.14159265358979323846));
      pose_ = Blend(from, to, eased);
      Frame();
    }
  }
  void Move(const std::string& keyframe, double seconds, double amount = 1.0) {
    Move(*motion_.FindKeyframe(keyframe), seconds, amount);
  }
  // Stays still for `seconds`.
  void Hold(double seconds) {
    const int n = static_cast<int>(std::lround(seconds * fps_));
    for (int i = 0; i < n; ++i) Frame();
  }
  // Stays still with no joint seen (out of the picture) for `seconds`.
  void Lose(double seconds) {
    const int n = static_cast<int>(std::lround(seconds * fps_));
    for (int i = 0; i < n; ++i) Frame(/*lost=*/true);
  }
  // From now on, every frame also sees `people` people.
  void SetPeople(int people) { people_ = people; }
  // From now on, joints of these parts are never seen (out of the picture).
  void Hide(std::vector<BodyPart> parts) { hidden_ = std::move(parts); }

  PoseRecording Take() const { return recording_; }
  double seconds() const { return t_; }

  static Keyframe Blend(const Keyframe& a, const Keyframe& b, double s) {
    Keyframe k = a;
    for (int j = 0; j < kJointCount; ++j) {
      k.points[j].x = a.points[j].x + (b.points[j].x - a.points[j].x) * s;
      k.points[j].y = a.points[j].y + (b.points[j].y - a.points[j].y) * s;
    }
    return k;
  }

 private:
  bool Hidden(int joint) const {
    for (BodyPart p : hidden_) {
      if (static_cast<int>(JointOf(p, Side::kLeft)) == joint ||
          static_cast<int>(JointOf(p, Side::kRight)) == joint) {
        return true;
      }
    }
    return false;
  }

  void Frame(bool lost = false) {
    std::normal_distribution<double> noise(0, imperfections_.noise_px);
    std::uniform_real_distribution<double> chance(0, 1);
    PoseFrame f;
    f.t = t_;
    f.people = lost ? 0 : people_;
    const double scale = kHeight;  // the unit box fills the picture's height
    const double offset = (kWidth - kHeight) / 2;
    for (int j = 0; j < kJointCount && !lost; ++j) {
      if (Hidden(j) || chance(random_) < imperfections_.dropout_rate) continue;
      const double nx = imperfections_.noise_px > 0 ? noise(random_) : 0;
      const double ny = imperfections_.noise_px > 0 ? noise(random_) : 0;
      f.points[j] = {offset + pose_.points[j].x * scale + nx, pose_.points[j].y * scale + ny, 0.8,
                     true};
    }
    if (!lost && chance(random_) < imperfections_.spike_rate) {
      const int j = static_cast<int>(chance(random_) * kJointCount) % kJointCount;
      f.points[j].y -= imperfections_.spike_px;
      f.points[j].x += imperfections_.spike_px / 2;
    }
    recording_.frames.push_back(f);
    t_ += 1.0 / fps_;
  }

  const MotionDefinition& motion_;
  double fps_;
  Imperfections imperfections_;
  std::mt19937 random_;
  Keyframe pose_;
  double t_ = 0;
  int people_ = 1;
  std::vector<BodyPart> hidden_;
  PoseRecording recording_{kWidth, kHeight, {}};
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_SYNTHETIC_MOTION_H_
