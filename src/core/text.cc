#include "core/text.h"

namespace backcoach {

bool IsSnakeCase(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  if (s.back() == '_') return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return s.find("__") == std::string_view::npos;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  // Byte by byte and ASCII only: std::tolower would follow the C locale and
  // could touch the bytes of a UTF-8 character.
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace backcoach
