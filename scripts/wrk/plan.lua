-- Shared by read.lua and mixed.lua: each wrk thread cycles through the requests listed in the
-- file named by WRK_PLAN, one a line, tab-separated: method, path, cookie, CSRF token, body.
-- Thread n takes every line whose number modulo the thread count is n, so a line (a booking)
-- is sent once until the list wraps. done() prints one BENCH line for bench_http.py.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local requests = {}
local index = 0

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS") or "1")
  local n = 0
  for line in io.lines(os.getenv("WRK_PLAN")) do
    if n % count == id then
      local method, path, cookie, csrf, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if csrf ~= "" then headers["X-CSRFToken"] = csrf end
      if body ~= "" then
        headers["Content-Type"] = "application/json"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
    n = n + 1
  end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function report(summary, latency)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

function done(summary, latency, requests)
  report(summary, latency)
end

return threads
