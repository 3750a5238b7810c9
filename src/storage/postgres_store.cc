#include "storage/postgres_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "storage/migrations.h"
#include "storage/store_common.h"

namespace backcoach {

using namespace storage;  // NOLINT: the shared helpers of this module

namespace {

// Keys of the transaction-scoped advisory locks ("bc" + a number).
constexpr std::int64_t kMigrationLock = 0x62630001;
constexpr std::int64_t kAuditLock = 0x62630002;

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
const std::string kPatientFilter =
    "WHERE clinic_id = $1 AND ($2 = '' OR strpos(name_key, $2) > 0) ";
const std::string kPatientOrder = "ORDER BY attention DESC, name_key, display_name, patient_id ";
// The page after a patient's key ($4 to $7): those of the same attention
// after the key's name and id, then those of less attention, each part read
// from summaries_by_attention from where it starts (a row comparison is
// ordered in one direction only, and attention is ordered the other way),
// and the two merged in the list's order. The parts carry name_key so that
// the merge can order by it; ReadSummary reads the columns before it.
const std::string kPatientAfter = [] {
  const std::string columns =
      "SELECT patient_id, clinic_id, display_name, attention, reasons, triage, status, "
      "last_activity, last_pain, updated_at, unanswered_since, name_key FROM summaries ";
  return "(" + columns + kPatientFilter +
         "AND attention = $4 AND (name_key, display_name, patient_id) > ($5, $6, $7) "
         "ORDER BY name_key, display_name, patient_id LIMIT $3) UNION ALL (" +
         columns + kPatientFilter + "AND attention < $4 " + kPatientOrder + "LIMIT $3) " +
         kPatientOrder + "LIMIT $3";
}();

std::string Text(const pqxx::field& f) { return f.is_null() ? "" : f.c_str(); }
std::int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<std::int64_t>(); }

Clinic ReadClinic(const pqxx::row& r) { return {Text(r[0]), Text(r[1]), Int(r[2]), Text(r[3])}; }

User ReadUser(const pqxx::row& r) {
  User u;
  u.id = Text(r[0]);
  u.email = Text(r[1]);
  u.display_name = Text(r[2]);
  u.password_hash = Text(r[3]);
  u.role = RoleFromName(Text(r[4])).value_or(Role::kPatient);
  u.clinic_id = Text(r[5]);
  u.disabled = r[6].as<bool>();
  u.created_at = Int(r[7]);
  u.also_clinician = r[8].as<bool>();
  return u;
}

Session ReadSession(const pqxx::row& r) {
  return {Text(r[0]), Text(r[1]), Text(r[2]), Int(r[3]), Int(r[4])};
}

Invitation ReadInvitation(const pqxx::row& r) {
  return {Text(r[0]), Text(r[1]), Text(r[2]), Int(r[3]), Int(r[4]), Text(r[5])};
}

Result<AccountToken> ReadToken(const pqxx::row& r) {
  auto kind = TokenKindFromName(Text(r[1]));
  if (!kind.ok()) return Unreadable(kind.status());
  return AccountToken{Text(r[0]), *kind, Text(r[2]), Text(r[3]), Int(r[4]), Int(r[5])};
}

CareMember ReadCareMember(const pqxx::row& r) {
  return {Text(r[0]), Text(r[1]), Text(r[2]), Int(r[3])};
}

const std::string kAlertSelect =
    "SELECT id, patient_id, clinic_id, rule, period, kind, reason, source, state, note, "
    "updated_by, created_at, updated_at FROM alerts ";

Result<Alert> ReadAlert(const pqxx::row& r) {
  auto kind = AlertKindFromName(Text(r[5]));
  if (!kind.ok()) return Unreadable(kind.status());
  auto state = AlertStateFromName(Text(r[8]));
  if (!state.ok()) return Unreadable(state.status());
  Alert a;
  a.id = Text(r[0]);
  a.patient_id = Text(r[1]);
  a.clinic_id = Text(r[2]);
  a.rule = Text(r[3]);
  a.period = Text(r[4]);
  a.kind = *kind;
  a.reason = Text(r[6]);
  a.source = Text(r[7]);
  a.state = *state;
  a.note = Text(r[9]);
  a.updated_by = Text(r[10]);
  a.created_at = Int(r[11]);
  a.updated_at = Int(r[12]);
  return a;
}

std::string ReadId(const pqxx::row& r) { return Text(r[0]); }

Result<Record> ReadRecord(const pqxx::row& r) {
  auto kind = RecordKindFromName(Text(r[2]));
  if (!kind.ok()) return Unreadable(kind.status());
  return Record{Text(r[0]), Text(r[1]), *kind,     Text(r[3]),
                Text(r[4]), Text(r[5]), Int(r[6]), Text(r[7])};
}

PlanRecord ReadPlan(const pqxx::row& r) { return {Text(r[0]), Text(r[1]), Int(r[2]), Int(r[3])}; }

PatientSummary ReadSummary(const pqxx::row& r) {
  PatientSummary s;
  s.patient_id = Text(r[0]);
  s.clinic_id = Text(r[1]);
  s.display_name = Text(r[2]);
  s.attention = static_cast<int>(Int(r[3]));
  s.reasons = Text(r[4]);
  s.triage = Text(r[5]);
  s.status = Text(r[6]);
  s.last_activity = Text(r[7]);
  s.last_pain = static_cast<int>(Int(r[8]));
  s.updated_at = Int(r[9]);
  s.unanswered_since = Int(r[10]);
  return s;
}

MessageThread ReadThread(const pqxx::row& r) {
  MessageThread t;
  t.patient_id = Text(r[0]);
  t.member_id = Text(r[1]);
  t.messages = static_cast<int>(Int(r[2]));
  t.last_at = Int(r[3]);
  t.waiting_since = Int(r[4]);
  t.patient_read = static_cast<int>(Int(r[5]));
  t.member_read = static_cast<int>(Int(r[6]));
  return t;
}

const std::string kThreadSelect =
    "SELECT patient_id, member_id, messages, last_at, waiting_since, patient_read, member_read "
    "FROM message_threads ";

AuditEntry ReadAudit(const pqxx::row& r) {
  AuditEntry e;
  e.seq = Int(r[0]);
  e.at = Int(r[1]);
  e.actor_id = Text(r[2]);
  e.action = Text(r[3]);
  e.patient_id = Text(r[4]);
  e.outcome = Text(r[5]);
  e.detail = Text(r[6]);
  e.prev_hash = Text(r[7]);
  e.hash = Text(r[8]);
  return e;
}

// libpqxx messages carry "ERROR:  " and several lines; one line is kept.
std::string OneLine(const char* what) {
  std::string s = what;
  if (s.rfind("ERROR:", 0) == 0) s.erase(0, s.find_first_not_of(' ', 6));
  s.erase(std::find(s.begin(), s.end(), '\n'), s.end());
  return s;
}

// What the exception in flight means for the caller.
Status CurrentException() {
  try {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    return Status::Unavailable(
        "the connection to PostgreSQL was lost while committing; the write may not have been "
        "stored (" +
        OneLine(e.what()) + ")");
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable("lost the connection to PostgreSQL (" + OneLine(e.what()) + ")");
  } catch (const pqxx::insufficient_resources& e) {
    return Status::Unavailable("PostgreSQL cannot take the write (" + OneLine(e.what()) + ")");
  } catch (const pqxx::transaction_rollback& e) {
    return Status::Unavailable("PostgreSQL rolled the transaction back; try again (" +
                               OneLine(e.what()) + ")");
  } catch (const pqxx::unique_violation& e) {
    return Status::Conflict(OneLine(e.what()));
  } catch (const pqxx::foreign_key_violation& e) {
    return Status::NotFound(OneLine(e.what()));
  } catch (const pqxx::sql_error& e) {
    const std::string state = e.sqlstate();
    // 08: connection exception; 57P: shutting down; 25006: a read-only
    // standby; 53: out of disk, memory or connections.
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state == "25006" ||
        state.rfind("53", 0) == 0) {
      return Status::Unavailable("PostgreSQL cannot take the request (" + OneLine(e.what()) + ")");
    }
    return Status::Internal("PostgreSQL error: " + OneLine(e.what()));
  } catch (const std::exception& e) {
    return Status::Internal("PostgreSQL error: " + OneLine(e.what()));
  }
}

template <typename T>
Result<T> One(const pqxx::result& r, T (*read)(const pqxx::row&), const Status& missing) {
  if (r.empty()) return missing;
  return read(r[0]);
}

template <typename T>
Result<T> One(const pqxx::result& r, Result<T> (*read)(const pqxx::row&), const Status& missing) {
  if (r.empty()) return missing;
  return read(r[0]);
}

template <typename T>
std::vector<T> All(const pqxx::result& r, T (*read)(const pqxx::row&)) {
  std::vector<T> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(read(row));
  return out;
}

// The same for a row that may hold what cannot be read (Unreadable).
template <typename T>
Result<std::vector<T>> All(const pqxx::result& r, Result<T> (*read)(const pqxx::row&)) {
  std::vector<T> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    auto one = read(row);
    if (!one.ok()) return one.status();
    out.push_back(std::move(one).value());
  }
  return out;
}

// Runs a read through `run` and returns what `query` made of the result.
template <typename T, typename Run, typename Query>
Result<T> Fetch(Run&& run, Query&& query) {
  std::optional<Result<T>> out;
  Status s = run([&](pqxx::transaction_base& t) {
    out.emplace(query(t));
    return out->ok() ? Status::Ok() : out->status();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

int CurrentVersion(pqxx::transaction_base& t) {
  if (t.exec1("SELECT to_regclass('schema_version') IS NULL")[0].as<bool>()) return 0;
  return static_cast<int>(
      t.exec1("SELECT coalesce(max(version), 0) FROM schema_version")[0].as<std::int64_t>());
}

// The statements of one write, for Run (alone) or SavePlanChange (together).
Status InsertRecord(pqxx::transaction_base& t, Record& record) {
  const std::string id = NewRecordId();
  try {
    t.exec_params(
        "INSERT INTO records (id, patient_id, kind, date, author_id, payload, created_at, "
        "summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id, record.patient_id, RecordKindName(record.kind), record.date, record.author_id,
        record.payload, record.created_at, record.summary);
  } catch (const pqxx::foreign_key_violation&) {
    return NoUser(record.patient_id);
  }
  record.id = id;
  return Status::Ok();
}

Status WritePlan(pqxx::transaction_base& t, PlanRecord& plan, std::int64_t expected_version) {
  const std::int64_t next = expected_version + 1;
  auto version_now = [&]() -> std::int64_t {
    const auto r = t.exec_params("SELECT version FROM plans WHERE patient_id = $1 FOR UPDATE",
                                 plan.patient_id);
    return r.empty() ? 0 : Int(r[0][0]);
  };
  std::int64_t current = version_now();
  if (current != expected_version) return StalePlan(plan.patient_id, current, expected_version);
  if (current > 0) {
    t.exec_params(
        "UPDATE plans SET state = $2, version = $3, updated_at = $4 WHERE patient_id = $1",
        plan.patient_id, plan.state, next, plan.updated_at);
    plan.version = next;
    return Status::Ok();
  }
  pqxx::result r;
  try {
    // A concurrent first write wins; this one then sees its version.
    r = t.exec_params(
        "INSERT INTO plans (patient_id, state, version, updated_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (patient_id) DO NOTHING",
        plan.patient_id, plan.state, next, plan.updated_at);
  } catch (const pqxx::foreign_key_violation&) {
    return NoUser(plan.patient_id);
  }
  if (r.affected_rows() != 1) return StalePlan(plan.patient_id, version_now(), expected_version);
  plan.version = next;
  return Status::Ok();
}

Status WriteSummary(pqxx::transaction_base& t, const PatientSummary& summary) {
  try {
    t.exec_params(
        "INSERT INTO summaries (patient_id, clinic_id, display_name, name_key, attention, "
        "reasons, triage, status, last_activity, last_pain, updated_at, unanswered_since) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (patient_id) DO UPDATE SET clinic_id = $2, display_name = $3, "
        "name_key = $4, attention = $5, reasons = $6, triage = $7, status = $8, "
        "last_activity = $9, last_pain = $10, updated_at = $11, unanswered_since = $12",
        summary.patient_id, summary.clinic_id, summary.display_name, FoldName(summary.display_name),
        summary.attention, summary.reasons, summary.triage, summary.status, summary.last_activity,
        summary.last_pain, summary.updated_at, summary.unanswered_since);
  } catch (const pqxx::foreign_key_violation&) {
    return NoUser(summary.patient_id);
  }
  return Status::Ok();
}

}  // namespace

// --- Pool ------------------------------------------------------------------

class PostgresStore::Connection {
 public:
  explicit Connection(const std::string& url) : db(url) {}
  pqxx::connection db;
};

PostgresStore::PostgresStore(std::string url, Options options)
    : url_(std::move(url)), options_(options) {}

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url) {
  return Open(url, Options());
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url,
                                                           Options options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(url, options));
  auto first = store->Acquire();
  if (!first.ok()) return first.status();
  store->Release(std::move(first).value());
  return store;
}

Result<std::unique_ptr<PostgresStore::Connection>> PostgresStore::Acquire() {
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
  try {
    return std::make_unique<Connection>(url_);
  } catch (const std::exception& e) {
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      --open_;
    }
    pool_cv_.notify_one();
    // The URL is not repeated: it may hold a password.
    return Status::Unavailable("cannot connect to PostgreSQL (" + OneLine(e.what()) + ")");
  }
}

void PostgresStore::Release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (connection->db.is_open()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;  // broken: the next Acquire opens a fresh one
    }
  }
  pool_cv_.notify_one();
}

Status PostgresStore::Run(const Body& body, bool transaction) {
  auto c = Acquire();
  if (!c.ok()) return c.status();
  Status s;
  try {
    if (transaction) {
      pqxx::work t((*c)->db);
      s = body(t);
      if (s.ok()) t.commit();
    } else {
      pqxx::nontransaction t((*c)->db);
      s = body(t);
    }
  } catch (...) {
    s = CurrentException();
  }
  Release(std::move(c).value());
  return s;
}

// --- Schema ----------------------------------------------------------------

Status PostgresStore::Migrate() {
  const int latest = LatestSchemaVersion(Dialect::kPostgres);
  Status s = Run(
      [&](pqxx::transaction_base& t) {
        t.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
        t.exec(SchemaVersionTableSql(Dialect::kPostgres));
        const int current = CurrentVersion(t);
        return current > latest ? SchemaTooNew(current, latest) : Status::Ok();
      },
      /*transaction=*/true);
  if (!s.ok()) return s;
  for (const Migration& m : Migrations(Dialect::kPostgres)) {
    s = Run(
        [&](pqxx::transaction_base& t) {
          t.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
          if (CurrentVersion(t) >= m.version) return Status::Ok();  // another server did it
          t.exec(m.sql);
          t.exec_params("INSERT INTO schema_version (version, description) VALUES ($1, $2)",
                        m.version, m.description);
          return Status::Ok();
        },
        /*transaction=*/true);
    if (!s.ok()) return s.WithContext("schema migration " + std::to_string(m.version));
  }
  return Status::Ok();
}

Result<int> PostgresStore::SchemaVersion() {
  return Fetch<int>([&](const Body& b) { return Run(b); },
                    [](pqxx::transaction_base& t) -> Result<int> { return CurrentVersion(t); });
}

Status PostgresStore::Ping() {
  return Run([](pqxx::transaction_base& t) {
    t.exec("SELECT 1");
    return Status::Ok();
  });
}

// --- Clinics and users -----------------------------------------------------

Status PostgresStore::CreateClinic(Clinic& clinic) {
  const std::string id = NewId();
  Status s = Run([&](pqxx::transaction_base& t) {
    t.exec_params(
        "INSERT INTO clinics (id, name, created_at, emergency_number) VALUES ($1, $2, $3, $4)", id,
        clinic.name, clinic.created_at, clinic.emergency_number);
    return Status::Ok();
  });
  if (s.ok()) clinic.id = id;
  return s;
}

Result<Clinic> PostgresStore::GetClinic(const std::string& id) {
  return Fetch<Clinic>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(
            t.exec_params(
                "SELECT id, name, created_at, emergency_number FROM clinics WHERE id = $1", id),
            ReadClinic, NoClinic(id));
      });
}

Status PostgresStore::UpdateClinic(const Clinic& clinic) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r =
        t.exec_params("UPDATE clinics SET name = $1, emergency_number = $2 WHERE id = $3",
                      clinic.name, clinic.emergency_number, clinic.id);
    return r.affected_rows() == 0 ? NoClinic(clinic.id) : Status::Ok();
  });
}

Status PostgresStore::CreateUser(User& user) {
  const std::string id = NewId();
  const std::string email = LowerAscii(user.email);
  Status s = Run([&](pqxx::transaction_base& t) {
    try {
      t.exec_params(
          "INSERT INTO users (id, email, display_name, password_hash, role, clinic_id, disabled, "
          "created_at, also_clinician) VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, $8, $9)",
          id, email, user.display_name, user.password_hash, RoleName(user.role), user.clinic_id,
          user.disabled, user.created_at, user.also_clinician);
    } catch (const pqxx::unique_violation&) {
      return EmailTaken(email);
    } catch (const pqxx::foreign_key_violation&) {
      return NoClinic(user.clinic_id);
    }
    return Status::Ok();
  });
  if (s.ok()) {
    user.id = id;
    user.email = email;
  }
  return s;
}

Result<User> PostgresStore::GetUser(const std::string& id) {
  return Fetch<User>([&](const Body& b) { return Run(b); },
                     [&](pqxx::transaction_base& t) {
                       return One(t.exec_params(kUserSelect + "WHERE id = $1", id), ReadUser,
                                  NoUser(id));
                     });
}

Result<User> PostgresStore::FindUserByEmail(const std::string& email) {
  const std::string lower = LowerAscii(email);
  return Fetch<User>([&](const Body& b) { return Run(b); },
                     [&](pqxx::transaction_base& t) {
                       return One(t.exec_params(kUserSelect + "WHERE email = $1", lower), ReadUser,
                                  NoUserWithEmail(lower));
                     });
}

Status PostgresStore::UpdateUser(const User& user) {
  const std::string email = LowerAscii(user.email);
  return Run([&](pqxx::transaction_base& t) {
    pqxx::result r;
    try {
      r = t.exec_params(
          "UPDATE users SET email = $1, display_name = $2, password_hash = $3, role = $4, "
          "clinic_id = NULLIF($5, ''), disabled = $6, also_clinician = $7 WHERE id = $8",
          email, user.display_name, user.password_hash, RoleName(user.role), user.clinic_id,
          user.disabled, user.also_clinician, user.id);
    } catch (const pqxx::unique_violation&) {
      return EmailTaken(email);
    } catch (const pqxx::foreign_key_violation&) {
      return NoClinic(user.clinic_id);
    }
    return r.affected_rows() == 0 ? NoUser(user.id) : Status::Ok();
  });
}

Status PostgresStore::EraseUser(const std::string& id) {
  // The foreign keys cascade to sessions, records, plan and summary.
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params("DELETE FROM users WHERE id = $1", id);
    return r.affected_rows() == 0 ? NoUser(id) : Status::Ok();
  });
}

// --- Sessions and invitations ----------------------------------------------

Status PostgresStore::CreateSession(const Session& session) {
  return Run([&](pqxx::transaction_base& t) {
    try {
      t.exec_params(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) "
          "VALUES ($1, $2, $3, $4, $5)",
          session.token_hash, session.user_id, session.csrf_token, session.created_at,
          session.last_seen);
    } catch (const pqxx::unique_violation&) {
      return SessionExists();
    } catch (const pqxx::foreign_key_violation&) {
      return NoUser(session.user_id);
    }
    return Status::Ok();
  });
}

Result<std::int64_t> PostgresStore::AccessEpoch() {
  return Fetch<std::int64_t>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(
            t.exec("SELECT epoch FROM access_epoch WHERE id = 1"),
            +[](const pqxx::row& r) { return r[0].as<std::int64_t>(); },
            Status::Internal("the database has no access epoch; run `backcoach migrate`"));
      });
}

Result<Session> PostgresStore::GetSession(const std::string& token_hash) {
  return Fetch<Session>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(t.exec_params("SELECT token_hash, user_id, csrf_token, created_at, last_seen "
                                 "FROM sessions WHERE token_hash = $1",
                                 token_hash),
                   ReadSession, NoSession());
      });
}

Status PostgresStore::TouchSession(const std::string& token_hash, Timestamp last_seen) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2",
                                 last_seen, token_hash);
    return r.affected_rows() == 0 ? NoSession() : Status::Ok();
  });
}

Status PostgresStore::DeleteSession(const std::string& token_hash) {
  return Run([&](pqxx::transaction_base& t) {
    t.exec_params("DELETE FROM sessions WHERE token_hash = $1", token_hash);
    return Status::Ok();
  });
}

Status PostgresStore::DeleteSessionsOf(const std::string& user_id, const std::string& keep) {
  return Run([&](pqxx::transaction_base& t) {
    t.exec_params("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", user_id, keep);
    return Status::Ok();
  });
}

Status PostgresStore::CreateAccountToken(const AccountToken& token) {
  return Run([&](pqxx::transaction_base& t) {
    t.exec_params("DELETE FROM account_tokens WHERE expires_at < $1", token.created_at);
    try {
      t.exec_params(
          "INSERT INTO account_tokens (token_hash, kind, user_id, payload, created_at, "
          "expires_at) VALUES ($1, $2, NULLIF($3, ''), $4, $5, $6)",
          token.token_hash, TokenKindName(token.kind), token.user_id, token.payload,
          token.created_at, token.expires_at);
    } catch (const pqxx::unique_violation&) {
      return TokenExists();
    } catch (const pqxx::foreign_key_violation&) {
      return NoUser(token.user_id);
    }
    return Status::Ok();
  });
}

Result<AccountToken> PostgresStore::GetAccountToken(const std::string& token_hash) {
  return Fetch<AccountToken>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(t.exec_params("SELECT token_hash, kind, coalesce(user_id, ''), payload, "
                                 "created_at, expires_at FROM account_tokens "
                                 "WHERE token_hash = $1",
                                 token_hash),
                   ReadToken, NoToken());
      });
}

Status PostgresStore::UseAccountToken(const std::string& token_hash) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params("DELETE FROM account_tokens WHERE token_hash = $1", token_hash);
    return r.affected_rows() == 1 ? Status::Ok() : NoToken();
  });
}

Status PostgresStore::CreateInvitation(const Invitation& invitation) {
  return Run([&](pqxx::transaction_base& t) {
    try {
      t.exec_params(
          "INSERT INTO invitations (code, clinic_id, created_by, created_at, expires_at, "
          "used_by) VALUES ($1, $2, $3, $4, $5, $6)",
          invitation.code, invitation.clinic_id, invitation.created_by, invitation.created_at,
          invitation.expires_at, invitation.used_by);
    } catch (const pqxx::unique_violation&) {
      return InvitationExists(invitation.code);
    } catch (const pqxx::foreign_key_violation&) {
      return NoClinic(invitation.clinic_id);
    }
    return Status::Ok();
  });
}

Result<Invitation> PostgresStore::GetInvitation(const std::string& code) {
  return Fetch<Invitation>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(t.exec_params("SELECT code, clinic_id, created_by, created_at, expires_at, "
                                 "used_by FROM invitations WHERE code = $1",
                                 code),
                   ReadInvitation, NoInvitation(code));
      });
}

Status PostgresStore::UseInvitation(const std::string& code, const std::string& user_id) {
  return Run([&](pqxx::transaction_base& t) {
    // One statement claims the code, so two sign-ups cannot both use it.
    const auto r = t.exec_params(
        "UPDATE invitations SET used_by = $1 WHERE code = $2 AND used_by = ''", user_id, code);
    if (r.affected_rows() == 1) return Status::Ok();
    const auto exists = t.exec_params("SELECT 1 FROM invitations WHERE code = $1", code);
    return exists.empty() ? NoInvitation(code) : InvitationUsed(code);
  });
}

// --- Care teams, alerts, claims ---------------------------------------------

namespace {

// An array literal of texts, for a `$n::text[]` parameter (libpqxx 6 binds
// no arrays).
std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

// Three reads, each on equalities PostgreSQL applies before anything else,
// rather than one statement whose OR made it look at every clinic's
// accounts: an admin's page then reaches its own clinic's rows only, as a
// database split by clinic needs (docs/scaling.md).
namespace {

// As SqliteStore's (?1 to ?4 are $1 to $4), with the names compared byte by
// byte, as users_by_clinic_role orders them.
std::string AccountPageSql(bool after) {
  const std::string from_key = after ? "AND (display_name COLLATE \"C\", id) > ($3, $4) " : "";
  const std::string order = "ORDER BY display_name COLLATE \"C\", id LIMIT $2";
  const auto own = [&](const char* role) {
    return "(" + kUserSelect + "WHERE clinic_id = $1 AND role = '" + role + "' " + from_key +
           order + ")";
  };
  return "SELECT * FROM (" + own("patient") + " UNION " + own("supporter") + " UNION (" +
         kUserSelect +
         "WHERE role IN ('patient', 'supporter') AND id IN (SELECT t.member_id FROM care_team t " +
         "JOIN users p ON p.id = t.patient_id WHERE p.clinic_id = $1) " + from_key + order +
         ")) AS page " + order;
}

}  // namespace

Result<std::vector<User>> PostgresStore::ListClinicStaff(const std::string& clinic_id) {
  return Fetch<std::vector<User>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<User>> {
        return All(
            t.exec_params(kUserSelect + "WHERE clinic_id = $1 AND role IN ('clinician', 'admin') "
                                        "ORDER BY id",
                          clinic_id),
            ReadUser);
      });
}

Result<std::vector<User>> PostgresStore::ListClinicAccountsAmong(
    const std::string& clinic_id, const std::vector<std::string>& ids) {
  if (clinic_id.empty() || ids.empty()) return std::vector<User>{};
  return Fetch<std::vector<User>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<User>> {
        return All(
            t.exec_params(kUserSelect + "WHERE id = ANY($2::text[]) AND (clinic_id = $1 OR EXISTS "
                                        "(SELECT 1 FROM care_team t JOIN users p ON p.id = "
                                        "t.patient_id WHERE t.member_id = users.id AND p.clinic_id "
                                        "= $1)) ORDER BY id",
                          clinic_id, TextArray(ids)),
            ReadUser);
      });
}

Result<std::vector<User>> PostgresStore::ListAccountPage(const AccountQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  if (query.clinic_id.empty()) return std::vector<User>{};  // no clinic has no accounts
  return Fetch<std::vector<User>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<User>> {
        static const std::string kFirst = AccountPageSql(false), kAfter = AccountPageSql(true);
        if (!query.after) {
          return All(t.exec_params(kFirst, query.clinic_id, query.limit), ReadUser);
        }
        return All(t.exec_params(kAfter, query.clinic_id, query.limit, query.after->display_name,
                                 query.after->id),
                   ReadUser);
      });
}

Result<std::vector<std::string>> PostgresStore::ListUserIds(Role role, const std::string& after_id,
                                                            int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  return Fetch<std::vector<std::string>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<std::string>> {
        return All(t.exec_params("SELECT id FROM users WHERE role = $1 AND id > $2 ORDER BY id "
                                 "LIMIT $3",
                                 std::string(RoleName(role)), after_id, limit),
                   ReadId);
      });
}

Status PostgresStore::AddCareMember(const CareMember& member) {
  return Run([&](pqxx::transaction_base& t) {
    try {
      t.exec_params(
          "INSERT INTO care_team (patient_id, member_id, scopes, added_at) VALUES ($1, $2, $3, $4)",
          member.patient_id, member.member_id, member.scopes, member.added_at);
    } catch (const pqxx::unique_violation&) {
      return AlreadyOnTeam(member.member_id);
    } catch (const pqxx::foreign_key_violation&) {
      return NoUser(member.patient_id + " or " + member.member_id);
    }
    return Status::Ok();
  });
}

Status PostgresStore::UpdateCareMember(const CareMember& member) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r =
        t.exec_params("UPDATE care_team SET scopes = $1 WHERE patient_id = $2 AND member_id = $3",
                      member.scopes, member.patient_id, member.member_id);
    return r.affected_rows() == 0 ? NotOnTeam(member.member_id) : Status::Ok();
  });
}

Status PostgresStore::RemoveCareMember(const std::string& patient_id,
                                       const std::string& member_id) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params("DELETE FROM care_team WHERE patient_id = $1 AND member_id = $2",
                                 patient_id, member_id);
    return r.affected_rows() == 0 ? NotOnTeam(member_id) : Status::Ok();
  });
}

Result<std::vector<CareMember>> PostgresStore::ListCareTeam(const std::string& patient_id) {
  return Fetch<std::vector<CareMember>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<CareMember>> {
        return All(t.exec_params("SELECT patient_id, member_id, scopes, added_at FROM care_team "
                                 "WHERE patient_id = $1 ORDER BY added_at, member_id",
                                 patient_id),
                   ReadCareMember);
      });
}

Result<std::vector<CareMember>> PostgresStore::ListSupported(const std::string& member_id) {
  return Fetch<std::vector<CareMember>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<CareMember>> {
        return All(t.exec_params("SELECT patient_id, member_id, scopes, added_at FROM care_team "
                                 "WHERE member_id = $1 ORDER BY added_at, patient_id",
                                 member_id),
                   ReadCareMember);
      });
}

// --- Messages and lead clinicians ------------------------------------------

Status PostgresStore::AddMessage(Record& record, const std::string& member_id) {
  Record attempt = record;
  Status s = Run(
      [&](pqxx::transaction_base& t) -> Status {
        if (Status s = InsertRecord(t, attempt); !s.ok()) return s;
        const bool by_patient = record.author_id == record.patient_id;
        try {
          t.exec_params(
              by_patient
                  ? "INSERT INTO message_threads (patient_id, member_id, messages, last_at, "
                    "waiting_since, patient_read, member_read) VALUES ($1, $2, 1, $3, $3, 1, 0) "
                    "ON CONFLICT (patient_id, member_id) DO UPDATE SET "
                    "messages = message_threads.messages + 1, last_at = $3, "
                    "patient_read = message_threads.messages + 1, "
                    "waiting_since = CASE WHEN message_threads.waiting_since = 0 THEN $3 "
                    "ELSE message_threads.waiting_since END"
                  : "INSERT INTO message_threads (patient_id, member_id, messages, last_at, "
                    "waiting_since, patient_read, member_read) VALUES ($1, $2, 1, $3, 0, 0, 1) "
                    "ON CONFLICT (patient_id, member_id) DO UPDATE SET "
                    "messages = message_threads.messages + 1, last_at = $3, "
                    "member_read = message_threads.messages + 1, waiting_since = 0",
              record.patient_id, member_id, record.created_at);
        } catch (const pqxx::foreign_key_violation&) {
          return NoUser(member_id);
        }
        return Status::Ok();
      },
      /*transaction=*/true);
  if (s.ok()) record = std::move(attempt);
  return s;
}

Status PostgresStore::MarkThreadRead(const std::string& patient_id, const std::string& member_id,
                                     bool by_patient) {
  return Run([&](pqxx::transaction_base& t) {
    t.exec_params(by_patient ? "UPDATE message_threads SET patient_read = messages "
                               "WHERE patient_id = $1 AND member_id = $2"
                             : "UPDATE message_threads SET member_read = messages "
                               "WHERE patient_id = $1 AND member_id = $2",
                  patient_id, member_id);
    return Status::Ok();
  });
}

Result<std::vector<MessageThread>> PostgresStore::ListThreads(const std::string& patient_id) {
  return Fetch<std::vector<MessageThread>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<MessageThread>> {
        return All(
            t.exec_params(kThreadSelect + "WHERE patient_id = $1 ORDER BY member_id", patient_id),
            ReadThread);
      });
}

Result<std::vector<MessageThread>> PostgresStore::ListMemberThreads(
    const std::string& member_id, const std::vector<std::string>& patient_ids) {
  if (patient_ids.empty()) return std::vector<MessageThread>{};
  return Fetch<std::vector<MessageThread>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<MessageThread>> {
        return All(t.exec_params(kThreadSelect + "WHERE member_id = $1 AND patient_id IN "
                                                 "(SELECT json_array_elements_text($2::json)) "
                                                 "ORDER BY patient_id",
                                 member_id, IdsAsJson(patient_ids)),
                   ReadThread);
      });
}

Status PostgresStore::SetLeadClinician(const std::string& patient_id,
                                       const std::string& clinician_id, Timestamp at) {
  return Run(
      [&](pqxx::transaction_base& t) -> Status {
        if (t.exec_params("SELECT 1 FROM users WHERE id = $1", patient_id).empty()) {
          return NoUser(patient_id);
        }
        if (clinician_id.empty()) {
          t.exec_params("DELETE FROM lead_clinicians WHERE patient_id = $1", patient_id);
          return Status::Ok();
        }
        try {
          t.exec_params(
              "INSERT INTO lead_clinicians (patient_id, clinician_id, set_at) VALUES ($1, $2, $3) "
              "ON CONFLICT (patient_id) DO UPDATE SET clinician_id = $2, set_at = $3",
              patient_id, clinician_id, at);
        } catch (const pqxx::foreign_key_violation&) {
          return NoUser(clinician_id);
        }
        return Status::Ok();
      },
      /*transaction=*/true);
}

Result<std::string> PostgresStore::LeadClinician(const std::string& patient_id) {
  return Fetch<std::string>([&](const Body& b) { return Run(b); },
                            [&](pqxx::transaction_base& t) -> Result<std::string> {
                              const auto r = t.exec_params(
                                  "SELECT clinician_id FROM lead_clinicians WHERE patient_id = $1",
                                  patient_id);
                              return r.empty() ? std::string() : Text(r[0][0]);
                            });
}

Result<std::vector<User>> PostgresStore::ListClinicians(const std::string& clinic_id) {
  return Fetch<std::vector<User>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<User>> {
        return All(t.exec_params(kUserSelect + "WHERE clinic_id = $1 AND role = 'clinician' "
                                               "ORDER BY display_name COLLATE \"C\", id",
                                 clinic_id),
                   ReadUser);
      });
}

Status PostgresStore::AddAlert(Alert& alert) {
  const std::string id = NewId();
  Status s = Run([&](pqxx::transaction_base& t) {
    try {
      t.exec_params(
          "INSERT INTO alerts (id, patient_id, clinic_id, rule, period, kind, reason, source, "
          "state, note, updated_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          id, alert.patient_id, alert.clinic_id, alert.rule, alert.period,
          AlertKindName(alert.kind), alert.reason, alert.source, AlertStateName(alert.state),
          alert.note, alert.updated_by, alert.created_at, alert.updated_at);
    } catch (const pqxx::unique_violation&) {
      return AlertExists(alert.rule, alert.period);
    } catch (const pqxx::foreign_key_violation&) {
      return NoUser(alert.patient_id);
    }
    return Status::Ok();
  });
  if (s.ok()) alert.id = id;
  return s;
}

Status PostgresStore::UpdateAlert(const Alert& alert) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params(
        "UPDATE alerts SET state = $1, note = $2, updated_by = $3, updated_at = $4 "
        "WHERE id = $5 AND patient_id = $6",
        AlertStateName(alert.state), alert.note, alert.updated_by, alert.updated_at, alert.id,
        alert.patient_id);
    return r.affected_rows() == 0 ? NoAlert(alert.id) : Status::Ok();
  });
}

Result<std::vector<Alert>> PostgresStore::ListAlerts(const AlertQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  return Fetch<std::vector<Alert>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<Alert>> {
        const std::string where =
            query.patient_id.empty() ? "WHERE clinic_id = $1 " : "WHERE patient_id = $1 ";
        const std::string& owner = query.patient_id.empty() ? query.clinic_id : query.patient_id;
        const std::string sql = kAlertSelect + where +
                                (query.open_only ? "AND state <> 'resolved' " : "") +
                                (query.after ? "AND (created_at, id) < ($3::BIGINT, $4) " : "") +
                                "ORDER BY created_at DESC, id DESC LIMIT $2";
        if (query.after) {
          return All(
              t.exec_params(sql, owner, query.limit, query.after->created_at, query.after->id),
              ReadAlert);
        }
        return All(t.exec_params(sql, owner, query.limit), ReadAlert);
      });
}

Status PostgresStore::Claim(const std::string& kind, const std::string& user_id,
                            const std::string& period, Timestamp at) {
  return Run([&](pqxx::transaction_base& t) {
    try {
      const auto r = t.exec_params(
          "INSERT INTO claims (kind, user_id, period, claimed_at) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT DO NOTHING",
          kind, user_id, period, at);
      return r.affected_rows() == 0 ? AlreadyClaimed(kind, period) : Status::Ok();
    } catch (const pqxx::foreign_key_violation&) {
      return NoUser(user_id);
    }
  });
}

// --- Records and plans -----------------------------------------------------

Status PostgresStore::AddRecord(Record& record) {
  return Run([&](pqxx::transaction_base& t) { return InsertRecord(t, record); });
}

Status PostgresStore::AddRecords(std::vector<Record>& records) {
  return Run(
      [&](pqxx::transaction_base& t) -> Status {
        for (Record& r : records) {
          if (Status s = InsertRecord(t, r); !s.ok()) return s;
        }
        return Status::Ok();
      },
      /*transaction=*/true);
}

Result<Record> PostgresStore::GetRecord(const std::string& id) {
  return Fetch<Record>([&](const Body& b) { return Run(b); },
                       [&](pqxx::transaction_base& t) {
                         return One(t.exec_params(kRecordSelect + "WHERE id = $1", id), ReadRecord,
                                    NoRecord(id));
                       });
}

Result<std::vector<Record>> PostgresStore::ReadRecordPage(const RecordPageQuery& query,
                                                          const std::string& select) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  return Fetch<std::vector<Record>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<Record>> {
        // Each form walks its own index (records_by_kind or records_by_date)
        // backwards from the newest, or from the row value of `after`.
        const std::string order = "ORDER BY date DESC, created_at DESC, id DESC ";
        const std::string& id = query.patient_id;
        const int limit = query.limit;
        if (!query.after) {
          if (!query.kind) {
            return All(
                t.exec_params(select + "WHERE patient_id = $1 " + order + "LIMIT $2", id, limit),
                ReadRecord);
          }
          return All(
              t.exec_params(select + "WHERE patient_id = $1 AND kind = $2 " + order + "LIMIT $3",
                            id, RecordKindName(*query.kind), limit),
              ReadRecord);
        }
        const RecordKey& a = *query.after;
        if (!query.kind) {
          return All(t.exec_params(select +
                                       "WHERE patient_id = $1 AND (date, created_at, id) < "
                                       "($2, $3::BIGINT, $4) " +
                                       order + "LIMIT $5",
                                   id, a.date, a.created_at, a.id, limit),
                     ReadRecord);
        }
        return All(
            t.exec_params(select +
                              "WHERE patient_id = $1 AND kind = $2 AND (date, created_at, "
                              "id) < ($3, $4::BIGINT, $5) " +
                              order + "LIMIT $6",
                          id, RecordKindName(*query.kind), a.date, a.created_at, a.id, limit),
            ReadRecord);
      });
}

Result<std::vector<Record>> PostgresStore::ListRecordPage(const RecordPageQuery& query) {
  return ReadRecordPage(query, kRecordSelect);
}

Result<std::vector<Record>> PostgresStore::ListRecordSummaryPage(const RecordPageQuery& query) {
  return ReadRecordPage(query, kRecordSummarySelect);
}

Status PostgresStore::DeleteRecord(const std::string& patient_id, RecordKind kind,
                                   const std::string& id) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r =
        t.exec_params("DELETE FROM records WHERE id = $1 AND patient_id = $2 AND kind = $3", id,
                      patient_id, RecordKindName(kind));
    return r.affected_rows() == 0 ? NoRecord(id) : Status::Ok();
  });
}

Result<PlanRecord> PostgresStore::GetPlan(const std::string& patient_id) {
  return Fetch<PlanRecord>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(t.exec_params("SELECT patient_id, state, version, updated_at FROM plans "
                                 "WHERE patient_id = $1",
                                 patient_id),
                   ReadPlan, NoPlan(patient_id));
      });
}

Result<std::int64_t> PostgresStore::PlanVersion(const std::string& patient_id) {
  return Fetch<std::int64_t>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(
            t.exec_params("SELECT version FROM plans WHERE patient_id = $1", patient_id),
            +[](const pqxx::row& r) { return r[0].as<std::int64_t>(); }, NoPlan(patient_id));
      });
}

Status PostgresStore::PutPlan(PlanRecord& plan, std::int64_t expected_version) {
  PlanRecord attempt = plan;  // the version is kept only when the transaction commits
  Status s = Run([&](pqxx::transaction_base& t) { return WritePlan(t, attempt, expected_version); },
                 /*transaction=*/true);
  if (s.ok()) plan.version = attempt.version;
  return s;
}

// --- Summaries -------------------------------------------------------------

Status PostgresStore::SavePlanChange(PlanChange& change) {
  PlanChange attempt = change;  // ids and versions are kept only when it commits
  Status s = Run(
      [&](pqxx::transaction_base& t) -> Status {
        if (Status s = InsertRecord(t, attempt.record); !s.ok()) return s;
        if (Status s = WritePlan(t, attempt.plan, attempt.expected_version); !s.ok()) return s;
        return WriteSummary(t, attempt.summary);
      },
      /*transaction=*/true);
  if (s.ok()) change = std::move(attempt);
  return s;
}

Status PostgresStore::PutSummary(const PatientSummary& summary) {
  return Run([&](pqxx::transaction_base& t) { return WriteSummary(t, summary); });
}

Result<PatientSummary> PostgresStore::GetSummary(const std::string& patient_id) {
  return Fetch<PatientSummary>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) {
        return One(t.exec_params(kSummarySelect + "WHERE patient_id = $1", patient_id), ReadSummary,
                   NoSummary(patient_id));
      });
}

Result<std::vector<PatientSummary>> PostgresStore::ListPatients(const PatientQuery& query) {
  if (Status s = CheckPatientQuery(query); !s.ok()) return s;
  return Fetch<std::vector<PatientSummary>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<PatientSummary>> {
        const std::string search = FoldName(query.search);
        if (const auto& after = query.after) {
          return All(
              t.exec_params(kPatientAfter, query.clinic_id, search, query.limit, after->attention,
                            after->name_key, after->display_name, after->patient_id),
              ReadSummary);
        }
        return All(t.exec_params(kSummarySelect + kPatientFilter + kPatientOrder + "LIMIT $3",
                                 query.clinic_id, search, query.limit),
                   ReadSummary);
      });
}

Result<int> PostgresStore::CountPatients(const PatientQuery& query) {
  return Fetch<int>([&](const Body& b) { return Run(b); },
                    [&](pqxx::transaction_base& t) -> Result<int> {
                      return static_cast<int>(
                          Int(t.exec_params1("SELECT count(*) FROM summaries " + kPatientFilter,
                                             query.clinic_id, FoldName(query.search))[0]));
                    });
}

// None kept: a counter row per clinic, updated by every session log, would
// make the clinic's concurrent logs wait for each other's commit on its row
// lock. So no page of the list is kept on PostgreSQL (migration 15).
Result<std::optional<std::int64_t>> PostgresStore::ListVersion(const std::string& /*clinic_id*/) {
  return std::optional<std::int64_t>();
}

// --- Audit -----------------------------------------------------------------

Status PostgresStore::AppendAudit(AuditEntry& entry) {
  std::vector<AuditEntry> one = {std::move(entry)};
  Status s = AppendAuditBatch(one);
  entry = std::move(one.front());
  return s;
}

Status PostgresStore::AppendAuditBatch(std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  // The advisory lock is held to the end of the transaction: from reading
  // the head of the chain to committing the new entries, no other server
  // appends.
  return Run(
      [&](pqxx::transaction_base& t) {
        t.exec_params("SELECT pg_advisory_xact_lock($1)", kAuditLock);
        const auto head = t.exec("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        std::int64_t seq = head.empty() ? 0 : Int(head[0][0]);
        std::string prev = head.empty() ? "" : Text(head[0][1]);
        for (AuditEntry& e : entries) {
          e.seq = ++seq;
          e.prev_hash = prev;
          e.hash = AuditMac(e, audit_key());
          t.exec_params(
              "INSERT INTO audit (seq, at, actor_id, action, patient_id, outcome, detail, "
              "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              e.seq, e.at, e.actor_id, e.action, e.patient_id, e.outcome, e.detail, e.prev_hash,
              e.hash);
          prev = e.hash;
        }
        return Status::Ok();
      },
      /*transaction=*/true);
}

Result<std::vector<AuditEntry>> PostgresStore::ListAudit(std::int64_t after_seq, int limit) {
  if (Status s = CheckListLimit(limit); !s.ok()) return s;
  return Fetch<std::vector<AuditEntry>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<AuditEntry>> {
        return All(
            t.exec_params(kAuditSelect + "WHERE seq > $1 ORDER BY seq LIMIT $2", after_seq, limit),
            ReadAudit);
      });
}

Result<std::vector<AuditEntry>> PostgresStore::SearchAudit(const AuditQuery& query) {
  if (Status s = CheckListLimit(query.limit); !s.ok()) return s;
  return Fetch<std::vector<AuditEntry>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<AuditEntry>> {
        return All(
            t.exec_params(kAuditSelect +
                              "WHERE ((actor_id IN (SELECT id FROM users WHERE clinic_id = $1) AND "
                              "actor_id <> patient_id) "
                              "OR patient_id IN (SELECT id FROM users WHERE clinic_id = $1)) "
                              "AND ($2 = '' OR actor_id = $2) AND ($3 = '' OR patient_id = $3) "
                              "AND ($4 = '' OR strpos(action, $4) > 0) "
                              "AND ($5::bigint = 0 OR at >= $5) AND ($6::bigint = 0 OR at < $6) "
                              "AND ($7::bigint = 0 OR seq < $7) ORDER BY seq DESC LIMIT $8",
                          query.clinic_id, query.actor_id, query.patient_id, query.action,
                          query.from, query.to, query.before_seq, query.limit),
            ReadAudit);
      });
}

Result<AuditEntry> PostgresStore::LastAudit() {
  auto last = Fetch<std::vector<AuditEntry>>(
      [&](const Body& b) { return Run(b); },
      [&](pqxx::transaction_base& t) -> Result<std::vector<AuditEntry>> {
        return All(t.exec(kAuditSelect + "ORDER BY seq DESC LIMIT 1"), ReadAudit);
      });
  if (!last.ok()) return last.status();
  if (last->empty()) return Status::NotFound("the audit log is empty");
  return last->front();
}

Result<std::int64_t> PostgresStore::AuditKeyedFrom() {
  return Fetch<std::int64_t>([&](const Body& b) { return Run(b); },
                             [&](pqxx::transaction_base& t) -> Result<std::int64_t> {
                               return Int(t.exec1("SELECT keyed_from FROM audit_chain")[0]);
                             });
}

Status PostgresStore::ClaimAuditAnchor(const std::string& day, Timestamp at) {
  return Run([&](pqxx::transaction_base& t) {
    const auto r = t.exec_params(
        "INSERT INTO audit_anchors (day, claimed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", day,
        at);
    return r.affected_rows() == 0
               ? Status::Conflict("the audit anchor of " + day + " is already claimed")
               : Status::Ok();
  });
}

Status PostgresStore::Backup(const std::string&) {
  return Status::Unavailable(
      "PostgreSQL databases are backed up with pg_dump, not backcoach backup "
      "(see docs/operations-backup.md)");
}

}  // namespace backcoach
