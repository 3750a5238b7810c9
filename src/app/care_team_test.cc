// The care team: scopes, every role against every kind of data, invitations,
// removal that holds from the next request, and messages.
#include "app/care_team.h"

#include <gtest/gtest.h>

#include <array>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

TEST(CareTeamScopesTest, StoredScopesAlwaysIncludeTheDefault) {
  EXPECT_EQ(ScopesFromStored(""), DefaultSupporterScopes());
  EXPECT_EQ(ScopesFromStored("progress"),
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kProgress}));
}

TEST(CareTeamScopesTest, ClinicalIsNeverTakenFromAStoredRow) {
  EXPECT_EQ(ScopesFromStored("clinical,symptoms"),
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kSymptoms}));
}

TEST(CareTeamScopesTest, OnlyShareableScopesAreAccepted) {
  EXPECT_EQ(*StoredScopesFromJson(json::array({"symptoms", "progress", "adherence"})),
            "progress,symptoms");
  EXPECT_EQ(*StoredScopesFromJson(nullptr), "");
  for (const json& bad : {json::array({"clinical"}), json::array({"pain"}), json("progress")}) {
    EXPECT_EQ(StoredScopesFromJson(bad).status().message(),
              "field 'scopes' must be a list of what to share: \"progress\", \"symptoms\"");
  }
}

TEST(CareTeamScopesTest, FilterKeepsSessionCountsAndDropsPainByDefault) {
  const json progress = {
      {"weeks",
       {{{"week_of", "2026-11-23"}, {"sessions", 3}, {"adherence", 0.6}, {"active_minutes", 75}}}},
      {"levels", json::array({{{"date", "2026-11-23"}}})},
      {"pain_during", json::array({{{"date", "2026-11-23"}, {"pain", 4}}})},
      {"pain_diary", json::array()},
      {"pain_next_morning", json::array()},
      {"questionnaires", json::array({{{"score", 3}}})},
      {"meaningful_change_points", 2}};
  const json basic = FilterProgress(progress, DefaultSupporterScopes());
  EXPECT_EQ(basic["weeks"][0],
            (json{{"week_of", "2026-11-23"}, {"sessions", 3}, {"adherence", 0.6}}));
  for (const char* key : {"levels", "pain_during", "pain_diary", "questionnaires"}) {
    EXPECT_FALSE(basic.contains(key)) << key;
  }
  const json more = FilterProgress(progress, ScopesFromStored("progress,symptoms"));
  EXPECT_EQ(more["weeks"][0]["active_minutes"], 75);
  EXPECT_TRUE(more.contains("levels"));
  EXPECT_TRUE(more.contains("pain_during"));
  EXPECT_FALSE(more.contains("questionnaires"));
}

TEST(CareTeamScopesTest, SupporterCodeNamesThePatient) {
  auto code = ParseSupporterCode("abc-123");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->patient_id, "abc");
  EXPECT_EQ(code->secret, "123");
  EXPECT_FALSE(ParseSupporterCode("abc").ok());
  EXPECT_FALSE(ParseSupporterCode("-123").ok());
}

class CareTeamTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("A");
    maria_token_ = MakeUser("maria", Role::kPatient, clinic_, &maria_);
    ASSERT_EQ(As(maria_token_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
    ASSERT_EQ(As(maria_token_, "POST", Path("/pain"), R"({"pain": 5, "note": "stiff"})").status,
              201);
    LogDay(maria_token_, maria_.id, "2026-11-23", 3);
  }

  std::string Path(const std::string& rest) const { return "/api/v1/patients/" + maria_.id + rest; }

  // A supporter who joined Maria's team through an invitation sharing `scopes`.
  std::string Supporter(const std::string& name, const std::string& scopes, User* out) {
    const std::string token = MakeUser(name, Role::kSupporter, "", out);
    const auto invite = As(maria_token_, "POST", Path("/care-team/invitations"),
                           json{{"scopes", json::parse(scopes)}}.dump());
    EXPECT_EQ(invite.status, 201) << invite.body;
    const auto joined =
        As(token, "POST", "/api/v1/care/join", json{{"code", Body(invite)["code"]}}.dump());
    EXPECT_EQ(joined.status, 201) << joined.body;
    return token;
  }

  std::string clinic_;
  User maria_;
  std::string maria_token_;
};

// Every kind of caller against every kind of data: what each may see.
// Adherence, progress and symptoms are parts of the overview; messages are
// the caller's thread; clinical data are the screen, diary, logs and so on.
TEST_F(CareTeamTest, EveryRoleAgainstEveryKindOfData) {
  User u;
  const std::string other_clinic = MakeClinic("B");
  struct Who {
    std::string name;
    std::string token;
    int reach;  // the overview's and the messages' status
    bool progress;
    bool symptoms;
    int clinical;
  };
  const std::string removed = Supporter("gone", "[]", &u);
  ASSERT_EQ(As(maria_token_, "DELETE", Path("/care-team/" + u.id)).status, 200);
  const std::vector<Who> callers = {
      {"patient", maria_token_, 200, true, true, 200},
      {"clinician", MakeUser("lee", Role::kClinician, clinic_), 200, true, true, 200},
      {"admin", MakeUser("ada", Role::kAdmin, clinic_), 200, true, true, 200},
      {"supporter", Supporter("sis", "[]", &u), 200, false, false, 403},
      {"supporter+progress", Supporter("coach", R"(["progress"])", &u), 200, true, false, 403},
      {"supporter+symptoms", Supporter("son", R"(["symptoms"])", &u), 200, false, true, 403},
      {"supporter+both", Supporter("pal", R"(["progress","symptoms"])", &u), 200, true, true, 403},
      {"removed supporter", removed, 404, false, false, 404},
      {"another patient", MakeUser("tom", Role::kPatient, clinic_), 404, false, false, 404},
      {"another clinic", MakeUser("clb", Role::kClinician, other_clinic), 404, false, false, 404},
  };
  for (const auto& who : callers) {
    const auto overview = As(who.token, "GET", Path("/overview"));
    ASSERT_EQ(overview.status, who.reach) << who.name;
    const json o = Body(overview);
    if (who.reach == 200) {
      ASSERT_EQ(o["weeks"].size(), 1u) << who.name;
      EXPECT_EQ(o["weeks"][0].contains("active_minutes"), who.progress) << who.name;
      EXPECT_EQ(o.contains("levels"), who.progress) << who.name;
      EXPECT_EQ(o.contains("pain_diary"), who.symptoms) << who.name;
      EXPECT_EQ(o.contains("pain_during"), who.symptoms) << who.name;
    }
    EXPECT_EQ(As(who.token, "GET", Path("/messages")).status, who.reach) << who.name;
    for (const char* clinical : {"/screen", "/pain", "/sessions", "/plan", "/today",
                                 "/questionnaires", "/progress", "/export"}) {
      EXPECT_EQ(As(who.token, "GET", Path(clinical)).status, who.clinical)
          << who.name << " " << clinical;
    }
  }
}

TEST_F(CareTeamTest, DefaultSupporterSeesNoPainNoteOrFlag) {
  User sis;
  const std::string token = Supporter("sis", "[]", &sis);
  const auto overview = As(token, "GET", Path("/overview"));
  ASSERT_EQ(overview.status, 200);
  EXPECT_EQ(overview.body.find("pain"), std::string::npos) << overview.body;
  EXPECT_EQ(overview.body.find("stiff"), std::string::npos);
  EXPECT_EQ(overview.body.find("flag"), std::string::npos);
  EXPECT_EQ(Body(overview)["display_name"], "maria");
}

TEST_F(CareTeamTest, SupporterSignsUpWithACodeThatWorksOnce) {
  const auto invite = As(maria_token_, "POST", Path("/care-team/invitations"), "{}");
  ASSERT_EQ(invite.status, 201);
  const std::string code = Body(invite)["code"];
  const auto signup = Call("POST", "/api/v1/auth/signup",
                           json{{"email", "sis@example.test"},
                                {"password", "a long enough password"},
                                {"display_name", "Ana"},
                                {"supporter_code", code}}
                               .dump());
  ASSERT_EQ(signup.status, 201) << signup.body;
  EXPECT_EQ(Body(signup)["user"]["role"], "supporter");
  const std::string token = Body(signup)["token"];
  const auto mine = Body(As(token, "GET", "/api/v1/care/patients"));
  ASSERT_EQ(mine["patients"].size(), 1u);
  EXPECT_EQ(mine["patients"][0]["id"], maria_.id);
  // The same code again, by someone else: refused, and no account is left.
  const auto again = Call("POST", "/api/v1/auth/signup",
                          json{{"email", "bro@example.test"},
                               {"password", "a long enough password"},
                               {"display_name", "Bo"},
                               {"supporter_code", code}}
                              .dump());
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(Body(again)["error"]["message"], "the supporter code is not valid or has been used");
  EXPECT_EQ(store_->FindUserByEmail("bro@example.test").status().code(), StatusCode::kNotFound);
}

TEST_F(CareTeamTest, ExpiredCodeIsRefused) {
  const auto invite = As(maria_token_, "POST", Path("/care-team/invitations"), "{}");
  clock_.Advance(7 * 86400 + 1);
  const std::string token = MakeUser("late", Role::kSupporter, "");
  const auto joined =
      As(token, "POST", "/api/v1/care/join", json{{"code", Body(invite)["code"]}}.dump());
  EXPECT_EQ(joined.status, 422);
}

TEST_F(CareTeamTest, RemovalHoldsFromTheVeryNextRequest) {
  User sis;
  const std::string token = Supporter("sis", R"(["progress"])", &sis);
  ASSERT_EQ(As(token, "GET", Path("/overview")).status, 200);
  const auto team = Body(As(maria_token_, "GET", Path("/care-team")));
  ASSERT_EQ(team["supporters"].size(), 1u);
  EXPECT_EQ(team["supporters"][0]["scopes"], json::array({"adherence", "messages", "progress"}));
  ASSERT_EQ(As(maria_token_, "DELETE", Path("/care-team/" + sis.id)).status, 200);
  EXPECT_EQ(As(token, "GET", Path("/overview")).status, 404);
  EXPECT_EQ(As(token, "POST", Path("/messages"), R"({"text": "still here?"})").status, 404);
  EXPECT_TRUE(Body(As(token, "GET", "/api/v1/care/patients"))["patients"].empty());
}

TEST_F(CareTeamTest, NarrowingScopesHoldsFromTheNextRequest) {
  User coach;
  const std::string token = Supporter("coach", R"(["progress","symptoms"])", &coach);
  ASSERT_TRUE(Body(As(token, "GET", Path("/overview"))).contains("pain_during"));
  ASSERT_EQ(As(maria_token_, "PUT", Path("/care-team/" + coach.id), R"({"scopes": []})").status,
            200);
  const json o = Body(As(token, "GET", Path("/overview")));
  EXPECT_FALSE(o.contains("pain_during"));
  EXPECT_FALSE(o.contains("levels"));
}

TEST_F(CareTeamTest, MessagesAreThreadsBetweenThePatientAndEachMember) {
  User sis, coach;
  const std::string sis_token = Supporter("sis", "[]", &sis);
  const std::string coach_token = Supporter("coach", "[]", &coach);
  ASSERT_EQ(As(sis_token, "POST", Path("/messages"), R"({"text": "Well done this week"})").status,
            201);
  clock_.Advance(1);
  ASSERT_EQ(As(coach_token, "POST", Path("/messages"), R"({"text": "See you Monday"})").status,
            201);
  clock_.Advance(1);
  ASSERT_EQ(As(maria_token_, "POST", Path("/messages"),
               json{{"text", "Thank you"}, {"to", sis.id}}.dump())
                .status,
            201);
  const json mine = Body(As(maria_token_, "GET", Path("/messages")))["messages"];
  ASSERT_EQ(mine.size(), 3u);
  const json sis_view = Body(As(sis_token, "GET", Path("/messages")))["messages"];
  ASSERT_EQ(sis_view.size(), 2u);
  EXPECT_EQ(sis_view[0]["text"], "Well done this week");
  EXPECT_EQ(sis_view[1]["text"], "Thank you");
  EXPECT_EQ(sis_view[1]["author_name"], "maria");
  EXPECT_EQ(Body(As(coach_token, "GET", Path("/messages")))["messages"].size(), 1u);
}

TEST_F(CareTeamTest, PatientWritesOnlyToMembersOfTheirTeam) {
  const std::string stranger_token = MakeUser("stranger", Role::kSupporter, "");
  (void)stranger_token;
  auto stranger = store_->FindUserByEmail("stranger@example.test");
  const auto r = As(maria_token_, "POST", Path("/messages"),
                    json{{"text", "hello"}, {"to", stranger->id}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "field 'to' must be a member of your care team");
}

TEST_F(CareTeamTest, MessagesAreAudited) {
  User sis;
  const std::string token = Supporter("sis", "[]", &sis);
  ASSERT_EQ(As(token, "POST", Path("/messages"), R"({"text": "Keep going"})").status, 201);
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto audit = store_->ListAudit(0, 1000);
  ASSERT_TRUE(audit.ok());
  bool found = false;
  for (const auto& e : *audit) {
    found = found || (e.action == "POST " + Path("/messages") && e.actor_id == sis.id &&
                      e.patient_id == maria_.id && e.outcome == "ok");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace backcoach
