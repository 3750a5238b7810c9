// The scheduler on a controlled clock, with a local SMTP sink: reminders at
// the chosen local time, once; kind nudges; weekly summaries cut to each
// supporter's scope; daily alerts; and two servers on one database sending
// each reminder once.
#include "app/scheduler.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "api/api_test_fixture.h"
#include "storage/memory_store.h"
#include "storage/store_test_util.h"
#include "testing/smtp_sink.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

constexpr Timestamp kMidnight = 1795392000;  // 2026-11-23 00:00 UTC, a Monday

class SchedulerTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("A");
    maria_token_ = MakeUser("maria", Role::kPatient, clinic_, &maria_);
    ASSERT_EQ(As(maria_token_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
    mailer_ = std::make_unique<SmtpMailer>(SmtpAddress{"127.0.0.1", sink_.port()},
                                           "noreply@backcoach.example");
    scheduler_ = std::make_unique<Scheduler>(api_->service(), mailer_.get());
  }

  std::string Path(const std::string& rest) const { return "/api/v1/patients/" + maria_.id + rest; }

  void Prefer(const json& prefs) {
    auto r = As(maria_token_, "PUT", Path("/preferences"), prefs.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // Runs the scheduler as the server would at `at` (its clock reads `at`).
  SchedulerReport Run(Timestamp at) {
    clock_.Set(at);
    auto report = scheduler_->RunDue(at);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : SchedulerReport{};
  }

  json Notices() {
    maria_token_ = api_->auth().StartSession(maria_).value().token;
    return Body(As(maria_token_, "GET", Path("/notices")))["notices"];
  }

  std::string clinic_, maria_token_;
  User maria_;
  testing::SmtpSink sink_;
  std::unique_ptr<SmtpMailer> mailer_;
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(SchedulerTest, ReminderComesAtTheChosenLocalTimeOnce) {
  // 07:30 in UTC+1 is 06:30 UTC.
  Prefer({{"reminder_times", {"07:30"}}, {"utc_offset_minutes", 60}, {"email_reminders", true}});
  EXPECT_EQ(Run(kMidnight + 6 * 3600 + 29 * 60).reminders, 0);
  EXPECT_EQ(Run(kMidnight + 6 * 3600 + 30 * 60).reminders, 1);
  EXPECT_EQ(Run(kMidnight + 6 * 3600 + 31 * 60).reminders, 0);
  const json notices = Notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["type"], "reminder");
  EXPECT_EQ(notices[0]["for"], "2026-11-23T07:30");
  const auto mail = sink_.messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, "maria@example.test");
  EXPECT_NE(mail[0].data.find("Subject: Time for your back exercises"), std::string::npos);
  // The next day brings the next one.
  EXPECT_EQ(Run(kMidnight + 86400 + 6 * 3600 + 45 * 60).reminders, 1);
}

TEST_F(SchedulerTest, ReminderFarTooLateIsDropped) {
  Prefer({{"reminder_times", {"07:30"}}});
  EXPECT_EQ(Run(kMidnight + 10 * 3600).reminders, 0);
  for (const auto& n : Notices()) EXPECT_NE(n["type"], "reminder");
}

TEST_F(SchedulerTest, NoMailUnlessAsked) {
  Prefer({{"reminder_times", {"07:30"}}});
  EXPECT_EQ(Run(kMidnight + 7 * 3600 + 30 * 60).reminders, 1);
  EXPECT_TRUE(sink_.messages().empty());
}

TEST_F(SchedulerTest, MissedDayGetsAKindNudgeAndNeverSymptoms) {
  LogDay(maria_token_, maria_.id, "2026-11-23", 6, {{"pain_after", 7}});
  Prefer({{"reminder_times", {"18:00"}}, {"email_reminders", true}});
  Run(kMidnight + 86400 + 18 * 3600);      // Tuesday: yesterday had a session
  Run(kMidnight + 2 * 86400 + 18 * 3600);  // Wednesday: yesterday had none
  const json notices = Notices();
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1]["text"],
            "Time for today's exercises. Go at your own pace; on a bad day the short session "
            "is enough.");
  EXPECT_EQ(notices[0]["text"],
            "Yesterday went by without a session, and that is fine. A few easy minutes today "
            "keep your week going.");
  for (const auto& m : sink_.messages()) {
    EXPECT_EQ(m.data.find("pain"), std::string::npos) << m.data;
    EXPECT_EQ(m.data.find("flag"), std::string::npos) << m.data;
  }
}

TEST_F(SchedulerTest, WeeklySummaryGoesToThePersonAndToSupportersWithinTheirScope) {
  for (int day : {0, 2, 4}) {
    clock_.Set(kMidnight + day * 86400 + 9 * 3600);
    maria_token_ = api_->auth().StartSession(maria_).value().token;
    LogDay(maria_token_, maria_.id, Date::FromDays(kMidnight / 86400 + day).ToString(), 3);
  }
  Prefer({{"email_summary", true}});
  User sis, coach;
  MakeUser("sis", Role::kSupporter, "", &sis);
  MakeUser("coach", Role::kSupporter, "", &coach);
  ASSERT_TRUE(store_->AddCareMember({maria_.id, sis.id, "", 0}).ok());
  ASSERT_TRUE(store_->AddCareMember({maria_.id, coach.id, "progress,symptoms", 0}).ok());
  const Timestamp next_monday = kMidnight + 7 * 86400;
  EXPECT_EQ(Run(next_monday + 7 * 3600).summaries, 0);  // before 08:00
  EXPECT_EQ(Run(next_monday + 8 * 3600).summaries, 1);
  EXPECT_EQ(Run(next_monday + 9 * 3600).summaries, 0);

  const json notices = Notices();
  ASSERT_FALSE(notices.empty());
  const json& summary = notices[0];
  EXPECT_EQ(summary["type"], "weekly_summary");
  EXPECT_EQ(summary["week_of"], "2026-11-23");
  EXPECT_EQ(summary["sessions"], 3);
  EXPECT_TRUE(summary.contains("active_minutes"));
  EXPECT_EQ(summary["streak_weeks"], 1);
  EXPECT_FALSE(summary["next_focus"].empty());

  std::map<std::string, std::string> mail;
  for (const auto& m : sink_.messages()) mail[m.to] = m.data;
  ASSERT_EQ(mail.size(), 3u);
  EXPECT_NE(mail["maria@example.test"].find("- 3 sessions done"), std::string::npos);
  EXPECT_NE(mail["sis@example.test"].find("- 3 sessions done\n"), std::string::npos)
      << mail["sis@example.test"];
  EXPECT_EQ(mail["sis@example.test"].find("pain"), std::string::npos);
  EXPECT_EQ(mail["sis@example.test"].find("minutes"), std::string::npos);
  EXPECT_NE(mail["coach@example.test"].find("active minutes"), std::string::npos);

  // In the app, a supporter reads the same cut.
  const std::string sis_token = api_->auth().StartSession(sis).value().token;
  const json seen = Body(As(sis_token, "GET", Path("/summaries")))["summaries"];
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["sessions"], 3);
  EXPECT_FALSE(seen[0].contains("pain_trend"));
  EXPECT_FALSE(seen[0].contains("active_minutes"));
}

// A supporter's e-mail and the summary name a changed exercise as people
// know it, never by the engine's id for it.
TEST_F(SchedulerTest, WeeklySummaryNamesAChangedExerciseByItsName) {
  const Exercise& stepped = api_->service().content().catalogue.exercises().front();
  ASSERT_NE(stepped.name, stepped.id);
  Record log;
  log.patient_id = maria_.id;
  log.kind = RecordKind::kSessionLog;
  log.date = "2026-11-24";
  log.author_id = maria_.id;
  log.payload = json{{"log", json::object()},
                     {"active_minutes", 20},
                     {"decisions",
                      {{{"subject", stepped.id},
                        {"decision", "progress"},
                        {"reason", "two easy sessions in a row"},
                        {"rule", "progression.step_up"},
                        {"source", "JOSPT 2021"}}}}}
                    .dump();
  ASSERT_TRUE(store_->AddRecord(log).ok());
  Prefer({{"email_summary", true}});
  User sis;
  MakeUser("sis", Role::kSupporter, "", &sis);
  ASSERT_TRUE(store_->AddCareMember({maria_.id, sis.id, "progress", 0}).ok());
  EXPECT_EQ(Run(kMidnight + 7 * 86400 + 8 * 3600).summaries, 1);

  const json notices = Notices();
  ASSERT_FALSE(notices.empty());
  ASSERT_EQ(notices[0]["level_changes"].size(), 1u);
  EXPECT_EQ(notices[0]["level_changes"][0]["exercise"], stepped.name);
  std::map<std::string, std::string> mail;
  for (const auto& m : sink_.messages()) mail[m.to] = m.data;
  const std::string& to_sis = mail["sis@example.test"];
  EXPECT_NE(to_sis.find("- 2026-11-24: " + stepped.name + " stepped up."), std::string::npos)
      << to_sis;
  EXPECT_EQ(to_sis.find(stepped.id), std::string::npos) << to_sis;
}

TEST_F(SchedulerTest, DailyRunRaisesTheInactivityAlert) {
  EXPECT_EQ(Run(kMidnight + 3 * 86400).alerts, 0);
  EXPECT_EQ(Run(kMidnight + 7 * 86400 + 60).alerts, 1);
  auto alerts = store_->ListAlerts({maria_.id, "", false, 10});
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().rule, "inactive");
  EXPECT_EQ(Run(kMidnight + 8 * 86400).alerts, 0);  // the same quiet spell
}

TEST_F(SchedulerTest, DailyRunLetsAPainfulSessionLapseOnTheClinicList) {
  clock_.Set(kMidnight + 9 * 3600);
  maria_token_ = api_->auth().StartSession(maria_).value().token;
  LogDay(maria_token_, maria_.id, "2026-11-23", 7);  // above 5: a painful (red) session
  const ListWeight& painful = api_->service().content().alerts.list().painful_session;
  auto row = store_->GetSummary(maria_.id);
  ASSERT_TRUE(row.ok());
  const int with_it = row->attention;
  EXPECT_GE(with_it, painful.attention);
  EXPECT_NE(row->reasons.find("a painful session on 2026-11-23"), std::string::npos)
      << row->reasons;
  // The day after the window, with nothing new logged, the daily run takes it off.
  Run(kMidnight + painful.days * 86400 + 60);
  row = store_->GetSummary(maria_.id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->attention, with_it - painful.attention);
  EXPECT_EQ(row->reasons.find("a painful session"), std::string::npos) << row->reasons;
}

// Quiet for a week: the daily run raises her on the clinic's list above a
// patient doing fine, by the list's own weight, not only by the alert (which
// a clinician may have resolved while she stays quiet).
TEST_F(SchedulerTest, DailyRunRaisesAQuietPatientAboveOnesDoingFine) {
  User ben;
  std::string ben_token = MakeUser("aaron", Role::kPatient, clinic_, &ben);  // first by name
  User lee_user;
  MakeUser("lee", Role::kClinician, clinic_, &lee_user);
  ASSERT_EQ(
      As(ben_token, "POST", "/api/v1/patients/" + ben.id + "/intake", testing::kSelfCareIntake)
          .status,
      201);
  clock_.Set(kMidnight + 9 * 3600);
  maria_token_ = api_->auth().StartSession(maria_).value().token;
  LogDay(maria_token_, maria_.id, "2026-11-23", 2);
  for (int d = 0; d <= 8; ++d) {
    Run(kMidnight + d * 86400 + 9 * 3600);
    ben_token = api_->auth().StartSession(ben).value().token;
    LogDay(ben_token, ben.id, Date::FromCivil(2026, 11, 23).Plus(d).ToString(), 2);
  }
  const std::string lee = api_->auth().StartSession(lee_user).value().token;
  auto open = store_->ListAlerts({maria_.id, "", true, 10});
  ASSERT_TRUE(open.ok());
  for (const auto& a : *open) {
    ASSERT_EQ(As(lee, "POST", "/api/v1/patients/" + maria_.id + "/alerts/" + a.id,
                 R"({"state": "resolved", "note": "phoned her"})")
                  .status,
              200);
  }
  Run(kMidnight + 9 * 86400 + 60);
  ASSERT_TRUE(store_->ListAlerts({maria_.id, "", true, 10})->empty());
  const json list = Body(As(api_->auth().StartSession(lee_user).value().token, "GET",
                            "/api/v1/clinic/patients"))["patients"];
  ASSERT_EQ(list.size(), 2u) << list.dump();
  EXPECT_EQ(list[0]["id"], maria_.id) << list.dump();
  EXPECT_EQ(list[0]["attention"], api_->service().content().alerts.list().inactive.attention);
  EXPECT_EQ(list[0]["reasons"], json::array({"no session logged since 2026-11-23"}));
  EXPECT_EQ(list[1]["attention"], 0) << list.dump();
}

TEST_F(SchedulerTest, RelayDownStillKeepsTheInAppReminder) {
  Prefer({{"reminder_times", {"07:30"}}, {"email_reminders", true}});
  int closed_port = 0;
  {
    testing::SmtpSink gone;
    closed_port = gone.port();
  }
  SmtpMailer down({"127.0.0.1", closed_port}, "noreply@backcoach.example", 1);
  Scheduler scheduler(api_->service(), &down);
  auto report = scheduler.RunDue(kMidnight + 7 * 3600 + 30 * 60);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->reminders, 1);
  EXPECT_EQ(report->mail_failures, 1);
  EXPECT_EQ(Notices().size(), 1u);
}

// Two servers on one database (SQLite, and PostgreSQL when the tests have
// one), running at the same moment: each reminder and summary is sent once.
class SchedulerSharedStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchedulerSharedStoreTest, TwoServersSendEachReminderOnce) {
  if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
    GTEST_SKIP() << testing::kPostgresSkipMessage;
  }
  testing::ScratchDir dir;
  std::unique_ptr<testing::ScratchSchema> schema;
  std::string path = dir.File("shared.db");
  if (GetParam() == "postgres") {
    schema = std::make_unique<testing::ScratchSchema>(testing::PostgresTestUrl());
    path = schema->url();
  }
  FakeClock clock(kMidnight);
  auto first = OpenStore(path);
  auto second = OpenStore(path);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->Migrate().ok());
  ASSERT_TRUE((*second)->Migrate().ok());
  Service a(**first, testing::ShippedContent(), clock);
  Service b(**second, testing::ShippedContent(), clock);
  std::vector<User> patients;
  for (int i = 0; i < 6; ++i) {
    User u;
    u.email = "p" + std::to_string(i) + "@example.test";
    u.display_name = "p" + std::to_string(i);
    u.password_hash = "x";
    u.created_at = kMidnight;
    ASSERT_TRUE((*first)->CreateUser(u).ok());
    Preferences p;
    p.reminder_times = {"07:00", "19:00"};
    p.email_reminders = p.email_summary = true;
    ASSERT_TRUE(a.SetPreferences(u, p).ok());
    patients.push_back(u);
  }
  testing::SmtpSink sink;
  SmtpMailer mailer({"127.0.0.1", sink.port()}, "noreply@backcoach.example");
  Scheduler one(a, &mailer), two(b, &mailer);
  int reminders = 0, summaries = 0;
  for (Timestamp at : {kMidnight + 7 * 3600, kMidnight + 8 * 3600 + 60, kMidnight + 19 * 3600}) {
    clock.Set(at);
    std::optional<Result<SchedulerReport>> ra, rb;
    std::thread ta([&] { ra.emplace(one.RunDue(at)); });
    std::thread tb([&] { rb.emplace(two.RunDue(at)); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra->ok()) << ra->status().message();
    ASSERT_TRUE(rb->ok()) << rb->status().message();
    reminders += (*ra)->reminders + (*rb)->reminders;
    summaries += (*ra)->summaries + (*rb)->summaries;
  }
  EXPECT_EQ(reminders, 12);  // 6 people, 2 times each
  EXPECT_EQ(summaries, 6);   // Monday 08:00: last week's, once each
  EXPECT_EQ(sink.messages().size(), 18u);
  for (const auto& p : patients) {
    EXPECT_EQ((*first)->ListRecords(p.id, RecordKind::kNotice, 100)->size(), 3u) << p.email;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulerSharedStoreTest,
                         ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// Counts the claims asked of the store, by kind.
class ClaimCountingStore : public MemoryStore {
 public:
  Status Claim(const std::string& kind, const std::string& user_id, const std::string& period,
               Timestamp at) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      ++asked[kind];
    }
    return MemoryStore::Claim(kind, user_id, period, at);
  }
  int Asked(const std::string& kind) {
    std::lock_guard<std::mutex> lock(mu);
    return asked[kind];
  }
  std::mutex mu;
  std::map<std::string, int> asked;
};

// A pass every minute over every patient asks the store only for work not
// yet known claimed: each server asks once a day for each claim, whoever
// took it, and again the next day.
TEST(SchedulerClaimsTest, AClaimKnownTakenIsNotAskedForAgainThatDay) {
  ClaimCountingStore store;
  ASSERT_TRUE(store.Migrate().ok());
  FakeClock clock(kMidnight);
  Service service(store, testing::ShippedContent(), clock);
  Clinic clinic{"", "A", clock.Now()};
  ASSERT_TRUE(store.CreateClinic(clinic).ok());
  ASSERT_TRUE(testing::CreateAccount(store, clock, "maria", Role::kPatient, clinic.id).ok());
  ASSERT_TRUE(testing::CreateAccount(store, clock, "tom", Role::kPatient, clinic.id).ok());
  Scheduler first(service, nullptr), second(service, nullptr);
  auto run = [&](Scheduler& s, Timestamp at) {
    clock.Set(at);
    ASSERT_TRUE(s.RunDue(at).ok());
  };
  // Monday 09:00 UTC: the day's alerts and last week's summaries, for two.
  const Timestamp monday = kMidnight + 9 * 3600;
  run(first, monday);
  EXPECT_EQ(store.Asked("alerts"), 2);
  EXPECT_EQ(store.Asked("summary"), 2);
  for (int minute = 1; minute <= 3; ++minute) run(first, monday + 60 * minute);
  EXPECT_EQ(store.Asked("alerts"), 2) << "taken by this server";
  EXPECT_EQ(store.Asked("summary"), 2);
  run(second, monday + 240);
  EXPECT_EQ(store.Asked("alerts"), 4) << "the other server learns they are taken";
  run(second, monday + 300);
  EXPECT_EQ(store.Asked("alerts"), 4) << "taken by the first server";
  EXPECT_EQ(store.Asked("summary"), 4);
  run(first, monday + 86400);
  EXPECT_EQ(store.Asked("alerts"), 6) << "a new day";
}

}  // namespace
}  // namespace backcoach
