-- Mixed reads and bookings (see plan.lua). Statuses are counted per thread and printed as
-- STATUS lines: 201 is a booking made, 409 a slot taken meanwhile, 200 a read.
local threads = dofile(os.getenv("WRK_LUA_DIR") .. "/plan.lua")

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  report(summary, latency)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("STATUS %d %d\n", status, count))
  end
end
