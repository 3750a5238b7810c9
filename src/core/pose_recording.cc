#include "core/pose_recording.h"

#include <cmath>

#include "core/mini_json.h"

namespace backcoach {

namespace {

constexpr double kMaxCoordinate = 1e6;

Status LineError(std::size_t line, const std::string& problem) {
  return Status::InvalidArgument("line " + std::to_string(line) + ": " + problem);
}

// A positive number of pixels under field `key` of the header.
bool Size(const JsonValue& header, std::string_view key, double* out) {
  const JsonValue* v = header.Get(key);
  if (v == nullptr || !v->is_number() || !(v->number > 0) || v->number > kMaxCoordinate) {
    return false;
  }
  *out = v->number;
  return true;
}

Status ParseHeader(const JsonValue& header, PoseRecording* recording) {
  const JsonValue* format = header.Get("format");
  const JsonValue* version = header.Get("version");
  const JsonValue* keypoints = header.Get("keypoints");
  if (format == nullptr || !format->is_string() || format->string != "backcoach-pose") {
    return LineError(1,
                     "not a backcoach-pose recording: the first line must have \"format\": "
                     "\"backcoach-pose\"");
  }
  if (version == nullptr || !version->is_number() || version->number != 1) {
    return LineError(1, "only version 1 of the backcoach-pose format is known");
  }
  if (keypoints == nullptr || !keypoints->is_string() || keypoints->string != "coco17") {
    return LineError(1, "field 'keypoints' must be \"coco17\"");
  }
  if (!Size(header, "width", &recording->width) || !Size(header, "height", &recording->height)) {
    return LineError(1, "fields 'width' and 'height' must be positive numbers of pixels");
  }
  return Status::Ok();
}

Status ParsePoint(const std::string& name, const JsonValue& value, std::size_t line,
                  PoseFrame* frame) {
  const auto joint = JointFromName(name);
  if (!joint) return LineError(line, "unknown joint '" + name + "'");
  const bool triple = value.is_array() && value.items.size() == 3 && value.items[0].is_number() &&
                      value.items[1].is_number() && value.items[2].is_number();
  if (!triple) return LineError(line, "joint '" + name + "' must be [x, y, score]");
  const double x = value.items[0].number, y = value.items[1].number, s = value.items[2].number;
  if (std::fabs(x) > kMaxCoordinate || std::fabs(y) > kMaxCoordinate || s < 0 || s > 1) {
    return LineError(line, "joint '" + name + "' is out of range (score from 0 to 1)");
  }
  frame->points[static_cast<int>(*joint)] = {x, y, s, true};
  return Status::Ok();
}

Status ParseFrame(const JsonValue& json, std::size_t line, double previous_t, PoseFrame* frame) {
  if (!json.is_object()) return LineError(line, "a frame must be a JSON object");
  const JsonValue* t = json.Get("t");
  if (t == nullptr || !t->is_number() || t->number < 0) {
    return LineError(line, "field 't' must be a number of seconds, 0 or more");
  }
  if (t->number < previous_t) return LineError(line, "time goes backwards");
  frame->t = t->number;
  const JsonValue* points = json.Get("points");
  if (points == nullptr || !points->is_object()) {
    return LineError(line, "field 'points' must be an object of joint name to [x, y, score]");
  }
  for (std::size_t i = 0; i < points->keys.size(); ++i) {
    if (Status s = ParsePoint(points->keys[i], points->items[i], line, frame); !s.ok()) return s;
  }
  const JsonValue* people = json.Get("people");
  if (people == nullptr) {
    frame->people = points->keys.empty() ? 0 : 1;
  } else if (!people->is_number() || people->number < 0 || people->number > 1000 ||
             people->number != std::floor(people->number)) {
    return LineError(line, "field 'people' must be a whole number, 0 or more");
  } else {
    frame->people = static_cast<int>(people->number);
  }
  return Status::Ok();
}

}  // namespace

Result<PoseRecording> ParsePoseRecording(std::string_view text) {
  PoseRecording recording;
  std::size_t line = 0;
  bool header = false;
  double previous_t = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto json = ParseJson(row);
    if (!json.ok()) return LineError(line, json.status().message());
    if (!header) {
      if (line != 1) return LineError(line, "the header must be the first line");
      if (!json->is_object()) return LineError(1, "the header must be a JSON object");
      if (Status s = ParseHeader(*json, &recording); !s.ok()) return s;
      header = true;
      continue;
    }
    PoseFrame frame;
    if (Status s = ParseFrame(*json, line, previous_t, &frame); !s.ok()) return s;
    previous_t = frame.t;
    recording.frames.push_back(frame);
  }
  if (!header) return LineError(1, "the recording is empty");
  return recording;
}

std::string PoseRecordingToJsonl(const PoseRecording& recording) {
  std::string out =
      "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":" + JsonNumber(recording.width) +
      ",\"height\":" + JsonNumber(recording.height) + ",\"keypoints\":\"coco17\"}\n";
  for (const auto& f : recording.frames) {
    out +=
        "{\"t\":" + JsonNumber(f.t) + ",\"people\":" + std::to_string(f.people) + ",\"points\":{";
    bool first = true;
    for (int i = 0; i < kJointCount; ++i) {
      const Keypoint& k = f.points[i];
      if (!k.found) continue;
      out += std::string(first ? "" : ",") + "\"" + JointName(static_cast<Joint>(i)) + "\":[" +
             JsonNumber(k.x, 1) + "," + JsonNumber(k.y, 1) + "," + JsonNumber(k.score, 2) + "]";
      first = false;
    }
    out += "}}\n";
  }
  return out;
}

}  // namespace backcoach
