// AuditAnchor: the head of the audit chain (its newest entry's sequence
// number and hash, and when it was taken), written once a day to an
// append-only file outside the database.
//
// Deleting the newest entries of a chain leaves a shorter chain that is
// still whole; an anchor that names an entry the database no longer has, or
// a hash the entry no longer has, shows it (VerifyAuditChain). The file is
// plain text, one anchor a line, oldest first:
//   anchor seq=1234 hash=<64 hex> at=1795424400 keyed_from=1
// keyed_from is where the keyed chain starts (Store::AuditKeyedFrom), so
// that it cannot be moved later either. Keep the file where the database's
// users cannot write: another disk, a write-once store, a log shipper.
//
// Thread-safety: free functions with no state of their own; two processes
// appending to one file at once each write whole lines (O_APPEND).
#ifndef BACKCOACH_APP_AUDIT_ANCHOR_H_
#define BACKCOACH_APP_AUDIT_ANCHOR_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

struct AuditAnchor {
  std::int64_t seq = 0;
  std::string hash;
  Timestamp at = 0;
  std::int64_t keyed_from = 1;
};

// The line an anchor is written as (with its final "\n"). Never fails.
std::string AuditAnchorLine(const AuditAnchor& anchor);

// Appends one anchor to `path` (created, mode 0600, when missing; opened
// O_APPEND and synced to disk before returning). Unavailable when it cannot.
Status AppendAuditAnchor(const std::string& path, const AuditAnchor& anchor);

// Every anchor in `path`, oldest first; empty when the file does not exist.
// InvalidArgument naming the line when one cannot be read.
Result<std::vector<AuditAnchor>> ReadAuditAnchors(const std::string& path);

// Anchors the head of `store`'s chain in `path` at `now`: NotFound when the
// chain is empty (nothing to anchor). Returns the anchor written.
Result<AuditAnchor> AnchorAuditChain(Store& store, const std::string& path, Timestamp now);

}  // namespace backcoach

#endif  // BACKCOACH_APP_AUDIT_ANCHOR_H_
