"""Registers N learners on a wave3 server, starts LESSON for each (so the duration clamp has a
lesson start to measure against) and prints one bearer token per line.
Usage: progress-learners.py BASE_URL N LESSON"""
import json
import sys
import urllib.request
import uuid

base, count, lesson = sys.argv[1], int(sys.argv[2]), sys.argv[3]
run = uuid.uuid4().hex[:8]


def post(path, body, headers=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


for i in range(count):
    token = post("/api/v1/auth/register", {"email": f"bench-{run}-{i}@example.com", "password": "bench-password",
                                           "displayName": f"Bench {i}"})["token"]
    post("/api/v1/progress", {"type": "lesson_started", "lessonId": lesson},
         {"Authorization": "Bearer " + token, "Idempotency-Key": "start-" + uuid.uuid4().hex})
    print(token)
