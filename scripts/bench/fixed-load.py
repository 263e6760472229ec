#!/usr/bin/env python3
"""Exactly N keep-alive GETs over C connections (for counts per request, where wrk's time-boxed
runs would leave the request count to chance). Fails if any answer is not 200.
Usage: fixed-load.py PORT PATH N C"""
import asyncio, sys, time

port, path, total, conns = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
remaining = total
bad = 0

async def worker():
    global remaining, bad
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while remaining > 0:
        remaining -= 1
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        if length:
            await reader.readexactly(length)
        if status != 200:
            bad += 1
    writer.close()

async def main():
    start = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(conns)))
    print(f"{total} requests in {time.monotonic() - start:.3f} s, non-200: {bad}")
    if bad:
        sys.exit(1)

asyncio.run(main())
