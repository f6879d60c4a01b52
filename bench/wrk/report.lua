-- wrk's done() for run.sh: one JSON line with the throughput, the latency percentiles (ms) and the errors,
-- non-2xx answers included, so the script can refuse a run that measured failures.
return function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"per_second":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,' ..
        '"max_ms":%.3f,"non_2xx":%d,"socket_errors":%d}\n',
        summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
        summary.errors.status, errors))
end
