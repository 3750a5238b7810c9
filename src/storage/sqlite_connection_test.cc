// How SQLite's result codes, with the errno behind them, become a Status.
#include "storage/sqlite_connection.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace backcoach::storage {
namespace {

const std::string kPath = "/srv/backcoach.db";

TEST(SqliteErrorTest, FullDiskIsUnavailableAndSaysSo) {
  Status s = SqliteError(SQLITE_FULL, ENOSPC, "database or disk is full", kPath);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the disk holding the database /srv/backcoach.db is full (database or disk is full); "
            "nothing was written");
}

TEST(SqliteErrorTest, IoErrorOnAFullDiskSaysTheDiskIsFull) {
  // A full disk met while syncing reaches SQLite as an I/O error.
  Status s = SqliteError(SQLITE_IOERR_FSYNC, ENOSPC, "disk I/O error", kPath);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the disk holding the database /srv/backcoach.db is full (disk I/O error)");
}

TEST(SqliteErrorTest, IoErrorOnAReadOnlyFilesystemSaysReadOnly) {
  Status s = SqliteError(SQLITE_IOERR_WRITE, EROFS, "disk I/O error", kPath);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the database /srv/backcoach.db is on a read-only filesystem (disk I/O error)");
}

// SQLite opens a database read-only when its filesystem already is, and its
// writes then fail as SQLITE_READONLY: the filesystem is still the cause.
TEST(SqliteErrorTest, ReadOnlyOnAReadOnlyFilesystemSaysTheFilesystem) {
  Status s = SqliteError(SQLITE_READONLY, EROFS, "attempt to write a readonly database", kPath);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the database /srv/backcoach.db is on a read-only filesystem (attempt to write a "
            "readonly database); nothing was written");
}

TEST(SqliteErrorTest, OtherIoErrorsSayTheFileCouldNotBeReadOrWritten) {
  Status s = SqliteError(SQLITE_IOERR_READ, EIO, "disk I/O error", kPath);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the database /srv/backcoach.db could not be read or written (disk I/O error)");
}

TEST(SqliteErrorTest, ReadOnlyAndBusyAreUnavailable) {
  EXPECT_EQ(
      SqliteError(SQLITE_READONLY, 0, "attempt to write a readonly database", kPath).message(),
      "the database /srv/backcoach.db is read-only (attempt to write a readonly database); "
      "nothing was written");
  EXPECT_EQ(SqliteError(SQLITE_BUSY, 0, "database is locked", kPath).message(),
            "the database /srv/backcoach.db is busy (database is locked)");
  EXPECT_EQ(SqliteError(SQLITE_BUSY, 0, "database is locked", kPath).code(),
            StatusCode::kUnavailable);
}

TEST(SqliteErrorTest, DamagedFileIsInternal) {
  EXPECT_EQ(SqliteError(SQLITE_CORRUPT, 0, "database disk image is malformed", kPath).code(),
            StatusCode::kInternal);
}

}  // namespace
}  // namespace backcoach::storage
