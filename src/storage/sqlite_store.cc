#include "storage/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <optional>

#include <sodium.h>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage/store_common.h"

namespace backcoach {

using namespace storage;  // NOLINT: the shared helpers of this module

namespace {

using Params = std::initializer_list<std::string_view>;

const std::string kUserSelect =
    "SELECT id, email, display_name, password_hash, role, clinic_id, disabled, created_at, "
    "also_clinician FROM users ";
const std::string kRecordSelect =
    "SELECT id, patient_id, kind, date, author_id, payload, created_at, summary FROM records ";
// The same columns without the payload, for lists of summaries.
const std::string kRecordSummarySelect =
    "SELECT id, patient_id, kind, date, author_id, '', created_at, summary FROM records ";
const std::string kSummarySelect =
    "SELECT patient_id, clinic_id, display_name, attention, reasons, triage, status, "
    "last_activity, last_pain, updated_at, unanswered_since FROM summaries ";
const std::string kAuditSelect =
    "SELECT seq, at, actor_id, action, patient_id, outcome, detail, prev_hash, hash FROM audit ";
const std::string kPatientFilter = "WHERE clinic_id = ?1 AND (?2 = '' OR instr(name_key, ?2) > 0) ";
const std::string kPatientOrder = "ORDER BY attention DESC, name_key, display_name, patient_id ";
// The page after a patient's key (?4 to ?7): those of the same attention
// after the key's name and id, then those of less attention, each part read
// from the table (kept in the list's order, migration 14) from where it
// starts (a row comparison is ordered in one direction only, and attention
// is ordered the other way), and the two merged in the list's order. The
// parts carry name_key so that the merge can order by it; ReadSummary reads
// the columns before it.
const std::string kPatientAfter = [] {
  const std::string columns =
      "SELECT patient_id, clinic_id, display_name, attention, reasons, triage, status, "
      "last_activity, last_pain, updated_at, unanswered_since, name_key ";
  return columns + "FROM (" + columns + "FROM summaries " + kPatientFilter +
         "AND attention = ?4 AND (name_key, display_name, patient_id) > (?5, ?6, ?7) "
         "ORDER BY name_key, display_name, patient_id LIMIT ?3) UNION ALL " +
         columns + "FROM (" + columns + "FROM summaries " + kPatientFilter + "AND attention < ?4 " +
         kPatientOrder + "LIMIT ?3) " + kPatientOrder + "LIMIT ?3";
}();

// A clinic's audit entries: those of its people about someone else and
// those about its patients, newest first. Each condition of the search is
// checked on the entry itself (kAuditConditions); the three statements
// differ in where they look for entries:
// - no actor and no patient asked for: the chain itself, from its end
//   back, until a page is found (most entries of a clinic's file are the
//   clinic's);
// - a patient: the entries about them in audit_patient_seq, up to
//   audit_indexed.upto, and the later ones (not indexed yet) from the chain;
// - an actor: their entries about others in audit_actor_seq, those about
//   themselves in audit_patient_seq, and the later ones from the chain.
const std::string kAuditConditions =
    "((actor_id IN (SELECT id FROM users WHERE clinic_id = ?1) AND actor_id <> patient_id) "
    "OR patient_id IN (SELECT id FROM users WHERE clinic_id = ?1)) "
    "AND (?2 = '' OR actor_id = ?2) AND (?3 = '' OR patient_id = ?3) "
    "AND (?4 = '' OR instr(action, ?4) > 0) AND (?5 = 0 OR at >= ?5) "
    "AND (?6 = 0 OR at < ?6) AND (?7 = 0 OR seq < ?7) "
    "ORDER BY seq DESC LIMIT ?8";
const std::string kAuditNotIndexed =
    "SELECT seq FROM audit WHERE seq > (SELECT upto FROM audit_indexed WHERE id = 1)";
const std::string kAuditSearchAll = kAuditSelect + "WHERE " + kAuditConditions;
const std::string kAuditSearchByPatient =
    kAuditSelect +
    "WHERE seq IN (SELECT seq FROM audit_patient_seq WHERE patient_id = ?3 AND (?7 = 0 OR seq < "
    "?7) UNION ALL " +
    kAuditNotIndexed + ") AND " + kAuditConditions;
const std::string kAuditSearchByActor =
    kAuditSelect +
    "WHERE seq IN (SELECT seq FROM audit_actor_seq WHERE actor_id = ?2 AND (?7 = 0 OR seq < ?7) "
    "UNION ALL SELECT seq FROM audit_patient_seq WHERE patient_id = ?2 AND (?7 = 0 OR seq < ?7) "
    "UNION ALL " +
    kAuditNotIndexed + ") AND " + kAuditConditions;

bool IsConstraint(int rc, int extended) { return rc == extended; }

Clinic ReadClinic(const SqliteStatement& st) {
  return {st.Text(0), st.Text(1), st.Int(2), st.Text(3)};
}

User ReadUser(const SqliteStatement& st) {
  User u;
  u.id = st.Text(0);
  u.email = st.Text(1);
  u.display_name = st.Text(2);
  u.password_hash = st.Text(3);
  u.role = RoleFromName(st.Text(4)).value_or(Role::kPatient);
  u.clinic_id = st.Text(5);
  u.disabled = st.Int(6) != 0;
  u.created_at = st.Int(7);
  u.also_clinician = st.Int(8) != 0;
  return u;
}

Session ReadSession(const SqliteStatement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4)};
}

Invitation ReadInvitation(const SqliteStatement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4), st.Text(5)};
}

Result<AccountToken> ReadToken(const SqliteStatement& st) {
  auto kind = TokenKindFromName(st.Text(1));
  if (!kind.ok()) return Unreadable(kind.status());
  return AccountToken{st.Text(0), *kind, st.Text(2), st.Text(3), st.Int(4), st.Int(5)};
}

CareMember ReadCareMember(const SqliteStatement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Int(3)};
}

const std::string kAlertSelect =
    "SELECT id, patient_id, clinic_id, rule, period, kind, reason, source, state, note, "
    "updated_by, created_at, updated_at FROM alerts ";

Result<Alert> ReadAlert(const SqliteStatement& st) {
  auto kind = AlertKindFromName(st.Text(5));
  if (!kind.ok()) return Unreadable(kind.status());
  auto state = AlertStateFromName(st.Text(8));
  if (!state.ok()) return Unreadable(state.status());
  Alert a;
  a.id = st.Text(0);
  a.patient_id = st.Text(1);
  a.clinic_id = st.Text(2);
  a.rule = st.Text(3);
  a.period = st.Text(4);
  a.kind = *kind;
  a.reason = st.Text(6);
  a.source = st.Text(7);
  a.state = *state;
  a.note = st.Text(9);
  a.updated_by = st.Text(10);
  a.created_at = st.Int(11);
  a.updated_at = st.Int(12);
  return a;
}

std::string ReadId(const SqliteStatement& st) { return st.Text(0); }

Result<Record> ReadRecord(const SqliteStatement& st) {
  auto kind = RecordKindFromName(st.Text(2));
  if (!kind.ok()) return Unreadable(kind.status());
  return Record{st.Text(0), st.Text(1), *kind,     st.Text(3),
                st.Text(4), st.Text(5), st.Int(6), st.Text(7)};
}

PlanRecord ReadPlan(const SqliteStatement& st) {
  return {st.Text(0), st.Text(1), st.Int(2), st.Int(3)};
}

PatientSummary ReadSummary(const SqliteStatement& st) {
  PatientSummary s;
  s.patient_id = st.Text(0);
  s.clinic_id = st.Text(1);
  s.display_name = st.Text(2);
  s.attention = static_cast<int>(st.Int(3));
  s.reasons = st.Text(4);
  s.triage = st.Text(5);
  s.status = st.Text(6);
  s.last_activity = st.Text(7);
  s.last_pain = static_cast<int>(st.Int(8));
  s.updated_at = st.Int(9);
  s.unanswered_since = st.Int(10);
  return s;
}

MessageThread ReadThread(const SqliteStatement& st) {
  MessageThread t;
  t.patient_id = st.Text(0);
  t.member_id = st.Text(1);
  t.messages = static_cast<int>(st.Int(2));
  t.last_at = st.Int(3);
  t.waiting_since = st.Int(4);
  t.patient_read = static_cast<int>(st.Int(5));
  t.member_read = static_cast<int>(st.Int(6));
  return t;
}

const std::string kThreadSelect =
    "SELECT patient_id, member_id, messages, last_at, waiting_since, patient_read, member_read "
    "FROM message_threads ";

AuditEntry ReadAudit(const SqliteStatement& st) {
  AuditEntry e;
  e.seq = st.Int(0);
  e.at = st.Int(1);
  e.actor_id = st.Text(2);
  e.action = st.Text(3);
  e.patient_id = st.Text(4);
  e.outcome = st.Text(5);
  e.detail = st.Text(6);
  e.prev_hash = st.Text(7);
  e.hash = st.Text(8);
  return e;
}

// A row reader's value as a Result: readers of rows that may hold what
// cannot be read (Unreadable) return one already; the others cannot fail.
template <typename T>
Result<T> AsResult(Result<T> read) {
  return read;
}
template <typename T>
Result<T> AsResult(T read) {
  return read;
}

// Runs a query with text parameters and reads its first row into `out`;
// `missing` when there is none.
template <typename T, typename Read>
Status FetchOne(SqliteConnection& c, const std::string& sql, Params params, Read read,
                const Status& missing, std::optional<T>& out) {
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  for (auto p : params) st->Bind(p);
  const int rc = st->Step();
  if (rc == SQLITE_DONE) return missing;
  if (rc != SQLITE_ROW) return st->Error(rc);
  Result<T> one = AsResult<T>(read(*st));
  if (!one.ok()) return one.status();
  out = std::move(one).value();
  return Status::Ok();
}

// Reads every row of a prepared, bound statement.
template <typename T, typename Read>
Status FetchAll(SqliteStatement& st, Read read, std::vector<T>& out) {
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    Result<T> one = AsResult<T>(read(st));
    if (!one.ok()) return one.status();
    out.push_back(std::move(one).value());
  }
  return rc == SQLITE_DONE ? Status::Ok() : st.Error(rc);
}

template <typename T>
Result<T> Finish(const Status& s, std::optional<T>& value) {
  if (!s.ok()) return s;
  return std::move(*value);
}

// sha256_hex(text): the SHA-256 of its argument as lower-case hex, for the
// migration that hashes the invitation codes already handed out.
void Sha256HexFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = sqlite3_value_text(argv[0]);
  const int size = sqlite3_value_bytes(argv[0]);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, text, static_cast<unsigned long long>(size));
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  sqlite3_result_text(context, hex, -1, SQLITE_TRANSIENT);
}

Result<int> CurrentVersion(SqliteConnection& c) {
  auto exists = c.QueryText(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists.ok()) return exists.status();
  if (*exists == "0") return 0;
  auto version = c.QueryText("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!version.ok()) return version.status();
  return std::stoi(*version);
}

Status ApplyMigration(SqliteConnection& c, const Migration& m) {
  auto current = CurrentVersion(c);  // again: another process may have got here first
  if (!current.ok()) return current.status();
  if (*current >= m.version) return Status::Ok();
  if (Status s = c.Exec(m.sql); !s.ok()) {
    return s.WithContext("schema migration " + std::to_string(m.version));
  }
  // Foreign keys are off while a step runs (see Migrate): check them now.
  auto broken = c.QueryText("SELECT count(*) FROM pragma_foreign_key_check");
  if (!broken.ok()) return broken.status();
  if (*broken != "0") {
    return Status::Internal("schema migration " + std::to_string(m.version) +
                            " left broken references");
  }
  auto st = c.Prepare("INSERT INTO schema_version (version, description) VALUES (?, ?)");
  if (!st.ok()) return st.status();
  return st->Bind(std::int64_t{m.version}).Bind(m.description).Run();
}

// Makes `path` durable: its bytes and its directory entry.
Status SyncFile(const std::string& path) {
  for (const std::string& p : {path, std::filesystem::path(path).parent_path().string()}) {
    const int fd = ::open(p.empty() ? "." : p.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return Status::Unavailable("cannot flush " + p + " to disk");
    }
    ::close(fd);
  }
  return Status::Ok();
}

Status InsertRecord(SqliteConnection& c, Record& record) {
  auto st = c.Prepare(
      "INSERT INTO records (id, patient_id, kind, date, author_id, payload, created_at, summary) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  const std::string id = NewRecordId();
  st->Bind(id).Bind(record.patient_id).Bind(RecordKindName(record.kind)).Bind(record.date);
  st->Bind(record.author_id).Bind(record.payload).Bind(record.created_at).Bind(record.summary);
  const int rc = st->Step();
  if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(record.patient_id);
  if (rc != SQLITE_DONE) return st->Error(rc);
  record.id = id;
  return Status::Ok();
}

Status WritePlan(SqliteConnection& c, PlanRecord& plan, std::int64_t expected_version) {
  std::int64_t current = 0;
  {
    auto read =
        c.Prepare("SELECT version FROM plans INDEXED BY plans_version WHERE patient_id = ?");
    if (!read.ok()) return read.status();
    const int rc = read->Bind(plan.patient_id).Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return read->Error(rc);
    if (rc == SQLITE_ROW) current = read->Int(0);
  }
  if (current != expected_version) return StalePlan(plan.patient_id, current, expected_version);
  auto write = c.Prepare(
      "INSERT INTO plans (patient_id, state, version, updated_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (patient_id) DO UPDATE SET state = ?2, version = ?3, updated_at = ?4");
  if (!write.ok()) return write.status();
  write->Bind(plan.patient_id).Bind(plan.state).Bind(expected_version + 1).Bind(plan.updated_at);
  const int wrc = write->Step();
  if (IsConstraint(wrc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(plan.patient_id);
  if (wrc != SQLITE_DONE) return write->Error(wrc);
  plan.version = expected_version + 1;
  return Status::Ok();
}

// Binds ?1 to ?12 in the order of WriteSummary's statements.
void BindSummary(SqliteStatement& st, const PatientSummary& summary) {
  st.Bind(summary.patient_id).Bind(summary.clinic_id).Bind(summary.display_name);
  st.Bind(FoldName(summary.display_name)).Bind(std::int64_t{summary.attention});
  st.Bind(summary.reasons).Bind(summary.triage).Bind(summary.status);
  st.Bind(summary.last_activity).Bind(std::int64_t{summary.last_pain});
  st.Bind(summary.updated_at).Bind(summary.unanswered_since);
}

Status WriteSummary(SqliteConnection& c, const PatientSummary& summary) {
  // Most changes leave the row's place in the list as it was (its clinic,
  // attention and name): an UPDATE that sets none of those columns (the
  // table's key, migration 14) changes the row where it is, without moving
  // it to another leaf or touching the index by patient.
  auto same_place = c.Prepare(
      "UPDATE summaries SET reasons = ?6, triage = ?7, status = ?8, last_activity = ?9, "
      "last_pain = ?10, updated_at = ?11, unanswered_since = ?12 WHERE patient_id = ?1 AND "
      "clinic_id = ?2 AND display_name = ?3 AND name_key = ?4 AND attention = ?5");
  if (!same_place.ok()) return same_place.status();
  BindSummary(same_place.value(), summary);
  if (Status s = same_place->Run(); !s.ok()) return s;
  if (c.Changes() == 1) return Status::Ok();
  auto st = c.Prepare(
      "INSERT INTO summaries (patient_id, clinic_id, display_name, name_key, attention, "
      "reasons, triage, status, last_activity, last_pain, updated_at, unanswered_since) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT (patient_id) DO UPDATE SET clinic_id = ?2, display_name = ?3, "
      "name_key = ?4, attention = ?5, reasons = ?6, triage = ?7, status = ?8, "
      "last_activity = ?9, last_pain = ?10, updated_at = ?11, unanswered_since = ?12");
  if (!st.ok()) return st.status();
  BindSummary(st.value(), summary);
  const int rc = st->Step();
  if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(summary.patient_id);
  return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
}

// Appends `entries` to the audit chain in the caller's transaction, which
// holds the write lock (BEGIN IMMEDIATE) from the read of the chain's head to
// the commit, so another process cannot append in between.
Status AppendAuditIn(SqliteConnection& c, std::vector<AuditEntry>& entries,
                     const std::string& key) {
  std::int64_t seq = 0;
  std::string prev;
  {
    auto head = c.Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (!head.ok()) return head.status();
    const int rc = head->Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return head->Error(rc);
    if (rc == SQLITE_ROW) {
      seq = head->Int(0);
      prev = head->Text(1);
    }
  }  // resets the query before the inserts
  for (AuditEntry& e : entries) {
    e.seq = ++seq;
    e.prev_hash = prev;
    e.hash = AuditMac(e, key);
    auto st = c.Prepare(
        "INSERT INTO audit (seq, at, actor_id, action, patient_id, outcome, detail, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(e.seq).Bind(e.at).Bind(e.actor_id).Bind(e.action).Bind(e.patient_id);
    st->Bind(e.outcome).Bind(e.detail).Bind(e.prev_hash).Bind(e.hash);
    if (Status s = st->Run(); !s.ok()) return s;
    prev = e.hash;
  }
  return Status::Ok();
}

}  // namespace

// --- Pool ------------------------------------------------------------------

SqliteStore::SqliteStore(std::string path, Options options)
    : path_(std::move(path)), options_(options) {}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard<std::mutex> lock(checkpoint_mu_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
}

int SqliteStore::OnWalCommit(void* store, sqlite3* db, const char* name, int pages) {
  auto* self = static_cast<SqliteStore*>(store);
  const int threshold = self->options_.checkpoint_pages;
  if (pages >= 10 * threshold) {
    // Far behind (readers held it back, say): as SQLite's own automatic
    // checkpoint would, here and now.
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= threshold) {
    {
      std::lock_guard<std::mutex> lock(self->checkpoint_mu_);
      self->checkpoint_due_ = true;
    }
    self->checkpoint_cv_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteStore::RunCheckpoints() {
  std::unique_ptr<SqliteConnection> own;
  std::unique_lock<std::mutex> lock(checkpoint_mu_);
  while (true) {
    checkpoint_cv_.wait(lock, [&] { return checkpoint_due_ || index_due_ || stopping_; });
    if (stopping_) return;
    const bool index = index_due_;
    index_due_ = false;
    if (index) {
      // Off the appending threads: a step holds the writer for tens of
      // milliseconds, which no request or audit batch should wait for. A
      // step that fails is asked for again by the next append.
      lock.unlock();
      IndexAuditTail(std::numeric_limits<std::int64_t>::max());
      lock.lock();
      if (!checkpoint_due_) continue;
    }
    checkpoint_due_ = false;
    lock.unlock();
    if (own == nullptr) {
      SqliteConnection::Settings settings;
      settings.busy_timeout_ms = options_.busy_timeout_ms;
      auto c = SqliteConnection::Open(path_, settings);
      if (c.ok()) own = std::move(c).value();
    }
    // Passive: copies what no reader still needs, without waiting for
    // anyone; the writers go on meanwhile. A failure is tried again at the
    // next wake-up (and the commits' own fallback keeps the log bounded).
    if (own != nullptr) {
      sqlite3_wal_checkpoint_v2(own->db(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    lock.lock();
  }
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  return Open(path, Options());
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, Options options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, options));
  // Opening one connection now reports a bad path or file at once.
  auto first = store->Acquire();
  if (!first.ok()) return first.status();
  store->Release(std::move(first).value());
  return store;
}

Result<std::unique_ptr<SqliteConnection>> SqliteStore::Acquire() {
  {
    std::unique_lock<std::mutex> lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.max_connections; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  SqliteConnection::Settings settings;
  settings.busy_timeout_ms = options_.busy_timeout_ms;
  settings.max_page_count = options_.max_page_count;
  auto c = SqliteConnection::Open(path_, settings);
  if (!c.ok()) {
    std::lock_guard<std::mutex> lock(pool_mu_);
    --open_;
    pool_cv_.notify_one();
  }
  return c;
}

void SqliteStore::Release(std::unique_ptr<SqliteConnection> connection) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    idle_.push_back(std::move(connection));
  }
  pool_cv_.notify_one();
}

Status SqliteStore::Read(const std::function<Status(SqliteConnection&)>& body) {
  auto c = Acquire();
  if (!c.ok()) return c.status();
  Status s = body(**c);
  Release(std::move(c).value());
  return s;
}

struct SqliteStore::PendingWrite {
  const std::function<Status(SqliteConnection&)>* body;
  Status status;
  bool done = false;
};

Status SqliteStore::Write(const std::function<Status(SqliteConnection&)>& body,
                          bool /*transaction*/) {
  PendingWrite mine{&body, Status::Ok(), false};
  std::unique_lock<std::mutex> lock(group_mu_);
  group_queue_.push_back(&mine);
  // Whoever finds no batch in progress commits everything queued so far,
  // its own write included; the others wait for that commit (or the next).
  while (!mine.done) {
    if (committing_) {
      group_cv_.wait(lock);
      continue;
    }
    committing_ = true;
    std::vector<PendingWrite*> batch;
    batch.swap(group_queue_);
    lock.unlock();
    CommitBatch(batch);
    lock.lock();
    for (PendingWrite* w : batch) w->done = true;
    committing_ = false;
    group_cv_.notify_all();
  }
  return mine.status;
}

namespace {

// Runs every write of the batch in one transaction, each in a savepoint so
// that a failing write rolls back alone; each write's own outcome is in its
// status. OK when the transaction committed. Otherwise nothing of the batch
// is stored, and `begun` says whether the transaction began at all: when it
// did not (another process holds the write lock past the busy timeout), no
// write was tried and the reason holds for all of them.
Status CommitTogether(SqliteConnection& c, const std::vector<SqliteStore::PendingWrite*>& batch,
                      bool& begun) {
  begun = false;
  if (Status s = c.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  begun = true;
  Status failed = Status::Ok();
  for (SqliteStore::PendingWrite* w : batch) {
    failed = c.Exec("SAVEPOINT w");
    if (!failed.ok()) break;
    w->status = (*w->body)(c);
    if (sqlite3_get_autocommit(c.db())) {  // rolled back by SQLite (a full disk)
      return Status::Unavailable("the shared transaction was rolled back");
    }
    failed = c.Exec(w->status.ok() ? "RELEASE w" : "ROLLBACK TO w; RELEASE w");
    if (!failed.ok()) break;
  }
  // A savepoint that could not be taken or released leaves the writes after
  // it untried: the whole batch goes back, never committed in part.
  if (failed.ok()) failed = c.Exec("COMMIT");
  if (failed.ok()) return failed;
  if (!sqlite3_get_autocommit(c.db())) c.Exec("ROLLBACK");
  return failed;
}

}  // namespace

Result<SqliteConnection*> SqliteStore::Writer() {
  if (writer_ != nullptr) return writer_.get();
  SqliteConnection::Settings settings;
  settings.busy_timeout_ms = options_.busy_timeout_ms;
  settings.max_page_count = options_.max_page_count;
  settings.cache_kib = options_.writer_cache_kib;
  settings.buffer_wal = true;
  auto opened = SqliteConnection::Open(path_, settings);
  if (!opened.ok()) return opened.status();
  writer_ = std::move(opened).value();
  std::call_once(checkpointer_started_,
                 [this] { checkpointer_ = std::thread([this] { RunCheckpoints(); }); });
  // Replaces SQLite's automatic checkpoint on this connection.
  sqlite3_wal_hook(writer_->db(), &SqliteStore::OnWalCommit, this);
  return writer_.get();
}

void SqliteStore::CommitBatch(const std::vector<PendingWrite*>& batch) {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto writer = Writer();
  if (!writer.ok()) {
    for (PendingWrite* w : batch) w->status = writer.status();
    return;
  }
  SqliteConnection& conn = **writer;
  bool retry_alone = true;
  if (batch.size() > 1) {
    bool begun = false;
    const Status together = CommitTogether(conn, batch, begun);
    if (together.ok()) {
      commits_.fetch_add(1, std::memory_order_relaxed);
      for (PendingWrite* w : batch) {
        if (w->status.ok()) writes_.fetch_add(1, std::memory_order_relaxed);
      }
    }
    // Unless it began and failed, trying each write alone would be no use
    // (committed) or would wait for the same lock once per write.
    retry_alone = begun && !together.ok();
    if (!begun) {
      for (PendingWrite* w : batch) w->status = together;
    }
  }
  if (retry_alone) {
    // Alone, or after the shared transaction failed (nothing of it was
    // stored): each write in its own transaction, with its own outcome.
    for (PendingWrite* w : batch) {
      w->status = InTransaction(conn, [&] { return (*w->body)(conn); });
      if (w->status.ok()) {
        commits_.fetch_add(1, std::memory_order_relaxed);
        writes_.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
}

Store::WriteCounts SqliteStore::WriteStats() const {
  // Commits first: a batch counted between the two reads shows as more
  // writes per commit for a moment, never as a commit without its writes.
  WriteCounts counts;
  counts.commits = commits_.load(std::memory_order_relaxed);
  counts.writes = writes_.load(std::memory_order_relaxed);
  return counts;
}

Status SqliteStore::WriteAlone(const std::function<Status(SqliteConnection&)>& body) {
  auto c = Acquire();
  if (!c.ok()) return c.status();
  Status s;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    s = body(**c);
  }
  Release(std::move(c).value());
  return s;
}

// --- Schema ----------------------------------------------------------------

Status SqliteStore::Migrate() {
  return WriteAlone([&](SqliteConnection& c) -> Status {
    if (Status s = c.Exec(SchemaVersionTableSql(Dialect::kSqlite)); !s.ok()) return s;
    auto current = CurrentVersion(c);
    if (!current.ok()) return current.status();
    const int latest = LatestSchemaVersion(Dialect::kSqlite);
    if (*current > latest) return SchemaTooNew(*current, latest);
    // A step may rebuild a table that others reference (SQLite cannot alter
    // a constraint); with foreign keys on, dropping the old table would
    // cascade. They are off only between transactions, so off for the steps.
    if (Status s = c.Exec("PRAGMA foreign_keys = OFF"); !s.ok()) return s;
    if (sqlite3_create_function(c.db(), "sha256_hex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                nullptr, Sha256HexFunction, nullptr, nullptr) != SQLITE_OK) {
      return Status::Internal("cannot add sha256_hex to SQLite");
    }
    Status result = Status::Ok();
    for (const Migration& m : Migrations(Dialect::kSqlite)) {
      if (m.version <= *current) continue;
      result = InTransaction(c, [&] { return ApplyMigration(c, m); });
      if (!result.ok()) break;
    }
    if (Status s = c.Exec("PRAGMA foreign_keys = ON"); !s.ok()) return s;
    return result;
  });
}

Result<int> SqliteStore::SchemaVersion() {
  int version = 0;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto v = CurrentVersion(c);
    if (!v.ok()) return v.status();
    version = *v;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return version;
}

Status SqliteStore::Ping() {
  return Read([](SqliteConnection& c) { return c.QueryText("SELECT 1").status(); });
}

// --- Clinics and users -----------------------------------------------------

Status SqliteStore::CreateClinic(Clinic& clinic) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO clinics (id, name, created_at, emergency_number) VALUES (?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    const std::string id = NewId();
    st->Bind(id).Bind(clinic.name).Bind(clinic.created_at).Bind(clinic.emergency_number);
    if (Status s = st->Run(); !s.ok()) return s;
    clinic.id = id;
    return Status::Ok();
  });
}

Result<Clinic> SqliteStore::GetClinic(const std::string& id) {
  std::optional<Clinic> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, "SELECT id, name, created_at, emergency_number FROM clinics WHERE id = ?",
                    {id}, ReadClinic, NoClinic(id), out);
  });
  return Finish(s, out);
}

Status SqliteStore::UpdateClinic(const Clinic& clinic) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("UPDATE clinics SET name = ?, emergency_number = ? WHERE id = ?");
    if (!st.ok()) return st.status();
    st->Bind(clinic.name).Bind(clinic.emergency_number).Bind(clinic.id);
    if (Status s = st->Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NoClinic(clinic.id) : Status::Ok();
  });
}

Status SqliteStore::CreateUser(User& user) {
  const std::string email = LowerAscii(user.email);
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, disabled, "
        "created_at, also_clinician) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    const std::string id = NewId();
    st->Bind(id).Bind(email).Bind(user.display_name).Bind(user.password_hash);
    st->Bind(RoleName(user.role)).BindNullIfEmpty(user.clinic_id);
    st->Bind(std::int64_t{user.disabled}).Bind(user.created_at);
    st->Bind(std::int64_t{user.also_clinician});
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_UNIQUE)) return EmailTaken(email);
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoClinic(user.clinic_id);
    if (rc != SQLITE_DONE) return st->Error(rc);
    user.id = id;
    user.email = email;
    return Status::Ok();
  });
}

Result<User> SqliteStore::GetUser(const std::string& id) {
  std::optional<User> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, kUserSelect + "WHERE id = ?", {id}, ReadUser, NoUser(id), out);
  });
  return Finish(s, out);
}

Result<User> SqliteStore::FindUserByEmail(const std::string& email) {
  const std::string lower = LowerAscii(email);
  std::optional<User> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, kUserSelect + "WHERE email = ?", {lower}, ReadUser, NoUserWithEmail(lower),
                    out);
  });
  return Finish(s, out);
}

Status SqliteStore::UpdateUser(const User& user) {
  const std::string email = LowerAscii(user.email);
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "UPDATE users SET email = ?, display_name = ?, password_hash = ?, role = ?, "
        "clinic_id = ?, disabled = ?, also_clinician = ? WHERE id = ?");
    if (!st.ok()) return st.status();
    st->Bind(email).Bind(user.display_name).Bind(user.password_hash).Bind(RoleName(user.role));
    st->BindNullIfEmpty(user.clinic_id).Bind(std::int64_t{user.disabled});
    st->Bind(std::int64_t{user.also_clinician}).Bind(user.id);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_UNIQUE)) return EmailTaken(email);
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoClinic(user.clinic_id);
    if (rc != SQLITE_DONE) return st->Error(rc);
    return c.Changes() == 0 ? NoUser(user.id) : Status::Ok();
  });
}

Status SqliteStore::EraseUser(const std::string& id) {
  // The foreign keys cascade to sessions, records, plan and summary;
  // secure_delete zeroes what the rows held (in the pages written to the WAL).
  Status erased = Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM users WHERE id = ?");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(id).Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NoUser(id) : Status::Ok();
  });
  if (!erased.ok()) return erased;
  // The WAL still holds the pages as they were before: copy the zeroed ones
  // into the file and empty the WAL. The erasure itself is committed
  // already; should readers keep the checkpoint from finishing, the old
  // frames go at a later checkpoint, so this is not an error.
  (void)Checkpoint();
  return Status::Ok();
}

Status SqliteStore::Checkpoint() {
  return WriteAlone([](SqliteConnection& c) -> Status {
    auto busy = c.QueryText("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!busy.ok()) return busy.status();
    return *busy == "0" ? Status::Ok()
                        : Status::Unavailable("the checkpoint waited too long for readers");
  });
}

// --- Sessions and invitations ----------------------------------------------

Status SqliteStore::CreateSession(const Session& session) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(session.token_hash).Bind(session.user_id).Bind(session.csrf_token);
    st->Bind(session.created_at).Bind(session.last_seen);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_PRIMARYKEY)) return SessionExists();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(session.user_id);
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
}

Result<std::int64_t> SqliteStore::AccessEpoch() {
  std::optional<std::int64_t> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(
        c, "SELECT epoch FROM access_epoch WHERE id = 1", {},
        +[](const SqliteStatement& st) { return st.Int(0); },
        Status::Internal("the database has no access epoch; run `backcoach migrate`"), out);
  });
  return Finish(s, out);
}

Result<Session> SqliteStore::GetSession(const std::string& token_hash) {
  std::optional<Session> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c,
                    "SELECT token_hash, user_id, csrf_token, created_at, last_seen FROM sessions "
                    "WHERE token_hash = ?",
                    {token_hash}, ReadSession, NoSession(), out);
  });
  return Finish(s, out);
}

Status SqliteStore::TouchSession(const std::string& token_hash, Timestamp last_seen) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(last_seen).Bind(token_hash).Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NoSession() : Status::Ok();
  });
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!st.ok()) return st.status();
    return st->Bind(token_hash).Run();
  });
}

Status SqliteStore::DeleteSessionsOf(const std::string& user_id, const std::string& keep) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?");
    if (!st.ok()) return st.status();
    return st->Bind(user_id).Bind(keep).Run();
  });
}

Status SqliteStore::CreateAccountToken(const AccountToken& token) {
  return Write([&](SqliteConnection& c) -> Status {
    auto sweep = c.Prepare("DELETE FROM account_tokens WHERE expires_at < ?");
    if (!sweep.ok()) return sweep.status();
    if (Status s = sweep->Bind(token.created_at).Run(); !s.ok()) return s;
    auto st = c.Prepare(
        "INSERT INTO account_tokens (token_hash, kind, user_id, payload, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(token.token_hash).Bind(TokenKindName(token.kind)).BindNullIfEmpty(token.user_id);
    st->Bind(token.payload).Bind(token.created_at).Bind(token.expires_at);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_PRIMARYKEY)) return TokenExists();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(token.user_id);
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
}

Result<AccountToken> SqliteStore::GetAccountToken(const std::string& token_hash) {
  std::optional<AccountToken> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(
        c,
        "SELECT token_hash, kind, user_id, payload, created_at, expires_at FROM account_tokens "
        "WHERE token_hash = ?",
        {token_hash}, ReadToken, NoToken(), out);
  });
  return Finish(s, out);
}

Status SqliteStore::UseAccountToken(const std::string& token_hash) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM account_tokens WHERE token_hash = ?");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(token_hash).Run(); !s.ok()) return s;
    return c.Changes() == 1 ? Status::Ok() : NoToken();
  });
}

Status SqliteStore::CreateInvitation(const Invitation& invitation) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO invitations (code, clinic_id, created_by, created_at, expires_at, used_by) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(invitation.code).Bind(invitation.clinic_id).Bind(invitation.created_by);
    st->Bind(invitation.created_at).Bind(invitation.expires_at).Bind(invitation.used_by);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_PRIMARYKEY)) return InvitationExists(invitation.code);
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoClinic(invitation.clinic_id);
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
}

Result<Invitation> SqliteStore::GetInvitation(const std::string& code) {
  std::optional<Invitation> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c,
                    "SELECT code, clinic_id, created_by, created_at, expires_at, used_by "
                    "FROM invitations WHERE code = ?",
                    {code}, ReadInvitation, NoInvitation(code), out);
  });
  return Finish(s, out);
}

Status SqliteStore::UseInvitation(const std::string& code, const std::string& user_id) {
  return Write([&](SqliteConnection& c) -> Status {
    // One statement claims the code, so two sign-ups cannot both use it.
    auto st = c.Prepare("UPDATE invitations SET used_by = ? WHERE code = ? AND used_by = ''");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(user_id).Bind(code).Run(); !s.ok()) return s;
    if (c.Changes() == 1) return Status::Ok();
    auto exists = c.Prepare("SELECT 1 FROM invitations WHERE code = ?");
    if (!exists.ok()) return exists.status();
    const int rc = exists->Bind(code).Step();
    if (rc == SQLITE_ROW) return InvitationUsed(code);
    return rc == SQLITE_DONE ? NoInvitation(code) : exists->Error(rc);
  });
}

// --- Care teams, alerts, claims ---------------------------------------------

namespace {

// The admin's page of accounts (?1 the clinic, ?2 the limit, ?3 and ?4 the
// key a page continues after): the clinic's own patients, and its own
// supporters, each read from users_by_clinic_role in the page's order,
// merged with the supporters on its patients' teams (each part at most a
// page; UNION keeps an account that is in two parts once).
std::string AccountPageSql(bool after) {
  const std::string from_key = after ? "AND (display_name, id) > (?3, ?4) " : "";
  const std::string order = "ORDER BY display_name, id LIMIT ?2";
  const auto own = [&](const char* role) {
    return "SELECT * FROM (" + kUserSelect + "WHERE clinic_id = ?1 AND role = '" + role + "' " +
           from_key + order + ")";
  };
  return own("patient") + " UNION " + own("supporter") + " UNION SELECT * FROM (" + kUserSelect +
         "WHERE role IN ('patient', 'supporter') AND id IN (SELECT t.member_id FROM care_team t " +
         "JOIN users p ON p.id = t.patient_id WHERE p.clinic_id = ?1) " + from_key + order + ") " +
         order;
}

}  // namespace

Result<std::vector<User>> SqliteStore::ListAccountPage(const AccountQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::vector<User> out;
  if (query.clinic_id.empty()) return out;  // no clinic has no accounts
  Status s = Read([&](SqliteConnection& c) -> Status {
    static const std::string kFirst = AccountPageSql(false), kAfter = AccountPageSql(true);
    auto st = c.Prepare(query.after ? kAfter : kFirst);
    if (!st.ok()) return st.status();
    st->Bind(query.clinic_id).Bind(std::int64_t{query.limit});
    if (query.after) st->Bind(query.after->display_name).Bind(query.after->id);
    return FetchAll(st.value(), ReadUser, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<User>> SqliteStore::ListClinicStaff(const std::string& clinic_id) {
  std::vector<User> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(kUserSelect +
                        "WHERE clinic_id = ?1 AND role IN ('clinician', 'admin') ORDER BY id");
    if (!st.ok()) return st.status();
    st->Bind(clinic_id);
    return FetchAll(st.value(), ReadUser, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<User>> SqliteStore::ListClinicAccountsAmong(
    const std::string& clinic_id, const std::vector<std::string>& ids) {
  std::vector<User> out;
  if (clinic_id.empty() || ids.empty()) return out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    // CROSS JOIN keeps the teams of the id first: SQLite would otherwise
    // walk every account of the clinic for each id that is not its own.
    auto st = c.Prepare(kUserSelect +
                        "WHERE id IN (SELECT value FROM json_each(?2)) AND (clinic_id = ?1 OR "
                        "EXISTS (SELECT 1 FROM care_team t CROSS JOIN users p ON p.id = "
                        "t.patient_id WHERE t.member_id = users.id AND p.clinic_id = ?1)) "
                        "ORDER BY id");
    if (!st.ok()) return st.status();
    st->Bind(clinic_id).Bind(IdsAsJson(ids));
    return FetchAll(st.value(), ReadUser, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::string>> SqliteStore::ListUserIds(Role role, const std::string& after_id,
                                                          int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  std::vector<std::string> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("SELECT id FROM users WHERE role = ? AND id > ? ORDER BY id LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(RoleName(role)).Bind(after_id).Bind(std::int64_t{limit});
    return FetchAll(st.value(), ReadId, out);
  });
  if (!s.ok()) return s;
  return out;
}

Status SqliteStore::AddCareMember(const CareMember& member) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO care_team (patient_id, member_id, scopes, added_at) VALUES (?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(member.patient_id).Bind(member.member_id).Bind(member.scopes).Bind(member.added_at);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_PRIMARYKEY)) return AlreadyOnTeam(member.member_id);
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) {
      return NoUser(member.patient_id + " or " + member.member_id);
    }
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
}

Status SqliteStore::UpdateCareMember(const CareMember& member) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("UPDATE care_team SET scopes = ? WHERE patient_id = ? AND member_id = ?");
    if (!st.ok()) return st.status();
    st->Bind(member.scopes).Bind(member.patient_id).Bind(member.member_id);
    if (Status s = st->Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NotOnTeam(member.member_id) : Status::Ok();
  });
}

Status SqliteStore::RemoveCareMember(const std::string& patient_id, const std::string& member_id) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM care_team WHERE patient_id = ? AND member_id = ?");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(patient_id).Bind(member_id).Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NotOnTeam(member_id) : Status::Ok();
  });
}

Result<std::vector<CareMember>> SqliteStore::ListCareTeam(const std::string& patient_id) {
  std::vector<CareMember> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "SELECT patient_id, member_id, scopes, added_at FROM care_team WHERE patient_id = ? "
        "ORDER BY added_at, member_id");
    if (!st.ok()) return st.status();
    st->Bind(patient_id);
    return FetchAll(st.value(), ReadCareMember, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<CareMember>> SqliteStore::ListSupported(const std::string& member_id) {
  std::vector<CareMember> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "SELECT patient_id, member_id, scopes, added_at FROM care_team WHERE member_id = ? "
        "ORDER BY added_at, patient_id");
    if (!st.ok()) return st.status();
    st->Bind(member_id);
    return FetchAll(st.value(), ReadCareMember, out);
  });
  if (!s.ok()) return s;
  return out;
}

// --- Messages and lead clinicians ------------------------------------------

Status SqliteStore::AddMessage(Record& record, const std::string& member_id) {
  Record attempt = record;
  Status s = Write(
      [&](SqliteConnection& c) -> Status {
        if (Status s = InsertRecord(c, attempt); !s.ok()) return s;
        const bool by_patient = record.author_id == record.patient_id;
        auto st = c.Prepare(
            by_patient
                ? "INSERT INTO message_threads (patient_id, member_id, messages, last_at, "
                  "waiting_since, patient_read, member_read) VALUES (?1, ?2, 1, ?3, ?3, 1, 0) "
                  "ON CONFLICT (patient_id, member_id) DO UPDATE SET "
                  "messages = messages + 1, last_at = ?3, patient_read = messages + 1, "
                  "waiting_since = CASE WHEN waiting_since = 0 THEN ?3 ELSE waiting_since END"
                : "INSERT INTO message_threads (patient_id, member_id, messages, last_at, "
                  "waiting_since, patient_read, member_read) VALUES (?1, ?2, 1, ?3, 0, 0, 1) "
                  "ON CONFLICT (patient_id, member_id) DO UPDATE SET "
                  "messages = messages + 1, last_at = ?3, member_read = messages + 1, "
                  "waiting_since = 0");
        if (!st.ok()) return st.status();
        st->Bind(record.patient_id).Bind(member_id).Bind(record.created_at);
        const int rc = st->Step();
        if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(member_id);
        return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
      },
      /*transaction=*/true);
  if (s.ok()) record = std::move(attempt);
  return s;
}

Status SqliteStore::MarkThreadRead(const std::string& patient_id, const std::string& member_id,
                                   bool by_patient) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(by_patient ? "UPDATE message_threads SET patient_read = messages "
                                     "WHERE patient_id = ? AND member_id = ?"
                                   : "UPDATE message_threads SET member_read = messages "
                                     "WHERE patient_id = ? AND member_id = ?");
    if (!st.ok()) return st.status();
    return st->Bind(patient_id).Bind(member_id).Run();
  });
}

Result<std::vector<MessageThread>> SqliteStore::ListThreads(const std::string& patient_id) {
  std::vector<MessageThread> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(kThreadSelect + "WHERE patient_id = ? ORDER BY member_id");
    if (!st.ok()) return st.status();
    st->Bind(patient_id);
    return FetchAll(st.value(), ReadThread, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<MessageThread>> SqliteStore::ListMemberThreads(
    const std::string& member_id, const std::vector<std::string>& patient_ids) {
  std::vector<MessageThread> out;
  if (patient_ids.empty()) return out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    // The ids as one JSON array: one statement for any number of them, and
    // one look-up in the index by member for each.
    auto st = c.Prepare(kThreadSelect +
                        "WHERE member_id = ?1 AND patient_id IN (SELECT value FROM json_each(?2)) "
                        "ORDER BY patient_id");
    if (!st.ok()) return st.status();
    st->Bind(member_id).Bind(IdsAsJson(patient_ids));
    return FetchAll(st.value(), ReadThread, out);
  });
  if (!s.ok()) return s;
  return out;
}

Status SqliteStore::SetLeadClinician(const std::string& patient_id, const std::string& clinician_id,
                                     Timestamp at) {
  return Write([&](SqliteConnection& c) -> Status {
    auto exists = c.Prepare("SELECT 1 FROM users WHERE id = ?");
    if (!exists.ok()) return exists.status();
    const int found = exists->Bind(patient_id).Step();
    if (found == SQLITE_DONE) return NoUser(patient_id);
    if (found != SQLITE_ROW) return exists->Error(found);
    if (clinician_id.empty()) {
      auto st = c.Prepare("DELETE FROM lead_clinicians WHERE patient_id = ?");
      if (!st.ok()) return st.status();
      return st->Bind(patient_id).Run();
    }
    auto st = c.Prepare(
        "INSERT INTO lead_clinicians (patient_id, clinician_id, set_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (patient_id) DO UPDATE SET clinician_id = ?2, set_at = ?3");
    if (!st.ok()) return st.status();
    st->Bind(patient_id).Bind(clinician_id).Bind(at);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(clinician_id);
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
}

Result<std::string> SqliteStore::LeadClinician(const std::string& patient_id) {
  std::optional<std::string> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, "SELECT clinician_id FROM lead_clinicians WHERE patient_id = ?",
                    {patient_id}, ReadId, Status::Ok(), out);
  });
  if (!s.ok()) return s;
  return out.value_or("");
}

Result<std::vector<User>> SqliteStore::ListClinicians(const std::string& clinic_id) {
  std::vector<User> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(kUserSelect +
                        "WHERE clinic_id = ? AND role = 'clinician' ORDER BY display_name, id");
    if (!st.ok()) return st.status();
    st->Bind(clinic_id);
    return FetchAll(st.value(), ReadUser, out);
  });
  if (!s.ok()) return s;
  return out;
}

Status SqliteStore::AddAlert(Alert& alert) {
  const std::string id = NewId();
  Status s = Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO alerts (id, patient_id, clinic_id, rule, period, kind, reason, source, "
        "state, note, updated_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(id).Bind(alert.patient_id).Bind(alert.clinic_id).Bind(alert.rule);
    st->Bind(alert.period).Bind(AlertKindName(alert.kind)).Bind(alert.reason).Bind(alert.source);
    st->Bind(AlertStateName(alert.state))
        .Bind(alert.note)
        .Bind(alert.updated_by)
        .Bind(alert.created_at);
    st->Bind(alert.updated_at);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_UNIQUE)) return AlertExists(alert.rule, alert.period);
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(alert.patient_id);
    return rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
  if (s.ok()) alert.id = id;
  return s;
}

Status SqliteStore::UpdateAlert(const Alert& alert) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "UPDATE alerts SET state = ?, note = ?, updated_by = ?, updated_at = ? "
        "WHERE id = ? AND patient_id = ?");
    if (!st.ok()) return st.status();
    st->Bind(AlertStateName(alert.state))
        .Bind(alert.note)
        .Bind(alert.updated_by)
        .Bind(alert.updated_at);
    st->Bind(alert.id).Bind(alert.patient_id);
    if (Status s = st->Run(); !s.ok()) return s;
    return c.Changes() == 0 ? NoAlert(alert.id) : Status::Ok();
  });
}

Result<std::vector<Alert>> SqliteStore::ListAlerts(const AlertQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::vector<Alert> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    const std::string where =
        query.patient_id.empty() ? "WHERE clinic_id = ? " : "WHERE patient_id = ? ";
    auto st = c.Prepare(kAlertSelect + where + (query.open_only ? "AND state <> 'resolved' " : "") +
                        (query.after ? "AND (created_at, id) < (?, ?) " : "") +
                        "ORDER BY created_at DESC, id DESC LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(query.patient_id.empty() ? query.clinic_id : query.patient_id);
    if (query.after) st->Bind(query.after->created_at).Bind(query.after->id);
    st->Bind(std::int64_t{query.limit});
    return FetchAll(st.value(), ReadAlert, out);
  });
  if (!s.ok()) return s;
  return out;
}

Status SqliteStore::Claim(const std::string& kind, const std::string& user_id,
                          const std::string& period, Timestamp at) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO claims (kind, user_id, period, claimed_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING");
    if (!st.ok()) return st.status();
    st->Bind(kind).Bind(user_id).Bind(period).Bind(at);
    const int rc = st->Step();
    if (IsConstraint(rc, SQLITE_CONSTRAINT_FOREIGNKEY)) return NoUser(user_id);
    if (rc != SQLITE_DONE) return st->Error(rc);
    return c.Changes() == 0 ? AlreadyClaimed(kind, period) : Status::Ok();
  });
}

// --- Records and plans -----------------------------------------------------

Status SqliteStore::AddRecord(Record& record) {
  return Write([&](SqliteConnection& c) { return InsertRecord(c, record); });
}

Status SqliteStore::AddRecords(std::vector<Record>& records) {
  return Write(
      [&](SqliteConnection& c) -> Status {
        for (Record& r : records) {
          if (Status s = InsertRecord(c, r); !s.ok()) return s;
        }
        return Status::Ok();
      },
      /*transaction=*/true);
}

Result<Record> SqliteStore::GetRecord(const std::string& id) {
  std::optional<Record> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, kRecordSelect + "WHERE id = ?", {id}, ReadRecord, NoRecord(id), out);
  });
  return Finish(s, out);
}

Result<std::vector<Record>> SqliteStore::ReadRecordPage(const RecordPageQuery& query,
                                                        const std::string& select) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::vector<Record> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    // Each form walks its own index (records_by_kind or records_by_date)
    // backwards from the newest, or from the row value of `after`.
    std::string sql = select + "WHERE patient_id = ? ";
    if (query.kind) sql += "AND kind = ? ";
    if (query.after) sql += "AND (date, created_at, id) < (?, ?, ?) ";
    sql += "ORDER BY date DESC, created_at DESC, id DESC LIMIT ?";
    auto st = c.Prepare(sql);
    if (!st.ok()) return st.status();
    st->Bind(query.patient_id);
    if (query.kind) st->Bind(RecordKindName(*query.kind));
    if (query.after)
      st->Bind(query.after->date).Bind(query.after->created_at).Bind(query.after->id);
    st->Bind(std::int64_t{query.limit});
    return FetchAll(st.value(), ReadRecord, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Record>> SqliteStore::ListRecordPage(const RecordPageQuery& query) {
  return ReadRecordPage(query, kRecordSelect);
}

Result<std::vector<Record>> SqliteStore::ListRecordSummaryPage(const RecordPageQuery& query) {
  return ReadRecordPage(query, kRecordSummarySelect);
}

Status SqliteStore::DeleteRecord(const std::string& patient_id, RecordKind kind,
                                 const std::string& id) {
  Status deleted = Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("DELETE FROM records WHERE id = ? AND patient_id = ? AND kind = ?");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(id).Bind(patient_id).Bind(RecordKindName(kind)).Run(); !s.ok())
      return s;
    return c.Changes() == 0 ? NoRecord(id) : Status::Ok();
  });
  if (!deleted.ok()) return deleted;
  // As for an erased account: the zeroed pages into the file, the WAL
  // emptied (not an error when readers hold it back).
  (void)Checkpoint();
  return Status::Ok();
}

Result<PlanRecord> SqliteStore::GetPlan(const std::string& patient_id) {
  std::optional<PlanRecord> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c,
                    "SELECT patient_id, state, version, updated_at FROM plans "
                    "WHERE patient_id = ?",
                    {patient_id}, ReadPlan, NoPlan(patient_id), out);
  });
  return Finish(s, out);
}

Result<std::int64_t> SqliteStore::PlanVersion(const std::string& patient_id) {
  std::optional<std::int64_t> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(
        c, "SELECT version FROM plans INDEXED BY plans_version WHERE patient_id = ?", {patient_id},
        +[](const SqliteStatement& st) { return st.Int(0); }, NoPlan(patient_id), out);
  });
  return Finish(s, out);
}

Status SqliteStore::PutPlan(PlanRecord& plan, std::int64_t expected_version) {
  return Write([&](SqliteConnection& c) { return WritePlan(c, plan, expected_version); },
               /*transaction=*/true);
}

// --- Summaries -------------------------------------------------------------

Status SqliteStore::SavePlanChange(PlanChange& change) {
  Status s = Write(
      [&](SqliteConnection& c) -> Status {
        if (Status s = InsertRecord(c, change.record); !s.ok()) return s;
        if (Status s = WritePlan(c, change.plan, change.expected_version); !s.ok()) return s;
        if (Status s = WriteSummary(c, change.summary); !s.ok()) return s;
        // Last, so that a failure above leaves no entry (the write's
        // savepoint takes back whatever it did).
        if (change.audit.empty()) return Status::Ok();
        return AppendAuditIn(c, change.audit, audit_key());
      },
      /*transaction=*/true);
  if (!s.ok()) {
    for (AuditEntry& e : change.audit) e.seq = 0;  // not stored
  } else if (!change.audit.empty()) {
    IndexAuditIfDue(change.audit.back().seq);
  }
  return s;
}

Status SqliteStore::PutSummary(const PatientSummary& summary) {
  return Write([&](SqliteConnection& c) { return WriteSummary(c, summary); });
}

Result<PatientSummary> SqliteStore::GetSummary(const std::string& patient_id) {
  std::optional<PatientSummary> out;
  Status s = Read([&](SqliteConnection& c) {
    return FetchOne(c, kSummarySelect + "WHERE patient_id = ?", {patient_id}, ReadSummary,
                    NoSummary(patient_id), out);
  });
  return Finish(s, out);
}

Result<std::vector<PatientSummary>> SqliteStore::ListPatients(const PatientQuery& query) {
  if (Status s = CheckPatientQuery(query); !s.ok()) return s;
  std::vector<PatientSummary> out;
  out.reserve(static_cast<std::size_t>(query.limit));
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(PatientListSql(query));
    if (!st.ok()) return st.status();
    st->Bind(query.clinic_id).Bind(FoldName(query.search)).Bind(std::int64_t{query.limit});
    if (const auto& after = query.after) {
      st->Bind(std::int64_t{after->attention}).Bind(after->name_key);
      st->Bind(after->display_name).Bind(after->patient_id);
    }
    return FetchAll(st.value(), ReadSummary, out);
  });
  if (!s.ok()) return s;
  return out;
}

const std::string& SqliteStore::PatientListSql(const PatientQuery& query) {
  static const std::string kFirstPage =
      kSummarySelect + kPatientFilter + kPatientOrder + "LIMIT ?3";
  return query.after ? kPatientAfter : kFirstPage;
}

Result<int> SqliteStore::CountPatients(const PatientQuery& query) {
  int count = 0;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("SELECT count(*) FROM summaries " + kPatientFilter);
    if (!st.ok()) return st.status();
    const int rc = st->Bind(query.clinic_id).Bind(FoldName(query.search)).Step();
    if (rc != SQLITE_ROW) return st->Error(rc);
    count = static_cast<int>(st->Int(0));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return count;
}

Result<std::optional<std::int64_t>> SqliteStore::ListVersion(const std::string& clinic_id) {
  std::int64_t version = 0;  // a clinic with no summary yet has no row
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("SELECT version FROM list_versions WHERE clinic_id = ?");
    if (!st.ok()) return st.status();
    const int rc = st->Bind(clinic_id).Step();
    if (rc == SQLITE_ROW) version = st->Int(0);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? Status::Ok() : st->Error(rc);
  });
  if (!s.ok()) return s;
  return std::optional<std::int64_t>(version);
}

// --- Audit -----------------------------------------------------------------

Status SqliteStore::AppendAudit(AuditEntry& entry) {
  std::vector<AuditEntry> one = {std::move(entry)};
  Status s = AppendAuditBatch(one);
  entry = std::move(one.front());
  return s;
}

Status SqliteStore::AppendAuditBatch(std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  Status s = Write([&](SqliteConnection& c) { return AppendAuditIn(c, entries, audit_key()); },
                   /*transaction=*/true);
  if (s.ok()) IndexAuditIfDue(entries.back().seq);
  return s;
}

const std::string& SqliteStore::AuditSearchSql(const AuditQuery& query) {
  if (!query.patient_id.empty()) return kAuditSearchByPatient;
  if (!query.actor_id.empty()) return kAuditSearchByActor;
  return kAuditSearchAll;
}

void SqliteStore::IndexAuditIfDue(std::int64_t last_seq) {
  if (last_seq - audit_indexed_.load(std::memory_order_relaxed) < options_.audit_index_step) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(checkpoint_mu_);
    index_due_ = true;
  }
  checkpoint_cv_.notify_one();
}

Status SqliteStore::IndexAuditTail(std::int64_t most) {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto writer = Writer();
  if (!writer.ok()) return writer.status();
  SqliteConnection& c = **writer;
  // Not a group commit's write: counted with neither the writes nor the
  // commits that /readyz reports.
  std::int64_t to = 0;
  Status s = InTransaction(c, [&]() -> Status {
    auto upto = c.QueryText("SELECT upto FROM audit_indexed WHERE id = 1");
    if (!upto.ok()) return upto.status();
    const std::int64_t from = std::stoll(*upto);
    auto last = c.QueryText("SELECT coalesce(max(seq), 0) FROM audit");
    if (!last.ok()) return last.status();
    to = std::stoll(*last);
    if (most < to - from) to = from + std::max<std::int64_t>(most, 0);
    if (to <= from) return Status::Ok();
    // In key order, so that each leaf of the two tables is changed once.
    for (const char* pairs :
         {"INSERT INTO audit_patient_seq (patient_id, seq) SELECT patient_id, seq FROM audit "
          "WHERE seq > ?1 AND seq <= ?2 AND patient_id <> '' ORDER BY patient_id, seq",
          "INSERT INTO audit_actor_seq (actor_id, seq) SELECT actor_id, seq FROM audit "
          "WHERE seq > ?1 AND seq <= ?2 AND actor_id <> patient_id ORDER BY actor_id, seq"}) {
      auto insert = c.Prepare(pairs);
      if (!insert.ok()) return insert.status();
      insert->Bind(from).Bind(to);
      if (Status s = insert->Run(); !s.ok()) return s;
    }
    auto mark = c.Prepare("UPDATE audit_indexed SET upto = ?1 WHERE id = 1");
    if (!mark.ok()) return mark.status();
    mark->Bind(to);
    return mark->Run();
  });
  if (s.ok()) audit_indexed_.store(to, std::memory_order_relaxed);
  return s;
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(std::int64_t after_seq, int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  std::vector<AuditEntry> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(kAuditSelect + "WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(after_seq).Bind(std::int64_t{limit});
    return FetchAll(st.value(), ReadAudit, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<AuditEntry>> SqliteStore::SearchAudit(const AuditQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  std::vector<AuditEntry> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(AuditSearchSql(query));
    if (!st.ok()) return st.status();
    st->Bind(query.clinic_id).Bind(query.actor_id).Bind(query.patient_id).Bind(query.action);
    st->Bind(query.from).Bind(query.to).Bind(query.before_seq).Bind(std::int64_t{query.limit});
    return FetchAll(st.value(), ReadAudit, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<AuditEntry> SqliteStore::LastAudit() {
  std::vector<AuditEntry> out;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(kAuditSelect + "ORDER BY seq DESC LIMIT 1");
    if (!st.ok()) return st.status();
    return FetchAll(st.value(), ReadAudit, out);
  });
  if (!s.ok()) return s;
  if (out.empty()) return Status::NotFound("the audit log is empty");
  return out.front();
}

Result<std::int64_t> SqliteStore::AuditKeyedFrom() {
  std::int64_t keyed_from = 0;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto text = c.QueryText("SELECT keyed_from FROM audit_chain");
    if (!text.ok()) return text.status();
    if (text->empty() || text->find_first_not_of("0123456789") != std::string::npos) {
      return Status::Internal("the audit chain's start is not recorded");
    }
    keyed_from = std::stoll(*text);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return keyed_from;
}

Status SqliteStore::ClaimAuditAnchor(const std::string& day, Timestamp at) {
  return Write([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO audit_anchors (day, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!st.ok()) return st.status();
    if (Status s = st->Bind(day).Bind(at).Run(); !s.ok()) return s;
    return c.Changes() == 0 ? Status::Conflict("the audit anchor of " + day + " is already claimed")
                            : Status::Ok();
  });
}

// --- Backup ----------------------------------------------------------------

Status SqliteStore::Backup(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Status::InvalidArgument("the backup file " + path +
                                   " already exists; choose a new name");
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto st = c.Prepare("VACUUM INTO ?");
    if (!st.ok()) return st.status();
    return st->Bind(path).Run();
  });
  if (!s.ok()) return s.WithContext("backup to " + path);
  return SyncFile(path);
}

Result<std::string> SqliteStore::QueryPragma(const std::string& name, Connection on) {
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
    return Status::InvalidArgument("not a pragma name: " + name);
  }
  auto query = [&](SqliteConnection& c) { return c.QueryText("PRAGMA " + name); };
  if (on == Connection::kWriter) {
    std::lock_guard<std::mutex> lock(write_mu_);
    auto writer = Writer();
    if (!writer.ok()) return writer.status();
    return query(**writer);
  }
  std::string value;
  Status s = Read([&](SqliteConnection& c) -> Status {
    auto v = query(c);
    if (!v.ok()) return v.status();
    value = *v;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return value;
}

}  // namespace backcoach
