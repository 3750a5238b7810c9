"""Hostile HTTP against a real `backcoach serve`, on raw sockets.

    python3 http_malformed.py BACKCOACH_BINARY [--report FILE]

Every malformed request must get a 4xx answer or have its connection closed,
and the server must still answer /healthz after each. The server's resident
set (VmRSS) is sampled before, between and after the requests. Then a
slowloris attack: SLOWLORIS_CONNECTIONS connections (default 200) each
trickle a request head one byte at a time; during it a normal client keeps
reading /api/v1/me on fresh connections, and its latency is measured. Every
slow connection must be closed by the server, whose RSS must stay bounded.

Sizes come from the environment (defaults are the short CTest form):
  SLOWLORIS_CONNECTIONS  slow connections (default 200)
  SLOWLORIS_SECONDS      how long the attack lasts at most (default 14; the
                         server closes a head still incomplete after 10 s,
                         and the attack ends when no slow connection is left)
"""

import json
import os
import resource
import select
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_harness as h  # noqa: E402

MIB = 1 << 20
failures = []
figures = {}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    failures.append(message)


def request_bytes(method, target, headers=(), body=b"", host=True):
    lines = ["%s %s HTTP/1.1" % (method, target)]
    if host:
        lines.append("Host: 127.0.0.1")
    lines.extend(headers)
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + body


def json_post(target, body, token=None, extra=()):
    headers = ["Content-Type: application/json", "Content-Length: %d" % len(body)]
    if token:
        headers.append("Authorization: Bearer " + token)
    return request_bytes("POST", target, list(headers) + list(extra), body)


def chunked(pieces):
    out = b""
    for piece in pieces:
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def cases(patient_id, token, clinician):
    """(name, request bytes) pairs; each must get a 4xx or be closed."""
    pain = "/api/v1/patients/%s/pain" % patient_id
    login = "/api/v1/auth/login"
    bearer = "Authorization: Bearer " + token
    deep_array = b"[" * 500000 + b"]" * 500000
    deep_in_object = b'{"pain":3,"note":' + b"[" * 400000 + b"]" * 400000 + b"}"
    deep_objects = b'{"a":' * 150000 + b"1" + b"}" * 150000
    yield "garbage request line", b"GARBAGE\r\n\r\n"
    yield "binary request line", b"\x00\x01\x02\x03\xff\xfe\r\n\r\n"
    yield "method only", b"GET\r\n\r\n"
    yield "missing version", b"GET /healthz\r\nHost: x\r\n\r\n"
    yield "unknown major version", b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n"
    yield "version 1.10", b"GET /healthz HTTP/1.10\r\nHost: x\r\n\r\n"
    yield "version with letters", b"GET /healthz HTTP/1.x\r\nHost: x\r\n\r\n"
    yield "lower-case version", b"GET /healthz http/1.1\r\nHost: x\r\n\r\n"
    yield "space in target", b"GET /health z HTTP/1.1\r\nHost: x\r\n\r\n"
    yield "asterisk target for GET", request_bytes("GET", "*")
    yield "no Host in HTTP/1.1", request_bytes("GET", "/healthz", host=False)
    yield "header without colon", request_bytes("GET", "/healthz", ["NoColonHere"])
    yield "space before colon", request_bytes("GET", "/healthz", ["X-Bad : 1"])
    yield "NUL in a header", request_bytes("GET", "/healthz", ["X-Bad: a\x00b"])
    yield "bare CR in a header value", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"
    yield "bare CR line ends", b"GET /healthz HTTP/1.1\rHost: x\rX-A: b\r\r"
    yield "obsolete line folding", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"
    yield "two Hosts", b"GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"
    yield "request line of 100 KB", request_bytes("GET", "/" + "a" * 100000)
    yield "one header of 20 KB", request_bytes("GET", "/healthz", ["X-Big: " + "b" * 20000])
    yield "one header of 1 MiB", request_bytes("GET", "/healthz", ["X-Big: " + "b" * MIB])
    yield "5000 small headers", request_bytes(
        "GET", "/healthz", ["X-H%d: v" % i for i in range(5000)])
    yield "cookie header of 64 KB", request_bytes("GET", "/api/v1/me",
                                                  ["Cookie: " + "c=1; " * 13000])
    yield "body of 2 MiB by Content-Length", json_post(pain, b"{" + b" " * (2 * MIB) + b"}",
                                                       token)
    yield "Content-Length of 2^64", request_bytes(
        "POST", login, ["Content-Length: 18446744073709551616"], b"{}")
    yield "Content-Length of 10^30", request_bytes(
        "POST", login, ["Content-Length: 1000000000000000000000000000000"], b"{}")
    yield "negative Content-Length", request_bytes("POST", login, ["Content-Length: -1"], b"{}")
    yield "Content-Length not a number", request_bytes(
        "POST", login, ["Content-Length: abc"], b"{}")
    yield "Content-Length with a sign", request_bytes(
        "POST", login, ["Content-Length: +2"], b"{}")
    yield "two different Content-Lengths", request_bytes(
        "POST", login, ["Content-Length: 2", "Content-Length: 40"], b"{}" + b" " * 38)
    yield "Content-Length list", request_bytes("POST", login, ["Content-Length: 2, 40"],
                                               b"{}" + b" " * 38)
    yield "Content-Length and chunked", request_bytes(
        "POST", login, ["Content-Length: 5", "Transfer-Encoding: chunked"], chunked([b"{}"]))
    yield "chunked and Content-Length", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked", "Content-Length: 5"], chunked([b"{}"]))
    yield "Transfer-Encoding gzip", request_bytes(
        "POST", login, ["Transfer-Encoding: gzip"], b"{}")
    yield "Transfer-Encoding chunked twice", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked, chunked"], chunked([b"{}"]))
    yield "Transfer-Encoding gzip, chunked", request_bytes(
        "POST", login, ["Transfer-Encoding: gzip, chunked"], chunked([b"{}"]))
    yield "Transfer-Encoding on HTTP/1.0", b"POST " + login.encode() + \
        b" HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked([b"{}"])
    yield "chunk size not hex", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"], b"zz\r\n{}\r\n0\r\n\r\n")
    yield "chunk size overflowing", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"],
        b"10000000000000000000002\r\n{}\r\n0\r\n\r\n")
    yield "chunk size negative", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"], b"-2\r\n{}\r\n0\r\n\r\n")
    yield "chunk longer than its size", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"], b"2\r\n{}xxxx\r\n0\r\n\r\n")
    yield "chunk without CRLF", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"], b"2{}0\r\n\r\n")
    yield "huge chunk extension", request_bytes(
        "POST", login, ["Transfer-Encoding: chunked"],
        b"2;" + b"e" * 200000 + b"\r\n{}\r\n0\r\n\r\n")
    yield "chunked body of 3 MiB", request_bytes(
        "POST", pain, ["Transfer-Encoding: chunked", "Content-Type: application/json", bearer],
        chunked([b" " * 65536] * 48))
    yield "JSON nested 500000 deep (array)", json_post(login, deep_array)
    yield "JSON nested 400000 deep in an object", json_post(login, deep_in_object)
    yield "JSON nested 150000 deep (objects)", json_post(login, deep_objects)
    yield "JSON nested deep on a signed-in write", json_post(pain, deep_in_object, token)
    yield "JSON nested 2000 deep on a signed-in write", json_post(
        pain, b'{"pain":3,"note":' + b"[" * 2000 + b"]" * 2000 + b"}", token)
    yield "invalid UTF-8 in JSON", json_post(login, b'{"email":"\xff\xfe@x.test","password":"p"}')
    yield "overlong UTF-8 in JSON", json_post(login, b'{"email":"\xc0\xaf@x","password":"p"}')
    yield "UTF-16 surrogate in JSON", json_post(login,
                                                b'{"email":"\xed\xa0\x80@x","password":"p"}')
    yield "lone surrogate escape in JSON", json_post(
        login, b'{"email":"\\ud800@x","password":"p"}')
    yield "invalid UTF-8 in a signed-in write", json_post(pain, b'{"pain":3,"note":"\xff"}',
                                                          token)
    yield "a date that is a number", json_post(pain, b'{"pain":3,"date":5}', token)
    yield "a flag that is a string", request_bytes(
        "PUT", "/api/v1/patients/%s/preferences" % patient_id,
        ["Content-Type: application/json", "Content-Length: 27", bearer],
        b'{"email_reminders":"maybe"}')
    yield "pain that is a string", json_post(pain, b'{"pain":"3"}', token)
    yield "pain far past int", json_post(pain, b'{"pain":1e999}', token)
    yield "email that is an object", json_post(login, b'{"email":{"a":1},"password":"p"}')
    yield "JSON not an object", json_post(login, b"[1,2,3]")
    yield "JSON truncated", json_post(login, b'{"email":"a')
    yield "JSON with a NUL", json_post(login, b'{"email":"a\x00","password":"p"}')
    yield "invalid UTF-8 in the path (escaped)", request_bytes(
        "GET", "/api/v1/patients/%FF%FE/plan", [bearer])
    yield "invalid UTF-8 in the path (raw)", \
        b"GET /api/v1/patients/\xff\xfe/plan HTTP/1.1\r\nHost: x\r\n" + \
        bearer.encode() + b"\r\n\r\n"
    yield "overlong slash in the path", request_bytes(
        "GET", "/api/v1/patients/%C0%AF/plan", [bearer])
    yield "invalid UTF-8 in a write's path", json_post(
        "/api/v1/patients/%FF/pain", b'{"pain":3}', token)
    yield "invalid UTF-8 in the query", request_bytes(
        "GET", "/api/v1/clinic/patients?search=%FF%FE", ["Authorization: Bearer " + clinician])
    yield "invalid UTF-8 in a query key", request_bytes(
        "GET", "/api/v1/clinic/patients?%FF=1", ["Authorization: Bearer " + clinician])
    yield "NUL in the path", request_bytes("GET", "/api/v1/patients/a%00b/plan", [bearer])
    yield "dot segments to the database", request_bytes("GET", "/../../db.sqlite")
    yield "escaped dot segments", request_bytes("GET", "/%2e%2e/%2e%2e/etc/passwd")
    yield "bearer token of 64 KB", request_bytes("GET", "/api/v1/me",
                                                 ["Authorization: Bearer " + "a" * 15000])
    yield "limit far past int", request_bytes(
        "GET", "/api/v1/clinic/patients?limit=99999999999999999999",
        ["Authorization: Bearer " + clinician])
    yield "offset negative", request_bytes(
        "GET", "/api/v1/clinic/patients?offset=-5", ["Authorization: Bearer " + clinician])


# Answers other than a 4xx that are right or beyond the application's reach,
# each with its reason (docs/reliability.md, "Malformed HTTP").
ALLOWED = {
    # RFC 9110 15.6.6: the answer to a major version the server does not speak.
    "unknown major version": {505},
    # libmicrohttpd ends a header value at a NUL and reports the shortened
    # length; nothing after the NUL reaches the application.
    "NUL in a header": {200},
    # RFC 9112 5.2: a server may replace obsolete line folding with spaces.
    "obsolete line folding": {200},
    # libmicrohttpd answers a chunk-size line longer than the connection's
    # buffer with its own 500, and closes the connection.
    "huge chunk extension": {500},
    # A path outside /api/ that names no file of the web app gets the app's
    # own index.html (its routes work on reload); no request path is ever
    # joined to a file-system path (docs/security.md, "Static files").
    "dot segments to the database": {200},
    "escaped dot segments": {200},
    # A list's limit past its most is taken as the most (docs/api.md, "Pages"):
    # a full page, never a number wrapped round.
    "limit far past int": {200},
}

# What must never come back, whatever the status: the database's or the
# system's own files.
FORBIDDEN_BYTES = (b"SQLite format 3", b"root:x:0:0")

# A request still unanswered after this long is left open to see whether
# the server closes it by the head deadline (10 s, plus checking slack).
ANSWER_SECONDS = 3
HEAD_DEADLINE_SECONDS = 10.5


def acceptable(name, status, closed, reply=b""):
    if any(forbidden in reply for forbidden in FORBIDDEN_BYTES):
        return False
    if status in ALLOWED.get(name, ()):
        return True
    return (status is not None and 400 <= status < 500) or (status is None and closed)


def run_cases(server, patient_id, token, clinician, pending):
    """Sends every case; those neither answered nor closed go to `pending`."""
    rss = [server.rss_kib()]
    for name, data in cases(patient_id, token, clinician):
        waiting = []
        status, reply, closed = h.raw_exchange(server.port, data, timeout=ANSWER_SECONDS,
                                               pending=waiting)
        if waiting:
            pending.append((name, waiting[0], time.monotonic()))
            print("...  %-42s no answer yet; must be closed by the head deadline" % name)
        elif not acceptable(name, status, closed, reply or b""):
            fail("%s: got %s%s: %r" % (name, status, " (closed)" if closed else "",
                                       reply[:200]))
        else:
            print("ok   %-42s %s" % (name, status if status else "closed"))
        if not server.alive():
            fail("%s: the server died" % name)
            return rss
        try:
            healthy = server.request("GET", "/healthz")[0] == 200
        except OSError:
            healthy = False
        if not healthy:
            fail("%s: /healthz failed afterwards" % name)
        rss.append(server.rss_kib())
    return rss


class Slowloris:
    """Many connections, each sending a request head one byte at a time."""

    HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"s" * 4000

    def __init__(self, port, count):
        self.socks = []
        self.sent = {}
        self.closed_at = {}
        self.opened_at = time.monotonic()
        self.refused = 0
        for i in range(count):
            # From 127.0.0.2 and up, 100 an address: the server takes at most
            # 128 connections from one (serve --max-connections-per-address),
            # and the normal client, on 127.0.0.1, must keep its own.
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5,
                                             source_address=("127.0.0.%d" % (2 + i // 100), 0))
            except OSError:
                self.refused += 1
                continue
            s.setblocking(False)
            self.socks.append(s)
            self.sent[s] = 0

    def tick(self):
        """Sends one more byte on every open connection; notes the closed ones."""
        now = time.monotonic()
        open_socks = [s for s in self.socks if s not in self.closed_at]
        if open_socks:
            poller = select.poll()  # select() stops at descriptor 1024
            by_fd = {s.fileno(): s for s in open_socks}
            for fd in by_fd:
                poller.register(fd, select.POLLIN)
            for fd, _ in poller.poll(0):
                s = by_fd[fd]
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if not data or data.startswith(b"HTTP/1.1 4"):
                    self.closed_at[s] = now
        for s in open_socks:
            if s in self.closed_at:
                continue
            try:
                s.send(self.HEAD[self.sent[s] % len(self.HEAD):][:1])
                self.sent[s] += 1
            except BlockingIOError:
                pass
            except OSError:
                self.closed_at[s] = now

    def open_count(self):
        return len(self.socks) - len(self.closed_at)

    def close(self):
        for s in self.socks:
            s.close()


def normal_latencies(server, token, seconds):
    """A fresh connection per GET, as in the attack below, without it."""
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        server.request("GET", "/api/v1/me", headers={"Authorization": "Bearer " + token})
        latencies.append(time.perf_counter() - start)
        time.sleep(0.02)
    return latencies


def slowloris(server, token, count, seconds):
    quiet = normal_latencies(server, token, 3)
    rss = [server.rss_kib()]
    attack = Slowloris(server.port, count)
    latencies, statuses = [], []
    stop = threading.Event()

    def normal_client():
        # A fresh connection for each request, as a browser opening a page
        # would need while the slow ones hold theirs.
        while not stop.is_set():
            start = time.perf_counter()
            try:
                status = server.request("GET", "/api/v1/me",
                                        headers={"Authorization": "Bearer " + token},
                                        timeout=10)[0]
            except OSError as e:
                status = str(e)
            latencies.append(time.perf_counter() - start)
            statuses.append(status)
            time.sleep(0.02)

    client = threading.Thread(target=normal_client)
    client.start()
    # The attack ends early once the server has closed every slow connection
    # (by its head deadline, 10 s): the normal client has then been measured
    # through all of it, and what is left would only measure a quiet server.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        attack.tick()
        rss.append(server.rss_kib())
        if attack.socks and attack.open_count() == 0:
            break
        time.sleep(0.5)
    stop.set()
    client.join()
    still_open = attack.open_count()
    closed_after = sorted(t - attack.opened_at for t in attack.closed_at.values())
    attack.close()
    time.sleep(0.5)
    rss.append(server.rss_kib())
    good = sum(1 for s in statuses if s == 200)
    figures["slowloris"] = {
        "connections": count, "refused_at_connect": attack.refused, "seconds": seconds,
        "closed_by_server": len(attack.closed_at), "still_open_at_end": still_open,
        "closed_after_s_min": round(closed_after[0], 1) if closed_after else None,
        "closed_after_s_max": round(closed_after[-1], 1) if closed_after else None,
        "quiet_p50_ms": round(h.percentile(quiet, 50) * 1000, 2),
        "quiet_p99_ms": round(h.percentile(quiet, 99) * 1000, 2),
        "normal_requests": len(statuses), "normal_ok": good,
        "normal_p50_ms": round(h.percentile(latencies, 50) * 1000, 2),
        "normal_p99_ms": round(h.percentile(latencies, 99) * 1000, 2),
        "normal_max_ms": round(max(latencies) * 1000, 2) if latencies else None,
        "rss_kib_before": rss[0], "rss_kib_max": max(rss), "rss_kib_after": rss[-1],
    }
    print("slowloris:", json.dumps(figures["slowloris"]))
    if good != len(statuses) or not statuses:
        fail("slowloris: the normal client got %d of %d answers right: %s" %
             (good, len(statuses), sorted(set(map(str, statuses)))[:5]))
    if figures["slowloris"]["normal_p99_ms"] > 500:
        fail("slowloris: the normal client's p99 is %.0f ms" % figures["slowloris"]["normal_p99_ms"])
    if still_open:
        fail("slowloris: %d slow connections still open after %d s" % (still_open, seconds))
    # Each connection's memory is capped (2 x 16 KiB of headers + 16 KiB).
    bound = rss[0] + count * 48 + 32 * 1024
    if max(rss) > bound:
        fail("slowloris: RSS reached %d KiB (bound %d KiB)" % (max(rss), bound))


def main():
    binary = sys.argv[1]
    report = sys.argv[sys.argv.index("--report") + 1] if "--report" in sys.argv else None
    count = int(os.environ.get("SLOWLORIS_CONNECTIONS", "200"))
    seconds = float(os.environ.get("SLOWLORIS_SECONDS", "14"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
    server = h.Server(binary, "--demo")
    try:
        login = server.request("POST", "/api/v1/auth/login",
                               {"email": "lee@demo.backcoach.example",
                                "password": "backcoach-demo"})
        clinician = json.loads(login[2])["token"]
        patient, _ = server.signup("hostile@example.test")
        token, patient_id = patient["token"], patient["user"]["id"]
        pending = []
        rss = run_cases(server, patient_id, token, clinician, pending)
        figures["cases"] = {"rss_kib_before": rss[0], "rss_kib_max": max(rss),
                            "rss_kib_after": rss[-1]}
        print("cases:", json.dumps(figures["cases"]))
        # The 2 MiB and 3 MiB bodies are refused, not held: what stays is
        # the allocator's, bounded by a few of the 1 MiB body limits.
        if rss[-1] - rss[0] > 48 * 1024:
            fail("RSS grew by %d KiB over the malformed requests" % (rss[-1] - rss[0]))
        if server.alive():
            slowloris(server, token, count, seconds)
        for name, sock, sent_at in pending:
            left = sent_at + HEAD_DEADLINE_SECONDS - time.monotonic()
            if h.closed_by_peer(sock, max(left, 0.5)):
                print("ok   %-42s closed by the head deadline" % name)
            else:
                fail("%s: neither answered nor closed" % name)
            sock.close()
    finally:
        code = server.stop()
        if code not in (0, None):
            fail("serve exited with %s: %s" % (code, server.log()[-2000:]))
    if report:
        with open(report, "w") as f:
            json.dump(figures, f, indent=2)
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
