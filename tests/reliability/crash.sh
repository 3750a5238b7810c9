#!/usr/bin/env bash
# Crash safety: `backcoach serve` is killed with SIGKILL at random moments
# under a concurrent write load through the HTTP API, and restarted on the
# same database; every acknowledged write must still be there, and the
# database must pass its checks (crash.py says what is checked).
#
#   CRASH_ROUNDS  kills per back-end (default 3; the long form is 100)
#   CRASH_SEED    the random seed (default: the time), printed for a re-run
# Runs on SQLite, and on PostgreSQL too when BACKCOACH_TEST_POSTGRES is set.
source "$(dirname "$0")/../cli/lib.sh"

rounds=${CRASH_ROUNDS:-3}
seed=${CRASH_SEED:-$(date +%s)}
driver="$(dirname "$0")/crash.py"
# crash.py bounds its own waits; this is a last guard, scaled to the rounds.
limit=$((60 + rounds * 15))

timeout -k 10 "$limit" python3 "$driver" --bc "$BC" --db "$TMP/sqlite/backcoach.db" --workdir "$TMP/sqlite" \
  --rounds "$rounds" --seed "$seed" --label "sqlite: " ||
  fail "SQLite crash run (logs: serve.log and acked.jsonl of the run)"

if [ -n "${BACKCOACH_TEST_POSTGRES:-}" ]; then
  # A schema of its own, reached through search_path, as the store tests do.
  schema="bc_crash_$$_$RANDOM"
  psql "$BACKCOACH_TEST_POSTGRES" -qAt -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'
  case "$BACKCOACH_TEST_POSTGRES" in *\?*) sep='&' ;; esac
  url="$BACKCOACH_TEST_POSTGRES${sep}options=-csearch_path%3D$schema"
  timeout -k 10 "$limit" python3 "$driver" --bc "$BC" --db "$url" --workdir "$TMP/pg" \
    --rounds "$rounds" --seed "$seed" --label "postgresql: " ||
    fail "PostgreSQL crash run"
  psql "$BACKCOACH_TEST_POSTGRES" -qAt -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true
else
  echo "postgresql: skipped (BACKCOACH_TEST_POSTGRES is not set; see tests/pg/with-postgres.sh)"
fi

finish
