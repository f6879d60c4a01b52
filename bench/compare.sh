#!/usr/bin/env bash
# One command for DMS and BullMQ side by side: dms-load (submit at 1 and 64 connections, drain) and
# bench/bullmq (add at 1 and 64 at once, Worker drain) in the same shapes, repeated, medians and ratios.
# Every run holds /tmp/dms-build.lock, so no build on this machine overlaps a measurement.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: bench/compare.sh [-n COUNT] [-r REPEAT] [--redis-fsync none|everysec|always] [--build DIR] [-- dms-load flags]
  -n COUNT        tasks per step on both sides (default 20000)
  -r REPEAT       runs of each side; the table shows medians (default 1)
  --redis-fsync   Redis persistence for BullMQ: none (default; appendonly no, save ""), everysec, always
  --build DIR     the CMake build tree holding bench/load/dms-load (default ./build)
  --keep DIR      keep every run's JSON in DIR
Needs: dms-load built (ninja dms-load dms-host), node >= 20, redis-server. Installs bench/bullmq's
node_modules when missing (`npm install`, which keeps to the versions in package-lock.json).
USAGE
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
count=20000 repeat=1 fsync=none build="$root/build" keep="" extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) count=$2; shift 2 ;;
        -r) repeat=$2; shift 2 ;;
        --redis-fsync) fsync=$2; shift 2 ;;
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
status=0
for ((i = 1; i <= repeat; i++)); do
    echo "compare: run $i of $repeat: DMS" >&2
    flock "$lock" "$load" --scenario submit,drain -c 1,64 -n "$count" --json "${extra[@]}" >"$out/dms-$i.json" || status=1
    echo "compare: run $i of $repeat: BullMQ" >&2
    flock "$lock" node "$root/bench/bullmq/bench.mjs" --count "$count" --drain-count "$count" \
        --redis-fsync "$fsync" >"$out/bullmq-$i.json" || status=1
done
node "$root/bench/bullmq/side_by_side.mjs" --dms "$out"/dms-*.json --bullmq "$out"/bullmq-*.json || status=1
exit $status
