// MotionAnalyzer: repetitions, holds and form from frames of keypoints.
//
// Fed the frames of one person doing one exercise (live, frame by frame, or
// a whole PoseRecording), it measures the exercise's defining angle and
// reports:
//   - repetitions: the angle must travel from rest past `reach` and back past
//     `return` (hysteresis), cover `min_range` degrees and take `min_seconds`,
//     after a median filter of `smoothing_frames` that removes spikes; so
//     half-repetitions and jitter never count;
//   - holds: seconds with the angle (and every `also` condition) in
//     tolerance, forgiving excursions up to `excursion_seconds`, and paused,
//     not ended, while the joints are not seen;
//   - per repetition (or hold): its range of motion and at most one form
//     finding (a check's angle out of bounds for `frames` consecutive frames
//     at the top, at rest or in the hold), or which checks could not be
//     assessed because their joints were not seen;
//   - when it cannot assess at all, why: the exercise is not covered, no
//     person, more than one person, the wrong view, or the needed joints out
//     of the picture or below `min_confidence`.
// It never throws and does no I/O; the same code runs natively and in the
// browser's WebAssembly build. Not thread-safe; one analyzer per stream.
#ifndef BACKCOACH_CORE_MOTION_ANALYSIS_H_
#define BACKCOACH_CORE_MOTION_ANALYSIS_H_

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/motion.h"
#include "core/motion_angle.h"
#include "core/pose_recording.h"

namespace backcoach {

enum class NotAssessed {
  kNone,
  kNotCovered,     // the exercise has no camera rules
  kNoPerson,       // no one in enough of the frames
  kSeveralPeople,  // more than one person in too many frames
  kWrongView,      // seen from the front when the side is needed, or the reverse
  kJointsNotSeen,  // the defining angle's joints out of the picture or below confidence
};
const char* NotAssessedId(NotAssessed r);  // "no_person", ...; "" for kNone

// What the person is told when the camera coach does not cover an exercise:
// that it does not, and the motion's `camera_note` when it has one. For an
// exercise without a motion (`motion` null) the same words without a reason.
std::string NotCoveredMessage(const MotionDefinition* motion);

// One repetition, or one hold of a hold exercise.
struct RepAnalysis {
  int number = 0;    // from 1
  double start = 0;  // seconds into the recording
  double end = 0;
  double range = 0;                       // degrees between the extremes of the defining angle
  double hold_seconds = 0;                // at the top (repetitions) or in tolerance (holds)
  std::string form;                       // the form finding's id, or empty
  std::vector<std::string> not_assessed;  // checks whose joints were never seen
};

struct FormFinding {
  std::string id;
  std::string message;
  std::vector<int> reps;  // the repetitions (or holds) it was found in
};

struct MotionAnalysis {
  std::string exercise;
  bool assessed = false;
  NotAssessed reason = NotAssessed::kNone;
  std::string reason_message;  // plain words for the person, when not assessed
  bool counts_reps = false;    // a repetition exercise (else a hold exercise)
  int reps = 0;
  std::vector<double> holds;  // seconds of each hold (hold exercises), or at each rep's top
  std::vector<RepAnalysis> per_rep;
  std::vector<FormFinding> findings;
  // The phase of the motion (an index into its `phases`) the person should do
  // next, from where the analysis last saw them: the move towards the top at
  // rest, the hold while at the top and not yet held for the phase's seconds,
  // then the way back; for a hold exercise, the move into the hold and then
  // the hold. Absent when not assessed or when the motion's phases do not say.
  std::optional<int> next_phase;
  std::string next_phase_name;
};

class MotionAnalyzer {
 public:
  // `width` and `height` are the picture's size in pixels: joints outside it
  // are not seen. `definition` must outlive the analyzer.
  MotionAnalyzer(const MotionDefinition& definition, double width, double height);

  // Adds the next frame; frames must come in time order.
  void Add(const PoseFrame& frame);
  // The analysis so far (a repetition or hold in progress is included when it
  // already qualifies).
  MotionAnalysis Result() const;

 private:
  struct CheckState {
    int run = 0;
    bool fired = false;
    bool seen = false;
  };
  struct Segment {  // the repetition or hold in progress
    double start = 0;
    double low = 0;  // extremes of the defining angle, in progress units
    double high = 0;
    double hold = 0;
    double pending = 0;  // excursion time not yet forgiven (holds)
    std::vector<CheckState> checks;
  };
  enum class State { kUnknown, kRest, kPeak };

  // The recent angles of one side, for its median filter.
  struct SideTrack {
    std::deque<double> window;
    std::optional<double> last_t;
  };

  SeenJoints Seen(const PoseFrame& frame) const;
  std::optional<Side> PickSide(const PoseFrame& frame, double t,
                               const std::array<std::optional<double>, 2>& measured) const;
  void NoteView(const SeenJoints& seen);
  void Smooth(SideTrack& track, double angle, double t) const;
  bool SmoothIn(bool in);
  void CheckForm(FormAt at, Side side, const SeenJoints& seen, Segment& segment);
  void StepReps(double t, double dt, double angle, Side side, const SeenJoints& seen);
  void StepHold(double t, double dt, double angle, Side side, const SeenJoints& seen);
  void CloseRep(double t);
  void CloseHold(const Segment& hold, double t, MotionAnalysis& out) const;
  void AddRep(RepAnalysis rep, const std::vector<CheckState>& checks, FormAt at,
              MotionAnalysis& out) const;
  bool Covered() const { return definition_.camera.has_value(); }
  std::optional<NotAssessed> Problem() const;
  std::optional<int> NextPhase() const;

  const MotionDefinition& definition_;
  double width_;
  double height_;
  int frames_ = 0;
  int person_frames_ = 0;
  int several_frames_ = 0;
  int angle_frames_ = 0;
  std::vector<double> view_ratios_;
  std::array<SideTrack, 2> sides_;  // left, right
  std::deque<bool> in_window_;      // recent in-tolerance verdicts of a hold
  std::optional<double> last_t_;    // time of the last frame with the angle
  State state_ = State::kUnknown;
  Segment rest_;  // rest-time checks and the low point before a repetition
  Segment rep_;   // the repetition or hold in progress
  bool holding_ = false;
  double last_rest_t_ = 0;
  double last_t_seen_ = 0;
  MotionAnalysis done_;  // finished repetitions and holds
  // The motion's phases by role (indexes into its `phases`), for NextPhase.
  std::optional<int> toward_phase_;  // the move to the top (or into the hold)
  std::optional<int> hold_phase_;    // the stay at the top
  std::optional<int> back_phase_;    // the way back
};

// Analyses a whole recording.
MotionAnalysis AnalyseRecording(const MotionDefinition& definition, const PoseRecording& recording);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_ANALYSIS_H_
