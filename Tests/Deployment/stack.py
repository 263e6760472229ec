"""Starts the real stack on loopback for the end-to-end checks: a seeded SQLite database, two
`wave3` replicas, `rl-balancer` in front of them, and nginx (TLS, HTTP/2) in front of that."""
import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

from conftest import REPO, binary, free_port, http_status, run, wait_until

ADMIN_TOKEN = "deployment-test-admin-token"
JWT_SECRET = "deployment-test-secret-of-at-least-32-bytes!"


def app_environment(workdir: Path) -> dict:
    return {
        "WAVE3_DATABASE_URL": f"sqlite://{workdir}/wave3.sqlite",
        "WAVE3_MIGRATIONS_DIR": str(REPO / "migrations"),
        "WAVE3_PUBLIC_DIR": str(REPO / "Public"),
        "WAVE3_JWT_SECRET": JWT_SECRET,
        "WAVE3_BCRYPT_COST": "4",
        "WAVE3_LOG_LEVEL": "warning",
        "BALANCER_ADMIN_TOKEN": ADMIN_TOKEN,
    }


def start_replicas_and_balancer(processes, workdir: Path, replicas: int = 2):
    env = app_environment(workdir)
    wave3 = binary("wave3")
    for command in (["migrate"], ["seed", "--demo"]):
        result = subprocess.run([str(wave3), *command], env={**os.environ, **env}, cwd=REPO,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    ports = []
    for index in range(replicas):
        port = free_port()
        processes.start(f"wave3-{index}", [wave3, "serve", "--port", port], env=env, cwd=REPO)
        ports.append(port)
    for port in ports:
        wait_until(lambda: http_status(f"http://127.0.0.1:{port}/health/ready") == 200, 60, f"replica :{port} ready")
    listen, admin = free_port(), free_port()
    upstreams = [arg for port in ports for arg in ("--upstream", f"127.0.0.1:{port}")]
    processes.start("rl-balancer", [binary("rl-balancer"), "serve", "--listen", f"127.0.0.1:{listen}",
                                    "--admin", f"127.0.0.1:{admin}", *upstreams], env=env, cwd=workdir)
    wait_until(lambda: http_status(f"http://127.0.0.1:{listen}/health/live") == 200, 60, "balancer passing traffic")
    return {"replicas": ports, "balancer": listen, "admin": admin}


def nginx_config(workdir: Path, balancer_port: int, http_port: int, https_port: int) -> Path:
    """The repository's nginx config with only the lines marked deployment-specific changed:
    the balancer's address, the listen ports and the certificate paths."""
    conf = workdir / "nginx"
    shutil.copytree(REPO / "nginx", conf)
    shutil.copy("/etc/nginx/mime.types", conf / "mime.types")
    cert, key = conf / "tls.crt", conf / "tls.key"
    result = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                  "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                  "-keyout", key, "-out", cert])
    assert result.returncode == 0, result.stderr
    site = conf / "conf.d" / "wave3.conf"
    text = site.read_text()
    replacements = {
        "server rl-balancer:8080;": f"server 127.0.0.1:{balancer_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/nginx/tls/tls.crt": str(cert),
        "/etc/nginx/tls/tls.key": str(key),
    }
    for old, new in replacements.items():
        assert old in text, f"nginx/conf.d/wave3.conf no longer has '{old}'"
        text = text.replace(old, new)
    site.write_text(text)
    return conf


def nginx_args(conf: Path, *extra):
    return ["nginx", "-c", conf / "nginx.conf", "-p", conf, "-g", f"pid {conf}/nginx.pid; daemon off;", *extra]


def register(base: str, email: str) -> str:
    body = json.dumps({"email": email, "password": "a good password", "displayName": "Deploy Test"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/auth/register", data=body,
                                     headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10, context=_insecure()) as response:
        return json.load(response)["token"]


def _insecure():
    import ssl
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
