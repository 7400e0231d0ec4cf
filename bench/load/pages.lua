-- wrk script for bench/serve_load.py: one page, many logged-in sessions.
--
--   wrk -t1 -c16 -d10s -s bench/load/pages.lua URL -- SPEC.lua THINK_MS
--
-- SPEC.lua (written by serve_load.py) returns a table:
--   { expect = 200, location = "/daily/" or nil,
--     requests = { {method=, path=, headers={...}, body= or nil}, ... } }
-- Each request a connection sends is the next one of that list, in turn, so
-- consecutive requests carry different people's sessions. A body may contain
-- "{uuid}", replaced by a fresh random UUID each time (a form's one-time key).
-- THINK_MS > 0: after each response the connection waits a random time, uniform in
-- [THINK_MS/2, 3*THINK_MS/2] ms, before its next request (wrk does not count the wait
-- in the latency). 0: no wait, the next request goes as soon as the answer is in.
--
-- A response counts as wrong unless it has the expected status (and, for a redirect,
-- the expected Location). done() prints one line: "BENCH_JSON {...}".

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

local requests, position, think, expect, location
-- Globals, not locals: done() reads them out of each thread with thread:get().
wrong, statuses = 0, {}

local function uuid4()
   local function hex(n)
      local out = {}
      for i = 1, n do
         out[i] = string.format("%x", math.random(0, 15))
      end
      return table.concat(out)
   end
   return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" ..
      string.format("%x", math.random(8, 11)) .. hex(3) .. "-" .. hex(12)
end

function init(args)
   local spec = dofile(args[1])
   think = tonumber(args[2]) or 0
   expect = spec.expect
   location = spec.location
   requests = {}
   for i, r in ipairs(spec.requests) do
      if r.body and string.find(r.body, "{uuid}", 1, true) then
         requests[i] = {r.method, r.path, r.headers, r.body}
      else
         -- The same bytes every time: formatted once.
         requests[i] = wrk.format(r.method, r.path, r.headers, r.body)
      end
   end
   math.randomseed(os.time() + id * 7919)
   -- Threads start at different places in the list.
   position = ((id - 1) * 7) % #requests
   if think > 0 then
      delay = function()
         return math.floor(think / 2 + math.random() * think)
      end
   end
end

function request()
   position = position % #requests + 1
   local r = requests[position]
   if type(r) == "string" then
      return r
   end
   local body = string.gsub(r[4], "{uuid}", uuid4())
   return wrk.format(r[1], r[2], r[3], body)
end

function response(status, headers, body)
   if status ~= expect or (location and headers["Location"] ~= location) then
      wrong = wrong + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
   end
end

local function json_of(map)
   local parts = {}
   for k, v in pairs(map) do
      table.insert(parts, string.format('"%s": %d', k, v))
   end
   return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests_done)
   local total_wrong, all_statuses = 0, {}
   for _, thread in ipairs(threads) do
      total_wrong = total_wrong + (thread:get("wrong") or 0)
      local seen = thread:get("statuses") or {}
      for k, v in pairs(seen) do
         all_statuses[k] = (all_statuses[k] or 0) + v
      end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "wrong": %d, "wrong_statuses": %s, ' ..
      '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status_errors": %d, ' ..
      '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
      summary.requests, summary.duration, total_wrong, json_of(all_statuses),
      e.connect, e.read, e.write, e.timeout, e.status,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.mean, latency.max))
end
