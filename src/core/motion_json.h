// Motion definitions and analyses as JSON: the plain data that travels
// between the server or the command line, which read content/motions.yaml,
// and the browser's WebAssembly build, which reads no YAML.
//
// The definition's JSON holds every field of MotionDefinition (docs/motion.md
// shows it); ParseMotionDefinitionJson checks it as strictly as the YAML
// loader checks the content, since the browser may be handed anything, and
// reports the first problem with its path: "motion definition: field
// 'camera.reps.rest' must be a number". No exceptions: built to WebAssembly.
#ifndef BACKCOACH_CORE_MOTION_JSON_H_
#define BACKCOACH_CORE_MOTION_JSON_H_

#include <string>
#include <string_view>

#include "core/motion.h"
#include "core/motion_analysis.h"
#include "core/status.h"

namespace backcoach {

std::string MotionDefinitionToJson(const MotionDefinition& definition);
Result<MotionDefinition> ParseMotionDefinitionJson(std::string_view text);

// The analysis as one JSON object: exercise, assessed, and either reason and
// reason_message, or reps (repetition exercises), holds, per_rep and findings.
std::string MotionAnalysisToJson(const MotionAnalysis& analysis);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_MOTION_JSON_H_
