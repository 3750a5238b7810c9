// Pose recordings: frames of 2D keypoints, and their JSON Lines file format.
//
// A recording is what a pose estimator saw, frame by frame: for the person
// it follows, the 17 COCO joints it found (pixels from the top-left, with
// its confidence), and how many people it saw. The file format
// ("backcoach-pose" version 1, docs/motion.md) is one JSON object a line:
//   {"format":"backcoach-pose","version":1,"width":640,"height":480,"keypoints":"coco17"}
//   {"t":0.067,"points":{"left_hip":[312.5,240.1,0.82],...}}
// with joints that were not found left out, and an optional "people" count.
//
// Parsing uses no exceptions and no library, so that the WebAssembly build
// reads the same files as the command line.
#ifndef BACKCOACH_CORE_POSE_RECORDING_H_
#define BACKCOACH_CORE_POSE_RECORDING_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/motion.h"
#include "core/status.h"

namespace backcoach {

struct Keypoint {
  double x = 0;
  double y = 0;
  double score = 0;
  bool found = false;
};

struct PoseFrame {
  double t = 0;    // seconds from the start
  int people = 0;  // people seen in the frame; the points are of one of them
  std::array<Keypoint, kJointCount> points{};
};

struct PoseRecording {
  double width = 0;  // pixels
  double height = 0;
  std::vector<PoseFrame> frames;  // in time order
};

// Parses a recording. A malformed line is an InvalidArgument naming it:
// "line 3: field 't' must be a number". Times must not go backwards; a frame
// without "people" counts one person when it has any point, else none.
Result<PoseRecording> ParsePoseRecording(std::string_view text);

// Writes a recording in the same format (used by tests and tools).
std::string PoseRecordingToJsonl(const PoseRecording& recording);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_POSE_RECORDING_H_
