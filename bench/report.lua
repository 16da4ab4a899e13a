-- Loaded by every wrk run of the bench: prints one line of figures that
-- bench/load.py parses. Latencies are in microseconds; "status" counts
-- responses >= 400, the others are socket errors.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d timeout=%d status=%d "
      .. "p50=%.0f p95=%.0f p99=%.0f max=%.0f\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end
