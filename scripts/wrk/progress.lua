-- POST /api/v1/progress with one event and a fresh Idempotency-Key per request.
local token = os.getenv("TOKEN")
local lesson = os.getenv("LESSON") or "math-arithmetic-basics"
local counter = 0
local threadId = 0
local threads = 0

function setup(thread)
  thread:set("threadId", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() + threadId)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.body = '{"type":"time_spent","lessonId":"' .. lesson .. '","durationMs":1000}'
end

function request()
  counter = counter + 1
  local key = string.format("bench-%d-%d-%d", threadId, counter, math.random(1, 1000000000))
  -- wrk.format replaces wrk.headers with the table it is given, so pass them all.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Idempotency-Key"] = key
  return wrk.format(nil, nil, headers, nil)
end
