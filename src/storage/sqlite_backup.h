// Checking and restoring backups of a SQLite database (made by
// SqliteStore::Backup, i.e. `backcoach backup`).
//
// A restore replaces the database file as a whole: the backup is checked
// first (it opens, PRAGMA integrity_check finds nothing wrong, and it holds
// a backcoach schema no newer than this program), copied beside the target,
// flushed to disk, and renamed over it, so a crash leaves either the old
// database or the restored one, never a mix. The target's -wal and -shm
// files belong to the old database and are removed. A database that
// another process has open (a running server) is never replaced.
#ifndef BACKCOACH_STORAGE_SQLITE_BACKUP_H_
#define BACKCOACH_STORAGE_SQLITE_BACKUP_H_

#include <string>

#include "core/status.h"

namespace backcoach {

// Checks the backup at `path` without changing it; returns its schema
// version. NotFound when there is no file; InvalidArgument when it is not a
// SQLite database, is damaged, or is not a backcoach database; Unavailable
// when its schema is newer than this program knows.
Result<int> CheckSqliteBackup(const std::string& path);

// True when some other process has the SQLite database at `path` open (it
// holds the lock SQLite keeps on the -shm file while connected in WAL mode).
bool SqliteDatabaseInUse(const std::string& path);

// Replaces the database at `database` with the backup at `backup`. Conflict
// when `database` exists and `overwrite` is false; Unavailable when another
// process has it open; the errors of CheckSqliteBackup for a bad backup.
Status RestoreSqliteBackup(const std::string& backup, const std::string& database, bool overwrite);

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_SQLITE_BACKUP_H_
