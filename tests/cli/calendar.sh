#!/usr/bin/env bash
# The reminders' calendar feed end to end: `backcoach serve` on 127.0.0.1, a
# patient sets reminder times, makes a private feed URL, and an independent
# iCalendar parser (python3-icalendar) reads it as calendar apps would: a
# daily VEVENT per time, with an alarm, and nothing about symptoms. Revoking
# the URL makes it answer 404.
source "$(dirname "$0")/lib.sh"

# A mail relay that is not host:port stops the start with one clear line.
expect_exit 2 "$BC" serve --port 0 --db "$TMP/none.db" --smtp nonsense
expect_err "backcoach serve: --smtp must be host:port, e.g. localhost:25"
expect_err_lines 1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BC" serve --port "$port" --db "$TMP/cal.db" --no-scheduler >"$TMP/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
URL="http://127.0.0.1:$port"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
signup=$(curl -fsS -X POST "$URL/api/v1/auth/signup" -H 'Content-Type: application/json' \
  -d '{"email": "tom@example.test", "password": "a long enough password", "display_name": "Tom"}')
token=$(echo "$signup" | json '["token"]')
id=$(echo "$signup" | json '["user"]["id"]')
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')

curl -fsS -X PUT "$URL/api/v1/patients/$id/preferences" "${auth[@]}" \
  -d '{"reminder_times": ["18:30", "07:15"], "utc_offset_minutes": 60}' >/dev/null ||
  fail "setting reminder times"
path=$(curl -fsS -X POST "$URL/api/v1/patients/$id/calendar" "${auth[@]}" | json '["path"]') ||
  fail "making the feed"
code=$(curl -sS -o "$TMP/feed.ics" -w '%{http_code}' "$URL$path")
[ "$code" = 200 ] || fail "the feed answered $code"

# Debian's python3-icalendar belongs to the system Python, whatever else is on PATH.
/usr/bin/python3 - "$TMP/feed.ics" <<'PY' || fail "the feed is not the calendar expected"
import sys
from icalendar import Calendar
raw = open(sys.argv[1], "rb").read()
assert b"\r\n" in raw and all(len(l) <= 75 for l in raw.split(b"\r\n")), "lines must be CRLF, folded at 75"
cal = Calendar.from_ical(raw)
assert str(cal["VERSION"]) == "2.0"
events = [c for c in cal.walk() if c.name == "VEVENT"]
assert len(events) == 2, len(events)
starts = sorted(e.decoded("DTSTART").strftime("%H:%M") for e in events)
assert starts == ["06:15", "17:30"], starts  # UTC: the local times less one hour
for e in events:
    assert e["RRULE"]["FREQ"] == ["DAILY"], e["RRULE"]
    alarms = [c for c in e.walk() if c.name == "VALARM"]
    assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    text = (str(e["SUMMARY"]) + str(e["DESCRIPTION"])).lower()
    assert "pain" not in text and "symptom" not in text and "flag" not in text, text
assert len({str(e["UID"]) for e in events}) == 2
PY

# A new URL replaces the old; revoking makes the current one 404 too.
new_path=$(curl -fsS -X POST "$URL/api/v1/patients/$id/calendar" "${auth[@]}" | json '["path"]')
[ "$(curl -sS -o /dev/null -w '%{http_code}' "$URL$path")" = 404 ] || fail "the old URL still works"
[ "$(curl -sS -o /dev/null -w '%{http_code}' "$URL$new_path")" = 200 ] || fail "the new URL"
curl -fsS -X DELETE "$URL/api/v1/patients/$id/calendar" "${auth[@]}" >/dev/null || fail "revoking"
[ "$(curl -sS -o /dev/null -w '%{http_code}' "$URL$new_path")" = 404 ] || fail "the revoked URL still works"

kill -TERM $pid
wait $pid || fail "serve did not stop cleanly"
finish
