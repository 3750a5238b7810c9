// The authorisation matrix: every route, as every kind of caller, against
// every kind of target id, generated from the router's own table (see
// route_matrix_fixture.h); each answer must be what the route table says.
#include <gtest/gtest.h>

#include "api/route_matrix_fixture.h"

namespace backcoach {
namespace {

using testing::Expected;
using testing::MatrixRequest;
using testing::Outcome;

class AuthorizationTest : public testing::RouteMatrixFixture {};

TEST_F(AuthorizationTest, EveryRouteAsEveryPrincipalAgainstEveryTarget) {
  int checked = 0, mismatches = 0;
  std::set<std::string> seen;
  // The answers of each (route, caller, query) by target, to compare a
  // foreign patient with a missing one.
  std::map<std::string, std::map<std::string, http::Response>> by_call;
  std::map<std::string, std::pair<const Expected*, const testing::Principal*>> call_of;
  Walk([&](const MatrixRequest& r, const http::Response& response) {
    if (seen.insert(r.key).second) {
      const RouteAccess* declared = api_->AccessOf(*r.route);
      ASSERT_NE(declared, nullptr) << r.key;
      EXPECT_TRUE(*declared == r.expected->access)
          << r.key << " is declared " << AccessName(declared->access) << " ("
          << ScopeName(declared->scope) << "), the table says "
          << AccessName(r.expected->access.access) << " (" << ScopeName(r.expected->access.scope)
          << ")";
    }
    const std::string call = r.key + r.query + " as " + r.who->name;
    by_call[call].emplace(r.target, response);
    call_of.emplace(call, std::pair{r.expected, r.who});
    const Outcome want = Expect(*r.expected, *r.who, r.target_id);
    const Outcome got = testing::Observed(response.status);
    ++checked;
    if (want != got) {
      ++mismatches;
      ADD_FAILURE() << r.key << r.query << " as " << r.who->name << " on " << r.target
                    << ": expected " << Name(want) << ", got " << response.status << " "
                    << response.body;
    }
  });
  // Where a foreign patient is denied, it is denied exactly as a missing one.
  const std::string foreign = targets_[2].second;
  for (const auto& [call, answers] : by_call) {
    const auto [expected, who] = call_of.at(call);
    if (Expect(*expected, *who, foreign) != Outcome::kNotFound) continue;
    if (!answers.count("other_clinic") || !answers.count("missing")) continue;
    EXPECT_EQ(answers.at("other_clinic").status, answers.at("missing").status) << call;
    EXPECT_EQ(answers.at("other_clinic").body, answers.at("missing").body) << call;
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(checked, 500);
  // The walk leaves these out: they would end its session.
  seen.insert("POST /api/v1/auth/logout");
  seen.insert("POST /api/v1/auth/logout-everywhere");
  for (const auto& [key, e] : testing::kRouteTable) {
    EXPECT_TRUE(seen.count(key)) << "the table names a route that does not exist: " << key;
  }
}

}  // namespace
}  // namespace backcoach
