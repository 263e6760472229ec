"""Sends N single-event progress writes over one keep-alive connection, rotating learners and
using a fresh Idempotency-Key each (the allocation runs of scripts/bench-progress.sh need an
exact request count, which wrk's timed runs do not give). Usage: progress-client.py PORT N LESSON TOKENS_FILE"""
import http.client
import sys
import uuid

port, count, lesson, tokens_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
tokens = [line.strip() for line in open(tokens_file) if line.strip()]
body = '{"type":"time_spent","lessonId":"%s","durationMs":1000}' % lesson
connection = http.client.HTTPConnection("127.0.0.1", port)
for i in range(count):
    connection.request("POST", "/api/v1/progress", body=body, headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + tokens[i % len(tokens)],
        "Idempotency-Key": "alloc-" + uuid.uuid4().hex})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"write {i}: HTTP {response.status}")
