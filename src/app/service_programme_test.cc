// The programme, called directly with typed inputs: an intake, a session,
// the next morning's check-in, pain, a questionnaire, a clinician's note
// and the clinic's list, and clearing when nothing stands.
#include "app/service_programme.h"

#include <gtest/gtest.h>

#include <thread>

#include "api/api_test_fixture.h"
#include "app/audit.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "testing/plan_fixtures.h"

namespace backcoach {
namespace {

class ProgrammeServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    MakeUser("maria", Role::kPatient, clinic_, &maria_);
    MakeUser("lee", Role::kClinician, clinic_, &lee_);
  }

  Service& service() { return api_->service(); }

  void Intake() {
    auto answer =
        service().SubmitIntake(maria_, IntakeInput{PlanRequestToJson(testing::MariaRequest()), ""});
    ASSERT_TRUE(answer.ok()) << answer.status().message();
  }

  std::vector<Record> RecordsOf(RecordKind kind) {
    auto records = store_->ListRecords(maria_.id, kind, 100);
    EXPECT_TRUE(records.ok());
    return records.ok() ? *records : std::vector<Record>{};
  }

  std::string clinic_;
  User maria_, lee_;
};

TEST_F(ProgrammeServiceTest, AnIntakeMakesThePlanAndKeepsTheAnswersWithTheirScreen) {
  Intake();
  auto plan = service().Plan(maria_.id);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_GT(plan->version, 0);
  auto intakes = RecordsOf(RecordKind::kIntake);
  ASSERT_EQ(intakes.size(), 1u);
  const json payload = json::parse(intakes[0].payload);
  EXPECT_TRUE(payload.contains("request"));
  EXPECT_TRUE(payload.contains("screen"));
}

TEST_F(ProgrammeServiceTest, AnIntakeWithoutAStartDateStartsToday) {
  json answers = PlanRequestToJson(testing::MariaRequest());
  answers.erase("start_date");
  clock_.Set(kStart + 3 * 86400);
  ASSERT_TRUE(service().SubmitIntake(maria_, IntakeInput{answers, ""}).ok());
  const json payload = json::parse(RecordsOf(RecordKind::kIntake).at(0).payload);
  EXPECT_EQ(payload["request"]["start_date"], "2026-11-26");
}

TEST_F(ProgrammeServiceTest, ASessionAndItsCheckInMoveThePlanOn) {
  Intake();
  auto today = service().Today(maria_.id, Date::FromCivil(2026, 11, 23));
  ASSERT_TRUE(today.ok()) << today.status().message();
  const json card = json::parse(**today);
  json exercises = json::array();
  for (const auto& e : card["exercises"])
    exercises.push_back({{"id", e["id"]}, {"pain_during", 2}});
  auto log = SessionLogFromJson(
      {{"date", "2026-11-23"}, {"exercises", exercises}, {"pain_after", 2}, {"effort", 5}});
  ASSERT_TRUE(log.ok()) << log.status().message();
  auto logged = service().LogSession(maria_, *log);
  ASSERT_TRUE(logged.ok()) << logged.status().message();
  ASSERT_EQ(RecordsOf(RecordKind::kSessionLog).size(), 1u);
  {
    // The answer is the plan as saved: its status and words, and the
    // decisions the session's record keeps.
    const json state = json::parse(service().Plan(maria_.id)->state);
    EXPECT_EQ(PlanStatusName(logged->status), state["status"]);
    EXPECT_EQ(json(logged->messages), state["messages"]);
    const json record = json::parse(RecordsOf(RecordKind::kSessionLog)[0].payload);
    ASSERT_EQ(record["decisions"].size(), logged->decisions.size());
    for (std::size_t i = 0; i < logged->decisions.size(); ++i) {
      EXPECT_EQ(ReasonToJson(logged->decisions[i]), record["decisions"][i]) << i;
    }
  }

  auto checked = service().CheckIn(maria_, CheckInInput{Date::FromCivil(2026, 11, 23), 1});
  ASSERT_TRUE(checked.ok()) << checked.status().message();
  auto checkins = RecordsOf(RecordKind::kCheckin);
  ASSERT_EQ(checkins.size(), 1u);
  EXPECT_EQ(checkins[0].date, "2026-11-23");
  const json kept = json::parse(checkins[0].payload);
  EXPECT_EQ(kept["pain_next_morning"], 1);
  // The answer is the plan as saved: its status, and the decisions the
  // record keeps, one for one.
  auto plan = service().Plan(maria_.id);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(PlanStatusName(checked->status), json::parse(plan->state)["status"]);
  ASSERT_EQ(kept["decisions"].size(), checked->decisions.size());
  for (std::size_t i = 0; i < checked->decisions.size(); ++i) {
    EXPECT_EQ(ReasonToJson(checked->decisions[i]), kept["decisions"][i]) << i;
  }
  // A day without a session cannot be checked in.
  auto no_session = service().CheckIn(maria_, CheckInInput{Date::FromCivil(2026, 11, 24), 1});
  EXPECT_FALSE(no_session.ok());
  EXPECT_EQ(RecordsOf(RecordKind::kCheckin).size(), 1u);
}

TEST_F(ProgrammeServiceTest, ACheckInBeforeAnyPlanIsAConflict) {
  auto checked = service().CheckIn(maria_, CheckInInput{Date::FromCivil(2026, 11, 23), 1});
  EXPECT_EQ(checked.status().code(), StatusCode::kConflict);
  EXPECT_EQ(checked.status().message(), "there is no plan yet: complete the intake first");
}

// The server offers a write's audit entry (ChangeAudit); the plan change
// takes it into its own commit when it is about the same patient.
TEST_F(ProgrammeServiceTest, ALoggedSessionStoresTheOfferedAuditEntryWithTheChange) {
  Intake();
  auto log = SessionLogFromJson(
      {{"date", "2026-11-23"}, {"exercises", json::array()}, {"pain_after", 2}, {"effort", 5}});
  ASSERT_TRUE(log.ok()) << log.status().message();
  const auto audited = store_->ListAudit(0, 1000)->size();
  AuditEntry other;
  other.action = "POST /api/v1/patients/" + lee_.id + "/sessions";
  other.patient_id = lee_.id;
  other.outcome = "ok";
  {
    ChangeAudit offer(other);  // about someone else: not taken
    ASSERT_TRUE(service().LogSession(maria_, *log).ok());
    EXPECT_FALSE(offer.stored());
    EXPECT_EQ(ChangeAudit::Pending(), &offer);
  }
  EXPECT_EQ(store_->ListAudit(0, 1000)->size(), audited);
  EXPECT_EQ(ChangeAudit::Pending(), nullptr);
  AuditEntry mine;
  mine.at = kStart;
  mine.actor_id = maria_.id;
  mine.action = "POST /api/v1/patients/" + maria_.id + "/sessions";
  mine.patient_id = maria_.id;
  mine.outcome = "ok";
  {
    ChangeAudit offer(mine);
    ASSERT_TRUE(service().LogSession(maria_, *log).ok());
    EXPECT_TRUE(offer.stored());
    EXPECT_EQ(ChangeAudit::Pending(), nullptr) << "a stored entry is offered no more";
  }
  auto entries = store_->ListAudit(0, 1000);
  ASSERT_EQ(entries->size(), audited + 1);
  EXPECT_EQ(entries->back().action, mine.action);
  EXPECT_EQ(entries->back().actor_id, maria_.id);
  EXPECT_EQ(RecordsOf(RecordKind::kSessionLog).size(), 2u);
}

TEST(ChangeAuditTest, AnOfferIsThisThreadsAndAnInnerOneHidesTheOuterUntilItEnds) {
  EXPECT_EQ(ChangeAudit::Pending(), nullptr);
  AuditEntry a;
  a.action = "outer";
  ChangeAudit outer(a);
  EXPECT_EQ(ChangeAudit::Pending(), &outer);
  ChangeAudit* seen_elsewhere = &outer;
  std::thread([&] { seen_elsewhere = ChangeAudit::Pending(); }).join();
  EXPECT_EQ(seen_elsewhere, nullptr);
  {
    a.action = "inner";
    ChangeAudit inner(a);
    EXPECT_EQ(ChangeAudit::Pending()->entry().action, "inner");
    inner.MarkStored();
    EXPECT_EQ(ChangeAudit::Pending(), nullptr);
  }
  EXPECT_EQ(ChangeAudit::Pending(), &outer);
}

TEST_F(ProgrammeServiceTest, PainIsKeptWithItsDayAndNote) {
  auto added = service().AddPain(maria_, PainInput{Date::FromCivil(2026, 11, 20), 4, "stairs"});
  ASSERT_TRUE(added.ok()) << added.status().message();
  auto pain = RecordsOf(RecordKind::kPain);
  ASSERT_EQ(pain.size(), 1u);
  EXPECT_EQ(pain[0].id, added->id);
  EXPECT_FALSE(added->id.empty());
  EXPECT_EQ(pain[0].date, "2026-11-20");
  EXPECT_EQ(json::parse(pain[0].payload), (json{{"pain", 4}, {"note", "stairs"}}));
}

TEST_F(ProgrammeServiceTest, AQuestionnaireMustExistAndHaveAnswers) {
  auto unknown = service().AddQuestionnaire(maria_, "nonesuch", QuestionnaireInput{});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "no such questionnaire");
  ASSERT_FALSE(service().content().questionnaires.empty());
  const std::string id = service().content().questionnaires.begin()->first;
  auto none = service().AddQuestionnaire(maria_, id, QuestionnaireInput{});
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(none.status().message(), "field 'answers' must be an object of item id to number");
  EXPECT_TRUE(RecordsOf(RecordKind::kQuestionnaire).empty());
}

TEST_F(ProgrammeServiceTest, AQuestionnaireIsScoredAndKeptAsAnswered) {
  const Questionnaire& peg = service().content().questionnaires.at("peg");
  std::map<std::string, double> answers;
  for (const auto& item : peg.items()) {
    const double value = item.options.empty() ? item.max : item.options.back().value;
    if (item.repeat == 1) {
      answers[item.id] = value;
    } else {
      for (int i = 1; i <= item.repeat; ++i) answers[item.id + "_" + std::to_string(i)] = value;
    }
  }
  auto scored = service().AddQuestionnaire(maria_, "peg", QuestionnaireInput{answers});
  ASSERT_TRUE(scored.ok()) << scored.status().message();
  EXPECT_EQ(scored->questionnaire, "peg");
  EXPECT_EQ(scored->answers, answers);
  auto expected = peg.ScoreAnswers(answers);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(scored->score, expected->total);
  EXPECT_EQ(scored->band, expected->band);
  EXPECT_EQ(scored->interpretation, expected->interpretation);
  auto kept = RecordsOf(RecordKind::kQuestionnaire);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].id, scored->id);
  const json payload = json::parse(kept[0].payload);
  EXPECT_EQ(payload["score"], scored->score);
  EXPECT_EQ(payload["band"], scored->band);
  EXPECT_EQ(payload["answers"], QuestionnaireAnswersJson(answers));
}

TEST_F(ProgrammeServiceTest, AClinicianNoteIsSignedWithTheirName) {
  auto added = service().AddNote(lee_, maria_.id, NoteInput{"Call about the new job"});
  ASSERT_TRUE(added.ok()) << added.status().message();
  auto notes = RecordsOf(RecordKind::kNote);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].id, added->id);
  EXPECT_EQ(notes[0].author_id, lee_.id);
  EXPECT_EQ(json::parse(notes[0].payload),
            (json{{"text", "Call about the new job"}, {"author", lee_.display_name}}));
}

TEST_F(ProgrammeServiceTest, TheClinicListIsTypedRowsOfTheClinicsPatients) {
  Intake();
  auto list = service().ListPatients(lee_, "", 50);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->total, 1);
  EXPECT_EQ(list->limit, 50);
  EXPECT_FALSE(list->next) << "the only page is the last";
  ASSERT_EQ(list->patients.size(), 1u);
  EXPECT_EQ(list->patients[0].summary.patient_id, maria_.id);
  EXPECT_EQ(list->patients[0].unread, 0);
  // After the only patient's key: nothing more, and still the same total.
  auto after = service().ListPatients(lee_, "", 50, PatientKeyOf(list->patients[0].summary));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->patients.empty());
  EXPECT_EQ(after->total, 1);
  EXPECT_EQ(service().ListPatients(lee_, "", 201).status().message(),
            "limit must be from 1 to 200");
  EXPECT_EQ(service().ListPatients(lee_, "", 0).status().message(), "limit must be from 1 to 200");
}

TEST_F(ProgrammeServiceTest, ClearingAsksThePatientWhetherTheyHaveBeenSeen) {
  Intake();
  auto self = service().ReachPatient(maria_, maria_.id, Access::kSelf);
  ASSERT_TRUE(self.ok());
  EXPECT_EQ(service().Clear(maria_, *self, ClearInput{"maybe", {}}).status().message(),
            "say whether you have been seen: seen_cleared, seen_not_cleared or not_yet");
  auto nothing = service().Clear(maria_, *self, ClearInput{"seen_cleared", {}});
  EXPECT_EQ(nothing.status().code(), StatusCode::kConflict);
  EXPECT_EQ(nothing.status().message(), "there is no finding to clear");
  EXPECT_TRUE(CheckSeenToClear("not_yet").ok());
  EXPECT_FALSE(CheckSeenToClear("").ok());
}

TEST_F(ProgrammeServiceTest, APersonWithoutAClinicIsGivenTheAdviceAgainUntilSeenAndCleared) {
  User grace;
  MakeUser("grace", Role::kPatient, "", &grace);  // no clinic: she clears by her own report
  ASSERT_TRUE(
      service().SubmitIntake(grace, IntakeInput{json::parse(testing::kSelfCareIntake), ""}).ok());
  auto log = SessionLogFromJson({{"date", "2026-11-23"},
                                 {"exercises", json::array()},
                                 {"pain_after", 3},
                                 {"effort", 3},
                                 {"constant_night_pain", true}});
  ASSERT_TRUE(log.ok()) << log.status().message();
  ASSERT_TRUE(service().LogSession(grace, *log).ok());
  auto self = service().ReachPatient(grace, grace.id, Access::kClearer);
  ASSERT_TRUE(self.ok()) << self.status().message();

  auto not_yet = service().Clear(grace, *self, ClearInput{"not_yet", {}});
  ASSERT_TRUE(not_yet.ok()) << not_yet.status().message();
  EXPECT_FALSE(not_yet->cleared);
  EXPECT_EQ(not_yet->seen, "not_yet");
  EXPECT_EQ(not_yet->advice["flags"][0]["id"], "R4") << not_yet->advice.dump();
  EXPECT_TRUE(not_yet->decisions.empty());

  auto cleared = service().Clear(grace, *self, ClearInput{"seen_cleared", {}});
  ASSERT_TRUE(cleared.ok()) << cleared.status().message();
  EXPECT_TRUE(cleared->cleared);
  EXPECT_EQ(cleared->how, "self_report");
  EXPECT_TRUE(cleared->advice.is_null());
  // The decisions answered are those the clearance keeps.
  auto kept = store_->ListRecords(grace.id, RecordKind::kClearance, 10);
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1u);
  const json decisions = json::parse(kept->at(0).payload)["decisions"];
  ASSERT_FALSE(cleared->decisions.empty());
  ASSERT_EQ(decisions.size(), cleared->decisions.size());
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    EXPECT_EQ(ReasonToJson(cleared->decisions[i]), decisions[i]) << i;
  }
  auto again = service().Clear(grace, *self, ClearInput{"seen_cleared", {}});
  EXPECT_EQ(again.status().message(), "there is no finding to clear");
}

}  // namespace
}  // namespace backcoach
