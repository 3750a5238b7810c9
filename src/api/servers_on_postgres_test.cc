// Two servers on one PostgreSQL database, each with its own caches (the
// sessions it has seen, parsed plans, rendered "today" answers), as behind
// a load balancer: what one server changes, the other serves at once.
// PostgreSQL only (tests/pg/with-postgres.sh); the same caches over one
// store in memory are tested in src/app/auth_test.cc (AuthOnTwoServersTest)
// and src/app/versioned_cache_test.cc.
#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

class ServersOnPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::PostgresTestUrl().empty()) GTEST_SKIP() << testing::kPostgresSkipMessage;
    schema_ = std::make_unique<testing::ScratchSchema>(testing::PostgresTestUrl());
    for (int i = 0; i < 2; ++i) {
      auto store = OpenStore(schema_->url());
      ASSERT_TRUE(store.ok()) << store.status().message();
      stores_[i] = std::move(store).value();
      ASSERT_TRUE(stores_[i]->Migrate().ok());
      apis_[i] = std::make_unique<Api>(*stores_[i], testing::ShippedContent(), clock_, options_);
      apis_[i]->Register(routers_[i]);
    }
    Clinic clinic{"", "Riverside", clock_.Now()};
    ASSERT_TRUE(stores_[0]->CreateClinic(clinic).ok());
    auto maria = testing::CreateAccount(*stores_[0], clock_, "maria", Role::kPatient, clinic.id);
    ASSERT_TRUE(maria.ok()) << maria.status().message();
    maria_ = *maria;
    auto session = apis_[0]->auth().StartSession(maria_);
    ASSERT_TRUE(session.ok());
    token_ = session->token;
  }

  http::Response On(int server, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    http::Request r = testing::BearerRequest(token_, method, target, body);
    return routers_[server].Dispatch(r);
  }

  std::string Path(const std::string& rest) const { return "/api/v1/patients/" + maria_.id + rest; }

  FakeClock clock_{1795424400};  // 2026-11-23 09:00 UTC
  ApiOptions options_;
  std::unique_ptr<testing::ScratchSchema> schema_;
  std::unique_ptr<Store> stores_[2];
  std::unique_ptr<Api> apis_[2];
  http::Router routers_[2];
  User maria_;
  std::string token_;
};

TEST_F(ServersOnPostgresTest, APlanChangedOnOneServerIsServedFreshByTheOther) {
  ASSERT_EQ(On(0, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  const std::string day = "?date=2026-11-23";
  // Both servers have read, and keep, the first version.
  const auto plan_before = On(0, "GET", Path("/plan"));
  const auto today_before = On(0, "GET", Path("/today" + day));
  ASSERT_EQ(plan_before.status, 200);
  ASSERT_EQ(today_before.status, 200);
  ASSERT_EQ(On(1, "GET", Path("/plan")).body, plan_before.body);
  ASSERT_EQ(On(1, "GET", Path("/today" + day)).body, today_before.body);

  // The second server logs the day's session: the plan moves on.
  json exercises = json::array();
  const json cards = json::parse(today_before.body)["exercises"];  // kept past the loop's start
  for (const auto& card : cards) {
    exercises.push_back({{"id", card["id"]}, {"pain_during", 1}});
  }
  const json log = {
      {"date", "2026-11-23"}, {"exercises", exercises}, {"pain_after", 1}, {"effort", 3}};
  ASSERT_EQ(On(1, "POST", Path("/sessions"), log.dump()).status, 201);
  const auto plan_after = On(1, "GET", Path("/plan"));
  ASSERT_NE(plan_after.body, plan_before.body);

  // The first server serves the new version at once, not the one it keeps.
  EXPECT_EQ(On(0, "GET", Path("/plan")).body, plan_after.body);
  EXPECT_EQ(On(0, "GET", Path("/today" + day)).body, On(1, "GET", Path("/today" + day)).body);
  const std::string next_day = "?date=2026-11-24";
  EXPECT_EQ(On(0, "GET", Path("/today" + next_day)).body,
            On(1, "GET", Path("/today" + next_day)).body);
}

TEST_F(ServersOnPostgresTest, ASessionEndedOnOneServerIsRefusedByTheOtherAtOnce) {
  ASSERT_EQ(On(0, "GET", "/api/v1/me").status, 200);  // kept by the first server
  ASSERT_EQ(On(1, "POST", "/api/v1/auth/logout").status, 200);
  EXPECT_EQ(On(0, "GET", "/api/v1/me").status, 401);
}

TEST_F(ServersOnPostgresTest, AnAccountDisabledElsewhereIsRefusedAtOnce) {
  ASSERT_EQ(On(0, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(On(1, "GET", "/api/v1/me").status, 200);
  // As `backcoach account disable` would, from a third process.
  User disabled = maria_;
  disabled.disabled = true;
  ASSERT_TRUE(stores_[1]->UpdateUser(disabled).ok());
  EXPECT_EQ(On(0, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(On(1, "GET", "/api/v1/me").status, 401);
}

}  // namespace
}  // namespace backcoach
