#include "storage/sqlite_connection.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "storage/wal_buffer.h"

namespace backcoach::storage {

namespace {

// What the filesystem holding the database at `path` (a file name or a
// "file:" URI) says now: EROFS when it is read-only, ENOSPC when it has no
// room, 0 otherwise. Asked after an I/O error, since SQLite's own errno is
// often gone by the time the error comes back. A filesystem that the
// kernel turned read-only after a disk error (ext4's errors=remount-ro)
// still looks writable to statvfs, but refuses to sync.
int FilesystemErrno(const std::string& path) {
  std::string file = path.rfind("file:", 0) == 0 ? path.substr(5) : path;
  file = file.substr(0, file.find('?'));
  const std::string parent = std::filesystem::path(file).parent_path().string();
  // Built, not assigned: GCC 12 misreports assigning "." over the string as
  // an overlapping copy (-Wrestrict).
  const std::string dir = parent.empty() ? std::string(1, '.') : parent;
  struct statvfs fs;
  if (::statvfs(dir.c_str(), &fs) == 0) {
    if ((fs.f_flag & ST_RDONLY) != 0) return EROFS;
    if (fs.f_bavail == 0) return ENOSPC;
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  const int synced = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return synced == EROFS || synced == ENOSPC ? synced : 0;
}

}  // namespace

Status SqliteError(int rc, sqlite3* db, const std::string& path) {
  if (db == nullptr) return SqliteError(rc, 0, sqlite3_errstr(rc), path);
  int system_errno = sqlite3_system_errno(db);
  if ((rc & 0xFF) == SQLITE_IOERR) {
    if (const int fs = FilesystemErrno(path); fs != 0) system_errno = fs;
  }
  // A connection opened after the filesystem turned read-only is opened
  // read-only by SQLite, and its writes fail as SQLITE_READONLY: the cause
  // is still the filesystem.
  if ((rc & 0xFF) == SQLITE_READONLY && FilesystemErrno(path) == EROFS) system_errno = EROFS;
  return SqliteError(rc, system_errno, sqlite3_errmsg(db), path);
}

Status SqliteError(int rc, int system_errno, const std::string& detail, const std::string& path) {
  // SQLite reports a write that the filesystem refused as an I/O error; the
  // errno tells a full disk or a filesystem that turned read-only (as the
  // kernel does after a disk error) from a failing disk, and the operator
  // fixes each differently. Whether anything reached the file is not known.
  if ((rc & 0xFF) == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT)) {
    return Status::Unavailable("the disk holding the database " + path + " is full (" + detail +
                               ")");
  }
  if ((rc & 0xFF) == SQLITE_IOERR && system_errno == EROFS) {
    return Status::Unavailable("the database " + path + " is on a read-only filesystem (" + detail +
                               ")");
  }
  if ((rc & 0xFF) == SQLITE_READONLY && system_errno == EROFS) {
    return Status::Unavailable("the database " + path + " is on a read-only filesystem (" + detail +
                               "); nothing was written");
  }
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
    case SQLITE_CONSTRAINT: return Status::Conflict(detail);
    default: return Status::Internal("database error in " + path + ": " + detail);
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
  const char* vfs = settings.buffer_wal ? WalBufferVfs() : nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
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
  if (settings.cache_kib > 0) {
    pragmas += "PRAGMA cache_size = -" + std::to_string(settings.cache_kib) + ";";
  }
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
