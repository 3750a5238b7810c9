// SqliteStore: the Store in one SQLite file, the embedded default.
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a
// write is on disk (the WAL is fsync'ed) before the call returns; an
// acknowledged write survives a power cut, not only a crash of the process.
// Foreign keys are on: erasing a user cascades to their records, plan,
// summary and sessions, and nothing can point at a patient who is not there.
// secure_delete is on and an erasure ends with a checkpoint that empties the
// WAL, so the erased rows are not left in the file's free space or the log.
//
// Concurrency: a small pool of connections serves many threads; readers run
// side by side (WAL). Writes are group-committed: a write that arrives while
// another batch is being committed waits, and the next batch takes every
// write queued by then into one BEGIN IMMEDIATE ... COMMIT, each write in its
// own SAVEPOINT (so one failing write rolls back alone). Every caller still
// returns only after the COMMIT that holds its write is on disk, but one
// fsync serves many writes: durable writes scale with concurrency instead of
// being capped at one per fsync. Several processes on one file are still
// serialised by SQLite (waiting up to busy_timeout_ms). The write-ahead log
// is copied into the database file by a thread of the store's own (a
// passive checkpoint once it holds checkpoint_pages), not by the commit
// that fills it, so no group commit waits for that copy and its flush.
// The group commits run on a connection of their own, outside the readers'
// pool: a write never waits for a reader's connection, and that connection's
// page cache (writer_cache_kib) is not emptied by the other connections'
// commits, as every reader's is, so the pages a write changes are mostly
// read from memory rather than from the file.
//
// Errors: a full disk, a read-only file or directory, an I/O error, a file
// that cannot be opened and a lock held too long become Unavailable with a
// plain message; the write did not happen. A damaged file is Internal.
//
// `path` may also be a SQLite "file:" URI (e.g. "file:x.db?mode=ro").
#ifndef BACKCOACH_STORAGE_SQLITE_STORE_H_
#define BACKCOACH_STORAGE_SQLITE_STORE_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/store.h"

struct sqlite3;

namespace backcoach {

namespace storage {
class SqliteConnection;
}

class SqliteStore : public Store {
 public:
  struct Options {
    // Connections kept open; more threads than this wait for a free one.
    int max_connections = 8;
    // How long a write waits for another process's lock before Unavailable.
    int busy_timeout_ms = 5000;
    // The most pages (4 KiB each) the file may grow to; 0 for no limit.
    // Lets tests see what a full disk does.
    std::int64_t max_page_count = 0;
    // Pages in the write-ahead log that start a checkpoint in the
    // background; at ten times as many (the checkpoint cannot keep up),
    // the commit that finds them checkpoints itself.
    int checkpoint_pages = 1000;
    // The page cache of the connection that commits the group's writes, in
    // KiB. It is that connection's own and outlives its commits, so the
    // pages each write reads first (the leaves and index pages it changes)
    // are mostly in memory.
    std::int64_t writer_cache_kib = 16384;
    // Audit entries the admin's search reads from the chain itself before
    // they are indexed by patient and by actor, all at once in key order
    // (IndexAuditTail). Indexing each entry as it is appended wrote a
    // leaf of each index to the log for nearly every read audited; a step
    // of many entries writes each leaf once. More means cheaper appends
    // and a longer part of the chain that each search scans.
    int audit_index_step = 8192;
  };

  // Opens (creating if absent) the database file and checks that it is a
  // SQLite database. Does not migrate.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, Options options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Status Ping() override;
  // Writes stored through the group commit and the transactions that
  // stored them (migrations and other writes run alone are not counted).
  WriteCounts WriteStats() const override;

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

  // The statement SearchAudit runs for `query`, for checks of its plan.
  static const std::string& AuditSearchSql(const AuditQuery& query);
  // The statement ListPatients runs for `query`, for checks of its plan.
  static const std::string& PatientListSql(const PatientQuery& query);

  // Indexes the audit entries appended since the last step, up to
  // `most` of them, in one transaction; the search finds them either way.
  // Once audit_index_step are waiting, an append has the store's own
  // background thread (the checkpointer's) run it for all of them.
  Status IndexAuditTail(std::int64_t most);

  // VACUUM INTO `path` (a consistent copy, taken while serving), then
  // fsync. InvalidArgument when `path` exists; its directory is created.
  Status Backup(const std::string& path) override;

  // Copies every page of the write-ahead log into the database file and
  // empties the log (PRAGMA wal_checkpoint(TRUNCATE)); Unavailable when
  // readers kept it from finishing within busy_timeout_ms. EraseUser does
  // it, so that the erased rows are not left in the log.
  Status Checkpoint();

  // The value of a PRAGMA as a connection of the pool sees it, e.g.
  // QueryPragma("synchronous") is "2" (FULL). For checks and diagnostics:
  // on a connection of the readers' pool, or on the group commit's own
  // (opened by then if no write has been committed yet).
  enum class Connection { kReader, kWriter };
  Result<std::string> QueryPragma(const std::string& name, Connection on = Connection::kReader);

  struct PendingWrite;  // a write waiting for its group commit

 private:
  SqliteStore(std::string path, Options options);
  // A connection of the pool for the caller's exclusive use; give it back
  // with Release.
  Result<std::unique_ptr<storage::SqliteConnection>> Acquire();
  void Release(std::unique_ptr<storage::SqliteConnection> connection);
  // Runs `body` on a pooled connection: Read side by side with others,
  // Write one at a time in this process (and in a transaction when asked).
  Status Read(const std::function<Status(storage::SqliteConnection&)>& body);
  // Write joins the next group commit; `transaction` is accepted for
  // clarity at call sites (every write is atomic). WriteAlone runs outside
  // the group, for bodies that manage their own transactions (migrations).
  Status Write(const std::function<Status(storage::SqliteConnection&)>& body,
               bool transaction = false);
  Status WriteAlone(const std::function<Status(storage::SqliteConnection&)>& body);
  // A page of records read with `select` (with or without the payload).
  Result<std::vector<Record>> ReadRecordPage(const RecordPageQuery& query,
                                             const std::string& select);
  // Commits a batch of queued writes in one transaction; sets each status.
  void CommitBatch(const std::vector<PendingWrite*>& batch);
  // The group commit's connection, opened on first use. REQUIRES: write_mu_.
  Result<storage::SqliteConnection*> Writer();
  // Called by SQLite after each commit of a group commit's connection with
  // the pages now in the log (sqlite3_wal_hook); wakes the checkpointer.
  static int OnWalCommit(void* store, sqlite3* db, const char* name, int pages);
  // The checkpointer thread: a passive checkpoint, or an audit index step,
  // whenever woken for one.
  void RunCheckpoints();
  // Asks the checkpointer thread to index every entry waiting when
  // audit_index_step or more end at `last_seq` (as far as this store knows).
  void IndexAuditIfDue(std::int64_t last_seq);

  const std::string path_;
  const Options options_;
  std::mutex write_mu_;  // one writer per process at a time
  // The group commit's own connection, opened at the first commit; guarded
  // by write_mu_.
  std::unique_ptr<storage::SqliteConnection> writer_;
  std::mutex group_mu_;  // guards the queue of writes waiting to commit
  std::condition_variable group_cv_;
  std::vector<PendingWrite*> group_queue_;  // guarded by group_mu_
  bool committing_ = false;                 // a batch is being committed; guarded by group_mu_
  std::atomic<std::int64_t> writes_{0};     // writes stored by group commits
  std::atomic<std::int64_t> commits_{0};    // the transactions that stored them
  // The last audit entry indexed, as this store last read or wrote it (-1:
  // not yet); another store on the file may have indexed more since.
  std::atomic<std::int64_t> audit_indexed_{-1};

  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_due_ = false;  // guarded by checkpoint_mu_
  bool index_due_ = false;       // an audit index step; guarded by checkpoint_mu_
  bool stopping_ = false;        // guarded by checkpoint_mu_
  std::thread checkpointer_;     // started with the first group commit
  std::once_flag checkpointer_started_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<storage::SqliteConnection>> idle_;  // guarded by pool_mu_
  int open_ = 0;                                                  // guarded by pool_mu_
};

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_SQLITE_STORE_H_
