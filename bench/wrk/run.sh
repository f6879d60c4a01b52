#!/usr/bin/env bash
# Submit and GET throughput of the real dms-host, driven by wrk (Debian's package): a C load generator that
# takes a few µs of CPU per request where dms-load's Beast client takes about 30, so on a 2-core machine the
# driver caps the figure less. The host runs as dms-load starts it: its own data dir, the noop plugin, 2 workers,
# 2 HTTP threads, access logs off. submit: noop submissions with noop paused (intake alone, as dms-load measures
# it); get: GETs of up to 1,000 finished noop tasks; health: GET /healthz, the ceiling of any answer. Holds
# /tmp/dms-build.lock, so no build overlaps a run.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: bench/wrk/run.sh [-c CONNECTIONS] [-d SECONDS] [-t THREADS] [--scenario submit,get,health] [--build DIR]
                        [--http-threads N] [--json]
  -c CONNECTIONS   comma-separated connection counts (default 64)
  -d SECONDS       length of each step (default 10)
  -t THREADS       wrk threads (default 1: one core for the driver at most)
  --scenario       any of submit, get, health (default submit,get); health GETs /healthz, the cheapest
                   answer: the ceiling the HTTP stack and wrk set together on this machine
  --build DIR      the CMake build tree holding host/dms-host and plugins/ (default ./build)
  --http-threads   the host's HTTP threads (default 2)
  --json           one JSON line per step instead of the table
Needs: wrk (scripts/install-deps.sh installs it), curl, python3, a built dms-host and libdms_noop.so.
USAGE
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
connections=64 seconds=10 threads=1 scenarios=submit,get build="$root/build" http_threads=2 json=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        -c) connections=$2; shift 2 ;;
        -d) seconds=$2; shift 2 ;;
        -t) threads=$2; shift 2 ;;
        --scenario) scenarios=$2; shift 2 ;;
        --build) build=$(cd "$2" && pwd); shift 2 ;;
        --http-threads) http_threads=$2; shift 2 ;;
        --json) json=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

fail() { echo "wrk/run: $*" >&2; exit 1; }
for tool in wrk curl python3; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
host_binary="$build/host/dms-host"
noop="$build/plugins/libdms_noop.so"
[[ -x "$host_binary" && -f "$noop" ]] || fail "no $host_binary or $noop (ninja dms-host noop)"

exec 9>/tmp/dms-build.lock
flock 9

work=$(mktemp -d)
host_pid=""
cleanup() {
    if [[ -n "$host_pid" ]] && kill -0 "$host_pid" 2>/dev/null; then
        kill -TERM "$host_pid"
        wait "$host_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/plugins" "$work/data"
ln -s "$noop" "$work/plugins/libdms_noop.so"
token="wrk-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
DMS_HOST=127.0.0.1 DMS_PORT=0 DMS_PORT_FILE="$work/port" DMS_DATA_DIR="$work/data" DMS_PLUGIN_DIR="$work/plugins" \
    DMS_OPERATOR_TOKEN="$token" DMS_LOG_LEVEL=warning DMS_WORKER_COUNT=2 DMS_HTTP_THREADS="$http_threads" \
    DMS_SHUTDOWN_GRACE_SECONDS=2 "$host_binary" >"$work/host.log" 2>&1 &
host_pid=$!

# The host writes its port file once it listens; then /readyz says when the store and plugins are up.
for _ in $(seq 1 600); do
    [[ -s "$work/port" ]] && break
    kill -0 "$host_pid" 2>/dev/null || fail "dms-host exited: $(tail -5 "$work/host.log")"
    sleep 0.05
done
[[ -s "$work/port" ]] || fail "dms-host wrote no port file within 30 s"
base="http://127.0.0.1:$(cat "$work/port")"
api="$base/api/v1"
curl -fsS --retry 50 --retry-delay 0 --retry-all-errors -o /dev/null "$base/readyz" || fail "dms-host is not ready"

operator() { curl -fsS -H "X-Operator-Token: $token" "$@"; }
noop_busy() {
    operator "$api/admin/stats" | python3 -c '
import json, sys
counts = json.load(sys.stdin).get("by_service", {}).get("noop", {})
print(counts.get("queued", 0) + counts.get("running", 0))'
}
wait_for_drain() {
    for _ in $(seq 1 3600); do
        [[ "$(noop_busy)" == 0 ]] && return 0
        sleep 0.05
    done
    fail "noop tasks were still queued or running 180 s after a step"
}

export DMS_TOKEN="$token" DMS_WRK_DIR="$root/bench/wrk"
results="$work/results"
step() {  # name, connections, script, url
    local line
    line=$(wrk -t"$threads" -c"$2" -d"${seconds}s" -s "$root/bench/wrk/$3" "$4" | grep '^{')
    [[ -n "$line" ]] || fail "wrk printed no result for $1 c=$2"
    echo "$1 $2 $line" >>"$results"
    python3 -c 'import json, sys; r = json.loads(sys.argv[1]); sys.exit(r["non_2xx"] + r["socket_errors"] > 0)' \
        "$line" || fail "$1 c=$2 had failed requests: $line"
}

IFS=, read -ra connection_counts <<<"$connections"
IFS=, read -ra scenario_names <<<"$scenarios"
for scenario in "${scenario_names[@]}"; do
    case "$scenario" in
        submit)
            for c in "${connection_counts[@]}"; do
                operator -X POST -o /dev/null "$api/admin/services/noop/pause"
                step submit "$c" submit.lua "$api/services/noop/users/wrk/tasks"
                operator -X POST -o /dev/null "$api/admin/services/noop/resume"
                wait_for_drain
            done
            ;;
        get)
            # Finished noop tasks to read: those of the submit steps, or a short unmeasured run of submissions.
            operator "$api/admin/tasks?service=noop&limit=1000" |
                python3 -c 'import json, sys; [print(t["task_id"]) for t in json.load(sys.stdin)["tasks"]]' \
                    >"$work/ids"
            if [[ ! -s "$work/ids" ]]; then
                wrk -t1 -c16 -d2s -s "$root/bench/wrk/submit.lua" "$api/services/noop/users/wrk/tasks" >/dev/null
                wait_for_drain
                operator "$api/admin/tasks?service=noop&limit=1000" |
                    python3 -c 'import json, sys; [print(t["task_id"]) for t in json.load(sys.stdin)["tasks"]]' \
                        >"$work/ids"
            fi
            wait_for_drain
            export DMS_IDS="$work/ids" DMS_TASK_PATH="/api/v1/services/noop/tasks/%s?user_id=wrk"
            for c in "${connection_counts[@]}"; do step get "$c" get.lua "$base"; done
            ;;
        health)
            # The cheapest answer the host gives: what its HTTP stack and wrk reach together, the ceiling for get.
            for c in "${connection_counts[@]}"; do step health "$c" health.lua "$base/healthz"; done
            ;;
        *) fail "unknown scenario $scenario (submit, get, health)" ;;
    esac
done

python3 - "$results" "$json" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    name, connections, result = line.split(" ", 2)
    row = json.loads(result)
    row["step"], row["connections"] = name, int(connections)
    rows.append(row)
if sys.argv[2] == "1":
    for row in rows:
        print(json.dumps(row))
else:
    print(f"{'step':<8} {'conns':>5} {'per second':>12} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} {'max ms':>8}")
    for r in rows:
        print(f"{r['step']:<8} {r['connections']:>5} {r['per_second']:>12,.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['p999_ms']:>9.2f} {r['max_ms']:>8.2f}")
PY
