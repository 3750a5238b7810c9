// Recordings the camera coach made, shared by the patient with their
// clinician: the keypoints of one set in the backcoach-pose format (JSON
// Lines, docs/motion.md), never a picture. The patient shares one only by
// choice (the coach's "Share this recording with my clinician"); it is kept
// as a record of theirs (Record kind "pose_recording"), so that erasing the
// account erases it. The API encodes these values (api/api_routes.cc).
//
// A recording is checked before it is kept: its exercise must be one of the
// catalogue, its size at most kMaxRecordingBytes, and its text must read as
// a recording with the same reader `backcoach motion` uses
// (ParsePoseRecording), so a malformed one is refused with its line named.
//
// It is kept as the core writes a recording (PoseRecordingToJsonl): what the
// format holds and nothing else a line carried, pixels to tenths and scores
// to hundredths. The record's payload is JSON: {"exercise", "frames", "bytes", "recording"}
// with the JSON Lines text as one string, and its summary the same without
// "recording", which is what the lists read. A payload of the largest recording
// is about a third larger than the recording (its quotes escaped): well
// within what the records table holds in both stores.
//
// Thread-safety: free functions over a Store, safe from any thread as the
// Store is.
#ifndef BACKCOACH_APP_RECORDINGS_H_
#define BACKCOACH_APP_RECORDINGS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "app/clock.h"
#include "core/content.h"
#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

inline constexpr RecordKind kRecordingKind = RecordKind::kPoseRecording;
inline constexpr std::size_t kMaxRecordingBytes = std::size_t{2} << 20;  // 2 MB

// What the patient sends: the exercise recorded and the JSON Lines text.
struct RecordingUpload {
  std::string exercise;
  std::string text;
};

// A kept recording as a list shows it.
struct RecordingInfo {
  std::string id;
  std::string exercise;
  std::string date;  // the day it was shared (YYYY-MM-DD)
  Timestamp created_at = 0;
  std::size_t bytes = 0;
  int frames = 0;
};

// A kept recording with its text (as kept), to download.
struct RecordingFile {
  RecordingInfo info;
  std::string text;
};

// Checks and keeps `upload` as a recording of `patient`. InvalidArgument
// for an unknown exercise, an empty or too large text, a recording without
// frames, or a malformed one ("line 3: joint 'left_hip' must be [x, y,
// score]").
Result<RecordingInfo> ShareRecording(Store& store, const Content& content, const Clock& clock,
                                     const User& patient, const RecordingUpload& upload);

// The lists read each recording's summary (exercise, frames, bytes: the
// record's `summary`), never its text; only GetRecording reads the text.

// The patient's recordings, newest first (at most the newest 100).
Result<std::vector<RecordingInfo>> ListRecordings(Store& store, const std::string& patient_id);

// One page of them, newest first: the `limit` newest older than `after`
// (nullopt: the newest), and the key of the next, older page (nullopt on
// the last; app/pages.h).
struct RecordingPage {
  std::vector<RecordingInfo> recordings;
  std::optional<RecordKey> next;
};
Result<RecordingPage> ListRecordingPage(Store& store, const std::string& patient_id, int limit,
                                        const std::optional<RecordKey>& after);

// One recording of the patient; NotFound for an id that is not one of theirs.
Result<RecordingFile> GetRecording(Store& store, const std::string& patient_id,
                                   const std::string& id);

// The patient withdraws a recording they shared: it is removed, so that
// their clinicians no longer see it. NotFound for an id that is not one of
// their recordings (or one already withdrawn).
Status WithdrawRecording(Store& store, const std::string& patient_id, const std::string& id);

// The file name a download is saved as: "glute_bridge-2026-12-04.jsonl".
std::string RecordingFileName(const RecordingInfo& info);

}  // namespace backcoach

#endif  // BACKCOACH_APP_RECORDINGS_H_
