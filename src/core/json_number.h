// JsonNumber: a number read from a JSON request body, once, and checked.
//
// A JSON number may be anything the parser holds: a signed or unsigned
// 64-bit integer, or a double of any size. Reading one with get<int>()
// truncates (4294967299 becomes 3), so a range check on that int can pass
// while the original value is what gets stored. These readers look at the
// value as it was parsed, check its kind and its range, and hand back the
// checked value; the caller stores that value, never the JSON it came from.
// Every numeric field of every API route is read through here (see
// docs/security.md, "Input checking").
#ifndef BACKCOACH_CORE_JSON_NUMBER_H_
#define BACKCOACH_CORE_JSON_NUMBER_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"

namespace backcoach {

// The value of `v` when it is a whole number (written without a fraction or
// exponent) from `min` to `max`; nullopt for another type, a fraction, or a
// number out of range however large.
std::optional<long long> WholeNumberIn(const nlohmann::json& v, long long min, long long max);
// The value of `v` when it is a finite number from `min` to `max`.
std::optional<double> NumberIn(const nlohmann::json& v, double min, double max);

// The message for a whole-number field out of range or of another type:
// "field 'pain' must be a whole number from 0 to 10".
std::string WholeNumberProblem(const std::string& key, long long min, long long max);

// Reads object[key] as a whole number from min to max. InvalidArgument
// "missing field 'key'" when absent (or `fallback` when one is given), and
// WholeNumberProblem when it is not such a number. `where` prefixes both
// messages ("exercise 2: ").
Result<int> ReadWholeNumber(const nlohmann::json& object, const std::string& key, int min, int max,
                            std::optional<int> fallback = std::nullopt,
                            const std::string& where = "");

}  // namespace backcoach

#endif  // BACKCOACH_CORE_JSON_NUMBER_H_
