#!/usr/bin/env bash
# Backup under load: `backcoach backup` is taken while writers post diary
# entries and session logs through the API of a real server on SQLite, and
# go on writing until after it ends. The backup is restored with `backcoach
# restore`; the restored copy passes SQLite's integrity check and `backcoach
# audit verify`, and holds every write acknowledged before the backup began,
# with its audit entry. The live database, once the server has stopped,
# holds every acknowledged write.
#
# BACKCOACH_BACKUP_SECONDS (default 4) is how long the load runs, the backup
# starting at its middle; BACKCOACH_BACKUP_WRITERS (default 8) how many
# writers there are, each with a patient of its own.
source "$(dirname "$0")/../cli/lib.sh"
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
seconds=${BACKCOACH_BACKUP_SECONDS:-4}
writers=${BACKCOACH_BACKUP_WRITERS:-8}

db="$TMP/live.db"
expect_exit 0 "$BC" seed --db "$db" --patients "$writers" --weeks 1 --threads 2 \
  --tokens "$TMP/tokens" --sessions "$writers"
[ "$(grep -c '^patient ' "$TMP/tokens")" -eq "$writers" ] || fail "a token for each writer"

# The session logs the seed wrote, to count the load's beyond them.
python3 - "$db" >"$TMP/baseline.json" <<'PY' || fail "the seeded database"
import collections, json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT patient_id FROM records WHERE kind = 'session_log'")
print(json.dumps(collections.Counter(r[0] for r in rows)))
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BC" serve --port "$port" --db "$db" --no-scheduler >"$TMP/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS --max-time 2 "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# The load, and the backup in its middle. Every acknowledged write is kept
# with the moment its answer arrived.
python3 - "http://127.0.0.1:$port" "$TMP/tokens" "$seconds" "$BC" "$db" "$TMP/backup/copy.db" \
  >"$TMP/load.json" 2>"$TMP/load.err" <<'PY' || fail "the load: $(cat "$TMP/load.err")"
import datetime, json, subprocess, sys, threading, time, urllib.error, urllib.request

base, tokens, seconds, bc, db, backup = sys.argv[1:7]
seconds = float(seconds)
patients = [line.split() for line in open(tokens) if line.startswith("patient ")]
today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
acks, errors, lock = [], [], threading.Lock()
stop = threading.Event()


def post(token, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:200]


def writer(n, pid, token):
    i = 0
    while not stop.is_set():
        i += 1
        if i % 4 == 0:
            kind, status, answer = "session_log", *post(token, f"/api/v1/patients/{pid}/sessions", {
                "date": today, "exercises": [], "pain_after": 2, "effort": 3})
        else:
            kind, status, answer = "pain", *post(token, f"/api/v1/patients/{pid}/pain", {
                "pain": i % 11, "note": f"load {n} {i}"})
        at = time.time()
        with lock:
            if status == 201:
                acks.append({"patient": pid, "kind": kind, "at": at,
                             "id": answer.get("id", "")})
            else:
                errors.append(f"{kind}: {status} {answer}")


threads = [threading.Thread(target=writer, args=(n, p[1], p[2])) for n, p in enumerate(patients)]
for t in threads:
    t.start()
time.sleep(seconds / 2)
began = time.time()
copy = subprocess.run([bc, "backup", backup, "--db", db], capture_output=True, text=True,
                      timeout=60)
ended = time.time()
time.sleep(max(0.0, seconds / 2 - (ended - began)))
stop.set()
for t in threads:
    t.join(timeout=30)
if copy.returncode != 0:
    sys.exit(f"backup failed ({copy.returncode}): {copy.stderr}")
if errors:
    sys.exit(f"{len(errors)} writes failed, e.g. {errors[:3]}")
print(json.dumps({"began": began, "ended": ended, "acks": acks, "backup": copy.stdout.strip()}))
PY

kill -TERM "$pid"
wait "$pid" || fail "the server did not stop cleanly"
pid=

expect_exit 0 "$BC" restore "$TMP/backup/copy.db" --db "$TMP/restored.db"
expect_out "restored"
expect_exit 0 "$BC" audit verify --db "$TMP/restored.db" --audit-key-file "$db.audit-key"
expect_out "audit log intact"
expect_exit 0 "$BC" audit verify --db "$db"
expect_out "audit log intact"

# Every write acknowledged before the backup began is in the copy, with its
# audit entry; every acknowledged write is in the live database.
python3 - "$TMP/load.json" "$TMP/restored.db" "$db" "$TMP/baseline.json" <<'PY' ||
import collections, json, sqlite3, sys

load = json.load(open(sys.argv[1]))
restored, live = sqlite3.connect(sys.argv[2]), sqlite3.connect(sys.argv[3])
check = restored.execute("PRAGMA integrity_check").fetchone()[0]
if check != "ok":
    sys.exit(f"integrity check of the restored copy: {check}")
before = [a for a in load["acks"] if a["at"] < load["began"]]
during = [a for a in load["acks"] if load["began"] <= a["at"] < load["ended"]]
problems = []


def ids(db):
    return {r[0] for r in db.execute("SELECT id FROM records WHERE kind = 'pain'")}


def counts(db, sql):
    return collections.Counter(r[0] for r in db.execute(sql))


copied, kept = ids(restored), ids(live)
problems += [f"diary entry {a['id']}, acknowledged before the backup, is not in it"
             for a in before if a["kind"] == "pain" and a["id"] not in copied]
problems += [f"diary entry {a['id']} was acknowledged but is not in the live database"
             for a in load["acks"] if a["kind"] == "pain" and a["id"] not in kept]
# Session logs have no id in their answer: count them, beyond the seeded ones.
seeded = collections.Counter(json.load(open(sys.argv[4])))
stored = counts(live, "SELECT patient_id FROM records WHERE kind = 'session_log'")
copied_logs = counts(restored, "SELECT patient_id FROM records WHERE kind = 'session_log'")
for patient in {a["patient"] for a in load["acks"]}:
    logs = [a for a in load["acks"] if a["patient"] == patient and a["kind"] == "session_log"]
    if stored[patient] < seeded[patient] + len(logs):
        problems.append(f"patient {patient}: {len(logs)} sessions acknowledged, "
                        f"{stored[patient] - seeded[patient]} stored")
    early = [a for a in logs if a["at"] < load["began"]]
    if copied_logs[patient] < seeded[patient] + len(early):
        problems.append(f"patient {patient}: {len(early)} sessions acknowledged before the "
                        f"backup, {copied_logs[patient] - seeded[patient]} in it")
# A change is acknowledged only once its audit entry is stored.
audited = counts(restored, "SELECT patient_id FROM audit WHERE action LIKE 'POST %' "
                           "AND outcome = 'ok'")
for patient, n in collections.Counter(a["patient"] for a in before).items():
    if audited[patient] < n:
        problems.append(f"patient {patient}: {n} writes before the backup, {audited[patient]} "
                        "audited in it")
print(f"{len(load['acks'])} writes acknowledged in all, {len(before)} before the backup began, "
      f"{len(during)} while it ran ({load['ended'] - load['began']:.2f} s); "
      f"{len(copied)} diary entries in the copy. {load['backup']}")
if problems:
    sys.exit("\n".join(problems[:20]))
PY
  fail "the restored copy"
finish
