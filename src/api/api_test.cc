#include "api/api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/api_test_fixture.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::ApiFixture;
using testing::Caller;

constexpr const char* kMariaIntake = testing::kSelfCareIntake;

class ApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
  }

  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }

  json LogToday(const std::string& date, int pain, bool sharp_first = false) {
    auto today = As(maria_, "GET", Path("/today?date=" + date));
    EXPECT_EQ(today.status, 200) << today.body;
    json exercises = json::array();
    bool first = true;
    const json today_body = Body(today);
    for (const auto& card : today_body["exercises"]) {
      json e = {{"id", card["id"]}, {"pain_during", pain}};
      if (sharp_first && first) e["sharp_pain"] = true;
      first = false;
      exercises.push_back(e);
    }
    json log = {{"date", date},
                {"exercises", exercises},
                {"pain_after", pain},
                {"pain_next_morning", 2},
                {"effort", 5}};
    auto r = As(maria_, "POST", Path("/sessions"), log.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r);
  }

  std::string clinic_, lee_, maria_;
  User maria_user_;
};

TEST_F(ApiTest, SignUpLogInAndMe) {
  auto r = Call("POST", "/api/v1/auth/signup",
                R"({"email": "Tom@Example.test", "password": "long enough password",
                    "display_name": "Tom", "role": "admin", "clinic_id": "x"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["user"]["role"], "patient") << "a client cannot choose its role";
  EXPECT_EQ(Body(r)["user"]["clinic_id"], "") << "nor its clinic";
  EXPECT_EQ(Body(r)["user"]["email"], "tom@example.test");
  auto again = Call("POST", "/api/v1/auth/signup",
                    R"({"email": "tom@example.test", "password": "long enough password",
                        "display_name": "Tom"})");
  EXPECT_EQ(again.status, 409);
  auto weak = Call("POST", "/api/v1/auth/signup",
                   R"({"email": "x@example.test", "password": "short", "display_name": "X"})");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(Body(weak)["error"]["message"], "the password must have at least 10 characters");

  auto login = Call("POST", "/api/v1/auth/login",
                    R"({"email": "tom@example.test", "password": "long enough password"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = Body(login)["token"];
  auto me = As(token, "GET", "/api/v1/me");
  EXPECT_EQ(Body(me)["user"]["display_name"], "Tom");
}

TEST_F(ApiTest, SessionCookieIsHttpOnlyStrictAndLoginStartsANewSession) {
  Call("POST", "/api/v1/auth/signup",
       R"({"email": "a@example.test", "password": "long enough password", "display_name": "A"})");
  std::string cookies[2];
  for (auto& cookie : cookies) {
    auto r = Call("POST", "/api/v1/auth/login",
                  R"({"email": "a@example.test", "password": "long enough password"})");
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") cookie = value;
    }
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not over plain HTTP";
  }
  EXPECT_NE(cookies[0], cookies[1]);
}

TEST_F(ApiTest, CookieWritesNeedTheCsrfToken) {
  auto me = As(maria_, "GET", "/api/v1/me");
  const std::string csrf = Body(me)["csrf_token"];
  auto without = Call("POST", Path("/pain"), R"({"pain": 3})", Caller{maria_, true, ""});
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Body(without)["error"]["message"], "missing or wrong X-CSRF-Token header");
  auto wrong = Call("POST", Path("/pain"), R"({"pain": 3})", Caller{maria_, true, "nope"});
  EXPECT_EQ(wrong.status, 403);
  auto with = Call("POST", Path("/pain"), R"({"pain": 3})", Caller{maria_, true, csrf});
  EXPECT_EQ(with.status, 201) << with.body;
  auto read = Call("GET", Path("/pain"), "", Caller{maria_, true, ""});
  EXPECT_EQ(read.status, 200);
}

TEST_F(ApiTest, LogoutEndsTheSessionOnTheServer) {
  EXPECT_EQ(As(maria_, "POST", "/api/v1/auth/logout").status, 200);
  EXPECT_EQ(As(maria_, "GET", "/api/v1/me").status, 401);
}

TEST_F(ApiTest, SessionsExpireWhenIdleAndAfterTheAbsoluteLimit) {
  clock_.Advance(AuthOptions{}.idle_seconds + 1);
  EXPECT_EQ(As(maria_, "GET", "/api/v1/me").status, 401);
  const std::string fresh = MakeUser("active", Role::kPatient, clinic_);
  for (int hour = 0; hour <= 7 * 24; hour += 1) {
    clock_.Advance(3600);
    if (As(fresh, "GET", "/api/v1/me").status != 200) break;
  }
  EXPECT_EQ(As(fresh, "GET", "/api/v1/me").status, 401);
}

// Wrong passwords slow the account down, and the answer says for how long;
// the right password gets in once the wait is over (not 15 minutes later).
TEST_F(ApiTest, LoginSlowsDownAndSaysForHowLong) {
  Call("POST", "/api/v1/auth/signup",
       R"({"email": "b@example.test", "password": "long enough password", "display_name": "B"})");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        Call("POST", "/api/v1/auth/login", R"({"email": "b@example.test", "password": "wrong"})")
            .status,
        401);
  }
  auto waiting = Call("POST", "/api/v1/auth/login",
                      R"({"email": "b@example.test", "password": "long enough password"})");
  EXPECT_EQ(waiting.status, 429);
  EXPECT_EQ(Body(waiting)["error"]["message"],
            "too many attempts to sign in; please try again in 1 second");
  bool retry_after = false;
  for (const auto& [name, value] : waiting.headers)
    retry_after |= name == "Retry-After" && value == "1";
  EXPECT_TRUE(retry_after);
  clock_.Advance(1);
  EXPECT_EQ(Call("POST", "/api/v1/auth/login",
                 R"({"email": "b@example.test", "password": "long enough password"})")
                .status,
            200);
}

TEST_F(ApiTest, ABodyFieldOfTheWrongTypeIs422) {
  for (const char* body : {R"({"pain": 3, "date": 5})", R"({"pain": 3, "date": ["2026-01-05"]})"}) {
    auto r = As(maria_, "POST", Path("/pain"), body);
    EXPECT_EQ(r.status, 422) << body << " " << r.body;
    EXPECT_EQ(Body(r)["error"]["message"], "a field of the request body has the wrong type");
  }
  auto flag = As(maria_, "PUT", Path("/preferences"), R"({"email_reminders": "maybe"})");
  EXPECT_EQ(flag.status, 422) << flag.body;
}

TEST_F(ApiTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  auto unknown =
      Call("POST", "/api/v1/auth/login", R"({"email": "nobody@example.test", "password": "x"})");
  auto wrong =
      Call("POST", "/api/v1/auth/login", R"({"email": "maria@example.test", "password": "x"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
}

TEST_F(ApiTest, IntakePlanTodayAndProgressionThroughTheApi) {
  auto intake = As(maria_, "POST", Path("/intake"), kMariaIntake);
  ASSERT_EQ(intake.status, 201) << intake.body;
  EXPECT_EQ(Body(intake)["screen"]["triage"], "self_care");
  auto plan = As(maria_, "GET", Path("/plan"));
  ASSERT_EQ(plan.status, 200);
  EXPECT_EQ(Body(plan)["status"], "active");
  auto today = As(maria_, "GET", Path("/today?date=2026-11-23"));
  ASSERT_EQ(today.status, 200);
  ASSERT_FALSE(Body(today)["exercises"].empty());
  EXPECT_FALSE(Body(today)["exercises"][0]["steps"].empty());
  EXPECT_FALSE(Body(today)["bad_day_session"].empty());

  LogToday("2026-11-23", 2);
  json second = LogToday("2026-11-24", 2);
  bool progressed = false;
  for (const auto& d : second["decisions"]) progressed = progressed || d["decision"] == "progress";
  EXPECT_TRUE(progressed) << second.dump();

  auto progress = As(maria_, "GET", Path("/progress"));
  ASSERT_EQ(progress.status, 200);
  EXPECT_EQ(Body(progress)["pain_during"].size(), 2u);
  EXPECT_EQ(Body(progress)["meaningful_change_points"], 2.0);
}

TEST_F(ApiTest, CheckInMovesWaitingExercisesUp) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  LogToday("2026-11-23", 2);
  auto today = As(maria_, "GET", Path("/today?date=2026-11-24"));
  json exercises = json::array();
  const json today_body = Body(today);
  for (const auto& card : today_body["exercises"]) {
    exercises.push_back({{"id", card["id"]}, {"pain_during", 1}});
  }
  json log = {{"date", "2026-11-24"}, {"exercises", exercises}, {"pain_after", 1}, {"effort", 4}};
  auto logged = As(maria_, "POST", Path("/sessions"), log.dump());
  ASSERT_EQ(logged.status, 201);
  const json logged_body = Body(logged);
  for (const auto& d : logged_body["decisions"]) EXPECT_NE(d["decision"], "progress");
  auto checkin =
      As(maria_, "POST", Path("/checkins"), R"({"date": "2026-11-24", "pain_next_morning": 2})");
  ASSERT_EQ(checkin.status, 201) << checkin.body;
  bool progressed = false;
  const json checkin_body = Body(checkin);
  for (const auto& d : checkin_body["decisions"])
    progressed = progressed || d["decision"] == "progress";
  EXPECT_TRUE(progressed) << checkin.body;
  EXPECT_EQ(
      As(maria_, "POST", Path("/checkins"), R"({"date": "2026-11-20", "pain_next_morning": 2})")
          .status,
      404);
}

TEST_F(ApiTest, ProgressSeriesFollowsEachExerciseAlongItsChain) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  auto bridge = [](const json& entry) {
    for (const auto& e : entry["exercises"]) {
      if (e["chain"] == "glute_bridge") return e;
    }
    return json(nullptr);
  };
  // Comfortable days, each with its next-morning check-in, until the bridge
  // has used up its dose and moved on to its harder variant.
  Date day = *Date::Parse("2026-11-23");
  json levels;
  for (int i = 0; i < 30; ++i, day = day.Plus(1)) {
    const std::string date = day.ToString();
    const json today = Body(As(maria_, "GET", Path("/today?date=" + date)));
    json exercises = json::array();
    for (const auto& card : today["exercises"]) {
      exercises.push_back({{"id", card["id"]}, {"pain_during", 1}});
    }
    json log = {{"date", date}, {"exercises", exercises}, {"pain_after", 1}, {"effort", 4}};
    ASSERT_EQ(As(maria_, "POST", Path("/sessions"), log.dump()).status, 201);
    json checkin = {{"date", date}, {"pain_next_morning", 2}};
    ASSERT_EQ(As(maria_, "POST", Path("/checkins"), checkin.dump()).status, 201);
    levels = Body(As(maria_, "GET", Path("/progress")))["levels"];
    if (!levels.empty() && bridge(levels.back())["id"] != "glute_bridge") break;
  }
  ASSERT_GE(levels.size(), 3u) << levels.dump();
  EXPECT_EQ(bridge(levels[0])["id"], "glute_bridge");
  EXPECT_EQ(bridge(levels[0])["level"], 1);
  const json last = bridge(levels.back());
  ASSERT_FALSE(last.is_null()) << levels.back().dump();  // the same line, under its chain
  EXPECT_EQ(last["id"], "bridge_march") << levels.back().dump();
  EXPECT_EQ(last["level"], 2);
  // Session and check-in entries alternate, each with its own date.
  EXPECT_EQ(levels.size() % 2, 0u);
}

TEST_F(ApiTest, ADoubleTapOnDoneIsNeverAConflict) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  const std::string log =
      R"({"date": "2026-11-23", "exercises": [{"id": "walking", "pain_during": 2}],
          "pain_after": 2, "effort": 4})";
  std::vector<std::thread> taps;
  std::atomic<int> created = 0;
  for (int i = 0; i < 12; ++i) {
    taps.emplace_back([&] {
      if (As(maria_, "POST", Path("/sessions"), log).status == 201) ++created;
    });
  }
  for (auto& t : taps) t.join();
  EXPECT_EQ(created, 12);
  auto sessions = As(maria_, "GET", Path("/sessions"));
  EXPECT_EQ(Body(sessions)["records"].size(), 12u) << sessions.body.substr(0, 300);
}

TEST_F(ApiTest, RedFlagInALogPutsThePatientAtTheTopOfTheClinicianList) {
  const std::string quiet = MakeUser("quiet", Role::kPatient, clinic_);
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  json log = {{"date", "2026-11-24"},
              {"exercises", json::array()},
              {"pain_after", 5},
              {"effort", 3},
              {"bladder_or_bowel_change", true}};
  auto r = As(maria_, "POST", Path("/sessions"), log.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["status"], "stopped");
  EXPECT_EQ(Body(r)["messages"][0], "Go to an emergency department now.");
  auto list = As(lee_, "GET", "/api/v1/clinic/patients");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["patients"][0]["id"], maria_user_.id);
  EXPECT_EQ(Body(list)["total"], 2);
  EXPECT_NE(Body(list)["patients"][0]["reasons"][0].get<std::string>().find("red flag"),
            std::string::npos);
}

TEST_F(ApiTest, ANewRedFlagComesBeforeOneReportedDaysAgo) {
  User ahmed_user;
  const std::string ahmed = MakeUser("ahmed", Role::kPatient, clinic_, &ahmed_user);
  const std::string ahmed_path = "/api/v1/patients/" + ahmed_user.id;
  json earlier_intake = json::parse(kMariaIntake);
  earlier_intake["start_date"] = "2026-11-10";
  ASSERT_EQ(As(ahmed, "POST", ahmed_path + "/intake", earlier_intake.dump()).status, 201);
  json red = {{"date", "2026-11-18"},
              {"exercises", json::array()},
              {"pain_after", 5},
              {"effort", 3},
              {"bladder_or_bowel_change", true}};
  ASSERT_EQ(As(ahmed, "POST", ahmed_path + "/sessions", red.dump()).status, 201);
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  red["date"] = "2026-11-23";
  ASSERT_EQ(As(maria_, "POST", Path("/sessions"), red.dump()).status, 201);

  const json list = Body(As(lee_, "GET", "/api/v1/clinic/patients"));
  ASSERT_EQ(list["patients"].size(), 2u) << list.dump();
  EXPECT_EQ(list["patients"][0]["id"], maria_user_.id);  // "ahmed" sorts first by name alone
  const json& reasons = list["patients"][0]["reasons"];
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "red flag reported on 2026-11-23"),
            reasons.end())
      << reasons.dump();
  EXPECT_EQ(list["patients"][1]["id"], ahmed_user.id);
}

TEST_F(ApiTest, ClinicianPinIsShownToThePatientWithTheReason) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  auto r = As(lee_, "POST", Path("/adjustments"),
              R"({"exercise_id": "glute_bridge", "action": "pin", "reason": "let's consolidate"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto today = As(maria_, "GET", Path("/today?date=2026-11-23"));
  EXPECT_NE(Body(today)["decisions"].dump().find("let's consolidate"), std::string::npos);
  auto no_reason =
      As(lee_, "POST", Path("/adjustments"), R"({"exercise_id": "glute_bridge", "action": "pin"})");
  EXPECT_EQ(no_reason.status, 422);
}

TEST_F(ApiTest, ClinicianSetsADoseThePatientReadsAsOneSentence) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  auto page = As(lee_, "GET", Path(""));
  ASSERT_EQ(page.status, 200) << page.body;
  const json control = Body(page)["plan_control"];
  EXPECT_EQ(control["exercises"]["walking"]["fields"],
            json::parse(R"({"minutes": {"min": 5, "max": 20},
                            "days_per_week": {"min": 1, "max": 7}})"));
  EXPECT_EQ(control["exercises"]["walking"]["levels"][1]["name"], "Brisk walking");
  EXPECT_FALSE(control["can_add"].empty());
  for (const auto& option : control["can_add"]) EXPECT_NE(option["id"], "goblet_squat");

  auto r = As(lee_, "POST", Path("/adjustments"),
              R"({"exercise_id": "walking", "action": "dose", "minutes": 15, "days_per_week": 5,
                  "reason": "Let's build up slowly"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string sentence = "set walking to 15 minutes, 5 days a week: Let's build up slowly.";
  EXPECT_NE(Body(r)["decisions"][0]["reason"].get<std::string>().find(sentence), std::string::npos)
      << r.body;
  auto today = As(maria_, "GET", Path("/today?date=2026-11-23"));
  EXPECT_NE(Body(today)["decisions"].dump().find(sentence), std::string::npos) << today.body;
  EXPECT_EQ(Body(As(maria_, "GET", Path("/plan")))["aerobic"]["days_per_week"], 5);

  // Bad doses, in plain words.
  r = As(lee_, "POST", Path("/adjustments"),
         R"({"exercise_id": "walking", "action": "dose", "minutes": 40, "reason": "more"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"],
            "minutes must be from 5 to 20 to fit the person's 25 minutes a day");
  r = As(lee_, "POST", Path("/adjustments"),
         R"({"exercise_id": "walking", "action": "dose", "reps": 10, "reason": "more"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"],
            "repetitions do not apply to walking: its dose is set in minutes and days a week");
  r = As(lee_, "POST", Path("/adjustments"),
         R"({"exercise_id": "walking", "action": "dose", "minutes": 2.5, "reason": "more"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "field 'minutes' must be a whole number from 5 to 60");
  r = As(lee_, "POST", Path("/adjustments"),
         R"({"exercise_id": "goblet_squat", "action": "add", "reason": "stronger legs"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "Goblet squat cannot be added: needs dumbbells");

  // Only a clinician of the patient's clinic: not the patient, not another clinic.
  const std::string body =
      R"({"exercise_id": "walking", "action": "dose", "minutes": 12, "reason": "x"})";
  EXPECT_EQ(As(maria_, "POST", Path("/adjustments"), body).status, 403);
  const std::string okafor = MakeUser("okafor", Role::kClinician, MakeClinic("Hillside"));
  EXPECT_EQ(As(okafor, "POST", Path("/adjustments"), body).status, 404);
  EXPECT_EQ(Body(As(maria_, "GET", Path("/plan")))["exercises"].dump().find("\"minutes\":12"),
            std::string::npos);
}

TEST_F(ApiTest, BadInputIs400Or422NeverA500) {
  EXPECT_EQ(As(maria_, "POST", Path("/intake"), "{not json").status, 400);
  EXPECT_EQ(As(maria_, "POST", Path("/intake"), "[1,2]").status, 400);
  auto r = As(maria_, "POST", Path("/intake"), R"({"age": "old"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["code"], "invalid_argument");
  EXPECT_EQ(As(maria_, "POST", Path("/sessions"), R"({"date": "2026-11-23"})").status, 422);
  EXPECT_EQ(As(maria_, "POST", Path("/sessions"),
               R"({"date": "2026-11-23", "exercises": [], "pain_after": 2, "effort": 3})")
                .status,
            409)
      << "no plan yet";
  EXPECT_EQ(As(maria_, "POST", Path("/pain"), R"({"pain": 11})").status, 422);
  EXPECT_EQ(As(maria_, "POST", Path("/questionnaires/peg"), R"({"answers": {"pain": 99}})").status,
            422);
  EXPECT_EQ(As(maria_, "POST", Path("/questionnaires/oswestry"), R"({"answers": {}})").status, 404);
  EXPECT_EQ(As(lee_, "GET", "/api/v1/clinic/patients?limit=0").status, 400);
}

TEST_F(ApiTest, ExportHoldsEverythingAndErasureRemovesIt) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  ASSERT_EQ(As(maria_, "POST", Path("/pain"), R"({"pain": 4, "note": "after gardening"})").status,
            201);
  auto exported = As(maria_, "GET", Path("/export"));
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("after gardening"), std::string::npos);
  EXPECT_EQ(As(lee_, "DELETE", Path("")).status, 403) << "only the patient erases";
  EXPECT_EQ(As(maria_, "DELETE", Path("")).status, 200);
  EXPECT_EQ(As(maria_, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(As(lee_, "GET", Path("/plan")).status, 404);
  auto records = store_->ListRecords(maria_user_.id, std::nullopt, 100);
  EXPECT_TRUE(!records.ok() || records->empty());
}

TEST_F(ApiTest, EveryPatientDataAccessIsAuditedOnceAndTheChainVerifies) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), kMariaIntake).status, 201);
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto before = store_->ListAudit(0, 100000);
  ASSERT_TRUE(before.ok());
  As(lee_, "GET", Path("/plan"));
  As(maria_, "GET", Path("/pain"));
  const std::string other_clinic = MakeClinic("Elsewhere");
  const std::string stranger = MakeUser("stranger", Role::kClinician, other_clinic);
  As(stranger, "GET", Path("/plan"));
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto after = store_->ListAudit(0, 100000);
  ASSERT_EQ(after->size(), before->size() + 3);
  const auto& denied = after->back();
  EXPECT_EQ(denied.outcome, "not_found");
  EXPECT_EQ(denied.patient_id, maria_user_.id);
  auto verify = VerifyAuditChain(*store_, "");
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->first_bad_seq, 0);
  EXPECT_EQ(verify->entries, static_cast<std::int64_t>(after->size()));
}

// A benchmark's server (`serve --readyz-write-counts`) also counts its
// durable writes and the commits that stored them.
TEST_F(ApiTest, ReadinessCountsWritesOnlyWhenAskedTo) {
  // On SQLite, which counts its group commits (the memory store does not).
  testing::ScratchDir dir;
  auto sqlite = OpenStore(dir.File("counted.db"));
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().message();
  std::unique_ptr<Store> counted = std::move(sqlite).value();
  ASSERT_TRUE(counted->Migrate().ok());
  ApiOptions options;
  options.readyz_write_counts = true;
  Api counting(*counted, testing::ShippedContent(), clock_, options);
  http::Router router;
  counting.Register(router);
  http::Request request;
  request.method = "GET";
  request.path = "/readyz";
  request.remote_address = "127.0.0.1";
  const json before = json::parse(router.Dispatch(request).body);
  ASSERT_TRUE(before.contains("writes") && before.contains("commits")) << before.dump();
  EXPECT_EQ(before["status"], "ready");
  Clinic clinic{"", "Another clinic"};
  ASSERT_TRUE(counted->CreateClinic(clinic).ok());
  const json after = json::parse(router.Dispatch(request).body);
  EXPECT_EQ(after["writes"].get<std::int64_t>(), before["writes"].get<std::int64_t>() + 1);
  EXPECT_EQ(after["commits"].get<std::int64_t>(), before["commits"].get<std::int64_t>() + 1);
}

TEST_F(ApiTest, HealthReadinessAndEmergencyCardArePublic) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  auto ready = Call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(Body(ready), (json{{"status", "ready"}})) << "no counts of writes for anyone";
  auto card = Call("GET", "/api/v1/emergency");
  EXPECT_EQ(card.status, 200);
  EXPECT_EQ(Body(card)["headline"], "Go to an emergency department now.");
}

// A change is answered once on disk, so it waits on the write pool, not on
// the thread that serves other connections; a read never does, nor does a
// route that has a pool of its own (sign-ins, uploads).
TEST_F(ApiTest, EveryChangeAndOnlyAChangeWaitsForTheDiskOffTheConnectionThread) {
  int changes = 0;
  for (const auto& route : router_.routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    const bool own_pool = route.info.slow || route.info.stream_body;
    EXPECT_EQ(route.info.waits_for_disk, route.method != "GET" && !own_pool);
    if (route.info.waits_for_disk) ++changes;
  }
  EXPECT_GT(changes, 20);
  const auto log = std::find_if(router_.routes().begin(), router_.routes().end(), [](auto& r) {
    return r.method == "POST" && r.pattern == "/api/v1/patients/{id}/sessions";
  });
  ASSERT_NE(log, router_.routes().end());
  EXPECT_TRUE(log->info.waits_for_disk);
}

TEST_F(ApiTest, OpenApiDocumentListsExactlyTheRoutes) {
  auto r = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json doc = Body(r);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::size_t operations = 0;
  for (const auto& [path, methods] : doc["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, router_.routes().size());
  for (const auto& route : router_.routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    ASSERT_TRUE(doc["paths"][route.pattern].contains(method))
        << route.method << " " << route.pattern;
    EXPECT_FALSE(route.info.summary.empty()) << route.pattern;
    // Who may call, read from the route's declaration in the route table.
    const RouteAccess* access = api_->AccessOf(route);
    ASSERT_NE(access, nullptr) << route.method << " " << route.pattern;
    EXPECT_EQ(doc["paths"][route.pattern][method].value("x-access", ""),
              AccessCallers(access->access))
        << route.method << " " << route.pattern;
  }
  // Any account may ask to clear; ReachPatient then lets in only the clearers.
  EXPECT_EQ(doc["paths"]["/api/v1/patients/{id}/clearance"]["post"]["x-access"], "any");
  EXPECT_EQ(doc["paths"]["/api/v1/screen/partial"]["post"]["x-access"], "any");
  EXPECT_TRUE(doc["paths"]["/api/v1/screen/partial"]["post"].contains("security"));
}

}  // namespace
}  // namespace backcoach

namespace backcoach {
namespace {

// Found by fuzz/api_request: an error that quotes the client's bytes (here
// a date of invalid UTF-8, after percent-decoding) ended the process while
// the answer was being encoded.
TEST_F(ApiTest, AnErrorQuotingBytesThatAreNotUtf8IsStillAnswered) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  auto r = As(maria_, "GET", Path("/today?date=202%D04"));
  EXPECT_EQ(r.status, 422) << r.body;
  const json body = Body(r);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_NE(body["error"]["message"].get<std::string>().find("date"), std::string::npos);
}

}  // namespace
}  // namespace backcoach
