#!/usr/bin/env bash
# bench/load.sh [BINARY]: the server under load, side by side with nginx.
#
# Seeds a temporary SQLite database with a clinic of virtual patients and
# weeks of history (`backcoach seed`), starts `backcoach serve` on it and
# nginx serving the same bytes as one patient's "today" answer as a static
# file, both on 127.0.0.1, then measures with wrk in the same run:
#   1. GET today's plan as logged-in patients (tokens rotate), against nginx;
#   2. POST a session log (durable: acknowledged only once on disk);
#   3. the clinician's patient list with alerts for the whole clinic.
# Prints a Markdown table of requests per second and latency percentiles,
# and for the durable POST how many writes each disk flush carried: on
# SQLite the server's group commits (the "writes" and "commits" counts of
# /readyz), on PostgreSQL the WAL flushes (pg_stat_wal.wal_sync, with psql).
# Bounded: every wrk run stops after DURATION seconds; everything it started
# is stopped and removed at the end, also on failure or Ctrl-C.
#
# Environment: PATIENTS (10000), WEEKS (2), DURATION (10), CONNECTIONS (64),
# REPEAT (1; 3 runs every row three times, interleaved, and reports medians),
# THREADS (server worker threads; default: serve's own default), KEEP=1
# keeps the temporary directory, DB_URL=postgresql://... measures PostgreSQL
# instead, SEEDED=DIR reuses DIR/load.db and DIR/tokens from an earlier
# `backcoach seed` (seeding 10,000 patients takes about two minutes; the
# sessions are refreshed first, as they expire after 2 hours unused; the run
# writes to that database, and a newer binary migrates it, after which an
# older one refuses it: to compare binaries, give each run a fresh copy),
# ONLY=post measures the durable POST alone (after WARMUP seconds, default 5,
# of unreported GETs, so that the sessions are as fresh as in the full run).
# The server logs errors only, as nginx runs without an access log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/backcoach}")
PATIENTS=${PATIENTS:-10000}
WEEKS=${WEEKS:-2}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-}
REPEAT=${REPEAT:-1}
ONLY=${ONLY:-}
WARMUP=${WARMUP:-5}
case "$ONLY" in "" | post) ;; *) echo "load.sh: ONLY is empty or post" >&2; exit 2 ;; esac
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "load.sh: $tool is needed (scripts/install-deps.sh)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/backcoach-load.XXXXXX")
chmod 755 "$tmp"  # nginx workers run as another user when started by root
server_pid= nginx_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source "$root/bench/lib.sh"
seeded_database "$PATIENTS" "$WEEKS"

# Every wrk connection comes from 127.0.0.1: more than serve's per-address
# cap (128) must be allowed explicitly.
per_address=()
if [ "$CONNECTIONS" -gt 120 ]; then per_address=(--max-connections-per-address $((CONNECTIONS + 8))); fi
start_server --readyz-write-counts ${THREADS:+--threads "$THREADS"} "${per_address[@]}"

read -r _ clinician_id clinician_token < <(grep '^clinician ' "$tmp/tokens")
read -r _ patient_id patient_token < <(grep '^patient ' "$tmp/tokens" | head -1)
grep '^patient ' "$tmp/tokens" | cut -d' ' -f2,3 >"$tmp/patients"
today=$(date -u +%F)

# The ceiling: nginx serving the bytes of one "today" answer as a file.
mkdir -p "$tmp/www"
curl -fsS -H "Authorization: Bearer $patient_token" \
  "$url/api/v1/patients/$patient_id/today" >"$tmp/www/today.json"
nginx_port=$(free_port)
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes $(nproc);
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
    default_type application/json;
  }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/today.json"


results=$tmp/results
: >"$results"
# run NAME URL [wrk args...]: one bounded wrk run, summarised into $results.
run() {
  local name=$1 target=$2
  shift 2
  echo "== $name" >&2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$target" >"$tmp/wrk.out" 2>&1
  cat "$tmp/wrk.out" >&2
  wrk_summary "$name" "$tmp/wrk.out" >>"$results"
}

# flushes: "WRITES FLUSHES" so far: the server's durable writes and the
# group commits that made them durable (SQLite, from /readyz), or "-" and
# PostgreSQL's WAL flushes.
flushes() {
  if [ -n "${DB_URL:-}" ]; then
    command -v psql >/dev/null || { echo "- -"; return; }
    echo "- $(psql "$DB_URL" -qAt -c "SELECT wal_sync FROM pg_stat_wal" 2>/dev/null || echo -)"
  else
    curl -fsS "$url/readyz" | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d.get("writes", "-"), d.get("commits", "-"))'
  fi
}
: >"$tmp/flushes"

export LOAD_PATIENTS=$tmp/patients LOAD_TODAY=$today
if [ "$ONLY" = post ]; then
  echo "== warm-up: GET today's plan for ${WARMUP} s, not reported" >&2
  LOAD_MODE=today wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$root/bench/rotate.lua" "$url" >/dev/null 2>&1
fi
for round in $(seq "$REPEAT"); do
  echo "== round $round of $REPEAT" >&2
  if [ -z "$ONLY" ]; then
    run "nginx: the same bytes as a static file" "http://127.0.0.1:$nginx_port/today.json"
    LOAD_MODE=today run "GET today's plan (patients rotate)" "$url" -s "$root/bench/rotate.lua"
  fi
  read -r writes_before flushes_before < <(flushes)
  LOAD_MODE=log run "POST a session log (durable)" "$url" -s "$root/bench/rotate.lua"
  read -r writes_after flushes_after < <(flushes)
  posts=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk.out")
  echo "$writes_before $flushes_before $writes_after $flushes_after ${posts:-0}" >>"$tmp/flushes"
  if [ -z "$ONLY" ]; then
    run "GET the clinician's patient list ($PATIENTS patients)" \
      "$url/api/v1/clinic/patients?limit=50" -H "Authorization: Bearer $clinician_token"
  fi
done

python3 - "$results" "$PATIENTS" "$CONNECTIONS" "$THREADS" "$REPEAT" "$tmp/flushes" \
  "${DB_URL:+postgresql}" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
repeat = int(sys.argv[5])
per_round = len(rows) // repeat
names = [r[0] for r in rows[:per_round]]
def ms(text):  # wrk's "2.20ms", "1.03s", "850.00us"
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * scale
    return float("nan")
print()
print("%s patients; wrk -t2 -c%s; nginx with one worker per core; backcoach threads: %s; "
      "loopback; %s." % (sys.argv[2], sys.argv[3], sys.argv[4] or "default",
                         "one run" if repeat == 1 else
                         "%d interleaved rounds, medians (a ratio is the median of each "
                         "round's ratio to that round's nginx)" % repeat))
print()
print("| measured | requests/s | vs nginx | p50 | p99 | non-2xx | socket errors |")
print("|---|---|---|---|---|---|---|")
for i, name in enumerate(names):
    mine = [rows[r * per_round + i] for r in range(repeat)]
    nginx = [float(rows[r * per_round][1]) for r in range(repeat)
             if rows[r * per_round][0].startswith("nginx")]
    rps = statistics.median(float(m[1]) for m in mine)
    ratio = ("%.2f" % statistics.median(float(m[1]) / n for m, n in zip(mine, nginx))
             if nginx else "-")
    p50 = statistics.median(ms(m[2]) for m in mine)
    p99 = statistics.median(ms(m[3]) for m in mine)
    errors = sum(int(m[4]) for m in mine)
    sockets = "; ".join(sorted(set(m[5] for m in mine)))
    print("| %s | %.0f | %s | %.2f ms | %.2f ms | %d | %s |" % (name, rps, ratio, p50, p99,
                                                           errors, sockets))
def delta(after, before):
    try:
        return int(after) - int(before)
    except ValueError:
        return 0
posts = writes = flushes = 0
for line in open(sys.argv[6]):
    wb, fb, wa, fa, n = line.split()
    posts += int(n)
    writes += delta(wa, wb)
    flushes += delta(fa, fb)
print()
if flushes <= 0:
    print("Disk flushes during the POST runs: not known.")
elif sys.argv[7]:
    print("During the POST runs: %d session logs answered, %d PostgreSQL WAL flushes "
          "(pg_stat_wal.wal_sync), %.1f logs per flush." % (posts, flushes, posts / flushes))
else:
    print("During the POST runs: %d session logs answered, %d durable writes (audit batches "
          "included) in %d group commits, %.1f writes and %.1f logs per commit."
          % (posts, writes, flushes, writes / flushes, posts / flushes))
PY
bad=$(awk -F'\t' '$5 != "0"' "$results" | wc -l)
if [ "$bad" -ne 0 ]; then
  echo "load.sh: some answers were not 2xx (see above)" >&2
  exit 1
fi
