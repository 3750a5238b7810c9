// FaultyStore: a MemoryStore that fails on demand the way a database under a
// disk fault does, for tests of what the layers above answer. Test-only.
#ifndef BACKCOACH_TESTING_FAULTY_STORE_H_
#define BACKCOACH_TESTING_FAULTY_STORE_H_

#include <atomic>

#include "storage/memory_store.h"

namespace backcoach::testing {

class FaultyStore : public MemoryStore {
 public:
  std::atomic<bool> full{false};         // records and audit entries: the disk is full
  std::atomic<bool> audit_full{false};   // audit entries only
  std::atomic<bool> unreachable{false};  // session lookups: the database is out of reach
  std::atomic<int> failed_audit_appends{0};

  static Status Full() {
    return Status::Unavailable(
        "the disk holding the database test.db is full; nothing was written");
  }

  Status AddRecord(Record& record) override {
    if (full) return Full();
    return MemoryStore::AddRecord(record);
  }
  Status AddMessage(Record& record, const std::string& member_id) override {
    if (full) return Full();
    return MemoryStore::AddMessage(record, member_id);
  }
  // A change that carries its audit entry fails whole when that cannot be
  // stored, as in one transaction.
  Status SavePlanChange(PlanChange& change) override {
    if ((full || audit_full) && !change.audit.empty()) {
      ++failed_audit_appends;
      return Full();
    }
    return MemoryStore::SavePlanChange(change);
  }
  Status AppendAuditBatch(std::vector<AuditEntry>& entries) override {
    if (full || audit_full) {
      ++failed_audit_appends;
      return Full();
    }
    return MemoryStore::AppendAuditBatch(entries);
  }
  Result<std::int64_t> AccessEpoch() override {
    if (unreachable) return Status::Unavailable("lost the connection to PostgreSQL");
    return MemoryStore::AccessEpoch();
  }
  Result<Session> GetSession(const std::string& token_hash) override {
    if (unreachable) return Status::Unavailable("lost the connection to PostgreSQL");
    return MemoryStore::GetSession(token_hash);
  }
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_FAULTY_STORE_H_
