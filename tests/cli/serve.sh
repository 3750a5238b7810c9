#!/usr/bin/env bash
# `backcoach serve --demo` end to end over real HTTP on 127.0.0.1: the demo
# logins work, the clinician's list puts the red flag first, a patient sees
# their plan and not another's, and SIGTERM stops the server cleanly.
source "$(dirname "$0")/lib.sh"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# A bad batch wait for the audit is refused before the database is touched.
expect_exit 2 "$BC" serve --audit-batch-wait 5000 --db "$TMP/refused.db"
expect_err "option --audit-batch-wait must be a whole number from 0 to 1000, got '5000'"
[ ! -e "$TMP/refused.db" ] || fail "a refused serve made its database"

# Reads' audit entries may wait up to a second here: the stop must store them.
"$BC" serve --demo --port "$port" --db "$TMP/demo.db" --audit-batch-wait 1000 >"$TMP/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
URL="http://127.0.0.1:$port"
grep -q "lee@demo.backcoach.example" "$TMP/serve.log" || fail "demo logins not printed"

login() {  # login EMAIL -> prints the bearer token
  curl -fsS -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"backcoach-demo\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
get() { curl -sS -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $1" "$URL$2"; }

lee=$(login lee@demo.backcoach.example) || fail "clinician login"
maria=$(login maria@demo.backcoach.example) || fail "patient login"

[ "$(get "$lee" /api/v1/clinic/patients)" = 200 ] || fail "patient list"
python3 - "$TMP/body" <<'PY' || fail "the red flag is not first in the list"
import json, sys
page = json.load(open(sys.argv[1]))
first = page["patients"][0]
assert first["name"].startswith("Ahmed"), first
assert any("red flag" in r for r in first["reasons"]), first
assert page["total"] >= 44, page["total"]
PY

maria_id=$(curl -fsS -H "Authorization: Bearer $maria" "$URL/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')
[ "$(get "$maria" "/api/v1/patients/$maria_id/plan")" = 200 ] || fail "own plan"
grep -q '"format":"backcoach-plan"' "$TMP/body" || fail "plan body"
ahmed_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["patients"][0]["id"])' "$TMP/body" 2>/dev/null || true)
get "$lee" /api/v1/clinic/patients >/dev/null
ahmed_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["patients"][0]["id"])' "$TMP/body")
[ "$(get "$maria" "/api/v1/patients/$ahmed_id/plan")" = 404 ] || fail "a patient opened another patient's plan"
[ "$(get "" /api/v1/me)" = 401 ] || fail "anonymous me"
[ "$(get "" /api/v1/openapi.json)" = 200 ] || fail "openapi"
big=$(head -c 2000000 /dev/zero | tr '\0' 'a')
code=$(printf '%s' "$big" | curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $maria" \
  -H 'Content-Type: application/json' --data-binary @- "$URL/api/v1/patients/$maria_id/pain")
[ "$code" = 413 ] || fail "oversized body got $code"

get "$lee" /api/v1/clinic/patients >/dev/null
kill -TERM "$pid"
wait "$pid" || fail "serve exited non-zero after SIGTERM"
grep -q "Stopped." "$TMP/serve.log" || fail "no clean stop"

# The audit chain of the run is whole, and tampering is detected.
expect_exit 0 "$BC" audit verify --db "$TMP/demo.db"
expect_out "audit log intact"

# The three reads of the clinic's list are in it, the last one made just
# before the stop, while its entry was still waiting for its batch.
lists=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(
  "SELECT count(*) FROM audit WHERE action = ?", ("GET /api/v1/clinic/patients",)).fetchone()[0])' "$TMP/demo.db")
[ "$lists" = 3 ] || fail "the audit holds $lists reads of the clinic's list, not 3"

finish
