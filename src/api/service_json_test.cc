// The Service's typed inputs read from request bodies, with the messages
// the routes have always answered, and its typed answers written as JSON.
#include "api/service_json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/json_number.h"
#include "core/plan_json.h"

namespace backcoach {
namespace {

using json = nlohmann::json;

const Date kToday = Date::FromCivil(2026, 11, 23);

TEST(ServiceJsonTest, AnIntakeLeavesSeenOutOfTheAnswers) {
  IntakeInput in = IntakeInputFromJson({{"seen", "not_yet"}, {"age", 40}});
  EXPECT_EQ(in.seen, "not_yet");
  EXPECT_EQ(in.answers, (json{{"age", 40}}));
  in = IntakeInputFromJson({{"seen", 3}, {"age", 40}});
  EXPECT_EQ(in.seen, "");
  EXPECT_FALSE(in.answers.contains("seen"));
  EXPECT_EQ(IntakeInputFromJson({{"age", 40}}).seen, "");
}

TEST(ServiceJsonTest, ACheckInNeedsTheSessionsDateAndAPainFrom0To10) {
  auto ok = CheckInFromJson({{"date", "2026-11-22"}, {"pain_next_morning", 3}});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->date, Date::FromCivil(2026, 11, 22));
  EXPECT_EQ(ok->pain_next_morning, 3);
  EXPECT_EQ(CheckInFromJson({{"pain_next_morning", 3}}).status().message(),
            "field 'date' must be the session's date, YYYY-MM-DD");
  EXPECT_EQ(CheckInFromJson({{"date", "2026-02-30"}, {"pain_next_morning", 3}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckInFromJson({{"date", "2026-11-22"}, {"pain_next_morning", 11}}).status().message(),
            WholeNumberProblem("pain_next_morning", 0, 10));
}

TEST(ServiceJsonTest, PainIsAboutTodayUnlessADayIsGiven) {
  auto today = PainFromJson({{"pain", 4}}, kToday);
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->date, kToday);
  EXPECT_EQ(today->note, "");
  auto dated = PainFromJson({{"pain", 0}, {"date", "2026-11-01"}, {"note", "ok"}}, kToday);
  ASSERT_TRUE(dated.ok());
  EXPECT_EQ(dated->date, Date::FromCivil(2026, 11, 1));
  EXPECT_EQ(dated->note, "ok");
  EXPECT_EQ(PainFromJson({{"pain", "4"}}, kToday).status().message(),
            WholeNumberProblem("pain", 0, 10));
  EXPECT_EQ(
      PainFromJson({{"pain", 4}, {"note", std::string(2001, 'a')}}, kToday).status().message(),
      "field 'note' is too long");
  EXPECT_THROW((void)PainFromJson({{"pain", 4}, {"date", 7}}, kToday), json::type_error);
}

TEST(ServiceJsonTest, QuestionnaireAnswersThatAreNoNumbersAreNaN) {
  EXPECT_FALSE(QuestionnaireFromJson({{"answers", json::array()}}).answers.has_value());
  EXPECT_FALSE(QuestionnaireFromJson(json::object()).answers.has_value());
  auto in = QuestionnaireFromJson({{"answers", {{"q1", 2}, {"q2", "x"}}}});
  ASSERT_TRUE(in.answers.has_value());
  EXPECT_EQ(in.answers->at("q1"), 2.0);
  EXPECT_TRUE(std::isnan(in.answers->at("q2")));
}

TEST(ServiceJsonTest, ANoteHoldsSomeTextAndNotTooMuch) {
  EXPECT_EQ(NoteFromJson({{"text", "call her"}})->text, "call her");
  for (const json& bad : {json{{"text", ""}}, json{{"text", 5}}, json::object(),
                          json{{"text", std::string(5001, 'a')}}}) {
    EXPECT_EQ(NoteFromJson(bad).status().message(), "field 'text' must be 1 to 5000 characters");
  }
}

TEST(ServiceJsonTest, AClearanceAsksThePatientFirstThenReadsTheRules) {
  const char* seen = "say whether you have been seen: seen_cleared, seen_not_cleared or not_yet";
  EXPECT_EQ(ClearFromJson({{"rules", 5}}, /*self=*/true).status().message(), seen);
  EXPECT_EQ(ClearFromJson({{"rules", 5}}, /*self=*/false).status().message(),
            "rules must be a list of ids");
  EXPECT_EQ(ClearFromJson({{"rules", json::array({"a", 1})}}, false).status().message(),
            "rules must be a list of ids");
  auto clinician =
      ClearFromJson({{"seen", "whatever"}, {"rules", json::array({"r1", "r2"})}}, false);
  ASSERT_TRUE(clinician.ok());
  EXPECT_EQ(clinician->seen, "");
  EXPECT_EQ(clinician->rules, (std::vector<std::string>{"r1", "r2"}));
  auto patient = ClearFromJson({{"seen", "seen_cleared"}}, true);
  ASSERT_TRUE(patient.ok());
  EXPECT_EQ(patient->seen, "seen_cleared");
  EXPECT_TRUE(patient->rules.empty());
}

TEST(ServiceJsonTest, SharedScopesAreStoredByName) {
  EXPECT_EQ(ShareFromJson(json::object())->scopes, "");
  EXPECT_EQ(ShareFromJson({{"scopes", {"symptoms", "progress", "adherence"}}})->scopes,
            "progress,symptoms");
  EXPECT_EQ(ShareFromJson({{"scopes", {"clinical"}}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ServiceJsonTest, AnAlertChangeNamesAStateAndANoteToResolve) {
  auto seen = AlertChangeFromJson({{"state", "seen"}});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->state, AlertState::kSeen);
  EXPECT_EQ(seen->note, "");
  auto resolved = AlertChangeFromJson({{"state", "resolved"}, {"note", "phoned"}});
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->state, AlertState::kResolved);
  EXPECT_EQ(resolved->note, "phoned");
  EXPECT_EQ(AlertChangeFromJson({{"state", "done"}}).status().message(),
            "field 'state' must be one of new, seen, resolved");
  EXPECT_EQ(AlertChangeFromJson(json::object()).status().message(),
            "field 'state' must be one of new, seen, resolved");
  EXPECT_EQ(AlertChangeFromJson({{"state", "resolved"}}).status().message(),
            "field 'note' is required to resolve an alert: say what was done");
  EXPECT_EQ(
      AlertChangeFromJson({{"state", "seen"}, {"note", std::string(2001, 'a')}}).status().message(),
      "field 'note' is too long");
}

TEST(ServiceJsonTest, PreferencesAreUpToFourTimesAndAnOffset) {
  auto p = PreferencesFromJson({{"reminder_times", json::array({"19:00", "07:30"})},
                                {"utc_offset_minutes", -300},
                                {"email_reminders", true}});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->reminder_times, (std::vector<std::string>{"19:00", "07:30"}));
  EXPECT_EQ(p->utc_offset_minutes, -300);
  EXPECT_TRUE(p->email_reminders);
  EXPECT_FALSE(p->email_summary);
  const char* times = "Up to 4 reminder times, each like 08:30.";
  EXPECT_EQ(PreferencesFromJson({{"reminder_times", {"1", "2", "3", "4", "5"}}}).status().message(),
            times);
  EXPECT_EQ(PreferencesFromJson({{"reminder_times", {"25:00"}}}).status().message(), times);
  EXPECT_EQ(PreferencesFromJson({{"reminder_times", "07:00"}}).status().message(), times);
  EXPECT_FALSE(PreferencesFromJson({{"utc_offset_minutes", 15 * 60}}).ok());
}

TEST(ServiceJsonTest, TheClinicListAndASupportersPatientsAsJson) {
  PatientRow row;
  row.summary.patient_id = "p1";
  row.summary.display_name = "Maria";
  row.summary.attention = 30;
  row.summary.reasons = R"(["worse"])";
  row.summary.last_pain = 4;
  row.urgent = true;
  row.unread = 2;
  const json list = PatientListJson({7, 50, {row}, std::nullopt}, "");
  EXPECT_EQ(list["total"], 7);
  EXPECT_EQ(list["limit"], 50);
  EXPECT_TRUE(list["next_cursor"].is_null());
  EXPECT_FALSE(list.contains("offset"));
  EXPECT_EQ(PatientListJson({7, 50, {row}, std::nullopt}, "abc")["next_cursor"], "abc");
  ASSERT_EQ(list["patients"].size(), 1u);
  const json& p = list["patients"][0];
  EXPECT_EQ(p["id"], "p1");
  EXPECT_EQ(p["name"], "Maria");
  EXPECT_EQ(p["urgent"], true);
  EXPECT_EQ(p["reasons"], (json{"worse"}));
  EXPECT_TRUE(p["unanswered_since"].is_null());
  EXPECT_EQ(p["unread"], 2);
  row.summary.reasons = "not json";
  EXPECT_EQ(PatientListJson({1, 50, {row}, std::nullopt}, "")["patients"][0]["reasons"],
            json::array());

  const json supported =
      SupportedJson({{"p1", "Maria", Scopes{Scope::kAdherence, Scope::kMessages}}});
  EXPECT_EQ(supported, (json{{"patients",
                              {{{"id", "p1"},
                                {"display_name", "Maria"},
                                {"scopes", json::array({"adherence", "messages"})}}}}}));
}

// The typed answers, written byte for byte as the routes have always
// answered them (nlohmann writes an object's keys in order).
TEST(ServiceJsonTest, TheProgrammesSmallAnswersAsJson) {
  EXPECT_EQ(RecordAddedJson({"r1"}).dump(), R"({"id":"r1"})");
  EXPECT_EQ(QuestionnaireScoredJson(
                {"r2", "odi", 24.0, "moderate", "Some limits", {{"q1", 3}, {"q2", 1.5}}})
                .dump(),
            R"({"answers":{"q1":3,"q2":1.5},"band":"moderate","id":"r2",)"
            R"("interpretation":"Some limits","questionnaire":"odi","score":24.0})");
  PlanChanged changed{PlanStatus::kActive,
                      {{"bridge", "progress", "two easy sessions", "progression.up", "rules"}},
                      {}};
  const std::string decision =
      R"({"decision":"progress","reason":"two easy sessions","rule":"progression.up",)"
      R"("source":"rules","subject":"bridge"})";
  EXPECT_EQ(CheckInAnswerJson(changed).dump(),
            R"({"decisions":[)" + decision + R"(],"status":"active"})");
  EXPECT_EQ(AdjustmentAnswerJson(changed).dump(), R"({"decisions":[)" + decision + "]}");
  EXPECT_EQ(
      CheckInAnswerJson(PlanChanged{PlanStatus::kNoPlan, {}, {}}).dump(),
      std::string(R"({"decisions":[],"status":")") + PlanStatusName(PlanStatus::kNoPlan) + R"("})");
  changed.messages = {"Well done: one step up.", "Keep walking."};
  EXPECT_EQ(SessionLoggedJson(changed).dump(),
            R"({"decisions":[)" + decision +
                R"(],"messages":["Well done: one step up.","Keep walking."],"status":"active"})");
}

TEST(ServiceJsonTest, AnImportOfStepsAsJson) {
  ActivityImported imported{
      "csv",        12,           10,          7, 3, 2, {{4, "not a date"}, {9, "too many steps"}},
      "2026-11-01", "2026-11-10", std::nullopt};
  EXPECT_EQ(ActivityImportedJson(imported).dump(),
            R"({"days":10,"first_day":"2026-11-01","format":"csv","last_day":"2026-11-10",)"
            R"("problems":[{"line":4,"message":"not a date"},{"line":9,"message":"too many )"
            R"(steps"}],"rows":12,"skipped":2,"step_goal":null,"stored":7,"unchanged":3})");
  StepGoal goal;
  goal.daily_steps = 5500;
  goal.baseline = 5000;
  goal.days_counted = 7;
  goal.set_on = Date::FromCivil(2026, 11, 10);
  goal.reason = {"steps", "set", "a tenth above the usual", "step_goal.rise", "rules"};
  imported.step_goal = goal;
  EXPECT_EQ(ActivityImportedJson(imported)["step_goal"], StepGoalToJson(goal));
  EXPECT_EQ(ActivityImportedJson(imported)["step_goal"]["daily_steps"], 5500);
}

TEST(ServiceJsonTest, AClearanceAsJson) {
  Cleared yes{
      true, "clinician", {{"plan", "resume", "cleared", "clearing.resume", "rules"}}, "", nullptr};
  EXPECT_EQ(ClearedJson(yes).dump(),
            R"({"cleared":true,"decisions":[{"decision":"resume","reason":"cleared",)"
            R"("rule":"clearing.resume","source":"rules","subject":"plan"}],"how":"clinician"})");
  EXPECT_EQ(ClearedJson(Cleared{true, "self_report", {}, "", nullptr}).dump(),
            R"({"cleared":true,"decisions":[],"how":"self_report"})");
  const json advice = {{"headline", "See a doctor"}, {"programme", ""}, {"flags", json::array()}};
  EXPECT_EQ(ClearedJson(Cleared{false, "", {}, "not_yet", advice}).dump(),
            R"({"advice":{"flags":[],"headline":"See a doctor","programme":""},)"
            R"("cleared":false,"seen":"not_yet"})");
}

TEST(ServiceJsonTest, TheCareTeamsAnswersAsJson) {
  const Scopes shared{Scope::kAdherence, Scope::kMessages, Scope::kProgress};
  EXPECT_EQ(SupporterInvitationJson({"p1-abc", 1796029200, shared}).dump(),
            R"({"code":"p1-abc","expires_at":1796029200,)"
            R"("scopes":["adherence","messages","progress"]})");
  EXPECT_EQ(JoinedJson({"p1", "Maria", shared}).dump(),
            R"({"patient":{"display_name":"Maria","id":"p1"},)"
            R"("scopes":["adherence","messages","progress"]})");
  EXPECT_EQ(MemberScopesJson({"u2", Scopes{Scope::kAdherence}}).dump(),
            R"({"id":"u2","scopes":["adherence"]})");
}

TEST(ServiceJsonTest, AnAlertsNewStateAsJson) {
  EXPECT_EQ(AlertStateSetJson({"a1", AlertState::kResolved, "phoned her"}).dump(),
            R"({"id":"a1","note":"phoned her","state":"resolved"})");
  EXPECT_EQ(AlertStateSetJson({"a2", AlertState::kSeen, ""}).dump(),
            R"({"id":"a2","note":"","state":"seen"})");
}

TEST(ServiceJsonTest, PreferencesAndTheCalendarPathAsJson) {
  Preferences p;
  p.reminder_times = {"07:30", "19:00"};
  p.utc_offset_minutes = -300;
  p.email_summary = true;
  p.since = kToday;
  EXPECT_EQ(PreferencesJson(p).dump(),
            R"({"email_reminders":false,"email_summary":true,"reminder_times":["07:30","19:00"],)"
            R"("since":"2026-11-23","utc_offset_minutes":-300})");
  // What is written reads back as it was (but `since`, the day it arrives).
  auto back = PreferencesFromJson(PreferencesJson(p));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->reminder_times, p.reminder_times);
  EXPECT_EQ(back->utc_offset_minutes, -300);
  EXPECT_TRUE(back->email_summary);
  EXPECT_EQ(CalendarLinkJson({"/api/v1/calendar/p1/abc.ics"}).dump(),
            R"({"path":"/api/v1/calendar/p1/abc.ics"})");
}

}  // namespace
}  // namespace backcoach
