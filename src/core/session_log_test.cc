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

// A log of one exercise done, with `coach` as what the camera coach
// measured (JSON text).
std::string WithCoach(const std::string& coach, const std::string& extra = "") {
  return R"({"date": "2026-11-24", "exercises": [{"id": "glute_bridge", "pain_during": 2)" + extra +
         R"(, "coach": )" + coach + R"(}], "pain_after": 2, "effort": 5})";
}

TEST(SessionLogCoachTest, ParsesAndRoundTripsWhatTheCameraCoachMeasured) {
  auto r = ParseSessionLogs(WithCoach(
      R"({"reps_done": 8, "reps_prescribed": 10, "hold_seconds": [3.14159, 2.8],
          "findings": [{"id": "arching", "count": 2}]})"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ExerciseLog& e = r->front().exercises.front();
  ASSERT_TRUE(e.coach.has_value());
  EXPECT_EQ(e.coach->reps_done, 8);
  EXPECT_EQ(e.coach->reps_prescribed, 10);
  EXPECT_EQ(e.coach->hold_seconds, (std::vector<double>{3.1, 2.8}));  // tenths, as timed
  ASSERT_EQ(e.coach->findings.size(), 1u);
  EXPECT_EQ(e.coach->findings[0].id, "arching");
  EXPECT_EQ(e.coach->findings[0].count, 2);
  const nlohmann::json stored = SessionLogToJson(r->front());
  EXPECT_EQ(stored["exercises"][0]["coach"].dump(),
            R"({"findings":[{"count":2,"id":"arching"}],"hold_seconds":[3.1,2.8],)"
            R"("reps_done":8,"reps_prescribed":10})");
  auto again = SessionLogFromJson(stored);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(SessionLogToJson(*again), stored);
  // Without the camera: no coach field at all.
  auto plain = ParseSessionLogs(kGood);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->front().exercises.front().coach.has_value());
  EXPECT_FALSE(SessionLogToJson(plain->front())["exercises"][0].contains("coach"));
}

TEST(SessionLogCoachTest, RefusesWhatIsOutOfRangeWordForWord) {
  EXPECT_EQ(ErrorFor(WithCoach("[]")), "exercise 1: field 'coach' must be a JSON object");
  EXPECT_EQ(ErrorFor(R"({"date": "2026-11-24", "exercises": [{"id": "glute_bridge", "done": false,
                         "coach": {"reps_done": 0, "reps_prescribed": 10}}],
                         "pain_after": 2, "effort": 5})"),
            "exercise 1: field 'coach' is only for an exercise done");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "speed": 1})")),
            "exercise 1: unknown field 'coach.speed'");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_prescribed": 10})")),
            "exercise 1: missing field 'coach.reps_done'");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8})")),
            "exercise 1: missing field 'coach.reps_prescribed'");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": -1, "reps_prescribed": 10})")),
            "exercise 1: field 'coach.reps_done' must be a whole number from 0 to 500");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8.5, "reps_prescribed": 10})")),
            "exercise 1: field 'coach.reps_done' must be a whole number from 0 to 500");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 0})")),
            "exercise 1: field 'coach.reps_prescribed' must be a whole number from 1 to 500");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 501, "reps_prescribed": 10})")),
            "exercise 1: field 'coach.reps_done' must be a whole number from 0 to 500");
  const std::string holds =
      "exercise 1: field 'coach.hold_seconds' must be a list of at most 500 numbers of seconds, "
      "each from 0 to 600";
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "hold_seconds": 3})")),
            holds);
  EXPECT_EQ(
      ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "hold_seconds": [3, -1]})")),
      holds);
  EXPECT_EQ(
      ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "hold_seconds": [601]})")),
      holds);
  EXPECT_EQ(
      ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "hold_seconds": ["3"]})")),
      holds);
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10, "findings": {}})")),
            "exercise 1: field 'coach.findings' must be a list");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 0, "reps_prescribed": 10,
                                   "findings": [{"id": "arching", "count": 1}]})")),
            "exercise 1: field 'coach.findings' must be empty when no repetition or hold was "
            "counted");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10,
                                   "findings": ["arching"]})")),
            R"(exercise 1: field 'coach.findings.1' must be {"id", "count"})");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10,
                                   "findings": [{"id": "", "count": 1}]})")),
            "exercise 1: field 'coach.findings.1.id' must name a form check");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10,
                                   "findings": [{"id": "arching", "count": 9}]})")),
            "exercise 1: field 'coach.findings.1.count' must be a whole number from 1 to 8");
  EXPECT_EQ(ErrorFor(WithCoach(R"({"reps_done": 8, "reps_prescribed": 10,
                                   "findings": [{"id": "arching", "count": 1},
                                                {"id": "arching", "count": 2}]})")),
            "exercise 1: form check 'arching' is listed twice");
}

}  // namespace
}  // namespace backcoach
