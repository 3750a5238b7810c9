#include "core/education.h"

#include <yaml-cpp/yaml.h>

#include "core/text.h"
#include "core/yaml_reader.h"

namespace backcoach {

namespace {

// A required list of text with at least `min_items` entries.
std::vector<std::string> TextList(MapReader& r, std::string_view key, std::size_t min_items) {
  std::vector<std::string> items = r.StringList(key, true);
  if (r.ok() && items.size() < min_items) {
    r.Fail(key, "needs at least " + std::to_string(min_items) + " items, got " +
                    std::to_string(items.size()));
  }
  return items;
}

// Names a lesson in errors by its id when it has a usable one, else by its
// 1-based position, so that a lesson missing its id can still be found.
std::string LessonWhere(const YAML::Node& node, std::size_t position, const std::string& file) {
  if (node.IsMap()) {
    const YAML::Node id = node["id"];
    if (id.IsDefined() && id.IsScalar() && !id.Scalar().empty()) {
      return file + ": lesson '" + id.Scalar() + "'";
    }
  }
  return file + ": lesson " + std::to_string(position);
}

Status ParseCheck(const YAML::Node& node, const std::string& where, LessonCheck* check) {
  MapReader r(node, where + ": check");
  check->question = r.String("question");
  check->options = TextList(r, "options", Education::kMinOptions);
  if (r.ok() && check->options.size() > Education::kMaxOptions) {
    r.Fail("options", "allows at most " + std::to_string(Education::kMaxOptions) + " items, got " +
                          std::to_string(check->options.size()));
  }
  // The answer is read after the options so that its range is known; when the
  // options were wrong the reader has already failed and this only marks the key.
  const int last = static_cast<int>(check->options.size()) - 1;
  check->answer = r.Int("answer", 0, last < 0 ? 0 : last);
  check->explanation = r.String("explanation");
  return r.Finish();
}

Status ParseLesson(const YAML::Node& node, const std::string& where, Lesson* lesson) {
  MapReader r(node, where);
  lesson->id = r.String("id");
  if (r.ok() && !IsSnakeCase(lesson->id)) {
    r.Fail("id",
           "must be snake_case (lower-case letters, digits and '_'), got '" + lesson->id + "'");
  }
  lesson->title = r.String("title");
  lesson->summary = r.String("summary");
  lesson->minutes = r.Int("minutes", Education::kMinMinutes, Education::kMaxMinutes);
  lesson->paragraphs = TextList(r, "paragraphs", Education::kMinParagraphs);
  lesson->key_points = TextList(r, "key_points", Education::kMinKeyPoints);
  YAML::Node check = r.Child("check", true);
  lesson->sources = TextList(r, "sources", 1);
  lesson->topics = r.StringList("topics", false);
  if (Status s = r.Finish(); !s.ok()) return s;
  return ParseCheck(check, where, &lesson->check);
}

}  // namespace

Result<Education> Education::Parse(const std::string& yaml_text, const std::string& file_name) {
  Result<YAML::Node> root = ParseYaml(yaml_text, file_name);
  if (!root.ok()) return root.status();

  MapReader top(*root, file_name);
  YAML::Node list = top.Child("lessons", true);
  if (top.ok() && !list.IsSequence()) top.Fail("lessons", "must be a list");
  if (top.ok() && list.size() == 0) top.Fail("lessons", "must not be empty");
  if (Status s = top.Finish(); !s.ok()) return s;

  Education education;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = LessonWhere(list[i], i + 1, file_name);
    Lesson lesson;
    if (Status s = ParseLesson(list[i], where, &lesson); !s.ok()) return s;
    auto [it, inserted] = education.index_.emplace(lesson.id, education.lessons_.size());
    if (!inserted) {
      return Status::InvalidArgument(where + ": field 'id': must be unique; lesson " +
                                     std::to_string(it->second + 1) + " already uses it");
    }
    education.lessons_.push_back(std::move(lesson));
  }
  return education;
}

const Lesson* Education::Find(const std::string& id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return nullptr;
  return &lessons_[it->second];
}

}  // namespace backcoach
