// Store: everything backcoach keeps, behind one interface.
//
// Implementations: MemoryStore (tests), SqliteStore (the embedded default:
// one file, WAL, synchronous=FULL so an acknowledged write survives a crash)
// and PostgresStore (libpqxx; several stateless servers share one database).
// One conformance suite (store_conformance_test.cc) runs against all three.
//
// Payloads the core owns (intakes, plan states, session logs, answers) are
// kept as JSON text; the store does not interpret them. Ids are generated
// by the store and are opaque strings. Timestamps are seconds since the
// epoch, supplied by the caller (the server's Clock), never read here.
//
// Errors: NotFound for a missing id, Conflict for a duplicate unique key or
// a stale version, Unavailable when the database cannot take the write
// (disk full, read-only, connection lost): the caller must not report
// success. Internal for a stored row that cannot be read (a record kind,
// alert state or kind, or token kind whose stored name is none of the
// enum's). Thread-safety: every method may be called from many threads.
//
// References are checked: a user's clinic, an invitation's clinic, and the
// patient of a session, record, plan or summary must exist (NotFound "no
// clinic ID" / "no user ID" otherwise). DeleteSession and DeleteSessionsOf
// succeed when there is nothing to delete. List limits must be at least 1
// (InvalidArgument). Every back-end gives the same
// codes and messages (src/storage/store_common.h); docs/storage.md has more.
#ifndef BACKCOACH_STORAGE_STORE_H_
#define BACKCOACH_STORAGE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/alert_rules.h"
#include "core/status.h"

namespace backcoach {

using Timestamp = std::int64_t;  // seconds since 1970-01-01 UTC

// A supporter is someone a patient invited onto their care team (a coach, a
// friend, family); they see only what the patient lets them see.
enum class Role { kPatient, kClinician, kAdmin, kSupporter };
const char* RoleName(Role r);  // "patient", "clinician", "admin", "supporter"

struct Clinic {
  std::string id;
  std::string name;
  Timestamp created_at = 0;
  // The number the emergency card offers to call ("112"); "" for none set,
  // when the app uses the usual number of the person's country.
  std::string emergency_number = "";
};

struct User {
  std::string id;
  std::string email;  // unique, stored lower-case
  std::string display_name;
  std::string password_hash;  // argon2id, from libsodium
  Role role = Role::kPatient;
  std::string clinic_id;  // empty for a patient without a clinic
  bool disabled = false;
  Timestamp created_at = 0;
  // An admin who is also a clinician of the clinic, and so may change
  // plans (app/access.h, Access::kTreating); false for every other role.
  bool also_clinician = false;
};

struct Session {
  std::string token_hash;  // SHA-256 of the token; the token itself is never stored
  std::string user_id;
  std::string csrf_token;
  Timestamp created_at = 0;
  Timestamp last_seen = 0;
};

// A clinic's invitation for a patient. Only the SHA-256 of the code the
// clinician hands out is stored (as the care team's codes and the
// calendar's tokens are): the store's `code` is that hash.
struct Invitation {
  std::string code;  // SHA-256 (hex) of the code handed out; unique
  std::string clinic_id;
  std::string created_by;  // user id
  Timestamp created_at = 0;
  Timestamp expires_at = 0;
  std::string used_by;  // user id, empty until used
};

// What a one-time account token is for: a password reset, or a sign-up
// waiting for its address to be confirmed. Stored as its name ("reset",
// "signup"); TokenKindFromName answers InvalidArgument "unknown token kind
// 'x'" for any other name.
enum class TokenKind { kReset, kSignup };
const char* TokenKindName(TokenKind kind);
Result<TokenKind> TokenKindFromName(std::string_view name);

// A one-time token for an account, of one `kind`: kReset (a password
// reset, for `user_id`) or kSignup (a sign-up waiting for its address to
// be confirmed; `payload` holds the account to create, and user_id is
// empty). Only the SHA-256 of the token is stored. A token is used once:
// UseAccountToken deletes it.
struct AccountToken {
  std::string token_hash;
  TokenKind kind = TokenKind::kReset;
  std::string user_id;  // "" for a sign-up
  std::string payload;  // JSON text
  Timestamp created_at = 0;
  Timestamp expires_at = 0;
};

// What a record of a patient's data is. Stored and answered as its name
// (the comment's text: "intake", "session_log", ...), read back by
// RecordKindFromName, which answers InvalidArgument "unknown record kind
// 'x'" for any other name.
enum class RecordKind {
  kIntake,         // "intake": an intake and its screen result
  kSessionLog,     // "session_log": a session's log
  kCheckin,        // "checkin": the next morning's check-in
  kPain,           // "pain": a pain rating on its own
  kQuestionnaire,  // "questionnaire": a questionnaire's answers
  kNote,           // "note": a clinician's note
  kAdjustment,     // "adjustment": a clinician's plan change
  kMessage,        // "message": a message in a care-team thread
  kSteps,          // "steps": one day's imported steps and active minutes
  kStepGoal,       // "step_goal": a reviewed walking goal
  kCareInvite,     // "care_invite": a patient's invitation of a supporter
  kPoseRecording,  // "pose_recording": the camera coach's recording
  kClearance,      // "clearance": a red flag or finding cleared
  kSeenReport,     // "seen_report": the person's own "have you been seen?"
  kNotice,         // "notice": an in-app reminder, nudge or summary
  kPreferences,    // "preferences": when and how to be reminded
  kCalendar,       // "calendar": the private calendar feed's token
};
const char* RecordKindName(RecordKind kind);
Result<RecordKind> RecordKindFromName(std::string_view name);
// Never a number in JSON: a kind is written by its name (RecordKindName).
void to_json(nlohmann::json& j, RecordKind kind) = delete;

// One record of a patient's data, of one `kind`. `date` is the day it is
// about (YYYY-MM-DD), for ordering.
struct Record {
  std::string id;
  std::string patient_id;
  RecordKind kind = RecordKind::kNote;
  std::string date;
  std::string author_id;  // who wrote it (the patient, or a clinician)
  std::string payload;    // JSON text
  Timestamp created_at = 0;
  // What a list shows of the record, as a short JSON object (a recording's
  // exercise, frames and bytes), kept beside the payload so that a list
  // reads it without the payload (ListRecordSummaryPage); "" when none.
  std::string summary = {};
};

// The patient's current plan state (JSON from core/plan_json.h), with a
// version for optimistic concurrency: a write names the version it read.
struct PlanRecord {
  std::string patient_id;
  std::string state;  // JSON text
  std::int64_t version = 0;
  Timestamp updated_at = 0;
};

// What the clinician's list sorts by: kept up to date by the server as
// records arrive, so the list needs no scan of every patient's history.
struct PatientSummary {
  std::string patient_id;
  std::string clinic_id;
  std::string display_name;
  int attention = 0;          // higher first: red flag 100, flare-up 50, worsening 30, inactive 20
  std::string reasons;        // JSON array of short reasons, e.g. ["red flag: E2"]
  std::string triage;         // the latest screen's triage
  std::string status;         // the plan's status
  std::string last_activity;  // YYYY-MM-DD, empty if none
  int last_pain = -1;
  Timestamp updated_at = 0;
  // The oldest message of the patient's still waiting for an answer from
  // the clinician (or admin) of their clinic they wrote to; 0 for none.
  Timestamp unanswered_since = 0;
};

struct AuditEntry;

// One change to a patient's programme, stored all or nothing: the record
// that caused it (a session log, check-in, intake or clinician adjustment),
// the new plan state, and the refreshed summary the clinician's list reads.
struct PlanChange {
  Record record;                      // its id is filled in
  PlanRecord plan;                    // its version is filled in
  std::int64_t expected_version = 0;  // the plan version the change was made from
  PatientSummary summary;
  // The change's own audit entries, appended to the chain in the same
  // transaction by a store that can (each seq is then set): the change and
  // its entries are on disk together or not at all, with one flush. A store
  // that cannot leaves every seq at 0, and the caller stores them itself.
  std::vector<AuditEntry> audit;
};

// A supporter on a patient's care team, with the kinds of data the patient
// lets them see (comma-separated scope names, e.g. "progress,symptoms";
// what each means is the server's business, see app/care_team.h).
// Clinicians are on the team by being staff of the patient's clinic.
struct CareMember {
  std::string patient_id;
  std::string member_id;
  std::string scopes;
  Timestamp added_at = 0;
};

// The thread between a patient and one member of their team (a supporter,
// or a clinician or admin of their clinic): what the unread counts and the
// clinician's list need, kept as messages are added, so that neither reads
// the messages themselves. Counts start with schema version 6: messages
// written before it are in no thread's count.
struct MessageThread {
  std::string patient_id;
  std::string member_id;
  int messages = 0;             // in the thread
  Timestamp last_at = 0;        // when the newest was written
  Timestamp waiting_since = 0;  // the patient wrote last: their first message since the
                                // member last wrote; 0 when the member wrote last
  int patient_read = 0;         // of `messages`, how many the patient has read
  int member_read = 0;          // ... and the member
};

// Where an alert stands with the clinic: new, seen, or resolved (with a
// note). Stored and answered as its name ("new", "seen", "resolved");
// AlertStateFromName answers InvalidArgument "unknown alert state 'x'" for
// any other name. An alert's kind is the kind of the rule that raised it
// (core/alert_rules.h: AlertKind, named by AlertKindName); AlertKindFromName
// reads those names back, InvalidArgument "unknown alert kind 'x'" for any
// other.
enum class AlertState { kNew, kSeen, kResolved };
const char* AlertStateName(AlertState state);
Result<AlertState> AlertStateFromName(std::string_view name);
// Never a number in JSON: a state is written by its name (AlertStateName).
void to_json(nlohmann::json& j, AlertState state) = delete;
Result<AlertKind> AlertKindFromName(std::string_view name);

// Something about a patient a clinician should know, raised by a rule of
// content/alerts.yaml. (patient_id, rule, period) is unique: the same rule
// fires once per period (the day or week it is about), however often it
// is evaluated, and by however many servers.
struct Alert {
  std::string id;  // filled by the store
  std::string patient_id;
  std::string clinic_id;  // the patient's clinic when raised; may be empty
  std::string rule;       // the rule's id
  std::string period;     // e.g. "2026-11-23"
  AlertKind kind = AlertKind::kConcern;
  std::string reason;  // for the clinician, in plain words
  std::string source;  // what the rule rests on
  AlertState state = AlertState::kNew;
  std::string note;        // the clinician's note when resolved
  std::string updated_by;  // who last changed the state
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

// Which alerts ListAlerts returns: one patient's, or a clinic's (set one of
// the two); open_only leaves out resolved ones. Newest first.
// `after` continues a list below the alert it names (the last of the page
// before: created_at then id, both newer first); nullopt from the newest.
struct AlertKey {
  Timestamp created_at = 0;
  std::string id;
};
struct AlertQuery {
  std::string patient_id;
  std::string clinic_id;
  bool open_only = false;
  int limit = 200;
  std::optional<AlertKey> after = std::nullopt;
};

// Where a page of a patient's records continues: the sort key of the last
// record of the page before. Records are ordered by (date, created_at, id),
// which is unique, so a walk of pages meets every record once however many
// are added between pages.
struct RecordKey {
  std::string date;
  Timestamp created_at = 0;
  std::string id;
};

// One page of a patient's records (ListRecordPage): of one kind (nullopt
// for every kind), newest first, those strictly older than `after`
// (nullopt: from the newest), at most `limit` (at least 1).
struct RecordPageQuery {
  std::string patient_id;
  std::optional<RecordKind> kind;
  std::optional<RecordKey> after = std::nullopt;
  int limit = 100;
};

struct AuditEntry {
  std::int64_t seq = 0;  // assigned by the store, gap-free
  Timestamp at = 0;
  std::string actor_id;    // empty for anonymous
  std::string action;      // "GET /api/v1/patients/{id}/plan", "login", ...
  std::string patient_id;  // empty when none
  std::string outcome;     // "ok", "denied", "not_found", "error"
  std::string detail;
  std::string prev_hash;  // hash of the previous entry ("" for the first)
  // HMAC-SHA-256 over this entry's fields and prev_hash with the audit key
  // (AuditMac); entries written before the chain was keyed (schema version
  // 5) hold the plain SHA-256 of AuditHash.
  std::string hash;
};

// Which audit entries SearchAudit returns: those of one clinic (an entry is
// the clinic's when its actor or its patient is an account of the clinic,
// as the accounts are now), narrowed by each filter that is set, newest
// first. `action` matches any part of the entry's action, as written;
// `from` and `to` bound `at` (from <= at < to; 0 for no bound);
// `before_seq` continues a search below that entry (0: from the newest).
struct AuditQuery {
  std::string clinic_id;
  std::string actor_id;
  std::string patient_id;
  std::string action;
  Timestamp from = 0;
  Timestamp to = 0;
  std::int64_t before_seq = 0;
  int limit = 50;
};

// Where a page of a clinic's patients continues: the sort key of the last
// patient of the page before. The list is ordered by attention (higher
// first), then by name ignoring case and accents (`name_key`, FoldName of
// the name, as the stores keep it), then by the name as written, then by
// patient id: every column of the order, ending with a unique one, so that
// a page starts exactly after the patient the key names, wherever others
// have moved since.
struct PatientKey {
  int attention = 0;
  std::string name_key;
  std::string display_name;
  std::string patient_id;
};
// The key of a patient's summary in that order.
PatientKey PatientKeyOf(const PatientSummary& summary);

// A page of a clinic's patients: those whose name contains `search`
// (ignoring case and accents; empty for all), after `after` in the list's
// order (nullopt: from the first), at most `limit` (at least 1).
struct PatientQuery {
  std::string clinic_id;
  std::string search;
  std::optional<PatientKey> after = std::nullopt;
  int limit = 50;
};

// Where the admin's list of accounts continues: the last account of the
// page before, in the list's order (by name as written, then id).
struct AccountKey {
  std::string display_name;
  std::string id;
};

// A page of the accounts a clinic's admin may disable and enable (see
// Store::ListAccountPage): after `after` (nullopt: from the first), at most
// `limit` (at least 1).
struct AccountQuery {
  std::string clinic_id;
  std::optional<AccountKey> after = std::nullopt;
  int limit = 50;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates or upgrades the schema to the newest version. Idempotent.
  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;
  // Cheap liveness check of the database.
  virtual Status Ping() = 0;
  // Durable writes stored since the store was opened, and the commits (disk
  // flushes) that stored them: fewer commits than writes when writes share
  // a group commit. Zero for a store that does not count (PostgreSQL, whose
  // own WAL flushes group its commits).
  struct WriteCounts {
    std::int64_t writes = 0;
    std::int64_t commits = 0;
  };
  virtual WriteCounts WriteStats() const { return {}; }

  virtual Status CreateClinic(Clinic& clinic) = 0;  // fills id
  virtual Result<Clinic> GetClinic(const std::string& id) = 0;
  // Writes the clinic's name and emergency number (NotFound "no clinic ID").
  virtual Status UpdateClinic(const Clinic& clinic) = 0;

  // Fills user.id. Conflict when the email is taken.
  virtual Status CreateUser(User& user) = 0;
  virtual Result<User> GetUser(const std::string& id) = 0;
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  virtual Status UpdateUser(const User& user) = 0;
  // Removes the user and every record, plan, summary and session of theirs
  // (erasure); audit entries stay, as the law requires.
  virtual Status EraseUser(const std::string& id) = 0;

  // A number that changes whenever a session ends, or an account is
  // changed or erased, by any process sharing the database (SQL stores
  // count it in triggers, so every path to those rows counts). A session or
  // account kept in memory since the epoch was last this value is still
  // what the database holds. Read it before the rows it vouches for. The
  // store's error when it cannot be read.
  virtual Result<std::int64_t> AccessEpoch() = 0;

  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, Timestamp last_seen) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Ends every session of the user but the one whose hash is `keep` (""
  // for none): one call, so that a change of password, a disabled account
  // or "sign out everywhere" revokes them all at once.
  virtual Status DeleteSessionsOf(const std::string& user_id, const std::string& keep = "") = 0;

  // Account tokens. Create: Conflict when the hash exists, NotFound "no
  // user ID" for a user_id that does not exist; tokens that expired before
  // token.created_at are swept. Get: NotFound "no such token". Use deletes
  // the token: OK for the first use, NotFound for every later one, from
  // any server. Erasing the user removes their tokens.
  virtual Status CreateAccountToken(const AccountToken& token) = 0;
  virtual Result<AccountToken> GetAccountToken(const std::string& token_hash) = 0;
  virtual Status UseAccountToken(const std::string& token_hash) = 0;

  virtual Status CreateInvitation(const Invitation& invitation) = 0;
  virtual Result<Invitation> GetInvitation(const std::string& code) = 0;
  // Marks an unused invitation used; Conflict when already used.
  virtual Status UseInvitation(const std::string& code, const std::string& user_id) = 0;

  virtual Status AddRecord(Record& record) = 0;  // fills id
  // Adds several records in one transaction: all of them or none (an
  // import of many days, say). Fills each id. NotFound "no user ID" if any
  // record's patient does not exist; nothing is added then.
  virtual Status AddRecords(std::vector<Record>& records) = 0;
  virtual Result<Record> GetRecord(const std::string& id) = 0;
  // One page of a patient's records, newest first by (date, created_at, id):
  // see RecordPageQuery. Each back-end reads it from an index, walking
  // backwards from `after`. InvalidArgument for a limit below 1.
  virtual Result<std::vector<Record>> ListRecordPage(const RecordPageQuery& query) = 0;
  // The same page without the payloads (each `payload` ""): for a list
  // that shows only a record's summary, so that large payloads are not read.
  virtual Result<std::vector<Record>> ListRecordSummaryPage(const RecordPageQuery& query) = 0;
  // Removes one record: NotFound ("no record ID") unless a record with that
  // id, patient and kind exists. Only for records that nothing else counts
  // or refers to (a recording the patient withdraws).
  virtual Status DeleteRecord(const std::string& patient_id, RecordKind kind,
                              const std::string& id) = 0;
  // A patient's records of one kind (all kinds when `kind` is nullopt),
  // oldest first by (date, created_at, id): the `limit` newest (the first
  // page of ListRecordPage, turned round). For "the latest few"; a reader
  // that needs every record walks the pages (AllRecords).
  Result<std::vector<Record>> ListRecords(const std::string& patient_id,
                                          std::optional<RecordKind> kind, int limit);
  // Every record of a patient of one kind (nullopt for all), oldest first,
  // read a page of `page` at a time, so that nothing is cut however long
  // the history is.
  Result<std::vector<Record>> AllRecords(const std::string& patient_id,
                                         std::optional<RecordKind> kind, int page = 1000);

  virtual Result<PlanRecord> GetPlan(const std::string& patient_id) = 0;
  // Only the version of the patient's plan (NotFound when there is none):
  // enough to tell whether something made from the plan is still current.
  virtual Result<std::int64_t> PlanVersion(const std::string& patient_id) = 0;
  // Writes the plan if its current version equals `expected_version` (0 for
  // none yet); the stored version becomes expected_version + 1. Conflict
  // otherwise.
  virtual Status PutPlan(PlanRecord& plan, std::int64_t expected_version) = 0;

  // Adds change.record, writes change.plan if its current version is
  // change.expected_version (Conflict otherwise) and puts change.summary,
  // in one transaction: either all of it is stored or none of it. The
  // SQLite and memory stores append change.audit in that transaction too;
  // PostgreSQL does not (its chain's lock, held to the commit, would make
  // every plan change wait for the one before it).
  virtual Status SavePlanChange(PlanChange& change) = 0;
  virtual Status PutSummary(const PatientSummary& summary) = 0;
  virtual Result<PatientSummary> GetSummary(const std::string& patient_id) = 0;
  // A page of a clinic's patients (summaries whose clinic_id equals
  // query.clinic_id) in the order of PatientKey: most in need of attention
  // first, then by name ignoring case and accents. Each back-end reads it
  // from an index, seeking to query.after. CountPatients counts every
  // patient the search finds (query.after and limit aside).
  virtual Result<std::vector<PatientSummary>> ListPatients(const PatientQuery& query) = 0;
  virtual Result<int> CountPatients(const PatientQuery& query) = 0;
  // A number that changes whenever anything a page of the clinic's list
  // shows may have changed (a summary of the clinic's, a patient joining or
  // leaving it, a message thread of one of its patients), by any process
  // sharing the database. A page read after the version was this value is
  // still what the database holds while the version stays. Read it before
  // the page it vouches for. nullopt from a store that keeps no such
  // number: then no page may be kept.
  virtual Result<std::optional<std::int64_t>> ListVersion(const std::string& clinic_id) = 0;

  // The users with a role, by id, after `after_id` ("" from the start), at
  // most `limit`: for scheduled work that visits every patient in turns.
  virtual Result<std::vector<std::string>> ListUserIds(Role role, const std::string& after_id,
                                                       int limit) = 0;

  // A clinic's accounts, which its admin looks after, are every account of
  // the clinic (staff and patients) and every supporter on one of its
  // patients' care teams. No read below takes them all at once.
  //
  // One page of the accounts among those that a clinic's admin may disable
  // and enable: its patients and supporters, and every supporter on one of
  // its patients' care teams, each once, ordered by display_name byte by
  // byte (capitals before small letters), then id. Each back-end reads the
  // page and stops, rather than every account of the clinic. No clinic ("")
  // has none; InvalidArgument for a limit below 1.
  virtual Result<std::vector<User>> ListAccountPage(const AccountQuery& query) = 0;
  // The clinic's clinicians and admins, by id (from an index by clinic and
  // role, not every account of the clinic). None for no clinic ("").
  virtual Result<std::vector<User>> ListClinicStaff(const std::string& clinic_id) = 0;
  // Those of `ids` that are the clinic's accounts, each once, by id: the names its admin may see
  // beside a page of audit entries. A look-up for each id, whatever the clinic's size.
  virtual Result<std::vector<User>> ListClinicAccountsAmong(
      const std::string& clinic_id, const std::vector<std::string>& ids) = 0;

  // A patient's care team (supporters). Add: Conflict when the member is
  // already on the team, NotFound when either user is missing. Update
  // changes the scopes; Update and Remove answer NotFound for a member who
  // is not on the team. Erasing either user removes the membership.
  virtual Status AddCareMember(const CareMember& member) = 0;
  virtual Status UpdateCareMember(const CareMember& member) = 0;
  virtual Status RemoveCareMember(const std::string& patient_id, const std::string& member_id) = 0;
  // A patient's members, oldest first; the patients a member supports.
  virtual Result<std::vector<CareMember>> ListCareTeam(const std::string& patient_id) = 0;
  virtual Result<std::vector<CareMember>> ListSupported(const std::string& member_id) = 0;

  // Messages. AddMessage adds `record` (a "message" record, id filled) and
  // counts it in the thread (record.patient_id, member_id), in one
  // transaction: written by the patient (author_id == patient_id) it is
  // read by them and waits for the member's answer; by anyone else it is
  // read by the member and answers the patient. Writing a message marks
  // everything before it read by its writer. NotFound "no user ID" for a
  // patient or member that does not exist; nothing is added then.
  // MarkThreadRead marks every message of the thread read by its patient
  // (`by_patient`) or its member; OK when there is no such thread.
  // ListThreads: a patient's threads by member id; ListMemberThreads: a
  // member's threads with those of `patient_ids` they have one with, by
  // patient id (a page's worth of patients: a clinician may have a thread
  // with each of thousands). Erasing either user removes them.
  virtual Status AddMessage(Record& record, const std::string& member_id) = 0;
  virtual Status MarkThreadRead(const std::string& patient_id, const std::string& member_id,
                                bool by_patient) = 0;
  virtual Result<std::vector<MessageThread>> ListThreads(const std::string& patient_id) = 0;
  virtual Result<std::vector<MessageThread>> ListMemberThreads(
      const std::string& member_id, const std::vector<std::string>& patient_ids) = 0;
  // The lead clinician the clinic set for a patient ("" for none). Set with
  // an empty id removes it; NotFound "no user ID" when either is missing.
  // Erasing either user removes it.
  virtual Status SetLeadClinician(const std::string& patient_id, const std::string& clinician_id,
                                  Timestamp at) = 0;
  virtual Result<std::string> LeadClinician(const std::string& patient_id) = 0;
  // A clinic's clinicians (role clinician, not admins), by display name then id.
  virtual Result<std::vector<User>> ListClinicians(const std::string& clinic_id) = 0;

  // Alerts. Add fills id; Conflict when (patient_id, rule, period) exists.
  // Update writes state, note, updated_by and updated_at of the alert with
  // this id and patient_id (NotFound otherwise).
  virtual Status AddAlert(Alert& alert) = 0;
  virtual Status UpdateAlert(const Alert& alert) = 0;
  // Newest first by (created_at, id), those after query.after, at most
  // query.limit (InvalidArgument below 1).
  virtual Result<std::vector<Alert>> ListAlerts(const AlertQuery& query) = 0;
  // Every alert the query matches (its limit is the size of a page read).
  Result<std::vector<Alert>> AllAlerts(AlertQuery query);

  // Claims a piece of scheduled work, e.g. ("reminder", user id,
  // "2026-11-23T07:30"): OK for the first claim, Conflict for every later
  // one, from any server sharing the database. Only the claimant does the
  // work, so it is done once. NotFound when the user does not exist.
  virtual Status Claim(const std::string& kind, const std::string& user_id,
                       const std::string& period, Timestamp at) = 0;

  // Appends an entry: the store assigns seq, links prev_hash to the last
  // entry and computes hash (AuditMac with the key of SetAuditKey),
  // atomically, so concurrent servers form one chain.
  virtual Status AppendAudit(AuditEntry& entry) = 0;
  // Appends several entries in order; a back-end may do it in one
  // transaction (one disk flush for many reads audited). The default
  // appends one by one.
  virtual Status AppendAuditBatch(std::vector<AuditEntry>& entries) {
    for (auto& e : entries) {
      if (Status s = AppendAudit(e); !s.ok()) return s;
    }
    return Status::Ok();
  }
  virtual Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, int limit) = 0;
  // A clinic's entries matching `query` (see AuditQuery), newest first, at
  // most query.limit (InvalidArgument below 1).
  virtual Result<std::vector<AuditEntry>> SearchAudit(const AuditQuery& query) = 0;
  // The newest entry; NotFound when the log is empty.
  virtual Result<AuditEntry> LastAudit() = 0;
  // The first sequence number of the keyed chain: entries before it were
  // written unkeyed (AuditHash), it and those after with AuditMac. Schema
  // version 5 sets it once, to the entry after the last unkeyed one.
  virtual Result<std::int64_t> AuditKeyedFrom() = 0;
  // Claims the day's anchor of the audit chain ("2026-11-23", UTC): OK for
  // the first claim, Conflict for every later one, from any server sharing
  // the database, so each day is anchored once.
  virtual Status ClaimAuditAnchor(const std::string& day, Timestamp at) = 0;

  // The key every new audit entry is signed with (see AuditMac). Kept
  // outside the database (serve's --audit-key-file), so that someone with
  // the database alone cannot rewrite the chain. REQUIRES: set before the
  // store is shared between threads; empty (a known key) is for tests.
  void SetAuditKey(std::string key) { audit_key_ = std::move(key); }

  // Writes a consistent copy of the whole database to `path` while serving
  // (SQLite: VACUUM INTO). Unsupported where the database has its own tools.
  virtual Status Backup(const std::string& path) = 0;

 protected:
  const std::string& audit_key() const { return audit_key_; }

 private:
  std::string audit_key_;
};

// The hash of one audit entry: SHA-256 (hex) over its fields and prev_hash.
// The input is "backcoach-audit-v1," then seq, at, actor_id, action,
// patient_id, outcome, detail and prev_hash, each as "<byte length>:<bytes>,"
// (numbers in decimal), so no two different entries serialise alike.
std::string AuditHash(const AuditEntry& entry);
// The keyed hash of one audit entry: HMAC-SHA-256 (hex, libsodium's
// crypto_auth_hmacsha256) with `key` over "backcoach-audit-v2," and the
// same fields as AuditHash.
std::string AuditMac(const AuditEntry& entry, const std::string& key);
// The hash an entry must have: AuditHash before `keyed_from`, AuditMac from it.
std::string ExpectedAuditHash(const AuditEntry& entry, std::int64_t keyed_from,
                              const std::string& key);

// Which back-end OpenStore picks for a URL.
enum class StoreKind { kMemory, kSqlite, kPostgres };
StoreKind StoreKindOf(const std::string& url);

// Opens a store by URL: "postgresql://..." or "postgres://..." for
// PostgreSQL, ":memory:" for the in-memory store, anything else is a SQLite
// file path (created if absent). Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace backcoach

#endif  // BACKCOACH_STORAGE_STORE_H_
