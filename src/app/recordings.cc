#include "app/recordings.h"

#include <nlohmann/json.hpp>

#include "app/pages.h"
#include "core/pose_recording.h"

namespace backcoach {

namespace {

using nlohmann::json;

// The list's view of a kept record; NotFound for any other record.
Result<RecordingFile> FromRecord(const Record& r) {
  const json payload = json::parse(r.payload, nullptr, /*allow_exceptions=*/false);
  if (r.kind != kRecordingKind || !payload.is_object() || !payload.contains("recording") ||
      !payload["recording"].is_string()) {
    return Status::NotFound("no such recording");
  }
  RecordingFile file;
  file.info.id = r.id;
  file.info.exercise = payload.value("exercise", "");
  file.info.date = r.date;
  file.info.created_at = r.created_at;
  file.info.frames = payload.value("frames", 0);
  file.text = payload["recording"].get<std::string>();
  file.info.bytes = file.text.size();
  return file;
}

}  // namespace

Result<RecordingInfo> ShareRecording(Store& store, const Content& content, const Clock& clock,
                                     const User& patient, const RecordingUpload& upload) {
  if (upload.exercise.empty()) return Status::InvalidArgument("exercise: is missing");
  if (content.catalogue.Find(upload.exercise) == nullptr) {
    return Status::InvalidArgument("exercise: '" + upload.exercise + "' is not an exercise");
  }
  if (upload.text.empty()) return Status::InvalidArgument("the recording is empty");
  if (upload.text.size() > kMaxRecordingBytes) {
    return Status::InvalidArgument("the recording is larger than 2 MB");
  }
  auto recording = ParsePoseRecording(upload.text);
  if (!recording.ok()) return recording.status().WithContext("recording");
  if (recording->frames.empty()) return Status::InvalidArgument("the recording has no frames");
  const int frames = static_cast<int>(recording->frames.size());
  // Kept as the core writes it: only what the format holds, whatever else
  // the lines carried.
  const std::string text = PoseRecordingToJsonl(*recording);
  Record record;
  record.patient_id = patient.id;
  record.kind = kRecordingKind;
  record.date = clock.Today().ToString();
  record.author_id = patient.id;
  record.payload = json{
      {"exercise", upload.exercise},
      {"frames", frames},
      {"bytes", text.size()},
      {"recording",
       text}}.dump();
  record.created_at = clock.Now();
  if (Status s = store.AddRecord(record); !s.ok()) return s;
  return RecordingInfo{record.id,         upload.exercise, record.date,
                       record.created_at, text.size(),     frames};
}

Result<std::vector<RecordingInfo>> ListRecordings(Store& store, const std::string& patient_id) {
  auto page = ListRecordingPage(store, patient_id, 100, std::nullopt);
  if (!page.ok()) return page.status();
  return std::move(page->recordings);
}

Result<RecordingPage> ListRecordingPage(Store& store, const std::string& patient_id, int limit,
                                        const std::optional<RecordKey>& after) {
  auto records = ReadRecordPage(store, {patient_id, kRecordingKind, after, limit});
  if (!records.ok()) return records.status();
  RecordingPage out;
  out.next = records->next;
  for (auto it = records->records.rbegin(); it != records->records.rend(); ++it) {
    auto file = FromRecord(*it);
    if (file.ok()) out.recordings.push_back(file->info);
  }
  return out;
}

Result<RecordingFile> GetRecording(Store& store, const std::string& patient_id,
                                   const std::string& id) {
  auto record = store.GetRecord(id);
  if (!record.ok()) {
    if (record.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no such recording");
    }
    return record.status();
  }
  if (record->patient_id != patient_id) return Status::NotFound("no such recording");
  return FromRecord(*record);
}

std::string RecordingFileName(const RecordingInfo& info) {
  return info.exercise + "-" + info.date + ".jsonl";
}

}  // namespace backcoach
