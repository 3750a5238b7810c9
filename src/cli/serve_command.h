// `backcoach serve` (the web app and the JSON API, docs/serve.md) and
// `backcoach audit verify` (the audit log's keyed hash chain against its
// daily anchors, docs/security.md), with where both find the database and
// the audit key and anchor files.
//
// serve fails with bad input (exit 2) for flags out of range or content that
// does not load, and unavailable (exit 3) when the database, the audit key
// file or the port cannot be used; it returns 0 once stopped by SIGINT or
// SIGTERM. audit verify fails its check (exit 1) for an edited or cut log or
// a key that is not the servers', and is bad input (exit 2) without a key
// file. Thread-safety: as cli.h; serve runs the HTTP server's threads and
// the scheduler's until a signal comes, and joins them before it returns.
#ifndef BACKCOACH_CLI_SERVE_COMMAND_H_
#define BACKCOACH_CLI_SERVE_COMMAND_H_

#include <string>

#include "cli/cli.h"
#include "storage/store.h"

namespace backcoach::cli {

const Command& ServeCommand();
const Command& AuditVerifyCommand();

// The database URL: --db (`flag_value`), else $BACKCOACH_DB, else
// data/backcoach.db. Never fails; the store says whether it opens.
std::string DatabaseUrl(const std::string& flag_value);
// The audit key file: the flag's value, else $BACKCOACH_AUDIT_KEY_FILE, else
// beside the database (app/audit_key.h). The anchor file likewise
// ($BACKCOACH_AUDIT_ANCHOR_FILE). Never fail; the files are read later.
std::string AuditKeyFile(const std::string& flag_value, const std::string& db_url);
std::string AuditAnchorFile(const std::string& flag_value, const std::string& db_url);

// How many threads read requests and answer them when --threads is not
// given, for a store of `kind` on a machine of `cores`. A read from SQLite
// (or memory) waits for the CPU alone, its pages in the system's cache: a
// few threads a core answer it with the least switching between threads
// and the fairest queue (docs/performance.md, "Fewer threads on SQLite").
// A read from PostgreSQL waits for the network, and more threads keep the
// cores busy meanwhile. Changes wait for the disk on a pool of their own
// either way.
unsigned DefaultWorkerThreads(StoreKind kind, unsigned cores);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SERVE_COMMAND_H_
