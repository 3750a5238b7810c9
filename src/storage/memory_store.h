// MemoryStore: the Store in memory, for tests and demos that need no files.
//
// It is the reference for what every back-end does: the conformance suite
// runs the same checks against it, SQLite and PostgreSQL, so behaviour the
// databases get from constraints (unique emails, references to a patient
// that exists, cascading erasure) is written out here by hand.
//
// Thread-safety: one mutex guards everything, so each call is atomic.
// Nothing survives the object.
#ifndef BACKCOACH_STORAGE_MEMORY_STORE_H_
#define BACKCOACH_STORAGE_MEMORY_STORE_H_

#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <utility>

#include "storage/store.h"

namespace backcoach {

class MemoryStore : public Store {
 public:
  MemoryStore() = default;

  // Nothing to create; SchemaVersion() reports 0 before the first call and
  // the newest SQLite version after it, like a freshly migrated database.
  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Status Ping() override { return Status::Ok(); }

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

  // Unavailable: there is no file to copy.
  Status Backup(const std::string& path) override;

 private:
  // Every account of the clinic (the definition in Store), by id.
  std::vector<User> ClinicAccounts(const std::string& clinic_id);
  // The summaries a query selects (those after query.after), with their
  // keys, in list order. REQUIRES: mu_ held.
  std::vector<std::pair<PatientKey, const PatientSummary*>> SelectPatients(
      const PatientQuery& query) const;
  void AppendAuditLocked(AuditEntry& entry);

  std::mutex mu_;
  bool migrated_ = false;
  std::map<std::string, Clinic> clinics_;
  std::map<std::string, User> users_;                 // by id
  std::map<std::string, std::string> user_by_email_;  // lower-case email -> id
  std::map<std::string, Session> sessions_;           // by token hash
  std::int64_t access_epoch_ = 1;  // counts sessions ended, accounts changed or erased
  // Counts changes to summaries and threads, of every clinic at once: one
  // number serves every clinic's ListVersion.
  std::int64_t list_version_ = 1;
  std::map<std::string, Invitation> invitations_;                         // by code
  std::map<std::string, AccountToken> tokens_;                            // by token hash
  std::map<std::string, Record> records_;                                 // by id
  std::map<std::string, PlanRecord> plans_;                               // by patient id
  std::map<std::string, PatientSummary> summaries_;                       // by patient id
  std::map<std::pair<std::string, std::string>, MessageThread> threads_;  // by (patient, member)
  std::map<std::string, std::string> leads_;  // patient id -> lead clinician id
  std::vector<AuditEntry> audit_;             // audit_[i].seq == i + 1
  std::vector<CareMember> care_team_;         // in the order added
  std::vector<Alert> alerts_;                 // in the order added
  std::set<std::tuple<std::string, std::string, std::string>> claims_;  // kind, user, period
  std::set<std::string> anchor_days_;                                   // claimed anchor days
};

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_MEMORY_STORE_H_
