#include "cli/storage_command.h"

#include <filesystem>
#include <iostream>

#include "cli/args.h"
#include "cli/serve_command.h"
#include "storage/sqlite_backup.h"
#include "storage/store.h"

namespace backcoach::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kMigrateUsage =
    "Usage: backcoach migrate [--db URL]\n"
    "\n"
    "Creates the database if it is new and brings its schema to the newest version,\n"
    "one numbered step at a time (each in its own transaction). Running it again does\n"
    "nothing. `backcoach serve` does the same when it starts; run this to upgrade\n"
    "ahead of a release or to check which version a database is at.\n"
    "\n"
    "Options:\n"
    "  --db URL   SQLite file, or postgresql://user:password@host/db (BACKCOACH_DB;\n"
    "             default ./data/backcoach.db)\n"
    "  --help     show this help\n"
    "\n"
    "Exit status: 0 done, 2 bad flags, 3 the database could not be opened or written,\n"
    "5 the database is damaged or a step of the upgrade failed.\n";

constexpr const char* kBackupUsage =
    "Usage: backcoach backup PATH [--db URL]\n"
    "\n"
    "Writes a consistent copy of the SQLite database to PATH (a new file; its directory\n"
    "is created) and checks the copy. Safe while the server is running: the copy is one\n"
    "moment of the database, and the server goes on serving. PostgreSQL databases are\n"
    "backed up with pg_dump instead (see docs/operations-backup.md).\n"
    "\n"
    "Options:\n"
    "  --db URL   the database (BACKCOACH_DB; default ./data/backcoach.db)\n"
    "  --help     show this help\n"
    "\n"
    "Exit status: 0 done, 1 the copy was written but does not check out, 2 bad flags, an\n"
    "existing PATH, or a database that is not there, 3 the copy failed (e.g. the disk is\n"
    "full).\n";

constexpr const char* kRestoreUsage =
    "Usage: backcoach restore PATH [--db FILE] [--force]\n"
    "\n"
    "Checks the backup at PATH (it opens, SQLite's integrity check passes, and it is a\n"
    "backcoach database) and puts it in place of the SQLite database FILE. Stop the\n"
    "server first: a database that is open elsewhere is never replaced. An existing\n"
    "database is replaced only with --force, and is first copied to FILE.before-restore\n"
    "so nothing is lost by mistake. PostgreSQL databases are restored with pg_restore\n"
    "instead (see docs/operations-backup.md).\n"
    "\n"
    "Options:\n"
    "  --db FILE  the database to restore into (BACKCOACH_DB; default ./data/backcoach.db)\n"
    "  --force    replace an existing database\n"
    "  --help     show this help\n"
    "\n"
    "Exit status: 0 done, 2 bad flags or a damaged or missing backup, 3 the restore\n"
    "failed (e.g. the database is in use), 4 an existing database without --force.\n";

// The first name beside `database` that is free: FILE.before-restore,
// FILE.before-restore-2, ...
std::string KeepName(const std::string& database) {
  std::error_code ec;
  std::string name = database + ".before-restore";
  for (int n = 2; fs::exists(name, ec); ++n) {
    name = database + ".before-restore-" + std::to_string(n);
  }
  return name;
}

// Copies the database file (and its write-ahead log, which SQLite replays
// on opening the copy) aside; works even when the database is damaged.
Status KeepCopy(const std::string& database, const std::string& keep) {
  std::error_code ec;
  fs::copy_file(database, keep, ec);
  if (!ec && fs::exists(database + "-wal")) fs::copy_file(database + "-wal", keep + "-wal", ec);
  if (ec) {
    return Status::Unavailable("cannot keep a copy of " + database + " as " + keep + ": " +
                               ec.message() + "; nothing was restored");
  }
  return Status::Ok();
}

const char* const kPgDumpHint =
    "PostgreSQL databases are backed up with pg_dump, e.g. pg_dump --format=custom "
    "--file=backcoach.dump \"$BACKCOACH_DB\" (see docs/operations-backup.md)";
const char* const kPgRestoreHint =
    "PostgreSQL databases are restored with pg_restore, e.g. pg_restore --clean --if-exists "
    "--dbname=\"$BACKCOACH_DB\" backcoach.dump (see docs/operations-backup.md)";

}  // namespace

std::string RedactUrl(const std::string& url) {
  std::string out = url;
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto at = out.find('@', start);
    const auto slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  const auto password = out.find("password=");
  if (password != std::string::npos) {
    const auto value = password + 9;
    const auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

namespace {

Outcome RunMigrate(const Args& args, Io& io) {
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  const std::string shown = RedactUrl(url);
  auto store = OpenStore(url);
  if (!store.ok()) return store.status().WithContext(shown);
  auto before = (*store)->SchemaVersion();
  if (!before.ok()) return before.status().WithContext(shown);
  if (Status s = (*store)->Migrate(); !s.ok()) return s.WithContext(shown);
  auto after = (*store)->SchemaVersion();
  if (!after.ok()) return after.status().WithContext(shown);
  io.out << "database: " << shown << "\n";
  if (*before == *after) {
    io.out << "schema already at version " << *after << ", the newest\n";
  } else {
    io.out << "schema migrated from version " << *before << " to " << *after << "\n";
  }
  return Status::Ok();
}

// The SQLite database file `url` names; InvalidArgument for PostgreSQL (with
// how to use pg_dump) or memory, NotFound when there is no file.
Status CheckBackupSource(const std::string& url) {
  switch (StoreKindOf(url)) {
    case StoreKind::kPostgres: return Status::InvalidArgument(kPgDumpHint);
    case StoreKind::kMemory:
      return Status::InvalidArgument("an in-memory database has no file to copy");
    case StoreKind::kSqlite: break;
  }
  std::error_code ec;
  if (url.rfind("file:", 0) != 0 && !fs::is_regular_file(url, ec)) {
    return Status::NotFound("no database at " + url);
  }
  return Status::Ok();
}

Outcome RunBackup(const Args& args, Io& io) {
  const std::string path = args.positional()[0];
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  if (Status s = CheckBackupSource(url); !s.ok()) return s;
  auto store = OpenStore(url);
  if (!store.ok()) return store.status();
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version == 0) return Status::InvalidArgument(url + " is not a backcoach database");
  if (Status s = (*store)->Backup(path); !s.ok()) return s;
  auto checked = CheckSqliteBackup(path);
  if (!checked.ok()) {
    return Outcome::CheckFailed("the backup was written but does not check out: " +
                                checked.status().message());
  }
  std::error_code ec;
  io.out << "backed up " << url << " to " << path << " (schema version " << *checked << ", "
         << fs::file_size(path, ec) << " bytes, integrity checked)\n";
  return Status::Ok();
}

// The SQLite database file to restore into; InvalidArgument for anything else.
Status CheckRestoreTarget(const std::string& db) {
  if (StoreKindOf(db) == StoreKind::kPostgres) return Status::InvalidArgument(kPgRestoreHint);
  if (StoreKindOf(db) == StoreKind::kMemory || db.rfind("file:", 0) == 0) {
    return Status::InvalidArgument("--db must name a database file");
  }
  return Status::Ok();
}

Outcome RunRestore(const Args& args, Io& io) {
  const std::string path = args.positional()[0];
  const std::string db = DatabaseUrl(args.Value("db").value_or(""));
  const bool force = args.Has("force");
  if (Status s = CheckRestoreTarget(db); !s.ok()) return s;
  auto version = CheckSqliteBackup(path);
  if (!version.ok()) return version.status();
  std::error_code ec;
  const bool exists = fs::exists(db, ec);
  if (exists && !force) {
    return Status::Conflict("the database " + db +
                            " already exists; stop the server, then add --force to replace it "
                            "(it is kept as " +
                            KeepName(db) + ")");
  }
  if (SqliteDatabaseInUse(db)) {
    return Status::Unavailable("the database " + db +
                               " is open in another process (a running server?); stop it first");
  }
  std::string kept;
  if (exists) {
    kept = KeepName(db);
    if (Status s = KeepCopy(db, kept); !s.ok()) return s;
  }
  if (Status s = RestoreSqliteBackup(path, db, force); !s.ok()) return s;
  io.out << "restored " << path << " (schema version " << *version << ") to " << db << "\n";
  if (!kept.empty()) io.out << "the database it replaced is kept as " << kept << "\n";
  io.out << "the schema is brought up to date when the server starts (or: backcoach migrate)\n";
  return Status::Ok();
}

}  // namespace

const Command& MigrateCommand() {
  static const Command command{"migrate",
                               "create the database or bring its schema up to date",
                               kMigrateUsage,
                               {{"db", true}},
                               {},
                               {},
                               RunMigrate};
  return command;
}

const Command& BackupCommand() {
  static const Command command{"backup",
                               "write a checked copy of the SQLite database while it serves",
                               kBackupUsage,
                               {{"db", true}},
                               {1, 1, "one backup PATH"},
                               {},
                               RunBackup};
  return command;
}

const Command& RestoreCommand() {
  static const Command command{"restore",
                               "check a backup and put it in place of the SQLite database",
                               kRestoreUsage,
                               {{"db", true}, {"force"}},
                               {1, 1, "one backup PATH"},
                               {},
                               RunRestore};
  return command;
}

}  // namespace backcoach::cli
