// Messaging through the API: who may read and write which thread, unread
// counts and marking read, the lead clinician, the clinician's list, the
// audit log and the exports.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class MessagingApiTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    const std::string clinic = MakeClinic("Riverside");
    const std::string other = MakeClinic("Hillside");
    maria_ = MakeUser("maria", Role::kPatient, clinic, &maria_user_);
    lee_ = MakeUser("lee", Role::kClinician, clinic, &lee_user_);
    kim_ = MakeUser("kim", Role::kClinician, clinic, &kim_user_);
    admin_ = MakeUser("admin", Role::kAdmin, clinic, &admin_user_);
    far_ = MakeUser("far", Role::kClinician, other, &far_user_);
    ana_ = MakeUser("ana", Role::kSupporter, "", &ana_user_);
    tom_ = MakeUser("tom", Role::kPatient, clinic, &tom_user_);
    ASSERT_TRUE(store_->AddCareMember({maria_user_.id, ana_user_.id, "", clock_.Now()}).ok());
    ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  }

  std::string Path(const std::string& rest) const {
    return "/api/v1/patients/" + maria_user_.id + rest;
  }

  http::Response Send(const std::string& token, const std::string& text,
                      const std::string& to = "") {
    clock_.Advance(1);  // messages of one second have no order among them
    json body = {{"text", text}};
    if (!to.empty()) body["to"] = to;
    return As(token, "POST", Path("/messages"), body.dump());
  }

  json Texts(const std::string& token, const std::string& query = "") {
    auto r = As(token, "GET", Path("/messages" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    json texts = json::array();
    const json body = Body(r);  // kept: a range-for over a temporary's member reads freed memory
    for (const auto& m : body["messages"]) texts.push_back(m["text"]);
    return texts;
  }

  json ClinicRow(const std::string& token, const std::string& patient_id) {
    const json page = Body(As(token, "GET", "/api/v1/clinic/patients?limit=50"));
    for (const auto& p : page["patients"]) {
      if (p["id"] == patient_id) return p;
    }
    ADD_FAILURE() << "no row for " << patient_id << " in " << page.dump();
    return nullptr;
  }

  std::string maria_, lee_, kim_, admin_, far_, ana_, tom_;
  User maria_user_, lee_user_, kim_user_, admin_user_, far_user_, ana_user_, tom_user_;
};

TEST_F(MessagingApiTest, EachCallerReadsAndWritesOnlyTheThreadsTheyMay) {
  ASSERT_EQ(Send(maria_, "to lee", lee_user_.id).status, 201);
  ASSERT_EQ(Send(maria_, "to kim", kim_user_.id).status, 201);
  ASSERT_EQ(Send(maria_, "to ana", ana_user_.id).status, 201);
  ASSERT_EQ(Send(lee_, "from lee").status, 201);
  ASSERT_EQ(Send(admin_, "from admin").status, 201);
  ASSERT_EQ(Send(ana_, "from ana").status, 201);
  // The patient reads every thread; each member their own.
  EXPECT_EQ(Texts(maria_).size(), 6u);
  EXPECT_EQ(Texts(maria_, "?with=" + kim_user_.id), json::array({"to kim"}));
  EXPECT_EQ(Texts(lee_), json::array({"to lee", "from lee"}));
  EXPECT_EQ(Texts(kim_), json::array({"to kim"}));
  EXPECT_EQ(Texts(admin_), json::array({"from admin"}));
  EXPECT_EQ(Texts(ana_), json::array({"to ana", "from ana"}));
  EXPECT_EQ(Texts(lee_, "?with=" + ana_user_.id), json::array());
  // A clinician of another clinic and another patient: as if she did not exist.
  for (const std::string* outsider : {&far_, &tom_}) {
    EXPECT_EQ(As(*outsider, "GET", Path("/messages")).status, 404);
    EXPECT_EQ(As(*outsider, "GET", Path("/threads")).status, 404);
    EXPECT_EQ(Send(*outsider, "hello").status, 404);
    EXPECT_EQ(As(*outsider, "POST", Path("/messages/read"), "{}").status, 404);
  }
  // The patient cannot write to a clinician of another clinic.
  auto far = Send(maria_, "hello", far_user_.id);
  EXPECT_EQ(far.status, 422) << far.body;
  EXPECT_EQ(Send(lee_, "").status, 422);
}

TEST_F(MessagingApiTest, UnreadCountsAndMarkingReadForBothSides) {
  ASSERT_EQ(Send(maria_, "My back is stiff in the morning", lee_user_.id).status, 201);
  json lee = Body(As(lee_, "GET", Path("/threads")));
  ASSERT_EQ(lee["threads"].size(), 1u);
  EXPECT_EQ(lee["unread"], 1);
  EXPECT_EQ(lee["threads"][0]["waiting"], true);
  // Reading the messages is no write: still unread until marked read.
  EXPECT_EQ(Texts(lee_).size(), 1u);
  EXPECT_EQ(Body(As(lee_, "GET", Path("/threads")))["unread"], 1);
  auto read = As(lee_, "POST", Path("/messages/read"), "{}");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Body(read)["unread"], 0);
  EXPECT_EQ(ClinicRow(lee_, maria_user_.id)["unread"], 0);

  ASSERT_EQ(Send(lee_, "Try the cat-camel first thing").status, 201);
  json mine = Body(As(maria_, "GET", Path("/threads")));
  EXPECT_EQ(mine["unread"], 1);
  // No lead is set: the clinic's clinicians by name, Dr. Kim before Dr. Lee.
  EXPECT_EQ(mine["threads"][0]["member_id"], kim_user_.id);
  EXPECT_EQ(mine["threads"][1]["member_id"], lee_user_.id);
  EXPECT_EQ(mine["threads"][1]["unread"], 1);
  EXPECT_EQ(As(maria_, "POST", Path("/messages/read"), "{}").status, 422);
  read = As(maria_, "POST", Path("/messages/read"), json{{"with", lee_user_.id}}.dump());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Body(read)["unread"], 0);
}

TEST_F(MessagingApiTest, TheClinicSetsTheLeadClinicianAndThePatientSeesThemFirst) {
  const std::string body = json{{"clinician_id", lee_user_.id}}.dump();
  EXPECT_EQ(As(maria_, "PUT", Path("/lead-clinician"), body).status, 403);
  EXPECT_EQ(As(ana_, "PUT", Path("/lead-clinician"), body).status, 403);
  EXPECT_EQ(As(far_, "PUT", Path("/lead-clinician"), body).status, 404);
  auto set = As(kim_, "PUT", Path("/lead-clinician"), body);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(set)["clinician_name"], "lee");
  const json threads = Body(As(maria_, "GET", Path("/threads")));
  EXPECT_EQ(threads["lead_clinician_id"], lee_user_.id);
  EXPECT_EQ(threads["threads"][0]["member_id"], lee_user_.id);
  EXPECT_EQ(threads["threads"][0]["lead"], true);
  EXPECT_EQ(threads["threads"][1]["member_id"], kim_user_.id);
  EXPECT_EQ(threads["threads"][2]["role"], "supporter");
  // An admin may change it; only to a clinician of the clinic.
  EXPECT_EQ(As(admin_, "PUT", Path("/lead-clinician"), json{{"clinician_id", far_user_.id}}.dump())
                .status,
            422);
  EXPECT_EQ(As(admin_, "PUT", Path("/lead-clinician"), "{}").status, 422);
  const json got = Body(As(admin_, "GET", Path("/lead-clinician")));
  EXPECT_EQ(got["clinician_id"], lee_user_.id);
  EXPECT_EQ(got["clinicians"].size(), 2u);
  ASSERT_EQ(As(admin_, "PUT", Path("/lead-clinician"), R"({"clinician_id": null})").status, 200);
  EXPECT_EQ(Body(As(maria_, "GET", Path("/threads")))["lead_clinician_id"], nullptr);
  EXPECT_EQ(As(maria_, "GET", Path("/lead-clinician")).status, 403);
}

TEST_F(MessagingApiTest, TheClinicsListMarksAndRaisesUnansweredMessages) {
  ASSERT_EQ(
      As(tom_, "POST", "/api/v1/patients/" + tom_user_.id + "/intake", testing::kSelfCareIntake)
          .status,
      201);
  const json quiet = ClinicRow(lee_, maria_user_.id);
  EXPECT_EQ(quiet["unanswered_since"], nullptr);
  const int before = quiet["attention"];
  ASSERT_EQ(Send(maria_, "Can I garden today?", kim_user_.id).status, 201);
  const json row = ClinicRow(lee_, maria_user_.id);
  EXPECT_EQ(row["unanswered_since"], clock_.Now());
  EXPECT_GT(row["attention"].get<int>(), before);
  EXPECT_EQ(row["unread"], 0);  // Dr. Kim's thread, not Dr. Lee's
  EXPECT_EQ(ClinicRow(kim_, maria_user_.id)["unread"], 1);
  bool reason = false;
  for (const auto& r : row["reasons"]) {
    reason |= r.get<std::string>().find("waiting for an answer") != std::string::npos;
  }
  EXPECT_TRUE(reason) << row.dump();
  // Raised above Tom, who is otherwise the same.
  const json page = Body(As(lee_, "GET", "/api/v1/clinic/patients"));
  EXPECT_EQ(page["patients"][0]["id"], maria_user_.id);
  ASSERT_EQ(Send(kim_, "Yes, gently").status, 201);
  EXPECT_EQ(ClinicRow(lee_, maria_user_.id)["unanswered_since"], nullptr);
  EXPECT_EQ(ClinicRow(lee_, maria_user_.id)["attention"], before);
}

TEST_F(MessagingApiTest, ReadsWritesAndTheLeadAreAuditedNamingThePatient) {
  ASSERT_TRUE(api_->auditor().Flush().ok());
  const std::size_t before = store_->ListAudit(0, 10000)->size();
  ASSERT_EQ(Send(maria_, "hello", lee_user_.id).status, 201);
  ASSERT_EQ(As(lee_, "GET", Path("/threads")).status, 200);
  ASSERT_EQ(As(lee_, "POST", Path("/messages/read"), "{}").status, 200);
  ASSERT_EQ(
      As(lee_, "PUT", Path("/lead-clinician"), json{{"clinician_id", lee_user_.id}}.dump()).status,
      200);
  ASSERT_TRUE(api_->auditor().Flush().ok());
  const auto rows = store_->ListAudit(0, 10000).value();
  ASSERT_EQ(rows.size(), before + 4);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"POST " + Path("/messages"), maria_user_.id},
      {"GET " + Path("/threads"), lee_user_.id},
      {"POST " + Path("/messages/read"), lee_user_.id},
      {"PUT " + Path("/lead-clinician"), lee_user_.id}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(rows[before + i].action, want[i].first);
    EXPECT_EQ(rows[before + i].actor_id, want[i].second);
    EXPECT_EQ(rows[before + i].patient_id, maria_user_.id);
    EXPECT_EQ(rows[before + i].outcome, "ok");
  }
}

TEST_F(MessagingApiTest, ExportsHoldTheMessagesTheReaderMaySee) {
  ASSERT_EQ(Send(maria_, "zqtoleeqz", lee_user_.id).status, 201);
  ASSERT_EQ(Send(maria_, "zqtoanaqz", ana_user_.id).status, 201);
  ASSERT_EQ(Send(lee_, "zqfromleeqz").status, 201);
  for (const char* route : {"/export", "/export/fhir"}) {
    const std::string mine = As(maria_, "GET", Path(route)).body;
    const std::string lees = As(lee_, "GET", Path(route)).body;
    for (const char* text : {"zqtoleeqz", "zqtoanaqz", "zqfromleeqz"}) {
      EXPECT_NE(mine.find(text), std::string::npos) << route << " " << text;
    }
    EXPECT_NE(lees.find("zqtoleeqz"), std::string::npos) << route;
    EXPECT_NE(lees.find("zqfromleeqz"), std::string::npos) << route;
    EXPECT_EQ(lees.find("zqtoanaqz"), std::string::npos) << route;
  }
  const json bundle = Body(As(maria_, "GET", Path("/export/fhir")));
  int communications = 0;
  for (const auto& e : bundle["entry"]) {
    const json& r = e["resource"];
    if (r["resourceType"] != "Communication") continue;
    ++communications;
    EXPECT_EQ(r["status"], "completed");
    EXPECT_TRUE(r["payload"][0]["contentString"].is_string());
  }
  EXPECT_EQ(communications, 3);
}

}  // namespace
}  // namespace backcoach
