// Words: whether the engine writes the words of what it decides.
//
// The simulation runs millions of steps whose decisions nobody reads: its
// safety checks look at what was decided, about what, and on which rule,
// not at the sentences that say why. While a WithoutWords lives on a thread,
// the engine's steps on that thread leave each decision's reason and source
// empty (except a decision that an exercise is already at its gentlest,
// whose reason says so and is kept), and a new plan's rationale and the
// schedule's weekly focus empty. Nothing else of the new state changes: no
// rule reads these words. Objects nest; each restores what it found.
#ifndef BACKCOACH_CORE_WORDS_H_
#define BACKCOACH_CORE_WORDS_H_

namespace backcoach {

class WithoutWords {
 public:
  WithoutWords();
  ~WithoutWords();
  WithoutWords(const WithoutWords&) = delete;
  WithoutWords& operator=(const WithoutWords&) = delete;

 private:
  bool before_;
};

// False while a WithoutWords lives on this thread.
bool WordsWanted();

}  // namespace backcoach

#endif  // BACKCOACH_CORE_WORDS_H_
