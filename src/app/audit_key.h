// AuditKey: the secret the audit chain is signed with (see AuditMac in
// storage/store.h), kept in a file outside the database.
//
// The file holds 32 random bytes as 64 hex digits and a line break. Every
// server sharing a database must be given the same file, and so must
// `backcoach audit verify`; with the database alone nobody can rewrite the
// chain without the change showing. See docs/security.md, "The audit log".
//
// Thread-safety: free functions with no state of their own.
#ifndef BACKCOACH_APP_AUDIT_KEY_H_
#define BACKCOACH_APP_AUDIT_KEY_H_

#include <string>

#include "core/status.h"

namespace backcoach {

// Where the key and the anchors are kept when no flag says: beside a SQLite
// database ("data/backcoach.db.audit-key", "data/backcoach.db.audit-anchors"),
// and in the working directory for PostgreSQL and the in-memory store
// ("backcoach.audit-key", "backcoach.audit-anchors"). Never fail.
std::string DefaultAuditKeyPath(const std::string& db_url);
std::string DefaultAuditAnchorPath(const std::string& db_url);

// Reads the key at `path`. NotFound when there is no such file;
// InvalidArgument when it is not 64 hex digits, or when others than its
// owner may read it (it must be mode 0600 or stricter).
Result<std::string> ReadAuditKey(const std::string& path);
// Reads the key, or makes a new one when the file is missing: created with
// mode 0600 (never replacing a file made meanwhile), its directory made if
// need be. Unavailable when it cannot be written.
Result<std::string> LoadOrCreateAuditKey(const std::string& path);

}  // namespace backcoach

#endif  // BACKCOACH_APP_AUDIT_KEY_H_
