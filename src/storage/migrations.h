// Migrations: the database schema as numbered steps, one list per SQL
// dialect.
//
// A database records the steps it has taken in a `schema_version` table
// (version, description, applied_at). Store::Migrate() applies the missing
// steps in order, each in its own transaction together with its
// schema_version row, so a step is either wholly applied or not at all and
// a crash between steps leaves a database that the next Migrate() finishes.
// A database newer than the program (a version above the last step known)
// is refused rather than used.
//
// Rules for adding a step: append it to BOTH lists with the next number and
// the same description; never edit or reorder a step that has shipped (a
// database that took it would not take it again). The schema itself is
// described in docs/storage.md.
#ifndef BACKCOACH_STORAGE_MIGRATIONS_H_
#define BACKCOACH_STORAGE_MIGRATIONS_H_

#include <vector>

namespace backcoach {

enum class Dialect { kSqlite, kPostgres };

struct Migration {
  int version;              // 1, 2, ... without gaps
  const char* description;  // one line, the same in every dialect
  const char* sql;          // one or more statements
};

// Every step for `dialect`, oldest first.
const std::vector<Migration>& Migrations(Dialect dialect);

// The version a fully migrated database has.
int LatestSchemaVersion(Dialect dialect);

// Creates the schema_version table if it is absent (run before any step).
const char* SchemaVersionTableSql(Dialect dialect);

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_MIGRATIONS_H_
