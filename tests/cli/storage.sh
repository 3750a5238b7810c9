#!/usr/bin/env bash
# The database commands as an operator runs them: migrate, seed, an online
# backup taken while the server is writing, restore into a new file, and the
# audit chain verified on the restored copy (and broken on purpose).
source "$(dirname "$0")/lib.sh"

expect_exit 0 "$BC" migrate --db "$TMP/live.db"
expect_out "schema migrated"
expect_exit 0 "$BC" migrate --db "$TMP/live.db"  # again: nothing to do

expect_exit 0 "$BC" seed --db "$TMP/live.db" --patients 30 --weeks 1 --threads 4 \
  --tokens "$TMP/tokens" --sessions 5 --messages 50
expect_out "30 patients"
[ "$(grep -c '^patient ' "$TMP/tokens")" -eq 5 ] || fail "tokens for 5 patients"
expect_exit 2 "$BC" seed --db "$TMP/live.db" --patients 0
expect_err "patients"
expect_exit 2 "$BC" seed --db "$TMP/live.db" --messages 101
expect_err "messages"

# An online backup while the server takes writes.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BC" serve --port "$port" --db "$TMP/live.db" >"$TMP/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
read -r _ id token < <(grep '^patient ' "$TMP/tokens" | head -1)
today=$(date -u +%F)
for i in $(seq 1 20); do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"date\":\"$today\",\"exercises\":[],\"pain_after\":2,\"effort\":3}" \
    "http://127.0.0.1:$port/api/v1/patients/$id/sessions" &
done
# Half the patients wrote to the clinician: 15 of the list's rows have a
# message unread by them.
read -r _ _ clinician_token < <(grep '^clinician ' "$TMP/tokens")
unread=$(curl -fsS -H "Authorization: Bearer $clinician_token" \
  "http://127.0.0.1:$port/api/v1/clinic/patients?limit=200" | grep -o '"unread":1' | wc -l)
[ "$unread" -eq 15 ] || fail "15 patients with a message for the clinician, not $unread"
expect_exit 0 "$BC" backup "$TMP/backups/copy.db" --db "$TMP/live.db"
wait_writes() { for job in $(jobs -p); do [ "$job" = "$pid" ] || wait "$job" || true; done; }
wait_writes
expect_exit 2 "$BC" backup "$TMP/backups/copy.db" --db "$TMP/live.db"
expect_err "already exists"
kill -TERM "$pid"
wait "$pid" || fail "the server did not stop cleanly"

# Restore into a new file; the copy holds the seeded clinic and an intact chain.
expect_exit 0 "$BC" restore "$TMP/backups/copy.db" --db "$TMP/restored.db"
python3 - "$TMP/restored.db" <<'PY' || fail "the restored copy lacks the seeded data"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("SELECT count(*) FROM users WHERE role = 'patient'").fetchone()[0] == 30
assert c.execute("SELECT count(*) FROM plans").fetchone()[0] == 30
assert c.execute("SELECT count(*) FROM records WHERE kind = 'session_log'").fetchone()[0] > 30
PY
# A copy is verified with the original's key (kept beside it, never in it).
expect_exit 2 "$BC" audit verify --db "$TMP/restored.db"
expect_err "no audit key file"
expect_exit 0 "$BC" audit verify --db "$TMP/restored.db" --audit-key-file "$TMP/live.db.audit-key"
expect_out "audit log intact"
[ "$(stat -c %a "$TMP/live.db.audit-key")" = 600 ] || fail "the audit key file is not mode 0600"
expect_exit 4 "$BC" restore "$TMP/backups/copy.db" --db "$TMP/restored.db"
expect_err "--force"
expect_exit 0 "$BC" restore "$TMP/backups/copy.db" --db "$TMP/restored.db" --force
[ -f "$TMP/restored.db.before-restore" ] || fail "the replaced database was not kept"

# Tampering with the live audit log is detected.
expect_exit 0 "$BC" audit verify --db "$TMP/live.db"
python3 - "$TMP/live.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
triggers = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")]
for t in triggers:
    c.execute('DROP TRIGGER "%s"' % t)  # an attacker with the file can drop the guards
c.execute("UPDATE audit SET outcome = 'ok', detail = 'edited' WHERE seq = (SELECT min(seq) FROM audit)")
c.commit()
PY
expect_exit 1 "$BC" audit verify --db "$TMP/live.db"
expect_err "tampered"
finish
