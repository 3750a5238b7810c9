// Two servers on one SQLite file, each with its own caches (the pages of
// the clinic's list among them), as a clinic might run a second process
// beside the first: what one changes, the other's clinician sees at once,
// and every page sent, kept or not, is audited.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::kSelfCareIntake;

class ServersOnOneFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 2; ++i) {
      auto store = OpenStore(dir_.File("clinic.db"));
      ASSERT_TRUE(store.ok()) << store.status().message();
      stores_[i] = std::move(store).value();
      ASSERT_TRUE(stores_[i]->Migrate().ok());
      apis_[i] = std::make_unique<Api>(*stores_[i], testing::ShippedContent(), clock_, options_);
      apis_[i]->Register(routers_[i]);
    }
    Clinic clinic{"", "Riverside", clock_.Now()};
    ASSERT_TRUE(stores_[0]->CreateClinic(clinic).ok());
    clinic_ = clinic.id;
    maria_ = Account("maria", Role::kPatient, &maria_user_);
    User tom;
    tom_ = Account("tom", Role::kPatient, &tom);
    lee_ = Account("lee", Role::kClinician, &lee_user_);
    ASSERT_EQ(On(0, maria_, "POST", Patient("/intake"), kSelfCareIntake).status, 201);
    ASSERT_EQ(On(0, tom_, "POST", "/api/v1/patients/" + tom.id + "/intake", kSelfCareIntake).status,
              201);
  }

  std::string Account(const std::string& name, Role role, User* out = nullptr) {
    auto user = testing::CreateAccount(*stores_[0], clock_, name, role, clinic_);
    EXPECT_TRUE(user.ok()) << user.status().message();
    if (!user.ok()) return "";
    if (out != nullptr) *out = *user;
    auto session = apis_[0]->auth().StartSession(*user);
    EXPECT_TRUE(session.ok());
    return session.ok() ? session->token : "";
  }

  http::Response On(int server, const std::string& token, const std::string& method,
                    const std::string& target, const std::string& body = "") {
    http::Request r = testing::BearerRequest(token, method, target, body);
    return routers_[server].Dispatch(r);
  }

  std::string Patient(const std::string& rest) const {
    return "/api/v1/patients/" + maria_user_.id + rest;
  }

  // The clinician's first page on `server`, parsed.
  json List(int server) {
    const auto r = On(server, lee_, "GET", "/api/v1/clinic/patients?limit=50");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  static const json* Row(const json& list, const std::string& name) {
    for (const auto& p : list["patients"]) {
      if (p["name"] == name) return &p;
    }
    return nullptr;
  }

  testing::ScratchDir dir_;
  FakeClock clock_{1795424400};  // 2026-11-23 09:00 UTC
  ApiOptions options_;
  std::unique_ptr<Store> stores_[2];
  std::unique_ptr<Api> apis_[2];
  http::Router routers_[2];
  std::string clinic_;
  User maria_user_, lee_user_;
  std::string maria_, tom_, lee_;
};

TEST_F(ServersOnOneFileTest, TheListIsKeptWhileNothingChanges) {
  const auto first = On(0, lee_, "GET", "/api/v1/clinic/patients?limit=50");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(On(0, lee_, "GET", "/api/v1/clinic/patients?limit=50").body, first.body);
  EXPECT_EQ(On(1, lee_, "GET", "/api/v1/clinic/patients?limit=50").body, first.body);
  // Kept or read afresh, every page sent is in the audit.
  ASSERT_TRUE(apis_[0]->auditor().Flush().ok());
  ASSERT_TRUE(apis_[1]->auditor().Flush().ok());
  AuditQuery query;
  query.clinic_id = clinic_;
  query.actor_id = lee_user_.id;
  auto entries = stores_[0]->SearchAudit(query);
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  int listed = 0;
  for (const auto& e : *entries) listed += e.detail == "2 patients listed" ? 1 : 0;
  EXPECT_EQ(listed, 3);
}

TEST_F(ServersOnOneFileTest, ASessionLoggedOnOneServerShowsAtOnceInTheOthersList) {
  const json before = List(0);
  ASSERT_NE(Row(before, "maria"), nullptr);
  EXPECT_EQ((*Row(before, "maria"))["last_activity"], "");
  // A bad day logged on the second server: the first server's clinician
  // sees it, not the page it kept.
  const auto today = On(1, maria_, "GET", Patient("/today?date=2026-11-23"));
  ASSERT_EQ(today.status, 200);
  json exercises = json::array();
  const json cards = json::parse(today.body)["exercises"];
  for (const auto& card : cards) exercises.push_back({{"id", card["id"]}, {"pain_during", 8}});
  const json log = {
      {"date", "2026-11-23"}, {"exercises", exercises}, {"pain_after", 8}, {"effort", 9}};
  ASSERT_EQ(On(1, maria_, "POST", Patient("/sessions"), log.dump()).status, 201);
  const json after = List(0);
  ASSERT_NE(Row(after, "maria"), nullptr);
  EXPECT_EQ((*Row(after, "maria"))["last_activity"], "2026-11-23");
  EXPECT_EQ((*Row(after, "maria"))["last_pain"], 8);
  EXPECT_EQ(after, List(1));
}

TEST_F(ServersOnOneFileTest, AMessageSentOnOneServerIsUnreadAtOnceInTheOthersList) {
  ASSERT_EQ((*Row(List(0), "maria"))["unread"], 0);
  const json message = {{"to", lee_user_.id}, {"text", "My back is worse since Sunday"}};
  const auto sent = On(1, maria_, "POST", Patient("/messages"), message.dump());
  ASSERT_EQ(sent.status, 201) << sent.body;
  const json after = List(0);
  EXPECT_EQ((*Row(after, "maria"))["unread"], 1);
  EXPECT_NE((*Row(after, "maria"))["unanswered_since"], nullptr);
}

TEST_F(ServersOnOneFileTest, ANewPatientIsListedAtOnceAndCountedWithinSeconds) {
  const json before = List(0);
  EXPECT_EQ(before["total"], 2);
  // A third patient's intake on the other server: listed at once.
  const std::string ana = Account("ana", Role::kPatient);
  auto ana_user = stores_[0]->FindUserByEmail("ana@example.test");
  ASSERT_TRUE(ana_user.ok()) << ana_user.status().message();
  const auto intake =
      On(1, ana, "POST", "/api/v1/patients/" + ana_user->id + "/intake", kSelfCareIntake);
  ASSERT_EQ(intake.status, 201) << intake.body;
  const json after = List(0);
  EXPECT_NE(Row(after, "ana"), nullptr);
  // The total is counted at most every few seconds, as it always was; once
  // that time has passed it is current, and the page is kept with it.
  clock_.Advance(Service::kFreshCount);
  EXPECT_EQ(List(0)["total"], 3);
  EXPECT_EQ(List(0)["total"], 3);
}

}  // namespace
}  // namespace backcoach
