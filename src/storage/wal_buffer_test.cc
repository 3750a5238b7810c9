#include "storage/wal_buffer.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace backcoach::storage {
namespace {

// A database file in a fresh directory, removed at the end.
class WalBufferTest : public ::testing::Test {
 protected:
  WalBufferTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("wal-buffer-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  ~WalBufferTest() override { std::filesystem::remove_all(dir_); }

  // A connection as the store's writer opens it (buffered or not).
  sqlite3* Open(bool buffered, int cache_pages = 2000) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              buffered ? WalBufferVfs() : nullptr),
              SQLITE_OK);
    Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = " +
                 std::to_string(cache_pages));
    return db;
  }

  static void Exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }

  static std::string One(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      value = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(stmt);
    return value;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(WalBufferTest, IsRegisteredUnderItsOwnNameAndNotAsTheDefault) {
  ASSERT_NE(WalBufferVfs(), nullptr);
  EXPECT_NE(sqlite3_vfs_find(WalBufferVfs()), nullptr);
  EXPECT_NE(std::string(sqlite3_vfs_find(nullptr)->zName), WalBufferVfs());
}

// Every commit is in the file, and seen by another connection, the moment
// it returns; the frames of a commit go out in one or two writes.
TEST_F(WalBufferTest, ACommitIsSeenByAnotherConnectionAtOnce) {
  sqlite3* writer = Open(/*buffered=*/true);
  sqlite3* reader = Open(/*buffered=*/false);
  Exec(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
  const WalBufferCounts before = WalBufferCountsSoFar();
  constexpr int kCommits = 200;
  for (int i = 1; i <= kCommits; ++i) {
    // A few pages a commit: a row on overflow pages and its table's leaf.
    Exec(writer, "BEGIN; INSERT INTO t (body) VALUES (randomblob(" + std::to_string(3000 + i) +
                     ")); INSERT INTO t (body) VALUES (randomblob(5000)); COMMIT");
    ASSERT_EQ(One(reader, "SELECT count(*) || ' ' || sum(length(body)) FROM t"),
              std::to_string(2 * i) + " " + std::to_string(i * (3000 + 5000) + i * (i + 1) / 2))
        << "after commit " << i;
  }
  const WalBufferCounts after = WalBufferCountsSoFar();
  const auto writes = after.writes - before.writes;
  const auto flushes = after.flushes - before.flushes;
  EXPECT_GE(writes, 2u * 4 * kCommits) << "two writes a frame, at least four frames a commit";
  EXPECT_LE(flushes, 2u * kCommits);
  EXPECT_EQ(One(reader, "PRAGMA integrity_check"), "ok");
  sqlite3_close(reader);
  sqlite3_close(writer);
}

// A transaction that spills pages to the log before it commits (a small
// cache), larger than the buffer, then rolled back: the file stays whole
// and the next commits are read back as written.
TEST_F(WalBufferTest, ALargeTransactionRolledBackLeavesTheFileWhole) {
  sqlite3* writer = Open(/*buffered=*/true, /*cache_pages=*/20);
  sqlite3* reader = Open(/*buffered=*/false);
  Exec(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
  Exec(writer, "INSERT INTO t (body) VALUES (zeroblob(100))");
  Exec(writer, "BEGIN");
  for (int i = 0; i < 80; ++i) Exec(writer, "INSERT INTO t (body) VALUES (randomblob(100000))");
  EXPECT_EQ(One(writer, "SELECT count(*) FROM t"), "81") << "its own spilled pages read back";
  Exec(writer, "ROLLBACK");
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "1");
  for (int i = 0; i < 5; ++i) Exec(writer, "INSERT INTO t (body) VALUES (randomblob(7000))");
  EXPECT_EQ(One(reader, "SELECT count(*) || ' ' || sum(length(body)) FROM t"), "6 35100");
  Exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
  EXPECT_EQ(One(reader, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "6");
  sqlite3_close(reader);
  sqlite3_close(writer);
}

// A process that dies in the middle of a transaction, its frames still in
// the buffer, loses that transaction and nothing it had committed.
TEST_F(WalBufferTest, AProcessKilledMidTransactionKeepsEveryCommit) {
  {
    sqlite3* setup = Open(/*buffered=*/false);
    Exec(setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
    sqlite3_close(setup);
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sqlite3* writer = Open(/*buffered=*/true);
    for (int i = 0; i < 50; ++i) Exec(writer, "INSERT INTO t (body) VALUES (randomblob(6000))");
    Exec(writer, "BEGIN");
    for (int i = 0; i < 20; ++i) Exec(writer, "INSERT INTO t (body) VALUES (randomblob(6000))");
    _exit(0);  // no close, no commit: as if killed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  sqlite3* reader = Open(/*buffered=*/false);
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "50");
  EXPECT_EQ(One(reader, "PRAGMA integrity_check"), "ok");
  sqlite3_close(reader);
}

}  // namespace
}  // namespace backcoach::storage
