#!/usr/bin/env python3
"""Waits until a wave3 database has no pending outbox rows (the demo seed leaves a backlog of
fan-out tasks and pushes that a freshly started replica works through for several seconds), so a
benchmark measures the route and not the backlog.
Usage: wait-outbox-drained.py DB [TIMEOUT_S], DB a SQLite file path or a postgres:// URL (read with psql)."""
import sqlite3
import subprocess
import sys
import time

QUERY = "SELECT count(*) FROM outbox WHERE status = 'pending'"
target, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120


def pending():
    if target.startswith(("postgres://", "postgresql://")):
        out = subprocess.run(["psql", target, "-Atc", QUERY], check=True, capture_output=True, text=True)
        return int(out.stdout.strip())
    path = target.removeprefix("sqlite://")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return db.execute(QUERY).fetchone()[0]


deadline = time.monotonic() + timeout
while True:
    left = pending()
    if left == 0:
        sys.exit(0)
    if time.monotonic() > deadline:
        sys.exit(f"outbox still has {left} pending rows after {timeout:.0f} s")
    time.sleep(0.2)
