"""`make bench` part for the PWA (scripts/bench-pwa.sh). Prints:
- the app shell's files, uncompressed and gzipped as the server sends them;
- the first load in a fresh Chromium profile: bytes the browser received on the wire (headers
  included, through a counting proxy, service-worker precache included) until the worker is
  active and the network is quiet; bar < 150 KB;
- a lesson opened offline: render time from the service worker's cache, Performance API
  (`lesson-render` measure: fetch + DOM), median of 7 reloads; bar < 200 ms."""
import gzip
import re
import statistics
import sys
import time
import urllib.request

from harness import Proxy, Server, chromium, set_offline, wait_for

LESSON = "math-order-of-operations"


def fetch(url, gz):
    req = urllib.request.Request(url, headers={"accept-encoding": "gzip"} if gz else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read(), r.headers.get("content-encoding")


def shell_files(base):
    worker, _ = fetch(f"{base}/service-worker.js", False)
    text = worker.decode()
    version = re.search(r"const VERSION = '([0-9a-f]+)'", text).group(1)
    files = re.findall(r"'((?:js|css)/[\w/.-]+)'", text)
    return ["/", "/service-worker.js", "/manifest.json", "/offline.html", "/icons/icon-192.png"] + \
        [f"/assets/{version}/{f}" for f in files]


def main():
    server = Server()
    proxy = Proxy(server.port)
    driver = None
    failures = []
    try:
        print("PWA app shell (what the service worker precaches):")
        print(f"  {'file':<48} {'bytes':>8} {'gzip':>8}")
        total_raw = total_gz = 0
        for path in shell_files(server.base):
            raw, _ = fetch(server.base + path, False)
            sent, enc = fetch(server.base + path, True)
            size_gz = len(sent) if enc == "gzip" else len(raw)
            total_raw += len(raw)
            total_gz += size_gz
            print(f"  {path:<48} {len(raw):>8} {size_gz:>8}")
        print(f"  {'total':<48} {total_raw:>8} {total_gz:>8}   (uncompressed {total_raw / 1024:.1f} KB, gzip {total_gz / 1024:.1f} KB)")

        driver = chromium()
        proxy.bytes_to_client = 0
        proxy.bytes_by_path.clear()
        driver.get(f"{proxy.base}/")
        wait_for(lambda: driver.execute_script(
            "return navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'"),
            timeout=30, message="service worker active")
        last, stable_since = -1, time.monotonic()
        while time.monotonic() - stable_since < 1.0:  # quiet for a second: the first load is over
            time.sleep(0.1)
            if proxy.bytes_to_client != last:
                last, stable_since = proxy.bytes_to_client, time.monotonic()
        wire = proxy.bytes_to_client
        api_wire = sum(v for k, v in proxy.bytes_by_path.items() if k.startswith("/api/"))
        shell_wire = wire - api_wire
        page = driver.execute_script("""
            const n = performance.getEntriesByType('navigation')[0];
            const r = performance.getEntriesByType('resource');
            const api = r.filter((e) => new URL(e.name).pathname.startsWith('/api/'));
            const shell = r.filter((e) => !new URL(e.name).pathname.startsWith('/api/'));
            const sum = (xs, k) => xs.reduce((a, e) => a + e[k], 0);
            return {shellTransfer: n.transferSize + sum(shell, 'transferSize'), shellDecoded: n.decodedBodySize + sum(shell, 'decodedBodySize'),
                    apiTransfer: sum(api, 'transferSize'), requests: r.length + 1};""")
        print(f"first load of the app shell (fresh profile, gzip): {shell_wire / 1024:.1f} KB on the wire, headers and the "
              f"service worker's precache included, over {sum(1 for k in proxy.bytes_by_path if not k.startswith('/api/'))} paths (bar < 150 KB)")
        print(f"  plus the API data of the first screen: {api_wire / 1024:.1f} KB; total {wire / 1024:.1f} KB")
        print(f"  the page's own requests: {page['requests']}; shell {page['shellTransfer'] / 1024:.1f} KB transferred "
              f"({page['shellDecoded'] / 1024:.1f} KB uncompressed)")
        if shell_wire >= 150 * 1024:
            failures.append(f"app shell first load {shell_wire} bytes >= 150 KB")

        # A lesson opened once online, then reopened with no network.
        driver.get(f"{proxy.base}/#/lessons/{LESSON}")
        wait_for(lambda: driver.execute_script("return document.body.dataset.lessonRenderMs"), message="lesson online")
        wait_for(lambda: driver.execute_async_script(
            f"const d = arguments[arguments.length - 1]; caches.match('/api/v1/lessons/{LESSON}').then((r) => d(!!r));"),
            message="lesson cached")
        set_offline(driver, proxy, True)
        times, since_start = [], []
        for _ in range(7):
            driver.get(f"{proxy.base}/#/lessons/{LESSON}")
            driver.refresh()
            ms = wait_for(lambda: driver.execute_script(
                "const e = performance.getEntriesByName('lesson-render'); return e.length ? e[e.length - 1].duration : null"),
                message="lesson offline")
            times.append(ms)
            since_start.append(float(driver.execute_script("return document.body.dataset.lessonShownAt")))
        set_offline(driver, proxy, False)
        median = statistics.median(times)
        print(f"lesson opened offline, rendered from the service worker cache: median {median:.1f} ms, "
              f"max {max(times):.1f} ms over {len(times)} reloads (bar < 200 ms); "
              f"whole offline page load to lesson on screen: median {statistics.median(since_start):.1f} ms")
        if median >= 200:
            failures.append(f"offline lesson render {median:.1f} ms >= 200 ms")
    finally:
        if driver:
            driver.quit()
        proxy.stop()
        server.stop()
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
