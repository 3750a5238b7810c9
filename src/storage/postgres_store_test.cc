// What only the PostgreSQL back-end has: several servers on one database,
// lost connections, and backups left to pg_dump. Runs when
// BACKCOACH_TEST_POSTGRES names a server (tests/pg/with-postgres.sh);
// skipped otherwise. The Store contract is checked in
// store_conformance_test.cc.
#include "storage/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/migrations.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::ScratchSchema;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::PostgresTestUrl().empty()) GTEST_SKIP() << testing::kPostgresSkipMessage;
    schema_ = std::make_unique<ScratchSchema>(testing::PostgresTestUrl());
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(store_->Migrate().ok());
  }

  std::unique_ptr<PostgresStore> Open() {
    auto store = PostgresStore::Open(schema_->url());
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::unique_ptr<ScratchSchema> schema_;
  std::unique_ptr<PostgresStore> store_;
};

// Version 4 keeps only the hash of each clinic invitation code: the codes
// of a database made at version 3 are hashed in place, with PostgreSQL's
// sha256(), so that they go on working by their hash.
TEST_F(PostgresStoreTest, UpgradeToVersionFourHashesTheInvitationCodes) {
  ScratchSchema old(testing::PostgresTestUrl());
  {
    pqxx::connection c(old.url());
    pqxx::work t(c);
    t.exec(SchemaVersionTableSql(Dialect::kPostgres));
    for (const Migration& m : Migrations(Dialect::kPostgres)) {
      if (m.version > 3) break;
      t.exec(m.sql);
      t.exec("INSERT INTO schema_version (version, description) VALUES (" +
             std::to_string(m.version) + ", 'x')");
    }
    t.exec(
        "INSERT INTO clinics VALUES ('c1', 'Riverside', 1); "
        "INSERT INTO invitations VALUES ('a1b2c3d4e5f6', 'c1', 'u0', 1, 9999999999, '')");
    t.commit();
  }
  auto store = PostgresStore::Open(old.url());
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ((*store)->GetInvitation("a1b2c3d4e5f6").status().code(), StatusCode::kNotFound);
  // SHA-256 of "a1b2c3d4e5f6" (sha256sum), as the server looks it up.
  auto hashed =
      (*store)->GetInvitation("bde81e9384b7848e57951ec32c7344459233235bfa519d7396ae3406014a06f4");
  ASSERT_TRUE(hashed.ok()) << hashed.status().message();
  EXPECT_EQ(hashed->clinic_id, "c1");
}

TEST_F(PostgresStoreTest, BackupPointsToPgDump) {
  Status s = store_->Backup("/tmp/never-written.db");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "PostgreSQL databases are backed up with pg_dump, not backcoach backup "
            "(see docs/operations-backup.md)");
}

TEST_F(PostgresStoreTest, UnreachableServerIsUnavailable) {
  auto store = OpenStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message().rfind("cannot connect to PostgreSQL (", 0), 0u)
      << store.status().message();
}

TEST_F(PostgresStoreTest, ServersStartingTogetherMigrateOnce) {
  ScratchSchema fresh(testing::PostgresTestUrl());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto store = PostgresStore::Open(fresh.url());
      if (!store.ok() || !(*store)->Migrate().ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto store = PostgresStore::Open(fresh.url());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kPostgres));
}

TEST_F(PostgresStoreTest, TwoServersKeepOneAuditChain) {
  // Each store has its own pool, as two processes would: only the advisory
  // lock keeps them from linking to the same entry.
  auto other = Open();
  ASSERT_NE(other, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    Store& store = t % 2 == 0 ? static_cast<Store&>(*store_) : *other;
    threads.emplace_back([&store, &failures, t] {
      for (int i = 0; i < 20; ++i) {
        std::vector<AuditEntry> batch(2);
        batch[0].action = "t" + std::to_string(t) + "/" + std::to_string(i);
        batch[1].action = batch[0].action + "b";
        if (!store.AppendAuditBatch(batch).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto chain = store_->ListAudit(0, 1000);
  ASSERT_EQ(chain->size(), 320u);
  std::string prev;
  for (std::size_t i = 0; i < chain->size(); ++i) {
    ASSERT_EQ((*chain)[i].seq, static_cast<std::int64_t>(i + 1));
    ASSERT_EQ((*chain)[i].prev_hash, prev);
    ASSERT_EQ((*chain)[i].hash, AuditMac((*chain)[i], ""));
    prev = (*chain)[i].hash;
  }
}

TEST_F(PostgresStoreTest, AuditRowsCannotBeChangedOrDeletedInTheDatabase) {
  AuditEntry e;
  e.action = "login";
  ASSERT_TRUE(store_->AppendAudit(e).ok());
  pqxx::connection c(schema_->url());
  for (const char* sql :
       {"UPDATE audit SET outcome = 'denied'", "DELETE FROM audit", "TRUNCATE audit"}) {
    pqxx::work t(c);
    try {
      t.exec(sql);
      ADD_FAILURE() << sql << " succeeded";
    } catch (const pqxx::sql_error& error) {
      EXPECT_NE(std::string(error.what()).find("the audit log is append-only"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_EQ(store_->ListAudit(0, 10)->size(), 1u);
}

// The clinic's list, first page and a page after a key, is read from
// summaries_by_attention on a clinic of thousands: the page after a key
// seeks to where each of its two parts starts (these queries mirror
// postgres_store.cc), so a late page reads no more rows than the first.
TEST_F(PostgresStoreTest, PatientPagesSeekInTheIndex) {
  Clinic clinic{"", "Riverside", 1};
  ASSERT_TRUE(store_->CreateClinic(clinic).ok());
  pqxx::connection c(schema_->url());
  {
    pqxx::work t(c);
    t.exec_params(
        "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, created_at) "
        "SELECT 'u' || i, 'u' || i || '@example.test', 'Name ' || (i % 97), 'h', 'patient', $1, 1 "
        "FROM generate_series(1, 5000) i",
        clinic.id);
    t.exec_params(
        "INSERT INTO summaries (patient_id, clinic_id, display_name, name_key, attention, "
        "reasons, triage, status, last_activity, last_pain, updated_at) "
        "SELECT 'u' || i, $1, 'Name ' || (i % 97), 'name ' || (i % 97), (i % 5) * 10, '[]', '', "
        "'', '', 0, 1 FROM generate_series(1, 5000) i",
        clinic.id);
    t.exec("ANALYZE summaries");
    t.commit();
  }
  const auto plan = [&](const std::string& sql) {
    pqxx::work t(c);
    std::string text;
    for (const auto& row : t.exec_params("EXPLAIN " + sql, clinic.id)) {
      text += row[0].c_str();
      text += "\n";
    }
    return text;
  };
  const std::string columns =
      "SELECT patient_id, clinic_id, display_name, attention, reasons, triage, status, "
      "last_activity, last_pain, updated_at, unanswered_since, name_key FROM summaries ";
  const std::string filter = "WHERE clinic_id = $1 AND ('' = '' OR strpos(name_key, '') > 0) ";
  const std::string order = "ORDER BY attention DESC, name_key, display_name, patient_id ";
  const std::string first = plan(columns + filter + order + "LIMIT 51");
  EXPECT_NE(first.find("Index Scan using summaries_by_attention"), std::string::npos) << first;
  EXPECT_EQ(first.find("Sort"), std::string::npos) << first;
  const std::string after =
      plan("(" + columns + filter +
           "AND attention = 20 AND (name_key, display_name, patient_id) > ('name 50', 'Name 50', "
           "'u2550') ORDER BY name_key, display_name, patient_id LIMIT 51) UNION ALL (" +
           columns + filter + "AND attention < 20 " + order + "LIMIT 51) " + order + "LIMIT 51");
  EXPECT_NE(after.find("ROW(name_key, display_name, patient_id) > ROW("), std::string::npos)
      << after;
  EXPECT_NE(after.find("(attention < 20)"), std::string::npos) << after;
  EXPECT_EQ(after.find("Seq Scan"), std::string::npos) << after;
  std::size_t scans = 0;
  for (std::size_t at = after.find("using summaries_by_attention"); at != std::string::npos;
       at = after.find("using summaries_by_attention", at + 1)) {
    ++scans;
  }
  EXPECT_EQ(scans, 2u) << after;
}

TEST_F(PostgresStoreTest, LostConnectionsAreUnavailableAndThePoolRecovers) {
  // Open several pooled connections, then end them all from the server.
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back([&] { (void)store_->Ping(); });
  for (auto& t : threads) t.join();
  schema_->DropConnections();
  int unavailable = 0;
  Status s;
  for (int i = 0; i < 20; ++i) {
    s = store_->Ping();
    if (s.ok()) break;
    ASSERT_EQ(s.code(), StatusCode::kUnavailable) << s.message();
    ++unavailable;
  }
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_LE(unavailable, 8);
  Clinic c{"", "Riverside", 0};
  EXPECT_TRUE(store_->CreateClinic(c).ok());
}

}  // namespace
}  // namespace backcoach
