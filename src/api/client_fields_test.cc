// Fields a client must not set are ignored: every write route is called by
// someone allowed to, with a body it accepts plus ids, owners, roles,
// clinics, times, flags and scopes of someone else's choosing. None of them
// may reach what is stored: users keep their role, clinic and flags, new
// records belong to the patient of the URL and the caller who wrote them,
// at the server's time, and no stored payload or answer repeats the values.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/route_matrix_fixture.h"

namespace backcoach {
namespace {

// Routes whose bodies are strict (an unknown field is refused rather than
// ignored, so a misspelt symptom is never dropped): they answer 422. The
// partial screen reads intake answers as the intake does.
// (A reset by e-mail is refused on a server that sends no e-mail.)
const std::set<std::string> kStrict = {"POST /api/v1/patients/{id}/intake",
                                       "POST /api/v1/patients/{id}/sessions",
                                       "POST /api/v1/screen/partial", "POST /api/v1/auth/reset"};

// Fields that some routes do read, legitimately, from the body.
const std::map<std::string, std::set<std::string>> kLegitimate = {
    {"POST /api/v1/admin/staff", {"role", "email"}},
    {"POST /api/v1/auth/signup", {"email"}},
    {"POST /api/v1/auth/login", {"email"}},
    {"POST /api/v1/patients/{id}/care-team/invitations", {"scopes"}},
    {"PUT /api/v1/patients/{id}/care-team/{member}", {"scopes"}},
    {"POST /api/v1/patients/{id}/alerts/{alert}", {"state"}},
};

class ClientFieldsTest : public testing::RouteMatrixFixture {
 protected:
  void SetUp() override {
    RouteMatrixFixture::SetUp();
    intruder_ = targets_[2].second;  // the other clinic's patient
  }

  // What a client might try to set, pointing at someone else.
  json Hostile() const {
    return {{"id", "hostile-id"},
            {"patient_id", intruder_},
            {"author_id", intruder_},
            {"user_id", intruder_},
            {"member_id", intruder_},
            {"owner", intruder_},
            {"used_by", intruder_},
            {"role", "admin"},
            {"clinic_id", clinic_b_},
            {"clinic", clinic_b_},
            {"created_at", 1},
            {"updated_at", 1},
            {"added_at", 1},
            {"expires_at", 1},
            {"disabled", true},
            {"version", 99},
            {"seq", 1},
            {"hash", "hostile-hash"},
            {"prev_hash", "hostile-hash"},
            {"kind", "note"},
            {"author", "hostile-author"},
            {"email", "hostile@example.test"},
            {"scopes", {"progress", "symptoms", "clinical"}}};
  }

  std::string HostileBody(const std::string& key, const std::string& valid) const {
    if (key == "POST /api/v1/patients/{id}/steps") {
      return "date,steps,patient_id,author_id,created_at,source\n2026-11-20,4000," + intruder_ +
             "," + intruder_ + ",1,hostile-source\n";
    }
    if (key == "POST /api/v1/patients/{id}/recordings") {
      // A recording whose first line names someone else: it is the
      // patient's recording all the same, or none.
      return "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
             "\"keypoints\":\"coco17\",\"patient_id\":\"" +
             intruder_ + "\",\"author_id\":\"" + intruder_ + "\"}\n" +
             valid.substr(valid.find('\n') + 1);
    }
    json body = json::parse(valid);
    auto legit = kLegitimate.find(key);
    const json hostile = Hostile();
    for (const auto& [field, value] : hostile.items()) {
      if (body.contains(field)) continue;
      if (legit != kLegitimate.end() && legit->second.count(field)) continue;
      body[field] = value;
    }
    return body.dump();
  }

  struct Snapshot {
    std::map<std::string, std::string> users;  // id -> every field
    std::map<std::string, Record> records;
    std::map<std::string, CareMember> team;     // patient/member -> row
    std::map<std::string, std::string> alerts;  // id -> the fields no request changes
  };

  Snapshot Take() {
    // Each list is kept in a variable: a range-for over the value of a
    // temporary Result would read freed memory.
    Snapshot s;
    for (Role role : {Role::kPatient, Role::kClinician, Role::kAdmin, Role::kSupporter}) {
      const std::vector<std::string> ids = store_->ListUserIds(role, "", 1000).value();
      for (const std::string& id : ids) {
        const User u = store_->GetUser(id).value();
        s.users[id] = u.id + "|" + u.email + "|" + u.display_name + "|" + RoleName(u.role) + "|" +
                      u.clinic_id + "|" + (u.disabled ? "disabled" : "enabled") + "|" +
                      std::to_string(u.created_at) + "|" + u.password_hash;
        if (role != Role::kPatient) continue;
        const std::vector<Record> records = store_->ListRecords(id, std::nullopt, 100000).value();
        for (const Record& r : records) s.records[r.id] = r;
        const std::vector<CareMember> team = store_->ListCareTeam(id).value();
        for (const CareMember& m : team) s.team[m.patient_id + "/" + m.member_id] = m;
        const std::vector<Alert> alerts = store_->ListAlerts({id, "", false, 1000}).value();
        for (const Alert& a : alerts) {
          s.alerts[a.id] = a.patient_id + "|" + a.clinic_id + "|" + a.rule + "|" + a.period + "|" +
                           AlertKindName(a.kind) + "|" + a.reason + "|" +
                           std::to_string(a.created_at);
        }
      }
    }
    return s;
  }

  // Checks that the request `what` by `who` on `patient_id` changed only
  // what a client may change.
  void CheckChanges(const std::string& key, const std::string& what, const Snapshot& before,
                    const Snapshot& after, const testing::Principal& who,
                    const std::string& patient_id) {
    // A change or reset of password changes the hash, and nothing else.
    const bool sets_password =
        key == "POST /api/v1/auth/password" || key == "POST /api/v1/auth/reset/confirm";
    auto without_hash = [&](const std::string& u) {
      return sets_password ? u.substr(0, u.rfind('|')) : u;
    };
    for (const auto& [id, user] : after.users) {
      auto old = before.users.find(id);
      if (old != before.users.end() && key == kJoinClinic && id == patient_id) {
        // Joining changes the patient's clinic: to the code's, never the body's.
        EXPECT_EQ(store_->GetUser(id)->clinic_id, clinic_a_) << what;
        continue;
      }
      if (old != before.users.end()) {
        EXPECT_EQ(without_hash(user), without_hash(old->second)) << what << " changed user " << id;
        continue;
      }
      const User u = store_->GetUser(id).value();
      EXPECT_NE(u.id, "hostile-id") << what;
      EXPECT_FALSE(u.disabled) << what;
      EXPECT_EQ(u.created_at, clock_.Now()) << what;
      if (key == "POST /api/v1/admin/staff") {
        EXPECT_EQ(u.clinic_id, clinic_a_) << what << ": new staff in another clinic";
        EXPECT_EQ(u.role, Role::kClinician) << what;
      } else {
        EXPECT_EQ(u.clinic_id, "") << what << ": a sign-up chose its clinic";
        EXPECT_EQ(u.role, Role::kPatient) << what << ": a sign-up chose its role";
      }
    }
    for (const auto& [id, r] : after.records) {
      auto old = before.records.find(id);
      if (old != before.records.end()) {
        EXPECT_EQ(r.payload, old->second.payload) << what << " changed record " << id;
        EXPECT_EQ(r.patient_id + r.author_id + RecordKindName(r.kind) + r.date +
                      std::to_string(r.created_at),
                  old->second.patient_id + old->second.author_id +
                      RecordKindName(old->second.kind) + old->second.date +
                      std::to_string(old->second.created_at))
            << what << " changed record " << id;
        continue;
      }
      EXPECT_NE(r.id, "hostile-id") << what;
      EXPECT_EQ(r.patient_id, patient_id) << what << ": a " << RecordKindName(r.kind) << " record";
      EXPECT_EQ(r.author_id, who.user_id) << what << ": a " << RecordKindName(r.kind) << " record";
      EXPECT_EQ(r.created_at, clock_.Now())
          << what << ": a " << RecordKindName(r.kind) << " record";
      EXPECT_EQ(r.payload.find("hostile"), std::string::npos) << what << ": " << r.payload;
      EXPECT_EQ(r.payload.find(intruder_), std::string::npos) << what << ": " << r.payload;
      EXPECT_EQ(r.payload.find(clinic_b_), std::string::npos) << what << ": " << r.payload;
    }
    for (const auto& [id, m] : after.team) {
      auto old = before.team.find(id);
      ASSERT_NE(old, before.team.end()) << what << " added " << id << " to a care team";
      EXPECT_EQ(m.added_at, old->second.added_at) << what;
      if (key != "PUT /api/v1/patients/{id}/care-team/{member}") {
        EXPECT_EQ(m.scopes, old->second.scopes) << what << " changed the scopes of " << id;
      }
      EXPECT_EQ(m.scopes.find("clinical"), std::string::npos) << what;
    }
    EXPECT_EQ(after.alerts, before.alerts) << what;
  }

  // A session of `patient_id`'s own, today, reporting constant night pain.
  void OpenFinding(const std::string& patient_id) {
    auto own = std::find_if(principals_.begin(), principals_.end(),
                            [&](const testing::Principal& p) { return p.self_id == patient_id; });
    ASSERT_NE(own, principals_.end());
    json log = {{"date", clock_.Today().ToString()},
                {"exercises", json::array()},
                {"pain_after", 3},
                {"effort", 3},
                {"constant_night_pain", true}};
    auto r = As(own->token, "POST", "/api/v1/patients/" + patient_id + "/sessions", log.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  std::string intruder_;
};

TEST_F(ClientFieldsTest, WriteRoutesIgnoreFieldsAClientMustNotSet) {
  int accepted = 0, writes = 0;
  for (const http::Route* route : RoutesInWalkOrder()) {
    const std::string key = route->method + " " + route->pattern;
    // A code to join with is made by its own test below.
    if (route->method == "GET" || key == "POST /api/v1/care/join") continue;
    const testing::Expected& e = testing::kRouteTable.at(key);
    // The first caller and target the rules allow, one's own first.
    const testing::Principal* who = nullptr;
    std::string patient_id;
    for (const auto& p : principals_) {
      for (const auto& [target, id] : targets_) {
        if (who == nullptr &&
            (target == "own" || route->pattern.find("{id}") != std::string::npos) &&
            Expect(e, p, id) == testing::Outcome::kAllowed &&
            (e.access.access != Access::kPublic || !p.valid)) {
          who = &p;
          patient_id = id;
        }
      }
    }
    ASSERT_NE(who, nullptr) << "nobody may call " << key;
    testing::Principal caller = *who;
    if (key == "POST /api/v1/auth/logout") {  // a session of its own to end
      caller.token =
          api_->auth().StartSession(store_->GetUser(caller.user_id).value()).value().token;
    }
    if (key == "POST /api/v1/auth/logout-everywhere") {  // an account of its own to sign out
      caller.token = MakeUser("leaver", Role::kPatient, "");
    }
    std::string valid = BodyFor(key, patient_id);
    if (key == "POST /api/v1/auth/signup") {
      valid = R"({"email": "new@example.test", "password": "correct horse battery",
                  "display_name": "new"})";
    } else if (key == "POST /api/v1/patients/{id}/checkins") {
      // The session of the set-up: the strict session route refuses this test's.
      valid = R"({"date": "2026-11-23", "pain_next_morning": 2})";
    } else if (key == "POST /api/v1/auth/password") {
      valid = R"({"current_password": "correct horse battery",
                  "new_password": "a new river phrase"})";
    } else if (key == "POST /api/v1/auth/reset/confirm") {
      // An account of its own: a reset ends every session.
      User resetter;
      MakeUser("resetter", Role::kPatient, "", &resetter);
      auto token = api_->service().CreateToken(TokenKind::kReset, resetter.id, nullptr, 3600);
      valid = json{{"token", token.value()}, {"password", "a new river phrase"}}.dump();
    } else if (key == "POST /api/v1/auth/signup/confirm") {
      auto pending = api_->service().PrepareSignUp("confirmed@example.test",
                                                   "correct horse battery", "confirmed", "", "");
      auto token =
          api_->service().CreateToken(TokenKind::kSignup, "", pending.value().record, 3600);
      valid = json{{"token", token.value()}}.dump();
    } else if (key == "POST /api/v1/auth/login") {
      valid = json{{"email", store_->GetUser(targets_[0].second)->email},
                   {"password", "correct horse battery"}}
                  .dump();
    }
    if (key == kJoinClinic) valid = LeaveClinic(patient_id);  // a patient without one joins
    if (key == "POST /api/v1/patients/{id}/clearance") {
      // Something to clear: the patient reports constant night pain, which
      // opens a finding of the programme.
      ASSERT_NO_FATAL_FAILURE(OpenFinding(patient_id));
    }
    const std::string body = HostileBody(key, valid);
    const std::string what = key + " as " + caller.name;
    const Snapshot before = Take();
    const auto response = As(caller.token, route->method,
                             Fill(route->pattern, patient_id) + QueriesFor(key).front(), body);
    ++writes;
    if (response.status < 300) {
      ++accepted;
    } else {
      EXPECT_TRUE(kStrict.count(key))
          << what << " refused: " << response.status << " " << response.body;
      EXPECT_EQ(response.status, 422) << what;
    }
    EXPECT_EQ(response.body.find("hostile"), std::string::npos) << what << ": " << response.body;
    EXPECT_EQ(response.body.find(intruder_), std::string::npos) << what << ": " << response.body;
    if (key == "POST /api/v1/admin/users/{id}/disable") Reenable(patient_id);
    if (key == "DELETE /api/v1/patients/{id}") {
      EXPECT_FALSE(store_->GetUser(patient_id).ok()) << what;
      continue;  // the erasure, last: nothing of theirs is left to compare
    }
    CheckChanges(key, what, before, Take(), caller,
                 NamesPatient(e.access.access) ? patient_id : "");
  }
  EXPECT_GT(writes, 20);
  EXPECT_EQ(accepted, writes - static_cast<int>(kStrict.size()));
}

TEST_F(ClientFieldsTest, JoiningACareTeamTakesTheScopesOfTheInvitation) {
  const std::string a1 = targets_[0].second;
  const std::string a1_token = principals_.back().token;
  auto invite = As(a1_token, "POST", "/api/v1/patients/" + a1 + "/care-team/invitations",
                   R"({"scopes": ["progress"]})");
  ASSERT_EQ(invite.status, 201) << invite.body;
  User joiner;
  const std::string token = MakeUser("joiner", Role::kSupporter, "", &joiner);
  json body = Hostile();
  body["code"] = Body(invite)["code"];
  auto r = As(token, "POST", "/api/v1/care/join", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto team = store_->ListCareTeam(a1).value();
  auto member = std::find_if(team.begin(), team.end(),
                             [&](const CareMember& m) { return m.member_id == joiner.id; });
  ASSERT_NE(member, team.end());
  EXPECT_EQ(member->scopes, "progress");
  EXPECT_EQ(member->added_at, clock_.Now());
  EXPECT_TRUE(store_->ListSupported(joiner.id).value().size() == 1);
  EXPECT_EQ(store_->GetUser(joiner.id)->role, Role::kSupporter);
}

}  // namespace
}  // namespace backcoach
