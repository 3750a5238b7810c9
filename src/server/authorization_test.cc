// The authorisation matrix: every route, as every kind of caller, against
// every kind of target id. Generated from the router's own table; a route
// the table below does not know fails the test, so a new route cannot slip
// in without its access rule being stated and checked.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "server/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

// What each route allows: who (the RouteInfo.access it must declare) and,
// for a patient's data, how (read, the patient writes, a clinician writes).
struct Expected {
  std::string access;
  std::string mode;                // "", "read", "patient_write", "clinician_write", "team_write"
  std::string scope = "clinical";  // for a patient's data: the care-team scope it needs
};

const std::map<std::string, Expected> kTable = {
    {"POST /api/v1/auth/signup", {"public", ""}},
    {"POST /api/v1/auth/login", {"public", ""}},
    {"POST /api/v1/auth/logout", {"any", ""}},
    {"GET /api/v1/me", {"any", ""}},
    {"POST /api/v1/patients/{id}/intake", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/screen", {"any", "read"}},
    {"GET /api/v1/patients/{id}/plan", {"any", "read"}},
    {"GET /api/v1/patients/{id}/today", {"any", "read"}},
    {"POST /api/v1/patients/{id}/sessions", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/sessions", {"any", "read"}},
    {"POST /api/v1/patients/{id}/checkins", {"patient", "patient_write"}},
    {"POST /api/v1/patients/{id}/pain", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/pain", {"any", "read"}},
    {"POST /api/v1/patients/{id}/questionnaires/{questionnaire}", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/questionnaires", {"any", "read"}},
    {"GET /api/v1/patients/{id}/progress", {"any", "read"}},
    {"GET /api/v1/patients/{id}/export", {"any", "read"}},
    {"POST /api/v1/patients/{id}/steps", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/export/fhir", {"any", "read"}},
    {"GET /api/v1/patients/{id}/export/csv", {"any", "read"}},
    {"GET /api/v1/patients/{id}/report.pdf", {"any", "read"}},
    {"DELETE /api/v1/patients/{id}", {"patient", "patient_write"}},
    {"GET /api/v1/clinic/patients", {"clinician", ""}},
    {"GET /api/v1/patients/{id}", {"clinician", "read"}},
    {"POST /api/v1/patients/{id}/adjustments", {"clinician", "clinician_write"}},
    {"POST /api/v1/patients/{id}/notes", {"clinician", "clinician_write"}},
    {"GET /api/v1/patients/{id}/notes", {"clinician", "read"}},
    {"POST /api/v1/clinic/invitations", {"clinician", ""}},
    {"POST /api/v1/admin/staff", {"admin", ""}},
    {"POST /api/v1/admin/users/{id}/disable", {"admin", "user"}},
    {"GET /api/v1/admin/audit/verify", {"admin", ""}},
    {"GET /api/v1/emergency", {"public", ""}},
    {"GET /api/v1/lessons", {"any", ""}},
    {"GET /api/v1/lessons/{lesson}", {"any", ""}},
    {"GET /api/v1/questionnaires", {"any", ""}},
    {"GET /healthz", {"public", ""}},
    {"GET /readyz", {"public", ""}},
    {"GET /api/v1/openapi.json", {"public", ""}},
    {"POST /api/v1/patients/{id}/care-team/invitations", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/care-team", {"patient", "patient_write"}},
    {"PUT /api/v1/patients/{id}/care-team/{member}", {"patient", "patient_write"}},
    {"DELETE /api/v1/patients/{id}/care-team/{member}", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/overview", {"any", "read", "adherence"}},
    {"GET /api/v1/patients/{id}/messages", {"any", "read", "messages"}},
    {"POST /api/v1/patients/{id}/messages", {"any", "team_write", "messages"}},
    {"POST /api/v1/care/join", {"supporter", ""}},
    {"GET /api/v1/care/patients", {"supporter", ""}},
    {"GET /api/v1/clinic/alerts", {"clinician", ""}},
    {"GET /api/v1/patients/{id}/preferences", {"patient", "patient_write"}},
    {"PUT /api/v1/patients/{id}/preferences", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/notices", {"patient", "patient_write"}},
    {"GET /api/v1/patients/{id}/summaries", {"any", "read", "adherence"}},
    {"POST /api/v1/patients/{id}/calendar", {"patient", "patient_write"}},
    {"DELETE /api/v1/patients/{id}/calendar", {"patient", "patient_write"}},
    // Public, but only at its secret URL: without the token, 404 for everyone.
    {"GET /api/v1/calendar/{id}/{token}", {"public", "feed"}},
    {"GET /api/v1/patients/{id}/alerts", {"any", "read"}},
    {"POST /api/v1/patients/{id}/alerts/{alert}", {"clinician", "clinician_write"}},
};

enum class Outcome { kAllowed, kUnauthenticated, kForbidden, kNotFound };

const char* Name(Outcome o) {
  static const char* const kNames[] = {"allowed", "401", "403", "404"};
  return kNames[static_cast<int>(o)];
}

Outcome Observed(int status) {
  if (status == 401) return Outcome::kUnauthenticated;
  if (status == 403) return Outcome::kForbidden;
  if (status == 404) return Outcome::kNotFound;
  return Outcome::kAllowed;
}

struct Principal {
  std::string name;
  std::string token;
  Role role = Role::kPatient;
  std::string clinic;   // "A", "B" or ""
  std::string self_id;  // for patients
  bool valid = true;    // false: anonymous, disabled, expired
  // For supporters: the patient whose team they are on, and what is shared.
  std::string supports = "";
  std::set<std::string> scopes = {};
};

class AuthorizationTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_a_ = MakeClinic("A");
    clinic_b_ = MakeClinic("B");
    User a1, a2, b1, disabled;
    const std::string a1_token = MakeUser("a1", Role::kPatient, clinic_a_, &a1);
    const std::string a2_token = MakeUser("a2", Role::kPatient, clinic_a_, &a2);
    const std::string b1_token = MakeUser("b1", Role::kPatient, clinic_b_, &b1);
    // Every patient has data, so that an allowed read answers 200 and only a
    // denial answers 404.
    for (const auto& [token, id] :
         {std::pair{a1_token, a1.id}, std::pair{a2_token, a2.id}, std::pair{b1_token, b1.id}}) {
      ASSERT_EQ(
          As(token, "POST", "/api/v1/patients/" + id + "/intake", testing::kSelfCareIntake).status,
          201);
      ASSERT_EQ(As(token, "POST", "/api/v1/patients/" + id + "/notes", "{}").status, 403);
    }
    const std::string disabled_token = MakeUser("gone", Role::kClinician, clinic_a_, &disabled);
    disabled.disabled = true;
    ASSERT_TRUE(store_->UpdateUser(disabled).ok());
    const std::string expired_token = MakeUser("late", Role::kPatient, clinic_a_);
    // Supporters of a1: one with the default scope, one with more shared, one
    // removed again, and a spare that the care-team routes act on.
    User s_default, s_extended, s_removed, spare;
    const std::string s_default_token = MakeUser("sd", Role::kSupporter, "", &s_default);
    const std::string s_extended_token = MakeUser("se", Role::kSupporter, "", &s_extended);
    const std::string s_removed_token = MakeUser("sr", Role::kSupporter, "", &s_removed);
    MakeUser("spare", Role::kSupporter, "", &spare);
    spare_id_ = spare.id;
    ASSERT_TRUE(store_->AddCareMember({a1.id, s_default.id, "", clock_.Now()}).ok());
    ASSERT_TRUE(
        store_->AddCareMember({a1.id, s_extended.id, "progress,symptoms", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a1.id, s_removed.id, "progress", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a1.id, spare.id, "", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a2.id, spare.id, "", clock_.Now()}).ok());
    ASSERT_EQ(As(s_removed_token, "GET", "/api/v1/patients/" + a1.id + "/overview").status, 200);
    ASSERT_TRUE(store_->RemoveCareMember(a1.id, s_removed.id).ok());
    targets_ = {{"own", a1.id},
                {"same_clinic", a2.id},
                {"other_clinic", b1.id},
                {"missing", "00000000000000000000000000000000"}};
    // Clinician B's patient, for the "own clinic" view from clinic B.
    principals_ = {
        {"anonymous", "", Role::kPatient, "", "", false},
        {"expired", expired_token, Role::kPatient, "A", "", false},
        {"disabled", disabled_token, Role::kClinician, "A", "", false},
        {"clinician_a", MakeUser("cla", Role::kClinician, clinic_a_), Role::kClinician, "A", ""},
        {"admin_a", MakeUser("ada", Role::kAdmin, clinic_a_), Role::kAdmin, "A", ""},
        {"clinician_b", MakeUser("clb", Role::kClinician, clinic_b_), Role::kClinician, "B", ""},
        {"supporter_default",
         s_default_token,
         Role::kSupporter,
         "",
         "",
         true,
         a1.id,
         {"adherence", "messages"}},
        {"supporter_extended",
         s_extended_token,
         Role::kSupporter,
         "",
         "",
         true,
         a1.id,
         {"adherence", "messages", "progress", "symptoms"}},
        {"supporter_removed", s_removed_token, Role::kSupporter, "", "", true, "", {}},
        {"patient_a2", "", Role::kPatient, "A", a2.id},
        {"patient_a1", a1_token, Role::kPatient, "A", a1.id},  // last: it may erase itself
    };
    // patient_a2 signs in through a session of its own.
    principals_[principals_.size() - 2].token = api_->auth().StartSession(a2).value().token;
    clinic_of_[a1.id] = clinic_of_[a2.id] = "A";
    clinic_of_[b1.id] = "B";
    clock_.Advance(AuthOptions{}.idle_seconds - 60);  // "late" expires, others were just made
    for (int round = 0; round < 2; ++round) {
      for (const auto& p : principals_) {
        if (!p.valid) continue;
        ASSERT_EQ(As(p.token, "GET", "/api/v1/me").status, 200) << p.name;
      }
      clock_.Advance(120);
    }
  }

  Outcome Expect(const http::Route& route, const Expected& e, const Principal& who,
                 const std::string& target_id) {
    if (e.mode == "feed") return Outcome::kNotFound;
    if (e.access == "public") return Outcome::kAllowed;
    if (!who.valid) return Outcome::kUnauthenticated;
    const bool staff = who.role == Role::kClinician || who.role == Role::kAdmin;
    const bool supporter = who.role == Role::kSupporter;
    const bool role_ok =
        e.access == "any" || (e.access == "patient" && who.role == Role::kPatient) ||
        (e.access == "clinician" && staff) || (e.access == "admin" && who.role == Role::kAdmin) ||
        (e.access == "supporter" && supporter);
    if (!role_ok) return Outcome::kForbidden;
    if (e.mode.empty()) return Outcome::kAllowed;
    if (supporter) {
      if (e.mode == "user" || who.supports != target_id) return Outcome::kNotFound;
      if (e.mode == "patient_write" || e.mode == "clinician_write") return Outcome::kForbidden;
      return who.scopes.count(e.scope) ? Outcome::kAllowed : Outcome::kForbidden;
    }
    auto clinic = clinic_of_.find(target_id);
    const std::string target_clinic = clinic == clinic_of_.end() ? "" : clinic->second;
    if (e.mode == "user") {
      return target_clinic == who.clinic ? Outcome::kAllowed : Outcome::kNotFound;
    }
    const bool self = who.self_id == target_id;
    const bool same_clinic_staff = staff && !target_clinic.empty() && target_clinic == who.clinic;
    if (!self && !same_clinic_staff) return Outcome::kNotFound;
    if (e.mode == "patient_write" && !self) return Outcome::kForbidden;
    if (e.mode == "clinician_write" && !same_clinic_staff) return Outcome::kForbidden;
    (void)route;
    return Outcome::kAllowed;
  }

  // Undoes an allowed "disable" so that the patient can go on being a
  // principal: the account is enabled again and signs in afresh.
  void Reenable(const std::string& id) {
    auto user = store_->GetUser(id);
    ASSERT_TRUE(user.ok());
    user->disabled = false;
    ASSERT_TRUE(store_->UpdateUser(*user).ok());
    for (auto& p : principals_) {
      if (p.self_id == id) p.token = api_->auth().StartSession(*user).value().token;
    }
  }

  std::string Fill(const std::string& pattern, const std::string& id) const {
    std::string path = pattern;
    auto replace = [&](const std::string& name, const std::string& value) {
      auto at = path.find(name);
      if (at != std::string::npos) path.replace(at, name.size(), value);
    };
    replace("{id}", id);
    replace("{lesson}", "movement_beats_rest");
    replace("{questionnaire}", "nrs");
    replace("{member}", spare_id_);
    return path;
  }

  std::string clinic_a_, clinic_b_, spare_id_;
  std::vector<std::pair<std::string, std::string>> targets_;
  std::vector<Principal> principals_;
  std::map<std::string, std::string> clinic_of_;
};

TEST_F(AuthorizationTest, EveryRouteAsEveryPrincipalAgainstEveryTarget) {
  std::vector<const http::Route*> routes;
  for (const auto& r : router_.routes()) routes.push_back(&r);
  // Deletions last, erasure the very last, so the patient who erases
  // themselves does it at the end.
  auto rank = [](const http::Route* r) {
    if (r->method != "DELETE") return 0;
    return r->pattern == "/api/v1/patients/{id}" ? 2 : 1;
  };
  std::stable_sort(routes.begin(), routes.end(),
                   [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
  int checked = 0, mismatches = 0;
  std::set<std::string> seen;
  for (const http::Route* route : routes) {
    const std::string key = route->method + " " + route->pattern;
    seen.insert(key);
    auto it = kTable.find(key);
    ASSERT_NE(it, kTable.end()) << "route missing from the authorisation table: " << key;
    const Expected& e = it->second;
    EXPECT_EQ(route->info.access, e.access) << key;
    const bool has_id = route->pattern.find("{id}") != std::string::npos;
    for (const auto& who : principals_) {
      std::map<std::string, http::Response> by_target;
      // A patient who erases themselves does it last.
      auto targets = targets_;
      std::stable_partition(targets.begin(), targets.end(),
                            [&](const auto& t) { return t.second != who.self_id; });
      for (const auto& [target, id] : targets) {
        if (!has_id && target != "own") continue;
        if (key == "POST /api/v1/auth/logout") continue;  // would end the session under test
        const auto response = As(who.token, route->method, Fill(route->pattern, id), "{}");
        by_target.emplace(target, response);
        if (key == "POST /api/v1/admin/users/{id}/disable" && response.status == 200) {
          Reenable(id);
        }
        const Outcome want = Expect(*route, e, who, id);
        const Outcome got = Observed(response.status);
        ++checked;
        if (want != got) {
          ++mismatches;
          ADD_FAILURE() << key << " as " << who.name << " on " << target << ": expected "
                        << Name(want) << ", got " << response.status << " " << response.body;
        }
      }
      const bool foreign_denied =
          has_id &&
          Expect(*route, e, who, clinic_of_.count(targets_[2].second) ? targets_[2].second : "") ==
              Outcome::kNotFound;
      if (foreign_denied && by_target.count("other_clinic") && by_target.count("missing")) {
        EXPECT_EQ(by_target.at("other_clinic").status, by_target.at("missing").status)
            << key << " as " << who.name;
        EXPECT_EQ(by_target.at("other_clinic").body, by_target.at("missing").body)
            << key << " as " << who.name;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(checked, 500);
  for (const auto& [key, e] : kTable) {
    EXPECT_TRUE(seen.count(key)) << "the table names a route that does not exist: " << key;
  }
}

}  // namespace
}  // namespace backcoach
