#include "app/audit.h"

#include <algorithm>
#include <map>

#include "core/date.h"

namespace backcoach {

namespace {
thread_local ChangeAudit* offered = nullptr;
}  // namespace

ChangeAudit::ChangeAudit(AuditEntry entry) : entry_(std::move(entry)), outer_(offered) {
  offered = this;
}

ChangeAudit::~ChangeAudit() { offered = outer_; }

ChangeAudit* ChangeAudit::Pending() {
  return offered != nullptr && !offered->stored_ ? offered : nullptr;
}

struct Auditor::Outcome {
  Status status;
  bool done = false;
};

struct Auditor::Queued {
  AuditEntry entry;
  Outcome* outcome;  // null when nobody waits for this entry
};

Auditor::Auditor(Store& store, const Clock& clock, std::chrono::milliseconds batch_wait)
    : store_(store), clock_(clock), batch_wait_(batch_wait), writer_([this] { Run(); }) {}

Auditor::~Auditor() {
  Flush();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

AuditEntry Auditor::MakeEntry(std::string actor_id, std::string action, std::string patient_id,
                              std::string outcome, std::string detail) const {
  AuditEntry e;
  e.at = clock_.Now();
  e.actor_id = std::move(actor_id);
  e.action = std::move(action);
  e.patient_id = std::move(patient_id);
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  return e;
}

void Auditor::Enqueue(AuditEntry entry, Outcome* outcome) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::move(entry), outcome});
    ++queued_;
    // The writer waits for a first entry, then for a full batch: waking it
    // for every entry in between would cost a switch of threads per read.
    wake = queue_.size() == 1 || queue_.size() == kMaxBatch;
  }
  if (wake) wake_.notify_one();
}

void Auditor::Record(std::string actor_id, std::string action, std::string patient_id,
                     std::string outcome, std::string detail) {
  Enqueue(MakeEntry(std::move(actor_id), std::move(action), std::move(patient_id),
                    std::move(outcome), std::move(detail)),
          nullptr);
}

Status Auditor::AppendFront(std::unique_lock<std::mutex>& lock) {
  std::vector<AuditEntry> batch;
  std::vector<Outcome*> waiting;
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(std::move(queue_.front().entry));
    if (queue_.front().outcome != nullptr) waiting.push_back(queue_.front().outcome);
    queue_.pop_front();
  }
  if (batch.empty()) return Status::Ok();
  lock.unlock();
  Status s = store_.AppendAuditBatch(batch);
  lock.lock();
  // Each waiting caller learns what became of its own entry: the batch's
  // status, never an older or a later one.
  for (Outcome* o : waiting) {
    o->status = s;
    o->done = true;
  }
  if (!s.ok()) last_error_ = s;
  written_ += batch.size();
  return s;
}

Status Auditor::RecordAndStore(std::string actor_id, std::string action, std::string patient_id,
                               std::string outcome, std::string detail) {
  Outcome mine;
  Enqueue(MakeEntry(std::move(actor_id), std::move(action), std::move(patient_id),
                    std::move(outcome), std::move(detail)),
          &mine);
  // Append from this thread rather than wait for the writer's next turn:
  // callers that queue while a batch is being stored share the next one,
  // and with it one group commit with the other writes of the moment.
  std::unique_lock<std::mutex> append(append_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  while (!mine.done) AppendFront(lock);
  return mine.status;
}

Status Auditor::Flush() {
  // One batch is appended at a time, taken from the queue's front under the
  // same lock, so entries reach the chain in the order they were recorded
  // (a flush and the writer could otherwise append two batches crosswise).
  std::unique_lock<std::mutex> append(append_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  const std::uint64_t target = queued_;
  while (written_ < target) AppendFront(lock);
  Status error = last_error_;
  last_error_ = Status::Ok();
  return error;
}

void Auditor::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    // Before the append lock: a caller that waits for its entry (Flush,
    // RecordAndStore) appends the queue itself meanwhile, lingering ones too.
    if (batch_wait_.count() > 0) {
      wake_.wait_for(lock, batch_wait_,
                     [&] { return stopping_ || queue_.empty() || queue_.size() >= kMaxBatch; });
      if (queue_.empty()) continue;
    }
    // The append lock comes first (see Flush); the queue may change meanwhile.
    lock.unlock();
    std::unique_lock<std::mutex> append(append_mu_);
    lock.lock();
    AppendFront(lock);
  }
}

namespace {

std::string Day(Timestamp at) { return Date::FromDays(static_cast<int>(at / 86400)).ToString(); }

// The anchors' verdict on a chain that is whole as far as it goes; empty
// when they agree with it. `hashes` holds the hash of each anchored entry
// that is there.
std::string CheckAnchors(const std::vector<AuditAnchor>& anchors,
                         const std::map<std::int64_t, std::string>& hashes, std::int64_t entries,
                         std::int64_t keyed_from, std::int64_t& bad_seq) {
  for (const AuditAnchor& a : anchors) {
    const std::string when = "the anchor of " + Day(a.at);
    if (a.keyed_from != keyed_from) {
      bad_seq = std::min(a.keyed_from, keyed_from);
      return when + " has the keyed chain start at entry " + std::to_string(a.keyed_from) +
             ", the database at entry " + std::to_string(keyed_from);
    }
    if (a.seq > entries) {
      bad_seq = entries + 1;
      return "entries " + std::to_string(entries + 1) + " to " + std::to_string(a.seq) +
             " were deleted: the log ends at entry " + std::to_string(entries) + ", but " + when +
             " records entry " + std::to_string(a.seq);
    }
    auto it = hashes.find(a.seq);
    if (it != hashes.end() && it->second != a.hash) {
      bad_seq = a.seq;
      return "entry " + std::to_string(a.seq) + " does not match " + when;
    }
  }
  return "";
}

}  // namespace

Result<AuditReport> VerifyAuditChain(Store& store, const std::string& key,
                                     const std::vector<AuditAnchor>& anchors) {
  AuditReport report;
  auto keyed_from = store.AuditKeyedFrom();
  if (!keyed_from.ok()) return keyed_from.status();
  report.keyed_from = *keyed_from;
  std::map<std::int64_t, std::string> anchored;
  for (const AuditAnchor& a : anchors) anchored[a.seq] = "";
  std::string prev_hash;
  std::int64_t expected_seq = 1;
  while (true) {
    auto page = store.ListAudit(expected_seq - 1, 1000);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    for (const auto& e : *page) {
      std::string problem;
      if (e.seq != expected_seq) {
        problem = "entry " + std::to_string(expected_seq) + " is missing";
      } else if (e.prev_hash != prev_hash) {
        problem = "entry " + std::to_string(e.seq) + " does not link to the entry before it";
      } else if (ExpectedAuditHash(e, report.keyed_from, key) != e.hash) {
        problem = "entry " + std::to_string(e.seq) + " was changed after it was written" +
                  (e.seq >= report.keyed_from ? " (or the audit key is not the one it was "
                                                "written with)"
                                              : "");
      }
      if (!problem.empty()) {
        report.first_bad_seq = expected_seq;
        report.problem = problem;
        return report;
      }
      if (anchored.count(e.seq)) anchored[e.seq] = e.hash;
      prev_hash = e.hash;
      ++expected_seq;
      ++report.entries;
    }
  }
  std::erase_if(anchored, [&](const auto& a) { return a.first > report.entries; });
  report.problem =
      CheckAnchors(anchors, anchored, report.entries, report.keyed_from, report.first_bad_seq);
  report.anchors = report.problem.empty() ? static_cast<int>(anchors.size()) : 0;
  return report;
}

}  // namespace backcoach
