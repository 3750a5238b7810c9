// `backcoach audit verify` against an audit log tampered with in the
// database itself, by someone who first drops the append-only guards: an
// edited entry and a deleted one (the first, one in the middle, or the
// newest ones, past a daily anchor) are found and named; so is a key that is
// not the servers', and a chain begun before it was keyed still verifies.
// On SQLite always; on PostgreSQL, where the audit lives in the shared
// database, under tests/pg/with-postgres.sh.
#include <sqlite3.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <cstdio>

#include "app/audit.h"
#include "app/audit_anchor.h"
#include "app/audit_key.h"
#include "app/clock.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

struct Verified {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the real command, as an operator would.
Verified RunVerify(const std::string& url, const std::string& flags) {
  const std::string command =
      std::string(BACKCOACH_BINARY) + " audit verify --db '" + url + "' " + flags + " 2>&1";
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
    key_file_ = dir_.File("audit.key");
    anchor_file_ = dir_.File("audit.anchors");
    auto key = LoadOrCreateAuditKey(key_file_);
    ASSERT_TRUE(key.ok()) << key.status().message();
    key_ = *key;
    auto store = OpenStore(url_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    store_->SetAuditKey(key_);
    Append(5);
  }

  // Appends `n` entries as the server does.
  void Append(int n) {
    Auditor auditor(*store_, clock_);
    for (int i = 1; i <= n; ++i) {
      auditor.Record("clinician", "GET /api/v1/patients/p/plan", "p", "ok", std::to_string(i));
    }
    ASSERT_TRUE(auditor.Flush().ok());
  }

  Verified Verify() {
    return RunVerify(
        url_, "--audit-key-file '" + key_file_ + "' --audit-anchor-file '" + anchor_file_ + "'");
  }

  // Runs `sql` on the database as its owner, guards and all.
  void Exec(const std::string& sql) {
    if (GetParam() == StoreKind::kPostgres) {
      pqxx::connection c(url_);
      pqxx::work t(c);
      t.exec(sql);
      t.commit();
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
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
    const Verified v = Verify();
    EXPECT_EQ(v.exit_code, 1) << v.output;
    EXPECT_EQ(v.output,
              "backcoach audit verify: the audit log was tampered with: " + problem + "\n");
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::ScratchSchema> schema_;
  std::string url_, key_file_, anchor_file_, key_;
  std::unique_ptr<Store> store_;
  FakeClock clock_{1795424400};
};

constexpr const char* kChangedOrKey =
    " was changed after it was written (or the audit key is not the one it was written with)";

TEST_P(AuditVerifyTest, AnUntouchedLogIsIntact) {
  const Verified v = Verify();
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output, "audit log intact: 5 entries, 0 anchors checked\n");
}

TEST_P(AuditVerifyTest, AnEditedEntryIsNamed) {
  Tamper("UPDATE audit SET detail = 'nothing to see' WHERE seq = 3");
  ExpectTampered(std::string("entry 3") + kChangedOrKey);
}

TEST_P(AuditVerifyTest, AnEntryWhoseActorWasChangedIsNamed) {
  Tamper("UPDATE audit SET actor_id = 'someone else' WHERE seq = 5");
  ExpectTampered(std::string("entry 5") + kChangedOrKey);
}

// The old, unkeyed chain could be rewritten whole by anyone with the
// database: every hash re-computed after an edit. Without the key, the
// re-computed hash is not the keyed one.
TEST_P(AuditVerifyTest, AnEntryRehashedWithoutTheKeyIsNamed) {
  auto chain = store_->ListAudit(0, 10).value();
  AuditEntry forged = chain[4];
  forged.detail = "nothing to see";
  Tamper("UPDATE audit SET detail = 'nothing to see', hash = '" + AuditHash(forged) +
         "' WHERE seq = 5");
  ExpectTampered(std::string("entry 5") + kChangedOrKey);
}

TEST_P(AuditVerifyTest, AWrongKeyIsRefused) {
  const std::string other = dir_.File("other.key");
  ASSERT_TRUE(LoadOrCreateAuditKey(other).ok());
  const Verified v = RunVerify(url_, "--audit-key-file '" + other + "'");
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_EQ(v.output, std::string("backcoach audit verify: the audit log was tampered with: "
                                  "entry 1") +
                          kChangedOrKey + "\n");
}

TEST_P(AuditVerifyTest, AMissingKeyFileIsAUsageError) {
  const Verified v = RunVerify(url_, "--audit-key-file '" + dir_.File("nowhere.key") + "'");
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_EQ(v.output, "backcoach audit verify: there is no audit key file " +
                          dir_.File("nowhere.key") + " (give the servers' --audit-key-file)\n");
}

// Deleting the newest entries leaves a chain that is whole as far as it
// goes: only the anchor, kept outside the database, shows what is gone.
TEST_P(AuditVerifyTest, DeletingTheNewestEntriesPastAnAnchorIsFound) {
  auto anchor = AnchorAuditChain(*store_, anchor_file_, clock_.Now());
  ASSERT_TRUE(anchor.ok()) << anchor.status().message();
  EXPECT_EQ(anchor->seq, 5);
  Append(2);
  Verified v = Verify();
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output,
            "audit log intact: 7 entries, 1 anchor checked; latest anchor: entry 5, 2026-11-23\n");
  Tamper("DELETE FROM audit WHERE seq >= 4");
  ExpectTampered(
      "entries 4 to 5 were deleted: the log ends at entry 3, but the anchor of 2026-11-23 "
      "records entry 5");
}

TEST_P(AuditVerifyTest, AnAnchoredEntryReplacedIsFound) {
  ASSERT_TRUE(AnchorAuditChain(*store_, anchor_file_, clock_.Now()).ok());
  // Someone with the key, too, cannot go back past an anchor unseen.
  auto chain = store_->ListAudit(0, 10).value();
  AuditEntry forged = chain[4];
  forged.detail = "nothing to see";
  Tamper("UPDATE audit SET detail = 'nothing to see', hash = '" + AuditMac(forged, key_) +
         "' WHERE seq = 5");
  ExpectTampered("entry 5 does not match the anchor of 2026-11-23");
}

// A database whose chain began before it was keyed (schema version 4 and
// earlier): the migration starts the keyed chain after the last unkeyed
// entry, linked to it, and both parts verify, each with its own hash.
TEST_P(AuditVerifyTest, AChainBegunUnkeyedIsKeyedFromItsLastHead) {
  // Back to before version 5 (and so before 6, undone too): the chain's
  // start forgotten, the old entries hashed as they were then.
  const bool pg = GetParam() == StoreKind::kPostgres;
  // The later steps are undone too, so that the runner takes them all again.
  Exec(pg ? "DROP TRIGGER access_epoch_session_ended ON sessions; "
            "DROP TRIGGER access_epoch_user_changed ON users; DROP FUNCTION bump_access_epoch()"
          : "DROP TRIGGER access_epoch_session_ended; DROP TRIGGER access_epoch_user_changed; "
            "DROP TRIGGER access_epoch_user_erased");
  if (!pg) Exec(testing::kUndoSqliteListVersions);
  Exec(
      "DROP TABLE access_epoch; DROP INDEX plans_version; DROP INDEX users_by_clinic_role; "
      "DROP TABLE audit_chain; DROP TABLE audit_anchors; "
      "DROP TABLE message_threads; DROP TABLE lead_clinicians; "
      "ALTER TABLE summaries DROP COLUMN unanswered_since; "
      "ALTER TABLE clinics DROP COLUMN emergency_number; "
      "ALTER TABLE users DROP COLUMN also_clinician; "
      "DROP INDEX alerts_by_patient; DROP INDEX alerts_by_clinic; "
      "CREATE INDEX alerts_by_clinic ON alerts(clinic_id, created_at); "
      "ALTER TABLE records DROP COLUMN summary; "
      "DELETE FROM schema_version WHERE version >= 5");
  Exec(pg ? "DROP INDEX audit_by_actor; DROP INDEX audit_by_patient"
          : "DROP TABLE audit_patient_seq; DROP TABLE audit_actor_seq; DROP TABLE audit_indexed");
  Exec(pg ? "DROP TRIGGER audit_no_change ON audit"
          : "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete");
  std::string prev;
  const std::vector<AuditEntry> written = store_->ListAudit(0, 10).value();
  for (const AuditEntry& e : written) {
    AuditEntry old = e;
    old.prev_hash = prev;
    old.hash = AuditHash(old);
    Exec("UPDATE audit SET prev_hash = '" + old.prev_hash + "', hash = '" + old.hash +
         "' WHERE seq = " + std::to_string(e.seq));
    prev = old.hash;
  }
  Exec(pg ? "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW "
            "EXECUTE FUNCTION audit_append_only()"
          : "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only'); END; CREATE TRIGGER audit_no_delete BEFORE "
            "DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");

  auto reopened = OpenStore(url_);
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(reopened).value();
  ASSERT_TRUE(store_->Migrate().ok());
  store_->SetAuditKey(key_);
  EXPECT_EQ(store_->AuditKeyedFrom().value(), 6);
  Append(3);
  const auto chain = store_->ListAudit(0, 10).value();
  ASSERT_EQ(chain.size(), 8u);
  EXPECT_EQ(chain[5].prev_hash, prev) << "the keyed chain goes on from the unkeyed head";
  EXPECT_EQ(chain[5].hash, AuditMac(chain[5], key_));
  Verified v = Verify();
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output, "audit log intact: 8 entries, 0 anchors checked\n");
  // The unkeyed part is held by the keyed part after it.
  Tamper("UPDATE audit SET detail = 'nothing to see' WHERE seq = 2");
  ExpectTampered("entry 2 was changed after it was written");
}

// The keyed chain's start is fixed: moving it (to pass keyed entries off as
// unkeyed ones, which anyone could re-hash) is refused by the database.
TEST_P(AuditVerifyTest, TheKeyedChainsStartCannotBeMoved) {
  auto store = OpenStore(url_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->AuditKeyedFrom().value(), 1);
  bool refused = false;
  if (GetParam() == StoreKind::kPostgres) {
    try {
      Exec("UPDATE audit_chain SET keyed_from = 100");
    } catch (const std::exception&) {
      refused = true;
    }
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url_.c_str(), &db), SQLITE_OK);
    refused = sqlite3_exec(db, "UPDATE audit_chain SET keyed_from = 100", nullptr, nullptr,
                           nullptr) != SQLITE_OK;
    sqlite3_close(db);
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ((*store)->AuditKeyedFrom().value(), 1);
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
