// Motions: content/motions.yaml, the movement of every exercise done on land.
//
// Each exercise of the catalogue either has a motion (keyframes, view,
// phases, and for the exercises the camera coach covers, its CameraRules) or
// is listed under `not_animated` with the reason (swimming, water walking,
// the body scan). Parse validates the file as a whole against the catalogue
// and reports the first problem, naming the file, the motion and the field:
//   "motions.yaml: motion 'glute_bridge': camera: reps: field 'reach': must
//    lie between return and peak"
// The keyframes must agree with the thresholds: a repetition's first
// keyframe lies at rest and some keyframe passes `reach`; a hold's keyframes
// include one within tolerance. The format is in docs/motion.md.
//
// Immutable after loading; safe to share between threads.
#ifndef BACKCOACH_CORE_MOTION_CONTENT_H_
#define BACKCOACH_CORE_MOTION_CONTENT_H_

#include <map>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/motion.h"
#include "core/status.h"

namespace backcoach {

class Motions {
 public:
  // Limits the loader enforces (docs/motion.md).
  static constexpr double kMaxPhaseSeconds = 600;
  static constexpr int kMaxFormFrames = 30;

  // Parses and validates content/motions.yaml against `catalogue`.
  static Result<Motions> Parse(const std::string& yaml_text, const std::string& file_name,
                               const Catalogue& catalogue);

  const std::vector<MotionDefinition>& motions() const { return motions_; }
  const AnalysisSettings& settings() const { return settings_; }
  // Exercise id to the reason it keeps its illustration and words.
  const std::map<std::string, std::string>& not_animated() const { return not_animated_; }

  const MotionDefinition* Find(const std::string& exercise) const;  // nullptr when none

 private:
  std::vector<MotionDefinition> motions_;
  AnalysisSettings settings_;
  std::map<std::string, std::string> not_animated_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_CONTENT_H_
