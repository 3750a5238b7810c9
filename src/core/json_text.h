// JsonText: a text field read from a JSON input, once, and checked.
//
// Inputs that carry words (an adjustment's reason, a clearance's "by") read
// them through here, so that a missing or mistyped field is refused with the
// same plain message wherever it arrives: the API's bodies and the command
// line's input files alike. No I/O; safe from any thread.
#ifndef BACKCOACH_CORE_JSON_TEXT_H_
#define BACKCOACH_CORE_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace backcoach {

// Reads object[key] as a string. When the field is absent: InvalidArgument
// "field 'key' is required" if `required`, otherwise "". InvalidArgument
// "field 'key' must be a string" when it holds anything else (null included).
Result<std::string> ReadTextField(const nlohmann::json& object, const char* key, bool required);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_JSON_TEXT_H_
