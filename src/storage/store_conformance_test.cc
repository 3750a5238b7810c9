// One suite, every back-end: the memory store, SQLite (a file in a scratch
// directory) and PostgreSQL (a scratch schema, when BACKCOACH_TEST_POSTGRES
// names a server; skipped otherwise). A behaviour that differs between
// back-ends is a bug in one of them.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "core/session_log.h"
#include "storage/memory_store.h"
#include "storage/migrations.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::ScratchDir;
using testing::ScratchSchema;

constexpr Timestamp kNow = 1795424400;  // 2026-11-23 09:00 UTC

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << testing::kPostgresSkipMessage;
    }
    store_ = OpenUnmigrated();
    ASSERT_NE(store_, nullptr);
    Status s = store_->Migrate();
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // A store on a new, empty database of this test's back-end.
  std::unique_ptr<Store> OpenUnmigrated() {
    std::string url = ":memory:";
    if (GetParam() == "sqlite") {
      dirs_.push_back(std::make_unique<ScratchDir>());
      url = dirs_.back()->File("store.db");
    } else if (GetParam() == "postgres") {
      schemas_.push_back(std::make_unique<ScratchSchema>(testing::PostgresTestUrl()));
      url = schemas_.back()->url();
    }
    auto store = OpenStore(url);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::string NewClinic(const std::string& name = "Riverside") {
    Clinic c{"", name, kNow};
    EXPECT_TRUE(store_->CreateClinic(c).ok());
    return c.id;
  }

  User NewUser(const std::string& name, Role role = Role::kPatient,
               const std::string& clinic_id = "") {
    User u;
    u.email = name + "@Example.test";
    u.display_name = name;
    u.password_hash = "$argon2id$v=19$hash-of-" + name;
    u.role = role;
    u.clinic_id = clinic_id;
    u.created_at = kNow;
    Status s = store_->CreateUser(u);
    EXPECT_TRUE(s.ok()) << s.message();
    return u;
  }

  Record NewRecord(const std::string& patient_id, RecordKind kind, const std::string& date,
                   Timestamp created_at = kNow) {
    Record r;
    r.patient_id = patient_id;
    r.kind = kind;
    r.date = date;
    r.author_id = patient_id;
    r.payload = R"({"date": ")" + date + R"("})";
    r.created_at = created_at;
    Status s = store_->AddRecord(r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r;
  }

  void PutSummary(const User& patient, const std::string& clinic_id, int attention,
                  const std::string& name = "") {
    PatientSummary s;
    s.patient_id = patient.id;
    s.clinic_id = clinic_id;
    s.display_name = name.empty() ? patient.display_name : name;
    s.attention = attention;
    s.reasons = "[]";
    s.triage = "self_care";
    s.status = "active";
    s.updated_at = kNow;
    Status st = store_->PutSummary(s);
    EXPECT_TRUE(st.ok()) << st.message();
  }

  static std::vector<std::string> Names(const std::vector<PatientSummary>& list) {
    std::vector<std::string> out;
    for (const auto& s : list) out.push_back(s.display_name);
    return out;
  }

  static std::vector<std::string> Dates(const std::vector<Record>& list) {
    std::vector<std::string> out;
    for (const auto& r : list) out.push_back(r.date);
    return out;
  }

  // Checks seq 1..n without gaps, every link and every hash.
  static void ExpectWholeChain(const std::vector<AuditEntry>& chain) {
    std::string prev;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const AuditEntry& e = chain[i];
      ASSERT_EQ(e.seq, static_cast<std::int64_t>(i + 1));
      ASSERT_EQ(e.prev_hash, prev) << "entry " << e.seq;
      ASSERT_EQ(e.hash, AuditMac(e, "")) << "entry " << e.seq;
      prev = e.hash;
    }
  }

  std::vector<std::unique_ptr<ScratchDir>> dirs_;
  std::vector<std::unique_ptr<ScratchSchema>> schemas_;
  std::unique_ptr<Store> store_;
};

// --- Schema ----------------------------------------------------------------

TEST_P(StoreConformanceTest, MigrateIsIdempotent) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(store_->Migrate().ok());
  auto version = store_->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(*version, LatestSchemaVersion(Dialect::kSqlite));
}

TEST_P(StoreConformanceTest, SchemaVersionIsZeroBeforeMigrate) {
  auto fresh = OpenUnmigrated();
  ASSERT_NE(fresh, nullptr);
  auto version = fresh->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(*version, 0);
  ASSERT_TRUE(fresh->Migrate().ok());
  EXPECT_EQ(*fresh->SchemaVersion(), LatestSchemaVersion(Dialect::kPostgres));
}

TEST_P(StoreConformanceTest, PingSucceeds) { EXPECT_TRUE(store_->Ping().ok()); }

// --- Clinics and users -----------------------------------------------------

TEST_P(StoreConformanceTest, CreateClinicFillsIdAndGetReturnsIt) {
  Clinic c{"", "Riverside Physiotherapy", kNow};
  ASSERT_TRUE(store_->CreateClinic(c).ok());
  EXPECT_EQ(c.id.size(), 32u);
  auto got = store_->GetClinic(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Riverside Physiotherapy");
  EXPECT_EQ(got->created_at, kNow);
}

TEST_P(StoreConformanceTest, GetClinicOfUnknownIdIsNotFound) {
  auto got = store_->GetClinic("nope");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "no clinic nope");
}

TEST_P(StoreConformanceTest, CreateUserStoresEveryFieldAndLowerCasesEmail) {
  const std::string clinic = NewClinic();
  User u = NewUser("Lee", Role::kClinician, clinic);
  EXPECT_EQ(u.id.size(), 32u);
  EXPECT_EQ(u.email, "lee@example.test");
  auto got = store_->GetUser(u.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->email, "lee@example.test");
  EXPECT_EQ(got->display_name, "Lee");
  EXPECT_EQ(got->password_hash, "$argon2id$v=19$hash-of-Lee");
  EXPECT_EQ(got->role, Role::kClinician);
  EXPECT_EQ(got->clinic_id, clinic);
  EXPECT_FALSE(got->disabled);
  EXPECT_EQ(got->created_at, kNow);
}

TEST_P(StoreConformanceTest, UserWithoutClinicHasEmptyClinicId) {
  User u = NewUser("maria");
  EXPECT_EQ(store_->GetUser(u.id)->clinic_id, "");
}

TEST_P(StoreConformanceTest, FindUserByEmailIgnoresCase) {
  User u = NewUser("maria");
  auto got = store_->FindUserByEmail("MARIA@example.TEST");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, u.id);
  auto missing = store_->FindUserByEmail("Nobody@example.test");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no user with email nobody@example.test");
}

TEST_P(StoreConformanceTest, TakenEmailIsConflictWhateverItsCase) {
  NewUser("maria");
  User again;
  again.email = "MARIA@EXAMPLE.TEST";
  again.display_name = "Another Maria";
  again.password_hash = "x";
  Status s = store_->CreateUser(again);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "a user with email maria@example.test already exists");
  EXPECT_TRUE(again.id.empty());
}

TEST_P(StoreConformanceTest, UserInUnknownClinicIsNotFound) {
  User u;
  u.email = "x@example.test";
  u.clinic_id = "no-such-clinic";
  Status s = store_->CreateUser(u);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no clinic no-such-clinic");
}

TEST_P(StoreConformanceTest, GetUserOfUnknownIdIsNotFound) {
  auto got = store_->GetUser("nope");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "no user nope");
}

TEST_P(StoreConformanceTest, UpdateUserChangesFieldsButNotCreationTime) {
  const std::string clinic = NewClinic();
  User u = NewUser("maria");
  u.email = "Maria.Silva@example.test";
  u.display_name = "Maria Silva";
  u.password_hash = "new-hash";
  u.role = Role::kAdmin;
  u.clinic_id = clinic;
  u.disabled = true;
  u.created_at = 1;
  ASSERT_TRUE(store_->UpdateUser(u).ok());
  auto got = store_->GetUser(u.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->email, "maria.silva@example.test");
  EXPECT_EQ(got->display_name, "Maria Silva");
  EXPECT_EQ(got->password_hash, "new-hash");
  EXPECT_EQ(got->role, Role::kAdmin);
  EXPECT_EQ(got->clinic_id, clinic);
  EXPECT_TRUE(got->disabled);
  EXPECT_EQ(got->created_at, kNow);
  EXPECT_TRUE(store_->FindUserByEmail("maria.silva@example.test").ok());
  EXPECT_EQ(store_->FindUserByEmail("maria@example.test").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, UpdateUserToAnotherUsersEmailIsConflict) {
  NewUser("maria");
  User tom = NewUser("tom");
  tom.email = "Maria@example.test";
  Status s = store_->UpdateUser(tom);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "a user with email maria@example.test already exists");
  EXPECT_EQ(store_->GetUser(tom.id)->email, "tom@example.test");
}

TEST_P(StoreConformanceTest, UpdateUnknownUserIsNotFound) {
  User ghost;
  ghost.id = "ghost";
  ghost.email = "ghost@example.test";
  Status s = store_->UpdateUser(ghost);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
}

TEST_P(StoreConformanceTest, EraseUserRemovesTheirDataButKeepsAudit) {
  const std::string clinic = NewClinic();
  User lee = NewUser("lee", Role::kClinician, clinic);
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, clinic);
  const Record kept = NewRecord(tom.id, RecordKind::kPain, "2026-11-20");
  Record note = NewRecord(tom.id, RecordKind::kNote, "2026-11-21");  // written by...
  const Record gone = NewRecord(maria.id, RecordKind::kPain, "2026-11-20");
  PlanRecord plan{maria.id, "{}", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  PutSummary(maria, clinic, 10);
  PutSummary(tom, clinic, 10);
  ASSERT_TRUE(store_->CreateSession({"maria-token", maria.id, "csrf", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"lee-token", lee.id, "csrf", kNow, kNow}).ok());
  AuditEntry e;
  e.action = "GET /api/v1/patients/{id}/plan";
  e.actor_id = maria.id;
  e.patient_id = maria.id;
  e.outcome = "ok";
  ASSERT_TRUE(store_->AppendAudit(e).ok());

  ASSERT_TRUE(store_->EraseUser(maria.id).ok());

  EXPECT_EQ(store_->GetUser(maria.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindUserByEmail("maria@example.test").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord(gone.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListRecords(maria.id, std::nullopt, 100)->empty());
  EXPECT_EQ(store_->GetPlan(maria.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSummary(maria.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSession("maria-token").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store_->CountPatients({clinic, "", std::nullopt, 50}), 1);
  // Everyone else's data stays.
  EXPECT_TRUE(store_->GetRecord(kept.id).ok());
  EXPECT_TRUE(store_->GetRecord(note.id).ok());
  EXPECT_TRUE(store_->GetSession("lee-token").ok());
  // The audit log keeps its entry about her.
  auto audit = store_->ListAudit(0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().patient_id, maria.id);
  // Her email is free again.
  User again = NewUser("maria");
  EXPECT_NE(again.id, maria.id);
}

TEST_P(StoreConformanceTest, EraseUnknownUserIsNotFound) {
  Status s = store_->EraseUser("ghost");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
}

// --- Sessions --------------------------------------------------------------

TEST_P(StoreConformanceTest, SessionIsStoredTouchedAndDeleted) {
  User u = NewUser("maria");
  ASSERT_TRUE(store_->CreateSession({"hash1", u.id, "csrf1", kNow, kNow}).ok());
  auto got = store_->GetSession("hash1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->user_id, u.id);
  EXPECT_EQ(got->csrf_token, "csrf1");
  EXPECT_EQ(got->created_at, kNow);
  ASSERT_TRUE(store_->TouchSession("hash1", kNow + 600).ok());
  EXPECT_EQ(store_->GetSession("hash1")->last_seen, kNow + 600);
  EXPECT_EQ(store_->GetSession("hash1")->created_at, kNow);
  ASSERT_TRUE(store_->DeleteSession("hash1").ok());
  auto gone = store_->GetSession("hash1");
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gone.status().message(), "no such session");
}

// The epoch vouches for sessions and accounts kept in memory: it must move
// on every way a session ends or an account changes, and only then (or the
// caches would be emptied by every sign-in and every use).
TEST_P(StoreConformanceTest, AccessEpochMovesWhenASessionEndsOrAnAccountChanges) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, clinic);
  auto epoch = [&] {
    auto e = store_->AccessEpoch();
    EXPECT_TRUE(e.ok()) << e.status().message();
    return e.ok() ? *e : -1;
  };
  std::int64_t before = epoch();
  auto moved = [&](const char* what) {
    const std::int64_t now = epoch();
    EXPECT_GT(now, before) << what << " did not move the epoch";
    before = now;
  };
  auto stayed = [&](const char* what) { EXPECT_EQ(epoch(), before) << what << " moved the epoch"; };

  ASSERT_TRUE(store_->CreateSession({"m1", maria.id, "c", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"m2", maria.id, "c", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"m3", maria.id, "c", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"t1", tom.id, "c", kNow, kNow}).ok());
  stayed("signing in");
  ASSERT_TRUE(store_->GetSession("m1").ok());
  ASSERT_TRUE(store_->TouchSession("m1", kNow + 60).ok());
  ASSERT_TRUE(store_->GetUser(maria.id).ok());
  stayed("using a session");
  ASSERT_TRUE(store_->DeleteSession("never-was").ok());
  stayed("ending a session that is not there");

  ASSERT_TRUE(store_->DeleteSession("m1").ok());
  moved("logging out");
  ASSERT_TRUE(store_->DeleteSessionsOf(maria.id, "m2").ok());
  moved("ending every other session");
  maria.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(maria).ok());
  moved("disabling an account");
  maria.password_hash = "another";
  ASSERT_TRUE(store_->UpdateUser(maria).ok());
  moved("changing a password");
  ASSERT_TRUE(store_->EraseUser(tom.id).ok());
  moved("erasing an account");
}

TEST_P(StoreConformanceTest, DeletingAMissingSessionSucceeds) {
  EXPECT_TRUE(store_->DeleteSession("never-was").ok());
}

TEST_P(StoreConformanceTest, TouchingAMissingSessionIsNotFound) {
  Status s = store_->TouchSession("never-was", kNow);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no such session");
}

TEST_P(StoreConformanceTest, DuplicateSessionIsConflict) {
  User u = NewUser("maria");
  ASSERT_TRUE(store_->CreateSession({"hash1", u.id, "a", kNow, kNow}).ok());
  Status s = store_->CreateSession({"hash1", u.id, "b", kNow, kNow});
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "the session already exists");
}

TEST_P(StoreConformanceTest, SessionOfUnknownUserIsNotFound) {
  Status s = store_->CreateSession({"hash1", "ghost", "a", kNow, kNow});
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
}

TEST_P(StoreConformanceTest, DeleteSessionsOfRemovesOnlyThatUsersSessions) {
  User maria = NewUser("maria");
  User tom = NewUser("tom");
  ASSERT_TRUE(store_->CreateSession({"m1", maria.id, "a", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"m2", maria.id, "a", kNow, kNow}).ok());
  ASSERT_TRUE(store_->CreateSession({"t1", tom.id, "a", kNow, kNow}).ok());
  ASSERT_TRUE(store_->DeleteSessionsOf(maria.id).ok());
  EXPECT_FALSE(store_->GetSession("m1").ok());
  EXPECT_FALSE(store_->GetSession("m2").ok());
  EXPECT_TRUE(store_->GetSession("t1").ok());
}

// --- Invitations -----------------------------------------------------------

TEST_P(StoreConformanceTest, InvitationCanBeUsedOnce) {
  const std::string clinic = NewClinic();
  User lee = NewUser("lee", Role::kClinician, clinic);
  ASSERT_TRUE(store_->CreateInvitation({"ABC123", clinic, lee.id, kNow, kNow + 86400, ""}).ok());
  auto got = store_->GetInvitation("ABC123");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->clinic_id, clinic);
  EXPECT_EQ(got->created_by, lee.id);
  EXPECT_EQ(got->expires_at, kNow + 86400);
  EXPECT_EQ(got->used_by, "");

  User maria = NewUser("maria");
  ASSERT_TRUE(store_->UseInvitation("ABC123", maria.id).ok());
  EXPECT_EQ(store_->GetInvitation("ABC123")->used_by, maria.id);
  User tom = NewUser("tom");
  Status again = store_->UseInvitation("ABC123", tom.id);
  EXPECT_EQ(again.code(), StatusCode::kConflict);
  EXPECT_EQ(again.message(), "invitation ABC123 has already been used");
  EXPECT_EQ(store_->GetInvitation("ABC123")->used_by, maria.id);
}

TEST_P(StoreConformanceTest, ConcurrentUsesOfOneInvitationLetOnlyOneWin) {
  const std::string clinic = NewClinic();
  ASSERT_TRUE(store_->CreateInvitation({"RACE", clinic, "", kNow, kNow + 60, ""}).ok());
  std::atomic<int> won{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Status s = store_->UseInvitation("RACE", "user" + std::to_string(i));
      if (s.ok()) ++won;
      if (s.code() == StatusCode::kConflict) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
}

TEST_P(StoreConformanceTest, UnknownInvitationIsNotFound) {
  auto got = store_->GetInvitation("NOPE");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "no invitation NOPE");
  Status s = store_->UseInvitation("NOPE", "someone");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no invitation NOPE");
}

TEST_P(StoreConformanceTest, DuplicateInvitationCodeIsConflict) {
  const std::string clinic = NewClinic();
  ASSERT_TRUE(store_->CreateInvitation({"DUP", clinic, "", kNow, kNow + 60, ""}).ok());
  Status s = store_->CreateInvitation({"DUP", clinic, "", kNow, kNow + 60, ""});
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "invitation DUP already exists");
}

TEST_P(StoreConformanceTest, InvitationToUnknownClinicIsNotFound) {
  Status s = store_->CreateInvitation({"X", "no-clinic", "", kNow, kNow + 60, ""});
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no clinic no-clinic");
}

// --- Records ---------------------------------------------------------------

TEST_P(StoreConformanceTest, RecordRoundTripsByteForByte) {
  User u = NewUser("maria");
  Record r;
  r.patient_id = u.id;
  r.kind = RecordKind::kSessionLog;
  r.date = "2026-11-23";
  r.author_id = u.id;
  r.payload =
      "{\"note\": \"Schmerz \xC3\xBC"
      "ber 3/10 \\\"ok\\\"\\n\", \"emoji\": \"\xF0\x9F\x98\x80\"}";
  r.created_at = kNow;
  ASSERT_TRUE(store_->AddRecord(r).ok());
  EXPECT_EQ(r.id.size(), 32u);
  auto got = store_->GetRecord(r.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->patient_id, u.id);
  EXPECT_EQ(got->kind, RecordKind::kSessionLog);
  EXPECT_EQ(got->date, "2026-11-23");
  EXPECT_EQ(got->author_id, u.id);
  EXPECT_EQ(got->payload, r.payload);
  EXPECT_EQ(got->created_at, kNow);
}

// What the camera coach measured travels inside the session log's payload:
// no column of its own, so no migration; every store keeps it as given.
TEST_P(StoreConformanceTest, ASessionLogKeepsWhatTheCameraCoachMeasured) {
  User u = NewUser("maria");
  auto log = ParseSessionLogs(R"({"date": "2026-11-23", "pain_after": 2, "effort": 4,
      "exercises": [{"id": "glute_bridge", "pain_during": 2,
                     "coach": {"reps_done": 7, "reps_prescribed": 16, "hold_seconds": [2.9, 3.1],
                               "findings": [{"id": "arching", "count": 2}]}}]})");
  ASSERT_TRUE(log.ok()) << log.status().message();
  Record r;
  r.patient_id = u.id;
  r.kind = RecordKind::kSessionLog;
  r.date = "2026-11-23";
  r.author_id = u.id;
  r.payload = nlohmann::json{{"log", SessionLogToJson(log->front())}}.dump();
  r.created_at = kNow;
  ASSERT_TRUE(store_->AddRecord(r).ok());
  auto listed = store_->ListRecords(u.id, RecordKind::kSessionLog, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  auto again = SessionLogFromJson(nlohmann::json::parse(listed->front().payload)["log"]);
  ASSERT_TRUE(again.ok()) << again.status().message();
  const CoachMeasure& coach = again->exercises.at(0).coach.value();
  EXPECT_EQ(coach.reps_done, 7);
  EXPECT_EQ(coach.reps_prescribed, 16);
  EXPECT_EQ(coach.hold_seconds, (std::vector<double>{2.9, 3.1}));
  ASSERT_EQ(coach.findings.size(), 1u);
  EXPECT_EQ(coach.findings[0].id, "arching");
  EXPECT_EQ(coach.findings[0].count, 2);
}

// A list of large records (the camera coach's recordings) reads each one's
// summary, never its payload; the payload is read only for the one opened.
TEST_P(StoreConformanceTest, ASummaryPageListsRecordsWithoutTheirPayloads) {
  User u = NewUser("maria");
  User other = NewUser("otto");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    Record r;
    r.patient_id = u.id;
    r.kind = RecordKind::kPoseRecording;
    r.date = "2026-11-2" + std::to_string(i);
    r.author_id = u.id;
    r.payload = R"({"recording": ")" + std::string(100000 + i, 'x') + R"("})";
    r.summary = R"({"exercise": "glute_bridge", "frames": )" + std::to_string(30 + i) + "}";
    r.created_at = kNow;
    ASSERT_TRUE(store_->AddRecord(r).ok());
    ids.push_back(r.id);
  }
  NewRecord(u.id, RecordKind::kPain, "2026-11-25");
  NewRecord(other.id, RecordKind::kPoseRecording, "2026-11-25");

  auto page = store_->ListRecordSummaryPage({u.id, RecordKind::kPoseRecording, std::nullopt, 2});
  ASSERT_TRUE(page.ok()) << page.status().message();
  auto full = store_->ListRecordPage({u.id, RecordKind::kPoseRecording, std::nullopt, 2});
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(page->size(), 2u);
  ASSERT_EQ(full->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const Record& r = (*page)[i];
    EXPECT_EQ(r.id, ids[2 - i]);  // newest first, as the full page
    EXPECT_EQ(r.id, (*full)[i].id);
    EXPECT_EQ(r.patient_id, u.id);
    EXPECT_EQ(r.kind, RecordKind::kPoseRecording);
    EXPECT_EQ(r.date, "2026-11-2" + std::to_string(2 - i));
    EXPECT_EQ(r.author_id, u.id);
    EXPECT_EQ(r.created_at, kNow);
    EXPECT_EQ(r.payload, "");
    EXPECT_EQ(r.summary,
              R"({"exercise": "glute_bridge", "frames": )" + std::to_string(32 - i) + "}");
    EXPECT_EQ((*full)[i].summary, r.summary);
    EXPECT_EQ((*full)[i].payload, R"({"recording": ")" + std::string(100002 - i, 'x') + R"("})");
  }
  auto rest = store_->ListRecordSummaryPage(
      {u.id, RecordKind::kPoseRecording,
       RecordKey{(*page)[1].date, (*page)[1].created_at, (*page)[1].id}, 10});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().id, ids[0]);
  // Every kind; a record without a summary lists with "".
  auto all = store_->ListRecordSummaryPage({u.id, std::nullopt, std::nullopt, 10});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->front().kind, RecordKind::kPain);
  EXPECT_EQ(all->front().summary, "");
  EXPECT_EQ(all->front().payload, "");
  EXPECT_EQ(store_->GetRecord(ids[0])->summary, R"({"exercise": "glute_bridge", "frames": 30})");
  EXPECT_EQ(store_->ListRecordSummaryPage({u.id, std::nullopt, std::nullopt, 0}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, DeleteRecordRemovesOnlyThatRecordOfThatPatientAndKind) {
  User u = NewUser("maria");
  User other = NewUser("otto");
  const Record gone = NewRecord(u.id, RecordKind::kPoseRecording, "2026-11-22");
  const Record kept = NewRecord(u.id, RecordKind::kPoseRecording, "2026-11-23");
  const Record pain = NewRecord(u.id, RecordKind::kPain, "2026-11-23");
  // Not another patient's, not of another kind, not twice.
  Status s = store_->DeleteRecord(other.id, RecordKind::kPoseRecording, gone.id);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no record " + gone.id);
  EXPECT_EQ(store_->DeleteRecord(u.id, RecordKind::kPoseRecording, pain.id).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteRecord(u.id, RecordKind::kPoseRecording, "nope").code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteRecord(u.id, RecordKind::kPoseRecording, gone.id).ok());
  EXPECT_EQ(store_->DeleteRecord(u.id, RecordKind::kPoseRecording, gone.id).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord(gone.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRecord(kept.id).ok());
  EXPECT_TRUE(store_->GetRecord(pain.id).ok());
  auto left = store_->ListRecords(u.id, std::nullopt, 10);
  ASSERT_TRUE(left.ok());
  std::vector<std::string> ids;
  for (const Record& r : *left) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> expected = {kept.id, pain.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
}

TEST_P(StoreConformanceTest, UnknownRecordIsNotFound) {
  auto got = store_->GetRecord("nope");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "no record nope");
}

TEST_P(StoreConformanceTest, RecordOfUnknownPatientIsNotFound) {
  Record r;
  r.patient_id = "ghost";
  r.kind = RecordKind::kPain;
  r.date = "2026-11-23";
  r.payload = "{}";
  Status s = store_->AddRecord(r);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
}

TEST_P(StoreConformanceTest, AddRecordsStoresEveryRecordWithItsId) {
  User u = NewUser("maria");
  std::vector<Record> batch;
  for (const char* date : {"2026-11-20", "2026-11-21", "2026-11-22"}) {
    batch.push_back(Record{"", u.id, RecordKind::kSteps, date, u.id, "{\"steps\": 4000}", kNow});
  }
  ASSERT_TRUE(store_->AddRecords(batch).ok());
  auto all = store_->ListRecords(u.id, RecordKind::kSteps, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Dates(*all), (std::vector<std::string>{"2026-11-20", "2026-11-21", "2026-11-22"}));
  for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ((*all)[i].id, batch[i].id);
}
TEST_P(StoreConformanceTest, AddRecordsStoresNoneWhenOneRecordFails) {
  User u = NewUser("maria");
  std::vector<Record> batch = {
      Record{"", u.id, RecordKind::kSteps, "2026-11-20", u.id, "{}", kNow},
      Record{"", "ghost", RecordKind::kSteps, "2026-11-21", u.id, "{}", kNow}};
  Status s = store_->AddRecords(batch);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
  auto all = store_->ListRecords(u.id, std::nullopt, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}
TEST_P(StoreConformanceTest, RecordsListOldestFirstByDateThenCreationTime) {
  User u = NewUser("maria");
  NewRecord(u.id, RecordKind::kPain, "2026-11-22", kNow + 5);
  NewRecord(u.id, RecordKind::kPain, "2026-11-20", kNow + 9);
  NewRecord(u.id, RecordKind::kCheckin, "2026-11-21", kNow);
  const Record later = NewRecord(u.id, RecordKind::kPain, "2026-11-22", kNow + 7);
  const Record earlier = NewRecord(u.id, RecordKind::kPain, "2026-11-22", kNow + 6);
  auto all = store_->ListRecords(u.id, std::nullopt, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Dates(*all), (std::vector<std::string>{"2026-11-20", "2026-11-21", "2026-11-22",
                                                   "2026-11-22", "2026-11-22"}));
  EXPECT_EQ((*all)[3].id, earlier.id);
  EXPECT_EQ((*all)[4].id, later.id);
}

TEST_P(StoreConformanceTest, RecordsWithTheSameDateAndTimeAreOrderedById) {
  User u = NewUser("maria");
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(NewRecord(u.id, RecordKind::kPain, "2026-11-22").id);
  std::sort(ids.begin(), ids.end());
  auto all = store_->ListRecords(u.id, RecordKind::kPain, 100);
  ASSERT_TRUE(all.ok());
  std::vector<std::string> got;
  for (const auto& r : *all) got.push_back(r.id);
  EXPECT_EQ(got, ids);
}

TEST_P(StoreConformanceTest, RecordsLimitKeepsTheNewest) {
  User u = NewUser("maria");
  for (int day = 10; day < 20; ++day)
    NewRecord(u.id, RecordKind::kPain, "2026-11-" + std::to_string(day));
  auto last3 = store_->ListRecords(u.id, std::nullopt, 3);
  ASSERT_TRUE(last3.ok());
  EXPECT_EQ(Dates(*last3), (std::vector<std::string>{"2026-11-17", "2026-11-18", "2026-11-19"}));
  auto newest = store_->ListRecords(u.id, RecordKind::kPain, 1);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(Dates(*newest), std::vector<std::string>{"2026-11-19"});
}

TEST_P(StoreConformanceTest, RecordsFilterByKindAndPatient) {
  User maria = NewUser("maria");
  User tom = NewUser("tom");
  NewRecord(maria.id, RecordKind::kPain, "2026-11-20");
  NewRecord(maria.id, RecordKind::kIntake, "2026-11-01");
  NewRecord(maria.id, RecordKind::kPain, "2026-11-21");
  NewRecord(tom.id, RecordKind::kPain, "2026-11-20");
  auto pain = store_->ListRecords(maria.id, RecordKind::kPain, 100);
  ASSERT_TRUE(pain.ok());
  EXPECT_EQ(Dates(*pain), (std::vector<std::string>{"2026-11-20", "2026-11-21"}));
  for (const auto& r : *pain) EXPECT_EQ(r.patient_id, maria.id);
  auto intake = store_->ListRecords(maria.id, RecordKind::kIntake, 100);
  ASSERT_EQ(intake->size(), 1u);
  EXPECT_TRUE(store_->ListRecords(maria.id, RecordKind::kNote, 100)->empty());
  EXPECT_TRUE(store_->ListRecords("nobody", std::nullopt, 100)->empty());
}

TEST_P(StoreConformanceTest, RecordsLimitBelowOneIsInvalid) {
  auto got = store_->ListRecords("anyone", std::nullopt, 0);
  EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(got.status().message(), "limit must be at least 1, got 0");
}

// --- Pages of records -----------------------------------------------------

// Walks every page of `kind` newest first, `limit` at a time, calling
// `between` after each page; the ids in the order met.
std::vector<std::string> WalkRecordPages(Store& store, const std::string& patient_id,
                                         std::optional<RecordKind> kind, int limit,
                                         const std::function<void(int)>& between = {}) {
  std::vector<std::string> ids;
  RecordPageQuery q{patient_id, kind, std::nullopt, limit};
  for (int page = 0; page < 1000; ++page) {
    auto got = store.ListRecordPage(q);
    EXPECT_TRUE(got.ok()) << got.status().message();
    if (!got.ok()) break;
    EXPECT_LE(static_cast<int>(got->size()), limit);
    for (const auto& r : *got) ids.push_back(r.id);
    if (static_cast<int>(got->size()) < limit) break;
    q.after = RecordKey{got->back().date, got->back().created_at, got->back().id};
    if (between) between(page);
  }
  return ids;
}

TEST_P(StoreConformanceTest, RecordPagesCoverEveryRecordOnceNewestFirst) {
  User u = NewUser("maria");
  User tom = NewUser("tom");
  // Several on one day and second, so that the id decides their order.
  for (int day = 10; day < 17; ++day) {
    for (int i = 0; i < 3; ++i)
      NewRecord(u.id, RecordKind::kPain, "2026-11-" + std::to_string(day), kNow);
  }
  NewRecord(u.id, RecordKind::kNote, "2026-11-12");
  NewRecord(tom.id, RecordKind::kPain, "2026-11-12");
  auto all = store_->ListRecords(u.id, RecordKind::kPain, 1000);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 21u);
  std::vector<std::string> newest_first;
  for (auto it = all->rbegin(); it != all->rend(); ++it) newest_first.push_back(it->id);
  for (int limit : {1, 2, 5, 20, 21, 22, 1000}) {
    EXPECT_EQ(WalkRecordPages(*store_, u.id, RecordKind::kPain, limit), newest_first)
        << "limit " << limit;
  }
  // Every kind at once: the note is met in its place too.
  EXPECT_EQ(WalkRecordPages(*store_, u.id, std::nullopt, 4).size(), 22u);
}

TEST_P(StoreConformanceTest, RecordsAddedBetweenPagesAreNeitherSkippedNorRepeated) {
  User u = NewUser("maria");
  for (int day = 10; day < 20; ++day)
    NewRecord(u.id, RecordKind::kPain, "2026-11-" + std::to_string(day));
  auto before = store_->ListRecords(u.id, RecordKind::kPain, 1000);
  ASSERT_TRUE(before.ok());
  std::vector<std::string> expected;
  for (auto it = before->rbegin(); it != before->rend(); ++it) expected.push_back(it->id);
  // A new entry of a later day after every page: newer than where the walk
  // is, so it is not on this walk, and nothing the walk had yet to meet
  // moves. One for a day before all the others (a diary filled in late) is
  // met once, at the end.
  std::string late_id;
  auto walked = WalkRecordPages(*store_, u.id, RecordKind::kPain, 3, [&](int page) {
    NewRecord(u.id, RecordKind::kPain, "2026-11-30", kNow + 100 + page);
    if (page == 0) late_id = NewRecord(u.id, RecordKind::kPain, "2026-11-01").id;
  });
  expected.push_back(late_id);
  EXPECT_EQ(walked, expected);
  EXPECT_EQ(store_->ListRecords(u.id, RecordKind::kPain, 1000)->size(), 10u + 1u + 3u);
}

TEST_P(StoreConformanceTest, RecordPageAfterTheOldestIsEmptyAndLimitsAreChecked) {
  User u = NewUser("maria");
  const Record only = NewRecord(u.id, RecordKind::kPain, "2026-11-10");
  RecordPageQuery q{u.id, RecordKind::kPain, RecordKey{only.date, only.created_at, only.id}, 10};
  auto after = store_->ListRecordPage(q);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  // A key between records (here: a later time on the same day) continues below it.
  q.after = RecordKey{only.date, only.created_at + 1, ""};
  ASSERT_EQ(store_->ListRecordPage(q)->size(), 1u);
  q.limit = 0;
  EXPECT_EQ(store_->ListRecordPage(q).status().code(), StatusCode::kInvalidArgument);
  q.limit = -1;
  EXPECT_EQ(store_->ListRecordPage(q).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, AllRecordsReadsEveryPageOldestFirst) {
  User u = NewUser("maria");
  std::vector<Record> many;
  for (int i = 0; i < 25; ++i) {
    many.push_back({"", u.id, RecordKind::kPain, "2026-11-" + std::to_string(10 + i % 10), u.id,
                    "{}", kNow + i});
  }
  ASSERT_TRUE(store_->AddRecords(many).ok());
  for (int page : {1, 7, 25, 26}) {
    auto all = store_->AllRecords(u.id, RecordKind::kPain, page);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 25u) << "page " << page;
    auto once = store_->ListRecords(u.id, RecordKind::kPain, 100);
    for (std::size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].id, (*once)[i].id);
  }
}

// --- Plans -----------------------------------------------------------------

TEST_P(StoreConformanceTest, PlanVersionsCountUpFromOne) {
  User u = NewUser("maria");
  auto none = store_->GetPlan(u.id);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(none.status().message(), "no plan for patient " + u.id);

  PlanRecord plan{u.id, R"({"week": 1})", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  EXPECT_EQ(plan.version, 1);
  plan.state = R"({"week": 2})";
  plan.updated_at = kNow + 60;
  ASSERT_TRUE(store_->PutPlan(plan, 1).ok());
  EXPECT_EQ(plan.version, 2);
  auto got = store_->GetPlan(u.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, R"({"week": 2})");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->updated_at, kNow + 60);
}

TEST_P(StoreConformanceTest, PlanVersionAloneFollowsThePlan) {
  User u = NewUser("maria");
  auto none = store_->PlanVersion(u.id);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(none.status().message(), "no plan for patient " + u.id);
  PlanRecord plan{u.id, R"({"week": 1})", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  EXPECT_EQ(*store_->PlanVersion(u.id), 1);
  ASSERT_TRUE(store_->PutPlan(plan, 1).ok());
  EXPECT_EQ(*store_->PlanVersion(u.id), 2);
  ASSERT_TRUE(store_->EraseUser(u.id).ok());
  EXPECT_EQ(store_->PlanVersion(u.id).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, StalePlanWriteIsConflictAndChangesNothing) {
  User u = NewUser("maria");
  PlanRecord plan{u.id, "first", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  ASSERT_TRUE(store_->PutPlan(plan, 1).ok());
  PlanRecord stale{u.id, "stale", 0, kNow};
  Status s = store_->PutPlan(stale, 1);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "the plan of patient " + u.id + " is at version 2, not 1; read it again");
  Status first_again = store_->PutPlan(stale, 0);
  EXPECT_EQ(first_again.code(), StatusCode::kConflict);
  EXPECT_EQ(store_->GetPlan(u.id)->state, "first");
  EXPECT_EQ(store_->GetPlan(u.id)->version, 2);
}

PlanChange ChangeFor(const User& u, const std::string& state, std::int64_t expected) {
  PlanChange change;
  change.record = {"", u.id, RecordKind::kSessionLog, "2026-11-23", u.id, R"({"log": 1})", kNow};
  change.plan = {u.id, state, 0, kNow};
  change.expected_version = expected;
  change.summary.patient_id = u.id;
  change.summary.display_name = u.display_name;
  change.summary.attention = 50;
  change.summary.reasons = R"(["flare-up"])";
  return change;
}

TEST_P(StoreConformanceTest, PlanChangeStoresRecordPlanAndSummaryTogether) {
  User u = NewUser("maria");
  PlanChange first = ChangeFor(u, "v1", 0);
  ASSERT_TRUE(store_->SavePlanChange(first).ok());
  EXPECT_FALSE(first.record.id.empty());
  EXPECT_EQ(first.plan.version, 1);
  PlanChange second = ChangeFor(u, "v2", 1);
  ASSERT_TRUE(store_->SavePlanChange(second).ok());
  EXPECT_EQ(second.plan.version, 2);
  EXPECT_EQ(store_->GetPlan(u.id)->state, "v2");
  EXPECT_EQ(store_->ListRecords(u.id, RecordKind::kSessionLog, 10)->size(), 2u);
  EXPECT_EQ(store_->GetSummary(u.id)->attention, 50);
}

TEST_P(StoreConformanceTest, StalePlanChangeStoresNothingAtAll) {
  User u = NewUser("maria");
  PlanChange first = ChangeFor(u, "v1", 0);
  ASSERT_TRUE(store_->SavePlanChange(first).ok());
  PlanChange stale = ChangeFor(u, "stale", 0);
  stale.summary.attention = 100;
  Status s = store_->SavePlanChange(stale);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(store_->GetPlan(u.id)->state, "v1");
  EXPECT_EQ(store_->ListRecords(u.id, std::nullopt, 10)->size(), 1u)
      << "the record went with the plan";
  EXPECT_EQ(store_->GetSummary(u.id)->attention, 50);
  PlanChange stranger = ChangeFor(u, "v2", 1);
  stranger.record.patient_id = "00000000000000000000000000000000";
  EXPECT_EQ(store_->SavePlanChange(stranger).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetPlan(u.id)->version, 1);
}

// A change may carry its audit entry into its own transaction: stored with
// it (seq set) or, for a store that cannot, left to the caller (seq 0,
// nothing appended). Never one without the other.
TEST_P(StoreConformanceTest, PlanChangeCarriesItsAuditEntryOrLeavesItToTheCaller) {
  User u = NewUser("maria");
  AuditEntry earlier;
  earlier.action = "GET /before";
  ASSERT_TRUE(store_->AppendAudit(earlier).ok());
  PlanChange change = ChangeFor(u, "v1", 0);
  AuditEntry entry;
  entry.at = kNow;
  entry.actor_id = u.id;
  entry.action = "POST /api/v1/patients/" + u.id + "/sessions";
  entry.patient_id = u.id;
  entry.outcome = "ok";
  change.audit.push_back(entry);
  ASSERT_TRUE(store_->SavePlanChange(change).ok());
  auto chain = store_->ListAudit(0, 100);
  ASSERT_TRUE(chain.ok());
  if (GetParam() == "postgres") {
    EXPECT_EQ(change.audit.front().seq, 0);
    EXPECT_EQ(chain->size(), 1u);
    return;
  }
  EXPECT_EQ(change.audit.front().seq, 2);
  ASSERT_EQ(chain->size(), 2u);
  ExpectWholeChain(*chain);
  EXPECT_EQ(chain->back().action, entry.action);
  EXPECT_EQ(chain->back().patient_id, u.id);
  EXPECT_EQ(chain->back().outcome, "ok");
  EXPECT_EQ(chain->back().at, kNow);
  // The chain goes on from the carried entry.
  AuditEntry later;
  later.action = "GET /after";
  ASSERT_TRUE(store_->AppendAudit(later).ok());
  EXPECT_EQ(later.seq, 3);
  ExpectWholeChain(*store_->ListAudit(0, 100));
}

TEST_P(StoreConformanceTest, StalePlanChangeStoresNeitherTheChangeNorItsAuditEntry) {
  User u = NewUser("maria");
  PlanChange first = ChangeFor(u, "v1", 0);
  ASSERT_TRUE(store_->SavePlanChange(first).ok());
  PlanChange stale = ChangeFor(u, "stale", 0);
  AuditEntry entry;
  entry.action = "POST /stale";
  entry.patient_id = u.id;
  entry.outcome = "ok";
  stale.audit.push_back(entry);
  EXPECT_EQ(store_->SavePlanChange(stale).code(), StatusCode::kConflict);
  EXPECT_EQ(stale.audit.front().seq, 0) << "not stored, so no place in the chain";
  EXPECT_TRUE(store_->ListAudit(0, 10)->empty());
  EXPECT_EQ(store_->ListRecords(u.id, std::nullopt, 10)->size(), 1u);
  EXPECT_EQ(store_->GetPlan(u.id)->state, "v1");
}

TEST_P(StoreConformanceTest, ConcurrentPlanWritesOfOneVersionLetOnlyOneWin) {
  User u = NewUser("maria");
  PlanRecord plan{u.id, "v1", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  std::atomic<int> won{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      PlanRecord mine{u.id, "writer " + std::to_string(i), 0, kNow};
      Status s = store_->PutPlan(mine, 1);
      if (s.ok()) ++won;
      if (s.code() == StatusCode::kConflict) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(store_->GetPlan(u.id)->version, 2);
}

TEST_P(StoreConformanceTest, PlanOfUnknownPatientIsNotFound) {
  PlanRecord plan{"ghost", "{}", 0, kNow};
  Status s = store_->PutPlan(plan, 0);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no user ghost");
}

// --- Summaries and the patient list ----------------------------------------

TEST_P(StoreConformanceTest, SummaryRoundTripsAndIsReplaced) {
  const std::string clinic = NewClinic();
  User u = NewUser("maria", Role::kPatient, clinic);
  PatientSummary s;
  s.patient_id = u.id;
  s.clinic_id = clinic;
  s.display_name = "Maria Silva";
  s.attention = 50;
  s.reasons = R"(["flare-up"])";
  s.triage = "self_care";
  s.status = "active";
  s.last_activity = "2026-11-22";
  s.last_pain = 6;
  s.updated_at = kNow;
  ASSERT_TRUE(store_->PutSummary(s).ok());
  auto got = store_->GetSummary(u.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->clinic_id, clinic);
  EXPECT_EQ(got->display_name, "Maria Silva");
  EXPECT_EQ(got->attention, 50);
  EXPECT_EQ(got->reasons, R"(["flare-up"])");
  EXPECT_EQ(got->triage, "self_care");
  EXPECT_EQ(got->status, "active");
  EXPECT_EQ(got->last_activity, "2026-11-22");
  EXPECT_EQ(got->last_pain, 6);
  EXPECT_EQ(got->updated_at, kNow);
  EXPECT_EQ(got->unanswered_since, 0);

  // Every column but those that place the row in the list (clinic,
  // attention, name) changes.
  s.unanswered_since = kNow - 60;
  s.reasons = R"(["unanswered_message"])";
  s.triage = "within_days";
  s.status = "paused";
  s.last_activity = "2026-11-23";
  s.last_pain = 4;
  s.updated_at = kNow + 1;
  ASSERT_TRUE(store_->PutSummary(s).ok());
  for (const PatientSummary& read :
       {*store_->GetSummary(u.id), store_->ListPatients({clinic, "", std::nullopt, 10})->at(0)}) {
    EXPECT_EQ(read.unanswered_since, kNow - 60);
    EXPECT_EQ(read.reasons, R"(["unanswered_message"])");
    EXPECT_EQ(read.triage, "within_days");
    EXPECT_EQ(read.status, "paused");
    EXPECT_EQ(read.last_activity, "2026-11-23");
    EXPECT_EQ(read.last_pain, 4);
    EXPECT_EQ(read.updated_at, kNow + 1);
    EXPECT_EQ(read.attention, 50);
  }
  // A new name: the list finds the row by it, and no longer by the old one.
  s.display_name = "Maria Santos";
  ASSERT_TRUE(store_->PutSummary(s).ok());
  EXPECT_EQ(store_->ListPatients({clinic, "santos", std::nullopt, 10})->size(), 1u);
  EXPECT_TRUE(store_->ListPatients({clinic, "silva", std::nullopt, 10})->empty());
  s.unanswered_since = 0;
  s.attention = 0;
  s.last_pain = -1;
  s.last_activity = "";
  ASSERT_TRUE(store_->PutSummary(s).ok());
  EXPECT_EQ(store_->GetSummary(u.id)->attention, 0);
  EXPECT_EQ(store_->GetSummary(u.id)->last_pain, -1);
  EXPECT_EQ(store_->GetSummary(u.id)->last_activity, "");
}

TEST_P(StoreConformanceTest, UnknownSummaryIsNotFound) {
  auto got = store_->GetSummary("ghost");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "no summary for patient ghost");
  PatientSummary s;
  s.patient_id = "ghost";
  Status put = store_->PutSummary(s);
  EXPECT_EQ(put.code(), StatusCode::kNotFound);
  EXPECT_EQ(put.message(), "no user ghost");
}

TEST_P(StoreConformanceTest, PatientListPutsAttentionFirstThenNameIgnoringCaseAndAccents) {
  const std::string clinic = NewClinic();
  PutSummary(NewUser("p1"), clinic, 0, "zoe Quiet");
  PutSummary(NewUser("p2"), clinic, 30, "Tom Worse");
  PutSummary(NewUser("p3"), clinic, 100, "Ahmed Flag");
  PutSummary(NewUser("p4"), clinic, 0, "Adam Quiet");
  PutSummary(NewUser("p5"), clinic, 30, "bea Worse");
  PutSummary(NewUser("p6"), clinic, 0, "\xC3\x89lodie Quiet");  // Élodie
  PutSummary(NewUser("p7"), clinic, 0, "eve Quiet");
  auto list = store_->ListPatients({clinic, "", std::nullopt, 50});
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(Names(*list),
            (std::vector<std::string>{"Ahmed Flag", "bea Worse", "Tom Worse", "Adam Quiet",
                                      "\xC3\x89lodie Quiet", "eve Quiet", "zoe Quiet"}));
}

TEST_P(StoreConformanceTest, PatientListShowsOnlyTheClinicsPatients) {
  const std::string riverside = NewClinic("Riverside");
  const std::string hillside = NewClinic("Hillside");
  PutSummary(NewUser("maria"), riverside, 0);
  PutSummary(NewUser("tom"), hillside, 0);
  PutSummary(NewUser("solo"), "", 0);
  EXPECT_EQ(Names(*store_->ListPatients({riverside, "", std::nullopt, 50})),
            std::vector<std::string>{"maria"});
  EXPECT_EQ(Names(*store_->ListPatients({hillside, "", std::nullopt, 50})),
            std::vector<std::string>{"tom"});
  EXPECT_EQ(*store_->CountPatients({riverside, "", std::nullopt, 50}), 1);
  EXPECT_TRUE(store_->ListPatients({"other", "", std::nullopt, 50})->empty());
}

TEST_P(StoreConformanceTest, PatientSearchMatchesPartOfTheNameIgnoringCaseAndAccents) {
  const std::string clinic = NewClinic();
  PutSummary(NewUser("p1"), clinic, 0, "Maria Silva");
  PutSummary(NewUser("p2"), clinic, 0, "Mario Rossi");
  PutSummary(NewUser("p3"), clinic, 0, "Tom Hughes");
  PutSummary(NewUser("p4"), clinic, 0, "\xC3\x89lodie Martin");  // Élodie Martin
  EXPECT_EQ(Names(*store_->ListPatients({clinic, "MARI", std::nullopt, 50})),
            (std::vector<std::string>{"Maria Silva", "Mario Rossi"}));
  EXPECT_EQ(Names(*store_->ListPatients({clinic, "hug", std::nullopt, 50})),
            std::vector<std::string>{"Tom Hughes"});
  EXPECT_EQ(Names(*store_->ListPatients({clinic, "\xC3\xA9lodie", std::nullopt, 50})),  // élodie
            std::vector<std::string>{"\xC3\x89lodie Martin"});
  EXPECT_EQ(Names(*store_->ListPatients({clinic, "elodie", std::nullopt, 50})),
            std::vector<std::string>{"\xC3\x89lodie Martin"});
  EXPECT_EQ(*store_->CountPatients({clinic, "mar", std::nullopt, 1}), 3);
  EXPECT_TRUE(store_->ListPatients({clinic, "%", std::nullopt, 50})->empty());
  EXPECT_TRUE(store_->ListPatients({clinic, "_", std::nullopt, 50})->empty());
}

// The patients of `query`, walked a page of query.limit at a time, each
// page after the key of the last one before; `between` runs after each page
// but the last (with the page's number, from 1).
std::vector<std::string> WalkPatientIds(Store& store, PatientQuery query,
                                        const std::function<void(int)>& between = {}) {
  std::vector<std::string> ids;
  for (int page = 1; page < 1000; ++page) {
    auto got = store.ListPatients(query);
    EXPECT_TRUE(got.ok()) << got.status().message();
    if (!got.ok() || got->empty()) break;
    EXPECT_LE(static_cast<int>(got->size()), query.limit);
    for (const auto& s : *got) ids.push_back(s.patient_id);
    query.after = PatientKeyOf(got->back());
    if (between) between(page);
  }
  return ids;
}

std::vector<std::string> Ids(const std::vector<PatientSummary>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.patient_id);
  return out;
}

// A page continues after the key of the last patient of the page before:
// pages of any size, walked to the end, give exactly the rows of one large
// page, in its order, across attention levels and ties of the name (the
// same name folded, the same name written, told apart by id).
TEST_P(StoreConformanceTest, PatientListPagesAfterAKey) {
  const std::string clinic = NewClinic();
  const std::vector<std::pair<int, std::string>> people = {{0, "zoe"},
                                                           {0, "Bea"},
                                                           {30, "bea"},
                                                           {0, "bea"},
                                                           {100, "Sam"},
                                                           {0, "Sam"},
                                                           {0, "Sam"},
                                                           {30, "Sam"},
                                                           {100, "Sam"},
                                                           {20,
                                                            "B\xC3\xA9"
                                                            "a"},
                                                           {0,
                                                            "B\xC3\xA9"
                                                            "a"},
                                                           {50, "al"},
                                                           {0, "Al"},
                                                           {20, "al"},
                                                           {0, ""}};
  for (std::size_t i = 0; i < people.size(); ++i) {
    PutSummary(NewUser("p" + std::to_string(i)), clinic, people[i].first, people[i].second);
  }
  PutSummary(NewUser("elsewhere"), NewClinic("Elsewhere"), 40, "bea");
  auto whole = store_->ListPatients({clinic, "", std::nullopt, 200});
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->size(), people.size());
  for (int size : {1, 2, 3, 4, 7, 14, 15, 16}) {
    EXPECT_EQ(WalkPatientIds(*store_, {clinic, "", std::nullopt, size}), Ids(*whole))
        << "pages of " << size;
  }
  // The search carries on within itself: pages of "bea" (and its accented
  // forms) after a key are those of one page of the same search.
  auto beas = store_->ListPatients({clinic, "bea", std::nullopt, 200});
  ASSERT_TRUE(beas.ok());
  EXPECT_EQ(beas->size(), 5u);
  EXPECT_EQ(WalkPatientIds(*store_, {clinic, "bea", std::nullopt, 2}), Ids(*beas));
  // After the last patient: nothing; the count ignores where a page starts.
  EXPECT_TRUE(store_->ListPatients({clinic, "", PatientKeyOf(whole->back()), 10})->empty());
  EXPECT_EQ(*store_->CountPatients({clinic, "", PatientKeyOf(whole->front()), 1}),
            static_cast<int>(people.size()));
  // A key that names no patient (one erased, or made up) still places the
  // page: it starts after where that key would sort.
  PatientKey made_up{30, "bea", "bea", ""};
  auto after = store_->ListPatients({clinic, "", made_up, 200});
  ASSERT_TRUE(after.ok());
  std::vector<std::string> expected;
  for (const auto& s : *whole) {
    const PatientKey k = PatientKeyOf(s);
    if (k.attention < made_up.attention ||
        (k.attention == made_up.attention &&
         std::tie(k.name_key, k.display_name, k.patient_id) >
             std::tie(made_up.name_key, made_up.display_name, made_up.patient_id))) {
      expected.push_back(s.patient_id);
    }
  }
  EXPECT_EQ(Ids(*after), expected);
}

// What a key guarantees that an offset cannot: while others move between
// pages (one not yet reached rises above the walk's place, one is added
// above it, one already shown is erased), every patient whose own place
// stays the same is met exactly once, in order. (A patient whose own
// attention or name changes during the walk may be missed, or met twice
// if they move from before the walk's place to after it.)
TEST_P(StoreConformanceTest, PatientListWalkMeetsEveryUnmovedPatientOnce) {
  const std::string clinic = NewClinic();
  std::vector<User> users;
  for (int i = 0; i < 12; ++i) {
    users.push_back(NewUser("u" + std::to_string(i)));
    PutSummary(users.back(), clinic, i % 3 == 0 ? 30 : 0, "name " + std::to_string(i % 5));
  }
  auto before = store_->ListPatients({clinic, "", std::nullopt, 200});
  ASSERT_TRUE(before.ok());
  const std::vector<std::string> order = Ids(*before);
  const std::string riser = order[9];   // not yet reached after the first page
  const std::string erased = order[1];  // already shown
  std::string added;
  const auto walked = WalkPatientIds(*store_, {clinic, "", std::nullopt, 4}, [&](int page) {
    if (page != 1) return;
    auto s = store_->GetSummary(riser);
    ASSERT_TRUE(s.ok());
    s->attention = 100;
    ASSERT_TRUE(store_->PutSummary(*s).ok());
    User late = NewUser("late");
    added = late.id;
    PutSummary(late, clinic, 100, "aaa");
    ASSERT_TRUE(store_->EraseUser(erased).ok());
  });
  std::vector<std::string> unmoved;
  for (const auto& id : order) {
    if (id != riser) unmoved.push_back(id);
  }
  EXPECT_EQ(walked, unmoved) << "each unmoved patient once, in order; the one who rose above "
                                "the walk's place and the one added there are not met";
}

TEST_P(StoreConformanceTest, PatientQueryWithoutAPageIsInvalid) {
  auto got = store_->ListPatients({"c", "", std::nullopt, 0});
  EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(got.status().message(), "limit must be at least 1, got 0");
}

// --- Audit -----------------------------------------------------------------

TEST_P(StoreConformanceTest, AuditEntriesFormAHashChain) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e;
    e.at = kNow + i;
    e.actor_id = i == 0 ? "" : "lee";
    e.action = "GET /api/v1/patients/{id}/plan";
    e.patient_id = "maria";
    e.outcome = i == 3 ? "denied" : "ok";
    e.detail = "try " + std::to_string(i);
    ASSERT_TRUE(store_->AppendAudit(e).ok());
    EXPECT_EQ(e.seq, i + 1);
    EXPECT_EQ(e.hash, AuditMac(e, ""));
  }
  auto chain = store_->ListAudit(0, 100);
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 5u);
  ExpectWholeChain(*chain);
  EXPECT_EQ((*chain)[0].prev_hash, "");
  EXPECT_EQ((*chain)[0].actor_id, "");
  EXPECT_EQ((*chain)[3].outcome, "denied");
  EXPECT_EQ((*chain)[4].detail, "try 4");
  EXPECT_EQ((*chain)[4].at, kNow + 4);
}

TEST_P(StoreConformanceTest, AuditBatchContinuesTheChain) {
  AuditEntry first;
  first.action = "login";
  first.outcome = "ok";
  ASSERT_TRUE(store_->AppendAudit(first).ok());
  std::vector<AuditEntry> batch(3);
  for (auto& e : batch) {
    e.action = "GET /api/v1/me";
    e.outcome = "ok";
  }
  ASSERT_TRUE(store_->AppendAuditBatch(batch).ok());
  EXPECT_EQ(batch[0].seq, 2);
  EXPECT_EQ(batch[0].prev_hash, first.hash);
  EXPECT_EQ(batch[2].seq, 4);
  auto chain = store_->ListAudit(0, 100);
  ASSERT_EQ(chain->size(), 4u);
  ExpectWholeChain(*chain);
}

TEST_P(StoreConformanceTest, ListAuditPagesAfterASequenceNumber) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e;
    e.action = "a" + std::to_string(i);
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  auto page = store_->ListAudit(2, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 3);
  EXPECT_EQ((*page)[1].seq, 4);
  EXPECT_TRUE(store_->ListAudit(5, 10)->empty());
  EXPECT_EQ(store_->ListAudit(0, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, ConcurrentAppendsFromEightThreadsFormOneChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        AuditEntry e;
        e.at = kNow;
        e.actor_id = "thread" + std::to_string(t);
        e.action = "write " + std::to_string(i);
        e.outcome = "ok";
        if (!store_->AppendAudit(e).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto chain = store_->ListAudit(0, 1000);
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), std::size_t{kThreads * kEach});
  ExpectWholeChain(*chain);
  std::set<std::string> distinct;
  for (const auto& e : *chain) distinct.insert(e.actor_id + "/" + e.action);
  EXPECT_EQ(distinct.size(), std::size_t{kThreads * kEach});
}

// --- Many threads ----------------------------------------------------------

TEST_P(StoreConformanceTest, ConcurrentReadsAndWritesFromManyThreadsAllLand) {
  const std::string clinic = NewClinic();
  std::vector<User> patients;
  for (int i = 0; i < 8; ++i) patients.push_back(NewUser("p" + std::to_string(i)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      const User& p = patients[t % 8];
      for (int i = 0; i < 10; ++i) {
        Record r;
        r.patient_id = p.id;
        r.kind = RecordKind::kPain;
        r.date = "2026-11-" + std::to_string(10 + i);
        r.payload = "{}";
        if (!store_->AddRecord(r).ok()) ++failures;
        if (!store_->ListRecords(p.id, RecordKind::kPain, 5).ok()) ++failures;
        if (!store_->GetUser(p.id).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  for (const User& p : patients)
    EXPECT_EQ(store_->ListRecords(p.id, std::nullopt, 1000)->size(), 20u);
}

// --- Care teams, alerts, claims (schema version 3) ---------------------------

TEST_P(StoreConformanceTest, SupporterRoleIsStored) {
  User sam = NewUser("sam", Role::kSupporter);
  EXPECT_EQ(store_->GetUser(sam.id)->role, Role::kSupporter);
}

TEST_P(StoreConformanceTest, CareMemberIsAddedUpdatedListedAndRemoved) {
  User maria = NewUser("maria");
  User sam = NewUser("sam", Role::kSupporter);
  ASSERT_TRUE(store_->AddCareMember({maria.id, sam.id, "", kNow}).ok());
  EXPECT_EQ(store_->AddCareMember({maria.id, sam.id, "", kNow}).message(),
            "user " + sam.id + " is already on the care team");
  ASSERT_TRUE(store_->UpdateCareMember({maria.id, sam.id, "progress", 0}).ok());
  auto team = store_->ListCareTeam(maria.id);
  ASSERT_TRUE(team.ok());
  ASSERT_EQ(team->size(), 1u);
  EXPECT_EQ(team->front().member_id, sam.id);
  EXPECT_EQ(team->front().scopes, "progress");
  EXPECT_EQ(team->front().added_at, kNow);
  ASSERT_EQ(store_->ListSupported(sam.id)->size(), 1u);
  EXPECT_EQ(store_->ListSupported(sam.id)->front().patient_id, maria.id);
  ASSERT_TRUE(store_->RemoveCareMember(maria.id, sam.id).ok());
  EXPECT_TRUE(store_->ListCareTeam(maria.id)->empty());
  EXPECT_EQ(store_->RemoveCareMember(maria.id, sam.id).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->UpdateCareMember({maria.id, sam.id, "", 0}).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, CareMemberOfMissingUserIsNotFound) {
  User maria = NewUser("maria");
  EXPECT_EQ(store_->AddCareMember({maria.id, "nobody", "", kNow}).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ErasingEitherSideEndsTheMembership) {
  User maria = NewUser("maria");
  User tom = NewUser("tom");
  User sam = NewUser("sam", Role::kSupporter);
  ASSERT_TRUE(store_->AddCareMember({maria.id, sam.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({tom.id, sam.id, "", kNow}).ok());
  ASSERT_TRUE(store_->EraseUser(maria.id).ok());
  ASSERT_EQ(store_->ListSupported(sam.id)->size(), 1u);
  ASSERT_TRUE(store_->EraseUser(sam.id).ok());
  EXPECT_TRUE(store_->ListCareTeam(tom.id)->empty());
}

Alert MakeAlert(const User& patient, const std::string& clinic, const std::string& rule,
                const std::string& period, Timestamp at) {
  Alert a;
  a.patient_id = patient.id;
  a.clinic_id = clinic;
  a.rule = rule;
  a.period = period;
  a.kind = AlertKind::kConcern;
  a.reason = "a reason";
  a.source = "a source";
  a.created_at = a.updated_at = at;
  return a;
}

TEST_P(StoreConformanceTest, AlertIsOncePerRuleAndPeriod) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  Alert a = MakeAlert(maria, clinic, "flare_up", "2026-11-23", kNow);
  ASSERT_TRUE(store_->AddAlert(a).ok());
  EXPECT_EQ(a.id.size(), 32u);
  Alert again = MakeAlert(maria, clinic, "flare_up", "2026-11-23", kNow);
  EXPECT_EQ(store_->AddAlert(again).message(), "alert flare_up for 2026-11-23 already exists");
  Alert next = MakeAlert(maria, clinic, "flare_up", "2026-11-30", kNow + 10);
  EXPECT_TRUE(store_->AddAlert(next).ok());
}

TEST_P(StoreConformanceTest, AlertsAreListedNewestFirstByPatientOrClinic) {
  const std::string clinic = NewClinic();
  const std::string other = NewClinic("Hillside");
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, other);
  Alert first = MakeAlert(maria, clinic, "flare_up", "a", kNow);
  Alert second = MakeAlert(maria, clinic, "inactive", "b", kNow + 5);
  Alert foreign = MakeAlert(tom, other, "inactive", "b", kNow + 9);
  for (Alert* a : {&first, &second, &foreign}) ASSERT_TRUE(store_->AddAlert(*a).ok());
  second.state = AlertState::kResolved;
  second.note = "called her";
  second.updated_by = "lee";
  second.updated_at = kNow + 60;
  ASSERT_TRUE(store_->UpdateAlert(second).ok());

  auto all = store_->ListAlerts({maria.id, "", false, 10});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].rule, "inactive");
  EXPECT_EQ((*all)[0].state, AlertState::kResolved);
  EXPECT_EQ((*all)[0].note, "called her");
  EXPECT_EQ((*all)[0].updated_at, kNow + 60);
  EXPECT_EQ((*all)[1].id, first.id);
  auto open = store_->ListAlerts({"", clinic, true, 10});
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().id, first.id);
  EXPECT_EQ(store_->ListAlerts({"", other, false, 10})->size(), 1u);
}

TEST_P(StoreConformanceTest, AlertPagesCoverEveryAlertOnceNewestFirst) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, clinic);
  for (int i = 0; i < 9; ++i) {
    // Three at each second, so that the id decides their order.
    Alert a =
        MakeAlert(i % 2 == 0 ? maria : tom, clinic, "rule" + std::to_string(i), "p", kNow + i / 3);
    ASSERT_TRUE(store_->AddAlert(a).ok());
  }
  ASSERT_EQ(store_->ListAlerts({"", clinic, false, 100})->size(), 9u);
  int added = 0;
  for (int limit : {1, 2, 4, 9, 10}) {
    std::vector<std::string> expected, walked;
    const auto now = store_->ListAlerts({"", clinic, false, 1000});
    ASSERT_TRUE(now.ok());
    for (const auto& a : *now) expected.push_back(a.id);
    AlertQuery q{"", clinic, false, limit};
    while (true) {
      auto page = store_->ListAlerts(q);
      ASSERT_TRUE(page.ok());
      for (const auto& a : *page) walked.push_back(a.id);
      if (static_cast<int>(page->size()) < limit) break;
      q.after = AlertKey{page->back().created_at, page->back().id};
      // A new alert between pages is newer than the walk: not met, nothing moves.
      ++added;
      Alert late =
          MakeAlert(maria, clinic, "late" + std::to_string(added), "p", kNow + 1000 + added);
      ASSERT_TRUE(store_->AddAlert(late).ok());
    }
    EXPECT_EQ(walked, expected) << "limit " << limit;
  }
  auto patients = store_->AllAlerts({maria.id, "", false, 2});
  ASSERT_TRUE(patients.ok());
  for (const auto& a : *patients) EXPECT_EQ(a.patient_id, maria.id);
  EXPECT_EQ(patients->size(), store_->ListAlerts({maria.id, "", false, 1000})->size());
}

TEST_P(StoreConformanceTest, UpdatingAnotherPatientsAlertIsNotFound) {
  User maria = NewUser("maria");
  User tom = NewUser("tom");
  Alert a = MakeAlert(maria, "", "flare_up", "a", kNow);
  ASSERT_TRUE(store_->AddAlert(a).ok());
  a.patient_id = tom.id;
  a.state = AlertState::kSeen;
  EXPECT_EQ(store_->UpdateAlert(a).message(), "no alert " + a.id);
}

TEST_P(StoreConformanceTest, WorkIsClaimedOnce) {
  User maria = NewUser("maria");
  ASSERT_TRUE(store_->Claim("reminder", maria.id, "2026-11-23T07:30", kNow).ok());
  EXPECT_EQ(store_->Claim("reminder", maria.id, "2026-11-23T07:30", kNow).message(),
            "reminder for 2026-11-23T07:30 is already claimed");
  EXPECT_TRUE(store_->Claim("reminder", maria.id, "2026-11-24T07:30", kNow).ok());
  EXPECT_TRUE(store_->Claim("summary", maria.id, "2026-11-23T07:30", kNow).ok());
  EXPECT_EQ(store_->Claim("reminder", "nobody", "x", kNow).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, UserIdsAreListedByRoleInPages) {
  std::set<std::string> patients;
  for (const char* name : {"a", "b", "c"}) patients.insert(NewUser(name).id);
  NewUser("sam", Role::kSupporter);
  auto first = store_->ListUserIds(Role::kPatient, "", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  auto rest = store_->ListUserIds(Role::kPatient, first->back(), 2);
  ASSERT_EQ(rest->size(), 1u);
  std::set<std::string> seen(first->begin(), first->end());
  seen.insert(rest->front());
  EXPECT_EQ(seen, patients);
}

// --- Sessions and account tokens --------------------------------------------

TEST_P(StoreConformanceTest, DeleteSessionsOfCanKeepOne) {
  User u = NewUser("maria"), other = NewUser("ana");
  for (const char* token : {"t1", "t2", "t3"}) {
    ASSERT_TRUE(store_->CreateSession({token, u.id, "c", kNow, kNow}).ok());
  }
  ASSERT_TRUE(store_->CreateSession({"o1", other.id, "c", kNow, kNow}).ok());
  ASSERT_TRUE(store_->DeleteSessionsOf(u.id, "t2").ok());
  EXPECT_EQ(store_->GetSession("t1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("t2").ok());
  EXPECT_EQ(store_->GetSession("t3").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("o1").ok()) << "another user's session stays";
  ASSERT_TRUE(store_->DeleteSessionsOf(u.id).ok());
  EXPECT_EQ(store_->GetSession("t2").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, AnAccountTokenIsUsedOnce) {
  User u = NewUser("maria");
  AccountToken reset{"h1", TokenKind::kReset, u.id, "null", kNow, kNow + 3600};
  AccountToken signup{"h2", TokenKind::kSignup, "", R"({"email":"new@example.test"})",
                      kNow, kNow + 60};
  ASSERT_TRUE(store_->CreateAccountToken(reset).ok());
  ASSERT_TRUE(store_->CreateAccountToken(signup).ok());
  EXPECT_EQ(store_->CreateAccountToken(reset).code(), StatusCode::kConflict);
  auto got = store_->GetAccountToken("h2");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->kind, TokenKind::kSignup);
  EXPECT_EQ(got->user_id, "");
  EXPECT_EQ(got->payload, R"({"email":"new@example.test"})");
  EXPECT_EQ(got->created_at, kNow);
  EXPECT_EQ(got->expires_at, kNow + 60);
  EXPECT_EQ(store_->GetAccountToken("h1")->user_id, u.id);
  EXPECT_TRUE(store_->UseAccountToken("h1").ok());
  Status again = store_->UseAccountToken("h1");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(again.message(), "no such token");
  EXPECT_EQ(store_->GetAccountToken("h1").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, AccountTokensNeedTheirUserAndGoWithThem) {
  User u = NewUser("maria");
  Status missing =
      store_->CreateAccountToken({"h0", TokenKind::kReset, "nobody", "null", kNow, kNow + 1});
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "no user nobody");
  ASSERT_TRUE(
      store_->CreateAccountToken({"h1", TokenKind::kReset, u.id, "null", kNow, kNow + 3600}).ok());
  ASSERT_TRUE(store_->EraseUser(u.id).ok());
  EXPECT_EQ(store_->GetAccountToken("h1").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ExpiredAccountTokensAreSweptByTheNextOne) {
  ASSERT_TRUE(
      store_->CreateAccountToken({"old", TokenKind::kSignup, "", "{}", kNow, kNow + 60}).ok());
  ASSERT_TRUE(
      store_->CreateAccountToken({"new", TokenKind::kSignup, "", "{}", kNow + 61, kNow + 120})
          .ok());
  EXPECT_EQ(store_->GetAccountToken("old").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetAccountToken("new").ok());
}

// --- Message threads and lead clinicians ------------------------------------

Record Message(const User& patient, const User& author, const std::string& text, Timestamp at) {
  Record r;
  r.patient_id = patient.id;
  r.kind = RecordKind::kMessage;
  r.date = "2026-11-23";
  r.author_id = author.id;
  r.payload = R"({"text": ")" + text + R"("})";
  r.created_at = at;
  return r;
}

TEST_P(StoreConformanceTest, AMessageIsStoredAndCountedInItsThread) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  User lee = NewUser("lee", Role::kClinician, clinic);
  Record first = Message(maria, maria, "my back", kNow);
  ASSERT_TRUE(store_->AddMessage(first, lee.id).ok());
  EXPECT_FALSE(first.id.empty());
  EXPECT_EQ(store_->GetRecord(first.id)->payload, first.payload);
  Record second = Message(maria, maria, "still there", kNow + 60);
  ASSERT_TRUE(store_->AddMessage(second, lee.id).ok());

  auto threads = store_->ListThreads(maria.id);
  ASSERT_TRUE(threads.ok());
  ASSERT_EQ(threads->size(), 1u);
  MessageThread t = threads->front();
  EXPECT_EQ(t.patient_id, maria.id);
  EXPECT_EQ(t.member_id, lee.id);
  EXPECT_EQ(t.messages, 2);
  EXPECT_EQ(t.last_at, kNow + 60);
  EXPECT_EQ(t.waiting_since, kNow);  // the first unanswered one
  EXPECT_EQ(t.patient_read, 2);      // her own
  EXPECT_EQ(t.member_read, 0);

  // The member answers: nothing waits, and the patient has one to read.
  Record answer = Message(maria, lee, "try walking", kNow + 120);
  ASSERT_TRUE(store_->AddMessage(answer, lee.id).ok());
  t = store_->ListMemberThreads(lee.id, {maria.id})->at(0);
  EXPECT_EQ(t.messages, 3);
  EXPECT_EQ(t.waiting_since, 0);
  EXPECT_EQ(t.member_read, 3);
  EXPECT_EQ(t.patient_read, 2);
  ASSERT_TRUE(store_->MarkThreadRead(maria.id, lee.id, /*by_patient=*/true).ok());
  EXPECT_EQ(store_->ListThreads(maria.id)->at(0).patient_read, 3);

  // She writes again: it waits from this message on.
  Record again = Message(maria, maria, "thanks", kNow + 180);
  ASSERT_TRUE(store_->AddMessage(again, lee.id).ok());
  t = store_->ListThreads(maria.id)->at(0);
  EXPECT_EQ(t.waiting_since, kNow + 180);
  EXPECT_EQ(t.member_read, 3);
  ASSERT_TRUE(store_->MarkThreadRead(maria.id, lee.id, /*by_patient=*/false).ok());
  EXPECT_EQ(store_->ListThreads(maria.id)->at(0).member_read, 4);
  // Reading a thread that does not exist changes nothing and is no error.
  EXPECT_TRUE(store_->MarkThreadRead(maria.id, maria.id, true).ok());
  EXPECT_EQ(store_->ListThreads(maria.id)->size(), 1u);
}

// The list's version vouches for pages of the clinic's list kept in memory:
// it must move on every change to what a page shows (a row, the clinic's
// patients, a clinician's unread messages), and not on reads.
TEST_P(StoreConformanceTest, ListVersionMovesWithEveryChangeToWhatTheListShows) {
  const std::string clinic = NewClinic();
  const std::string other_clinic = NewClinic("Hillside");
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, clinic);
  User lee = NewUser("lee", Role::kClinician, clinic);
  auto version = [&](const std::string& of) -> std::optional<std::int64_t> {
    auto v = store_->ListVersion(of);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? *v : std::nullopt;
  };
  if (GetParam() == "postgres") {
    EXPECT_EQ(version(clinic), std::nullopt) << "PostgreSQL keeps no version";
    return;
  }
  ASSERT_TRUE(version(clinic).has_value());
  std::int64_t before = *version(clinic);
  auto moved = [&](const char* what) {
    const std::int64_t now = version(clinic).value_or(-1);
    EXPECT_NE(now, before) << what << " did not move the list's version";
    before = now;
  };
  auto stayed = [&](const char* what) {
    EXPECT_EQ(version(clinic), before) << what << " moved the list's version";
  };

  PutSummary(maria, clinic, 10);
  moved("a patient's first summary");
  PutSummary(tom, clinic, 10);
  moved("another patient's first summary");
  ASSERT_TRUE(store_->ListPatients({clinic, "", std::nullopt, 50}).ok());
  ASSERT_TRUE(store_->CountPatients({clinic, "", std::nullopt, 50}).ok());
  ASSERT_TRUE(store_->GetSummary(maria.id).ok());
  ASSERT_TRUE(store_->ListMemberThreads(lee.id, {maria.id, tom.id}).ok());
  stayed("reading the list");

  PutSummary(maria, clinic, 10);
  moved("a summary written again as it was");
  PutSummary(maria, clinic, 30);
  moved("a summary whose attention changed (its place in the list)");
  PutSummary(maria, clinic, 30, "Maria B");
  moved("a summary whose name changed");
  PlanChange change = ChangeFor(maria, "v1", 0);
  change.summary.clinic_id = clinic;
  ASSERT_TRUE(store_->SavePlanChange(change).ok());
  moved("a plan change with its summary");

  Record message = Message(maria, maria, "my back", kNow);
  ASSERT_TRUE(store_->AddMessage(message, lee.id).ok());
  moved("a patient's first message (a new thread)");
  Record again = Message(maria, maria, "still there", kNow + 60);
  ASSERT_TRUE(store_->AddMessage(again, lee.id).ok());
  moved("another message in the thread");
  ASSERT_TRUE(store_->MarkThreadRead(maria.id, lee.id, /*by_patient=*/false).ok());
  moved("the clinician reading the thread");

  const std::int64_t other_before = version(other_clinic).value_or(-1);
  PutSummary(tom, other_clinic, 10);
  moved("a patient leaving the clinic");
  EXPECT_NE(version(other_clinic), other_before) << "a patient joining the other clinic";
  PutSummary(tom, clinic, 10);
  moved("a patient coming back");

  ASSERT_TRUE(store_->EraseUser(tom.id).ok());
  moved("erasing a patient");
  ASSERT_TRUE(store_->EraseUser(lee.id).ok());
  moved("erasing the clinician (their threads go with them)");
}

TEST_P(StoreConformanceTest, ThreadsAreListedByMemberAndByPatient) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  User tom = NewUser("tom", Role::kPatient, clinic);
  User lee = NewUser("lee", Role::kClinician, clinic);
  User sam = NewUser("sam", Role::kSupporter);
  for (auto [patient, member] :
       {std::pair{&maria, &lee}, std::pair{&maria, &sam}, std::pair{&tom, &lee}}) {
    Record r = Message(*patient, *member, "hello", kNow);
    ASSERT_TRUE(store_->AddMessage(r, member->id).ok());
  }
  auto of_maria = store_->ListThreads(maria.id);
  ASSERT_EQ(of_maria->size(), 2u);
  EXPECT_LT(of_maria->at(0).member_id, of_maria->at(1).member_id);
  // Asked for a page of ids, some without a thread with Lee (Sam's is not
  // Lee's thread; the last is no one's), in no order and one twice.
  auto of_lee = store_->ListMemberThreads(lee.id, {tom.id, sam.id, maria.id, tom.id, "nobody"});
  ASSERT_TRUE(of_lee.ok()) << of_lee.status().message();
  ASSERT_EQ(of_lee->size(), 2u);
  EXPECT_LT(of_lee->at(0).patient_id, of_lee->at(1).patient_id);
  EXPECT_EQ(of_lee->at(0).patient_read, 0);  // written by the member
  EXPECT_EQ(of_lee->at(0).member_read, 1);
  // Only the patients asked about: Lee's thread with Maria is left out.
  auto with_tom = store_->ListMemberThreads(lee.id, {tom.id});
  ASSERT_EQ(with_tom->size(), 1u);
  EXPECT_EQ(with_tom->at(0).patient_id, tom.id);
  EXPECT_TRUE(store_->ListMemberThreads(lee.id, {})->empty());
  EXPECT_TRUE(store_->ListMemberThreads(maria.id, {maria.id, tom.id})->empty());
}

TEST_P(StoreConformanceTest, AMessageToSomeoneMissingStoresNothing) {
  User maria = NewUser("maria");
  Record r = Message(maria, maria, "hello", kNow);
  EXPECT_EQ(store_->AddMessage(r, "ghost").code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListRecords(maria.id, RecordKind::kMessage, 10)->empty());
  EXPECT_TRUE(store_->ListThreads(maria.id)->empty());
  Record orphan = Message(maria, maria, "hello", kNow);
  orphan.patient_id = "ghost";
  EXPECT_EQ(store_->AddMessage(orphan, maria.id).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ErasingEitherSideEndsTheThread) {
  User maria = NewUser("maria");
  User tom = NewUser("tom");
  User sam = NewUser("sam", Role::kSupporter);
  for (User* patient : {&maria, &tom}) {
    Record r = Message(*patient, *patient, "hello", kNow);
    ASSERT_TRUE(store_->AddMessage(r, sam.id).ok());
  }
  ASSERT_TRUE(store_->EraseUser(maria.id).ok());
  EXPECT_EQ(store_->ListMemberThreads(sam.id, {maria.id, tom.id})->size(), 1u);
  ASSERT_TRUE(store_->EraseUser(sam.id).ok());
  EXPECT_TRUE(store_->ListThreads(tom.id)->empty());
}

TEST_P(StoreConformanceTest, ALeadClinicianIsSetReplacedAndRemoved) {
  const std::string clinic = NewClinic();
  User maria = NewUser("maria", Role::kPatient, clinic);
  User lee = NewUser("lee", Role::kClinician, clinic);
  User kim = NewUser("kim", Role::kClinician, clinic);
  EXPECT_EQ(*store_->LeadClinician(maria.id), "");
  ASSERT_TRUE(store_->SetLeadClinician(maria.id, lee.id, kNow).ok());
  EXPECT_EQ(*store_->LeadClinician(maria.id), lee.id);
  ASSERT_TRUE(store_->SetLeadClinician(maria.id, kim.id, kNow + 1).ok());
  EXPECT_EQ(*store_->LeadClinician(maria.id), kim.id);
  ASSERT_TRUE(store_->SetLeadClinician(maria.id, "", kNow + 2).ok());
  EXPECT_EQ(*store_->LeadClinician(maria.id), "");
  EXPECT_EQ(store_->SetLeadClinician(maria.id, "ghost", kNow).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SetLeadClinician("ghost", lee.id, kNow).code(), StatusCode::kNotFound);
  EXPECT_EQ(*store_->LeadClinician(maria.id), "");
  // Erasing the clinician ends the lead.
  ASSERT_TRUE(store_->SetLeadClinician(maria.id, kim.id, kNow).ok());
  ASSERT_TRUE(store_->EraseUser(kim.id).ok());
  EXPECT_EQ(*store_->LeadClinician(maria.id), "");
}

TEST_P(StoreConformanceTest, AClinicsCliniciansAreListedByName) {
  const std::string clinic = NewClinic();
  const std::string other = NewClinic("Hillside");
  User zoe = NewUser("zoe", Role::kClinician, clinic);
  User adam = NewUser("adam", Role::kClinician, clinic);
  NewUser("boss", Role::kAdmin, clinic);
  NewUser("maria", Role::kPatient, clinic);
  NewUser("elsewhere", Role::kClinician, other);
  auto list = store_->ListClinicians(clinic);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).id, adam.id);
  EXPECT_EQ(list->at(1).id, zoe.id);
  EXPECT_EQ(list->at(1).role, Role::kClinician);
  EXPECT_TRUE(store_->ListClinicians("nowhere")->empty());
}

TEST_P(StoreConformanceTest, ClinicSettingsAreStoredAndUpdated) {
  const std::string id = NewClinic("Riverside");
  auto clinic = store_->GetClinic(id);
  ASSERT_TRUE(clinic.ok());
  EXPECT_EQ(clinic->emergency_number, "");
  clinic->name = "Riverside Physio";
  clinic->emergency_number = "+4420";
  ASSERT_TRUE(store_->UpdateClinic(*clinic).ok());
  auto again = store_->GetClinic(id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->name, "Riverside Physio");
  EXPECT_EQ(again->emergency_number, "+4420");
  EXPECT_EQ(again->created_at, kNow);
  Clinic missing{"no-such-clinic", "x", kNow, ""};
  Status s = store_->UpdateClinic(missing);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no clinic no-such-clinic");
}

TEST_P(StoreConformanceTest, AnAdminWhoIsAlsoAClinicianIsStored) {
  const std::string clinic = NewClinic();
  User admin = NewUser("ada", Role::kAdmin, clinic);
  EXPECT_FALSE(store_->GetUser(admin.id)->also_clinician);
  admin.also_clinician = true;
  ASSERT_TRUE(store_->UpdateUser(admin).ok());
  EXPECT_TRUE(store_->GetUser(admin.id)->also_clinician);
  User both;
  both.email = "bo@example.test";
  both.display_name = "bo";
  both.password_hash = "h";
  both.role = Role::kAdmin;
  both.clinic_id = clinic;
  both.also_clinician = true;
  ASSERT_TRUE(store_->CreateUser(both).ok());
  EXPECT_TRUE(store_->FindUserByEmail("bo@example.test")->also_clinician);
}

TEST_P(StoreConformanceTest, AClinicsAccountsAreItsOwnAndItsPatientsSupporters) {
  const std::string a = NewClinic("A"), b = NewClinic("B");
  const User clinician = NewUser("cla", Role::kClinician, a);
  const User patient = NewUser("pa", Role::kPatient, a);
  const User other = NewUser("pb", Role::kPatient, b);
  const User alone = NewUser("alone");
  const User supporter = NewUser("sup", Role::kSupporter);
  const User elsewhere = NewUser("sub", Role::kSupporter);
  ASSERT_TRUE(store_->AddCareMember({patient.id, supporter.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({other.id, supporter.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({other.id, elsewhere.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({alone.id, elsewhere.id, "", kNow}).ok());
  // A member of the clinic on a team is one of its accounts already.
  ASSERT_TRUE(store_->AddCareMember({patient.id, clinician.id, "", kNow}).ok());
  const std::vector<std::string> everyone = {clinician.id, patient.id,   other.id,
                                             alone.id,     supporter.id, elsewhere.id};
  auto accounts = store_->ListClinicAccountsAmong(a, everyone);
  ASSERT_TRUE(accounts.ok()) << accounts.status().message();
  std::set<std::string> ids;
  for (const User& u : *accounts) ids.insert(u.id);
  EXPECT_EQ(ids, (std::set<std::string>{clinician.id, patient.id, supporter.id}));
  EXPECT_EQ(accounts->size(), 3u) << "each account once";
  EXPECT_TRUE(std::is_sorted(accounts->begin(), accounts->end(), [](const User& x, const User& y) {
    return x.id < y.id;
  })) << "by id";
  EXPECT_TRUE(store_->ListClinicAccountsAmong("", everyone)->empty()) << "no clinic has none";
}

TEST_P(StoreConformanceTest, AccountPagesWalkTheAdminsAccountsByNameOnceEach) {
  const std::string a = NewClinic("A"), b = NewClinic("B");
  int made = 0;
  const auto named = [&](const std::string& name, Role role, const std::string& clinic = "") {
    User u;
    u.email = "account" + std::to_string(++made) + "@example.test";
    u.display_name = name;
    u.password_hash = "h";
    u.role = role;
    u.clinic_id = clinic;
    u.created_at = kNow;
    EXPECT_TRUE(store_->CreateUser(u).ok());
    return u;
  };
  // Names that byte order sorts apart from a dictionary's: capitals first,
  // accents after z, two people of one name (then by id).
  std::vector<User> patients;
  for (const char* name : {"bea", "Bea", "\xc3\x81lvaro", "zed", "Sam", "Sam", "amy", "Zoe"}) {
    patients.push_back(named(name, Role::kPatient, a));
  }
  const User staff = named("Ada", Role::kClinician, a);
  const User admin = named("Al", Role::kAdmin, a);
  const User theirs = named("Bo", Role::kPatient, b);
  const User on_both = named("Cy", Role::kSupporter);  // on teams of A and of B
  const User on_one = named("cy", Role::kSupporter);   // on a team of A only
  const User only_b = named("Di", Role::kSupporter);   // on a team of B only
  const User nowhere = named("Ed", Role::kSupporter);  // on no team
  ASSERT_TRUE(store_->AddCareMember({patients[0].id, on_both.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({patients[1].id, on_both.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({theirs.id, on_both.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({patients[2].id, on_one.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({theirs.id, only_b.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({patients[3].id, staff.id, "", kNow}).ok());

  std::vector<User> expected = patients;
  expected.push_back(on_both);
  expected.push_back(on_one);
  std::sort(expected.begin(), expected.end(), [](const User& x, const User& y) {
    return std::tie(x.display_name, x.id) < std::tie(y.display_name, y.id);
  });
  std::vector<std::string> want;
  for (const User& u : expected) want.push_back(u.display_name + "/" + u.id);
  ASSERT_EQ(want.front().substr(0, 3), "Bea") << "capitals before small letters";

  for (int limit : {1, 2, 3, 4, 50}) {
    std::vector<std::string> got;
    std::optional<AccountKey> after;
    for (int page = 0; page < 20; ++page) {
      auto users = store_->ListAccountPage({a, after, limit});
      ASSERT_TRUE(users.ok()) << users.status().message();
      ASSERT_LE(users->size(), static_cast<std::size_t>(limit));
      for (const User& u : *users) {
        got.push_back(u.display_name + "/" + u.id);
        EXPECT_EQ(u.email.empty(), false) << "whole accounts";
      }
      if (static_cast<int>(users->size()) < limit) break;
      after = AccountKey{users->back().display_name, users->back().id};
    }
    EXPECT_EQ(got, want) << "pages of " << limit;
  }
  // A key between two accounts (one since erased, say) continues after it.
  auto from_c = store_->ListAccountPage({a, AccountKey{"C", ""}, 50});
  ASSERT_TRUE(from_c.ok());
  ASSERT_FALSE(from_c->empty());
  EXPECT_EQ(from_c->front().id, on_both.id);
  EXPECT_EQ(from_c->size(),
            static_cast<std::size_t>(std::count_if(want.begin(), want.end(),
                                                   [](const std::string& w) { return w >= "C"; })));
  auto of_b = store_->ListAccountPage({b, std::nullopt, 50});
  ASSERT_TRUE(of_b.ok());
  std::set<std::string> b_ids;
  for (const User& u : *of_b) b_ids.insert(u.id);
  EXPECT_EQ(b_ids, (std::set<std::string>{theirs.id, on_both.id, only_b.id}));
  EXPECT_TRUE(store_->ListAccountPage({"", std::nullopt, 50})->empty()) << "no clinic, none";
  EXPECT_EQ(store_->ListAccountPage({a, std::nullopt, 0}).status().code(),
            StatusCode::kInvalidArgument);
  (void)admin;
  (void)nowhere;
}

TEST_P(StoreConformanceTest, AClinicsStaffAndItsAccountsAmongSomeIds) {
  const std::string a = NewClinic("A"), b = NewClinic("B");
  const User clinician = NewUser("cla", Role::kClinician, a);
  const User admin = NewUser("ada", Role::kAdmin, a);
  const User patient = NewUser("pa", Role::kPatient, a);
  const User their_clinician = NewUser("clb", Role::kClinician, b);
  const User other = NewUser("pb", Role::kPatient, b);
  const User supporter = NewUser("sup", Role::kSupporter);
  const User elsewhere = NewUser("sub", Role::kSupporter);
  const User alone = NewUser("alone");
  ASSERT_TRUE(store_->AddCareMember({patient.id, supporter.id, "", kNow}).ok());
  ASSERT_TRUE(store_->AddCareMember({other.id, elsewhere.id, "", kNow}).ok());
  const auto ids_of = [](const Result<std::vector<User>>& users) {
    EXPECT_TRUE(users.ok()) << users.status().message();
    std::vector<std::string> out;
    if (users.ok()) {
      for (const User& u : *users) out.push_back(u.id);
    }
    return out;
  };
  const auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(ids_of(store_->ListClinicStaff(a)), sorted({clinician.id, admin.id}));
  EXPECT_EQ(ids_of(store_->ListClinicStaff(b)), sorted({their_clinician.id}));
  EXPECT_TRUE(ids_of(store_->ListClinicStaff("")).empty()) << "no clinic has no staff";

  const std::vector<std::string> everyone = {clinician.id,       admin.id, patient.id,
                                             their_clinician.id, other.id, supporter.id,
                                             elsewhere.id,       alone.id, "no-such-id"};
  EXPECT_EQ(ids_of(store_->ListClinicAccountsAmong(a, everyone)),
            sorted({clinician.id, admin.id, patient.id, supporter.id}));
  EXPECT_EQ(ids_of(store_->ListClinicAccountsAmong(b, everyone)),
            sorted({their_clinician.id, other.id, elsewhere.id}));
  EXPECT_EQ(ids_of(store_->ListClinicAccountsAmong(a, {other.id, supporter.id, supporter.id})),
            std::vector<std::string>{supporter.id})
      << "only the clinic's, each once";
  EXPECT_TRUE(ids_of(store_->ListClinicAccountsAmong(a, {})).empty());
  EXPECT_TRUE(ids_of(store_->ListClinicAccountsAmong("", everyone)).empty());
}

TEST_P(StoreConformanceTest, AuditSearchKeepsToTheClinicAndEachFilter) {
  const std::string a = NewClinic("A"), b = NewClinic("B");
  const User cla = NewUser("cla", Role::kClinician, a);
  const User pa = NewUser("pa", Role::kPatient, a);
  const User clb = NewUser("clb", Role::kClinician, b);
  const User pb = NewUser("pb", Role::kPatient, b);
  const User alone = NewUser("alone");
  auto add = [&](const User& actor, const std::string& action, const std::string& patient,
                 Timestamp at) {
    AuditEntry e;
    e.at = at;
    e.actor_id = actor.id;
    e.action = action;
    e.patient_id = patient;
    e.outcome = "ok";
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  };
  add(cla, "GET /api/v1/patients/x/plan", pa.id, kNow);                // 1: A
  add(clb, "GET /api/v1/patients/y/plan", pb.id, kNow);                // 2: B
  add(pa, "login", "", kNow + 86400);                                  // 3: A (actor)
  add(clb, "GET /api/v1/patients/z/plan", pa.id, kNow + 86400);        // 4: A (patient), refused
  add(alone, "login", "", kNow + 2 * 86400);                           // 5: no clinic
  add(cla, "POST /api/v1/patients/x/notes", pa.id, kNow + 2 * 86400);  // 6: A
  add(pa, "GET /api/v1/patients/x/today", pa.id, kNow + 3 * 86400);    // 7: A, about themselves
  add(pb, "GET /api/v1/patients/y/today", pb.id, kNow + 3 * 86400);    // 8: B, about themselves
  auto seqs = [&](AuditQuery q) {
    auto found = store_->SearchAudit(q);
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::vector<std::int64_t> out;
    if (found.ok()) {
      for (const AuditEntry& e : *found) out.push_back(e.seq);
    }
    return out;
  };
  using Seqs = std::vector<std::int64_t>;
  auto check = [&] {
    AuditQuery q;
    q.clinic_id = a;
    EXPECT_EQ(seqs(q), (Seqs{7, 6, 4, 3, 1})) << "newest first, the clinic's only";
    q.actor_id = cla.id;
    EXPECT_EQ(seqs(q), (Seqs{6, 1}));
    q.actor_id = pa.id;
    EXPECT_EQ(seqs(q), (Seqs{7, 3})) << "an actor's entries about themselves and about nobody";
    q.actor_id = "";
    q.patient_id = pa.id;
    EXPECT_EQ(seqs(q), (Seqs{7, 6, 4, 1}));
    q.patient_id = "";
    q.action = "/plan";
    EXPECT_EQ(seqs(q), (Seqs{4, 1}));
    q.action = "";
    q.from = kNow + 86400;
    q.to = kNow + 2 * 86400;
    EXPECT_EQ(seqs(q), (Seqs{4, 3})) << "from <= at < to";
    q.from = q.to = 0;
    q.limit = 2;
    EXPECT_EQ(seqs(q), (Seqs{7, 6}));
    q.before_seq = 4;
    EXPECT_EQ(seqs(q), (Seqs{3, 1}));
    q.before_seq = 1;
    EXPECT_EQ(seqs(q), Seqs{});
    q.clinic_id = b;
    q.before_seq = 0;
    q.limit = 50;
    EXPECT_EQ(seqs(q), (Seqs{8, 4, 2}));
    q.clinic_id = "";
    EXPECT_EQ(seqs(q), Seqs{}) << "entries of no clinic are no admin's";
    q.limit = 0;
    EXPECT_EQ(store_->SearchAudit(q).status().code(), StatusCode::kInvalidArgument);
  };
  check();
  // SQLite finds the entries not indexed yet by reading the chain's tail:
  // the same answers with none, some and all of them indexed.
  if (auto* sqlite = dynamic_cast<SqliteStore*>(store_.get())) {
    SCOPED_TRACE("entries 1 to 3 indexed, 4 to 8 in the tail");
    ASSERT_TRUE(sqlite->IndexAuditTail(3).ok());
    check();
    SCOPED_TRACE("every entry indexed");
    ASSERT_TRUE(sqlite->IndexAuditTail(100).ok());
    check();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest,
                         ::testing::Values("memory", "sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace backcoach
