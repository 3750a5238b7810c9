// Motion definitions: how an exercise moves, as plain data.
//
// A MotionDefinition says how to draw an exercise (keyframes of a 2D
// skeleton of the 17 COCO joints, the camera view, and the phases that move
// between keyframes) and, for the exercises the camera coach covers, how to
// analyse a recording of it (CameraRules: the defining angle, the thresholds
// of a repetition or a hold, the form checks).
//
// These structs hold no YAML and no JSON: content/motions.yaml is read into
// them by motion_content.h, and they travel to the browser's WebAssembly
// build as JSON (motion_json.h). This header is built both natively and to
// WebAssembly, so it uses no exceptions and nothing but the standard library.
#ifndef BACKCOACH_CORE_MOTION_H_
#define BACKCOACH_CORE_MOTION_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcoach {

// The 17 COCO keypoints, in COCO order.
enum class Joint {
  kNose,
  kLeftEye,
  kRightEye,
  kLeftEar,
  kRightEar,
  kLeftShoulder,
  kRightShoulder,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kLeftHip,
  kRightHip,
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
};
constexpr int kJointCount = 17;
const char* JointName(Joint j);                             // "left_hip"
std::optional<Joint> JointFromName(std::string_view name);  // nullopt when unknown

// A joint without its side; rules name these, and the analysis picks the
// side (BodyPart kNose has no side: both sides give kNose).
enum class BodyPart { kNose, kEye, kEar, kShoulder, kElbow, kWrist, kHip, kKnee, kAnkle };
enum class Side { kLeft, kRight };
const char* BodyPartName(BodyPart p);                             // "hip"
std::optional<BodyPart> BodyPartFromName(std::string_view name);  // nullopt when unknown
Joint JointOf(BodyPart p, Side s);

// Where the camera should stand: at the person's side, or in front of them.
enum class View { kSide, kFront };
const char* ViewName(View v);  // "side", "front"
std::optional<View> ViewFromName(std::string_view name);

// Which way an angle bends when it flexes, so that bending the other way
// past straight reads as more than 180 degrees (a bridge pushed into an
// arch, a plank whose hips sag). kUp: the middle joint lies towards the top
// of the picture when flexed; kNone: the plain angle, 0 to 180.
enum class Flexed { kNone, kUp, kDown };
const char* FlexedName(Flexed f);
std::optional<Flexed> FlexedFromName(std::string_view name);

// An angle measured on the skeleton: three parts give the angle at the
// middle one; two parts give the slope of the segment between them from the
// horizontal or the vertical (0 to 90 degrees).
enum class Reference { kJoints, kHorizontal, kVertical };
struct AngleSpec {
  std::vector<BodyPart> parts;  // 3 for kJoints, 2 otherwise
  Reference from = Reference::kJoints;
  Flexed flexed = Flexed::kNone;  // kJoints only
};

// How the side (left or right joints) of the defining angle is chosen in
// each frame: kBest, the side seen with more confidence; kEither, the side
// whose angle is nearer the peak (the limb that moves, in exercises that
// alternate sides).
enum class SidePick { kBest, kEither };
const char* SidePickName(SidePick s);
std::optional<SidePick> SidePickFromName(std::string_view name);

// A repetition moves the defining angle from `rest` towards `peak`: it
// starts when the angle leaves `ret` (return) behind, reaches the top when it
// passes `reach`, and ends when it comes back past `ret`. The gap between
// `reach` and `ret` is the hysteresis; a repetition also needs `min_range`
// degrees between its extremes and `min_seconds` of duration, so that
// half-repetitions and jitter never count. rest and peak may be in either
// order (a squat's knee angle falls; a bridge's hip angle rises).
struct RepRule {
  double rest = 0;
  double peak = 0;
  double reach = 0;
  double ret = 0;
  double min_range = 0;
  double min_seconds = 0;
};

// A hold is time with the defining angle within [min, max] (and every
// HoldCondition met). Excursions out of tolerance up to `excursion_seconds`
// are forgiven; a hold shorter than `min_seconds` is not reported.
struct HoldRule {
  double min = 0;
  double max = 0;
  double excursion_seconds = 0;
  double min_seconds = 0;
};

// A further angle that must lie within [min, max] during a hold (e.g. a
// plank's body lifted off the floor, which a straight-body angle alone
// cannot tell from lying flat).
struct HoldCondition {
  AngleSpec angle;
  double min = 0;
  double max = 0;
};

// Where a form check looks: at the top of a repetition, at rest before it,
// or during a hold.
enum class FormAt { kPeak, kRest, kHold };
const char* FormAtName(FormAt a);
std::optional<FormAt> FormAtFromName(std::string_view name);

// A form finding: the check's angle (on the side the defining angle uses)
// above `above` or below `below` for `frames` consecutive frames.
struct FormCheck {
  std::string id;
  FormAt at = FormAt::kPeak;
  AngleSpec angle;
  std::optional<double> above;
  std::optional<double> below;
  int frames = 3;
  std::string message;  // shown to the person, plain words
};

// How the camera coach analyses the exercise. Exactly one of reps and hold.
struct CameraRules {
  AngleSpec angle;
  SidePick side = SidePick::kBest;
  std::optional<RepRule> reps;
  std::optional<HoldRule> hold;
  std::vector<HoldCondition> also;  // holds only
  std::vector<FormCheck> form;      // first listed wins when several fire in one repetition
};

// Limits shared by every analysis (motions.yaml `settings`).
struct AnalysisSettings {
  double min_confidence = 0.3;     // a joint scored below this is not seen
  double min_seen_fraction = 0.6;  // of the frames with a person, the needed joints seen in
  double min_person_fraction = 0.5;
  double several_people_fraction = 0.3;  // frames with two or more people that stop the analysis
  double side_view_max_ratio = 0.35;     // shoulder width over torso length seen from the side
  int smoothing_frames = 5;              // the median filter on the defining angle
  double max_gap_seconds = 0.5;          // frames further apart than this do not add time
};

struct Point2 {
  double x = 0;
  double y = 0;
};

// One pose of the figure: every joint, in a unit box, y downwards.
struct Keyframe {
  std::string name;
  std::array<Point2, kJointCount> points{};
};

// One step of the animation: move to keyframe `to` over `seconds`.
struct MotionPhase {
  std::string name;
  std::string to;
  double seconds = 0;
  bool dose_hold = false;  // `seconds` is the dose's hold_seconds
};

struct MotionDefinition {
  std::string exercise;
  View view = View::kSide;
  bool cycle = false;  // walking, cycling: the phases repeat for the dose's minutes
  std::vector<Keyframe> keyframes;
  std::vector<MotionPhase> phases;
  std::optional<CameraRules> camera;  // absent: the camera coach does not cover it
  std::string camera_note;            // why not, when there is a particular reason
  AnalysisSettings settings;

  const Keyframe* FindKeyframe(std::string_view name) const;  // nullptr when unknown
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_H_
