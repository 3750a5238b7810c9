#include "server/audit.h"

namespace backcoach {

namespace {
constexpr std::size_t kMaxBatch = 512;
}

Auditor::Auditor(Store& store, const Clock& clock)
    : store_(store), clock_(clock), writer_([this] { Run(); }) {}

Auditor::~Auditor() {
  Flush();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void Auditor::Record(std::string actor_id, std::string action, std::string patient_id,
                     std::string outcome, std::string detail) {
  AuditEntry e;
  e.at = clock_.Now();
  e.actor_id = std::move(actor_id);
  e.action = std::move(action);
  e.patient_id = std::move(patient_id);
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(e));
    ++queued_;
  }
  wake_.notify_one();
}

Status Auditor::Flush() {
  // One batch is appended at a time, taken from the queue's front under the
  // same lock, so entries reach the chain in the order they were recorded
  // (a flush and the writer could otherwise append two batches crosswise).
  std::unique_lock<std::mutex> append(append_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  const std::uint64_t target = queued_;
  // Store what is still queued from this thread, rather than wait for the
  // writer's next turn: concurrent flushes then share one group commit with
  // the writes going on at the same time.
  std::vector<AuditEntry> batch;
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  if (!batch.empty()) {
    lock.unlock();
    Status s = store_.AppendAuditBatch(batch);
    lock.lock();
    written_ += batch.size();
    done_.notify_all();
    if (!s.ok()) return s;
  }
  append.unlock();
  wake_.notify_one();  // anything left over, or taken by the writer, is on its way
  done_.wait(lock, [&] { return written_ >= target; });
  Status error = last_error_;
  last_error_ = Status::Ok();
  return error;
}

void Auditor::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    // The append lock comes first (see Flush); the queue may change meanwhile.
    lock.unlock();
    std::unique_lock<std::mutex> append(append_mu_);
    lock.lock();
    if (queue_.empty()) continue;
    std::vector<AuditEntry> batch;
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    Status s = store_.AppendAuditBatch(batch);
    lock.lock();
    if (!s.ok()) last_error_ = s;
    written_ += batch.size();
    done_.notify_all();
  }
}

Result<AuditReport> VerifyAuditChain(Store& store) {
  AuditReport report;
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
      } else if (AuditHash(e) != e.hash) {
        problem = "entry " + std::to_string(e.seq) + " was changed after it was written";
      }
      if (!problem.empty()) {
        report.first_bad_seq = expected_seq;
        report.problem = problem;
        return report;
      }
      prev_hash = e.hash;
      ++expected_seq;
      ++report.entries;
    }
  }
  return report;
}

}  // namespace backcoach
