// A whole API over an in-memory store, driven through the router without
// sockets: accounts in two clinics, a controllable clock, and helpers to
// call routes as any of them.
#ifndef BACKCOACH_API_API_TEST_FIXTURE_H_
#define BACKCOACH_API_API_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include "api/api.h"
#include "testing/accounts.h"
#include "testing/requests.h"
#include "testing/test_content.h"

namespace backcoach::testing {

// A chronic, localised, self-care intake that gets a full plan.
inline constexpr const char* kSelfCareIntake = R"({
  "age": 45, "pain_duration_weeks": 30, "pain_now": 6, "pain_trend": "stable",
  "leg_symptoms": "none", "leg_symptom_sides": "none", "leg_numbness_or_tingling": false,
  "leg_weakness": "none", "saddle_numbness": false, "bladder_or_bowel_change": false,
  "sexual_dysfunction_new": false, "fever_or_chills": false, "unexplained_weight_loss": false,
  "cancer_history": false, "trauma": "none", "osteoporosis_or_long_term_steroids": false,
  "immunosuppressed_or_iv_drug_use": false, "recent_infection_or_spinal_procedure": false,
  "constant_night_pain": false, "feeling_unwell": false, "widespread_pain": false,
  "first_episode": false, "activity_level": "light", "minutes_per_day": 25,
  "days_per_week": 5, "equipment": ["mat", "resistance_band"], "likes": ["walking"],
  "start_date": "2026-11-23"})";

struct Caller {
  std::string token;       // bearer token; empty for anonymous
  bool as_cookie = false;  // send the token as the session cookie instead
  std::string csrf;        // sent as X-CSRF-Token when set
  // The body's type, sent as Content-Type with a body; empty for none.
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers = {};  // more, names lower-case
};

class ApiFixture : public ::testing::Test {
 protected:
  static constexpr Timestamp kStart = 1795424400;  // 2026-11-23 09:00 UTC

  void SetUp() override {
    auto store = OpenStore(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    api_ = std::make_unique<Api>(*store_, ShippedContent(), clock_, api_options_);
    api_->Register(router_);
  }

  // A user written straight to the store (no slow password hashing), with
  // a session; returns the bearer token.
  std::string MakeUser(const std::string& name, Role role, const std::string& clinic_id,
                       User* out = nullptr) {
    auto u = CreateAccount(*store_, clock_, name, role, clinic_id);
    EXPECT_TRUE(u.ok()) << u.status().message();
    if (!u.ok()) return "";
    auto p = api_->auth().StartSession(*u);
    EXPECT_TRUE(p.ok());
    if (out != nullptr) *out = *u;
    return p.ok() ? p->token : "";
  }

  std::string MakeClinic(const std::string& name) {
    Clinic c{"", name, clock_.Now()};
    EXPECT_TRUE(store_->CreateClinic(c).ok());
    return c.id;
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& body = "", const Caller& caller = {}) {
    http::Request r = RequestFor(method, target, body);
    if (!caller.token.empty()) {
      if (caller.as_cookie) {
        r.cookies[kSessionCookie] = caller.token;
      } else {
        r.headers["authorization"] = "Bearer " + caller.token;
      }
    }
    if (!caller.csrf.empty()) r.headers["x-csrf-token"] = caller.csrf;
    if (!body.empty() && !caller.content_type.empty()) {
      r.headers["content-type"] = caller.content_type;
    }
    for (const auto& [name, value] : caller.headers) r.headers[name] = value;
    return router_.Dispatch(r);
  }

  http::Response As(const std::string& token, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    Caller caller;
    caller.token = token;
    return Call(method, target, body, caller);
  }

  // Logs the day's session as the patient, every exercise at `pain`; the
  // answer's body.
  json LogDay(const std::string& token, const std::string& patient_id, const std::string& date,
              int pain, const json& extra = json::object()) {
    const std::string path = "/api/v1/patients/" + patient_id;
    auto today = As(token, "GET", path + "/today?date=" + date);
    EXPECT_EQ(today.status, 200) << today.body;
    json exercises = json::array();
    // The body is kept in a variable: a range-for over a member of a
    // temporary would read freed memory.
    const json today_body = Body(today);
    for (const auto& card : today_body["exercises"]) {
      exercises.push_back({{"id", card["id"]}, {"pain_during", pain}});
    }
    json log = {{"date", date}, {"exercises", exercises}, {"pain_after", pain}, {"effort", 5}};
    log.update(extra);
    auto r = As(token, "POST", path + "/sessions", log.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r);
  }

  static json Body(const http::Response& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json(nullptr) : j;
  }

  FakeClock clock_{kStart};
  // Named rather than a temporary `ApiOptions{}`: GCC 12 at -O3 reports the
  // temporary's strings as maybe used uninitialized when it is destroyed.
  ApiOptions api_options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
  http::Router router_;
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_API_API_TEST_FIXTURE_H_
