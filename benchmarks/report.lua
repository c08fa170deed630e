-- wrk reporter: one line "WRK_JSON {...}" after the run, read by run.py.
-- Latencies in microseconds; "histogram" lists [latency, count] pairs so that
-- run.py can merge several runs exactly. Status errors: non-2xx/3xx answers.
done = function(summary, latency, requests)
  local e = summary.errors
  local pairs_ = {}
  for i = 1, #latency do
    local value, count = latency(i)
    pairs_[#pairs_ + 1] = string.format("[%d,%d]", value, count)
  end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"histogram":[%s]}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(pairs_, ",")))
end
