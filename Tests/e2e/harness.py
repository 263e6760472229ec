"""Shared pieces of the browser tests and the PWA benchmark: a real `wave3` on a free port with a
private SQLite database and the demo seed, a TCP proxy in front of it that the tests switch
off (the browser's network really goes away, for the page and the service worker alike), headless
Chromium from Debian driven by Selenium, and a small JSON API client that talks to the server
directly (not through the proxy) to check what the server recorded."""
import json
import os
import pathlib
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=15.0, interval=0.05, message="condition"):
    """Polls until condition() is truthy; returns its value or raises with `message`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as error:  # the condition may throw while the page is changing
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message} (last: {last!r})")


class Server:
    """`wave3 migrate`, `seed --demo`, `serve` on a free port; stopped by `stop()`."""

    def __init__(self, binary=None):
        self.binary = binary or os.environ.get("WAVE3_BIN") or str(ROOT / ".build" / "debug" / "wave3")
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"wave3 binary not found at {self.binary}: build it first (swift build --product wave3)")
        self.dir = tempfile.mkdtemp(prefix="wave3-e2e-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, WAVE3_DATABASE_URL=f"sqlite://{self.dir}/wave3.sqlite", WAVE3_BCRYPT_COST="4",
                        WAVE3_PUBLIC_DIR=str(ROOT / "Public"), WAVE3_MIGRATIONS_DIR=str(ROOT / "migrations"),
                        WAVE3_JWT_SECRET="e2e-secret-that-is-long-enough-for-hs256!", WAVE3_LOG_FORMAT="text",
                        WAVE3_LOG_LEVEL="warning")
        for step in (["migrate"], ["seed", "--demo"]):
            subprocess.run([self.binary, *step], env=self.env, cwd=ROOT, check=True, capture_output=True, timeout=120)
        self.log = open(os.path.join(self.dir, "serve.log"), "a")
        self._serve()

    def _serve(self):
        self.process = subprocess.Popen([self.binary, "serve", "--port", str(self.port)], env=self.env, cwd=ROOT,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.ready(), timeout=60, message="wave3 /health/ready")

    def restart(self, public_dir=None):
        """A new deploy: the same database and port, `public_dir` (default: the repository's) as the app."""
        self._halt()
        self.env["WAVE3_PUBLIC_DIR"] = str(public_dir or ROOT / "Public")
        self._serve()

    def ready(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"wave3 exited: see {self.dir}/serve.log")
        try:
            with urllib.request.urlopen(f"{self.base}/health/ready", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _halt(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Proxy:
    """A TCP relay 127.0.0.1:port → the server. Modes: `pass`; `down` (connections accepted and
    closed at once: the network is gone); `drop` (requests reach the server, answers are thrown
    away and the connection closed: the reply is lost on the way back). Counts bytes sent to the
    client, i.e. what the browser received on the wire."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.mode = "pass"
        self.bytes_to_client = 0
        self.bytes_by_path = {}  # response bytes per request path (no pipelining: answers come in order)
        self.lock = threading.Lock()
        self.connections = set()
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def set_mode(self, mode):
        self.mode = mode
        with self.lock:  # existing keep-alive connections must not outlive the switch
            for conn in list(self.connections):
                try:
                    conn.close()
                except OSError:
                    pass
            self.connections.clear()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "down":
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                client.close()
                continue
            threading.Thread(target=self._relay, args=(client, self.mode), daemon=True).start()

    def _relay(self, client, mode):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        with self.lock:
            self.connections.update((client, upstream))
        current = []  # paths of requests sent on this connection and not yet answered in full
        try:
            while True:
                readable, _, _ = select.select([client, upstream], [], [], 30)
                if not readable:
                    break
                done = False
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        done = True
                        break
                    if sock is client:
                        first = data.split(b"\r\n", 1)[0].split(b" ")
                        if len(first) == 3 and first[2].startswith(b"HTTP/"):
                            current[:] = [first[1].decode("latin-1").split("?")[0]]
                        upstream.sendall(data)
                    elif mode == "drop":
                        done = True  # the answer is lost: close without sending a byte of it
                        break
                    else:
                        client.sendall(data)
                        with self.lock:
                            self.bytes_to_client += len(data)
                            path = current[0] if current else "?"
                            self.bytes_by_path[path] = self.bytes_by_path.get(path, 0) + len(data)
                if done:
                    break
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                try:
                    sock.close()
                except OSError:
                    pass
            with self.lock:
                self.connections.discard(client)
                self.connections.discard(upstream)

    def stop(self):
        self.running = False
        self.listener.close()
        self.set_mode("down")


class Api:
    """JSON calls straight to the server, for checks and set-up."""

    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, token=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}/api/v1{path}", data=data, method=method)
        req.add_header("accept", "application/json")
        if body is not None:
            req.add_header("content-type", "application/json")
        if token:
            req.add_header("authorization", f"Bearer {token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, None

    def login(self, email, password):
        status, data = self.call("POST", "/auth/login", {"email": email, "password": password})
        assert status == 200, (status, data)
        return data


def chromium(width=1280, height=900):
    """Headless Chromium (Debian's `chromium` + `chromium-driver`) with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (os.path.exists(binary) and os.path.exists(driver_path)):
        raise RuntimeError("chromium / chromedriver missing: run scripts/install-deps.sh test")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def set_offline(driver, proxy, offline):
    """Offline as DevTools emulates it (navigator.onLine, `online`/`offline` events, the page's
    requests), plus the proxy down so the service worker's own fetches fail too."""
    if offline:
        proxy.set_mode("down")
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
