#!/usr/bin/env bash
# What the Redis store costs redis-server per task with nothing else on the machine's cores: one dms-load drain on
# DMS's Redis store is captured with MONITOR, then the calls the host made are replayed into an idle redis-server,
# the queueing and the drain apart, and measured by redis-server's own CPU time (/proc) and INFO commandstats. The
# host and the driver no longer share the cores with Redis, so a script change shows in a few replays. With --bullmq,
# a run of bench/bullmq is captured and replayed the same way, taking turns: the two queues' work on Redis side by side.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: bench/redis-scripts/run.sh [-n COUNT] [-r REPEAT] [--build DIR] [--against DIR] [--bullmq]
  -n COUNT      tasks queued and drained in each captured run (default 20000)
  -r REPEAT     replays of each capture, taking turns (default 5); each prints one line
  --build DIR   the CMake build tree whose dms-host and dms-load run (default ./build)
  --against DIR another build tree: its scripts are captured too and replayed with the first capture's calls
  --bullmq      also capture bench/bullmq/bench.mjs (200 adds, addBulk of COUNT jobs, a Worker drain) and replay it
Needs: dms-load and dms-host built, redis-server and redis-cli, python3; node and bench/bullmq's node_modules for
--bullmq.
USAGE
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
count=20000 repeat=5 build="$root/build" against="" bullmq=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) count=$2; shift 2 ;;
        -r) repeat=$2; shift 2 ;;
        --build) build=$(cd "$2" && pwd); shift 2 ;;
        --against) against=$(cd "$2" && pwd); shift 2 ;;
        --bullmq) bullmq=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

lock=/tmp/dms-build.lock
tool="$root/bench/redis-scripts/monitor_to_resp.py"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_redis() {  # start_redis NAME: an empty redis-server without persistence; its port in redis_port, pid in redis_pid
    local dir="$work/$1"
    redis_port=$(free_port)
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --save "" --appendonly no --daemonize no \
        >"$dir/redis.log" 2>&1 &
    redis_pid=$!
    pids+=("$redis_pid")
    until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
}

start_redis capture
capture_port=$redis_port
start_redis replay
replay_port=$redis_port replay_pid=$redis_pid

capture() {  # capture MODE OUT COMMAND...: COMMAND's calls to the capture server, as replayable RESP in OUT
    local mode=$1 out=$2
    shift 2
    redis-cli -p "$capture_port" flushall >/dev/null
    redis-cli -p "$capture_port" script flush >/dev/null
    redis-cli -p "$capture_port" monitor >"$work/monitor.txt" &
    local monitor=$!
    pids+=("$monitor")
    until [[ -s "$work/monitor.txt" ]]; do redis-cli -p "$capture_port" ping >/dev/null; sleep 0.05; done
    flock "$lock" "$@" >"$work/capture.out"
    # MONITOR's stream may lag the commands: stop it once a marker sent after them has come through.
    redis-cli -p "$capture_port" echo dms-capture-end >/dev/null
    until grep -q '"dms-capture-end"' "$work/monitor.txt"; do sleep 0.05; done
    kill "$monitor"
    wait "$monitor" 2>/dev/null || true
    python3 "$tool" "$mode" "$work/monitor.txt" "$out" >&2
}
capture_dms() {  # capture_dms BUILD OUT
    capture capture "$2" "$1/bench/load/dms-load" --scenario drain -n "$count" --host-binary "$1/host/dms-host" \
        --plugin-dir "$1/plugins" --host-env DMS_STORE=redis --host-env "DMS_REDIS_WRITE_URL=redis://127.0.0.1:$capture_port/0"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$replay_pid/stat"; }
usec() { redis-cli -p "$replay_port" info commandstats | sed -n "s/^cmdstat_$1:.*,usec=\([0-9]*\),.*/\1/p"; }
per_task() { awk -v v="${1:-0}" -v n="$count" -v scale="$2" 'BEGIN { printf "%.1f", v * scale / n }'; }

replay() {  # replay NAME DIR COMPLETED_KEY: one replay of DIR's calls on the idle server, one line of figures
    local r="redis-cli -p $replay_port" ticks_hz
    ticks_hz=$(getconf CLK_TCK)
    $r flushall >/dev/null
    $r script flush >/dev/null
    local before queued drained
    before=$(cpu_ticks)
    # The first EVALSHA of each script misses (NOSCRIPT) and the client loaded it then: errors here are expected.
    $r --pipe <"$2/submit.resp" >/dev/null 2>&1 || true
    queued=$(cpu_ticks)
    $r config resetstat >/dev/null
    $r --pipe <"$2/drain.resp" >"$work/pipe.out" 2>&1 || true
    drained=$(cpu_ticks)
    if grep -qv -e '^NOSCRIPT' -e '^All data transferred' -e '^Last reply received' -e '^errors: ' "$work/pipe.out"; then
        echo "replay: errors in the drain:" >&2
        cat "$work/pipe.out" >&2
        exit 1
    fi
    local completed
    completed=$($r zcard "$3")
    [[ "$completed" == "$count" ]] || { echo "replay: $1: $completed of $count completed" >&2; exit 1; }
    printf '%-8s redis-server CPU µs/task: queueing %6s  drain %6s' "$1" \
        "$(per_task $((queued - before)) "$((1000000 / ticks_hz))")" \
        "$(per_task $((drained - queued)) "$((1000000 / ticks_hz))")"
    if [[ "$3" == dms:* ]]; then
        printf '   (drain: scripts %5s, HGETALL %4s)' "$(per_task "$(usec evalsha)" 1)" "$(per_task "$(usec hgetall)" 1)"
    fi
    printf '\n'
}

capture_dms "$build" "$work/build"
if [[ -n "$against" ]]; then
    capture_dms "$against" "$work/against.own"
    python3 "$tool" swap "$work/build" "$work/against.own" "$work/against" >&2
fi
if [[ -n "$bullmq" ]]; then
    [[ -d "$root/bench/bullmq/node_modules" ]] || (cd "$root/bench/bullmq" && npm install --no-audit --no-fund >&2)
    capture capture-bullmq "$work/bullmq" node "$root/bench/bullmq/bench.mjs" --count 100 --drain-count "$count" \
        --redis-port "$capture_port"
fi
# The replays hold the build lock, so no build or other measurement shares the cores with them.
(
    flock 9
    for ((i = 0; i < repeat; i++)); do
        replay build "$work/build" dms:index:status:completed
        [[ -z "$against" ]] || replay against "$work/against" dms:index:status:completed
        [[ -z "$bullmq" ]] || replay bullmq "$work/bullmq" bull:bench-drain:completed
    done
) 9>"$lock"
