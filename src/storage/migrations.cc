#include "storage/migrations.h"

namespace backcoach {

namespace {

// The same step in both dialects.
const Migration kAuditByActorAboutOthers{
    11,
    "the audit's index by actor leaves out a person's entries about themselves, which the index "
    "by patient holds",
    R"sql(
DROP INDEX audit_by_actor;
CREATE INDEX audit_by_actor ON audit(actor_id, seq) WHERE actor_id <> patient_id;
)sql"};

// SQLite: integers are 64-bit, text compares byte by byte (as the memory
// store does), booleans are 0/1.
const std::vector<Migration> kSqlite = {
    {1, "clinics, users, sessions, invitations, records, plans, summaries, audit",
     R"sql(
CREATE TABLE clinics (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
  clinic_id TEXT REFERENCES clinics(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_by_clinic ON users(clinic_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE invitations (
  code TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE records (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  author_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX records_by_kind ON records(patient_id, kind, date, created_at, id);
CREATE INDEX records_by_date ON records(patient_id, date, created_at, id);
CREATE TABLE plans (
  patient_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE summaries (
  patient_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  clinic_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  attention INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  triage TEXT NOT NULL,
  status TEXT NOT NULL,
  last_activity TEXT NOT NULL,
  last_pain INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX summaries_by_attention
  ON summaries(clinic_id, attention DESC, name_key, display_name, patient_id);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql"},
    {2, "the audit log is append-only", R"sql(
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql"},
    {3, "supporters; care teams, alerts, claims of scheduled work",
     // SQLite cannot change a CHECK constraint in place: the users table is
     // rebuilt (the runner turns foreign keys off around a step, as SQLite's
     // documented procedure for this asks, and checks them before commit).
     R"sql(
CREATE TABLE users_v3 (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin', 'supporter')),
  clinic_id TEXT REFERENCES clinics(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
INSERT INTO users_v3 SELECT id, email, display_name, password_hash, role, clinic_id, disabled,
  created_at FROM users;
DROP TABLE users;
ALTER TABLE users_v3 RENAME TO users;
CREATE INDEX users_by_clinic ON users(clinic_id);
CREATE TABLE care_team (
  patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scopes TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (patient_id, member_id)
);
CREATE INDEX care_team_by_member ON care_team(member_id, patient_id);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  clinic_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'seen', 'resolved')),
  note TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (patient_id, rule, period)
);
CREATE INDEX alerts_by_clinic ON alerts(clinic_id, created_at);
CREATE TABLE claims (
  kind TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (kind, user_id, period)
);
CREATE INDEX claims_by_user ON claims(user_id);
)sql"},
    {4, "account tokens (password resets, sign-ups awaiting confirmation); invitation codes hashed",
     // sha256_hex() is the store's own function (SqliteStore::Migrate): a
     // code already handed out keeps working, as its hash.
     R"sql(
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('reset', 'signup')),
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX account_tokens_by_user ON account_tokens(user_id);
CREATE INDEX account_tokens_by_expiry ON account_tokens(expires_at);
UPDATE invitations SET code = sha256_hex(code);
)sql"},
    {5, "the audit chain is keyed from here on; daily anchors are claimed once", R"sql(
CREATE TABLE audit_chain (
  keyed_from INTEGER NOT NULL
);
INSERT INTO audit_chain (keyed_from) SELECT coalesce(max(seq), 0) + 1 FROM audit;
CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_anchors (
  day TEXT PRIMARY KEY,
  claimed_at INTEGER NOT NULL
);
)sql"},
    {6, "message threads: counts, read markers, unanswered messages; a lead clinician per patient",
     R"sql(
CREATE TABLE message_threads (
  patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  messages INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  waiting_since INTEGER NOT NULL,
  patient_read INTEGER NOT NULL,
  member_read INTEGER NOT NULL,
  PRIMARY KEY (patient_id, member_id)
);
CREATE INDEX message_threads_by_member ON message_threads(member_id, patient_id);
CREATE TABLE lead_clinicians (
  patient_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  clinician_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  set_at INTEGER NOT NULL
);
CREATE INDEX lead_clinicians_by_clinician ON lead_clinicians(clinician_id);
ALTER TABLE summaries ADD COLUMN unanswered_since INTEGER NOT NULL DEFAULT 0;
)sql"},
    {7, "clinic settings (an emergency number); admins who are also clinicians", R"sql(
ALTER TABLE clinics ADD COLUMN emergency_number TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN also_clinician INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_by_actor ON audit(actor_id, seq);
CREATE INDEX audit_by_patient ON audit(patient_id, seq);
)sql"},
    {8, "alerts are read a page at a time, newest first, by patient and by clinic", R"sql(
DROP INDEX alerts_by_clinic;
CREATE INDEX alerts_by_clinic ON alerts(clinic_id, created_at, id);
CREATE INDEX alerts_by_patient ON alerts(patient_id, created_at, id);
)sql"},
    {9, "a record's summary beside its payload, so that a list reads no payload", R"sql(
ALTER TABLE records ADD COLUMN summary TEXT NOT NULL DEFAULT '';
UPDATE records SET summary = json_object('exercise', json_extract(payload, '$.exercise'),
                                         'frames', json_extract(payload, '$.frames'),
                                         'bytes', json_extract(payload, '$.bytes'))
  WHERE kind = 'pose_recording' AND json_valid(payload);
)sql"},
    {10,
     "an epoch that counts sessions ended and accounts changed, and plan versions in an index, for "
     "the caches",
     R"sql(
CREATE INDEX plans_version ON plans(patient_id, version);
CREATE TABLE access_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), epoch INTEGER NOT NULL);
INSERT INTO access_epoch VALUES (1, 1);
CREATE TRIGGER access_epoch_session_ended AFTER DELETE ON sessions
BEGIN UPDATE access_epoch SET epoch = epoch + 1 WHERE id = 1; END;
CREATE TRIGGER access_epoch_user_changed AFTER UPDATE ON users
BEGIN UPDATE access_epoch SET epoch = epoch + 1 WHERE id = 1; END;
CREATE TRIGGER access_epoch_user_erased AFTER DELETE ON users
BEGIN UPDATE access_epoch SET epoch = epoch + 1 WHERE id = 1; END;
)sql"},
    kAuditByActorAboutOthers,
    {12, "a clinic's accounts by role and name, for the admin's lists a page at a time", R"sql(
CREATE INDEX users_by_clinic_role ON users(clinic_id, role, display_name, id);
)sql"},
    {13,
     "the audit is indexed for the admin's search in steps of many entries on SQLite, one entry at "
     "a time on PostgreSQL",
     // Each entry used to go into audit_by_patient (and audit_by_actor) as
     // it was appended: a leaf of its own for nearly every read audited.
     // The same pairs now go into tables of their own, many at a time in
     // key order (SqliteStore::IndexAuditTail); the search reads the
     // entries after audit_indexed.upto from the chain itself.
     R"sql(
CREATE TABLE audit_patient_seq (
  patient_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (patient_id, seq)
) WITHOUT ROWID;
CREATE TABLE audit_actor_seq (
  actor_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (actor_id, seq)
) WITHOUT ROWID;
CREATE TABLE audit_indexed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  upto INTEGER NOT NULL
);
INSERT INTO audit_patient_seq SELECT patient_id, seq FROM audit WHERE patient_id <> ''
  ORDER BY patient_id, seq;
INSERT INTO audit_actor_seq SELECT actor_id, seq FROM audit WHERE actor_id <> patient_id
  ORDER BY actor_id, seq;
INSERT INTO audit_indexed (id, upto) SELECT 1, coalesce(max(seq), 0) FROM audit;
DROP INDEX audit_by_patient;
DROP INDEX audit_by_actor;
)sql"},
    {14,
     "the clinic's list is kept in its own order on SQLite, so that a page is read without a "
     "look-up of each row",
     // The list walked summaries_by_attention and went from each entry to
     // the row elsewhere in the table: a search of the table's B-tree per
     // patient shown, its pages read back from the file after any commit
     // (SQLite empties a reader's page cache then). Kept in the list's
     // order, a page is a few neighbouring leaves; a patient's row is found
     // through the index that UNIQUE makes.
     R"sql(
CREATE TABLE summaries_in_list_order (
  patient_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  clinic_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  attention INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  triage TEXT NOT NULL,
  status TEXT NOT NULL,
  last_activity TEXT NOT NULL,
  last_pain INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  unanswered_since INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (clinic_id, attention DESC, name_key, display_name, patient_id)
) WITHOUT ROWID;
INSERT INTO summaries_in_list_order (patient_id, clinic_id, display_name, name_key, attention,
    reasons, triage, status, last_activity, last_pain, updated_at, unanswered_since)
  SELECT patient_id, clinic_id, display_name, name_key, attention, reasons, triage, status,
         last_activity, last_pain, updated_at, unanswered_since FROM summaries
  ORDER BY clinic_id, attention DESC, name_key, display_name, patient_id;
DROP TABLE summaries;
ALTER TABLE summaries_in_list_order RENAME TO summaries;
)sql"},
    {15,
     "a version of each clinic's list, moved by every change to what the list shows, for the "
     "cache of its pages",
     // Triggers count the changes, so that every process sharing the file,
     // and every path to the rows (a cascade from an erased account among
     // them), moves the version (Store::ListVersion).
     R"sql(
CREATE TABLE list_versions (
  clinic_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO list_versions (clinic_id, version) SELECT DISTINCT clinic_id, 1 FROM summaries;
CREATE TRIGGER list_version_summary_added AFTER INSERT ON summaries
BEGIN
  INSERT INTO list_versions (clinic_id, version) VALUES (NEW.clinic_id, 1)
    ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER list_version_summary_changed AFTER UPDATE ON summaries
BEGIN
  INSERT INTO list_versions (clinic_id, version) VALUES (NEW.clinic_id, 1)
    ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;
  UPDATE list_versions SET version = version + 1
    WHERE clinic_id = OLD.clinic_id AND OLD.clinic_id <> NEW.clinic_id;
END;
CREATE TRIGGER list_version_summary_removed AFTER DELETE ON summaries
BEGIN
  UPDATE list_versions SET version = version + 1 WHERE clinic_id = OLD.clinic_id;
END;
CREATE TRIGGER list_version_thread_added AFTER INSERT ON message_threads
BEGIN
  UPDATE list_versions SET version = version + 1
    WHERE clinic_id = (SELECT clinic_id FROM summaries WHERE patient_id = NEW.patient_id);
END;
CREATE TRIGGER list_version_thread_changed AFTER UPDATE ON message_threads
BEGIN
  UPDATE list_versions SET version = version + 1
    WHERE clinic_id IN (SELECT clinic_id FROM summaries
                        WHERE patient_id IN (OLD.patient_id, NEW.patient_id));
END;
CREATE TRIGGER list_version_thread_removed AFTER DELETE ON message_threads
BEGIN
  UPDATE list_versions SET version = version + 1
    WHERE clinic_id = (SELECT clinic_id FROM summaries WHERE patient_id = OLD.patient_id);
END;
)sql"},
};

// PostgreSQL: the columns that are sorted or compared are COLLATE "C", so
// the order is byte order, the same as SQLite's and the memory store's,
// whatever locale the database was created with.
const std::vector<Migration> kPostgres = {
    {1, "clinics, users, sessions, invitations, records, plans, summaries, audit",
     R"sql(
CREATE TABLE clinics (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY,
  email TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
  clinic_id TEXT COLLATE "C" REFERENCES clinics(id),
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_by_clinic ON users(clinic_id);
CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE invitations (
  code TEXT COLLATE "C" PRIMARY KEY,
  clinic_id TEXT COLLATE "C" NOT NULL REFERENCES clinics(id),
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE records (
  id TEXT COLLATE "C" PRIMARY KEY,
  patient_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT COLLATE "C" NOT NULL,
  date TEXT COLLATE "C" NOT NULL,
  author_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX records_by_kind ON records(patient_id, kind, date, created_at, id);
CREATE INDEX records_by_date ON records(patient_id, date, created_at, id);
CREATE TABLE plans (
  patient_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE summaries (
  patient_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  clinic_id TEXT COLLATE "C" NOT NULL,
  display_name TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  attention INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  triage TEXT NOT NULL,
  status TEXT NOT NULL,
  last_activity TEXT NOT NULL,
  last_pain INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX summaries_by_attention
  ON summaries(clinic_id, attention DESC, name_key, display_name, patient_id);
CREATE TABLE audit (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql"},
    {2, "the audit log is append-only", R"sql(
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
)sql"},
    {3, "supporters; care teams, alerts, claims of scheduled work", R"sql(
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('patient', 'clinician', 'admin', 'supporter'));
CREATE TABLE care_team (
  patient_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scopes TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (patient_id, member_id)
);
CREATE INDEX care_team_by_member ON care_team(member_id, patient_id);
CREATE TABLE alerts (
  id TEXT COLLATE "C" PRIMARY KEY,
  patient_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  clinic_id TEXT COLLATE "C" NOT NULL,
  rule TEXT COLLATE "C" NOT NULL,
  period TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'seen', 'resolved')),
  note TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (patient_id, rule, period)
);
CREATE INDEX alerts_by_clinic ON alerts(clinic_id, created_at);
CREATE TABLE claims (
  kind TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  period TEXT COLLATE "C" NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (kind, user_id, period)
);
CREATE INDEX claims_by_user ON claims(user_id);
)sql"},
    {4, "account tokens (password resets, sign-ups awaiting confirmation); invitation codes hashed",
     R"sql(
CREATE TABLE account_tokens (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('reset', 'signup')),
  user_id TEXT COLLATE "C" REFERENCES users(id) ON DELETE CASCADE,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX account_tokens_by_user ON account_tokens(user_id);
CREATE INDEX account_tokens_by_expiry ON account_tokens(expires_at);
UPDATE invitations SET code = encode(sha256(convert_to(code, 'UTF8')), 'hex');
)sql"},
    {5, "the audit chain is keyed from here on; daily anchors are claimed once", R"sql(
CREATE TABLE audit_chain (
  keyed_from BIGINT NOT NULL
);
INSERT INTO audit_chain (keyed_from) SELECT coalesce(max(seq), 0) + 1 FROM audit;
CREATE TRIGGER audit_chain_no_change BEFORE INSERT OR UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TABLE audit_anchors (
  day TEXT COLLATE "C" PRIMARY KEY,
  claimed_at BIGINT NOT NULL
);
)sql"},
    {6, "message threads: counts, read markers, unanswered messages; a lead clinician per patient",
     R"sql(
CREATE TABLE message_threads (
  patient_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  messages INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  waiting_since BIGINT NOT NULL,
  patient_read INTEGER NOT NULL,
  member_read INTEGER NOT NULL,
  PRIMARY KEY (patient_id, member_id)
);
CREATE INDEX message_threads_by_member ON message_threads(member_id, patient_id);
CREATE TABLE lead_clinicians (
  patient_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  clinician_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  set_at BIGINT NOT NULL
);
CREATE INDEX lead_clinicians_by_clinician ON lead_clinicians(clinician_id);
ALTER TABLE summaries ADD COLUMN unanswered_since BIGINT NOT NULL DEFAULT 0;
)sql"},
    {7, "clinic settings (an emergency number); admins who are also clinicians", R"sql(
ALTER TABLE clinics ADD COLUMN emergency_number TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN also_clinician BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX audit_by_actor ON audit(actor_id, seq);
CREATE INDEX audit_by_patient ON audit(patient_id, seq);
)sql"},
    {8, "alerts are read a page at a time, newest first, by patient and by clinic", R"sql(
DROP INDEX alerts_by_clinic;
CREATE INDEX alerts_by_clinic ON alerts(clinic_id, created_at, id);
CREATE INDEX alerts_by_patient ON alerts(patient_id, created_at, id);
)sql"},
    {9, "a record's summary beside its payload, so that a list reads no payload", R"sql(
ALTER TABLE records ADD COLUMN summary TEXT NOT NULL DEFAULT '';
UPDATE records SET summary = jsonb_build_object('exercise', payload::jsonb -> 'exercise',
                                                'frames', payload::jsonb -> 'frames',
                                                'bytes', payload::jsonb -> 'bytes')::text
  WHERE kind = 'pose_recording';
)sql"},
    {10,
     "an epoch that counts sessions ended and accounts changed, and plan versions in an index, for "
     "the caches",
     R"sql(
CREATE INDEX plans_version ON plans(patient_id, version);
CREATE TABLE access_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), epoch BIGINT NOT NULL);
INSERT INTO access_epoch VALUES (1, 1);
CREATE FUNCTION bump_access_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE access_epoch SET epoch = epoch + 1 WHERE id = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER access_epoch_session_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION bump_access_epoch();
CREATE TRIGGER access_epoch_user_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION bump_access_epoch();
)sql"},
    kAuditByActorAboutOthers,
    {12, "a clinic's accounts by role and name, for the admin's lists a page at a time", R"sql(
CREATE INDEX users_by_clinic_role ON users(clinic_id, role, display_name COLLATE "C", id);
)sql"},
    // PostgreSQL inserts into its B-tree indexes without SQLite's cost of a
    // page written to the log for each; nothing changes.
    {13,
     "the audit is indexed for the admin's search in steps of many entries on SQLite, one entry at "
     "a time on PostgreSQL",
     "SELECT 1;"},
    // PostgreSQL's shared buffers are not emptied by other sessions'
    // commits, so the look-up of each row from the index stays in memory.
    {14,
     "the clinic's list is kept in its own order on SQLite, so that a page is read without a "
     "look-up of each row",
     "SELECT 1;"},
    // A counter row per clinic, moved by every log, would make the clinic's
    // concurrent logs wait for each other's commit on its row lock: pages
    // of the list are not cached on PostgreSQL (PostgresStore::ListVersion).
    {15,
     "a version of each clinic's list, moved by every change to what the list shows, for the "
     "cache of its pages",
     "SELECT 1;"},
};

}  // namespace

const std::vector<Migration>& Migrations(Dialect dialect) {
  return dialect == Dialect::kSqlite ? kSqlite : kPostgres;
}

int LatestSchemaVersion(Dialect dialect) { return Migrations(dialect).back().version; }

const char* SchemaVersionTableSql(Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    return "CREATE TABLE IF NOT EXISTS schema_version ("
           " version INTEGER PRIMARY KEY,"
           " description TEXT NOT NULL,"
           " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
  }
  return "CREATE TABLE IF NOT EXISTS schema_version ("
         " version INTEGER PRIMARY KEY,"
         " description TEXT NOT NULL,"
         " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
}

}  // namespace backcoach
