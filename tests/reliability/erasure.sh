#!/usr/bin/env bash
# GDPR erasure leaves no trace. Two patients of a clinic write a marker (a
# word of their own) into every free-text field they or their team can
# write: names, e-mail, intake goals, what hurt, diary notes, the device of
# imported steps, a clinician's note, plan change and alert note, messages
# each way with a supporter and the clinician; each also mistypes their
# password once. One of them erases themselves (DELETE /api/v1/patients/ID)
# and, on SQLite, none of their markers is left in the database files (the
# main file, -wal and -shm), byte for byte, while the server still runs and
# after it stops; the other's markers are found by the same search. Under
# tests/pg/with-postgres.sh the same runs on PostgreSQL, where the check is
# logical: no row of any table holds a marker (pg_dump --data-only). What
# PostgreSQL keeps on disk is in docs/reliability.md, "Erasure".
source "$(dirname "$0")/../cli/lib.sh"
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
# The audit key and anchors in the scratch directory, for SQLite and PostgreSQL alike.
export BACKCOACH_AUDIT_KEY_FILE="$TMP/audit-key" BACKCOACH_AUDIT_ANCHOR_FILE="$TMP/audit-anchors"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server DB: serves DB on a free port; sets pid and URL.
start_server() {
  local port
  port=$(free_port)
  "$BC" serve --port "$port" --db "$1" --no-scheduler >"$TMP/serve.log" 2>&1 &
  pid=$!
  URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS --max-time 2 "$URL/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "the server did not start: $(tail -5 "$TMP/serve.log")"
  return 1
}

# Stops the server with SIGTERM, as an operator would; at most 20 s.
stop_server() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    fail "the server did not stop within 20 s"
  fi
  wait "$pid" || fail "the server did not stop cleanly"
  pid=
}

# The people and their data, through the API. Prints a JSON object with
# each patient's id and markers.
cat >"$TMP/scenario.py" <<'PY'
import json, sys, urllib.error, urllib.request

base, clinician = sys.argv[1], sys.argv[2]
PASSWORD = "correct horse battery staple"
INTAKE = {
    "age": 45, "pain_duration_weeks": 30, "pain_now": 6, "pain_trend": "stable",
    "leg_symptoms": "none", "leg_symptom_sides": "none", "leg_numbness_or_tingling": False,
    "leg_weakness": "none", "saddle_numbness": False, "bladder_or_bowel_change": False,
    "sexual_dysfunction_new": False, "fever_or_chills": False, "unexplained_weight_loss": False,
    "cancer_history": False, "trauma": "none", "osteoporosis_or_long_term_steroids": False,
    "immunosuppressed_or_iv_drug_use": False, "recent_infection_or_spinal_procedure": False,
    "constant_night_pain": False, "feeling_unwell": False, "widespread_pain": False,
    "first_episode": False, "activity_level": "light", "minutes_per_day": 25,
    "days_per_week": 5, "equipment": ["mat"], "likes": ["walking"]}


def call(method, path, token=None, body=None, raw=None):
    data = raw.encode() if raw is not None else None
    if body is not None:
        data = json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def ok(want, answer, what):
    status, body = answer
    if status != want:
        sys.exit(f"{what}: {status} {body[:300]!r}")
    return json.loads(body) if body[:1] == b"{" else body


def apple_health(source):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
            ' <ExportDate value="2026-11-23 08:00:00 +0000"/>\n'
            f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}"'
            ' unit="count" startDate="2026-11-22 10:00:00 +0000"'
            ' endDate="2026-11-22 10:30:00 +0000" value="5200"/>\n</HealthData>\n')


def person(tag):
    marks = []

    def mark(field):
        marks.append(f"zq{tag}{field}qz")
        return marks[-1]

    code = ok(201, call("POST", "/api/v1/clinic/invitations", clinician, {}), "invitation")["code"]
    email = mark("email") + "@example.test"
    me = ok(201, call("POST", "/api/v1/auth/signup", body={
        "email": email, "password": PASSWORD, "display_name": mark("name"),
        "invitation_code": code}), "sign-up")
    token, pid = me["token"], me["user"]["id"]
    p = f"/api/v1/patients/{pid}"
    ok(201, call("POST", p + "/intake", token, dict(INTAKE, goals=[mark("goal")])), "intake")
    today = ok(200, call("GET", p + "/today", token), "today")
    hurt = mark("hurt")
    ok(201, call("POST", p + "/sessions", token, {
        "date": today["date"], "pain_after": 3, "effort": 5,
        "exercises": [{"id": c["id"], "pain_during": 3, "what_hurt": hurt}
                      for c in today["exercises"]]}), "session")
    ok(201, call("POST", p + "/pain", token, {"pain": 4, "note": mark("diary")}), "diary")
    ok(201, call("POST", p + "/steps", token, raw=apple_health(mark("source"))), "steps")
    ok(201, call("POST", p + "/notes", clinician, {"text": mark("note")}), "note")
    ok(201, call("POST", p + "/adjustments", clinician, {
        "exercise_id": today["exercises"][0]["id"], "action": "pin",
        "reason": mark("adjust")}), "plan change")
    invite = ok(201, call("POST", p + "/care-team/invitations", token, {"scopes": ["progress"]}),
                "supporter invitation")
    supporter = ok(201, call("POST", "/api/v1/auth/signup", body={
        "email": f"supporter-{tag}@example.test", "password": PASSWORD,
        "display_name": f"Supporter of {tag}", "supporter_code": invite["code"]}),
        "supporter sign-up")
    ok(201, call("POST", p + "/messages", token, {
        "text": mark("msgout"), "to": supporter["user"]["id"]}), "message to the supporter")
    ok(201, call("POST", p + "/messages", supporter["token"], {"text": mark("msgin")}),
       "message from the supporter")
    ok(201, call("POST", p + "/messages", clinician, {"text": mark("msgclin")}),
       "message from the clinician")
    ok(200, call("PUT", p + "/preferences", token, {
        "reminder_times": ["07:30"], "utc_offset_minutes": 60}), "preferences")
    ok(401, call("POST", "/api/v1/auth/login", body={"email": email, "password": "mistyped"}),
       "a mistyped password")
    # A red flag reported with a session raises an alert; the clinician
    # resolves it with a note.
    ok(201, call("POST", p + "/sessions", token, {
        "date": today["date"], "exercises": [], "pain_after": 3, "effort": 3,
        "bladder_or_bowel_change": True}), "a red flag")
    alerts = ok(200, call("GET", p + "/alerts", clinician), "alerts")["alerts"]
    if not alerts:
        sys.exit("the red flag raised no alert")
    ok(200, call("POST", f"{p}/alerts/{alerts[0]['id']}", clinician, {
        "state": "resolved", "note": mark("alertnote")}), "resolving the alert")
    return {"id": pid, "token": token, "supporter": supporter["token"], "markers": marks}


gone, kept = person("gone"), person("kept")
export = ok(200, call("GET", f"/api/v1/patients/{kept['id']}/export", kept["token"]), "export")
missing = [m for m in kept["markers"] if m not in json.dumps(export)]
if missing:
    sys.exit(f"the export lacks {missing}")
ok(200, call("DELETE", f"/api/v1/patients/{gone['id']}", gone["token"]), "erasure")
ok(401, call("GET", "/api/v1/me", gone["token"]), "the erased patient's session")
ok(404, call("GET", f"/api/v1/patients/{gone['id']}", clinician), "the clinician after erasure")
ok(404, call("GET", f"/api/v1/patients/{gone['id']}/messages", gone["supporter"]),
   "the supporter after erasure")
ok(200, call("GET", f"/api/v1/patients/{kept['id']}", clinician), "the other patient")
print(json.dumps({"gone": gone["markers"], "kept": kept["markers"]}))
PY

# Searches the files for the markers of $TMP/markers.json, byte for byte.
cat >"$TMP/search.py" <<'PY'
import json, os, sys

markers = json.load(open(sys.argv[1]))
files = sys.argv[2:]
data = {f: open(f, "rb").read() if os.path.exists(f) else b"" for f in files}
problems = []
for m in markers["gone"]:
    problems += [f"{m} is still in {f}" for f in files if m.encode() in data[f]]
for m in markers["kept"]:
    if not any(m.encode() in d for d in data.values()):
        problems.append(f"{m}, of the patient who stayed, is not found: the search is broken")
print(" ".join(f"{os.path.basename(f)}={len(data[f])}B" for f in files))
if problems:
    sys.exit("\n".join(problems))
PY

# run_scenario DB: the seeded clinician, the people, the erasure.
run_scenario() {
  expect_exit 0 "$BC" seed --db "$1" --patients 1 --weeks 0 --threads 1 --tokens "$TMP/tokens" \
    --sessions 1
  local clinician
  clinician=$(awk '$1 == "clinician" {print $3}' "$TMP/tokens")
  [ -n "$clinician" ] || { fail "no clinician token from seed"; return 1; }
  start_server "$1" || return 1
  if ! python3 "$TMP/scenario.py" "$URL" "$clinician" >"$TMP/markers.json" 2>"$TMP/scenario.err"; then
    fail "the scenario: $(cat "$TMP/scenario.err")"
    return 1
  fi
}

# SQLite: the files, while serving and once stopped.
db="$TMP/erasure.db"
if run_scenario "$db"; then
  python3 "$TMP/search.py" "$TMP/markers.json" "$db" "$db-wal" "$db-shm" >"$TMP/sizes" ||
    fail "SQLite, while serving: $(cat "$TMP/sizes")"
  echo "SQLite after erasure, serving: $(cat "$TMP/sizes")"
  stop_server
  python3 "$TMP/search.py" "$TMP/markers.json" "$db" "$db-wal" "$db-shm" >"$TMP/sizes" ||
    fail "SQLite, stopped: $(cat "$TMP/sizes")"
  echo "SQLite after erasure, stopped: $(cat "$TMP/sizes")"
  expect_exit 0 "$BC" audit verify --db "$db"
  expect_out "audit log intact"
fi
stop_server

# PostgreSQL: no row keeps a marker.
if [ -n "${BACKCOACH_TEST_POSTGRES:-}" ]; then
  name="bc_erasure_$$"
  psql -qAt "$BACKCOACH_TEST_POSTGRES" -c "CREATE DATABASE $name" >/dev/null ||
    fail "cannot create a database"
  pg="${BACKCOACH_TEST_POSTGRES%/*}/$name"
  if run_scenario "$pg"; then
    stop_server
    pg_dump --data-only "$pg" >"$TMP/rows.sql" || fail "pg_dump"
    python3 "$TMP/search.py" "$TMP/markers.json" "$TMP/rows.sql" >"$TMP/sizes" ||
      fail "PostgreSQL: $(cat "$TMP/sizes")"
    echo "PostgreSQL after erasure: rows of every table searched ($(cat "$TMP/sizes"))"
    expect_exit 0 "$BC" audit verify --db "$pg"
    expect_out "audit log intact"
  fi
  stop_server
  psql -qAt "$BACKCOACH_TEST_POSTGRES" -c "DROP DATABASE $name" >/dev/null || true
fi
finish
