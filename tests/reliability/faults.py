#!/usr/bin/env python3
"""Disk faults under `backcoach serve`: what the API answers, and that nothing
acknowledged is lost.

    faults.py --bc BC --workdir DIR --case CASE [case options]

Cases:
  disk-full   --db FILE on a small filesystem (a tmpfs): the disk is filled
              while clients write, then space is given back.
  read-only   --db FILE on an ext4 image mounted with errors=remount-ro,
              --trigger its /sys/fs/ext4/DEV/trigger_fs_error, --image and
              --mount: the filesystem turns read-only under the server (as
              after a disk error), then is checked and mounted again.
  locked      --db FILE: another program holds SQLite's write lock for longer
              than the server waits (busy_timeout), then lets go.
  pg-read-only  --db postgresql://.../DB, --admin URL of the same server:
              the database turns read-only (as a primary demoted to a
              standby), then writable again.

In every case: a write answered 2xx is stored (read back through the API
after the fault, and after a restart where the case needs one), with its
audit entry; a write that
could not be made is answered 503 with a JSON error saying why, never 2xx
and never another code; reads go on working during the fault; and where the
fault can go away while the server runs, writes succeed again without a
restart. The database passes its checks at the end.

One allowance, in the read-only case alone: when ext4 meets the error, it
aborts its journal first and marks the filesystem read-only only some
milliseconds later (tens of them on a busy machine). A commit synced in
between is reported synced by the kernel, yet may not be on the disk after
the filesystem is checked and mounted again: seen here as the last writes
acknowledged after the fault was set off, stored without the audit entry
that was committed just after them. Writes acknowledged within KERNEL_WINDOW
seconds after the fault began are therefore counted and reported when lost,
not failed; every write acknowledged before the fault or after the remount,
and any acknowledged later in the fault, must be stored with its audit entry.
"""
import argparse
import errno
import os
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash  # noqa: E402  (shared helpers: HTTP client, server, read-back, checks)

NOTE = "n" * 1900
KERNEL_WINDOW = 1.0  # seconds after a fault is set off (see above)  # a pain diary note near its limit, so writes fill a disk quickly


class Run:
    def __init__(self, args):
        self.args = args
        self.failures = []
        self.acked = []  # as crash.Ledger: kind, patient, key, action
        self.refusals = {}  # message -> count
        self.lock = threading.Lock()
        os.makedirs(args.workdir, exist_ok=True)
        self.log = os.path.join(args.workdir, "serve.log")
        tokens = os.path.join(args.workdir, "tokens.txt")
        crash.seed(args, tokens)
        self.clinician, self.patients = crash.load_logins(tokens)
        self.server = None
        self.last_answer = None
        self.fault_at = None  # time.monotonic() when a kernel fault was set off

    def fail(self, text):
        self.failures.append(text)

    def start(self):
        self.server = crash.Server(self.args.bc, self.args.db, crash.free_port(), self.log)
        if self.server.wait_ready() is None:
            raise RuntimeError("the server did not become ready (see %s)" % self.log)

    def write(self, patient, phase):
        """One pain diary entry; True when it was acknowledged."""
        c = crash.Client(self.server.port, patient.token)
        base = "/api/v1/patients/" + patient.id
        try:
            status, body = c.call("POST", base + "/pain", {"pain": 2, "note": NOTE})
        except OSError as e:
            self.fail("%s: a write got no answer within %d s (%s)" % (phase, crash.TIMEOUT, e))
            return False
        finally:
            c.close()
        self.last_answer = (status, body)
        if 200 <= status < 300:
            with self.lock:
                self.acked.append({"kind": "pain", "patient": patient.id, "key": body["id"],
                                   "action": "POST " + base + "/pain",
                                   "window": self.within_kernel_window()})
            return True
        error = (body or {}).get("error", {}) if isinstance(body, dict) else {}
        if status != 503 or error.get("code") != "unavailable" or not error.get("message"):
            self.fail("%s: a refused write answered %d %r, not 503 with a JSON error"
                      % (phase, status, body))
        else:
            with self.lock:
                self.refusals[error["message"]] = self.refusals.get(error["message"], 0) + 1
        return False

    def within_kernel_window(self):
        return (self.fault_at is not None
                and time.monotonic() - self.fault_at <= KERNEL_WINDOW)

    def reads_work(self, phase):
        p = self.patients[0]
        c = crash.Client(self.server.port, p.token)
        try:
            for path in ("/api/v1/patients/%s/pain" % p.id, "/api/v1/patients/%s/plan" % p.id,
                         "/api/v1/patients/%s/today" % p.id, "/api/v1/me", "/readyz"):
                status, body = c.call("GET", path)
                if status != 200:
                    self.fail("%s: GET %s answered %d %r" % (phase, path, status, body))
        finally:
            c.close()

    def hammer(self, stop, phase):
        """Writers for every patient until `stop`; returns (acked, refused)."""
        counts = [0, 0]

        def loop(p):
            while not stop.is_set():
                ok = self.write(p, phase)
                with self.lock:
                    counts[0 if ok else 1] += 1
                if not ok:
                    time.sleep(0.02)

        threads = [threading.Thread(target=loop, args=(p,), daemon=True) for p in self.patients]
        for t in threads:
            t.start()
        return threads, counts

    def writes_succeed(self, phase):
        for p in self.patients:
            if not self.write(p, phase):
                self.fail("%s: a write was refused once the fault had gone: %d %r"
                          % ((phase,) + self.last_answer))

    def check_stored(self, phase):
        missing = crash.read_back(self.server.port, self.patients, self.acked)
        lost_in_window = [m for m in missing if m.get("window")]
        if lost_in_window:
            print("faults %s: %d writes acknowledged within %.1f s of the fault are gone "
                  "(the kernel's journal abort; see faults.py)"
                  % (phase, len(lost_in_window), KERNEL_WINDOW))
        missing = [m for m in missing if not m.get("window")]
        if missing:
            self.fail("%s: %d acknowledged writes lost, e.g. %r" % (phase, len(missing), missing[:2]))

    def finish(self, phase):
        """Stops the server, then the storage checks and the audit entries."""
        if self.server and not self.server.stop():
            self.fail("%s: the server did not stop cleanly on SIGTERM" % phase)
        self.server = None
        for p in crash.check_database(self.args):
            self.fail("%s: %s" % (phase, p))
        counts = crash.audit_counts(self.args)
        wanted, allowed = {}, {}
        for a in self.acked:
            wanted[a["action"]] = wanted.get(a["action"], 0) + 1
            if a.get("window"):
                allowed[a["action"]] = allowed.get(a["action"], 0) + 1
        short = [(a, n, counts.get(a, 0)) for a, n in wanted.items()
                 if counts.get(a, 0) < n - allowed.get(a, 0)]
        excused = sum(min(allowed.get(a, 0), n - counts.get(a, 0))
                      for a, n in wanted.items() if counts.get(a, 0) < n)
        if excused:
            print("faults %s: %d writes acknowledged within %.1f s of the fault have no audit "
                  "entry (the kernel's journal abort; see faults.py)"
                  % (phase, excused, KERNEL_WINDOW))
        if short:
            self.fail("%s: acknowledged writes without their audit entry: %r" % (phase, short[:2]))

    def expect_refusals(self, phase, words, also=()):
        """Every refusal says one of `words`, or one of `also` (allowed but
        not enough alone)."""
        if not self.refusals:
            self.fail("%s: no write was refused: the fault did not reach the server" % phase)
        if self.refusals and not any(w in m for m in self.refusals for w in words):
            self.fail("%s: no refusal says why (wanted one of %r): %r"
                      % (phase, words, list(self.refusals)[:2]))
        for message in self.refusals:
            if not any(w in message for w in tuple(words) + tuple(also)):
                self.fail("%s: refusal does not say why (wanted one of %r): %s"
                          % (phase, words, message))

    def report(self, case):
        refused = sum(self.refusals.values())
        print("faults %s: %d writes acknowledged and all stored, %d refused with 503: %s"
              % (case, len(self.acked), refused,
                 "; ".join("%s (x%d)" % (m, n) for m, n in self.refusals.items())[:600]))
        for f in self.failures:
            print("FAIL: " + f, file=sys.stderr)
        return 1 if self.failures else 0


def fill(directory):
    """Writes a file until the filesystem is full; returns its path."""
    path = os.path.join(directory, "filler")
    # Unbuffered: a buffered file would try to write its last chunk again
    # when closed, and fail there with the very error that ends the loop.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    chunk = b"\0" * 65536
    try:
        while True:
            os.write(fd, chunk)
    except OSError as e:
        if e.errno != errno.ENOSPC:
            raise
    finally:
        os.close(fd)
    return path


def disk_full(run):
    run.start()
    run.writes_succeed("before")
    stop = threading.Event()
    threads, counts = run.hammer(stop, "disk full")
    time.sleep(0.3)
    filler = fill(os.path.dirname(run.args.db))
    deadline = time.monotonic() + 10
    while counts[1] < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.reads_work("disk full")
    stop.set()
    for t in threads:
        t.join(timeout=30)
    run.expect_refusals("disk full", ["is full"])
    run.check_stored("disk full")
    os.remove(filler)  # space comes back; the server goes on as it is
    run.writes_succeed("space back")
    run.check_stored("space back")
    run.finish("space back")


def read_only(run):
    run.start()
    run.writes_succeed("before")
    stop = threading.Event()
    threads, counts = run.hammer(stop, "read-only")
    time.sleep(0.3)
    run.fault_at = time.monotonic()
    with open(run.args.trigger, "w") as f:
        f.write("backcoach fault test\n")
    deadline = time.monotonic() + 10
    while counts[1] < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.reads_work("read-only")
    stop.set()
    for t in threads:
        t.join(timeout=30)
    # The writes that meet the filesystem in the moment it turns (its journal
    # aborted, the read-only flag not yet set) see a plain I/O error.
    run.expect_refusals("read-only", ["on a read-only filesystem"],
                        also=["could not be read or written"])
    run.check_stored("read-only")
    # The queued audit entries of the reads cannot be stored: the stop says
    # so but must still end the process in bounded time.
    code = None
    run.server.proc.terminate()
    try:
        code = run.server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        run.fail("read-only: the server did not stop within 30 s of SIGTERM")
        run.server.kill()
    if run.server in crash.LIVE:
        crash.LIVE.remove(run.server)
    run.server = None
    print("faults read-only: the server stopped with exit status %s" % code)
    # What an operator does: unmount, check the filesystem, mount it again.
    subprocess.run(["umount", run.args.mount], check=True, timeout=60)
    subprocess.run(["e2fsck", "-fy", run.args.image], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    subprocess.run(["mount", "-o", "loop,errors=remount-ro", run.args.image, run.args.mount],
                   check=True, timeout=60)
    run.fault_at = None
    run.start()
    run.check_stored("after remount")
    run.writes_succeed("after remount")
    run.finish("after remount")


def locked(run):
    # A write waits for the lock at most twice the busy timeout (5 s): once
    # for the batch being tried when it arrives, once for its own.
    crash.TIMEOUT = 20
    run.start()
    run.writes_succeed("before")
    holder = sqlite3.connect(run.args.db, timeout=10, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as another program might hold it
    try:
        threads = [threading.Thread(target=run.write, args=(p, "locked"), daemon=True)
                   for p in run.patients[:2]]
        for t in threads:
            t.start()
        time.sleep(0.5)
        run.reads_work("locked")
        for t in threads:
            t.join(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    run.expect_refusals("locked", ["is busy"])
    run.writes_succeed("lock released")
    run.check_stored("lock released")
    run.finish("lock released")


def forget_lost_connections(run):
    """Counts and sets aside the 503s of connections that were ended under
    the server (each is found broken on its next use, then replaced)."""
    lost = {m: n for m, n in run.refusals.items() if "lost the connection" in m}
    print("faults pg-read-only: %d requests met a connection that had been ended (503)"
          % sum(lost.values()))
    run.refusals = {m: n for m, n in run.refusals.items() if m not in lost}


def pg_read_only(run):
    database = run.args.db.rsplit("/", 1)[1].split("?")[0]

    def admin(sql):
        subprocess.run(["psql", run.args.admin, "-qAt", "-c", sql], check=True,
                       stdout=subprocess.DEVNULL, timeout=60)

    # Sessions started after the change are read-only; ending the server's
    # connections makes it reconnect, as it would after a failover.
    drop = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s' "
            "AND pid <> pg_backend_pid()" % database)
    run.start()
    run.writes_succeed("before")
    admin("ALTER DATABASE %s SET default_transaction_read_only = on" % database)
    admin(drop)
    for _ in range(3):  # more than the pool's connections that were dropped
        for p in run.patients:
            run.write(p, "read-only")
    forget_lost_connections(run)
    run.reads_work("read-only")
    run.expect_refusals("read-only", ["read-only"])
    admin("ALTER DATABASE %s RESET default_transaction_read_only" % database)
    admin(drop)
    for p in run.patients:  # the first use of each dropped connection finds it gone
        for _ in range(3):
            if run.write(p, "writable again"):
                break
    forget_lost_connections(run)
    run.writes_succeed("writable again")
    run.check_stored("writable again")
    run.finish("writable again")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bc", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--case", required=True,
                    choices=["disk-full", "read-only", "locked", "pg-read-only"])
    ap.add_argument("--patients", type=int, default=4)
    ap.add_argument("--trigger")
    ap.add_argument("--image")
    ap.add_argument("--mount")
    ap.add_argument("--admin")
    args = ap.parse_args()
    crash.end_servers_on_sigterm()
    if args.db.startswith("postgresql://"):
        os.makedirs(args.workdir, exist_ok=True)
        crash.keep_audit_files_in(args.workdir)
    run = Run(args)
    case = {"disk-full": disk_full, "read-only": read_only, "locked": locked,
            "pg-read-only": pg_read_only}[args.case]
    try:
        case(run)
    finally:
        if run.server is not None:
            run.server.kill()
    return run.report(args.case)


if __name__ == "__main__":
    sys.exit(main())
