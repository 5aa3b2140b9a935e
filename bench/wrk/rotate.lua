-- wrk script for bench/api.py: rotate over the request paths in a file (one per line, given
-- after `--`), each thread starting at its own place, and print one JSON line at the end with
-- the latency percentiles and error counts.
--   wrk -t2 -c16 -d30s -s bench/wrk/rotate.lua http://127.0.0.1:8000 -- paths.txt

local paths = {}
local counter = 0
local thread_no = 0
local threads = {}

function setup(thread)
  thread:set("thread_no", thread_no)
  thread_no = thread_no + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  file:close()
  counter = (thread_no * 7919) % #paths
  wrk.headers["Accept"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "non_2xx_3xx": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status,
    e.timeout))
end
