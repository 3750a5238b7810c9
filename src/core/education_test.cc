#include "core/education.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace backcoach {
namespace {

// One valid lesson; tests replace a line to make it wrong in one way.
const char* const kLesson = R"(
  - id: hurt_is_not_harm
    title: Hurt is not harm
    summary: Pain is real, but it rarely means damage.
    minutes: 3
    paragraphs:
      - First paragraph.
      - Second paragraph.
    key_points:
      - First point.
      - Second point.
    check:
      question: Does pain always mean damage?
      options: [Yes, "No"]
      answer: 1
      explanation: Most back pain comes with no damage at all.
    sources: [NICE NG59]
    topics: [pain]
)";

std::string Lessons(const std::string& body) { return "lessons:" + body; }

// kLesson with the first occurrence of `from` replaced by `to`.
std::string LessonWith(const std::string& from, const std::string& to) {
  std::string text = kLesson;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string ErrorOf(const std::string& yaml) {
  Result<Education> e = Education::Parse(yaml, "education.yaml");
  EXPECT_FALSE(e.ok());
  if (e.ok()) return "";
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  return e.status().message();
}

TEST(EducationTest, ParsesEveryField) {
  Result<Education> e = Education::Parse(Lessons(kLesson), "education.yaml");
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_EQ(e->lessons().size(), 1u);
  const Lesson& l = e->lessons()[0];
  EXPECT_EQ(l.id, "hurt_is_not_harm");
  EXPECT_EQ(l.title, "Hurt is not harm");
  EXPECT_EQ(l.summary, "Pain is real, but it rarely means damage.");
  EXPECT_EQ(l.minutes, 3);
  EXPECT_EQ(l.paragraphs, (std::vector<std::string>{"First paragraph.", "Second paragraph."}));
  EXPECT_EQ(l.key_points, (std::vector<std::string>{"First point.", "Second point."}));
  EXPECT_EQ(l.check.question, "Does pain always mean damage?");
  EXPECT_EQ(l.check.options, (std::vector<std::string>{"Yes", "No"}));
  EXPECT_EQ(l.check.answer, 1);
  EXPECT_EQ(l.check.explanation, "Most back pain comes with no damage at all.");
  EXPECT_EQ(l.sources, (std::vector<std::string>{"NICE NG59"}));
  EXPECT_EQ(l.topics, (std::vector<std::string>{"pain"}));
}

TEST(EducationTest, TopicsAreOptional) {
  Result<Education> e =
      Education::Parse(Lessons(LessonWith("    topics: [pain]\n", "")), "education.yaml");
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_TRUE(e->lessons()[0].topics.empty());
}

TEST(EducationTest, FindReturnsLessonById) {
  const std::string second = LessonWith("id: hurt_is_not_harm", "id: walking_first");
  Result<Education> e = Education::Parse(Lessons(std::string(kLesson) + second), "e.yaml");
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_NE(e->Find("walking_first"), nullptr);
  EXPECT_EQ(e->Find("walking_first"), &e->lessons()[1]);
  EXPECT_EQ(e->Find("hurt_is_not_harm"), &e->lessons()[0]);
}

TEST(EducationTest, FindReturnsNullForUnknownId) {
  Result<Education> e = Education::Parse(Lessons(kLesson), "education.yaml");
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->Find("no_such_lesson"), nullptr);
}

TEST(EducationTest, UnknownLessonKeyIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("    minutes: 3\n", "    minutes: 3\n    minuts: 4\n"))),
            "education.yaml: lesson 'hurt_is_not_harm': unknown field 'minuts'");
}

TEST(EducationTest, UnknownCheckKeyIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("      answer: 1\n", "      answer: 1\n      hint: x\n"))),
            "education.yaml: lesson 'hurt_is_not_harm': check: unknown field 'hint'");
}

TEST(EducationTest, UnknownTopLevelKeyIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(kLesson) + "lesons: []\n"), "education.yaml: unknown field 'lesons'");
}

TEST(EducationTest, MissingFieldIsAnError) {
  EXPECT_EQ(
      ErrorOf(Lessons(LessonWith("    summary: Pain is real, but it rarely means damage.\n", ""))),
      "education.yaml: lesson 'hurt_is_not_harm': field 'summary': is missing");
}

TEST(EducationTest, MissingIdNamesLessonByPosition) {
  const std::string second = LessonWith("  - id: hurt_is_not_harm\n    title", "  - title");
  EXPECT_EQ(ErrorOf(Lessons(std::string(kLesson) + second)),
            "education.yaml: lesson 2: field 'id': is missing");
}

TEST(EducationTest, LessonThatIsNotAMappingIsAnError) {
  EXPECT_EQ(ErrorOf("lessons:\n  - hurt_is_not_harm\n"),
            "education.yaml: lesson 1: expected a mapping of fields");
}

TEST(EducationTest, CheckThatIsNotAMappingIsAnError) {
  EXPECT_EQ(ErrorOf(R"(lessons:
  - id: walking_first
    title: Walking first
    summary: Walk a little, often.
    minutes: 2
    paragraphs: [One., Two.]
    key_points: [One., Two.]
    check: [Walk, Rest]
    sources: [NICE NG59]
)"),
            "education.yaml: lesson 'walking_first': check: expected a mapping of fields");
}

TEST(EducationTest, MissingLessonsIsAnError) {
  EXPECT_EQ(ErrorOf("{}\n"), "education.yaml: field 'lessons': is missing");
}

TEST(EducationTest, EmptyLessonsIsAnError) {
  EXPECT_EQ(ErrorOf("lessons: []\n"), "education.yaml: field 'lessons': must not be empty");
}

TEST(EducationTest, AnswerOutOfRangeIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("answer: 1", "answer: 2"))),
            "education.yaml: lesson 'hurt_is_not_harm': check: field 'answer': "
            "must be between 0 and 1, got 2");
}

TEST(EducationTest, NegativeAnswerIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("answer: 1", "answer: -1"))),
            "education.yaml: lesson 'hurt_is_not_harm': check: field 'answer': "
            "must be between 0 and 1, got -1");
}

TEST(EducationTest, OneOptionIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("options: [Yes, \"No\"]", "options: [Yes]"))),
            "education.yaml: lesson 'hurt_is_not_harm': check: field 'options': "
            "needs at least 2 items, got 1");
}

TEST(EducationTest, SixOptionsIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("options: [Yes, \"No\"]", "options: [a, b, c, d, e, f]"))),
            "education.yaml: lesson 'hurt_is_not_harm': check: field 'options': "
            "allows at most 5 items, got 6");
}

TEST(EducationTest, MissingCheckIsAnError) {
  const std::string no_check = LessonWith(
      "    check:\n      question: Does pain always mean damage?\n"
      "      options: [Yes, \"No\"]\n      answer: 1\n"
      "      explanation: Most back pain comes with no damage at all.\n",
      "");
  EXPECT_EQ(ErrorOf(Lessons(no_check)),
            "education.yaml: lesson 'hurt_is_not_harm': field 'check': is missing");
}

TEST(EducationTest, DuplicateIdIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(std::string(kLesson) + kLesson)),
            "education.yaml: lesson 'hurt_is_not_harm': field 'id': must be unique; "
            "lesson 1 already uses it");
}

TEST(EducationTest, TooFewParagraphsIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("      - Second paragraph.\n", ""))),
            "education.yaml: lesson 'hurt_is_not_harm': field 'paragraphs': "
            "needs at least 2 items, got 1");
}

TEST(EducationTest, TooFewKeyPointsIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("      - Second point.\n", ""))),
            "education.yaml: lesson 'hurt_is_not_harm': field 'key_points': "
            "needs at least 2 items, got 1");
}

TEST(EducationTest, EmptySourcesIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("sources: [NICE NG59]", "sources: []"))),
            "education.yaml: lesson 'hurt_is_not_harm': field 'sources': must not be empty");
}

TEST(EducationTest, MinutesOutOfRangeIsAnError) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("minutes: 3", "minutes: 16"))),
            "education.yaml: lesson 'hurt_is_not_harm': field 'minutes': "
            "must be between 1 and 15, got 16");
}

TEST(EducationTest, IdMustBeSnakeCase) {
  EXPECT_EQ(ErrorOf(Lessons(LessonWith("id: hurt_is_not_harm", "id: Hurt-Is-Not-Harm"))),
            "education.yaml: lesson 'Hurt-Is-Not-Harm': field 'id': must be snake_case "
            "(lower-case letters, digits and '_'), got 'Hurt-Is-Not-Harm'");
}

TEST(EducationTest, SyntaxErrorNamesFileAndLine) {
  const std::string message = ErrorOf("lessons:\n  - id: [unclosed\n");
  EXPECT_EQ(message.rfind("education.yaml: line ", 0), 0u) << message;
}

// The shipped content file.
class EducationContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(BACKCOACH_SOURCE_DIR "/content/education.yaml");
    ASSERT_TRUE(in) << "cannot read content/education.yaml";
    std::stringstream text;
    text << in.rdbuf();
    Result<Education> e = Education::Parse(text.str(), "education.yaml");
    ASSERT_TRUE(e.ok()) << e.status().message();
    education_ = std::move(e).value();
  }

  Education education_;
};

TEST_F(EducationContentTest, LoadsAtLeastEightLessons) {
  EXPECT_GE(education_.lessons().size(), 8u);
}

TEST_F(EducationContentTest, HasEveryLessonOtherCodeNames) {
  for (const char* id :
       {"movement_beats_rest", "hurt_is_not_harm", "soreness_vs_pain", "pacing_and_flare_ups",
        "myths_about_back_pain", "posture_and_movement_breaks", "sleep_and_stress",
        "when_to_seek_help", "walking_first", "nerve_symptoms", "staying_with_it"}) {
    EXPECT_NE(education_.Find(id), nullptr) << id;
  }
}

TEST_F(EducationContentTest, EveryLessonHasASourceAndAValidCheck) {
  for (const Lesson& l : education_.lessons()) {
    EXPECT_FALSE(l.sources.empty()) << l.id;
    EXPECT_GE(l.check.options.size(), 2u) << l.id;
    EXPECT_LE(l.check.options.size(), 5u) << l.id;
    EXPECT_GE(l.check.answer, 0) << l.id;
    EXPECT_LT(l.check.answer, static_cast<int>(l.check.options.size())) << l.id;
    EXPECT_FALSE(l.check.explanation.empty()) << l.id;
  }
}

TEST_F(EducationContentTest, EmergencyLessonNamesEveryEmergencySign) {
  const Lesson* l = education_.Find("when_to_seek_help");
  ASSERT_NE(l, nullptr);
  std::string text;
  for (const auto& p : l->paragraphs) text += p + "\n";
  for (const auto& p : l->key_points) text += p + "\n";
  for (const char* sign : {"saddle", "bladder", "bowel", "sex", "both legs", "weak", "emergency"}) {
    EXPECT_NE(text.find(sign), std::string::npos) << sign;
  }
}

}  // namespace
}  // namespace backcoach
