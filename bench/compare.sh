#!/usr/bin/env bash
# One command for DMS and BullMQ side by side: dms-load (submit at 1 and 64 connections, drain) and
# bench/bullmq (add at 1 and 64 at once, Worker drain) in the same shapes, repeated, medians and ratios.
# Every run holds /tmp/dms-build.lock, so no build on this machine overlaps a measurement.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: bench/compare.sh [-n COUNT] [-r REPEAT] [--redis-fsync none|everysec|always] [--dms-store sqlite|redis]
                        [--build DIR] [-- dms-load flags]
  -n COUNT        tasks per step on both sides (default 20000)
  -r REPEAT       runs of each side; the table shows medians (default 1)
  --redis-fsync   Redis persistence for BullMQ (and DMS on Redis): none (default; appendonly no, save ""),
                  everysec, always
  --dms-store     DMS's store: sqlite (default, durable) or redis (a redis-server of its own, started by this
                  script with the same persistence as BullMQ's, emptied before each run)
  --build DIR     the CMake build tree holding bench/load/dms-load (default ./build)
  --keep DIR      keep every run's JSON in DIR
Needs: dms-load built (ninja dms-load dms-host), node >= 20, redis-server. Installs bench/bullmq's
node_modules when missing (`npm install`, which keeps to the versions in package-lock.json).
USAGE
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
count=20000 repeat=1 fsync=none store=sqlite build="$root/build" keep="" extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) count=$2; shift 2 ;;
        -r) repeat=$2; shift 2 ;;
        --redis-fsync) fsync=$2; shift 2 ;;
        --dms-store) store=$2; shift 2 ;;
        --build) build=$(cd "$2" && pwd); shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        *) usage >&2; exit 2 ;;
    esac
done

lock=/tmp/dms-build.lock
load="$build/bench/load/dms-load"
if [[ ! -x "$load" ]]; then
    echo "compare: building dms-load and dms-host in $build" >&2
    (cd "$build" && flock "$lock" ninja -j2 dms-load dms-host)
fi
if [[ ! -d "$root/bench/bullmq/node_modules" ]]; then
    # Not `npm ci`: it refuses a lock file lacking the other platforms' optional msgpackr-extract builds,
    # which the registry reachable here does not serve; `npm install` still installs the locked versions.
    (cd "$root/bench/bullmq" && npm install --no-audit --no-fund >&2)
fi

out=${keep:-$(mktemp -d)}
mkdir -p "$out"
[[ -n "$keep" ]] || trap 'rm -rf "$out"' EXIT
store_flags=()
if [[ "$store" == redis ]]; then
    # DMS's own redis-server, persisting as BullMQ's does; it starts empty and is emptied before each run.
    redis_dir=$(mktemp -d)
    redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    case "$fsync" in
        none) persistence=(--appendonly no) ;;
        *) persistence=(--appendonly yes --appendfsync "$fsync") ;;
    esac
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" --save "" "${persistence[@]}" \
        --daemonize no >"$redis_dir/redis.log" 2>&1 &
    redis_pid=$!
    trap 'kill $redis_pid 2>/dev/null; wait $redis_pid 2>/dev/null; rm -rf "$redis_dir"; [[ -n "$keep" ]] || rm -rf "$out"' EXIT
    until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
    store_flags=(--host-env DMS_STORE=redis --host-env "DMS_REDIS_WRITE_URL=redis://127.0.0.1:$redis_port/0")
elif [[ "$store" != sqlite ]]; then
    usage >&2; exit 2
fi
status=0
for ((i = 1; i <= repeat; i++)); do
    echo "compare: run $i of $repeat: DMS ($store)" >&2
    [[ "$store" != redis ]] || redis-cli -p "$redis_port" flushall >/dev/null
    flock "$lock" "$load" --scenario submit,drain -c 1,64 -n "$count" --json "${store_flags[@]}" "${extra[@]}" \
        >"$out/dms-$i.json" || status=1
    echo "compare: run $i of $repeat: BullMQ" >&2
    flock "$lock" node "$root/bench/bullmq/bench.mjs" --count "$count" --drain-count "$count" \
        --redis-fsync "$fsync" >"$out/bullmq-$i.json" || status=1
done
node "$root/bench/bullmq/side_by_side.mjs" --dms "$out"/dms-*.json --bullmq "$out"/bullmq-*.json || status=1
exit $status
