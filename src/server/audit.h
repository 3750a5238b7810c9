// Audit: an append-only, hash-chained record of every read and change of
// patient data and every denied request.
//
// Entries are queued and written by one background thread in batches (one
// transaction, one disk flush for many entries), so auditing reads does not
// turn every read into a disk write. Flush() waits until everything queued
// so far is stored; the server calls it before answering a write, so a
// change is never acknowledged without its audit entry, and at shutdown.
// VerifyAuditChain re-computes every hash: an edited or deleted entry breaks
// the chain and is reported with its sequence number.
#ifndef BACKCOACH_SERVER_AUDIT_H_
#define BACKCOACH_SERVER_AUDIT_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "server/clock.h"
#include "storage/store.h"

namespace backcoach {

class Auditor {
 public:
  Auditor(Store& store, const Clock& clock);
  ~Auditor();  // flushes and stops the writer
  Auditor(const Auditor&) = delete;
  Auditor& operator=(const Auditor&) = delete;

  void Record(std::string actor_id, std::string action, std::string patient_id, std::string outcome,
              std::string detail = "");
  // Waits until every entry recorded before the call is stored; returns the
  // first storage error met (Unavailable when the disk is full, say).
  Status Flush();

 private:
  void Run();

  Store& store_;
  const Clock& clock_;
  std::mutex append_mu_;  // held while a batch is taken and appended; before mu_
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::deque<AuditEntry> queue_;
  std::uint64_t queued_ = 0;   // entries ever queued
  std::uint64_t written_ = 0;  // entries ever handled (stored or failed)
  Status last_error_;
  bool stopping_ = false;
  std::thread writer_;
};

struct AuditReport {
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;  // 0 when the chain is whole
  std::string problem;
};

// Reads the whole chain and checks every link and hash.
Result<AuditReport> VerifyAuditChain(Store& store);

}  // namespace backcoach

#endif  // BACKCOACH_SERVER_AUDIT_H_
