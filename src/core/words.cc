#include "core/words.h"

namespace backcoach {

namespace {
thread_local bool words_off = false;
}  // namespace

WithoutWords::WithoutWords() : before_(words_off) { words_off = true; }
WithoutWords::~WithoutWords() { words_off = before_; }
bool WordsWanted() { return !words_off; }

}  // namespace backcoach
