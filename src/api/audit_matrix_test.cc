// The audit over the whole route matrix (route_matrix_fixture.h): the rows
// each request of the walk adds to the audit log, counted before and after.
//
// A request leaves exactly one row when it
//   - is refused: any answer of 400 or more, whether the caller was not
//     signed in (401), not allowed (403), asked for a patient they may not
//     see or who does not exist (404), or sent something wrong (4xx);
//   - reads or changes a patient's data: its route's {id} is a patient
//     (its access names a patient: app/access.h) and the caller reached them;
//   - lists patients or their alerts (the clinic's list, the clinic's
//     alerts, a supporter's people), lists the clinic's staff or accounts,
//     searches the audit log, joins a care team, changes the clinic's
//     settings, or changes an account (sign-in, a clinic invitation, new
//     staff, disabling or enabling, a password changed or reset, a reset
//     link).
// Anything else leaves none: content (lessons, questionnaires, the
// emergency card), health checks, the API document, the caller's own
// account (/me), the audit check itself, the clinic's settings read.
#include <gtest/gtest.h>

#include "api/route_matrix_fixture.h"

namespace backcoach {
namespace {

using testing::MatrixRequest;

const std::set<std::string> kAuditedWithoutPatientId = {"GET /api/v1/clinic/patients",
                                                        "GET /api/v1/clinic/alerts",
                                                        "GET /api/v1/care/patients",
                                                        "POST /api/v1/care/join",
                                                        "POST /api/v1/auth/login",
                                                        "POST /api/v1/auth/signup",
                                                        "POST /api/v1/clinic/invitations",
                                                        "POST /api/v1/admin/staff",
                                                        "POST /api/v1/admin/users/{id}/disable",
                                                        "POST /api/v1/admin/users/{id}/enable",
                                                        "POST /api/v1/admin/users/{id}/reset-link",
                                                        "POST /api/v1/auth/password",
                                                        "POST /api/v1/auth/reset",
                                                        "POST /api/v1/auth/reset/confirm",
                                                        "POST /api/v1/auth/signup/confirm",
                                                        "GET /api/v1/admin/staff",
                                                        "GET /api/v1/admin/accounts",
                                                        "GET /api/v1/admin/audit",
                                                        "PUT /api/v1/admin/clinic"};

class AuditMatrixTest : public testing::RouteMatrixFixture {
 protected:
  // The rows added since the last call.
  std::vector<AuditEntry> NewRows() {
    EXPECT_TRUE(api_->auditor().Flush().ok());
    std::vector<AuditEntry> rows;
    while (true) {
      auto page = store_->ListAudit(last_seq_, 1000);
      EXPECT_TRUE(page.ok());
      if (!page.ok() || page->empty()) break;
      last_seq_ = page->back().seq;
      rows.insert(rows.end(), page->begin(), page->end());
    }
    return rows;
  }

  static int RowsWanted(const MatrixRequest& r, const http::Response& response) {
    if (response.status >= 400) return 1;
    if (NamesPatient(r.expected->access.access)) return 1;
    return kAuditedWithoutPatientId.count(r.key) ? 1 : 0;
  }

  std::int64_t last_seq_ = 0;
};

TEST_F(AuditMatrixTest, EveryRequestLeavesTheRowsItShould) {
  int wrong = 0, audited = 0, requests = 0;
  Walk(
      [&](const MatrixRequest& r, const http::Response& response) {
        ++requests;
        const std::vector<AuditEntry> rows = NewRows();
        const int want = RowsWanted(r, response);
        const std::string what = r.method + " " + r.path + " as " + r.who->name + " (" +
                                 std::to_string(response.status) + ")";
        if (static_cast<int>(rows.size()) != want) {
          ++wrong;
          std::string got;
          for (const auto& e : rows) got += "\n  " + e.action + " " + e.outcome + " " + e.detail;
          ADD_FAILURE() << what << ": " << rows.size() << " audit rows, wanted " << want << got;
          return;
        }
        if (rows.empty()) return;
        ++audited;
        const AuditEntry& e = rows.front();
        // Public routes do not ask who calls; a sign-in names its account.
        const bool known = r.who->valid && r.expected->access.access != Access::kPublic;
        EXPECT_EQ(e.actor_id, known ? r.who->user_id : "") << what;
        EXPECT_EQ(e.at, clock_.Now()) << what;
        if (NamesPatient(r.expected->access.access)) {
          EXPECT_EQ(e.patient_id, r.target_id) << what;
        }
        const char* outcome = response.status == 401 || response.status == 403 ? "denied"
                              : response.status < 400                          ? "ok"
                                                                               : "";
        if (*outcome != '\0') {
          EXPECT_EQ(e.outcome, outcome) << what;
        }
      },
      [&](const MatrixRequest&) { NewRows(); });
  RecordProperty("requests", requests);
  RecordProperty("audited", audited);
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(audited, 1000);
  EXPECT_LT(audited, requests);
}

// Every route whose {id} is a patient, walked as every caller: each request
// leaves exactly one row, naming that patient and the request, and every
// such route is seen reaching its patient at least once.
TEST_F(AuditMatrixTest, EveryRouteTouchingAPatientLeavesOneRowPerRequestNamingThem) {
  std::set<std::string> reached;
  int requests = 0;
  Walk(
      [&](const MatrixRequest& r, const http::Response& response) {
        const std::vector<AuditEntry> rows = NewRows();
        if (!NamesPatient(r.expected->access.access)) return;
        ++requests;
        const std::string what = r.path + " as " + r.who->name;
        ASSERT_EQ(rows.size(), 1u) << what << " (" << response.status << ")";
        EXPECT_EQ(rows[0].patient_id, r.target_id) << what;
        EXPECT_EQ(rows[0].action, r.method + " " + Fill(r.route->pattern, r.target_id)) << what;
        if (response.status < 300) {
          EXPECT_EQ(rows[0].outcome, "ok") << what;
          reached.insert(r.key);
        }
      },
      [&](const MatrixRequest&) { NewRows(); });
  for (const auto& [key, e] : testing::kRouteTable) {
    if (NamesPatient(e.access.access)) {
      EXPECT_TRUE(reached.count(key)) << key;
    }
  }
  EXPECT_GT(requests, 1000);
}

class AuditOneRowTest : public testing::ApiFixture {
 protected:
  std::vector<AuditEntry> Rows() {
    EXPECT_TRUE(api_->auditor().Flush().ok());
    return store_->ListAudit(0, 1000).value();
  }
};

// Joining a care team touches the patient of the code, who is in no {id}:
// the one row names them, as the service says, not as the answer's JSON
// happens to hold them; a second try with the used code leaves one error.
TEST_F(AuditOneRowTest, JoiningACareTeamLeavesOneRowNamingThePatient) {
  User patient, supporter;
  const std::string patient_token = MakeUser("pat", Role::kPatient, "", &patient);
  const std::string supporter_token = MakeUser("sup", Role::kSupporter, "", &supporter);
  auto invite =
      As(patient_token, "POST", "/api/v1/patients/" + patient.id + "/care-team/invitations", "{}");
  ASSERT_EQ(invite.status, 201) << invite.body;
  const std::string code = Body(invite)["code"];
  const std::size_t before = Rows().size();
  const std::string join = json{{"code", code}}.dump();
  ASSERT_EQ(As(supporter_token, "POST", "/api/v1/care/join", join).status, 201);
  auto again = As(supporter_token, "POST", "/api/v1/care/join", join);
  EXPECT_EQ(again.status, 422) << again.body;
  const std::vector<AuditEntry> rows = Rows();
  ASSERT_EQ(rows.size(), before + 2);
  EXPECT_EQ(rows[before].action, "join care team");
  EXPECT_EQ(rows[before].actor_id, supporter.id);
  EXPECT_EQ(rows[before].patient_id, patient.id);
  EXPECT_EQ(rows[before].outcome, "ok");
  EXPECT_EQ(rows[before + 1].action, "POST /api/v1/care/join");
  EXPECT_EQ(rows[before + 1].outcome, "error");
  EXPECT_EQ(rows[before + 1].detail, "the supporter code is not valid or has been used");
}

// The calendar feed is public: its one row names the patient of the URL and
// no caller; a wrong token leaves one error row and no other.
TEST_F(AuditOneRowTest, TheCalendarFeedLeavesOneRowNamingThePatient) {
  User patient;
  const std::string token = MakeUser("pat", Role::kPatient, "", &patient);
  auto made = As(token, "POST", "/api/v1/patients/" + patient.id + "/calendar", "{}");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string path = Body(made)["path"];
  const std::size_t before = Rows().size();
  ASSERT_EQ(Call("GET", path).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/calendar/" + patient.id + "/wrong.ics").status, 404);
  const std::vector<AuditEntry> rows = Rows();
  ASSERT_EQ(rows.size(), before + 2);
  EXPECT_EQ(rows[before].action, "calendar feed");
  EXPECT_EQ(rows[before].actor_id, "");
  EXPECT_EQ(rows[before].patient_id, patient.id);
  EXPECT_EQ(rows[before].outcome, "ok");
  EXPECT_EQ(rows[before + 1].outcome, "error");
  EXPECT_EQ(rows[before + 1].patient_id, "");
}

using AuditLoginTest = testing::ApiFixture;

// The audit log outlives an erasure: a refused sign-in names the account by
// its id, never by the address typed.
TEST_F(AuditLoginTest, ARefusedSignInNamesTheAccountByIdNotByAddress) {
  User maria;
  MakeUser("maria", Role::kPatient, "", &maria);
  for (const char* email : {"maria@example.test", "MARIA@example.test", "nobody@example.test"}) {
    auto r = Call("POST", "/api/v1/auth/login",
                  json{{"email", email}, {"password", "not the password"}}.dump());
    EXPECT_EQ(r.status, 401) << r.body;
  }
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto rows = store_->ListAudit(0, 100).value();
  ASSERT_EQ(rows.size(), 3u);
  for (const AuditEntry& e : rows) {
    EXPECT_EQ(e.action, "login");
    EXPECT_EQ(e.outcome, "denied");
    EXPECT_EQ(e.detail.find("example.test"), std::string::npos) << e.detail;
  }
  EXPECT_EQ(rows[0].detail, "account " + maria.id);
  EXPECT_EQ(rows[1].detail, "account " + maria.id);
  EXPECT_EQ(rows[2].detail, "no such account");
}

}  // namespace
}  // namespace backcoach
