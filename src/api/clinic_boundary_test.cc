// Every row a request reaches belongs to the caller's clinic: the condition
// for splitting the database by clinic (docs/scaling.md, "The clinic
// boundary test", says what this proves and what it does not).
//
// On PostgreSQL only. The test's schema gets row-level security on every
// table of patient data: a row is visible only when it belongs to the
// clinic named by the connection's `backcoach.clinic` setting, and every
// row of anything else that a statement reaches (one that passes the
// statement's own cheap equality conditions, which PostgreSQL applies
// first) is written to `boundary_strays` with the statement's text. Two
// APIs share the database: one connected as the tables' owner (which row
// security does not restrict) and one connected as a role that it does,
// with the setting naming clinic A. A realistic set of requests for clinic
// A, while clinic B and a patient of no clinic have data of every kind, is
// sent to both: each request must reach no stray row, and its answer
// must be the same from both.
#include <gtest/gtest.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "api/api_test_fixture.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::ScratchSchema;

// The clinic each row belongs to: a table with clinic_id names it; a table
// of a patient's data takes the patient's clinic (a patient of no clinic is
// a "clinic" of their own, so their rows are strays too); a table of an
// account takes the account's clinic, and accounts of no clinic (the
// supporters on patients' care teams) belong to every clinic. The audit
// log, the caches' epoch, the schema's version and the audit anchors are
// not one clinic's, and are left open.
struct Guarded {
  const char* table;
  const char* clinic;  // an SQL expression over the row
};
constexpr Guarded kGuarded[] = {
    {"clinics", "id"},
    {"users", "clinic_id"},
    {"invitations", "clinic_id"},
    {"summaries", "clinic_id"},
    {"alerts", "clinic_id"},
    {"records", "boundary_patient_clinic(patient_id)"},
    {"plans", "boundary_patient_clinic(patient_id)"},
    {"care_team", "boundary_patient_clinic(patient_id)"},
    {"message_threads", "boundary_patient_clinic(patient_id)"},
    {"lead_clinicians", "boundary_patient_clinic(patient_id)"},
    {"sessions", "boundary_account_clinic(user_id)"},
    {"claims", "boundary_account_clinic(user_id)"},
    {"account_tokens", "boundary_account_clinic(user_id)"},
};

// The functions run as their owner (who row security does not restrict);
// the check is costly on purpose, so that PostgreSQL applies a statement's
// cheap conditions before it.
std::string BoundarySql(const std::string& schema, const std::string& role) {
  std::string sql = R"sql(
CREATE TABLE boundary_strays (at_table TEXT NOT NULL, row_clinic TEXT NOT NULL,
                              statement TEXT NOT NULL);
CREATE FUNCTION boundary_allows(at_table TEXT, row_clinic TEXT) RETURNS BOOLEAN
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER COST 10000 SET search_path = )sql" +
                    schema + R"sql( AS $$
BEGIN
  IF row_clinic IS NULL OR row_clinic = current_setting('backcoach.clinic', true) THEN
    RETURN true;
  END IF;
  INSERT INTO boundary_strays VALUES (at_table, row_clinic, current_query());
  RETURN false;
END $$;
CREATE FUNCTION boundary_patient_clinic(patient TEXT) RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = )sql" +
                    schema + R"sql( AS $$
  SELECT coalesce((SELECT clinic_id FROM users WHERE id = patient), 'no clinic: ' || patient)
$$;
CREATE FUNCTION boundary_account_clinic(account TEXT) RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = )sql" +
                    schema + R"sql( AS $$
  SELECT clinic_id FROM users WHERE id = account
$$;
)sql";
  sql += "CREATE ROLE " + role + " LOGIN;\n";
  sql += "GRANT USAGE ON SCHEMA " + schema + " TO " + role + ";\n";
  sql += "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role +
         ";\n";
  for (const Guarded& g : kGuarded) {
    const std::string check =
        "boundary_allows('" + std::string(g.table) + "', " + std::string(g.clinic) + ")";
    sql += "ALTER TABLE " + std::string(g.table) + " ENABLE ROW LEVEL SECURITY;\n";
    sql += "CREATE POLICY boundary ON " + std::string(g.table) + " USING (" + check +
           ") WITH CHECK (" + check + ");\n";
  }
  return sql;
}

// `server_url` with another user and the connection settings given.
std::string UrlAs(const std::string& server_url, const std::string& user,
                  const std::string& options, const std::string& application) {
  const auto scheme = server_url.find("://") + 3;
  const auto path = server_url.find('/', scheme);
  const auto at = server_url.rfind('@', path);
  const std::string host =
      server_url.substr(at == std::string::npos || at < scheme ? scheme : at + 1);
  const char* sep = host.find('?') == std::string::npos ? "?" : "&";
  return "postgresql://" + user + "@" + host + sep + "options=" + options +
         "&application_name=" + application;
}

struct Stray {
  std::string table, clinic, statement;
};

class ClinicBoundaryTest : public ::testing::Test {
 protected:
  // 2026-11-25 09:00 UTC: the intakes start two days before, and the clock
  // moves by minutes (sessions end after two idle hours).
  static constexpr Timestamp kStart = 1795597200;

  void SetUp() override {
    if (testing::PostgresTestUrl().empty()) GTEST_SKIP() << testing::kPostgresSkipMessage;
    schema_ = std::make_unique<ScratchSchema>(testing::PostgresTestUrl());
    role_ = schema_->name() + "_clinic";
    auto store = OpenStore(schema_->url());
    ASSERT_TRUE(store.ok()) << store.status().message();
    open_store_ = std::move(store).value();
    ASSERT_TRUE(open_store_->Migrate().ok());
    open_api_ = std::make_unique<Api>(*open_store_, testing::ShippedContent(), clock_, options_);
    open_api_->Register(open_router_);
    Seed();
    if (HasFatalFailure()) return;
    {
      pqxx::connection c(schema_->url());
      pqxx::work t(c);
      t.exec(BoundarySql(schema_->name(), role_));
      t.commit();
    }
    auto restricted = OpenStore(
        UrlAs(testing::PostgresTestUrl(), role_,
              "-csearch_path%3D" + schema_->name() + "%20-cbackcoach.clinic%3D" + clinic_a_,
              schema_->name()));
    ASSERT_TRUE(restricted.ok()) << restricted.status().message();
    clinic_store_ = std::move(restricted).value();
    clinic_api_ =
        std::make_unique<Api>(*clinic_store_, testing::ShippedContent(), clock_, options_);
    clinic_api_->Register(clinic_router_);
  }

  void TearDown() override {
    clinic_api_.reset();
    clinic_store_.reset();
    open_api_.reset();
    open_store_.reset();
    if (schema_ == nullptr) return;
    try {
      pqxx::connection c(schema_->url());
      pqxx::nontransaction t(c);
      if (!t.exec("SELECT 1 FROM pg_roles WHERE rolname = " + t.quote(role_)).empty()) {
        t.exec("DROP OWNED BY " + role_);
        t.exec("DROP ROLE " + role_);
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "could not drop " << role_ << ": " << e.what();
    }
  }

  // Two clinics with data of every kind, and a patient of no clinic.
  void Seed() {
    clinic_a_ = MakeClinic("Riverside");
    clinic_b_ = MakeClinic("Hillside");
    maria_ = MakeUser("maria", Role::kPatient, clinic_a_, &maria_user_);
    tom_ = MakeUser("tom", Role::kPatient, clinic_a_, &tom_user_);
    lee_ = MakeUser("lee", Role::kClinician, clinic_a_, &lee_user_);
    ada_ = MakeUser("ada", Role::kAdmin, clinic_a_, &ada_user_);
    bea_ = MakeUser("bea", Role::kPatient, clinic_b_, &bea_user_);
    far_ = MakeUser("far", Role::kClinician, clinic_b_, &far_user_);
    ivy_ = MakeUser("ivy", Role::kPatient, "", &ivy_user_);
    ana_ = MakeUser("ana", Role::kSupporter, "", &ana_user_);
    // One supporter on patients of both clinics and of none.
    for (const User* p : {&maria_user_, &bea_user_, &ivy_user_}) {
      ASSERT_TRUE(open_store_->AddCareMember({p->id, ana_user_.id, "", clock_.Now()}).ok());
    }
    for (const auto& [token, user] : {std::pair{maria_, &maria_user_},
                                      {tom_, &tom_user_},
                                      {bea_, &bea_user_},
                                      {ivy_, &ivy_user_}}) {
      ASSERT_EQ(Open(token, "POST", Path(*user, "/intake"), testing::kSelfCareIntake).status, 201);
    }
    const std::vector<std::pair<std::string, const User*>> logging = {
        {maria_, &maria_user_}, {bea_, &bea_user_}, {ivy_, &ivy_user_}};
    for (const auto& [token, user] : logging) LogDay(token, *user, "2026-11-23", 2);
    for (const auto& [token, user] : logging) {
      LogDay(token, *user, "2026-11-24", 7);
      ASSERT_EQ(Open(token, "POST", Path(*user, "/pain"), R"({"pain": 5})").status, 201);
    }
    for (const auto& [patient, clinician, who, clinic] :
         {std::tuple{&maria_user_, &lee_user_, &lee_, &clinic_a_},
          {&bea_user_, &far_user_, &far_, &clinic_b_}}) {
      const std::string lead = json{{"clinician_id", clinician->id}}.dump();
      ASSERT_EQ(Open(*who, "PUT", Path(*patient, "/lead-clinician"), lead).status, 200);
      ASSERT_EQ(
          Open(*who, "POST", Path(*patient, "/messages"), R"({"text": "How is it going?"})").status,
          201);
      ASSERT_EQ(Open(*who, "POST", "/api/v1/patients/" + patient->id + "/notes",
                     R"({"text": "Started the programme."})")
                    .status,
                201);
      Alert a;
      a.patient_id = patient->id;
      a.clinic_id = *clinic;
      a.rule = "pain_rising";
      a.period = "2026-11-24";
      a.kind = AlertKind::kConcern;
      a.reason = "pain went up";
      a.created_at = a.updated_at = clock_.Now();
      ASSERT_TRUE(open_store_->AddAlert(a).ok());
    }
    for (const auto& [token, patient, to] :
         {std::tuple{maria_, &maria_user_, &lee_user_}, {bea_, &bea_user_, &far_user_}}) {
      const std::string message = json{{"text", "Better, thanks"}, {"to", to->id}}.dump();
      auto sent = Open(token, "POST", Path(*patient, "/messages"), message);
      ASSERT_EQ(sent.status, 201) << sent.body;
    }
  }

  std::string MakeClinic(const std::string& name) {
    Clinic c{"", name, clock_.Now()};
    EXPECT_TRUE(open_store_->CreateClinic(c).ok());
    return c.id;
  }

  std::string MakeUser(const std::string& name, Role role, const std::string& clinic_id,
                       User* out) {
    auto u = testing::CreateAccount(*open_store_, clock_, name, role, clinic_id);
    EXPECT_TRUE(u.ok()) << u.status().message();
    if (!u.ok()) return "";
    *out = *u;
    auto p = open_api_->auth().StartSession(*u);
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->token : "";
  }

  static std::string Path(const User& patient, const std::string& rest) {
    return "/api/v1/patients/" + patient.id + rest;
  }

  static http::Response Send(http::Router& router, const std::string& token,
                             const std::string& method, const std::string& target,
                             const std::string& body) {
    http::Request r = testing::BearerRequest(token, method, target, body);
    return router.Dispatch(r);
  }

  // Through the owner's connections (no row security).
  http::Response Open(const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body = "") {
    return Send(open_router_, token, method, target, body);
  }
  // Through the connections that see clinic A only.
  http::Response InClinic(const std::string& token, const std::string& method,
                          const std::string& target, const std::string& body = "") {
    return Send(clinic_router_, token, method, target, body);
  }

  static json Body(const http::Response& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json(nullptr) : j;
  }

  // A session log of every exercise of the day's session, at `pain`.
  json DayLog(const std::string& token, const User& patient, const std::string& date, int pain) {
    const http::Response r = Open(token, "GET", Path(patient, "/today?date=" + date));
    EXPECT_EQ(r.status, 200) << r.body;
    const json today = Body(r);
    json exercises = json::array();
    if (!today.is_object() || !today.contains("exercises")) return nullptr;
    for (const auto& card : today["exercises"]) {
      exercises.push_back({{"id", card["id"]}, {"pain_during", pain}});
    }
    return {{"date", date}, {"exercises", exercises}, {"pain_after", pain}, {"effort", 5}};
  }

  void LogDay(const std::string& token, const User& patient, const std::string& date, int pain) {
    const json log = DayLog(token, patient, date, pain);
    ASSERT_EQ(Open(token, "POST", Path(patient, "/sessions"), log.dump()).status, 201);
  }

  // The stray rows reached since the last call, and forgets them. The
  // audit entries are written by a thread of their own: waited for first.
  std::vector<Stray> TakeStrays() {
    EXPECT_TRUE(clinic_api_->auditor().Flush().ok());
    pqxx::connection c(schema_->url());
    pqxx::work t(c);
    std::vector<Stray> out;
    for (const auto& row : t.exec("DELETE FROM boundary_strays RETURNING *")) {
      out.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str()});
    }
    t.commit();
    return out;
  }

  static std::string Describe(const std::vector<Stray>& strays) {
    std::string out;
    for (const Stray& s : strays) {
      out += "\n  a row of " + s.table + " of clinic " + s.clinic + ", reached by: " + s.statement;
    }
    return out;
  }

  FakeClock clock_{kStart};
  ApiOptions options_;
  std::unique_ptr<ScratchSchema> schema_;
  std::string role_;
  std::unique_ptr<Store> open_store_, clinic_store_;
  std::unique_ptr<Api> open_api_, clinic_api_;
  http::Router open_router_, clinic_router_;
  std::string clinic_a_, clinic_b_;
  std::string maria_, tom_, lee_, ada_, bea_, far_, ivy_, ana_;
  User maria_user_, tom_user_, lee_user_, ada_user_, bea_user_, far_user_, ivy_user_, ana_user_;
};

// The instrument itself: statements that are not confined to one clinic
// are caught, and the rows of other clinics are hidden from them.
TEST_F(ClinicBoundaryTest, StatementsAcrossClinicsAreCaught) {
  ASSERT_TRUE(TakeStrays().empty());
  // The scheduler's sweep over every patient.
  auto ids = clinic_store_->ListUserIds(Role::kPatient, "", 100);
  ASSERT_TRUE(ids.ok()) << ids.status().message();
  EXPECT_EQ(std::count(ids->begin(), ids->end(), bea_user_.id), 0);
  EXPECT_EQ(std::count(ids->begin(), ids->end(), maria_user_.id), 1);
  auto strays = TakeStrays();
  ASSERT_FALSE(strays.empty());
  EXPECT_EQ(strays.front().table, "users");
  EXPECT_NE(strays.front().statement.find("FROM users WHERE role"), std::string::npos)
      << strays.front().statement;

  // Another clinic's patient's records and plan, and those of a patient of
  // no clinic, are strays and are not seen.
  for (const User* other : {&bea_user_, &ivy_user_}) {
    RecordPageQuery query;
    query.patient_id = other->id;
    query.limit = 100;
    auto records = clinic_store_->ListRecordPage(query);
    ASSERT_TRUE(records.ok()) << records.status().message();
    EXPECT_TRUE(records->empty());
    EXPECT_FALSE(clinic_store_->GetPlan(other->id).ok());
    strays = TakeStrays();
    ASSERT_FALSE(strays.empty()) << other->display_name;
    EXPECT_TRUE(std::any_of(strays.begin(), strays.end(), [](const Stray& s) {
      return s.table == "records";
    })) << Describe(strays);
    EXPECT_TRUE(std::any_of(strays.begin(), strays.end(), [](const Stray& s) {
      return s.table == "plans";
    })) << Describe(strays);
  }
  // A write of another clinic's row is refused.
  PatientSummary summary;
  summary.patient_id = bea_user_.id;
  summary.clinic_id = clinic_b_;
  summary.display_name = "bea";
  EXPECT_FALSE(clinic_store_->PutSummary(summary).ok());
}

// What a clinic's patient, clinician and admin do in a day, each request
// answered the same with every other clinic's rows hidden, and reaching
// none of them.
TEST_F(ClinicBoundaryTest, EveryRequestOfAClinicReachesOnlyItsRows) {
  struct Step {
    std::string who, method, target, body;
    bool same_answer;  // a read: the same status and body from both APIs
  };
  const std::string m = "/api/v1/patients/" + maria_user_.id;
  const std::string log = DayLog(maria_, maria_user_, "2026-11-25", 3).dump();
  ASSERT_TRUE(TakeStrays().empty());
  const std::vector<Step> steps = {
      // The patient's day.
      {maria_, "GET", "/api/v1/me", "", true},
      {maria_, "GET", m + "/today?date=2026-11-25", "", true},
      {maria_, "GET", m + "/plan", "", true},
      {maria_, "POST", m + "/sessions", log, false},
      {maria_, "GET", m + "/sessions", "", true},
      {maria_, "GET", m + "/progress", "", true},
      {maria_, "POST", m + "/pain", R"({"pain": 3})", false},
      {maria_, "GET", m + "/pain", "", true},
      {maria_, "GET", m + "/messages", "", true},
      {maria_, "GET", m + "/threads", "", true},
      {maria_, "POST", m + "/messages", json{{"text", "Done"}, {"to", lee_user_.id}}.dump(), false},
      {maria_, "POST", m + "/messages/read", json{{"with", lee_user_.id}}.dump(), false},
      {maria_, "GET", m + "/notices", "", true},
      {maria_, "GET", m + "/summaries", "", true},
      {maria_, "GET", m + "/preferences", "", true},
      {maria_, "GET", m + "/care-team", "", true},
      {maria_, "GET", "/api/v1/emergency", "", true},
      {maria_, "GET", m + "/export", "", true},
      {maria_, "GET", m + "/export/csv?file=sessions", "", true},
      {maria_, "GET", m + "/export/fhir", "", true},
      // The clinician's list, a patient's page, messages and alerts.
      {lee_, "GET", "/api/v1/clinic/patients?limit=50", "", true},
      {lee_, "GET", "/api/v1/clinic/patients?search=mar", "", true},
      {lee_, "GET", m, "", true},
      {lee_, "GET", m + "/sessions", "", true},
      {lee_, "GET", m + "/notes", "", true},
      {lee_, "POST", m + "/notes", R"({"text": "Doing well."})", false},
      {lee_, "GET", m + "/messages", "", true},
      {lee_, "POST", m + "/messages", R"({"text": "Keep it up"})", false},
      {lee_, "GET", m + "/lead-clinician", "", true},
      {lee_, "GET", "/api/v1/clinic/alerts", "", true},
      {lee_, "GET", m + "/alerts", "", true},
      {lee_, "GET", m + "/overview", "", true},
      {lee_, "POST", m + "/adjustments",
       R"({"exercise_id": "glute_bridge", "action": "pin", "reason": "let's consolidate"})", false},
      {lee_, "GET", m + "/export", "", true},
      // The clinic's admin.
      {ada_, "GET", "/api/v1/admin/clinic", "", true},
      {ada_, "GET", "/api/v1/admin/staff", "", true},
      {ada_, "GET", "/api/v1/admin/accounts", "", true},
  };
  for (const Step& step : steps) {
    SCOPED_TRACE(step.method + " " + step.target);
    clock_.Advance(60);
    if (step.same_answer) {
      const http::Response open = Open(step.who, step.method, step.target, step.body);
      ASSERT_TRUE(TakeStrays().empty());
      const http::Response mine = InClinic(step.who, step.method, step.target, step.body);
      EXPECT_EQ(mine.status, open.status) << mine.body;
      EXPECT_EQ(mine.body, open.body);
      EXPECT_LT(mine.status, 300) << mine.body;
    } else {
      const http::Response mine = InClinic(step.who, step.method, step.target, step.body);
      EXPECT_LT(mine.status, 300) << mine.body;
    }
    const auto strays = TakeStrays();
    EXPECT_TRUE(strays.empty()) << Describe(strays);
  }

  // An alert acted on, found through the clinic's list.
  const json alerts = Body(InClinic(lee_, "GET", "/api/v1/clinic/alerts"))["alerts"];
  ASSERT_FALSE(alerts.empty());
  for (const auto& alert : alerts) EXPECT_EQ(alert["patient_id"], maria_user_.id);
  EXPECT_TRUE(TakeStrays().empty());
  auto seen = InClinic(lee_, "POST", m + "/alerts/" + alerts[0]["id"].get<std::string>(),
                       R"({"state": "seen"})");
  EXPECT_EQ(seen.status, 200) << seen.body;
  const auto strays = TakeStrays();
  EXPECT_TRUE(strays.empty()) << Describe(strays);
}

// A request for another clinic's patient is refused, and the one row of
// that clinic it reads is the patient's account (the access check finds
// the account by its id before it knows the clinic).
TEST_F(ClinicBoundaryTest, ARequestForAnotherClinicsPatientReadsOnlyTheirAccount) {
  ASSERT_TRUE(TakeStrays().empty());
  for (const char* rest : {"/today", "/sessions", "/messages", "/export"}) {
    SCOPED_TRACE(rest);
    const http::Response r = InClinic(lee_, "GET", Path(bea_user_, rest));
    EXPECT_GE(r.status, 400);
    EXPECT_LT(r.status, 500) << r.body;
    for (const Stray& s : TakeStrays()) {
      EXPECT_EQ(s.table, "users") << s.statement;
      EXPECT_EQ(s.clinic, clinic_b_);
    }
  }
}

}  // namespace
}  // namespace backcoach
