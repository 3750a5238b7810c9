"""A real `backcoach serve` on 127.0.0.1 for the reliability checks, and raw HTTP.

Imported by the http_*.py and sessions*.py checks (not a test itself). The
server runs on a free port with its own SQLite file in a temporary folder;
every wait here is bounded, and stop() kills the server if SIGTERM is not
enough.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, *args, env=None):
        self.dir = tempfile.mkdtemp(prefix="bc-rel-")
        self.port = free_port()
        self.log_path = os.path.join(self.dir, "serve.log")
        self._log = open(self.log_path, "wb")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--db",
             os.path.join(self.dir, "db.sqlite"), "--log", "errors", "--no-scheduler",
             *args],
            stdout=self._log, stderr=subprocess.STDOUT, env=full_env)
        self.pid = self.proc.pid
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("serve exited: " + self.log())
            try:
                if self.request("GET", "/healthz", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("serve did not answer within 60 s")

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc.poll() is None

    def rss_kib(self):
        """The server's resident set (VmRSS), in KiB."""
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def request(self, method, path, body=None, headers=None, timeout=10):
        """One request on a fresh connection: (status, headers, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
            all_headers = {"Content-Type": "application/json"} if data is not None else {}
            all_headers.update(headers or {})
            conn.request(method, path, body=data, headers=all_headers)
            r = conn.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            conn.close()

    def signup(self, email, password="long enough password", name="Reliability"):
        status, headers, body = self.request(
            "POST", "/api/v1/auth/signup",
            {"email": email, "password": password, "display_name": name})
        if status != 201:
            raise RuntimeError("sign-up got %d: %r" % (status, body[:200]))
        return json.loads(body), headers

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


def raw_exchange(port, data, timeout=5, shutdown_write=False, read_limit=1 << 20,
                 pending=None):
    """Sends bytes on a new connection and reads what comes back.

    Returns (status or None, bytes read, closed) where closed says the
    server closed the connection. A reset while sending counts as closed.
    With a list as `pending`, a connection neither answered nor closed
    within `timeout` is appended to it, open, instead of being closed.
    """
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    got = b""
    closed = False
    keep = False
    try:
        try:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        deadline = time.monotonic() + timeout
        while len(got) < read_limit and time.monotonic() < deadline:
            try:
                piece = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not piece:
                closed = True
                break
            got += piece
            if complete_response(got):
                break
        keep = pending is not None and not got and not closed
        if keep:
            pending.append(s)
    finally:
        if not keep:
            s.close()
    return status_of(got), got, closed


def closed_by_peer(sock, timeout):
    """Waits up to `timeout` seconds for the peer to close; True if it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            if not sock.recv(65536):
                return True
        except socket.timeout:
            return False
        except OSError:
            return True
    return False


def status_of(data):
    if not data.startswith(b"HTTP/1."):
        return None
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def complete_response(data):
    """True once a whole response with a Content-Length has been read."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(rest) >= int(value.strip())
    return False


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


class KeepAliveClient:
    """A well-behaved client on one keep-alive connection, timing each GET."""

    def __init__(self, port, path, token, timeout=10):
        self.port, self.path, self.token, self.timeout = port, path, token, timeout
        self.conn = None

    def get(self):
        """(status, seconds); reconnects once if the connection was closed."""
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.conn.request("GET", self.path,
                                  headers={"Authorization": "Bearer " + self.token})
                r = self.conn.getresponse()
                r.read()
                return r.status, time.perf_counter() - start
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
