// The route matrix: every route of the router, as every kind of caller,
// against every kind of target id, over an API whose patients have data in
// every free-text field they or their team can write. Each such field holds
// a marker, a word unique to the patient and the field, with the users
// entitled to read it.
//
// Walk() sends every request of the matrix and hands each answer to a
// visitor; each test checks one property over the same walk:
//   authorization_test.cc  who gets in (the route table below)
//   leak_canary_test.cc    no answer shows a marker to someone not entitled
//   audit_matrix_test.cc   every request leaves the audit rows it should
// A route the table does not know fails the walk, so a new route cannot
// slip in without its access rule being stated and checked by all three.
#ifndef BACKCOACH_API_ROUTE_MATRIX_FIXTURE_H_
#define BACKCOACH_API_ROUTE_MATRIX_FIXTURE_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "api/api_test_fixture.h"

namespace backcoach::testing {

// What each route allows: the access (and share scope) it must declare in the
// route table (app/access.h), and what an {id} that is not a patient names.
struct Expected {
  RouteAccess access;
  // "user": an account a clinic's admin manages; "feed": a calendar's
  // secret URL, which the walk never knows.
  std::string id_names = "";
};

inline const std::map<std::string, Expected> kRouteTable = {
    {"POST /api/v1/auth/signup", {Access::kPublic}},
    {"POST /api/v1/auth/login", {Access::kPublic}},
    {"POST /api/v1/auth/logout", {Access::kSignedIn}},
    {"POST /api/v1/auth/logout-everywhere", {Access::kSignedIn}},
    {"POST /api/v1/auth/password", {Access::kSignedIn}},
    {"POST /api/v1/auth/reset", {Access::kPublic}},
    {"POST /api/v1/auth/reset/confirm", {Access::kPublic}},
    {"POST /api/v1/auth/signup/confirm", {Access::kPublic}},
    {"GET /api/v1/me", {Access::kSignedIn}},
    {"POST /api/v1/patients/{id}/intake", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/screen", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/plan", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/today", {Access::kCareTeam}},
    {"POST /api/v1/patients/{id}/sessions", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/sessions", {Access::kCareTeam}},
    // The camera coach's recordings: shared by the patient, read by them and
    // their clinic (clinical: never shared with a supporter).
    {"POST /api/v1/patients/{id}/recordings", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/recordings", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/recordings/{recording}", {Access::kCareTeam}},
    {"DELETE /api/v1/patients/{id}/recordings/{recording}", {Access::kSelf}},
    {"POST /api/v1/patients/{id}/checkins", {Access::kSelf}},
    {"POST /api/v1/patients/{id}/pain", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/pain", {Access::kCareTeam}},
    {"POST /api/v1/patients/{id}/questionnaires/{questionnaire}", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/questionnaires", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/progress", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/export", {Access::kCareTeam}},
    {"POST /api/v1/patients/{id}/steps", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/export/fhir", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/export/csv", {Access::kCareTeam}},
    {"GET /api/v1/patients/{id}/report.pdf", {Access::kCareTeam}},
    {"DELETE /api/v1/patients/{id}", {Access::kSelf}},
    {"GET /api/v1/clinic/patients", {Access::kClinicStaff}},
    {"GET /api/v1/patients/{id}", {Access::kClinicians}},
    {"POST /api/v1/patients/{id}/adjustments", {Access::kTreating}},
    {"POST /api/v1/patients/{id}/notes", {Access::kTreating}},
    // A clinician (not an admin) of the clinic, or the patient without one.
    {"POST /api/v1/patients/{id}/clearance", {Access::kClearer}},
    {"GET /api/v1/patients/{id}/notes", {Access::kClinicians}},
    {"POST /api/v1/clinic/invitations", {Access::kClinicStaff}},
    {"POST /api/v1/admin/staff", {Access::kClinicAdmin}},
    {"POST /api/v1/admin/users/{id}/disable", {Access::kClinicAdmin, "user"}},
    {"POST /api/v1/admin/users/{id}/enable", {Access::kClinicAdmin, "user"}},
    {"POST /api/v1/admin/users/{id}/reset-link", {Access::kClinicAdmin, "user"}},
    {"GET /api/v1/admin/audit/verify", {Access::kClinicAdmin}},
    {"GET /api/v1/admin/audit/anchor", {Access::kClinicAdmin}},
    {"GET /api/v1/admin/staff", {Access::kClinicAdmin}},
    {"GET /api/v1/admin/accounts", {Access::kClinicAdmin}},
    {"GET /api/v1/admin/audit", {Access::kClinicAdmin}},
    {"GET /api/v1/admin/clinic", {Access::kClinicAdmin}},
    {"PUT /api/v1/admin/clinic", {Access::kClinicAdmin}},
    // A patient without a clinic joins one with its code.
    {"POST /api/v1/patients/{id}/clinic", {Access::kSelf}},
    {"GET /api/v1/emergency", {Access::kPublic}},
    {"POST /api/v1/screen/partial", {Access::kSignedIn}},
    {"GET /api/v1/lessons", {Access::kSignedIn}},
    {"GET /api/v1/lessons/{lesson}", {Access::kSignedIn}},
    {"GET /api/v1/questionnaires", {Access::kSignedIn}},
    {"GET /healthz", {Access::kPublic}},
    {"GET /readyz", {Access::kPublic}},
    {"GET /api/v1/openapi.json", {Access::kPublic}},
    {"POST /api/v1/patients/{id}/care-team/invitations", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/care-team", {Access::kSelf}},
    {"PUT /api/v1/patients/{id}/care-team/{member}", {Access::kSelf}},
    {"DELETE /api/v1/patients/{id}/care-team/{member}", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/overview", {{Access::kCareTeam, Scope::kAdherence}}},
    {"GET /api/v1/patients/{id}/messages", {{Access::kCareTeam, Scope::kMessages}}},
    {"POST /api/v1/patients/{id}/messages", {{Access::kCareTeam, Scope::kMessages}}},
    {"GET /api/v1/patients/{id}/threads", {{Access::kCareTeam, Scope::kMessages}}},
    {"POST /api/v1/patients/{id}/messages/read", {{Access::kCareTeam, Scope::kMessages}}},
    {"GET /api/v1/patients/{id}/lead-clinician", {Access::kClinicians}},
    {"PUT /api/v1/patients/{id}/lead-clinician", {Access::kClinicians}},
    {"POST /api/v1/care/join", {Access::kSupporter}},
    {"GET /api/v1/care/patients", {Access::kSupporter}},
    {"GET /api/v1/clinic/alerts", {Access::kClinicStaff}},
    {"GET /api/v1/patients/{id}/preferences", {Access::kSelf}},
    {"PUT /api/v1/patients/{id}/preferences", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/notices", {Access::kSelf}},
    {"GET /api/v1/patients/{id}/summaries", {{Access::kCareTeam, Scope::kAdherence}}},
    {"POST /api/v1/patients/{id}/calendar", {Access::kSelf}},
    {"DELETE /api/v1/patients/{id}/calendar", {Access::kSelf}},
    // Public, but only at its secret URL: without the token, 404 for everyone.
    {"GET /api/v1/calendar/{id}/{token}", {Access::kPublic, "feed"}},
    {"GET /api/v1/patients/{id}/alerts", {Access::kCareTeam}},
    {"POST /api/v1/patients/{id}/alerts/{alert}", {Access::kTreating}},
};

// A recording of the camera coach (docs/motion.md) of two frames.
inline constexpr const char* kWalkRecording =
    "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
    "\"keypoints\":\"coco17\"}\n"
    "{\"t\":0,\"points\":{\"left_hip\":[312.5,240.1,0.82]}}\n"
    "{\"t\":0.067,\"points\":{\"left_hip\":[312.5,241.1,0.8]}}\n";

enum class Outcome { kAllowed, kUnauthenticated, kForbidden, kNotFound };

inline const char* Name(Outcome o) {
  static const char* const kNames[] = {"allowed", "401", "403", "404"};
  return kNames[static_cast<int>(o)];
}

inline Outcome Observed(int status) {
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
  std::string user_id = "";  // the account behind the token; "" for anonymous
};

// A word written into one free-text field of one patient's data, and the
// accounts entitled to read it there.
struct Marker {
  std::string text;
  std::string patient_id;  // whose data it is
  std::string field;       // where it was written, for messages
  std::set<std::string> readers;
};

// One request of the matrix.
struct MatrixRequest {
  std::string key;  // "GET /api/v1/patients/{id}/plan"
  const http::Route* route = nullptr;
  const Expected* expected = nullptr;
  const Principal* who = nullptr;
  std::string target;     // "own", "same_clinic", "other_clinic", "missing"
  std::string target_id;  // the id put in for {id}
  std::string query;      // "" or "?file=steps", ...: routes are tried with each of theirs
  std::string method;
  std::string path;  // with the query
  std::string body;
};

class RouteMatrixFixture : public ApiFixture {
 protected:
  using Visit = std::function<void(const MatrixRequest&, const http::Response&)>;
  using Before = std::function<void(const MatrixRequest&)>;

  void SetUp() override {
    ApiFixture::SetUp();
    clinic_a_ = MakeClinic("A");
    clinic_b_ = MakeClinic("B");
    User a1, a2, b1, disabled, expired, cla, ada, clb;
    const std::string a1_token = MakeUser("a1", Role::kPatient, clinic_a_, &a1);
    const std::string a2_token = MakeUser("a2", Role::kPatient, clinic_a_, &a2);
    const std::string b1_token = MakeUser("b1", Role::kPatient, clinic_b_, &b1);
    const std::string cla_token = MakeUser("cla", Role::kClinician, clinic_a_, &cla);
    const std::string ada_token = MakeUser("ada", Role::kAdmin, clinic_a_, &ada);
    const std::string clb_token = MakeUser("clb", Role::kClinician, clinic_b_, &clb);
    const std::string disabled_token = MakeUser("gone", Role::kClinician, clinic_a_, &disabled);
    disabled.disabled = true;
    ASSERT_TRUE(store_->UpdateUser(disabled).ok());
    const std::string expired_token = MakeUser("late", Role::kPatient, clinic_a_, &expired);
    // Supporters of a1: one with the default scope, one with more shared, one
    // removed again, and a spare that the care-team routes act on.
    User s_default, s_extended, s_removed, spare;
    const std::string s_default_token = MakeUser("sd", Role::kSupporter, "", &s_default);
    const std::string s_extended_token = MakeUser("se", Role::kSupporter, "", &s_extended);
    const std::string s_removed_token = MakeUser("sr", Role::kSupporter, "", &s_removed);
    const std::string spare_token = MakeUser("spare", Role::kSupporter, "", &spare);
    spare_id_ = spare.id;
    ASSERT_TRUE(store_->AddCareMember({a1.id, s_default.id, "", clock_.Now()}).ok());
    ASSERT_TRUE(
        store_->AddCareMember({a1.id, s_extended.id, "progress,symptoms", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a1.id, s_removed.id, "progress", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a1.id, spare.id, "", clock_.Now()}).ok());
    ASSERT_TRUE(store_->AddCareMember({a2.id, spare.id, "", clock_.Now()}).ok());

    // Every patient has data in every free-text field, so that an allowed
    // read answers 200 (only a denial answers 404) and shows markers.
    const std::set<std::string> staff_a = {cla.id, ada.id}, staff_b = {clb.id};
    Writer w1{"a1", a1_token, a1, cla_token, cla, staff_a, {s_default.id, s_extended.id, spare.id}};
    Writer w2{"a2", a2_token, a2, cla_token, cla, staff_a, {spare.id}};
    Writer w3{"b1", b1_token, b1, clb_token, clb, staff_b, {}};
    for (Writer* w : {&w1, &w2, &w3}) {
      ASSERT_NO_FATAL_FAILURE(WritePatientData(*w));
      ASSERT_EQ(As(w->token, "POST", "/api/v1/patients/" + w->patient.id + "/notes", "{}").status,
                403);
    }
    // b1's plan has a finding open, so that the walk sees a clearance go
    // through: their clinic's clinician clears it (201); the others find
    // nothing to clear (409) or are refused.
    ASSERT_NO_FATAL_FAILURE(OpenFinding(w3));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w1, s_default_token, s_default, "sd"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w1, s_extended_token, s_extended, "se"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w1, spare_token, spare, "spare"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w1, cla_token, cla, "cla"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w2, spare_token, spare, "spare"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w2, cla_token, cla, "cla"));
    ASSERT_NO_FATAL_FAILURE(WriteThread(w3, clb_token, clb, "clb"));
    // The supporters' names: theirs, and shown to the patients whose team
    // they were put on, and to the admin of those patients' clinic, who
    // manages their accounts (the accounts list, the audit search).
    for (auto [member, tag, patients] :
         {std::tuple{&s_default, "sd", std::set<std::string>{a1.id}},
          std::tuple{&s_extended, "se", std::set<std::string>{a1.id}},
          std::tuple{&s_removed, "sr", std::set<std::string>{a1.id}},
          std::tuple{&spare, "spare", std::set<std::string>{a1.id, a2.id}}}) {
      member->display_name = Word(tag, "name");
      ASSERT_TRUE(store_->UpdateUser(*member).ok());
      patients.insert(member->id);
      patients.insert(ada.id);
      markers_.push_back({member->display_name, a1.id, "supporter name", patients});
    }

    ASSERT_EQ(As(s_removed_token, "GET", "/api/v1/patients/" + a1.id + "/overview").status, 200);
    ASSERT_TRUE(store_->RemoveCareMember(a1.id, s_removed.id).ok());
    targets_ = {{"own", a1.id},
                {"same_clinic", a2.id},
                {"other_clinic", b1.id},
                {"missing", "00000000000000000000000000000000"}};
    principals_ = {
        {"anonymous", "", Role::kPatient, "", "", false},
        {"expired", expired_token, Role::kPatient, "A", "", false},
        {"disabled", disabled_token, Role::kClinician, "A", "", false},
        {"clinician_a", cla_token, Role::kClinician, "A", ""},
        {"admin_a", ada_token, Role::kAdmin, "A", ""},
        {"clinician_b", clb_token, Role::kClinician, "B", ""},
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
        // patient_a2 signs in through a session of its own.
        {"patient_a2", api_->auth().StartSession(a2).value().token, Role::kPatient, "A", a2.id},
        {"patient_a1", a1_token, Role::kPatient, "A", a1.id},  // last: it may erase itself
    };
    const std::map<std::string, std::string> ids = {{"expired", expired.id},
                                                    {"disabled", disabled.id},
                                                    {"clinician_a", cla.id},
                                                    {"admin_a", ada.id},
                                                    {"clinician_b", clb.id},
                                                    {"supporter_default", s_default.id},
                                                    {"supporter_extended", s_extended.id},
                                                    {"supporter_removed", s_removed.id},
                                                    {"patient_a2", a2.id},
                                                    {"patient_a1", a1.id}};
    for (auto& p : principals_) {
      if (ids.count(p.name)) p.user_id = ids.at(p.name);
    }
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

  // The answer the access rules give `who` for this route and target: a
  // model of its own, so that a rule changed in access.cc or ReachPatient
  // shows here.
  Outcome Expect(const Expected& e, const Principal& who, const std::string& target_id) const {
    const Access access = e.access.access;
    if (e.id_names == "feed") return Outcome::kNotFound;
    if (access == Access::kPublic) return Outcome::kAllowed;
    if (!who.valid) return Outcome::kUnauthenticated;
    const bool staff = who.role == Role::kClinician || who.role == Role::kAdmin;
    const bool supporter = who.role == Role::kSupporter;
    bool role_ok = true;  // kSignedIn, and kCareTeam and kClearer until the patient is looked at
    if (access == Access::kSelf) role_ok = who.role == Role::kPatient;
    if (access == Access::kSupporter) role_ok = supporter;
    if (access == Access::kClinicStaff || access == Access::kClinicians ||
        access == Access::kTreating) {
      role_ok = staff;
    }
    if (access == Access::kClinicAdmin) role_ok = who.role == Role::kAdmin;
    if (!role_ok) return Outcome::kForbidden;
    const bool patient_data = access == Access::kSelf || access == Access::kCareTeam ||
                              access == Access::kClinicians || access == Access::kClearer ||
                              access == Access::kTreating;
    if (!patient_data && e.id_names.empty()) return Outcome::kAllowed;
    if (supporter) {
      if (e.id_names == "user" || who.supports != target_id) return Outcome::kNotFound;
      if (access != Access::kCareTeam) return Outcome::kForbidden;
      return who.scopes.count(ScopeName(e.access.scope)) ? Outcome::kAllowed : Outcome::kForbidden;
    }
    auto clinic = clinic_of_.find(target_id);
    const std::string target_clinic = clinic == clinic_of_.end() ? "" : clinic->second;
    if (e.id_names == "user") {
      return target_clinic == who.clinic ? Outcome::kAllowed : Outcome::kNotFound;
    }
    const bool self = who.self_id == target_id;
    const bool same_clinic_staff = staff && !target_clinic.empty() && target_clinic == who.clinic;
    if (!self && !same_clinic_staff) return Outcome::kNotFound;
    if (access == Access::kSelf && !self) return Outcome::kForbidden;
    if ((access == Access::kClinicians || access == Access::kTreating) && !same_clinic_staff) {
      return Outcome::kForbidden;
    }
    // Only clinicians change a plan, write notes or change an alert: the
    // walk's admin is not also a clinician.
    if (access == Access::kTreating && who.role != Role::kClinician) return Outcome::kForbidden;
    // The clinic's clinicians clear, or the patient while without a clinic.
    if (access == Access::kClearer && self && !who.clinic.empty()) return Outcome::kForbidden;
    if (access == Access::kClearer && !self && who.role != Role::kClinician) {
      return Outcome::kForbidden;
    }
    return Outcome::kAllowed;
  }

  // Sends every request of the matrix in order, calling `before` (if given)
  // just before each and `visit` with its answer. Deletions come last, and
  // the patient's erasure of themselves the very last of all.
  void Walk(const Visit& visit, const Before& before = nullptr) {
    for (const http::Route* route : RoutesInWalkOrder()) {
      const std::string key = route->method + " " + route->pattern;
      auto it = kRouteTable.find(key);
      ASSERT_NE(it, kRouteTable.end()) << "route missing from the route table: " << key;
      // These would end the session under test.
      if (key == "POST /api/v1/auth/logout" || key == "POST /api/v1/auth/logout-everywhere") {
        continue;
      }
      const bool has_id = route->pattern.find("{id}") != std::string::npos;
      for (const auto& who : principals_) {
        auto targets = targets_;
        std::stable_partition(targets.begin(), targets.end(),
                              [&](const auto& t) { return t.second != who.self_id; });
        for (const auto& [target, id] : targets) {
          if (!has_id && target != "own") continue;
          for (const std::string& query : QueriesFor(key)) {
            MatrixRequest r{key,
                            route,
                            &it->second,
                            &who,
                            target,
                            id,
                            query,
                            route->method,
                            Fill(route->pattern, id) + query,
                            BodyFor(key, id)};
            // Joining a clinic needs a patient without one: the caller's
            // own request leaves theirs first, and joins it again.
            if (key == kJoinClinic && who.self_id == id) r.body = LeaveClinic(id);
            if (before) before(r);
            const auto response = As(who.token, r.method, r.path, r.body);
            if (key == "POST /api/v1/admin/users/{id}/disable" && response.status == 200) {
              Reenable(id);
            }
            visit(r, response);
          }
        }
      }
    }
  }

  // The routes in the order Walk() takes them.
  std::vector<const http::Route*> RoutesInWalkOrder() const {
    std::vector<const http::Route*> routes;
    for (const auto& r : router_.routes()) routes.push_back(&r);
    auto rank = [](const http::Route* r) {
      if (r->method != "DELETE") return 0;
      return r->pattern == "/api/v1/patients/{id}" ? 2 : 1;
    };
    std::stable_sort(routes.begin(), routes.end(),
                     [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    return routes;
  }

  // A body the route accepts from someone allowed to call it, with text of
  // no patient's: a marker sent by a caller and echoed back to them is no
  // leak, so the walk writes none. Sign-up and sign-in get "{}" (a password
  // to hash would cost more than the whole walk).
  std::string BodyFor(const std::string& key, const std::string& target_id) {
    const std::string base = "/api/v1/patients/{id}";
    if (key == "POST " + base + "/intake") return kSelfCareIntake;
    if (key == "POST " + base + "/sessions") {
      return R"({"date": "2026-11-24", "exercises": [], "pain_after": 2, "effort": 3})";
    }
    if (key == "POST " + base + "/checkins") {
      return R"({"date": "2026-11-24", "pain_next_morning": 2})";
    }
    if (key == "POST " + base + "/pain") return R"({"pain": 3, "note": "walk note"})";
    if (key == "POST " + base + "/questionnaires/{questionnaire}") {
      return R"({"answers": {"pain": 4}})";
    }
    if (key == "POST " + base + "/steps") return "date,steps\n2026-11-20,4000\n";
    if (key == "POST " + base + "/recordings") return kWalkRecording;
    if (key == "POST " + base + "/adjustments") {
      auto it = first_exercise_.find(target_id);
      return json{{"exercise_id", it == first_exercise_.end() ? "" : it->second},
                  {"action", "pin"},
                  {"reason", "walk reason"}}
          .dump();
    }
    if (key == "POST " + base + "/notes") return R"({"text": "walk note"})";
    if (key == "POST " + base + "/clearance") return R"({"seen": "not_yet"})";
    if (key == "POST /api/v1/admin/staff") {
      return json{{"role", "clinician"},
                  {"email", "walk" + std::to_string(++staff_made_) + "@example.test"},
                  {"password", "correct horse battery"},
                  {"display_name", "walk"}}
          .dump();
    }
    if (key == "POST " + base + "/care-team/invitations") return R"({"scopes": ["progress"]})";
    if (key == "PUT " + base + "/care-team/{member}") return R"({"scopes": ["progress"]})";
    if (key == "POST " + base + "/messages") {
      return json{{"text", "walk message"}, {"to", spare_id_}}.dump();
    }
    if (key == "POST " + base + "/messages/read") return json{{"with", spare_id_}}.dump();
    if (key == "PUT " + base + "/lead-clinician") return R"({"clinician_id": null})";
    if (key == "POST /api/v1/care/join") return R"({"code": "nobody-0000"})";
    if (key == "PUT " + base + "/preferences") {
      return R"({"reminder_times": ["07:30"], "utc_offset_minutes": 60})";
    }
    if (key == "POST " + base + "/alerts/{alert}") return R"({"state": "seen"})";
    if (key == "PUT /api/v1/admin/clinic") {
      return R"({"name": "A", "emergency_number": "112"})";
    }
    return "{}";
  }

  // The query strings a route is tried with: every file of the CSV export,
  // say, so that every export is searched.
  static std::vector<std::string> QueriesFor(const std::string& key) {
    if (key == "GET /api/v1/patients/{id}/export/csv") {
      return {"",
              "?file=sessions",
              "?file=exercise_logs",
              "?file=checkins",
              "?file=pain_diary",
              "?file=questionnaires",
              "?file=steps"};
    }
    if (key == "GET /api/v1/patients/{id}/today") return {"", "?date=2026-11-23"};
    if (key == "POST /api/v1/patients/{id}/recordings") return {"?exercise=glute_bridge"};
    if (key == "GET /api/v1/clinic/alerts") return {"", "?open=true"};
    if (key == "GET /api/v1/clinic/patients") return {"", "?search=zq"};
    return {""};
  }

  static constexpr const char* kJoinClinic = "POST /api/v1/patients/{id}/clinic";

  // Takes the patient out of their clinic and answers the body that joins
  // them to it again: a fresh invitation code of that clinic.
  std::string LeaveClinic(const std::string& patient_id) {
    auto user = store_->GetUser(patient_id);
    EXPECT_TRUE(user.ok());
    if (!user.ok()) return "{}";
    User inviter;
    inviter.clinic_id = user->clinic_id;
    user->clinic_id = "";
    EXPECT_TRUE(store_->UpdateUser(*user).ok());
    auto invitation = api_->service().Invite(inviter);
    EXPECT_TRUE(invitation.ok());
    return json{{"code", invitation.ok() ? invitation->code : ""}}.dump();
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
    auto alert = alert_of_.find(id);
    auto recording = recording_of_.find(id);
    replace("{id}", id);
    replace("{recording}", recording == recording_of_.end() ? "none" : recording->second);
    replace("{lesson}", "movement_beats_rest");
    replace("{questionnaire}", "nrs");
    replace("{member}", spare_id_);
    replace("{alert}", alert == alert_of_.end() ? "none" : alert->second);
    return path;
  }

  // A marker: "zq", the owner's tag, the field, "qz". No tag or field holds
  // a "q", so no marker is part of another.
  static std::string Word(const std::string& tag, const std::string& field) {
    return "zq" + tag + field + "qz";
  }

  std::string clinic_a_, clinic_b_, spare_id_;
  std::vector<std::pair<std::string, std::string>> targets_;
  std::vector<Principal> principals_;
  std::map<std::string, std::string> clinic_of_;
  std::vector<Marker> markers_;
  std::map<std::string, std::string> alert_of_;        // patient id -> an alert of theirs
  std::map<std::string, std::string> recording_of_;    // patient id -> a recording they shared
  std::map<std::string, std::string> first_exercise_;  // patient id -> an exercise of the plan
  int staff_made_ = 0;

 private:
  // A patient, their clinician, and who may read what of theirs.
  struct Writer {
    std::string tag;
    std::string token;
    User patient;
    std::string clinician_token;
    User clinician;
    std::set<std::string> staff;       // the clinic's clinicians and admins
    std::set<std::string> supporters;  // on the team
  };

  // Records `text` as written into `field` of the writer's patient's data,
  // readable by the patient and `readers`.
  std::string Mark(const Writer& w, const std::string& field, std::set<std::string> readers) {
    readers.insert(w.patient.id);
    markers_.push_back({Word(w.tag, field), w.patient.id, field, std::move(readers)});
    return markers_.back().text;
  }

  void WritePatientData(Writer& w) {
    const std::string id = w.patient.id, path = "/api/v1/patients/" + id;
    std::set<std::string> team = w.staff;
    team.insert(w.supporters.begin(), w.supporters.end());
    w.patient.display_name = Mark(w, "name", team);
    w.patient.email = Mark(w, "email", w.staff) + "@example.test";
    ASSERT_TRUE(store_->UpdateUser(w.patient).ok());

    json intake = json::parse(kSelfCareIntake);
    intake["goals"] = {Mark(w, "goal", w.staff)};
    auto r = As(w.token, "POST", path + "/intake", intake.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    const json today = Body(As(w.token, "GET", path + "/today?date=2026-11-23"));
    ASSERT_FALSE(today["exercises"].empty());
    first_exercise_[id] = today["exercises"][0]["id"];
    json exercises = json::array();
    const std::string hurt = Mark(w, "hurt", w.staff);
    for (const auto& card : today["exercises"]) {
      exercises.push_back({{"id", card["id"]}, {"pain_during", 3}, {"what_hurt", hurt}});
    }
    r = As(w.token, "POST", path + "/sessions",
           json{{"date", "2026-11-23"}, {"exercises", exercises}, {"pain_after", 3}, {"effort", 5}}
               .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    r = As(w.token, "POST", path + "/pain",
           json{{"pain", 4}, {"note", Mark(w, "diary", w.staff)}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    r = As(w.token, "POST", path + "/steps", AppleHealthExport(Mark(w, "source", w.staff)));
    ASSERT_EQ(r.status, 201) << r.body;
    r = As(w.token, "POST", path + "/recordings?exercise=glute_bridge", kWalkRecording);
    ASSERT_EQ(r.status, 201) << r.body;
    recording_of_[id] = Body(r)["id"];

    r = As(w.clinician_token, "POST", path + "/notes",
           json{{"text", Mark(w, "note", w.staff)}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    r = As(w.clinician_token, "POST", path + "/adjustments",
           json{{"exercise_id", first_exercise_[id]},
                {"action", "pin"},
                {"reason", Mark(w, "adjust", w.staff)}}
               .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    Alert alert;
    alert.patient_id = id;
    alert.clinic_id = w.patient.clinic_id;
    alert.rule = "inactive";
    alert.period = "2026-11-20";
    alert.kind = AlertKind::kConcern;
    alert.reason = "no session for 7 days";
    alert.created_at = alert.updated_at = clock_.Now();
    ASSERT_TRUE(store_->AddAlert(alert).ok());
    alert_of_[id] = alert.id;
    r = As(w.clinician_token, "POST", path + "/alerts/" + alert.id,
           json{{"state", "resolved"}, {"note", Mark(w, "alertnote", w.staff)}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;

    auto summary = api_->service().WeeklySummary(id, Date::Parse("2026-11-23").value());
    ASSERT_TRUE(summary.ok());
    ASSERT_TRUE(api_->service().AddNotice(id, *summary).ok());
  }

  // A session log of the patient's reporting constant night pain: the
  // engine opens a finding that a clinician of their clinic may clear.
  void OpenFinding(Writer& w) {
    const std::string path = "/api/v1/patients/" + w.patient.id;
    auto r = As(w.token, "POST", path + "/sessions",
                json{{"date", "2026-11-23"},  // today: a clearance is dated today
                     {"exercises", json::array()},
                     {"pain_after", 3},
                     {"effort", 3},
                     {"constant_night_pain", true}}
                    .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    const json plan = Body(As(w.token, "GET", path + "/plan"));
    ASSERT_FALSE(plan["open_findings"].empty()) << plan.dump();
  }

  // A message each way in the thread between the patient and a member.
  void WriteThread(Writer& w, const std::string& member_token, const User& member,
                   const std::string& member_tag) {
    const std::string path = "/api/v1/patients/" + w.patient.id + "/messages";
    const std::set<std::string> readers = {member.id};
    auto r =
        As(w.token, "POST", path,
           json{{"text", Mark(w, "msg" + member_tag + "by" + w.tag, readers)}, {"to", member.id}}
               .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    r = As(member_token, "POST", path,
           json{{"text", Mark(w, "msg" + member_tag + "by" + member_tag, readers)}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // A small Apple Health export whose steps come from a device named `source`.
  static std::string AppleHealthExport(const std::string& source) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData locale=\"en_GB\">\n"
           " <ExportDate value=\"2026-11-23 08:00:00 +0000\"/>\n"
           " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"" +
           source +
           "\" unit=\"count\" startDate=\"2026-11-22 10:00:00 +0000\" "
           "endDate=\"2026-11-22 10:30:00 +0000\" value=\"5200\"/>\n</HealthData>\n";
  }
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_API_ROUTE_MATRIX_FIXTURE_H_
