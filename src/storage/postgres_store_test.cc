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
