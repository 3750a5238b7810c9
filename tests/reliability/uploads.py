"""Large and hostile steps uploads against a real `backcoach serve`.

    python3 uploads.py BACKCOACH_BINARY

While a patient uploads a large gzip-compressed steps file (30 MB of CSV,
about 17 MB compressed) and, at the same time, a gzip bomb (1 MB that
inflates to one CSV field of 1 GiB), and then a plain CSV of 30 MB and an
Apple Health bomb (one endless tag), the server's peak resident memory
(VmHWM, reset through /proc/PID/clear_refs, else VmRSS sampled) must stay
within 64 MiB of what it was before. The large files must be imported, the
bombs refused with their reason. Another patient's upload to the first
patient's route is refused from its head alone: the answer comes before a
byte of its 60 MB body is sent. Before the body was streamed, the bomb alone
grew the server by gigabytes.
"""

import gzip
import http.client
import json
import os
import socket
import sys
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_harness as h  # noqa: E402

LIMIT_KIB = 64 * 1024
failures = []
# A self-care intake: steps are imported for a patient with a plan.
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


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    failures.append(message)


def big_csv(rows=10000):
    """About 30 MB of CSV: a day per row, with a long note of random hex."""
    lines = [b"date,steps,active_minutes,note\n"]
    for i in range(rows):
        day = "2025-%02d-%02d" % (1 + (i // 28) % 12, 1 + i % 28)
        lines.append(("%s,%d,%d," % (day, 100 + i % 900, i % 60)).encode() +
                     os.urandom(1500).hex().encode() + b"\n")
    return b"".join(lines)


def csv_bomb():
    """1 MB of gzip members that inflate to one field of 1 GiB."""
    member = gzip.compress(b"a" * (16 << 20), 9)
    return gzip.compress(b"date,steps\n2025-01-01,") + member * 64


def xml_bomb():
    """An Apple Health export whose second record's value never ends."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
            b' <Record type="HKQuantityTypeIdentifierStepCount" value="')
    member = gzip.compress(b"1" * (16 << 20), 9)
    return gzip.compress(head) + member * 64


class Memory:
    """The server's peak resident memory over a stretch of time."""

    def __init__(self, pid):
        self.pid = pid
        self.peak = 0
        self.hwm = self._reset()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _field(self, name):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
        return 0

    def _reset(self):
        try:
            with open("/proc/%d/clear_refs" % self.pid, "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._field("VmRSS"))
            time.sleep(0.01)

    def stop(self):
        self._stop.set()
        self._thread.join()
        if self.hwm:
            self.peak = max(self.peak, self._field("VmHWM"))
        return self.peak


def upload(port, patient_id, token, body, results, name):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.monotonic()
    try:
        conn.request("POST", "/api/v1/patients/%s/steps" % patient_id, body=body,
                     headers={"Authorization": "Bearer " + token,
                              "Content-Type": "text/csv"})
        r = conn.getresponse()
        results[name] = (r.status, r.read(), time.monotonic() - start)
    except (http.client.HTTPException, OSError) as e:
        results[name] = (None, str(e).encode(), time.monotonic() - start)
    finally:
        conn.close()


def refused_from_head(port, patient_id, token):
    """Sends only the head of a 60 MB upload; the answer must come anyway."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(("POST /api/v1/patients/%s/steps HTTP/1.1\r\nHost: t\r\n"
                   "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n"
                   "Content-Length: %d\r\n\r\n" % (patient_id, token, 60 << 20)).encode())
        got = b""
        while not h.complete_response(got):
            piece = s.recv(65536)
            if not piece:
                break
            got += piece
        return h.status_of(got), got
    except OSError as e:
        return None, str(e).encode()
    finally:
        s.close()


def expect(results, name, status, text):
    got_status, body, seconds = results.get(name, (None, b"missing", 0))
    print("%s: %s in %.1f s: %s" % (name, got_status, seconds, body[:160].decode("utf-8", "replace")))
    if got_status != status or text.encode() not in body:
        fail("%s: expected %d with %r, got %s %r" % (name, status, text, got_status, body[:300]))


def main():
    server = h.Server(sys.argv[1])
    try:
        maria, _ = server.signup("maria-uploads@example.org")
        other, _ = server.signup("other-uploads@example.org")
        pid, token = maria["user"]["id"], maria["token"]
        status, _, body = server.request("POST", "/api/v1/patients/%s/intake" % pid, INTAKE,
                                         headers={"Authorization": "Bearer " + token})
        if status != 201:
            raise RuntimeError("intake got %d: %r" % (status, body[:200]))
        plain = big_csv()
        packed = gzip.compress(plain, 1)
        bombs = {"csv bomb": csv_bomb(), "xml bomb": xml_bomb()}
        print("large CSV %.1f MB, %.1f MB gzip-compressed; bombs %s" % (
            len(plain) / 1e6, len(packed) / 1e6,
            ", ".join("%.1f MB" % (len(b) / 1e6) for b in bombs.values())))

        results = {}
        upload(server.port, pid, token, b"date,steps\n2025-01-01,1000\n", results, "warm-up")
        expect(results, "warm-up", 201, '"stored":1')
        time.sleep(0.5)
        before = server.rss_kib()
        memory = Memory(server.pid)

        status, answer = refused_from_head(server.port, pid, other["token"])
        print("another patient's upload, head only: %s" % status)
        if status not in (403, 404):
            fail("another patient's upload was not refused from its head: %s %r" %
                 (status, answer[:200]))

        threads = [threading.Thread(target=upload,
                                    args=(server.port, pid, token, packed, results, "gzip")),
                   threading.Thread(target=upload, args=(server.port, pid, token,
                                                         bombs["csv bomb"], results, "csv bomb"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        upload(server.port, pid, token, plain, results, "plain")
        upload(server.port, pid, token, bombs["xml bomb"], results, "xml bomb")
        peak = memory.stop()

        expect(results, "gzip", 201, '"rows":10000')
        expect(results, "plain", 201, '"rows":10000')
        expect(results, "csv bomb", 422, "line 2: a field is longer than 4096 bytes")
        expect(results, "xml bomb", 422, "no element opens or closes in over 1 MB")
        grown = peak - before
        print("server memory: %d MiB before, peak %d MiB (+%d MiB; limit +%d MiB)" % (
            before // 1024, peak // 1024, grown // 1024, LIMIT_KIB // 1024))
        if grown > LIMIT_KIB:
            fail("the server grew by %d MiB during the uploads (limit %d MiB)" %
                 (grown // 1024, LIMIT_KIB // 1024))
        if not server.alive():
            fail("the server died: " + server.log()[-2000:])
    finally:
        server.stop()
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
