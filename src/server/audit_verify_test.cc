// `backcoach audit verify` against an audit log tampered with in the
// database itself, by someone who first drops the append-only guards: an
// edited entry and a deleted one (the first, or one in the middle) are
// found and named. On SQLite always; on PostgreSQL, where the audit lives
// in the shared database, under tests/pg/with-postgres.sh.
#include <sqlite3.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <cstdio>

#include "server/audit.h"
#include "server/clock.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

struct Verified {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the real command, as an operator would.
Verified RunVerify(const std::string& url) {
  const std::string command =
      std::string(BACKCOACH_BINARY) + " audit verify --db '" + url + "' 2>&1";
  Verified v;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return v;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) v.output += buffer;
  const int status = pclose(pipe);
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

class AuditVerifyTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::kPostgres) {
      if (testing::PostgresTestUrl().empty()) GTEST_SKIP() << testing::kPostgresSkipMessage;
      schema_ = std::make_unique<testing::ScratchSchema>(testing::PostgresTestUrl());
      url_ = schema_->url();
    } else {
      url_ = dir_.File("audit.db");
    }
    auto store = OpenStore(url_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->Migrate().ok());
    FakeClock clock(1795424400);
    Auditor auditor(**store, clock);
    for (int i = 1; i <= 5; ++i) {
      auditor.Record("clinician", "GET /api/v1/patients/p/plan", "p", "ok", std::to_string(i));
    }
    ASSERT_TRUE(auditor.Flush().ok());
  }

  // Runs `sql` on the database with the audit table's guards dropped, as
  // someone with the database's password (or the file) could.
  void Tamper(const std::string& sql) {
    if (GetParam() == StoreKind::kPostgres) {
      pqxx::connection c(url_);
      pqxx::work t(c);
      t.exec("DROP TRIGGER audit_no_change ON audit");
      t.exec(sql);
      t.commit();
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url_.c_str(), &db), SQLITE_OK);
    const std::string all =
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql + ";";
    char* error = nullptr;
    const int rc = sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  void ExpectTampered(const std::string& problem) {
    const Verified v = RunVerify(url_);
    EXPECT_EQ(v.exit_code, 1) << v.output;
    EXPECT_EQ(v.output,
              "backcoach audit verify: the audit log was tampered with: " + problem + "\n");
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::ScratchSchema> schema_;
  std::string url_;
};

TEST_P(AuditVerifyTest, AnUntouchedLogIsIntact) {
  const Verified v = RunVerify(url_);
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output, "audit log intact: 5 entries\n");
}

TEST_P(AuditVerifyTest, AnEditedEntryIsNamed) {
  Tamper("UPDATE audit SET detail = 'nothing to see' WHERE seq = 3");
  ExpectTampered("entry 3 was changed after it was written");
}

TEST_P(AuditVerifyTest, AnEntryWhoseActorWasChangedIsNamed) {
  Tamper("UPDATE audit SET actor_id = 'someone else' WHERE seq = 5");
  ExpectTampered("entry 5 was changed after it was written");
}

TEST_P(AuditVerifyTest, ADeletedEntryIsNamed) {
  Tamper("DELETE FROM audit WHERE seq = 3");
  ExpectTampered("entry 3 is missing");
}

TEST_P(AuditVerifyTest, ADeletedFirstEntryIsNamed) {
  Tamper("DELETE FROM audit WHERE seq = 1");
  ExpectTampered("entry 1 is missing");
}

TEST_P(AuditVerifyTest, ADeletionHiddenByRenumberingIsNamed) {
  Tamper("DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3");
  ExpectTampered("entry 3 does not link to the entry before it");
}

INSTANTIATE_TEST_SUITE_P(Stores, AuditVerifyTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) {
                           return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace backcoach
