-- wrk script of bench_http.py: every request carries the API token of a distinct resident.
-- Thread i (1-based) of T takes residents i, i+T, i+2T... from BENCH_TOKENS, so no two
-- requests of a run share a resident until the list wraps (bench_http.py sizes it to not).
-- BENCH_KIND: "health" (GET), "ballot" (2 of the proposals in BENCH_PROPOSALS), "sign".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("nthreads", tonumber(os.getenv("BENCH_THREADS")))
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  proposals = {}
  for pid in string.gmatch(os.getenv("BENCH_PROPOSALS") or "", "%d+") do
    proposals[#proposals + 1] = pid
  end
  kind = os.getenv("BENCH_KIND")
  path = os.getenv("BENCH_PATH")
  counter = id
  ok, errors, sample = 0, 0, ""
end

function request()
  local token = tokens[((counter - 1) % #tokens) + 1]
  local n = counter
  counter = counter + nthreads
  if kind == "health" then
    return wrk.format("GET", path)
  end
  local headers = {["Authorization"] = "Token " .. token,
                   ["Content-Type"] = "application/json"}
  local body = '{"show_name": false}'
  if kind == "ballot" then
    -- Two distinct projects per ballot, varying with the voter.
    local a = n % #proposals + 1
    local b = (n + 1 + math.floor(n / #proposals) % (#proposals - 1)) % #proposals + 1
    if b == a then b = a % #proposals + 1 end
    body = string.format('{"choices": [{"proposal": %s}, {"proposal": %s}]}',
                         proposals[a], proposals[b])
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    errors = errors + 1
    if sample == "" then sample = status .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local ok_total, error_total, first = 0, 0, ""
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    error_total = error_total + thread:get("errors")
    if first == "" then first = thread:get("sample") end
  end
  local s = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_s": %.3f, "ok": %d, "errors": %d, ' ..
    '"socket_errors": %d, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"sample_error": "%s"}\n',
    summary.requests, summary.duration / 1e6, ok_total, error_total,
    s.connect + s.read + s.write + s.timeout, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    string.gsub(first, '["\\\n]', "'")))
end
