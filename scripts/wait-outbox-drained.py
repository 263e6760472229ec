#!/usr/bin/env python3
"""Waits until a wave3 SQLite database has no pending outbox rows (the demo seed leaves a backlog
of fan-out tasks and pushes that a freshly started replica works through for several seconds), so
a benchmark measures the route and not the backlog. Usage: wait-outbox-drained.py DB [TIMEOUT_S]"""
import sqlite3
import sys
import time

path, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120
deadline = time.monotonic() + timeout
while True:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        pending = db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
    if pending == 0:
        sys.exit(0)
    if time.monotonic() > deadline:
        sys.exit(f"outbox still has {pending} pending rows after {timeout:.0f} s")
    time.sleep(0.2)
