#!/usr/bin/env bash
# sqlmap against the parameters of a running API (docs/reliability.md,
# "SQL injection"): path ids, query parameters and JSON body fields, with a
# valid bearer token. Nothing may be found injectable, and no request may
# get a 5xx.
#
#   bash tests/reliability/sqlmap.sh BACKCOACH_BINARY SOURCE_DIR
#
# By default (CTest) a minimal form: the clinic list's query parameters and
# one path id, at --level 2 with boolean, error, UNION and time-based tests. SQLMAP_FULL=1 tests every
# target below at --level 3 --risk 2 with all techniques (some minutes);
# with BACKCOACH_TEST_POSTGRES set it also runs against PostgreSQL.
source "$(dirname "$0")/../cli/lib.sh"

if ! command -v sqlmap >/dev/null 2>&1; then
  echo "SKIP: sqlmap is not installed (apt-get install sqlmap)"
  exit 0
fi

full=${SQLMAP_FULL:-0}
pid=""
stop_server() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop_server; [ -n "${SQLMAP_KEEP:-}" ] && cp -r "$TMP" "$SQLMAP_KEEP"; rm -rf "$TMP"' EXIT

start_server() {  # start_server DB_URL
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BC" serve --demo --port "$port" --db "$1" --log errors --no-scheduler >"$TMP/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  URL="http://127.0.0.1:$port"
}

field() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[int(k)] if k.isdigit() else d[k]
print(d)' "$1"; }

login() {  # login EMAIL -> the bearer token
  curl -fsS -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"backcoach-demo\"}" | field token
}

# run_sqlmap NAME TOKEN URL [sqlmap options...]: fails on an injection or a 5xx.
run_sqlmap() {
  local name=$1 token=$2 url=$3; shift 3
  local out="$TMP/sqlmap-$name.txt" start=$SECONDS
  timeout 900 sqlmap -u "$url" -H "Authorization: Bearer $token" --batch --flush-session \
    --output-dir="$TMP/sqlmap" --timeout=10 --retries=1 --time-sec=2 --threads=1 \
    --disable-coloring "${common[@]}" "$@" >"$out" 2>&1 || true
  local took=$((SECONDS - start))
  if grep -q "identified the following injection point" "$out"; then
    fail "sqlmap found an injection in $name: $(grep -A8 'identified the following' "$out")"
  elif grep -A6 "HTTP error codes detected" "$out" | grep -qE "^5[0-9][0-9] "; then
    fail "sqlmap got server errors on $name: $(grep -A6 'HTTP error codes' "$out")"
  elif ! grep -qE "do not appear to be injectable|does not seem to be injectable" "$out"; then
    fail "sqlmap did not finish on $name: $(tail -5 "$out")"
  else
    echo "ok   $name: nothing injectable (${took} s)"
  fi
  echo "$name $took" >>"$TMP/times"
}

run_all() {  # run_all DB_URL DBMS
  start_server "$1"
  local dbms=$2
  lee=$(login lee@demo.backcoach.example)
  maria=$(login maria@demo.backcoach.example)
  maria_id=$(curl -fsS -H "Authorization: Bearer $maria" "$URL/api/v1/me" | field user.id)
  curl -fsS -H "Authorization: Bearer $lee" "$URL/api/v1/clinic/patients" >"$TMP/list.json"
  ahmed_id=$(field patients.0.id <"$TMP/list.json")
  if [ "$full" = 1 ]; then
    common=(--dbms="$dbms" --level=3 --risk=2 --technique=BEUSTQ)
  else
    common=(--dbms="$dbms" --level=2 --risk=1 --technique=BEUT)
  fi
  local p="$URL/api/v1/patients"
  run_sqlmap "clinic-list-query" "$lee" "$URL/api/v1/clinic/patients?search=ah&limit=50" \
    -p search,limit
  run_sqlmap "patient-path-id" "$lee" "$p/${ahmed_id}*"
  if [ "$full" != 1 ]; then
    stop_server
    return
  fi
  run_sqlmap "plan-path-id" "$maria" "$p/${maria_id}*/plan"
  run_sqlmap "today-date" "$maria" "$p/$maria_id/today?date=2026-01-05" -p date
  run_sqlmap "sessions-limit" "$maria" "$p/$maria_id/sessions?limit=10" -p limit
  run_sqlmap "export-csv-file" "$maria" "$p/$maria_id/export/csv?file=sessions" -p file
  run_sqlmap "alerts-open" "$lee" "$URL/api/v1/clinic/alerts?open=true" -p open
  ana_id=$(curl -fsS -H "Authorization: Bearer $maria" "$p/$maria_id/care-team" |
    field supporters.0.id)
  run_sqlmap "care-member-path" "$maria" "$p/$maria_id/care-team/${ana_id}*" \
    --method=PUT --data='{"scopes":["progress"]}'
  run_sqlmap "pain-body" "$maria" "$p/$maria_id/pain" \
    --data='{"pain":3,"date":"2026-01-05","note":"stiff"}'
  run_sqlmap "notes-body" "$lee" "$p/$ahmed_id/notes" --data='{"text":"reviewed"}'
  run_sqlmap "signup-body" "" "$URL/api/v1/auth/signup" \
    --data='{"email":"sql@example.test","password":"long enough password","display_name":"S"}'
  run_sqlmap "messages-body" "$maria" "$p/$maria_id/messages" --data='{"text":"hello"}'
  stop_server
}

run_all "$TMP/sqlmap.db" SQLite
if [ "$full" = 1 ] && [ -n "${BACKCOACH_TEST_POSTGRES:-}" ]; then
  run_all "$BACKCOACH_TEST_POSTGRES" PostgreSQL
fi
cat "$TMP/times"
finish
