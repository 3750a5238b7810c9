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
# THREADS (server worker threads; default: serve's own default), KEEP=1
# keeps the temporary directory, DB_URL=postgresql://... measures PostgreSQL
# instead, SEEDED=DIR reuses DIR/load.db and DIR/tokens from an earlier
# `backcoach seed` (seeding 10,000 patients takes about two minutes),
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
start_server ${THREADS:+--threads "$THREADS"} "${per_address[@]}"

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

# wrk scripts: each request takes the next patient's token and id.
cat >"$tmp/rotate.lua" <<'LUA'
local patients = {}
local n = 0
local mode = os.getenv("LOAD_MODE")
local today = os.getenv("LOAD_TODAY")
function init(args)
  for line in io.lines(os.getenv("LOAD_PATIENTS")) do
    local id, token = line:match("(%S+) (%S+)")
    patients[#patients + 1] = {id = id, token = token}
  end
  n = math.random(#patients)
end
function request()
  n = n % #patients + 1
  local p = patients[n]
  local headers = {["Authorization"] = "Bearer " .. p.token}
  if mode == "log" then
    headers["Content-Type"] = "application/json"
    local body = '{"date":"' .. today .. '","exercises":[{"id":"walking","pain_during":2}],' ..
                 '"pain_after":2,"effort":4}'
    return wrk.format("POST", "/api/v1/patients/" .. p.id .. "/sessions", headers, body)
  end
  return wrk.format("GET", "/api/v1/patients/" .. p.id .. "/today", headers)
end
LUA

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

export LOAD_PATIENTS=$tmp/patients LOAD_TODAY=$today
if [ "$ONLY" = post ]; then
  echo "== warm-up: GET today's plan for ${WARMUP} s, not reported" >&2
  LOAD_MODE=today wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$tmp/rotate.lua" "$url" >/dev/null 2>&1
else
  run "nginx: the same bytes as a static file" "http://127.0.0.1:$nginx_port/today.json"
  LOAD_MODE=today run "GET today's plan (patients rotate)" "$url" -s "$tmp/rotate.lua"
fi
read -r writes_before flushes_before < <(flushes)
LOAD_MODE=log run "POST a session log (durable)" "$url" -s "$tmp/rotate.lua"
read -r writes_after flushes_after < <(flushes)
posts=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk.out")
if [ -z "$ONLY" ]; then
  run "GET the clinician's patient list ($PATIENTS patients)" \
    "$url/api/v1/clinic/patients?limit=50" -H "Authorization: Bearer $clinician_token"
fi

python3 - "$results" "$PATIENTS" "$CONNECTIONS" "$THREADS" "${DB_URL:+postgresql}" \
  "$writes_before" "$flushes_before" "$writes_after" "$flushes_after" "$posts" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
nginx = float(rows[0][1]) if rows[0][0].startswith("nginx") else None
print()
print("%s patients; wrk -t2 -c%s; nginx with one worker per core; backcoach threads: %s; "
      "loopback; one run." % (sys.argv[2], sys.argv[3], sys.argv[4] or "default"))
print()
print("| measured | requests/s | vs nginx | p50 | p99 | non-2xx | socket errors |")
print("|---|---|---|---|---|---|---|")
for name, rps, p50, p99, errors, sockets in rows:
    ratio = "%.2f" % (float(rps) / nginx) if nginx else "-"
    print("| %s | %s | %s | %s | %s | %s | %s |" % (name, rps, ratio, p50, p99, errors, sockets))
def delta(after, before):
    try:
        return int(after) - int(before)
    except ValueError:
        return 0
flushes = delta(sys.argv[9], sys.argv[7])
writes = delta(sys.argv[8], sys.argv[6])
posts = int(sys.argv[10] or 0)
print()
if flushes <= 0:
    print("Disk flushes during the POST run: not known.")
elif sys.argv[5]:
    print("During the POST run: %d session logs answered, %d PostgreSQL WAL flushes "
          "(pg_stat_wal.wal_sync), %.1f logs per flush." % (posts, flushes, posts / flushes))
else:
    print("During the POST run: %d session logs answered, %d durable writes (audit batches "
          "included) in %d group commits, %.1f writes and %.1f logs per commit."
          % (posts, writes, flushes, writes / flushes, posts / flushes))
PY
bad=$(awk -F'\t' '$5 != "0"' "$results" | wc -l)
if [ "$bad" -ne 0 ]; then
  echo "load.sh: some answers were not 2xx (see above)" >&2
  exit 1
fi
