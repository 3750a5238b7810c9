// `backcoach migrate`, `backcoach backup` and `backcoach restore`: the
// database's schema and its copies (docs/operations-backup.md).
//
// The database is named as everywhere else: --db URL, else $BACKCOACH_DB,
// else ./data/backcoach.db (a SQLite file) or postgresql://... . Backups
// and restores are SQLite's; for PostgreSQL the commands explain how to use
// pg_dump and pg_restore instead.
#ifndef BACKCOACH_CLI_STORAGE_COMMAND_H_
#define BACKCOACH_CLI_STORAGE_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcoach::cli {

// Brings the schema to the newest version; prints the version before/after.
int RunMigrateCommand(const std::vector<std::string>& args, Io& io);
// Writes a consistent copy of a running or stopped SQLite database to PATH
// and checks the copy.
int RunBackupCommand(const std::vector<std::string>& args, Io& io);
// Checks a backup and puts it in place of the SQLite database; an existing
// database is replaced only with --force, and is first kept beside it.
int RunRestoreCommand(const std::vector<std::string>& args, Io& io);

// `url` with any password replaced by "***", fit to print.
std::string RedactUrl(const std::string& url);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_STORAGE_COMMAND_H_
