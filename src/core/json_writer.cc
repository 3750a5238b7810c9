#include "core/json_writer.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace backcoach {

namespace {

// The length of the UTF-8 sequence that starts at text[i] (a byte of 0x80
// or above), or 0 when none does: the well-formed sequences of RFC 3629
// (no overlong forms, no surrogates, nothing past U+10FFFF), which are the
// ones nlohmann::json's dump() passes through.
std::size_t Utf8Length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0;
  };
  auto follows = [&](std::size_t k, unsigned low = 0x80, unsigned high = 0xbf) {
    const unsigned b = byte(k);
    return b >= low && b <= high;
  };
  const unsigned lead = byte(i);
  if (lead >= 0xc2 && lead <= 0xdf) return follows(i + 1) ? 2 : 0;
  if (lead == 0xe0) return follows(i + 1, 0xa0) && follows(i + 2) ? 3 : 0;
  if (lead == 0xed) return follows(i + 1, 0x80, 0x9f) && follows(i + 2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return follows(i + 1) && follows(i + 2) ? 3 : 0;
  if (lead == 0xf0) return follows(i + 1, 0x90) && follows(i + 2) && follows(i + 3) ? 4 : 0;
  if (lead == 0xf4) {
    return follows(i + 1, 0x80, 0x8f) && follows(i + 2) && follows(i + 3) ? 4 : 0;
  }
  if (lead >= 0xf1 && lead <= 0xf3) {
    return follows(i + 1) && follows(i + 2) && follows(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  std::size_t plain = 0;  // where the run of bytes copied as they are began
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = Utf8Length(text, i);
      if (length == 0) {
        // Not UTF-8: the tree's own dump decides (it throws).
        out.resize(start);
        out += nlohmann::json(std::string(text)).dump();
        return;
      }
      i += length;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
    plain = ++i;
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void AppendJsonDouble(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // The function dump() itself calls, with a buffer the size of its own.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void AppendJsonInt(std::string& out, long long value) {
  char buffer[24];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;  // 24 characters hold any long long
  out.append(buffer, end);
}

}  // namespace backcoach
