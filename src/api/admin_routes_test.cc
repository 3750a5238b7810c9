// The clinic admin's routes through the API: one clinic's admin never lists,
// searches or disables another's; clinicians and patients are refused; the
// audit search's filters and pages, and its own entry; the clinic's
// settings and the emergency number they give the card; plan changes only
// for clinicians (and admins who are also clinicians); joining a clinic
// with a code.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class AdminRoutesTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    a_ = MakeClinic("A");
    b_ = MakeClinic("B");
    ada_ = MakeUser("ada", Role::kAdmin, a_, &ada_user_);
    lee_ = MakeUser("lee", Role::kClinician, a_, &lee_user_);
    maria_ = MakeUser("maria", Role::kPatient, a_, &maria_user_);
    adb_ = MakeUser("adb", Role::kAdmin, b_);
    tom_ = MakeUser("tom", Role::kPatient, b_, &tom_user_);
  }

  std::vector<std::string> Field(const json& list, const char* key) {
    std::vector<std::string> out;
    for (const json& row : list) out.push_back(row[key]);
    return out;
  }

  std::string a_, b_, ada_, lee_, maria_, adb_, tom_;
  User ada_user_, lee_user_, maria_user_, tom_user_;
};

using Strings = std::vector<std::string>;

TEST_F(AdminRoutesTest, AnAdminSeesAndChangesOnlyTheirOwnClinic) {
  auto staff = As(ada_, "GET", "/api/v1/admin/staff");
  ASSERT_EQ(staff.status, 200) << staff.body;
  EXPECT_EQ(Field(Body(staff)["staff"], "display_name"), (Strings{"ada", "lee"}));
  EXPECT_EQ(Body(staff)["staff"][1]["disabled"], false);
  EXPECT_FALSE(Body(staff)["staff"][0].contains("password_hash"));
  auto accounts = As(ada_, "GET", "/api/v1/admin/accounts");
  ASSERT_EQ(accounts.status, 200) << accounts.body;
  EXPECT_EQ(Field(Body(accounts)["accounts"], "display_name"), Strings{"maria"});
  // B's admin neither sees nor disables A's people.
  EXPECT_EQ(Field(Body(As(adb_, "GET", "/api/v1/admin/accounts"))["accounts"], "display_name"),
            Strings{"tom"});
  EXPECT_EQ(As(adb_, "POST", "/api/v1/admin/users/" + maria_user_.id + "/disable", "{}").status,
            404);
  EXPECT_FALSE(store_->GetUser(maria_user_.id)->disabled);
  // A's admin disables and enables A's patient again.
  ASSERT_EQ(As(ada_, "POST", "/api/v1/admin/users/" + maria_user_.id + "/disable", "{}").status,
            200);
  EXPECT_TRUE(
      Body(As(ada_, "GET", "/api/v1/admin/accounts"))["accounts"][0]["disabled"].get<bool>());
  ASSERT_EQ(As(ada_, "POST", "/api/v1/admin/users/" + maria_user_.id + "/enable", "{}").status,
            200);
  EXPECT_FALSE(store_->GetUser(maria_user_.id)->disabled);
  // The audit search keeps to the clinic: B's patient's entries are not A's.
  ASSERT_EQ(As(tom_, "GET", "/api/v1/patients/" + tom_user_.id + "/plan").status, 404);
  auto search = As(ada_, "GET", "/api/v1/admin/audit?patient=" + tom_user_.id);
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_TRUE(Body(search)["entries"].empty());
}

TEST_F(AdminRoutesTest, CliniciansPatientsAndSupportersAreRefused) {
  const std::string sis = MakeUser("sis", Role::kSupporter, "");
  for (const std::string& token : {lee_, maria_, sis}) {
    for (const char* path : {"/api/v1/admin/staff", "/api/v1/admin/accounts", "/api/v1/admin/audit",
                             "/api/v1/admin/clinic"}) {
      auto r = As(token, "GET", path);
      EXPECT_EQ(r.status, 403) << path << " " << r.body;
      EXPECT_EQ(Body(r)["error"]["message"], "this is not available to your account");
    }
    EXPECT_EQ(As(token, "PUT", "/api/v1/admin/clinic", R"({"name": "x", "emergency_number": "1"})")
                  .status,
              403);
  }
  EXPECT_EQ(Call("GET", "/api/v1/admin/staff").status, 401);
}

TEST_F(AdminRoutesTest, TheAuditSearchFiltersPagesAndIsItselfAudited) {
  const std::string plan = "/api/v1/patients/" + maria_user_.id + "/plan";
  for (int i = 0; i < 3; ++i) As(lee_, "GET", plan);
  As(maria_, "GET", "/api/v1/patients/" + maria_user_.id + "/pain");
  clock_.Advance(86400);
  ada_ = api_->auth().StartSession(ada_user_).value().token;  // the old one has ended
  As(ada_, "GET", plan);
  auto by_lee = Body(As(ada_, "GET", "/api/v1/admin/audit?actor=" + lee_user_.id));
  ASSERT_EQ(by_lee["entries"].size(), 3u) << by_lee.dump();
  EXPECT_EQ(by_lee["entries"][0]["actor_name"], "lee");
  EXPECT_EQ(by_lee["entries"][0]["patient_name"], "maria");
  EXPECT_EQ(by_lee["entries"][0]["action"], "GET " + plan);
  auto pain = Body(As(ada_, "GET", "/api/v1/admin/audit?action=%2Fpain"));
  ASSERT_EQ(pain["entries"].size(), 1u) << pain.dump();
  EXPECT_EQ(pain["entries"][0]["actor_id"], maria_user_.id);
  auto today = Body(As(ada_, "GET", "/api/v1/admin/audit?from=2026-11-24&to=2026-11-24"));
  // Today: A's admin read the plan, and searched twice already.
  ASSERT_EQ(today["entries"].size(), 3u) << today.dump();
  EXPECT_EQ(today["entries"][0]["action"], "search audit");
  EXPECT_EQ(today["entries"][2]["action"], "GET " + plan);
  // Pages of two, newest first, to the end.
  std::vector<std::int64_t> seqs;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = Body(As(ada_, "GET",
                        "/api/v1/admin/audit?actor=" + lee_user_.id + "&limit=2" +
                            (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const json& e : page["entries"]) seqs.push_back(e["seq"]);
    if (page["next_cursor"].is_null()) break;
    cursor = std::to_string(page["next_cursor"].get<std::int64_t>());
  }
  ASSERT_EQ(seqs.size(), 3u);
  EXPECT_GT(seqs[0], seqs[1]);
  EXPECT_GT(seqs[1], seqs[2]);
  auto bad = As(ada_, "GET", "/api/v1/admin/audit?from=yesterday");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Body(bad)["error"]["message"], "from must be a day such as 2026-11-23");
  EXPECT_EQ(As(ada_, "GET", "/api/v1/admin/audit?limit=5x").status, 422);
}

TEST_F(AdminRoutesTest, TheEmergencyNumberReachesTheClinicsPeopleAndNoOneElse) {
  EXPECT_TRUE(Body(Call("GET", "/api/v1/emergency"))["emergency_number"].is_null());
  auto bad = As(ada_, "PUT", "/api/v1/admin/clinic", R"({"name": "A", "emergency_number": "99a"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Body(bad)["error"]["message"],
            "the emergency number may have only digits and +, 2 to 15 of them (such as 112 or "
            "999)");
  auto set = As(ada_, "PUT", "/api/v1/admin/clinic",
                R"({"name": "Riverside", "emergency_number": "999"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(As(ada_, "GET", "/api/v1/admin/clinic")),
            (json{{"id", a_}, {"name", "Riverside"}, {"emergency_number", "999"}}));
  auto card = Body(As(maria_, "GET", "/api/v1/emergency"));
  EXPECT_EQ(card["emergency_number"], "999");
  EXPECT_FALSE(card["headline"].get<std::string>().empty());
  EXPECT_TRUE(Body(As(tom_, "GET", "/api/v1/emergency"))["emergency_number"].is_null());
  EXPECT_TRUE(Body(Call("GET", "/api/v1/emergency"))["emergency_number"].is_null());
  const std::string alone = MakeUser("alone", Role::kPatient, "");
  EXPECT_TRUE(Body(As(alone, "GET", "/api/v1/emergency"))["emergency_number"].is_null());
  // An ended session still gets the card, as anyone does.
  EXPECT_EQ(As(maria_, "POST", "/api/v1/auth/logout", "{}").status, 200);
  auto after = As(maria_, "GET", "/api/v1/emergency");
  EXPECT_EQ(after.status, 200);
  EXPECT_TRUE(Body(after)["emergency_number"].is_null());
}

TEST_F(AdminRoutesTest, OnlyClinicianChangesPlansAdminsStillRead) {
  ASSERT_EQ(
      As(maria_, "POST", "/api/v1/patients/" + maria_user_.id + "/intake", testing::kSelfCareIntake)
          .status,
      201);
  const std::string base = "/api/v1/patients/" + maria_user_.id;
  const json plan = Body(As(maria_, "GET", base + "/plan"));
  const std::string exercise = plan["exercises"][0]["id"];
  const std::string pin =
      json{{"exercise_id", exercise}, {"action", "pin"}, {"reason", "consolidate"}}.dump();
  auto refused = As(ada_, "POST", base + "/adjustments", pin);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Body(refused)["error"]["message"],
            "only a clinician of the patient's clinic can change this; your account is the "
            "clinic's administrator's");
  EXPECT_EQ(As(ada_, "POST", base + "/notes", R"({"text": "a note"})").status, 403);
  EXPECT_EQ(As(ada_, "GET", base).status, 200) << "the admin keeps read access";
  EXPECT_EQ(As(ada_, "GET", base + "/notes").status, 200);
  // An admin who is also a clinician changes plans.
  ada_user_.also_clinician = true;
  ASSERT_TRUE(store_->UpdateUser(ada_user_).ok());
  auto allowed = As(ada_, "POST", base + "/adjustments", pin);
  EXPECT_EQ(allowed.status, 201) << allowed.body;
  EXPECT_EQ(Body(As(ada_, "GET", "/api/v1/me"))["user"]["also_clinician"], true);
  // Made so through the staff route.
  auto made = As(ada_, "POST", "/api/v1/admin/staff",
                 json{{"role", "admin"},
                      {"also_clinician", true},
                      {"email", "kim@example.test"},
                      {"password", "a long enough phrase"},
                      {"display_name", "Kim"}}
                     .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(Body(made)["user"]["also_clinician"], true);
}

TEST_F(AdminRoutesTest, APersonAloneJoinsAClinicWithItsCodeOnce) {
  User pat;
  const std::string alone = MakeUser("pat", Role::kPatient, "", &pat);
  const std::string join = "/api/v1/patients/" + pat.id + "/clinic";
  auto code = Body(As(lee_, "POST", "/api/v1/clinic/invitations", "{}"))["code"];
  auto joined = As(alone, "POST", join, json{{"code", code}}.dump());
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(Body(joined)["clinic"]["name"], "A");
  EXPECT_EQ(Body(As(alone, "GET", "/api/v1/me"))["user"]["clinic_id"], a_);
  auto list = Body(As(lee_, "GET", "/api/v1/clinic/patients?search=pat"));
  ASSERT_EQ(list["patients"].size(), 1u) << list.dump();
  EXPECT_EQ(list["patients"][0]["id"], pat.id);
  EXPECT_EQ(As(lee_, "GET", "/api/v1/patients/" + pat.id).status, 200);
  // Already with a clinic: refused plainly.
  auto again = As(alone, "POST", join, json{{"code", code}}.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Body(again)["error"]["message"], "your account is already with a clinic");
  // The code was used once.
  User other;
  const std::string other_token = MakeUser("other", Role::kPatient, "", &other);
  auto used = As(other_token, "POST", "/api/v1/patients/" + other.id + "/clinic",
                 json{{"code", code}}.dump());
  EXPECT_EQ(used.status, 422);
  EXPECT_EQ(Body(used)["error"]["message"], "the invitation code is not valid or has been used");
  // An expired code is refused with its own message.
  auto old = Body(As(lee_, "POST", "/api/v1/clinic/invitations", "{}"))["code"];
  clock_.Advance(31 * 86400);
  const std::string fresh = MakeUser("fresh", Role::kPatient, "", &other);
  auto expired =
      As(fresh, "POST", "/api/v1/patients/" + other.id + "/clinic", json{{"code", old}}.dump());
  EXPECT_EQ(expired.status, 422);
  EXPECT_EQ(Body(expired)["error"]["message"],
            "the invitation code has expired; ask your clinic for a new one");
  // Joining is audited, naming the patient and the clinic.
  ASSERT_TRUE(api_->auditor().Flush().ok());
  bool found = false;
  const std::vector<AuditEntry> rows = store_->ListAudit(0, 1000).value();
  for (const AuditEntry& e : rows) {
    if (e.action == "POST " + join && e.outcome == "ok") {
      found = true;
      EXPECT_EQ(e.patient_id, pat.id);
      EXPECT_EQ(e.detail, "joined clinic " + a_);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace backcoach
