#include "core/session_log.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

std::string ErrorFor(const std::string& text) {
  auto r = ParseSessionLogs(text);
  return r.ok() ? "ok" : r.status().message();
}

constexpr const char* kGood = R"({"date": "2026-11-24", "exercises": [
  {"id": "glute_bridge", "done": true, "pain_during": 3, "sharp_pain": false,
   "what_hurt": "low back"}], "pain_after": 3, "pain_next_morning": 2, "effort": 5})";

TEST(SessionLogTest, ParsesOneLog) {
  auto r = ParseSessionLogs(kGood);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  const SessionLog& log = r->front();
  EXPECT_EQ(log.date.ToString(), "2026-11-24");
  EXPECT_EQ(log.exercises.at(0).what_hurt, "low back");
  EXPECT_EQ(log.pain_next_morning, 2);
  EXPECT_TRUE(log.reported_symptoms.empty());
}

TEST(SessionLogTest, ParsesAnArrayAndRoundTrips) {
  auto r = ParseSessionLogs(std::string("[") + kGood + "," + kGood + "]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);
  auto again = SessionLogFromJson(SessionLogToJson(r->front()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SessionLogToJson(*again), SessionLogToJson(r->front()));
}

TEST(SessionLogTest, KeepsReportedRedFlagAnswers) {
  std::string text = kGood;
  text.insert(1, R"("saddle_numbness": true, )");
  auto r = ParseSessionLogs(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().reported_symptoms["saddle_numbness"], true);
}

TEST(SessionLogTest, ErrorsNameTheField) {
  EXPECT_EQ(ErrorFor("{"), "the session log is not valid JSON");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [], "pain_after": 3, "effort": 5,
                         "mood": 3})"),
            "unknown field 'mood'");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-13-01", "exercises": [], "pain_after": 3, "effort": 5})"),
            "field 'date': '2026-13-01' is not a date of the form YYYY-MM-DD");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-02-30", "exercises": [], "pain_after": 3, "effort": 5})"),
            "field 'date': '2026-02-30' is not a real calendar day");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [], "pain_after": 11, "effort": 5})"),
            "field 'pain_after' must be a whole number from 0 to 10");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [], "pain_after": 3})"),
            "missing field 'effort'");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [{"id": "x", "pain_during": -1}],
                         "pain_after": 3, "effort": 5})"),
            "exercise 1: field 'pain_during' must be a whole number from 0 to 10");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [{"id": "x", "pain_during": 1,
                         "sharp": true}], "pain_after": 3, "effort": 5})"),
            "exercise 1: unknown field 'sharp'");
  EXPECT_EQ(ErrorFor(R"([{"date": "2026-11-24", "exercises": [], "pain_after": 3, "effort": 5},
                         {"date": "2026-11-25", "exercises": {}, "pain_after": 3, "effort": 5}])"),
            "log 2: field 'exercises' must be a list");
}

TEST(SessionLogTest, SkippedExerciseNeedsNoPain) {
  auto r = ParseSessionLogs(R"({"date": "2026-11-24", "exercises": [{"id": "x", "done": false}],
                               "pain_after": 3, "effort": 5})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->front().exercises.front().done);
}

}  // namespace
}  // namespace backcoach
