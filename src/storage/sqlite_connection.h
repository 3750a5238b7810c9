// SqliteConnection: one sqlite3 handle set up the way backcoach needs it,
// with its prepared statements cached; SqliteStatement: one borrowed,
// bound statement. Internal to SqliteStore (and the backup check).
//
// A connection is used by one thread at a time (SqliteStore's pool hands it
// out), so it is opened without SQLite's per-connection mutex.
#ifndef BACKCOACH_STORAGE_SQLITE_CONNECTION_H_
#define BACKCOACH_STORAGE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace backcoach::storage {

// What a SQLite result code means for the caller. `path` names the file.
// Full disk, read-only, I/O error, cannot open and busy are Unavailable;
// a damaged file Internal; a constraint Conflict (callers that know which
// constraint say more); anything else Internal.
Status SqliteError(int rc, sqlite3* db, const std::string& path);
// The same from its parts: `system_errno` tells an I/O error on a
// filesystem that is read-only (EROFS) or full (ENOSPC, EDQUOT) from a
// failing disk; the first form takes it from SQLite or, after an I/O
// error, from the filesystem holding `path`. `detail` is SQLite's message.
Status SqliteError(int rc, int system_errno, const std::string& detail, const std::string& path);

// A cached statement, bound left to right; reset when it goes out of scope
// so the connection can hand it out again.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db, const std::string& path)
      : stmt_(stmt), db_(db), path_(path) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;

  SqliteStatement& Bind(std::string_view text);
  SqliteStatement& Bind(std::int64_t value);
  SqliteStatement& BindNullIfEmpty(std::string_view text);

  // SQLITE_ROW, SQLITE_DONE, or an error code (extended).
  int Step();
  // Runs a statement that returns no rows; the error as a Status.
  Status Run();

  std::string Text(int column) const;  // "" for NULL
  std::int64_t Int(int column) const;
  Status Error(int rc) const { return SqliteError(rc, db_, path_); }

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  const std::string& path_;
  int next_ = 1;
};

class SqliteConnection {
 public:
  struct Settings {
    int busy_timeout_ms = 5000;
    std::int64_t max_page_count = 0;  // 0: no limit
    bool read_only = false;           // open without creating or writing
    // The connection's page cache in KiB; 0 keeps SQLite's default (2 MiB).
    std::int64_t cache_kib = 0;
    // Writes a transaction's frames of the write-ahead log with one system
    // call (wal_buffer.h); safe here because synchronous is FULL.
    bool buffer_wal = false;
  };

  // Opens `path` (a file name or a "file:" URI) and applies the settings:
  // WAL (unless read-only), synchronous=FULL, foreign keys on,
  // secure_delete on, busy timeout.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        const Settings& settings);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The cached statement for `sql`, prepared on first use.
  Result<SqliteStatement> Prepare(const std::string& sql);
  // Runs one or more statements without parameters (BEGIN, DDL, PRAGMA).
  Status Exec(const std::string& sql);
  // The single value a query returns (e.g. a PRAGMA), as text.
  Result<std::string> QueryText(const std::string& sql);

  // Rows changed by the last INSERT, UPDATE or DELETE (cascades not counted).
  std::int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  const std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Runs `body` in BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
template <typename Body>
Status InTransaction(SqliteConnection& c, Body&& body) {
  if (Status s = c.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Status s = body();
  if (s.ok()) s = c.Exec("COMMIT");
  if (!s.ok() && !sqlite3_get_autocommit(c.db())) c.Exec("ROLLBACK");
  return s;
}

}  // namespace backcoach::storage

#endif  // BACKCOACH_STORAGE_SQLITE_CONNECTION_H_
