"""nginx: `nginx -t` on the repository's config, a broken copy rejected, and the end-to-end path
nginx (TLS, HTTP/2) → rl-balancer → two wave3 replicas, all real processes on loopback."""
import gzip
import json
import ssl
import urllib.request

import websocket

from conftest import REPO, free_port, run, wait_until
from stack import nginx_args, nginx_config, register, start_replicas_and_balancer


def test_nginx_config_passes_nginx_t(workdir):
    conf = nginx_config(workdir, free_port(), free_port(), free_port())
    result = run(nginx_args(conf, "-t"))
    assert result.returncode == 0, result.stderr


def test_nginx_t_rejects_a_broken_copy(workdir):
    conf = nginx_config(workdir, free_port(), free_port(), free_port())
    site = conf / "conf.d" / "wave3.conf"
    site.write_text(site.read_text().replace("proxy_pass http://rl_balancer;", "proxy_pass http://rl_balancer", 1))
    assert run(nginx_args(conf, "-t")).returncode != 0


def test_end_to_end_through_nginx_balancer_and_replicas(workdir, processes):
    stack = start_replicas_and_balancer(processes, workdir)
    http_port, https_port = free_port(), free_port()
    conf = nginx_config(workdir, stack["balancer"], http_port, https_port)
    trust = ssl.create_default_context(cafile=str(conf / "tls.crt"))

    def fetch(url, headers=None, data=None, method=None):
        request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
        try:
            response = urllib.request.urlopen(request, timeout=10, context=trust)
            return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    processes.start("nginx", nginx_args(conf))
    base = f"https://localhost:{https_port}"
    wait_until(lambda: fetch(f"{base}/health/live")[0] == 200, 30, "nginx serving over TLS")

    # HTTPS through every hop: the balancer names the replica that answered.
    status, headers, body = fetch(f"{base}/api/v1/lessons?limit=2")
    assert status == 200 and json.loads(body)["items"]
    assert headers["X-Upstream"] in {f"127.0.0.1:{port}" for port in stack["replicas"]}
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"

    # Plain HTTP is redirected to HTTPS.
    opener = urllib.request.build_opener(NoRedirect())
    try:
        opener.open(f"http://127.0.0.1:{http_port}/api/v1/lessons", timeout=10)
        raise AssertionError("plain HTTP was served")
    except urllib.error.HTTPError as error:
        assert error.code == 301 and error.headers["Location"].startswith("https://")

    # HTTP/2 is negotiated over TLS (ALPN).
    result = run(["curl", "--http2", "-sS", "--cacert", conf / "tls.crt", "-o", "/dev/null",
                  "-w", "%{http_version}", f"{base}/health/live"])
    assert result.returncode == 0 and result.stdout.strip() == "2", result.stdout + result.stderr

    # Compression where the client accepts it.
    status, headers, body = fetch(f"{base}/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["openapi"].startswith("3.")

    # Caching: the service worker never cached, versioned static assets for a year.
    status, headers, _ = fetch(f"{base}/service-worker.js")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    asset = next(p for p in sorted((REPO / "Public").rglob("*")) if p.suffix in (".css", ".js") and p.name != "service-worker.js")
    path = "/" + asset.relative_to(REPO / "Public").as_posix()
    status, headers, _ = fetch(f"{base}{path}?v=1")
    assert status == 200 and "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]

    # Request size limit.
    status, _, _ = fetch(f"{base}/api/v1/auth/login", data=b"x" * (2 * 1024 * 1024), method="POST",
                         headers={"content-type": "application/json"})
    assert status == 413

    # A WebSocket upgrade passes nginx and the balancer to a replica.
    token = register(base, "deploy-e2e@example.org")
    socket = websocket.create_connection(f"wss://localhost:{https_port}/api/v1/ws?token={token}",
                                         sslopt={"ca_certs": str(conf / "tls.crt")}, timeout=10)
    try:
        socket.ping("deploy")
        assert socket.connected
    finally:
        socket.close()

    # One JSON object per request in the access log.
    def logged():
        lines = [line for line in processes.log("nginx").splitlines() if line.startswith("{")]
        return [json.loads(line) for line in lines]
    entries = wait_until(lambda: [e for e in logged() if e["uri"].startswith("/api/v1/lessons")], 10, "access log line")
    entry = entries[0]
    assert entry["status"] == 200 and entry["method"] == "GET" and entry["protocol"].startswith("HTTP/")
    assert entry["upstream"] == f"127.0.0.1:{stack['balancer']}" and entry["request_id"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
