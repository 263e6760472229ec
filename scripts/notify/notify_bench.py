#!/usr/bin/env python3
"""Drivers of scripts/bench-notify.sh (standard library only).

latency A_PORT B_PORT ADMIN_TOKEN LEARNER_ID LEARNER_TOKEN RATE SECONDS
    A socket on replica B; admin broadcasts to that learner posted to replica A at RATE per second.
    Prints creation->socket latency (createdAt stamped by the worker that stored it) and
    request->socket latency, p50/p99 in ms, and how many arrived.
sockets PORT TOKEN COUNT PID
    Opens COUNT idle WebSockets on one replica and prints the replica's resident memory per socket.
"""
import asyncio, base64, datetime, http.client, json, os, socket, sys, threading, time


def handshake(port, token):
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET /api/v1/ws?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()


def read_frame(sock_file):
    """One server frame (unmasked); returns (opcode, payload)."""
    head = sock_file.read(2)
    if len(head) < 2:
        raise EOFError
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        length = int.from_bytes(sock_file.read(2), "big")
    elif length == 127:
        length = int.from_bytes(sock_file.read(8), "big")
    return opcode, sock_file.read(length)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def latency(a_port, b_port, admin_token, learner_id, learner_token, rate, seconds):
    s = socket.create_connection(("127.0.0.1", b_port))
    s.sendall(handshake(b_port, learner_token))
    f = s.makefile("rb")
    status = f.readline()
    assert b" 101 " in status, status
    while f.readline() not in (b"\r\n", b""):
        pass
    total = int(rate * seconds)
    sent_at, created, requested = {}, [], []
    done = threading.Event()

    def reader():
        while len(created) < total:
            try:
                opcode, payload = read_frame(f)
            except EOFError:
                break
            now = time.time()
            if opcode == 9:  # ping: answer with a masked pong
                mask = os.urandom(4)
                s.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
                continue
            if opcode != 1:
                continue
            message = json.loads(payload)
            if message.get("type") != "notification":
                continue
            item = message["notification"]
            stamp = datetime.datetime.fromisoformat(item["createdAt"].replace("Z", "+00:00")).timestamp()
            created.append((now - stamp) * 1000)
            if item["title"] in sent_at:
                requested.append((now - sent_at[item["title"]]) * 1000)
        done.set()

    threading.Thread(target=reader, daemon=True).start()
    start = time.time()
    senders = 8  # concurrent keep-alive connections, so one slow answer does not hold the schedule back

    def sender(k):
        connection = http.client.HTTPConnection("127.0.0.1", a_port)
        for i in range(k, total, senders):
            pause = start + i / rate - time.time()
            if pause > 0:
                time.sleep(pause)
            title = f"bench-{i}"
            sent_at[title] = time.time()
            body = json.dumps({"learnerIds": [learner_id], "type": "bench", "title": title, "body": "latency"})
            connection.request("POST", "/api/v1/admin/notifications", body,
                               {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            assert response.status == 202, response.status

    threads = [threading.Thread(target=sender, args=(k,)) for k in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    achieved = total / (time.time() - start)
    done.wait(60)
    print(f"latency: {len(created)}/{total} arrived on replica B; offered {achieved:.0f}/s")
    print(f"latency_created_to_socket_ms p50 {percentile(created, 0.5):.1f} p99 {percentile(created, 0.99):.1f}")
    print(f"latency_request_to_socket_ms p50 {percentile(requested, 0.5):.1f} p99 {percentile(requested, 0.99):.1f}")
    return 0 if len(created) == total else 1


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def open_socket(port, token, held):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(handshake(port, token))
    await writer.drain()
    status = await reader.readline()
    if b" 101 " not in status:
        raise RuntimeError(status)
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    held.append((reader, writer))


async def sockets(port, token, count, pid):
    held = []
    await asyncio.gather(*(open_socket(port, token, held) for _ in range(100)))
    await asyncio.sleep(1)
    before = rss_kib(pid)
    for start in range(0, count, 500):
        await asyncio.gather(*(open_socket(port, token, held) for _ in range(min(500, count - start))))
    await asyncio.sleep(2)
    after = rss_kib(pid)
    per = (after - before) * 1024 / count
    print(f"idle_sockets {len(held)} rss_before_kib {before} rss_after_kib {after}")
    print(f"memory_per_socket_bytes {per:.0f} ({per / 1024:.1f} KB; bar < 20 KB)")
    for _, writer in held:
        writer.close()
    return 0 if per < 20 * 1024 else 1


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "latency":
        sys.exit(latency(int(args[0]), int(args[1]), args[2], args[3], args[4], float(args[5]), float(args[6])))
    sys.exit(asyncio.run(sockets(int(args[0]), args[1], int(args[2]), int(args[3]))))
