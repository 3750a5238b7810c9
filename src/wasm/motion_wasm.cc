// The motion analysis for the browser: a WebAssembly module with a small C
// ABI and no imports, built by scripts/build-wasm.sh from the same core
// sources as the native program (docs/motion.md).
//
// Memory is the module's own: the caller asks bc_alloc for room, copies UTF-8
// text in, calls, then reads the answer (JSON text) at bc_result_ptr() for
// bc_result_len() bytes, valid until the next call. Call _initialize first.
//
//   bc_analyse(def, def_len, rec, rec_len)   a whole recording (JSONL)
//   bc_coach_new(def, def_len, w, h)         a live analysis: a handle, or 0
//   bc_coach_frame(handle, t, people, points)  points: 51 floats, x y score per
//                                            COCO joint, score 0 when not found
//   bc_coach_result(handle)                  the analysis so far
//   bc_coach_free(handle)
// Each returns 0 on success (bc_coach_new: the handle); on failure the result
// is {"error": "..."} and the return value is 1 (bc_coach_new: 0).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/mini_json.h"
#include "core/motion_analysis.h"
#include "core/motion_json.h"
#include "core/pose_recording.h"

#define BC_EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace {

using namespace backcoach;

std::string result;

struct Coach {
  MotionDefinition definition;
  std::unique_ptr<MotionAnalyzer> analyzer;
};
std::vector<std::unique_ptr<Coach>> coaches;  // handle i + 1

int Answer(std::string json) {
  result = std::move(json);
  return 0;
}

int Error(const Status& status) {
  result = "{\"error\":" + JsonQuote(status.message()) + "}";
  return 1;
}

Coach* Find(int handle) {
  if (handle < 1 || handle > static_cast<int>(coaches.size())) return nullptr;
  return coaches[handle - 1].get();
}

}  // namespace

BC_EXPORT("bc_alloc") void* bc_alloc(int size) { return std::malloc(size > 0 ? size : 1); }
BC_EXPORT("bc_free") void bc_free(void* p) { std::free(p); }
BC_EXPORT("bc_result_ptr") const char* bc_result_ptr() { return result.data(); }
BC_EXPORT("bc_result_len") int bc_result_len() { return static_cast<int>(result.size()); }

BC_EXPORT("bc_analyse")
int bc_analyse(const char* def, int def_len, const char* rec, int rec_len) {
  auto definition = ParseMotionDefinitionJson(std::string_view(def, def_len));
  if (!definition.ok()) return Error(definition.status());
  auto recording = ParsePoseRecording(std::string_view(rec, rec_len));
  if (!recording.ok()) return Error(recording.status());
  return Answer(MotionAnalysisToJson(AnalyseRecording(*definition, *recording)));
}

BC_EXPORT("bc_coach_new")
int bc_coach_new(const char* def, int def_len, double width, double height) {
  auto definition = ParseMotionDefinitionJson(std::string_view(def, def_len));
  if (!definition.ok()) {
    Error(definition.status());
    return 0;
  }
  auto coach = std::make_unique<Coach>();
  coach->definition = std::move(definition).value();
  coach->analyzer = std::make_unique<MotionAnalyzer>(coach->definition, width, height);
  for (std::size_t i = 0; i < coaches.size(); ++i) {
    if (!coaches[i]) {
      coaches[i] = std::move(coach);
      return static_cast<int>(i) + 1;
    }
  }
  coaches.push_back(std::move(coach));
  return static_cast<int>(coaches.size());
}

BC_EXPORT("bc_coach_frame")
int bc_coach_frame(int handle, double t, int people, const float* points) {
  Coach* coach = Find(handle);
  if (coach == nullptr) return Error(Status::NotFound("no such coach"));
  PoseFrame frame;
  frame.t = t;
  frame.people = people;
  for (int j = 0; j < kJointCount; ++j) {
    const float score = points[3 * j + 2];
    if (score > 0) frame.points[j] = {points[3 * j], points[3 * j + 1], score, true};
  }
  coach->analyzer->Add(frame);
  return 0;
}

BC_EXPORT("bc_coach_result") int bc_coach_result(int handle) {
  Coach* coach = Find(handle);
  if (coach == nullptr) return Error(Status::NotFound("no such coach"));
  return Answer(MotionAnalysisToJson(coach->analyzer->Result()));
}

BC_EXPORT("bc_coach_free") void bc_coach_free(int handle) {
  if (Find(handle) != nullptr) coaches[handle - 1].reset();
}
