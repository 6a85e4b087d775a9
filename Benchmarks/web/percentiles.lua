-- wrk reports p50/p75/p90/p99 with --latency; the issue's target is a p95. One line per run.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("%d requests in %.1f s, %.1f/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d errors\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
