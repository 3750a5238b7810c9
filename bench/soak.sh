#!/usr/bin/env bash
# bench/soak.sh [BINARY]: a mixed workload held for a long time, watching for
# errors and memory growth.
#
# Patients read today's session (60%) and their plan (10%) and log sessions
# (20%, durable); the clinician lists the clinic's patients with alerts (10%).
# wrk drives it as fast as the server answers (CONNECTIONS connections, a
# closed loop: the highest rate the machine holds) for DURATION seconds,
# while the server's resident memory is sampled every SAMPLE seconds. Fails
# when any answer is not 2xx, on socket errors, or when the resident memory
# of the last third of the run averages more than GROWTH_PERCENT above that
# of the middle third (the first third is warm-up: caches filling).
# Everything runs on 127.0.0.1 and stops by itself.
#
# Environment: PATIENTS (100000), WEEKS (2), DURATION (600), CONNECTIONS (16),
# SAMPLE (10), GROWTH_PERCENT (5), SEEDED=DIR (reuse DIR/load.db and
# DIR/tokens from `backcoach seed --tokens`; seeding 100,000 patients takes
# a while), DB_URL=postgresql://... (seed and serve PostgreSQL), KEEP=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/backcoach}")
PATIENTS=${PATIENTS:-100000}
WEEKS=${WEEKS:-2}
DURATION=${DURATION:-600}
CONNECTIONS=${CONNECTIONS:-16}
SAMPLE=${SAMPLE:-10}
GROWTH_PERCENT=${GROWTH_PERCENT:-5}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "soak.sh: $tool is needed (scripts/install-deps.sh)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/backcoach-soak.XXXXXX")
server_pid= sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source "$root/bench/lib.sh"
seeded_database "$PATIENTS" "$WEEKS"
start_server

read -r _ _ clinician_token < <(grep '^clinician ' "$tmp/tokens")
grep '^patient ' "$tmp/tokens" | cut -d' ' -f2,3 >"$tmp/patients"

cat >"$tmp/mixed.lua" <<'LUA'
local patients = {}
local n = 0
local today = os.getenv("SOAK_TODAY")
local clinician = os.getenv("SOAK_CLINICIAN")
function init(args)
  for line in io.lines(os.getenv("SOAK_PATIENTS")) do
    local id, token = line:match("(%S+) (%S+)")
    patients[#patients + 1] = {id = id, token = token}
  end
  math.randomseed(os.time() + #args + math.random(1000))
  n = math.random(#patients)
end
function request()
  local pick = math.random(100)
  if pick <= 10 then
    return wrk.format("GET", "/api/v1/clinic/patients?limit=50",
                      {["Authorization"] = "Bearer " .. clinician})
  end
  n = n % #patients + 1
  local p = patients[n]
  local headers = {["Authorization"] = "Bearer " .. p.token}
  local base = "/api/v1/patients/" .. p.id
  if pick <= 30 then
    headers["Content-Type"] = "application/json"
    local body = '{"date":"' .. today .. '","exercises":[{"id":"walking","pain_during":2}],' ..
                 '"pain_after":2,"effort":4}'
    return wrk.format("POST", base .. "/sessions", headers, body)
  end
  if pick <= 40 then return wrk.format("GET", base .. "/plan", headers) end
  return wrk.format("GET", base .. "/today", headers)
end
LUA

# Resident memory, in KiB, every SAMPLE seconds: "seconds-since-start kib".
(
  t=0
  while kill -0 "$server_pid" 2>/dev/null; do
    awk -v t="$t" '/^VmRSS:/ {print t, $2}' "/proc/$server_pid/status" >>"$tmp/rss"
    sleep "$SAMPLE"
    t=$((t + SAMPLE))
  done
) &
sampler_pid=$!

echo "== mixed load for ${DURATION} s, $CONNECTIONS connections, $PATIENTS patients" >&2
SOAK_PATIENTS=$tmp/patients SOAK_TODAY=$(date -u +%F) SOAK_CLINICIAN=$clinician_token \
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$tmp/mixed.lua" "$url" \
  >"$tmp/wrk.out" 2>&1
cat "$tmp/wrk.out" >&2
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=
kill -0 "$server_pid" 2>/dev/null || { echo "soak.sh: the server died" >&2; cat "$tmp/server.log" >&2; exit 1; }

wrk_summary "mixed" "$tmp/wrk.out" >"$tmp/summary"
python3 - "$tmp/summary" "$tmp/rss" "$PATIENTS" "$DURATION" "$CONNECTIONS" "$GROWTH_PERCENT" <<'PY'
import sys
name, rps, p50, p99, errors, sockets = open(sys.argv[1]).read().rstrip("\n").split("\t")
samples = [tuple(map(int, l.split())) for l in open(sys.argv[2]) if l.strip()]
patients, duration, connections, allowed = sys.argv[3], int(sys.argv[4]), sys.argv[5], float(sys.argv[6])
kib = [k for _, k in samples]
third = max(1, len(kib) // 3)
middle = kib[third:2 * third] or kib
last = kib[2 * third:] or kib
avg = lambda xs: sum(xs) / len(xs)
growth = (avg(last) - avg(middle)) / avg(middle) * 100
print("%s patients; %d s; wrk -t2 -c%s; mixed: 60%% today, 10%% plan, 20%% session logs, "
      "10%% clinic list" % (patients, duration, connections))
print()
print("| requests/s | p50 | p99 | non-2xx | socket errors | RSS start | RSS max | RSS end | "
      "last third vs middle third |")
print("|---|---|---|---|---|---|---|---|---|")
print("| %s | %s | %s | %s | %s | %.0f MiB | %.0f MiB | %.0f MiB | %+.1f%% |" % (
    rps, p50, p99, errors, sockets, kib[0] / 1024, max(kib) / 1024, kib[-1] / 1024, growth))
bad = []
if errors != "0": bad.append("%s answers were not 2xx" % errors)
if sockets != "none": bad.append("socket errors: " + sockets)
if growth > allowed: bad.append("memory grew %.1f%% (allowed %.1f%%)" % (growth, allowed))
if bad:
    print("\nsoak.sh: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
