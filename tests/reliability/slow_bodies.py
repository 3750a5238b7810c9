"""Slow request bodies from many connections against a real `backcoach serve`.

    python3 slow_bodies.py BACKCOACH_BINARY

An attacker opens SLOW_CONNECTIONS connections (default 1,100) from
127.0.0.2, 127.0.0.3, ... (at most 275 from each address), each sending the
head of `POST /api/v1/auth/login` with `Content-Length: 1000000` and then a
byte every second. For SLOW_SECONDS (default 6) a person on 127.0.0.1 asks
for /healthz and for their own account (GET /api/v1/me, signed in) on a new
connection each time: every answer must come within 1 s. Before the
per-address cap and the body-rate rule, the attacker held every connection
the server would take and /healthz went unanswered; SLOW_SERVE_ARGS (serve
flags, e.g. "--max-connections-per-address 100000 --min-body-rate 0") shows
that again.
"""

import http.client
import os
import resource
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_harness as h  # noqa: E402

CONNECTIONS = int(os.environ.get("SLOW_CONNECTIONS", "1100"))
SECONDS = float(os.environ.get("SLOW_SECONDS", "6"))
PER_ADDRESS = 275
LIMIT_SECONDS = 1.0
HEAD = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: backcoach\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")


def raise_file_limit():
    """The attacker's sockets and the server's (a child) need more than 1024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + 2048
    if hard != resource.RLIM_INFINITY and hard < wanted:
        sys.exit("needs %d open files, the hard limit is %d" % (wanted, hard))
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def attack(port):
    """Opens the slow connections; returns those the connect succeeded on."""
    socks = []
    for i in range(CONNECTIONS):
        source = "127.0.0.%d" % (2 + i // PER_ADDRESS)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((source, 0))
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(HEAD)
            s.setblocking(False)
            socks.append(s)
        except OSError:
            s.close()
    return socks


def trickle(socks):
    """One more byte on each connection still open; returns how many took it."""
    alive = 0
    for s in socks:
        try:
            s.send(b" ")
            alive += 1
        except OSError:
            pass
    return alive


def timed_get(port, path, headers):
    """(status or None, seconds) on a new connection from 127.0.0.1."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
    try:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        return r.status, time.perf_counter() - start
    except (http.client.HTTPException, OSError):
        return None, time.perf_counter() - start
    finally:
        conn.close()


def main():
    raise_file_limit()
    server = h.Server(sys.argv[1], *os.environ.get("SLOW_SERVE_ARGS", "").split())
    failures = []
    socks = []
    try:
        account, _ = server.signup("slow-bodies@example.org")
        auth = {"Authorization": "Bearer " + account["token"]}
        socks = attack(server.port)
        print("attacker: %d of %d connections made" % (len(socks), CONNECTIONS))
        time.sleep(1)  # the server takes them in
        worst = {"/healthz": 0.0, "/api/v1/me": 0.0}
        end = time.monotonic() + SECONDS
        rounds = 0
        while time.monotonic() < end:
            alive = trickle(socks)
            for path in worst:
                status, seconds = timed_get(server.port, path, auth if path != "/healthz" else {})
                if status != 200:
                    seconds = float("inf")
                worst[path] = max(worst[path], seconds)
            rounds += 1
            time.sleep(1)
        print("attacker connections still taking bytes at the end: %d" % alive)
        for path, seconds in worst.items():
            print("%s: slowest of %d answers %.3f s" % (path, rounds, seconds))
            if seconds >= LIMIT_SECONDS:
                failures.append("%s took %s s (limit %.1f s) under %d slow bodies" %
                                (path, "no answer in 3" if seconds == float("inf")
                                 else "%.3f" % seconds, LIMIT_SECONDS, len(socks)))
        if not server.alive():
            failures.append("the server died: " + server.log()[-2000:])
    finally:
        for s in socks:
            s.close()
        server.stop()
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print("%d passed, %d failed" % (1 if not failures else 0, 1 if failures else 0))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
