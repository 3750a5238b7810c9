// Education: short lessons about back pain and exercise, in plain language.
//
// Lessons are data, loaded from content/education.yaml (see
// docs/content-education.md) and validated as a whole: unknown keys, missing
// fields, too few paragraphs or key points, a check whose answer is not one of
// its options and duplicate ids are errors naming the file, the lesson and the
// field, for example
//   "education.yaml: lesson 'hurt_is_not_harm': field 'paragraphs': needs at
//    least 2 items, got 1".
// Other content (screening messages, plan cards) refers to lessons by id;
// LoadContent checks those references.
//
// An Education is immutable after loading and safe to share between threads.
#ifndef BACKCOACH_CORE_EDUCATION_H_
#define BACKCOACH_CORE_EDUCATION_H_

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace backcoach {

// A one-question check at the end of a lesson. Not a test to pass: the
// explanation is shown whichever option is chosen.
struct LessonCheck {
  std::string question;
  std::vector<std::string> options;  // 2 to 5
  int answer = 0;                    // 0-based index into options
  std::string explanation;
};

struct Lesson {
  std::string id;  // snake_case, unique
  std::string title;
  std::string summary;                  // one sentence, shown on cards and lists
  int minutes = 2;                      // reading time, 1 to 15
  std::vector<std::string> paragraphs;  // at least 2
  std::vector<std::string> key_points;  // at least 2
  LessonCheck check;
  std::vector<std::string> sources;  // at least 1, named as in the clinical brief
  std::vector<std::string> topics;   // free tags, may be empty
};

class Education {
 public:
  // Limits the loader enforces; documented in docs/content-education.md.
  static constexpr int kMinMinutes = 1;
  static constexpr int kMaxMinutes = 15;
  static constexpr std::size_t kMinParagraphs = 2;
  static constexpr std::size_t kMinKeyPoints = 2;
  static constexpr std::size_t kMinOptions = 2;
  static constexpr std::size_t kMaxOptions = 5;

  // Parses and validates the text of content/education.yaml. `file_name` is
  // used in errors. The first problem found is returned.
  static Result<Education> Parse(const std::string& yaml_text, const std::string& file_name);

  // In file order.
  const std::vector<Lesson>& lessons() const { return lessons_; }
  const Lesson* Find(const std::string& id) const;  // nullptr when unknown

 private:
  std::vector<Lesson> lessons_;
  std::map<std::string, std::size_t> index_;  // id -> position in lessons_
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_EDUCATION_H_
