#!/usr/bin/env bash
# bench/instances.sh [BINARY]: 1, 2 and 4 `backcoach serve` instances behind
# nginx on one PostgreSQL, measured side by side (docs/scaling.md).
#
# Run alone, it starts a throwaway PostgreSQL cluster with fsync and
# synchronous_commit on (PG_DURABLE=1 tests/pg/with-postgres.sh, which
# deletes the cluster afterwards, also on failure or Ctrl-C); run under
# tests/pg/with-postgres.sh, it uses that cluster. It then:
#   1. seeds a "Load test clinic" of PATIENTS virtual patients with WEEKS of
#      history into a database of its own (`backcoach seed`, with
#      synchronous_commit off for the seeding only) and opens sessions for
#      the clinician and 1,000 patients;
#   2. starts 4 `backcoach serve` on that database (127.0.0.1, free ports,
#      one audit key file, no scheduler, 8 pooled PostgreSQL connections
#      each: the store's default) and one nginx (one worker per core, no
#      access log) with three listeners, round robin over the first 1, 2
#      and 4 instances, with kept-alive connections to them;
#   3. for each of ROUNDS rounds, and in each round for each configuration
#      in turn (the first instance directly, then nginx over 1, 2 and 4; the
#      order rotates from round to round), runs wrk -t2 -c$CONNECTIONS for
#      DURATION seconds, after WARMUP unreported seconds, against
#        today  GET today's plan (patients rotate, bench/rotate.lua),
#        log    POST a session log (durable: acknowledged once committed),
#        list   GET the clinician's list (50 a page);
#   4. prints a Markdown table of medians: requests/s, the ratio to one
#      instance behind nginx (the median of each round's ratio), p50, p99,
#      and where the CPU went (cores used by the servers, PostgreSQL, nginx,
#      wrk, and the whole machine, from /proc), CPU time per request of the
#      servers and of PostgreSQL, PostgreSQL's commits and WAL flushes per
#      POST, and how many of the pooled connections were busy (sampled from
#      pg_stat_activity twice a second), with the load average.
# Bounded: every wrk run stops by itself; servers, nginx and the sampler are
# stopped and the temporary directory removed at the end, also on failure.
# Everything listens on 127.0.0.1 only.
#
# Environment: PATIENTS (2000), WEEKS (1), ROUNDS (3), DURATION (10),
# WARMUP (3), CONNECTIONS (64), MODES ("today log list"), CONFIGS
# ("direct nginx1 nginx2 nginx4"), KEEP=1 keeps the temporary directory,
# RESULTS=FILE keeps the raw rows (tab-separated, one per run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/backcoach}")
if [ -z "${BACKCOACH_TEST_POSTGRES:-}" ]; then
  PG_DURABLE=1 exec "$root/tests/pg/with-postgres.sh" bash "$root/bench/instances.sh" "$bin"
fi
PATIENTS=${PATIENTS:-2000}
WEEKS=${WEEKS:-1}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-64}
MODES=${MODES:-today log list}
CONFIGS=${CONFIGS:-direct nginx1 nginx2 nginx4}
for tool in wrk nginx curl psql python3; do
  command -v "$tool" >/dev/null || { echo "instances.sh: $tool is needed" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/backcoach-instances.XXXXXX")
chmod 755 "$tmp"  # nginx workers run as another user when started by root
server_pids=() nginx_pid= sampler_pid=
cleanup() {
  set +e  # a stopped process's status must not end the cleanup early
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
source "$root/bench/lib.sh"

# A database of its own in the cluster.
server_url=$BACKCOACH_TEST_POSTGRES
psql "$server_url" -qAt -c "CREATE DATABASE backcoach_bench" >/dev/null
db=${server_url%/*}/backcoach_bench
pgq() { psql "$db" -qAt -c "$1"; }

echo "== seeding $PATIENTS patients with $WEEKS weeks of history into PostgreSQL" >&2
start=$(date +%s)
"$bin" seed --db "$db?options=-csynchronous_commit%3Doff" --patients "$PATIENTS" \
  --weeks "$WEEKS" --tokens "$tmp/tokens" --sessions 1000 >&2
echo "   seeded in $(($(date +%s) - start)) s" >&2
pgq "VACUUM ANALYZE" >/dev/null

read -r _ _ clinician_token < <(grep '^clinician ' "$tmp/tokens")
grep '^patient ' "$tmp/tokens" | cut -d' ' -f2,3 >"$tmp/patients"
export LOAD_PATIENTS=$tmp/patients LOAD_TODAY
LOAD_TODAY=$(date -u +%F)

# The servers: the first makes the audit key file, the others read it.
ports=()
for i in 1 2 3 4; do
  port=$(free_port)
  "$bin" serve --db "$db" --port "$port" --log errors --no-scheduler \
    --audit-key-file "$tmp/audit.key" --audit-anchor-file "$tmp/audit.anchors" \
    --max-connections-per-address 1024 >"$tmp/server$i.log" 2>&1 &
  server_pids+=($!)
  ports+=("$port")
  wait_for "http://127.0.0.1:$port/readyz"
done

upstream() {  # upstream NAME N: round robin over the first N instances
  echo "  upstream $1 {"
  for i in $(seq 0 $(($2 - 1))); do echo "    server 127.0.0.1:${ports[$i]};"; done
  echo "    keepalive 256;"
  echo "  }"
}
declare -A listen
for n in 1 2 4; do listen[nginx$n]=$(free_port); done
{
  echo "daemon off;"
  echo "worker_processes $(nproc);"
  echo "pid $tmp/nginx.pid;"
  echo "error_log $tmp/nginx-error.log;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  echo "  keepalive_requests 1000000;"
  for d in body proxy fastcgi uwsgi scgi; do echo "  ${d/body/client_body}_temp_path $tmp/nginx-$d;"; done
  # Answers are kept in memory, never in temporary files.
  echo "  proxy_buffer_size 64k;"
  echo "  proxy_buffers 32 64k;"
  echo "  proxy_busy_buffers_size 128k;"
  echo "  proxy_max_temp_file_size 0;"
  echo "  proxy_http_version 1.1;"
  echo "  proxy_set_header Connection \"\";"
  echo "  proxy_set_header Host \$host;"
  for n in 1 2 4; do upstream "up$n" "$n"; done
  for n in 1 2 4; do
    echo "  server { listen 127.0.0.1:${listen[nginx$n]}; location / { proxy_pass http://up$n; } }"
  done
  echo "}"
} >"$tmp/nginx.conf"
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
for n in 1 2 4; do wait_for "http://127.0.0.1:${listen[nginx$n]}/readyz"; done

# The size of each answer measured, as a check that all three answer.
read -r patient_id patient_token < <(head -1 "$tmp/patients")
for what in "today /api/v1/patients/$patient_id/today $patient_token" \
  "list /api/v1/clinic/patients?limit=50 $clinician_token"; do
  read -r name path token <<<"$what"
  size=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:${listen[nginx4]}$path" | wc -c)
  echo "   $name: $size bytes" >&2
done

target() {  # the base URL of a configuration
  case "$1" in
    direct) echo "http://127.0.0.1:${ports[0]}" ;;
    *) echo "http://127.0.0.1:${listen[$1]}" ;;
  esac
}

# "PID TICKS" lines: the CPU ticks (user + system) of each process given.
ticks_of() {
  local pid
  for pid in "$@"; do
    awk '{print $1, $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
  done
}
children_of() { awk -v p="$1" '$4 == p {print $1}' /proc/[0-9]*/stat 2>/dev/null || true; }
postmaster=$(head -1 "$(pgq "SHOW data_directory")/postmaster.pid")
# snapshot FILE: the ticks of the servers, PostgreSQL's processes, nginx's,
# and the machine's busy ticks (every core).
snapshot() {
  {
    awk '/^cpu / {print "machine 0", $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
    awk '{print "uptime 0", int($1 * 100)}' /proc/uptime
    ticks_of "${server_pids[@]}" | sed 's/^/servers /'
    ticks_of "$postmaster" $(children_of "$postmaster") | sed 's/^/pg /'
    ticks_of "$nginx_pid" $(children_of "$nginx_pid") | sed 's/^/nginx /'
  } >"$1"
}
hz=$(getconf CLK_TCK)
pg_counts() {  # commits (every database) and WAL flushes so far
  pgq "SELECT (SELECT sum(xact_commit) FROM pg_stat_database), wal_sync FROM pg_stat_wal" | tr '|' ' '
}

# Twice a second: PostgreSQL's client connections that are running a
# statement, and of those, how many wait for the WAL, for an advisory lock
# (the audit chain's) or for another lock.
sample_pg() {
  while :; do
    psql "$db" -qAt -c "SELECT count(*) FILTER (WHERE state = 'active'),
        count(*) FILTER (WHERE state = 'active' AND wait_event IN ('WALWrite', 'WALSync',
                                                                   'WALInsert')),
        count(*) FILTER (WHERE state = 'active' AND wait_event = 'advisory'),
        count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'
                           AND wait_event <> 'advisory')
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" \
      2>/dev/null | tr '|' ' ' >>"$1" || true
    sleep 0.5
  done
}

results=$tmp/results
: >"$results"
# measure CONFIG MODE ROUND: one bounded wrk run, summarised into $results.
measure() {
  local config=$1 mode=$2 round=$3 url args
  url=$(target "$config")
  case "$mode" in
    today | log) args=(-s "$root/bench/rotate.lua" "$url") ;;
    list) args=(-H "Authorization: Bearer $clinician_token" "$url/api/v1/clinic/patients?limit=50") ;;
  esac
  export LOAD_MODE=$mode
  [ "$WARMUP" -gt 0 ] && wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "${args[@]}" >/dev/null 2>&1
  local load c0 w0 c1 w1
  load=$(cut -d' ' -f1 /proc/loadavg)
  read -r c0 w0 < <(pg_counts)
  : >"$tmp/samples"
  sample_pg "$tmp/samples" &
  sampler_pid=$!
  snapshot "$tmp/before"
  /usr/bin/time -f '%e %U %S' -o "$tmp/wrk.time" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${args[@]}" >"$tmp/wrk.out" 2>&1
  snapshot "$tmp/after"
  kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=
  read -r c1 w1 < <(pg_counts)
  python3 - "$tmp/wrk.out" "$tmp/wrk.time" "$tmp/samples" "$config" "$mode" "$round" "$load" \
    "$hz" "$tmp/before" "$tmp/after" "$((c1 - c0))" "$((w1 - w0))" >>"$results" <<'PY'
import re, sys
(wrk_out, wrk_time, samples, config, mode, rnd, load, hz, before, after,
 commits, flushes) = sys.argv[1:]
def ticks(path):
    out = {}
    for line in open(path):
        group, pid, n = line.split()
        out[(group, pid)] = int(n)
    return out
b, a = ticks(before), ticks(after)
# A process that ended during the run is not counted; one that started is,
# from zero.
spent = {}
for (group, pid), n in a.items():
    spent[group] = spent.get(group, 0) + n - b.get((group, pid), 0)
servers, pg, nginx, machine = (spent.get(g, 0) for g in ("servers", "pg", "nginx", "machine"))
machine_seconds = spent.get("uptime", 0) / 100.0  # the machine's own window
text = open(wrk_out).read()
def pct(p):
    m = re.search(r"^\s+%s%%\s+(\S+)" % p, text, re.M)
    return m.group(1) if m else "-"
def ms(t):
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if t.endswith(unit):
            return float(t[:-len(unit)]) * scale
    return float("nan")
n = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: (.*)", text)
hz = float(hz)
duration, user, system = map(float, open(wrk_time).read().split()[-3:])
rows = [list(map(int, l.split())) for l in open(samples) if len(l.split()) == 4]
avg = lambda i: sum(r[i] for r in rows) / len(rows) if rows else float("nan")
cores = lambda ticks: int(ticks) / hz / duration
print("\t".join(str(x) for x in (
    config, mode, rnd, load, "%.1f" % rps, "%.3f" % ms(pct(50)), "%.3f" % ms(pct(99)),
    bad.group(1) if bad else 0, (sock.group(1) if sock else "none").replace("\t", " "),
    "%.2f" % cores(servers), "%.2f" % cores(pg), "%.2f" % cores(nginx),
    "%.2f" % ((user + system) / duration), "%.2f" % (int(machine) / hz / max(machine_seconds, 0.01)),
    "%.0f" % (int(servers) / hz * 1e6 / max(n, 1)), "%.0f" % (int(pg) / hz * 1e6 / max(n, 1)),
    n, commits, flushes, "%.1f" % avg(0), "%.1f" % avg(1), "%.1f" % avg(2), "%.1f" % avg(3))))
PY
  tail -1 "$results" >&2
}

read -ra config_list <<<"$CONFIGS"
for round in $(seq "$ROUNDS"); do
  echo "== round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  count=${#config_list[@]}
  for k in $(seq 0 $((count - 1))); do
    config=${config_list[$(((k + round - 1) % count))]}
    for mode in $MODES; do measure "$config" "$mode" "$round"; done
  done
done

python3 - "$results" "$PATIENTS" "$WEEKS" "$CONNECTIONS" "$ROUNDS" "$DURATION" <<'PY'
import statistics, sys
cols = ("config mode round load rps p50 p99 non2xx sock servers pg nginx wrk machine "
        "server_us pg_us requests commits flushes active walwait advisory lockwait").split()
rows = [dict(zip(cols, l.rstrip("\n").split("\t"))) for l in open(sys.argv[1])]
patients, weeks, conns, rounds, duration = sys.argv[2:]
names = {"today": "GET today's plan", "log": "POST a session log (durable)",
         "list": "GET the clinician's list (50 a page)"}
configs = {"direct": "1, direct", "nginx1": "1 behind nginx", "nginx2": "2 behind nginx",
           "nginx4": "4 behind nginx"}
med = lambda xs: statistics.median(xs) if xs else float("nan")
loads = sorted(float(r["load"]) for r in rows)
print()
print("%s patients, %s week(s) of history; wrk -t2 -c%s, %s s a run, %s interleaved rounds, "
      "medians; load average (1 min) at the runs' starts %.1f to %.1f, median %.1f."
      % (patients, weeks, conns, duration, rounds, loads[0], loads[-1], med(loads)))
print()
print("| request | instances | requests/s | vs 1 behind nginx | p50 | p99 | servers | PostgreSQL "
      "| nginx | wrk | machine | server CPU/request | PostgreSQL CPU/request | transactions/request "
      "| WAL flushes/request | busy connections (WAL, advisory lock, other lock) | non-2xx |")
print("|" + "---|" * 17)
for mode in names:
    for config in configs:
        mine = [r for r in rows if r["mode"] == mode and r["config"] == config]
        if not mine:
            continue
        base = {r["round"]: float(r["rps"]) for r in rows
                if r["mode"] == mode and r["config"] == "nginx1"}
        ratios = [float(r["rps"]) / base[r["round"]] for r in mine if base.get(r["round"])]
        m = lambda k: med([float(r[k]) for r in mine])
        per = lambda k: med([int(r[k]) / max(int(r["requests"]), 1) for r in mine])
        print("| %s | %s | %.0f | %s | %.1f ms | %.1f ms | %.2f | %.2f | %.2f | %.2f | %.2f "
              "| %.0f µs | %.0f µs | %.2f | %.2f | %.1f (%.1f, %.1f, %.1f) | %d |"
              % (names[mode], configs[config], m("rps"),
                 "%.2f" % med(ratios) if ratios else "-", m("p50"), m("p99"), m("servers"),
                 m("pg"), m("nginx"), m("wrk"), m("machine"), m("server_us"), m("pg_us"),
                 per("commits"), per("flushes"), m("active"), m("walwait"), m("advisory"), m("lockwait"),
                 sum(int(r["non2xx"]) for r in mine)))
print()
print("CPU columns are cores used on average over a run's wall time (the machine has %s; "
      "\"machine\" counts every process on it, other engineers' work included); transactions "
      "are PostgreSQL's commits, where every statement run outside a transaction (most reads) "
      "counts as one; WAL flushes are pg_stat_wal.wal_sync; busy connections are PostgreSQL "
      "client connections running a statement, sampled twice a second, and of those the ones "
      "waiting for the WAL, for an advisory lock (the audit chain's) or for another lock (each "
      "instance pools 8)." % __import__("os").cpu_count())
PY
if [ -n "${RESULTS:-}" ]; then cp "$tmp/results" "$RESULTS"; fi
bad=$(awk -F'\t' '$8 != "0"' "$results" | wc -l)
if [ "$bad" -ne 0 ]; then
  echo "instances.sh: some answers were not 2xx (see above)" >&2
  exit 1
fi
