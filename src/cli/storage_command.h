// `backcoach migrate`, `backcoach backup` and `backcoach restore`: the
// database's schema and its copies (docs/operations-backup.md).
//
// The database is named as everywhere else: --db URL, else $BACKCOACH_DB,
// else ./data/backcoach.db (a SQLite file) or postgresql://... . Backups
// and restores are SQLite's; for PostgreSQL the commands explain how to use
// pg_dump and pg_restore instead (bad input, exit 2).
//
// Thread-safety: as cli.h. A backup may run while a server writes to the
// same database; a restore refuses a database another process has open.
#ifndef BACKCOACH_CLI_STORAGE_COMMAND_H_
#define BACKCOACH_CLI_STORAGE_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcoach::cli {

// Brings the schema to the newest version; prints the version before and
// after. Unavailable (exit 3) when the database cannot be opened or
// written; Internal (exit 5) when it is damaged or a step fails.
const Command& MigrateCommand();
// Writes a consistent copy of a running or stopped SQLite database to PATH
// and checks the copy. NotFound for a database that is not there,
// InvalidArgument for an existing PATH, Unavailable when the copy cannot be
// written, and a failed check (exit 1) for a copy that does not check out.
const Command& BackupCommand();
// Checks a backup and puts it in place of the SQLite database; an existing
// database is replaced only with --force, and is first kept beside it.
// InvalidArgument or NotFound for a damaged or missing backup, Conflict for
// an existing database without --force, Unavailable for one in use.
const Command& RestoreCommand();

// `url` with any password replaced by "***", fit to print. Never fails.
std::string RedactUrl(const std::string& url);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_STORAGE_COMMAND_H_
