// SameText: whether two strings hold the same characters, compared in
// place.
//
// operator== on strings calls memcmp, and for the engine's short ids and
// words the call costs more than the comparison: memcmp was an eighth of the
// time of a simulated step. This compares a word or two at a time inline.
#ifndef BACKCOACH_CORE_SAME_TEXT_H_
#define BACKCOACH_CORE_SAME_TEXT_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace backcoach {

namespace same_text_detail {

inline std::uint64_t Word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

inline std::uint32_t HalfWord(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

}  // namespace same_text_detail

// Sixteen bytes a step, and the last bytes as one word overlapping the words
// before (or two half-words for short strings) rather than a byte at a time:
// the decisions' reasons and sources are 40 to 150 characters, compared on
// every step, and mostly equal. Always inlined: where the compiler chose a
// call, the call cost about as much as comparing a short id.
[[gnu::always_inline]] inline bool SameText(std::string_view a, std::string_view b) {
  using same_text_detail::HalfWord;
  using same_text_detail::Word;
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8) {
    std::size_t at = 0;
    for (; at + 16 <= n; at += 16) {
      if (((Word(x + at) ^ Word(y + at)) | (Word(x + at + 8) ^ Word(y + at + 8))) != 0) {
        return false;
      }
    }
    if (at + 8 <= n) {
      if (Word(x + at) != Word(y + at)) return false;
      at += 8;
    }
    return at == n || Word(x + n - 8) == Word(y + n - 8);
  }
  if (n >= 4) return HalfWord(x) == HalfWord(y) && HalfWord(x + n - 4) == HalfWord(y + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SAME_TEXT_H_
