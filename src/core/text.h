// Small checks and conversions of ASCII text that several parts of the core
// share: the snake_case rule for content ids, and lower-casing for
// comparisons that ignore case.
//
// Thread-safety: free functions without state; safe from any thread.
#ifndef BACKCOACH_CORE_TEXT_H_
#define BACKCOACH_CORE_TEXT_H_

#include <string>
#include <string_view>

namespace backcoach {

// True for snake_case: a lower-case letter first, then lower-case letters,
// digits and single underscores, not ending in '_' ("hip_hinge_2"). False for
// anything else, the empty string included.
bool IsSnakeCase(std::string_view s);

// `s` with ASCII 'A'..'Z' made lower-case; every other byte (UTF-8 included)
// is kept as it is. Never fails.
std::string LowerAscii(std::string_view s);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_TEXT_H_
