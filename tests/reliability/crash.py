#!/usr/bin/env python3
"""Kills `backcoach serve` with SIGKILL under a write load and checks that
every write it acknowledged is still there after a restart.

    crash.py --bc build/backcoach --db URL --workdir DIR [--rounds N]

URL is a SQLite file or a postgresql:// URL. Each round starts the server on
the same database, waits until /readyz answers, lets several clients write
through the HTTP API (pain diary entries, session logs, next-morning
check-ins, clinicians' notes), and kills the server at a random moment; in
some rounds the kill comes while the server is still starting. Then:

  - the database passes its checks: for SQLite `PRAGMA integrity_check` and
    `PRAGMA foreign_key_check`; for both back-ends `backcoach migrate` (the
    schema is whole and at the newest version) and `backcoach audit verify`
    (the audit log's hash chain);
  - the server starts again on it and answers /readyz;
  - every write acknowledged with a 2xx in any round so far is read back
    through the API (GET .../export), each by what identifies it (the id the
    server returned, or the patient and the session's date);
  - every acknowledged write has its "ok" entry in the audit log.

A write that got no answer (the kill came first) may or may not be stored;
both are right. Prints one summary line and exits 1 on any lost write or
failed check. Every wait is bounded.
"""
import argparse
import collections
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

TIMEOUT = 10  # seconds for one HTTP request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One HTTP/1.1 connection with a bearer token."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def call(self, method, path, body=None):
        """(status, parsed JSON or None); raises OSError when there is no answer."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            raw = r.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise OSError(str(e)) from e
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return r.status, parsed

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Ledger:
    """Every acknowledged write, shared by the client threads."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.acked = []  # dicts: kind, patient, key, action
        self.attempts = 0
        self.statuses = collections.Counter()  # answers to writes, by HTTP status
        self.file = open(path, "a", encoding="utf-8")

    def ack(self, kind, patient, key, action):
        entry = {"kind": kind, "patient": patient, "key": key, "action": action}
        with self.lock:
            self.acked.append(entry)
            self.file.write(json.dumps(entry) + "\n")

    def attempt(self):
        with self.lock:
            self.attempts += 1

    def answered(self, status):
        with self.lock:
            self.statuses[status] += 1


class Patient:
    def __init__(self, pid, token):
        self.id, self.token = pid, token
        self.next_day = date.today()  # after the seeded history
        self.unchecked = []  # acknowledged session dates without a check-in yet
        self.exercises = []


def load_logins(path):
    clinician, patients = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            role, uid, token = line.split()
            if role == "clinician":
                clinician = (uid, token)
            else:
                patients.append(Patient(uid, token))
    return clinician, patients


def writer(port, patients, clinician_token, ledger, stop, rng, errors):
    """Writes for its own patients until `stop` is set or the server is gone."""
    clients = {p.id: Client(port, p.token) for p in patients}
    staff = Client(port, clinician_token)
    n = 0
    try:
        while not stop.is_set():
            p = rng.choice(patients)
            c = clients[p.id]
            base = "/api/v1/patients/" + p.id
            n += 1
            op = rng.random()
            try:
                if not p.exercises:
                    status, today = c.call("GET", base + "/today")
                    if status == 200:
                        p.exercises = [e["id"] for e in today.get("exercises", [])][:4]
                if op < 0.35:
                    tag = "crash %s %d %d" % (p.id[:8], threading.get_ident() % 10000, n)
                    ledger.attempt()
                    status, body = c.call("POST", base + "/pain",
                                          {"pain": rng.randint(1, 3), "note": tag})
                    if 200 <= status < 300:
                        ledger.ack("pain", p.id, body["id"], "POST " + base + "/pain")
                elif op < 0.7:
                    day = p.next_day.isoformat()
                    p.next_day += timedelta(days=1)  # never reused, stored or not
                    log = {"date": day, "pain_after": 2, "effort": 4,
                           "exercises": [{"id": e, "pain_during": rng.randint(1, 3)}
                                         for e in p.exercises]}
                    ledger.attempt()
                    status, _ = c.call("POST", base + "/sessions", log)
                    if 200 <= status < 300:
                        ledger.ack("session_log", p.id, day, "POST " + base + "/sessions")
                        p.unchecked.append(day)
                        p.exercises = []  # the plan may have changed them
                elif op < 0.9 and p.unchecked:
                    day = p.unchecked.pop()  # never retried, stored or not
                    ledger.attempt()
                    status, _ = c.call("POST", base + "/checkins",
                                       {"date": day, "pain_next_morning": rng.randint(1, 3)})
                    if 200 <= status < 300:
                        ledger.ack("checkin", p.id, day, "POST " + base + "/checkins")
                else:
                    ledger.attempt()
                    status, body = staff.call("POST", base + "/notes",
                                              {"text": "crash note %d" % n})
                    if 200 <= status < 300:
                        ledger.ack("note", p.id, body["id"], "POST " + base + "/notes")
                ledger.answered(status)
                if status >= 500 and not stop.is_set():
                    errors.append("%s answered %d while the server ran" % (base, status))
            except OSError:
                if stop.is_set():
                    return
                time.sleep(0.01)  # the server is going down: the next call tells
    finally:
        for c in list(clients.values()) + [staff]:
            c.close()


LIVE = []  # servers started and not yet stopped, ended if the driver is stopped


def keep_audit_files_in(workdir):
    """The audit key and anchors of the servers and commands started from
    here go in `workdir`, never in the working directory, where a
    postgresql:// database keeps them by default (it has no directory of its
    own): another run's anchors there would not match this database."""
    os.environ.setdefault("BACKCOACH_AUDIT_KEY_FILE", os.path.join(workdir, "audit-key"))
    os.environ.setdefault("BACKCOACH_AUDIT_ANCHOR_FILE", os.path.join(workdir, "audit-anchors"))


def end_servers_on_sigterm():
    """A driver stopped by SIGTERM (a time limit) takes its servers with it."""
    def handler(signum, frame):
        for server in LIVE:
            server.proc.kill()
        os._exit(128 + signum)  # not sys.exit: the client threads would keep it alive
    signal.signal(signal.SIGTERM, handler)


class Server:
    def __init__(self, bc, db, port, log_path):
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [bc, "serve", "--port", str(port), "--db", db, "--threads", "16"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.port = port
        LIVE.append(self)

    def wait_ready(self, limit=30.0):
        """Seconds until /readyz answered 200; None if it never did."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            if self.proc.poll() is not None:
                return None
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/readyz")
                ok = c.getresponse().status == 200
                c.close()
                if ok:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.02)
        return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()
        if self in LIVE:
            LIVE.remove(self)

    def stop(self):
        """SIGTERM; True when it exited 0."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return False
        self.log.close()
        LIVE.remove(self)
        return code == 0


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=120, **kw)


def check_database(args):
    """Problems found by the storage checks (the server is not running)."""
    problems = []
    if not args.db.startswith(("postgres://", "postgresql://")):
        db = sqlite3.connect(args.db, timeout=10)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                problems.append("integrity_check: %r" % (result[:5],))
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                problems.append("foreign_key_check: %r" % (broken[:5],))
        finally:
            db.close()
    r = run([args.bc, "migrate", "--db", args.db])
    if r.returncode != 0 or "the newest" not in r.stdout:
        problems.append("migrate: exit %d: %s" % (r.returncode, r.stdout.strip()[:300]))
    r = run([args.bc, "audit", "verify", "--db", args.db])
    if r.returncode != 0 or "intact" not in r.stdout:
        problems.append("audit verify: exit %d: %s" % (r.returncode, r.stdout.strip()[:300]))
    return problems


def audit_counts(args):
    """Number of 'ok' audit entries for each write route."""
    sql = ("SELECT action, count(*) FROM audit WHERE outcome = 'ok' AND action LIKE 'POST %' "
           "GROUP BY action")
    if args.db.startswith(("postgres://", "postgresql://")):
        r = run(["psql", args.db, "-At", "-F", "\t", "-c", sql])
        if r.returncode != 0:
            raise RuntimeError("psql: " + r.stdout)
        rows = [line.rsplit("\t", 1) for line in r.stdout.splitlines() if line]
        return {a: int(n) for a, n in rows}
    db = sqlite3.connect(args.db, timeout=10)
    try:
        return dict(db.execute(sql).fetchall())
    finally:
        db.close()


def read_back(port, patients, acked):
    """Acknowledged writes that the restarted server does not have."""
    stored = {}
    for p in patients:
        status, export = Client(port, p.token).call("GET", "/api/v1/patients/%s/export" % p.id)
        if status != 200:
            raise RuntimeError("export of %s answered %d" % (p.id, status))
        keys = collections.Counter()
        for r in export["records"]:
            if r["kind"] in ("pain", "note"):
                keys[(r["kind"], r["id"])] += 1
            elif r["kind"] in ("session_log", "checkin"):
                keys[(r["kind"], r["date"])] += 1
        stored[p.id] = keys
    missing = []
    for a in acked:
        keys = stored.get(a["patient"])
        k = (a["kind"], a["key"])
        if keys is None or keys[k] < 1:
            missing.append(a)
        else:
            keys[k] -= 1  # each acknowledgement needs a record of its own
    return missing


def seed(args, tokens):
    r = run([args.bc, "seed", "--db", args.db, "--patients", str(args.patients), "--weeks", "1",
             "--threads", "4", "--tokens", tokens, "--sessions", str(args.patients)])
    if r.returncode != 0:
        raise RuntimeError("seed failed: " + r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bc", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--patients", type=int, default=8)
    ap.add_argument("--max-run", type=float, default=1.5, help="most seconds of load before a kill")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    end_servers_on_sigterm()
    rng = random.Random(args.seed)
    started = time.monotonic()
    os.makedirs(args.workdir, exist_ok=True)
    keep_audit_files_in(args.workdir)
    tokens = os.path.join(args.workdir, "tokens.txt")
    seed(args, tokens)
    clinician, patients = load_logins(tokens)
    ledger = Ledger(os.path.join(args.workdir, "acked.jsonl"))
    log_path = os.path.join(args.workdir, "serve.log")
    failures, restarts, startup_kills, kills, lost = [], [], 0, 0, 0
    for rnd in range(1, args.rounds + 1):
        port = free_port()
        server = Server(args.bc, args.db, port, log_path)
        if rng.random() < 0.1:
            # A kill while the server opens the database and migrates.
            time.sleep(rng.uniform(0.0, 0.15))
            server.kill()
            startup_kills += 1
            server = Server(args.bc, args.db, port, log_path)
        ready = server.wait_ready()
        if ready is None:
            failures.append("round %d: the server did not become ready (see %s)" % (rnd, log_path))
            server.kill()
            break
        restarts.append(ready)
        if rnd > 1:
            missing = read_back(port, patients, ledger.acked)
            if missing:
                lost = len(missing)
                failures.append("round %d: %d acknowledged writes lost, e.g. %r"
                                % (rnd, len(missing), missing[:3]))
                server.kill()
                break
        stop = threading.Event()
        errors = []
        groups = [patients[i::args.clients] for i in range(args.clients)]
        threads = [threading.Thread(target=writer, args=(port, g, clinician[1], ledger, stop,
                                                         random.Random(rng.random()), errors),
                                    daemon=True)
                   for g in groups if g]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.1, args.max_run))
        server.kill()
        kills += 1
        stop.set()
        for t in threads:
            t.join(timeout=TIMEOUT + 5)
        failures += ["round %d: %s" % (rnd, e) for e in errors[:3]]
        problems = check_database(args)
        failures += ["round %d: %s" % (rnd, p) for p in problems]
        if failures:
            break
    # A last start: everything acknowledged is there, every acknowledged write
    # has its audit entry, and the server stops cleanly.
    if not failures:
        port = free_port()
        server = Server(args.bc, args.db, port, log_path)
        ready = server.wait_ready()
        if ready is None:
            failures.append("final start: the server did not become ready")
            server.kill()
        else:
            restarts.append(ready)
            missing = read_back(port, patients, ledger.acked)
            if missing:
                lost = len(missing)
                failures.append("final: %d acknowledged writes lost, e.g. %r"
                                % (len(missing), missing[:3]))
            if not server.stop():
                failures.append("final: the server did not stop cleanly on SIGTERM")
            counts = audit_counts(args)
            wanted = collections.Counter(a["action"] for a in ledger.acked)
            short = {a: (n, counts.get(a, 0)) for a, n in wanted.items() if counts.get(a, 0) < n}
            if short:
                failures.append("acknowledged writes without an audit entry: %r"
                                % (list(short.items())[:3],))
            failures += ["final: %s" % p for p in check_database(args)]
    elapsed = time.monotonic() - started
    kinds = collections.Counter(a["kind"] for a in ledger.acked)
    print("%scrash: %d kills under load (+%d while starting), %d writes sent, %d acknowledged "
          "(%s), %d lost, slowest restart %.2f s, %.1f s in all, seed %d"
          % (args.label, kills, startup_kills, ledger.attempts, len(ledger.acked),
             ", ".join("%s %d" % kv for kv in sorted(kinds.items())), lost,
             max(restarts) if restarts else 0, elapsed, args.seed))
    print("%sanswers to writes: %s" % (args.label, ", ".join(
        "%d x%d" % kv for kv in sorted(ledger.statuses.items()))))
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
