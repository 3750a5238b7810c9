// Audit: an append-only, hash-chained record of every read and change of
// patient data and every denied request.
//
// Entries are queued and written by one background thread in batches (one
// transaction, one disk flush for many entries), so auditing reads does not
// turn every read into a disk write. The writer may wait a moment (the batch
// wait) after an entry arrives, so that the entries of the reads around it
// share its commit: on SQLite every commit also makes each reading
// connection read its pages again, and under load most commits would
// otherwise hold the audit of a handful of reads. RecordAndStore() waits until its own
// entry is stored and says whether it was; the server calls it before
// answering a write, so a change is never acknowledged without its audit
// entry. Flush() waits until everything queued so far is handled (at
// shutdown, before the chain is verified).
// VerifyAuditChain re-computes every hash with the audit key (entries from
// before the chain was keyed with plain SHA-256): an edited or deleted entry
// breaks the chain and is reported with its sequence number, and the daily
// anchors (audit_anchor.h) show entries deleted from the end.
//
// Thread-safety: an Auditor may be used from any thread at once (its queue
// is guarded; one writer thread stores). VerifyAuditChain reads only.
#ifndef BACKCOACH_APP_AUDIT_H_
#define BACKCOACH_APP_AUDIT_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "app/audit_anchor.h"
#include "app/clock.h"
#include "storage/store.h"

namespace backcoach {

class Auditor {
 public:
  // `batch_wait`: how long the writer may hold queued entries, from the
  // first, for more to fill its batch (a full batch goes at once); zero
  // writes them as soon as the writer is free. Only entries nobody waits
  // for can wait: RecordAndStore and Flush store at once.
  Auditor(Store& store, const Clock& clock,
          std::chrono::milliseconds batch_wait = std::chrono::milliseconds(0));
  ~Auditor();  // flushes and stops the writer
  Auditor(const Auditor&) = delete;
  Auditor& operator=(const Auditor&) = delete;

  static constexpr std::size_t kMaxBatch = 512;  // entries appended in one batch at most

  // Queues an entry and returns at once. Never fails here: an entry that
  // cannot be stored shows in the next Flush.
  void Record(std::string actor_id, std::string action, std::string patient_id, std::string outcome,
              std::string detail = "");
  // Records an entry and waits until it is stored, after every entry
  // recorded before it. The status is this entry's own: Unavailable when the
  // disk is full, say, and OK whatever happened to other entries.
  Status RecordAndStore(std::string actor_id, std::string action, std::string patient_id,
                        std::string outcome, std::string detail = "");
  // Waits until every entry recorded before the call is handled; returns the
  // error of the last batch that could not be stored since the last Flush.
  Status Flush();

 private:
  struct Outcome;  // what became of one entry that a caller waits for
  struct Queued;

  AuditEntry MakeEntry(std::string actor_id, std::string action, std::string patient_id,
                       std::string outcome, std::string detail) const;
  void Enqueue(AuditEntry entry, Outcome* outcome);
  // Appends up to one batch from the queue's front and tells its waiting
  // callers. REQUIRES: append_mu_ held and `lock` (on mu_) held; releases
  // `lock` while the store works. Returns the store's status.
  Status AppendFront(std::unique_lock<std::mutex>& lock);
  void Run();

  Store& store_;
  const Clock& clock_;
  const std::chrono::milliseconds batch_wait_;
  std::mutex append_mu_;  // held while a batch is taken and appended; before mu_
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  std::uint64_t queued_ = 0;   // entries ever queued
  std::uint64_t written_ = 0;  // entries ever handled (stored or failed)
  Status last_error_;          // the last failed batch's, until Flush reports it
  bool stopping_ = false;
  std::thread writer_;
};

// The audit entry of the change this thread is making, offered to the
// store write that makes it (Service::SavePlan passes it on as
// PlanChange::audit): a store that appends it in the same commit as the
// change spares a second disk flush, and the change and its entry are then
// on disk together or not at all. The server offers the entry of a write
// about a patient while its handler runs; when no write took it, the server
// stores the entry itself (Auditor::RecordAndStore). One per thread at a
// time; only the thread that made it may use it.
class ChangeAudit {
 public:
  explicit ChangeAudit(AuditEntry entry);  // this thread's offer until destroyed
  ~ChangeAudit();
  ChangeAudit(const ChangeAudit&) = delete;
  ChangeAudit& operator=(const ChangeAudit&) = delete;

  // This thread's offer whose entry is not stored yet; null when none.
  static ChangeAudit* Pending();
  const AuditEntry& entry() const { return entry_; }
  // Called by the write that stored the entry with its change.
  void MarkStored() { stored_ = true; }
  bool stored() const { return stored_; }

 private:
  AuditEntry entry_;
  bool stored_ = false;
  ChangeAudit* outer_;  // the offer this one hides, restored when it ends
};

struct AuditReport {
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;  // 0 when the chain is whole
  std::string problem;
  std::int64_t keyed_from = 1;  // the first entry of the keyed chain
  int anchors = 0;              // anchors checked
};

// Reads the whole chain and checks every link and hash, with `key` from
// the store's AuditKeyedFrom() on, and then every anchor: the entry it
// names must be there with the hash it recorded, and the keyed chain must
// start where it said. A wrong key shows as the first keyed entry changed.
// A broken chain is a report (first_bad_seq, problem), not an error; the
// error is the store's when the chain cannot be read.
Result<AuditReport> VerifyAuditChain(Store& store, const std::string& key,
                                     const std::vector<AuditAnchor>& anchors = {});

}  // namespace backcoach

#endif  // BACKCOACH_APP_AUDIT_H_
