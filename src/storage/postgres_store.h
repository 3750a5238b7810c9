// PostgresStore: the Store in a PostgreSQL database, for clinics that run
// several stateless backcoach servers against one database.
//
// Each call runs on a connection from a small pool (libpqxx); single
// statements run without BEGIN/COMMIT, multi-statement writes in one
// transaction. The audit chain stays one chain across processes: appending
// takes a transaction-scoped advisory lock, reads the chain's head and
// inserts before committing, so two servers never link to the same entry.
// Migrations take another advisory lock, so servers starting together
// migrate once.
//
// Errors: libpqxx throws; every exception is caught here and becomes a
// Status. A unique or foreign-key violation is the same Conflict or
// NotFound the other back-ends give; a lost connection, a full disk or too
// many clients is Unavailable (a broken connection is dropped from the pool
// and the next call opens a fresh one); anything else is Internal.
//
// Backups are PostgreSQL's business (pg_dump; docs/operations-backup.md):
// Backup() returns Unavailable saying so.
//
// Thread-safety: every method may be called from many threads at once.
#ifndef BACKCOACH_STORAGE_POSTGRES_STORE_H_
#define BACKCOACH_STORAGE_POSTGRES_STORE_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/store.h"

namespace pqxx {
class transaction_base;
}

namespace backcoach {

class PostgresStore : public Store {
 public:
  struct Options {
    // Connections kept open; more threads than this wait for a free one.
    int max_connections = 8;
  };

  // Connects once (to report a bad URL or an unreachable server at once).
  // `url` is a libpq connection URI, "postgresql://user:pass@host:port/db".
  // Does not migrate.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url);
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url, Options options);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Status Ping() override;

  Status CreateClinic(Clinic& clinic) override;
  Result<Clinic> GetClinic(const std::string& id) override;
  Status UpdateClinic(const Clinic& clinic) override;

  Status CreateUser(User& user) override;
  Result<User> GetUser(const std::string& id) override;
  Result<User> FindUserByEmail(const std::string& email) override;
  Status UpdateUser(const User& user) override;
  Status EraseUser(const std::string& id) override;

  Result<std::int64_t> AccessEpoch() override;
  Status CreateSession(const Session& session) override;
  Result<Session> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, Timestamp last_seen) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOf(const std::string& user_id, const std::string& keep = "") override;
  Status CreateAccountToken(const AccountToken& token) override;
  Result<AccountToken> GetAccountToken(const std::string& token_hash) override;
  Status UseAccountToken(const std::string& token_hash) override;

  Status CreateInvitation(const Invitation& invitation) override;
  Result<Invitation> GetInvitation(const std::string& code) override;
  Status UseInvitation(const std::string& code, const std::string& user_id) override;

  Status AddRecord(Record& record) override;
  Status AddRecords(std::vector<Record>& records) override;
  Result<Record> GetRecord(const std::string& id) override;
  Result<std::vector<Record>> ListRecordPage(const RecordPageQuery& query) override;
  Result<std::vector<Record>> ListRecordSummaryPage(const RecordPageQuery& query) override;
  Status DeleteRecord(const std::string& patient_id, RecordKind kind,
                      const std::string& id) override;

  Result<PlanRecord> GetPlan(const std::string& patient_id) override;
  Result<std::int64_t> PlanVersion(const std::string& patient_id) override;
  Status PutPlan(PlanRecord& plan, std::int64_t expected_version) override;

  Status SavePlanChange(PlanChange& change) override;
  Status PutSummary(const PatientSummary& summary) override;
  Result<PatientSummary> GetSummary(const std::string& patient_id) override;
  Result<std::vector<PatientSummary>> ListPatients(const PatientQuery& query) override;
  Result<int> CountPatients(const PatientQuery& query) override;
  Result<std::optional<std::int64_t>> ListVersion(const std::string& clinic_id) override;

  Result<std::vector<User>> ListAccountPage(const AccountQuery& query) override;
  Result<std::vector<User>> ListClinicStaff(const std::string& clinic_id) override;
  Result<std::vector<User>> ListClinicAccountsAmong(const std::string& clinic_id,
                                                    const std::vector<std::string>& ids) override;
  Result<std::vector<std::string>> ListUserIds(Role role, const std::string& after_id,
                                               int limit) override;
  Status AddCareMember(const CareMember& member) override;
  Status UpdateCareMember(const CareMember& member) override;
  Status RemoveCareMember(const std::string& patient_id, const std::string& member_id) override;
  Result<std::vector<CareMember>> ListCareTeam(const std::string& patient_id) override;
  Result<std::vector<CareMember>> ListSupported(const std::string& member_id) override;
  Status AddMessage(Record& record, const std::string& member_id) override;
  Status MarkThreadRead(const std::string& patient_id, const std::string& member_id,
                        bool by_patient) override;
  Result<std::vector<MessageThread>> ListThreads(const std::string& patient_id) override;
  Result<std::vector<MessageThread>> ListMemberThreads(
      const std::string& member_id, const std::vector<std::string>& patient_ids) override;
  Status SetLeadClinician(const std::string& patient_id, const std::string& clinician_id,
                          Timestamp at) override;
  Result<std::string> LeadClinician(const std::string& patient_id) override;
  Result<std::vector<User>> ListClinicians(const std::string& clinic_id) override;
  Status AddAlert(Alert& alert) override;
  Status UpdateAlert(const Alert& alert) override;
  Result<std::vector<Alert>> ListAlerts(const AlertQuery& query) override;
  Status Claim(const std::string& kind, const std::string& user_id, const std::string& period,
               Timestamp at) override;

  Status AppendAudit(AuditEntry& entry) override;
  Status AppendAuditBatch(std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, int limit) override;
  Result<std::vector<AuditEntry>> SearchAudit(const AuditQuery& query) override;
  Result<AuditEntry> LastAudit() override;
  Result<std::int64_t> AuditKeyedFrom() override;
  Status ClaimAuditAnchor(const std::string& day, Timestamp at) override;

  // Unavailable: use pg_dump.
  Status Backup(const std::string& path) override;

 private:
  class Connection;  // one pqxx::connection
  using Body = std::function<Status(pqxx::transaction_base&)>;

  PostgresStore(std::string url, Options options);
  Result<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> connection);
  // Runs `body` on a pooled connection, in a transaction or (for a single
  // statement) without one, turning whatever libpqxx throws into a Status.
  Status Run(const Body& body, bool transaction = false);
  // A page of records read with `select` (with or without the payload).
  Result<std::vector<Record>> ReadRecordPage(const RecordPageQuery& query,
                                             const std::string& select);

  const std::string url_;
  const Options options_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by pool_mu_
  int open_ = 0;                                   // guarded by pool_mu_
};

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_POSTGRES_STORE_H_
