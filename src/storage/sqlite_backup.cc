#include "storage/sqlite_backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage/store_common.h"

namespace backcoach {

namespace {

namespace fs = std::filesystem;
using storage::SqliteConnection;

// Where SQLite's unix VFS keeps the "dead man switch" lock in the -shm
// file: every connection to a WAL database holds a shared lock on it.
constexpr off_t kShmDmsOffset = 128;

// A "file:" URI that opens `path` read-only and as immutable: nothing is
// written beside it, not even a -shm file, even if it was copied in WAL mode.
std::string ImmutableUri(const std::string& path) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    }
  }
  return uri + "?mode=ro&immutable=1";
}

Status CopyDurably(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Unavailable("cannot copy " + from + " to " + to + ": " + ec.message());
  const int fd = ::open(to.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) return Status::Unavailable("cannot flush " + to + " to disk");
  return Status::Ok();
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<int> CheckSqliteBackup(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NotFound("no backup file at " + path);
  SqliteConnection::Settings settings;
  settings.read_only = true;
  auto c = SqliteConnection::Open(ImmutableUri(path), settings);
  if (!c.ok()) {
    return Status::InvalidArgument("the backup " + path + " cannot be read as a database (" +
                                   c.status().message() + ")");
  }
  auto check = (*c)->QueryText("PRAGMA integrity_check");
  if (!check.ok() || *check != "ok") {
    return Status::InvalidArgument("the backup " + path + " is damaged (" +
                                   (check.ok() ? *check : check.status().message()) + ")");
  }
  auto has_schema = (*c)->QueryText(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!has_schema.ok() || *has_schema != "1") {
    return Status::InvalidArgument("the backup " + path + " is not a backcoach database");
  }
  auto version = (*c)->QueryText("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!version.ok()) return version.status();
  const int found = std::stoi(*version);
  const int known = LatestSchemaVersion(Dialect::kSqlite);
  if (found > known) return storage::SchemaTooNew(found, known);
  return found;
}

bool SqliteDatabaseInUse(const std::string& path) {
  const std::string shm = path + "-shm";
  const int fd = ::open(shm.c_str(), O_RDONLY);
  if (fd < 0) return false;  // no -shm file: no connection in WAL mode
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = kShmDmsOffset;
  lock.l_len = 1;
  const bool in_use = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return in_use;
}

Status RestoreSqliteBackup(const std::string& backup, const std::string& database, bool overwrite) {
  std::error_code ec;
  if (fs::exists(database, ec) && fs::equivalent(backup, database, ec)) {
    return Status::InvalidArgument("the backup and the database are the same file");
  }
  auto version = CheckSqliteBackup(backup);
  if (!version.ok()) return version.status();
  const bool exists = fs::exists(database, ec);
  if (exists && !overwrite) return Status::Conflict("the database " + database + " already exists");
  if (SqliteDatabaseInUse(database)) {
    return Status::Unavailable("the database " + database +
                               " is open in another process (a running server?); stop it first");
  }
  const fs::path target(database);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
  const std::string staged = database + ".restoring";
  if (Status s = CopyDurably(backup, staged); !s.ok()) {
    fs::remove(staged, ec);
    return s;
  }
  // The old database's write-ahead log must not be replayed into the new one.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(database + suffix, ec);
  fs::rename(staged, database, ec);
  if (ec) {
    fs::remove(staged, ec);
    return Status::Unavailable("cannot move the restored database into place at " + database);
  }
  SyncDirectory(target.parent_path());
  return Status::Ok();
}

}  // namespace backcoach
