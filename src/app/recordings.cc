#include "app/recordings.h"

#include <nlohmann/json.hpp>

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

// What the list shows of a recording, from the record's summary; NotFound
// for any other record or one whose summary does not read.
Result<RecordingInfo> InfoFromSummary(const Record& r) {
  const json summary = json::parse(r.summary, nullptr, /*allow_exceptions=*/false);
  if (r.kind != kRecordingKind || !summary.is_object() || !summary.contains("exercise") ||
      !summary["exercise"].is_string()) {
    return Status::NotFound("no such recording");
  }
  RecordingInfo info;
  info.id = r.id;
  info.exercise = summary["exercise"].get<std::string>();
  info.date = r.date;
  info.created_at = r.created_at;
  info.frames = summary.value("frames", 0);
  info.bytes = summary.value("bytes", std::size_t{0});
  return info;
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
  record.summary =
      json{{"exercise", upload.exercise}, {"frames", frames}, {"bytes", text.size()}}.dump();
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
  if (limit < 1) return Status::InvalidArgument("limit must be at least 1");
  // One more than the page, to know whether another follows; summaries
  // only, so that no recording's text is read to list it.
  auto records = store.ListRecordSummaryPage({patient_id, kRecordingKind, after, limit + 1});
  if (!records.ok()) return records.status();
  RecordingPage out;
  if (records->size() > static_cast<std::size_t>(limit)) {
    records->resize(limit);
    const Record& last = records->back();
    out.next = RecordKey{last.date, last.created_at, last.id};
  }
  for (const Record& r : *records) {
    auto info = InfoFromSummary(r);
    if (info.ok()) {
      out.recordings.push_back(*info);
      continue;
    }
    // A record kept without a summary: read whole, this once.
    auto file = GetRecording(store, patient_id, r.id);
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

Status WithdrawRecording(Store& store, const std::string& patient_id, const std::string& id) {
  Status s = store.DeleteRecord(patient_id, kRecordingKind, id);
  if (s.code() == StatusCode::kNotFound) return Status::NotFound("no such recording");
  return s;
}

std::string RecordingFileName(const RecordingInfo& info) {
  return info.exercise + "-" + info.date + ".jsonl";
}

}  // namespace backcoach
