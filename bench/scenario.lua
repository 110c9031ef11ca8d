-- One wrk script for every scenario, chosen by environment (run.mjs sets these):
--   SCENARIO      dashboard | list | detail | search | create | patch | comment | me | healthz | static
--   BENCH_AUTH    the header a real client sends: "Authorization: Bearer <jwt>" or "X-Api-Key: sk_..."
--   BENCH_IDS     file of display ids, one a line (detail, comment, patch)
--   BENCH_RANGE   "from:to" fractions of that list this run may touch (patch: warm-up and
--                 measurement use disjoint tickets, so each PATCH really changes the status)
--   BENCH_TERMS   comma-separated rare search terms
--   BENCH_CREATE  "categoryId,typeId,itemId,assigneeId" for create
--   BENCH_RESULT  file that done() writes the figures to, as JSON
local scenario = os.getenv("SCENARIO")
local auth_name, auth_value = string.match(os.getenv("BENCH_AUTH") or "", "^([^:]+):%s*(.*)$")

local function split(s, sep)
  local out = {}
  for part in string.gmatch(s or "", "[^" .. sep .. "]+") do out[#out + 1] = part end
  return out
end

local function read_lines(path)
  local out = {}
  if not path or path == "" then return out end
  local f = assert(io.open(path, "r"))
  for line in f:lines() do if #line > 0 then out[#out + 1] = line end end
  f:close()
  return out
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  table.insert(threads, thread)
end

local ids, terms, create, n, headers, sent

function init(args)
  headers = {}
  if auth_name then headers[auth_name] = auth_value end
  local all = read_lines(os.getenv("BENCH_IDS"))
  local range = split(os.getenv("BENCH_RANGE") or "0:1", ":")
  local from = math.floor(tonumber(range[1]) * #all) + 1
  local to = math.floor(tonumber(range[2]) * #all)
  -- Each wrk thread takes every k-th id of its range, so two threads never touch one ticket.
  local k = tonumber(os.getenv("BENCH_THREADS") or "1")
  ids = {}
  for i = from, to do
    if (i % k) == (thread_index - 1) then ids[#ids + 1] = all[i] end
  end
  terms = split(os.getenv("BENCH_TERMS"), ",")
  create = split(os.getenv("BENCH_CREATE"), ",")
  n = 0
  sent = {}
end

local function json_headers()
  local h = { ["Content-Type"] = "application/json" }
  for k, v in pairs(headers) do h[k] = v end
  return h
end

function request()
  n = n + 1
  if scenario == "dashboard" then
    return wrk.format("GET", "/api/tickets?status=OPEN&limit=50", headers)
  elseif scenario == "list" then
    return wrk.format("GET", "/api/tickets?status=OPEN", headers)
  elseif scenario == "static" then
    return wrk.format("GET", "/dashboard.json", headers)
  elseif scenario == "me" then
    return wrk.format("GET", "/api/auth/me", headers)
  elseif scenario == "healthz" then
    return wrk.format("GET", "/healthz", headers)
  elseif scenario == "search" then
    return wrk.format("GET", "/api/tickets?search=" .. terms[(n % #terms) + 1], headers)
  elseif scenario == "detail" then
    return wrk.format("GET", "/api/tickets/" .. ids[(n % #ids) + 1], headers)
  elseif scenario == "comment" then
    local id = ids[(n * 7919 % #ids) + 1]
    local body = '{"body":"Benchmark comment ' .. thread_index .. "-" .. n ..
      ': checked the **logs**, the upstream host answers again."}'
    return wrk.format("POST", "/api/tickets/" .. id .. "/comments", json_headers(), body)
  elseif scenario == "create" then
    local body = '{"title":"[Bench] nightly backup ' .. thread_index .. "-" .. n ..
      '","overview":"Automated nightly backup completed.","severity":5,' ..
      '"categoryId":"' .. create[1] .. '","typeId":"' .. create[2] .. '","itemId":"' ..
      create[3] .. '","assigneeId":"' .. create[4] .. '"}'
    return wrk.format("POST", "/api/tickets", json_headers(), body)
  elseif scenario == "patch" then
    -- Every listed ticket starts OPEN; each visit flips it, so each PATCH is a real change.
    local id = ids[(n % #ids) + 1]
    local visits = (sent[id] or 0) + 1
    sent[id] = visits
    local status = (visits % 2 == 1) and "IN_PROGRESS" or "OPEN"
    return wrk.format("PATCH", "/api/tickets/" .. id, json_headers(), '{"status":"' .. status .. '"}')
  end
  error("unknown SCENARIO " .. tostring(scenario))
end

function done(summary, latency, requests)
  local path = os.getenv("BENCH_RESULT")
  if not path then return end
  local e = summary.errors
  local f = assert(io.open(path, "w"))
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
  f:close()
end
