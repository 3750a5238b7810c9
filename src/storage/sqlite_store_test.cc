// What only the SQLite back-end has: a file, its durability settings,
// backups, and what happens when the file or the disk refuses a write.
// Everything the Store contract says is checked in store_conformance_test.cc.
#include "storage/sqlite_store.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <tuple>

#include "storage/memory_store.h"
#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage/store_common.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using storage::SqliteConnection;
using testing::ScratchDir;

constexpr Timestamp kNow = 1795424400;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("backcoach.db");
    auto store = SqliteStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }

  // A plain connection to the file, as another program would open it.
  std::unique_ptr<SqliteConnection> Raw(const std::string& path) {
    auto c = SqliteConnection::Open(path, {});
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? std::move(c).value() : nullptr;
  }

  // A database file at schema `version`, as an older release left it; the
  // connection stays open for the caller's rows.
  std::unique_ptr<SqliteConnection> AtVersion(const std::string& path, int version) {
    auto raw = Raw(path);
    EXPECT_TRUE(raw->Exec(SchemaVersionTableSql(Dialect::kSqlite)).ok());
    for (const Migration& m : Migrations(Dialect::kSqlite)) {
      if (m.version > version) break;
      EXPECT_TRUE(raw->Exec(m.sql).ok()) << m.version;
      EXPECT_TRUE(raw->Exec("INSERT INTO schema_version (version, description) VALUES (" +
                            std::to_string(m.version) + ", 'x')")
                      .ok());
    }
    return raw;
  }

  // A database file as an older release left it, for the migrations that
  // cannot be run from an empty file by hand (1 to 4 need the store's own
  // SQL function): made at the latest version, then taken back by `undo`.
  // The connection stays open for the caller's rows.
  std::unique_ptr<SqliteConnection> TakenBack(const std::string& path, const std::string& undo) {
    {
      auto made = SqliteStore::Open(path);
      EXPECT_TRUE(made.ok());
      if (made.ok()) {
        EXPECT_TRUE((*made)->Migrate().ok());
      }
    }
    auto raw = Raw(path);
    EXPECT_TRUE(raw->Exec(undo).ok()) << undo;
    return raw;
  }

  User AddPatient(Store& store, const std::string& name) {
    User u;
    u.email = name + "@example.test";
    u.display_name = name;
    u.created_at = kNow;
    EXPECT_TRUE(store.CreateUser(u).ok());
    return u;
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, RunsInWalModeWithFullSyncAndForeignKeys) {
  EXPECT_EQ(*store_->QueryPragma("journal_mode"), "wal");
  EXPECT_EQ(*store_->QueryPragma("synchronous"), "2");  // FULL
  EXPECT_EQ(*store_->QueryPragma("foreign_keys"), "1");
  EXPECT_EQ(*store_->QueryPragma("busy_timeout"), "5000");
  EXPECT_EQ(*store_->QueryPragma("secure_delete"), "1");
  EXPECT_EQ(store_->QueryPragma("journal_mode; DROP TABLE users").status().code(),
            StatusCode::kInvalidArgument);
}

// The bytes of the database's files: the file itself, its WAL and -shm.
std::string FileBytes(const std::string& path) {
  std::string bytes;
  for (const std::string& name : {path, path + "-wal", path + "-shm"}) {
    std::ifstream in(name, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

TEST_F(SqliteStoreTest, AnErasedUserLeavesNoTraceInTheFiles) {
  User gone = AddPatient(*store_, "zqgonenameqz");
  User kept = AddPatient(*store_, "zqkeptnameqz");
  for (const User* u : {&gone, &kept}) {
    const std::string word = u->display_name.substr(0, 6) + "noteqz";
    for (int i = 0; i < 200; ++i) {  // enough to spill over many pages
      Record r{"",           u->id, RecordKind::kPain,
               "2026-11-23", u->id, R"({"note": ")" + word + std::string(100, 'x') + "\"}",
               kNow};
      ASSERT_TRUE(store_->AddRecord(r).ok());
    }
    PatientSummary summary;
    summary.patient_id = u->id;
    summary.display_name = u->display_name;
    summary.reasons = "[]";
    ASSERT_TRUE(store_->PutSummary(summary).ok());
  }
  ASSERT_NE(FileBytes(path_).find("zqgonenoteqz"), std::string::npos);
  ASSERT_TRUE(store_->EraseUser(gone.id).ok());
  const std::string bytes = FileBytes(path_);
  for (const char* word : {"zqgonenameqz", "zqgonenoteqz", "zqgone"}) {
    EXPECT_EQ(bytes.find(word), std::string::npos) << word << " is still in the files";
  }
  EXPECT_NE(bytes.find("zqkeptnoteqz"), std::string::npos) << "the search finds nothing";
  EXPECT_EQ(std::filesystem::file_size(path_ + "-wal"), 0u) << "the WAL was not emptied";
}

TEST_F(SqliteStoreTest, OpenCreatesTheFileAndItsDirectory) {
  const std::string nested = dir_.File("a/b/c/backcoach.db");
  auto store = OpenStore(nested);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_TRUE(std::filesystem::exists(nested));
}

TEST_F(SqliteStoreTest, BackupOpensWithTheSameData) {
  User maria = AddPatient(*store_, "maria");
  for (int day = 20; day < 23; ++day) {
    Record r{"",   maria.id, RecordKind::kPain, "2026-11-" + std::to_string(day), maria.id,
             "{}", kNow};
    ASSERT_TRUE(store_->AddRecord(r).ok());
  }
  AuditEntry e;
  e.action = "login";
  ASSERT_TRUE(store_->AppendAudit(e).ok());

  const std::string copy = dir_.File("backups/2026-11-23.db");
  Status s = store_->Backup(copy);
  ASSERT_TRUE(s.ok()) << s.message();
  // The live database goes on; the copy does not see later writes.
  Record later{"", maria.id, RecordKind::kPain, "2026-11-23", maria.id, "{}", kNow};
  ASSERT_TRUE(store_->AddRecord(later).ok());

  auto restored = OpenStore(copy);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(*(*restored)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  EXPECT_EQ((*restored)->FindUserByEmail("maria@example.test")->id, maria.id);
  auto records = (*restored)->ListRecords(maria.id, RecordKind::kPain, 100);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ(records->back().date, "2026-11-22");
  auto audit = (*restored)->ListAudit(0, 10);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().hash, e.hash);
}

TEST_F(SqliteStoreTest, BackupNeverOverwritesAFile) {
  const std::string copy = dir_.File("copy.db");
  std::ofstream(copy) << "precious";
  Status s = store_->Backup(copy);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "the backup file " + copy + " already exists; choose a new name");
  std::ifstream in(copy);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(SqliteStoreTest, ReadOnlyDatabaseServesReadsAndRefusesWrites) {
  const User maria = AddPatient(*store_, "maria");
  store_.reset();
  // A read-only open stands in for a read-only file: as root, file
  // permissions would not stop the write.
  auto store = OpenStore("file:" + path_ + "?mode=ro");
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_TRUE((*store)->GetUser(maria.id).ok());
  Clinic c{"", "Riverside", kNow};
  Status s = (*store)->CreateClinic(c);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message().rfind("the database file:" + path_ + "?mode=ro is read-only", 0), 0u)
      << s.message();
  EXPECT_TRUE(c.id.empty());
}

TEST_F(SqliteStoreTest, WriteProtectedFileRefusesWritesAsUnavailable) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes to write-protected files";
  AddPatient(*store_, "maria");
  store_.reset();
  namespace fs = std::filesystem;
  fs::permissions(path_, fs::perms::owner_read);
  fs::permissions(dir_.path(), fs::perms::owner_read | fs::perms::owner_exec);
  auto store = OpenStore(path_);
  if (!store.ok()) {
    EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().message();
    return;
  }
  Clinic c{"", "Riverside", kNow};
  EXPECT_EQ((*store)->CreateClinic(c).code(), StatusCode::kUnavailable);
}

TEST_F(SqliteStoreTest, FullDiskRefusesTheWriteAsUnavailableAndKeepsWhatWasThere) {
  SqliteStore::Options options;
  options.max_page_count = 80;  // about 320 KiB: the schema and a little data
  auto small = SqliteStore::Open(dir_.File("small.db"), options);
  ASSERT_TRUE(small.ok());
  ASSERT_TRUE((*small)->Migrate().ok());
  const User maria = AddPatient(**small, "maria");
  const std::string payload(8000, 'x');
  Status s;
  int stored = 0;
  for (; stored < 1000; ++stored) {
    Record r{"", maria.id, RecordKind::kNote, "2026-11-23", maria.id, payload, kNow};
    s = (*small)->AddRecord(r);
    if (!s.ok()) break;
  }
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(
      s.message().rfind("the disk holding the database " + dir_.File("small.db") + " is full", 0),
      0u)
      << s.message();
  EXPECT_GT(stored, 0);
  EXPECT_EQ((*small)->ListRecords(maria.id, std::nullopt, 10000)->size(), std::size_t(stored));
  AuditEntry e;
  e.detail = std::string(64000, 'y');  // more than the pages left
  EXPECT_EQ((*small)->AppendAudit(e).code(), StatusCode::kUnavailable);
  EXPECT_TRUE((*small)->ListAudit(0, 10)->empty());
}

// Many threads write at once, so writes share group commits. Each write
// keeps its own outcome: stale plan writes fail alone, everything else lands.
TEST_F(SqliteStoreTest, GroupCommitKeepsEachWritesOwnOutcome) {
  const User maria = AddPatient(*store_, "maria");
  PlanRecord first{maria.id, "{}", 0, kNow};
  ASSERT_TRUE(store_->PutPlan(first, 0).ok());
  constexpr int kThreads = 16, kEach = 40;
  std::atomic<int> stale_refused = 0, records_stored = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (t % 2 == 0) {
          PlanRecord stale{maria.id, "{\"stale\": true}", 0, kNow};
          if (store_->PutPlan(stale, 0).code() == StatusCode::kConflict) ++stale_refused;
        } else {
          Record r{"",           maria.id, RecordKind::kNote,
                   "2026-11-23", maria.id, std::to_string(t * 1000 + i),
                   kNow};
          if (store_->AddRecord(r).ok()) ++records_stored;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(stale_refused, kThreads / 2 * kEach);
  EXPECT_EQ(records_stored, kThreads / 2 * kEach);
  EXPECT_EQ(store_->ListRecords(maria.id, RecordKind::kNote, 100000)->size(),
            std::size_t(kThreads / 2 * kEach));
  EXPECT_EQ(store_->GetPlan(maria.id)->state, "{}");
  EXPECT_EQ(store_->GetPlan(maria.id)->version, 1);
}

// Writes that queue while a commit is under way share the next one, and
// the store counts them: here the first write waits for another program's
// lock, the others queue behind it, and two commits store them all.
TEST_F(SqliteStoreTest, WritesQueuedBehindACommitShareTheNextAndAreCounted) {
  const User maria = AddPatient(*store_, "maria");
  const Store::WriteCounts before = store_->WriteStats();
  auto other = Raw(path_);
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE").ok());
  constexpr int kWriters = 12;
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  auto write = [&](int i) {
    Record r{"", maria.id, RecordKind::kPain, "2026-11-23", maria.id, std::to_string(i), kNow};
    results[i] = store_->AddRecord(r);
  };
  threads.emplace_back(write, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the first commit waits
  for (int i = 1; i < kWriters; ++i) threads.emplace_back(write, i);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the others queue
  ASSERT_TRUE(other->Exec("ROLLBACK").ok());
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.message();
  const Store::WriteCounts after = store_->WriteStats();
  EXPECT_EQ(after.writes - before.writes, kWriters);
  EXPECT_EQ(after.commits - before.commits, 2);
  EXPECT_EQ(store_->ListRecords(maria.id, RecordKind::kPain, 100)->size(), std::size_t(kWriters));
}

// The group commits have a connection of their own, outside the readers'
// pool, with a page cache of its own size and every other setting as the
// readers have it; reads and writes from many threads on a pool of one
// connection all go through.
TEST_F(SqliteStoreTest, GroupCommitsRunOnAConnectionOfTheirOwn) {
  SqliteStore::Options options;
  options.max_connections = 1;
  options.writer_cache_kib = 4096;
  auto store = SqliteStore::Open(path_, options);
  ASSERT_TRUE(store.ok());
  const auto kWriter = SqliteStore::Connection::kWriter;
  EXPECT_EQ(*(*store)->QueryPragma("cache_size", kWriter), "-4096");
  EXPECT_EQ(*(*store)->QueryPragma("cache_size"), "-2000");  // SQLite's default
  for (const char* name :
       {"journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout"}) {
    EXPECT_EQ(*(*store)->QueryPragma(name, kWriter), *(*store)->QueryPragma(name)) << name;
  }
  const User maria = AddPatient(**store, "maria");
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Record r{"",           maria.id, RecordKind::kPain,
                 "2026-11-23", maria.id, std::to_string(t * kEach + i),
                 kNow};
        if (!(*store)->AddRecord(r).ok()) ++failures;
        if (!(*store)->ListRecords(maria.id, RecordKind::kPain, 5).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*store)->ListRecords(maria.id, RecordKind::kPain, 1000)->size(),
            std::size_t(kThreads * kEach));
}

// Plan changes carrying their audit entries share group commits: each
// keeps its own outcome, a stale one leaves neither change nor entry, and
// the entries of those stored form one whole chain.
TEST_F(SqliteStoreTest, PlanChangesWithTheirAuditEntriesShareGroupCommits) {
  constexpr int kPatients = 16;
  std::vector<User> patients;
  for (int i = 0; i < kPatients; ++i) {
    patients.push_back(AddPatient(*store_, "p" + std::to_string(i)));
    PlanRecord plan{patients.back().id, "{}", 0, kNow};
    ASSERT_TRUE(store_->PutPlan(plan, 0).ok());
  }
  const Store::WriteCounts before = store_->WriteStats();
  std::vector<Status> results(kPatients);
  std::vector<std::int64_t> seqs(kPatients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kPatients; ++i) {
    threads.emplace_back([&, i] {
      const User& u = patients[i];
      PlanChange change;
      change.record = {"", u.id, RecordKind::kSessionLog, "2026-11-23", u.id, "{}", kNow};
      change.plan = {u.id, "{\"n\": " + std::to_string(i) + "}", 0, kNow};
      change.expected_version = i % 4 == 0 ? 0 : 1;  // every fourth is stale
      change.summary.patient_id = u.id;
      change.summary.display_name = u.display_name;
      AuditEntry e;
      e.at = kNow;
      e.actor_id = u.id;
      e.action = "POST /sessions " + std::to_string(i);
      e.patient_id = u.id;
      e.outcome = "ok";
      change.audit.push_back(e);
      results[i] = store_->SavePlanChange(change);
      seqs[i] = change.audit.front().seq;
    });
  }
  for (auto& t : threads) t.join();
  int stored = 0;
  for (int i = 0; i < kPatients; ++i) {
    if (i % 4 == 0) {
      EXPECT_EQ(results[i].code(), StatusCode::kConflict);
      EXPECT_EQ(seqs[i], 0);
      EXPECT_EQ(store_->ListRecords(patients[i].id, std::nullopt, 10)->size(), 0u);
    } else {
      EXPECT_TRUE(results[i].ok()) << results[i].message();
      EXPECT_GT(seqs[i], 0);
      ++stored;
    }
  }
  auto chain = store_->ListAudit(0, 100);
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), std::size_t(stored));
  std::string prev;
  for (std::size_t i = 0; i < chain->size(); ++i) {
    const AuditEntry& e = (*chain)[i];
    EXPECT_EQ(e.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(e.prev_hash, prev);
    EXPECT_EQ(e.hash, AuditMac(e, ""));
    const int n = std::stoi(e.action.substr(std::string("POST /sessions ").size()));
    EXPECT_NE(n % 4, 0) << "a stale change's entry was stored";
    EXPECT_EQ(seqs[n], e.seq);
    EXPECT_EQ(e.patient_id, patients[n].id);
    prev = e.hash;
  }
  const Store::WriteCounts after = store_->WriteStats();
  EXPECT_EQ(after.writes - before.writes, stored) << "a refused write is not counted";
  EXPECT_GE(after.commits - before.commits, 1);
  EXPECT_LE(after.commits - before.commits, stored);
}

// When the disk fills during a group commit, no write reports success unless
// it is stored, and the writes that fit are kept.
TEST_F(SqliteStoreTest, FullDiskDuringGroupCommitNeverAcknowledgesALostWrite) {
  SqliteStore::Options options;
  options.max_page_count = 120;
  auto small = SqliteStore::Open(dir_.File("small.db"), options);
  ASSERT_TRUE(small.ok());
  ASSERT_TRUE((*small)->Migrate().ok());
  const User maria = AddPatient(**small, "maria");
  std::atomic<int> acknowledged = 0, refused = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 30; ++i) {
        Record r{"",  maria.id, RecordKind::kNote, "2026-11-23", maria.id, std::string(6000, 'x'),
                 kNow};
        Status s = (*small)->AddRecord(r);
        if (s.ok()) {
          ++acknowledged;
        } else {
          EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.message();
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GT(refused, 0);
  EXPECT_GT(acknowledged, 0);
  EXPECT_EQ((*small)->ListRecords(maria.id, std::nullopt, 10000)->size(),
            std::size_t(acknowledged));
}

// Another process holds the write lock past the busy timeout. The writes
// queued behind it are refused together, as busy, after one wait: tried one
// by one, each would wait the whole timeout again.
TEST_F(SqliteStoreTest, WritesHeldUpByAnotherProcessesLockAreRefusedAfterOneWait) {
  const User maria = AddPatient(*store_, "maria");
  SqliteStore::Options options;
  options.busy_timeout_ms = 400;
  auto store = SqliteStore::Open(path_, options);
  ASSERT_TRUE(store.ok());
  auto other = Raw(path_);
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE").ok());
  constexpr int kWriters = 6;
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      Record r{"", maria.id, RecordKind::kPain, "2026-11-23", maria.id, "{}", kNow};
      results[i] = (*store)->AddRecord(r);
    });
  }
  for (auto& t : threads) t.join();
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(other->Exec("ROLLBACK").ok());
  for (const Status& s : results) {
    EXPECT_EQ(s.code(), StatusCode::kUnavailable);
    EXPECT_EQ(s.message().rfind("the database " + path_ + " is busy", 0), 0u) << s.message();
  }
  // The first write waits alone, the rest share one wait: two timeouts and
  // some slack, where one retry per write would take seven.
  EXPECT_LT(waited, std::chrono::milliseconds(4 * options.busy_timeout_ms));
  Record after{"", maria.id, RecordKind::kPain, "2026-11-24", maria.id, "{}", kNow};
  EXPECT_TRUE((*store)->AddRecord(after).ok());  // once the lock is free
}

TEST_F(SqliteStoreTest, FileThatIsNotADatabaseIsReported) {
  const std::string junk = dir_.File("notes.txt");
  std::ofstream(junk) << std::string(4096, 'j');
  auto store = OpenStore(junk);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInternal);
  EXPECT_EQ(store.status().message(), "the database " + junk +
                                          " is damaged or not a database (file is not a "
                                          "database)");
}

TEST_F(SqliteStoreTest, MigrateFinishesAPartlyMigratedDatabase) {
  const std::string old = dir_.File("old.db");
  {
    auto raw = Raw(old);
    ASSERT_TRUE(raw->Exec(SchemaVersionTableSql(Dialect::kSqlite)).ok());
    ASSERT_TRUE(raw->Exec(Migrations(Dialect::kSqlite)[0].sql).ok());
    ASSERT_TRUE(
        raw->Exec("INSERT INTO schema_version (version, description) VALUES (1, 'first')").ok());
  }
  auto store = OpenStore(old);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), 1);
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  auto raw = Raw(old);
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM schema_version"),
            std::to_string(LatestSchemaVersion(Dialect::kSqlite)));
}

TEST_F(SqliteStoreTest, DatabaseFromANewerVersionIsRefused) {
  ASSERT_TRUE(
      Raw(path_)->Exec("INSERT INTO schema_version (version, description) VALUES (99, 'x')").ok());
  Status s = store_->Migrate();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "the database schema is version 99, newer than this backcoach knows (" +
                             std::to_string(LatestSchemaVersion(Dialect::kSqlite)) +
                             "); upgrade backcoach");
}

TEST_F(SqliteStoreTest, AuditRowsCannotBeChangedOrDeletedInTheDatabase) {
  AuditEntry e;
  e.action = "login";
  ASSERT_TRUE(store_->AppendAudit(e).ok());
  auto raw = Raw(path_);
  Status update = raw->Exec("UPDATE audit SET outcome = 'denied'");
  EXPECT_EQ(update.code(), StatusCode::kConflict);
  EXPECT_EQ(update.message(), "the audit log is append-only");
  EXPECT_FALSE(raw->Exec("DELETE FROM audit").ok());
  EXPECT_EQ(store_->ListAudit(0, 10)->size(), 1u);
}

TEST_F(SqliteStoreTest, TwoStoresOnOneFileKeepOneAuditChain) {
  // Two servers on one file: each has its own in-process lock, so only
  // SQLite's lock (BEGIN IMMEDIATE) keeps the chain whole.
  auto other = SqliteStore::Open(path_);
  ASSERT_TRUE(other.ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    Store& store = t % 2 == 0 ? static_cast<Store&>(*store_) : **other;
    threads.emplace_back([&store, &failures, t] {
      for (int i = 0; i < 20; ++i) {
        AuditEntry e;
        e.action = "t" + std::to_string(t) + "/" + std::to_string(i);
        if (!store.AppendAudit(e).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto chain = store_->ListAudit(0, 1000);
  ASSERT_EQ(chain->size(), 160u);
  std::string prev;
  for (std::size_t i = 0; i < chain->size(); ++i) {
    ASSERT_EQ((*chain)[i].seq, static_cast<std::int64_t>(i + 1));
    ASSERT_EQ((*chain)[i].prev_hash, prev);
    ASSERT_EQ((*chain)[i].hash, AuditMac((*chain)[i], ""));
    prev = (*chain)[i].hash;
  }
}

// A kind of record, or of alert, that this release does not know (a newer
// release's, or a hand-made row) is refused as Internal when read, never
// read as some other kind.
TEST_F(SqliteStoreTest, AStoredKindThatIsNoneOfTheEnumsIsRefusedAsInternal) {
  const User maria = AddPatient(*store_, "maria");
  Record pain{"", maria.id, RecordKind::kPain, "2026-11-23", maria.id, "{}", kNow};
  ASSERT_TRUE(store_->AddRecord(pain).ok());
  auto raw = Raw(path_);
  ASSERT_TRUE(raw->Exec("INSERT INTO records (id, patient_id, kind, date, author_id, payload, "
                        "created_at) VALUES ('r-odd', '" +
                        maria.id + "', 'diary', '2026-11-24', '" + maria.id + "', '{}', " +
                        std::to_string(kNow) + ")")
                  .ok());
  const std::string why = "a stored value cannot be read: unknown record kind 'diary'";
  auto one = store_->GetRecord("r-odd");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
  EXPECT_EQ(one.status().message(), why);
  auto all = store_->ListRecords(maria.id, std::nullopt, 10);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kInternal);
  EXPECT_EQ(all.status().message(), why);
  // A list of one known kind never meets the row, and reads as before.
  auto pains = store_->ListRecords(maria.id, RecordKind::kPain, 10);
  ASSERT_TRUE(pains.ok()) << pains.status().message();
  ASSERT_EQ(pains->size(), 1u);
  EXPECT_EQ(pains->front().kind, RecordKind::kPain);

  // An alert's kind has no constraint in the schema: an unknown one is
  // refused as the record's is. Its state has one (CHECK state IN ('new',
  // 'seen', 'resolved')), so an unknown state cannot be stored at all.
  const std::string alert_row =
      "INSERT INTO alerts (id, patient_id, clinic_id, rule, period, kind, reason, source, state, "
      "note, updated_by, created_at, updated_at) VALUES ('a-odd', '" +
      maria.id + "', '', 'rule', '2026-11-23', ";
  EXPECT_FALSE(raw->Exec(alert_row + "'concern', 'r', 's', 'open', '', '', 1, 1)").ok())
      << "the schema refuses a state it does not know";
  ASSERT_TRUE(raw->Exec(alert_row + "'worry', 'r', 's', 'new', '', '', 1, 1)").ok());
  AlertQuery query;
  query.patient_id = maria.id;
  auto alerts = store_->ListAlerts(query);
  ASSERT_FALSE(alerts.ok());
  EXPECT_EQ(alerts.status().code(), StatusCode::kInternal);
  EXPECT_EQ(alerts.status().message(), "a stored value cannot be read: unknown alert kind 'worry'");
}

// The patient list and a patient's records are read through indexes, in
// order, without sorting the clinic (these queries mirror sqlite_store.cc).
TEST_F(SqliteStoreTest, ListQueriesWalkAnIndexWithoutSorting) {
  auto raw = Raw(path_);
  const auto plan = [&](const std::string& sql) {
    auto st = raw->Prepare("EXPLAIN QUERY PLAN " + sql);
    EXPECT_TRUE(st.ok());
    std::string text;
    while (st->Step() == SQLITE_ROW) text += st->Text(3) + "\n";
    return text;
  };
  // The list is read from the table itself, kept in the list's order
  // (migration 14): no index entry to follow to each row, and no sort.
  PatientQuery first;
  first.clinic_id = "c1";
  const std::string patients = plan(SqliteStore::PatientListSql(first));
  EXPECT_NE(patients.find("SEARCH summaries USING PRIMARY KEY (clinic_id=?)"), std::string::npos)
      << patients;
  EXPECT_EQ(patients.find("INDEX"), std::string::npos) << patients;
  EXPECT_EQ(patients.find("TEMP B-TREE"), std::string::npos) << patients;
  // A page after a key: each part seeks in the table to where it starts
  // (the same attention after the key's name and id; less attention), so
  // that a late page reads no more rows than the first. Only the merge of
  // the two parts, a page each at most, is sorted.
  PatientQuery later = first;
  later.after = PatientKey{20, "maria", "Maria", "p1"};
  const std::string after = plan(SqliteStore::PatientListSql(later));
  EXPECT_NE(after.find("SEARCH summaries USING PRIMARY KEY (clinic_id=? AND attention=? AND "
                       "(name_key,display_name,patient_id)>(?,?,?))"),
            std::string::npos)
      << after;
  EXPECT_NE(after.find("SEARCH summaries USING PRIMARY KEY (clinic_id=? AND attention<?)"),
            std::string::npos)
      << after;
  EXPECT_EQ(after.find("SCAN summaries"), std::string::npos) << after;
  // One patient's row (GetSummary; a plan change's UPDATE), through the
  // index that UNIQUE (patient_id) makes.
  const std::string one = plan("SELECT attention FROM summaries WHERE patient_id = ?");
  EXPECT_NE(one.find("INDEX sqlite_autoindex_summaries_1 (patient_id=?)"), std::string::npos)
      << one;
  const std::string by_kind = plan(
      "SELECT id FROM records WHERE patient_id = ? AND kind = ? "
      "ORDER BY date DESC, created_at DESC, id DESC LIMIT ?");
  EXPECT_NE(by_kind.find("records_by_kind"), std::string::npos) << by_kind;
  EXPECT_EQ(by_kind.find("TEMP B-TREE"), std::string::npos) << by_kind;
  const std::string all = plan(
      "SELECT id FROM records WHERE patient_id = ? "
      "ORDER BY date DESC, created_at DESC, id DESC LIMIT ?");
  EXPECT_NE(all.find("records_by_date"), std::string::npos) << all;
  EXPECT_EQ(all.find("TEMP B-TREE"), std::string::npos) << all;
  // A clinic's audit search reads its entries from the two indexes (by
  // actor only those about someone else, the rest by patient), not the
  // whole log.
  // The statements the store runs for the admin's audit search, none with
  // a sort: with no one named, the chain from its end back (a page is
  // found without reading the rest); with a patient or an actor, their
  // entries in the index tables and the chain's end after them.
  AuditQuery everyone, patient, actor;
  patient.patient_id = "p";
  actor.actor_id = "a";
  const std::string all_entries = plan(SqliteStore::AuditSearchSql(everyone));
  EXPECT_NE(all_entries.find("SCAN audit"), std::string::npos) << all_entries;
  EXPECT_EQ(all_entries.find("audit_patient_seq"), std::string::npos) << all_entries;
  const std::string by_patient = plan(SqliteStore::AuditSearchSql(patient));
  EXPECT_NE(by_patient.find("SEARCH audit_patient_seq USING PRIMARY KEY (patient_id=?)"),
            std::string::npos)
      << by_patient;
  EXPECT_EQ(by_patient.find("SCAN"), std::string::npos) << by_patient;
  const std::string by_actor = plan(SqliteStore::AuditSearchSql(actor));
  EXPECT_NE(by_actor.find("SEARCH audit_actor_seq USING PRIMARY KEY (actor_id=?)"),
            std::string::npos)
      << by_actor;
  EXPECT_NE(by_actor.find("SEARCH audit_patient_seq USING PRIMARY KEY (patient_id=?)"),
            std::string::npos)
      << by_actor;
  EXPECT_EQ(by_actor.find("SCAN"), std::string::npos) << by_actor;
  for (const std::string* search : {&all_entries, &by_patient, &by_actor}) {
    EXPECT_EQ(search->find("TEMP B-TREE"), std::string::npos) << *search;
  }
  // A clinician's threads with a page's patients: a look-up for each id,
  // however many threads the clinician has with others.
  const std::string threads = plan(
      "SELECT patient_id, member_id, messages, last_at, waiting_since, patient_read, "
      "member_read FROM message_threads WHERE member_id = ?1 AND patient_id IN "
      "(SELECT value FROM json_each(?2)) ORDER BY patient_id");
  EXPECT_NE(threads.find("SEARCH message_threads USING INDEX"), std::string::npos) << threads;
  EXPECT_NE(threads.find("member_id=? AND patient_id=?"), std::string::npos) << threads;
  EXPECT_EQ(threads.find("SCAN message_threads"), std::string::npos) << threads;
  // The admin's page of accounts after a key: the clinic's own patients
  // and supporters from where the key is in users_by_clinic_role, the
  // supporters on its patients' teams through the indexes; no table
  // scanned. The staff and the accounts among some ids likewise.
  const std::string own = "SELECT * FROM (SELECT id, display_name FROM users WHERE clinic_id = ?1 ";
  const std::string after_key =
      "AND (display_name, id) > (?3, ?4) ORDER BY display_name, id LIMIT ?2)";
  const std::string accounts =
      plan(own + "AND role = 'patient' " + after_key + " UNION " + own + "AND role = 'supporter' " +
           after_key +
           " UNION SELECT * FROM (SELECT id, display_name FROM users WHERE role IN "
           "('patient', 'supporter') AND id IN (SELECT t.member_id FROM care_team t JOIN users p "
           "ON p.id = t.patient_id WHERE p.clinic_id = ?1) " +
           after_key + " ORDER BY display_name, id LIMIT ?2");
  EXPECT_NE(accounts.find("INDEX users_by_clinic_role (clinic_id=? AND role=? AND "
                          "(display_name,id)>(?,?))"),
            std::string::npos)
      << accounts;
  EXPECT_EQ(accounts.find("SCAN users"), std::string::npos) << accounts;
  const std::string staff =
      plan("SELECT id FROM users WHERE clinic_id = ?1 AND role IN ('clinician', 'admin')");
  EXPECT_NE(staff.find("INDEX users_by_clinic_role (clinic_id=? AND role=?)"), std::string::npos)
      << staff;
  const std::string among = plan(
      "SELECT id FROM users WHERE id IN (SELECT value FROM json_each(?2)) AND (clinic_id = ?1 OR "
      "EXISTS (SELECT 1 FROM care_team t CROSS JOIN users p ON p.id = t.patient_id WHERE "
      "t.member_id = users.id AND p.clinic_id = ?1))");
  EXPECT_NE(among.find("SEARCH t USING COVERING INDEX care_team_by_member (member_id=?)"),
            std::string::npos)
      << among;
  EXPECT_EQ(among.find("SEARCH p USING COVERING INDEX users_by_clinic_role"), std::string::npos)
      << "not every account of the clinic for each id\n"
      << among;
  EXPECT_EQ(among.find("SCAN users"), std::string::npos) << among;
  EXPECT_EQ(accounts.find("SCAN t"), std::string::npos) << accounts;
}

// Version 3 rebuilds the users table (to allow supporters): a database made
// at version 2 keeps its users, their sessions and records, and its
// foreign keys still hold afterwards.
TEST_F(SqliteStoreTest, UpgradeFromVersionTwoKeepsUsersAndTheirData) {
  const std::string old_path = dir_.File("v2.db");
  {
    auto raw = AtVersion(old_path, 2);
    ASSERT_TRUE(raw->Exec("INSERT INTO users VALUES ('u1', 'maria@example.test', 'Maria', 'h', "
                          "'patient', NULL, 0, 1); "
                          "INSERT INTO sessions VALUES ('t1', 'u1', 'c', 1, 1); "
                          "INSERT INTO records VALUES ('r1', 'u1', 'pain', '2026-11-23', 'u1', "
                          "'{}', 1);")
                    .ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  EXPECT_EQ((*store)->GetUser("u1")->display_name, "Maria");
  EXPECT_TRUE((*store)->GetSession("t1").ok());
  EXPECT_TRUE((*store)->GetRecord("r1").ok());
  EXPECT_EQ(*(*store)->QueryPragma("foreign_keys"), "1");
  // The cascade still reaches the rebuilt table's dependants.
  ASSERT_TRUE((*store)->EraseUser("u1").ok());
  EXPECT_EQ((*store)->GetRecord("r1").status().code(), StatusCode::kNotFound);
}

// Version 9 keeps a summary beside each record's payload: the recordings
// kept before it get theirs from their payload, other records none.
TEST_F(SqliteStoreTest, UpgradeToVersionNineSummarisesTheRecordingsKept) {
  const std::string old_path = dir_.File("v2-recordings.db");
  {
    auto raw = AtVersion(old_path, 2);
    ASSERT_TRUE(raw->Exec("INSERT INTO users VALUES ('u1', 'maria@example.test', 'Maria', 'h', "
                          "'patient', NULL, 0, 1); "
                          "INSERT INTO records VALUES ('r1', 'u1', 'pose_recording', "
                          "'2026-11-23', 'u1', '{\"exercise\": \"glute_bridge\", \"frames\": "
                          "2, \"bytes\": 180, \"recording\": \"{}\"}', 1); "
                          "INSERT INTO records VALUES ('r2', 'u1', 'pain', '2026-11-23', 'u1', "
                          "'{\"exercise\": \"glute_bridge\"}', 1);")
                    .ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto recording = (*store)->GetRecord("r1");
  ASSERT_TRUE(recording.ok());
  EXPECT_EQ(nlohmann::json::parse(recording->summary),
            (nlohmann::json{{"exercise", "glute_bridge"}, {"frames", 2}, {"bytes", 180}}));
  EXPECT_EQ((*store)->GetRecord("r2")->summary, "");
}

// Version 11 keeps out of the audit's index by actor the entries of a
// person about themselves (the index by patient holds them): a search by
// actor still finds them, in a database made before it as in a new one.
TEST_F(SqliteStoreTest, UpgradeToVersionElevenStillFindsAnActorsEntriesAboutThemselves) {
  const std::string old_path = dir_.File("v10-audit.db");
  {
    // Version 10 as it was.
    auto raw = TakenBack(old_path, std::string(testing::kUndoSqliteListVersions) +
                                       "DROP TABLE audit_patient_seq; DROP TABLE audit_actor_seq; "
                                       "DROP TABLE audit_indexed; "
                                       "CREATE INDEX audit_by_patient ON audit(patient_id, seq); "
                                       "CREATE INDEX audit_by_actor ON audit(actor_id, seq); "
                                       "DROP INDEX users_by_clinic_role; "
                                       "DELETE FROM schema_version WHERE version >= 11;");
    ASSERT_TRUE(raw != nullptr);
    ASSERT_TRUE(
        raw->Exec("INSERT INTO clinics (id, name, created_at) VALUES ('c1', 'C', 1); "
                  "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, "
                  "created_at) VALUES ('p1', 'maria@example.test', 'Maria', 'h', 'patient', "
                  "'c1', 1), ('l1', 'lee@example.test', 'Lee', 'h', 'clinician', 'c1', 1); "
                  "INSERT INTO audit (seq, at, actor_id, action, patient_id, outcome, detail, "
                  "prev_hash, hash) VALUES (1, 1, 'p1', 'GET today', 'p1', 'ok', '', '', 'a'), "
                  "(2, 2, 'l1', 'GET plan', 'p1', 'ok', '', 'a', 'b'), "
                  "(3, 3, 'p1', 'login', '', 'ok', '', 'b', 'c');")
            .ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_EQ(*(*store)->SchemaVersion(), 10);
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  auto seqs = [&](const std::string& actor) {
    AuditQuery q;
    q.clinic_id = "c1";
    q.actor_id = actor;
    auto found = (*store)->SearchAudit(q);
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::vector<std::int64_t> out;
    if (found.ok()) {
      for (const AuditEntry& e : *found) out.push_back(e.seq);
    }
    return out;
  };
  EXPECT_EQ(seqs("p1"), (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(seqs("l1"), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(seqs(""), (std::vector<std::int64_t>{3, 2, 1}));
  // Version 13 took the entries into the tables that index them: a
  // person's own entries by patient only, those about nobody by actor only.
  auto raw = Raw(old_path);
  EXPECT_EQ(*raw->QueryText("SELECT group_concat(actor_id || seq) FROM audit_actor_seq"),
            "l12,p13");
  EXPECT_EQ(*raw->QueryText("SELECT group_concat(patient_id || seq) FROM audit_patient_seq"),
            "p11,p12");
  EXPECT_EQ(*raw->QueryText("SELECT upto FROM audit_indexed"), "3");
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'audit_by_%'"),
            "0");
}

// Version 14 keeps the clinic's list in its own order (the table rebuilt
// WITHOUT ROWID, keyed as summaries_by_attention was): a database made
// before it keeps every row and the list's order, pages and all; a row
// still moves when its attention changes, and erasing a patient still
// takes their row with them.
TEST_F(SqliteStoreTest, UpgradeToVersionFourteenKeepsTheListAndItsOrder) {
  const std::string old_path = dir_.File("v13-list.db");
  {
    // Version 13 as it was: summaries a table of rows found through
    // summaries_by_attention.
    auto raw = TakenBack(
        old_path,
        std::string(testing::kUndoSqliteListVersions) +
            "DROP TABLE summaries; "
            "CREATE TABLE summaries (patient_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE "
            "CASCADE, clinic_id TEXT NOT NULL, display_name TEXT NOT NULL, name_key TEXT NOT NULL, "
            "attention INTEGER NOT NULL, reasons TEXT NOT NULL, triage TEXT NOT NULL, status TEXT "
            "NOT NULL, last_activity TEXT NOT NULL, last_pain INTEGER NOT NULL, updated_at INTEGER "
            "NOT NULL, unanswered_since INTEGER NOT NULL DEFAULT 0); "
            "CREATE INDEX summaries_by_attention ON summaries(clinic_id, attention DESC, name_key, "
            "display_name, patient_id); "
            "DELETE FROM schema_version WHERE version >= 14;");
    ASSERT_TRUE(raw != nullptr);
    std::string rows =
        "INSERT INTO clinics (id, name, created_at) VALUES ('c1', 'C', 1), "
        "('c2', 'D', 1); ";
    // Attention and names out of the list's order, two of one name, and a
    // patient of another clinic.
    const std::vector<std::tuple<std::string, std::string, int, std::string>> patients = {
        {"p1", "Zoe", 20, "c1"},  {"p2", "adam", 0, "c1"}, {"p3", "Émile", 100, "c1"},
        {"p4", "Bea", 20, "c1"},  {"p5", "bea", 20, "c1"}, {"p6", "Cyd", 50, "c1"},
        {"p7", "Abe", 100, "c2"}, {"p8", "Yann", 0, "c1"},
    };
    for (const auto& [id, name, attention, clinic] : patients) {
      rows +=
          "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, "
          "created_at) VALUES ('" +
          id + "', '" + id + "@example.test', '" + name + "', 'h', 'patient', '" + clinic +
          "', 1); "
          "INSERT INTO summaries VALUES ('" +
          id + "', '" + clinic + "', '" + name + "', '" + storage::FoldName(name) + "', " +
          std::to_string(attention) + ", '[\"r " + id + "\"]', 'green', 'active', '2026-11-2" +
          id.substr(1) + "', 3, 7, 0); ";
    }
    ASSERT_TRUE(raw->Exec(rows).ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_EQ(*(*store)->SchemaVersion(), 13);
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  // The whole clinic, two a page, each page after the last one's key.
  auto walk = [&] {
    std::vector<std::string> ids;
    PatientQuery query;
    query.clinic_id = "c1";
    query.limit = 2;
    for (int pages = 0; pages < 10; ++pages) {
      auto page = (*store)->ListPatients(query);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok() || page->empty()) break;
      for (const PatientSummary& p : *page) ids.push_back(p.patient_id);
      query.after = PatientKeyOf(page->back());
    }
    return ids;
  };
  EXPECT_EQ(walk(), (std::vector<std::string>{"p3", "p6", "p4", "p5", "p1", "p2", "p8"}));
  auto kept = (*store)->GetSummary("p4");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->reasons, "[\"r p4\"]");
  EXPECT_EQ(kept->last_activity, "2026-11-24");
  EXPECT_EQ(kept->updated_at, 7);
  // A change of attention moves the row; erasure removes it.
  kept->attention = 100;
  ASSERT_TRUE((*store)->PutSummary(*kept).ok());
  ASSERT_TRUE((*store)->EraseUser("p6").ok());
  EXPECT_EQ(walk(), (std::vector<std::string>{"p4", "p3", "p5", "p1", "p2", "p8"}));
  EXPECT_EQ((*store)->GetSummary("p6").status().code(), StatusCode::kNotFound);
  auto raw = Raw(old_path);
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM summaries"), "7");  // p7 of the other clinic too
  EXPECT_NE(raw->QueryText("SELECT sql FROM sqlite_schema WHERE name = 'summaries'")
                ->find("WITHOUT ROWID"),
            std::string::npos);
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM sqlite_schema WHERE name = "
                            "'summaries_by_attention'"),
            "0");
}

// The admin's search reads the entries indexed so far from the index
// tables and the later ones from the chain itself. Over random entries,
// appended in random batches with the index steps falling anywhere (the
// store's own, every 5 entries, and extra ones of random size), every
// search gives what the memory store, which has no index, gives.
TEST_F(SqliteStoreTest, AuditSearchFindsTheSameEntriesWhereverTheIndexHasGotTo) {
  SqliteStore::Options options;
  options.audit_index_step = 5;
  auto opened = SqliteStore::Open(dir_.File("steps.db"), options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& sqlite = **opened;
  ASSERT_TRUE(sqlite.Migrate().ok());
  MemoryStore memory;
  // Each store names the clinics and people its own way: index 0 of
  // `people` is nobody (an entry about no patient).
  struct Names {
    std::vector<std::string> clinics, people = {""};
  } in_sqlite, in_memory;
  for (int i = 0; i < 2; ++i) {
    Clinic c;
    c.name = "Clinic " + std::to_string(i);
    c.created_at = kNow;
    Clinic d = c;
    ASSERT_TRUE(sqlite.CreateClinic(c).ok());
    ASSERT_TRUE(memory.CreateClinic(d).ok());
    in_sqlite.clinics.push_back(c.id);
    in_memory.clinics.push_back(d.id);
  }
  for (int i = 0; i < 7; ++i) {
    User u;
    u.email = "p" + std::to_string(i) + "@example.test";
    u.display_name = "Person " + std::to_string(i);
    u.created_at = kNow;
    User v = u;
    if (i < 6) {  // the last has no clinic
      u.role = v.role = i % 3 == 0 ? Role::kClinician : Role::kPatient;
      u.clinic_id = in_sqlite.clinics[static_cast<std::size_t>(i % 2)];
      v.clinic_id = in_memory.clinics[static_cast<std::size_t>(i % 2)];
    }
    ASSERT_TRUE(sqlite.CreateUser(u).ok());
    ASSERT_TRUE(memory.CreateUser(v).ok());
    in_sqlite.people.push_back(u.id);
    in_memory.people.push_back(v.id);
  }
  std::mt19937 random(20261205);
  auto below = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  const std::vector<std::string> actions = {"GET /plan", "GET /today", "POST /sessions", "login"};
  int searches = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<AuditEntry> batch(1 + below(9)), copy;
    for (AuditEntry& e : batch) {
      const std::size_t actor = below(8);
      const std::size_t patient = below(3) == 0 ? actor : below(8);
      e.at = kNow + static_cast<Timestamp>(below(10)) * 3600;
      e.action = actions[below(actions.size())];
      e.outcome = "ok";
      AuditEntry m = e;
      e.actor_id = in_sqlite.people[actor];
      e.patient_id = in_sqlite.people[patient];
      m.actor_id = in_memory.people[actor];
      m.patient_id = in_memory.people[patient];
      copy.push_back(m);
    }
    ASSERT_TRUE(sqlite.AppendAuditBatch(batch).ok());
    ASSERT_TRUE(memory.AppendAuditBatch(copy).ok());
    if (below(4) == 0) {
      ASSERT_TRUE(sqlite.IndexAuditTail(static_cast<std::int64_t>(below(13))).ok());
    }
    for (int k = 0; k < 8; ++k, ++searches) {
      AuditQuery q, m;
      const std::size_t clinic = below(2), actor = below(8), patient = below(8);
      const bool no_clinic = below(8) == 0, by_actor = below(3) == 0, by_patient = below(3) == 0;
      if (!no_clinic)
        q.clinic_id = in_sqlite.clinics[clinic], m.clinic_id = in_memory.clinics[clinic];
      if (by_actor) q.actor_id = in_sqlite.people[actor], m.actor_id = in_memory.people[actor];
      if (by_patient)
        q.patient_id = in_sqlite.people[patient], m.patient_id = in_memory.people[patient];
      if (below(4) == 0) q.action = actions[below(actions.size())].substr(0, 4);
      if (below(4) == 0) q.from = kNow + static_cast<Timestamp>(below(6)) * 3600;
      if (below(4) == 0) q.to = kNow + static_cast<Timestamp>(3 + below(8)) * 3600;
      if (below(3) == 0) q.before_seq = static_cast<std::int64_t>(1 + below(300));
      q.limit = static_cast<int>(1 + below(40));
      m.action = q.action, m.from = q.from, m.to = q.to, m.before_seq = q.before_seq,
      m.limit = q.limit;
      auto got = sqlite.SearchAudit(q);
      auto want = memory.SearchAudit(m);
      ASSERT_TRUE(got.ok() && want.ok());
      std::vector<std::int64_t> got_seqs, want_seqs;
      for (const AuditEntry& e : *got) got_seqs.push_back(e.seq);
      for (const AuditEntry& e : *want) want_seqs.push_back(e.seq);
      ASSERT_EQ(got_seqs, want_seqs)
          << "round " << round << ", clinic " << (no_clinic ? -1 : static_cast<int>(clinic))
          << ", actor " << (by_actor ? static_cast<int>(actor) : -1) << ", patient "
          << (by_patient ? static_cast<int>(patient) : -1) << ", action " << q.action << ", before "
          << q.before_seq;
    }
  }
  // The store's own steps run in its background thread: the index moves
  // on by itself until it lags the chain by less than a step.
  auto raw = Raw(dir_.File("steps.db"));
  const std::int64_t last = std::stoll(*raw->QueryText("SELECT max(seq) FROM audit"));
  std::int64_t upto = 0;
  for (int wait = 0; wait < 500; ++wait) {
    upto = std::stoll(*raw->QueryText("SELECT upto FROM audit_indexed"));
    if (last - upto < 5) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_LT(last - upto, 5) << "last " << last;
  EXPECT_EQ(
      *raw->QueryText("SELECT count(*) FROM audit_patient_seq WHERE seq > " + std::to_string(upto)),
      "0");
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM audit_patient_seq"),
            *raw->QueryText("SELECT count(*) FROM audit WHERE patient_id <> '' AND seq <= " +
                            std::to_string(upto)));
  EXPECT_EQ(*raw->QueryText("SELECT count(*) FROM audit_actor_seq"),
            *raw->QueryText("SELECT count(*) FROM audit WHERE actor_id <> patient_id AND seq <= " +
                            std::to_string(upto)));
  EXPECT_EQ(searches, 480);
}

// Version 4 keeps only the hash of each clinic invitation code: the codes
// made before it are hashed in place, so that they go on working by their
// hash, and the code itself is no longer in the file.
TEST_F(SqliteStoreTest, UpgradeToVersionFourHashesTheInvitationCodes) {
  const std::string old_path = dir_.File("v3.db");
  {
    auto raw = AtVersion(old_path, 3);
    ASSERT_TRUE(raw->Exec("INSERT INTO clinics VALUES ('c1', 'Riverside', 1); "
                          "INSERT INTO invitations VALUES ('a1b2c3d4e5f6', 'c1', 'u0', 1, "
                          "9999999999, '');")
                    .ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ((*store)->GetInvitation("a1b2c3d4e5f6").status().code(), StatusCode::kNotFound);
  // SHA-256 of "a1b2c3d4e5f6" (sha256sum), as the server looks it up.
  auto hashed =
      (*store)->GetInvitation("bde81e9384b7848e57951ec32c7344459233235bfa519d7396ae3406014a06f4");
  ASSERT_TRUE(hashed.ok()) << hashed.status().message();
  EXPECT_EQ(hashed->clinic_id, "c1");
}

// Each clinic's list has a version of its own, so that a change in one
// clinic leaves the pages kept of another's; and the triggers move it for
// any program that writes to the file, not only for this store.
TEST_F(SqliteStoreTest, EachClinicsListVersionMovesWithItsOwnRowsWhoeverWritesThem) {
  Clinic riverside{"", "Riverside", kNow}, hillside{"", "Hillside", kNow};
  ASSERT_TRUE(store_->CreateClinic(riverside).ok());
  ASSERT_TRUE(store_->CreateClinic(hillside).ok());
  User maria = AddPatient(*store_, "maria");
  User tom = AddPatient(*store_, "tom");
  auto version = [&](const Clinic& c) { return store_->ListVersion(c.id).value().value_or(-1); };
  EXPECT_EQ(version(riverside), 0) << "no summary yet";
  auto summary = [&](const User& u, const Clinic& c, int attention) {
    PatientSummary s;
    s.patient_id = u.id;
    s.clinic_id = c.id;
    s.display_name = u.display_name;
    s.attention = attention;
    s.reasons = "[]";
    s.updated_at = kNow;
    return s;
  };
  ASSERT_TRUE(store_->PutSummary(summary(maria, riverside, 10)).ok());
  ASSERT_TRUE(store_->PutSummary(summary(tom, hillside, 10)).ok());
  const std::int64_t riverside_before = version(riverside);
  const std::int64_t hillside_before = version(hillside);
  EXPECT_GT(riverside_before, 0);

  ASSERT_TRUE(store_->PutSummary(summary(tom, hillside, 50)).ok());
  EXPECT_EQ(version(riverside), riverside_before) << "Hillside's change moved Riverside's list";
  EXPECT_GT(version(hillside), hillside_before);

  auto raw = Raw(path_);
  ASSERT_TRUE(
      raw->Exec("UPDATE summaries SET last_pain = 7 WHERE patient_id = '" + maria.id + "'").ok());
  EXPECT_GT(version(riverside), riverside_before) << "a change by another program";
}

// A database made before the list had versions: each clinic with patients
// gets one, and it moves from then on.
TEST_F(SqliteStoreTest, UpgradeToVersionFifteenGivesEachClinicsListAVersion) {
  const std::string old_path = dir_.File("v14-list.db");
  {
    auto raw = TakenBack(old_path, std::string(testing::kUndoSqliteListVersions) +
                                       "DELETE FROM schema_version WHERE version >= 15;");
    ASSERT_TRUE(raw != nullptr);
    ASSERT_TRUE(
        raw->Exec("INSERT INTO clinics (id, name, created_at) VALUES ('c1', 'C', 1); "
                  "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, "
                  "created_at) VALUES ('p1', 'maria@example.test', 'Maria', 'h', 'patient', "
                  "'c1', 1); "
                  "INSERT INTO summaries (patient_id, clinic_id, display_name, name_key, "
                  "attention, reasons, triage, status, last_activity, last_pain, updated_at) "
                  "VALUES ('p1', 'c1', 'Maria', 'maria', 10, '[]', '', '', '', 3, 1);")
            .ok());
  }
  auto store = SqliteStore::Open(old_path);
  ASSERT_TRUE(store.ok());
  ASSERT_EQ(*(*store)->SchemaVersion(), 14);
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(Dialect::kSqlite));
  const std::int64_t before = (*store)->ListVersion("c1").value().value_or(-1);
  EXPECT_GT(before, 0);
  auto kept = (*store)->GetSummary("p1");
  ASSERT_TRUE(kept.ok());
  kept->attention = 30;
  ASSERT_TRUE((*store)->PutSummary(*kept).ok());
  EXPECT_GT((*store)->ListVersion("c1").value().value_or(-1), before);
}

}  // namespace
}  // namespace backcoach
