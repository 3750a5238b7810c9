#include "storage/sqlite_connection.h"

namespace backcoach::storage {

Status SqliteError(int rc, sqlite3* db, const std::string& path) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_FULL:
      return Status::Unavailable("the disk holding the database " + path + " is full (" + detail +
                                 "); nothing was written");
    case SQLITE_READONLY:
      return Status::Unavailable("the database " + path + " is read-only (" + detail +
                                 "); nothing was written");
    case SQLITE_IOERR:
      return Status::Unavailable("the database " + path + " could not be read or written (" +
                                 detail + ")");
    case SQLITE_CANTOPEN:
      return Status::Unavailable("cannot open the database " + path + " (" + detail + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("the database " + path + " is busy (" + detail + ")");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Internal("the database " + path + " is damaged or not a database (" + detail +
                              ")");
    case SQLITE_CONSTRAINT:
      return Status::Conflict(detail);
    default:
      return Status::Internal("database error in " + path + ": " + detail);
  }
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(other.stmt_), db_(other.db_), path_(other.path_), next_(other.next_) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::Bind(std::string_view text) {
  sqlite3_bind_text(stmt_, next_++, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(std::int64_t value) {
  sqlite3_bind_int64(stmt_, next_++, value);
  return *this;
}

SqliteStatement& SqliteStatement::BindNullIfEmpty(std::string_view text) {
  if (!text.empty()) return Bind(text);
  sqlite3_bind_null(stmt_, next_++);
  return *this;
}

int SqliteStatement::Step() { return sqlite3_step(stmt_); }

Status SqliteStatement::Run() {
  const int rc = Step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  return Error(rc);
}

std::string SqliteStatement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 const Settings& settings) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= settings.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(rc, db, path);
    sqlite3_close_v2(db);
    return s;
  }
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db, path));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, settings.busy_timeout_ms);
  // journal_mode reads the file header, so a file that is not a database
  // is found here rather than at the first query.
  if (!settings.read_only) {
    auto mode = c->QueryText("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.status();
  } else if (auto mode = c->QueryText("PRAGMA journal_mode"); !mode.ok()) {
    return mode.status();
  }
  // secure_delete: deleted rows are overwritten with zeros, not left in free
  // space, so an erasure leaves no trace in the file (docs/storage.md).
  std::string pragmas =
      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";
  if (settings.max_page_count > 0) {
    pragmas += "PRAGMA max_page_count = " + std::to_string(settings.max_page_count) + ";";
  }
  if (Status s = c->Exec(pragmas); !s.ok()) return s;
  return c;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<SqliteStatement> SqliteConnection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(rc, db_, path_);
    it = cache_.emplace(sql, stmt).first;
  }
  return SqliteStatement(it->second, db_, path_);
}

Status SqliteConnection::Exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db_, path_);
  return Status::Ok();
}

Result<std::string> SqliteConnection::QueryText(const std::string& sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  const int rc = stmt->Step();
  if (rc == SQLITE_ROW) return stmt->Text(0);
  if (rc == SQLITE_DONE) return std::string();
  return stmt->Error(rc);
}

}  // namespace backcoach::storage
