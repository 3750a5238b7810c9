# Shared by the server benchmarks (bench/*.sh); sourced.
# Most functions expect $tmp (a private temporary directory: bench_temp) and
# $bin (the backcoach binary).

# bench_temp NAME: sets $tmp to a private temporary directory, removed on
# exit after the server ($server_pid, when set) is stopped.
bench_temp() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/backcoach-$1.XXXXXX")
  server_pid=
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}

# patient_count DB: how many patients a SQLite database holds.
patient_count() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM users WHERE role = \x27patient\x27").fetchone()[0])' "$1"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "$(basename "$0"): nothing answers at $1" >&2
  return 1
}

# refresh_sessions DB: the seeded sessions (SQLite file DB) as if signed in
# now, since a reused seed's sessions expire (2 hours idle, 7 days in all).
refresh_sessions() {
  python3 - "$1" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time())
db.execute("UPDATE sessions SET created_at = ?, last_seen = ?", (now, now))
db.commit()
db.close()
PY
}

# seeded_database PATIENTS WEEKS: sets $db to a database with PATIENTS virtual
# patients and WEEKS of history and writes their sessions to $tmp/tokens;
# with SEEDED=DIR, reuses DIR/load.db and DIR/tokens instead (and sets
# PATIENTS to their count).
seeded_database() {
  if [ -n "${SEEDED:-}" ]; then
    db=$SEEDED/load.db
    cp "$SEEDED/tokens" "$tmp/tokens"
    refresh_sessions "$db"
    PATIENTS=$(patient_count "$db")
    echo "== reusing $db ($PATIENTS patients)" >&2
    return
  fi
  db=${DB_URL:-$tmp/load.db}
  echo "== seeding $1 patients with $2 weeks of history" >&2
  local start
  start=$(date +%s)
  "$bin" seed --db "$db" --patients "$1" --weeks "$2" --tokens "$tmp/tokens" --sessions 1000 >&2
  echo "   seeded in $(($(date +%s) - start)) s" >&2
}

# start_server [serve flags...]: starts `backcoach serve` on $db, on a free
# port of 127.0.0.1; sets $server_pid and $url, waits until it is ready.
start_server() {
  local port
  port=$(free_port)
  "$bin" serve --db "$db" --port "$port" --log errors "$@" >"$tmp/server.log" 2>&1 &
  server_pid=$!
  url="http://127.0.0.1:$port"
  wait_for "$url/readyz"
}

# wrk_summary NAME FILE: one line "NAME rps p50 p99 non2xx socket-errors"
# (tab-separated) from wrk's --latency output.
wrk_summary() {
  python3 - "$1" "$2" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def pct(p):
    m = re.search(r"^\s+%s%%\s+(\S+)" % p, text, re.M)
    return m.group(1) if m else "-"
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: (.*)", text)
print("%s\t%.0f\t%s\t%s\t%s\t%s" % (name, rps, pct(50), pct(99),
      errors.group(1) if errors else "0", socket.group(1) if socket else "none"))
PY
}
