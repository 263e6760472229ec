-- POST /api/v1/progress, one event per request, spread over many learners (one bearer token per
-- line of $TOKENS_FILE) with a fresh Idempotency-Key per request (scripts/bench-progress.sh).
local lesson = os.getenv("LESSON") or "math-arithmetic-basics"
local counter = 0
local threadId = 0
local threads = 0
local tokens = {}

function setup(thread)
  thread:set("threadId", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  math.randomseed(os.time() + threadId)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"type":"time_spent","lessonId":"' .. lesson .. '","durationMs":1000}'
end

function request()
  counter = counter + 1
  -- wrk.format replaces wrk.headers with the table it is given, so pass them all.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Authorization"] = "Bearer " .. tokens[(threadId * 7919 + counter) % #tokens + 1]
  headers["Idempotency-Key"] = string.format("pw-%d-%d-%d", threadId, counter, math.random(1, 1000000000))
  return wrk.format(nil, nil, headers, nil)
end
