#!/usr/bin/env bash
# DMS's copy and sync plugins side by side with cp, rsync and rclone on the same generated data: each
# shape run -r times, medians and the ratio DMS / tool, plain (DMS fsync=false) and durable (DMS's
# default fsync=true against `<tool> && sync -f <destination>`). DMS's time is submit to completed through
# the real dms-host's REST API, polled every 5 ms.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: bench/transfer/compare.sh [-r REPEAT] [-s SHAPES] [-w DIR] [-l LOCK] [--small] [--keep]
  -r REPEAT   runs of every tool in every shape; the table shows medians (default 3)
  -s SHAPES   comma-separated, from big,tree,sync,changed (default all four)
  -w DIR      where the temporary folder goes (default /tmp); every tool reads and writes there
  -l LOCK     hold this lock file (flock) only while a shape is measured, not while data is generated;
              do not combine with an outer `flock` on the same file
  --small     tiny data sets (64 MiB, 2,000 and 5,000 files): checks the script, not a benchmark
  --keep      keep the data sets and the host's log
Needs: build/host/dms-host and build/plugins (ninja dms-host copy sync), rsync, rclone.
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${DMS_BUILD_DIR:-$root/build}
repeats=3 shapes=big,tree,sync,changed base=/tmp lock="" keep=0
big_mib=2048 tree_dirs=200 small_dirs=1000
while [[ $# -gt 0 ]]; do
    case "$1" in
        -r) repeats=$2; shift 2 ;;
        -s) shapes=$2; shift 2 ;;
        -w) base=$2; shift 2 ;;
        -l) lock=$2; shift 2 ;;
        --small) big_mib=64 tree_dirs=20 small_dirs=50; shift ;;
        --keep) keep=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
export LC_ALL=C  # byte-exact `read -N` of HTTP bodies

log() { echo "transfer-bench: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

for tool in rsync rclone cp; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
[[ -x "$build/host/dms-host" ]] || fail "no $build/host/dms-host: build it (ninja dms-host copy sync)"
work=$(mktemp -d "$base/dms-transfer-bench.XXXXXX")
data_root="$work/data"
mkdir -p "$data_root"

source "$here/lib/dms_api.sh"
source "$here/lib/datasets.sh"
source "$here/lib/shapes.sh"

cleanup() {
    stop_host
    if ((keep)); then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

declare -A samples=()
run_number=0

# Flushes what the resets and the generators left dirty, so it is not written during the next run.
settle() { sync -f "$data_root"; }

durably() {
    "$@"
    sync -f "$out_dir"
}

# Runs one variant of a shape once: `dms` or a tool, plain (0) or durable (1).
measure() {
    local shape=$1 tool=$2 durable=$3 variant start
    ((++run_number))
    "reset_$shape"
    settle
    if [[ "$tool" == dms ]]; then
        local fsync=false
        ((durable)) && fsync=true
        "dms_$shape" "$fsync"
        run_task "${dms_task[@]}"
        variant=dms
    else
        out_dir=out_$shape out_dir=${!out_dir}
        start=${EPOCHREALTIME/./}
        if ((durable)); then durably "tool_${shape}_$tool"; else "tool_${shape}_$tool"; fi >/dev/null
        elapsed_us=$((${EPOCHREALTIME/./} - start))
        task_summary=""
        variant=$tool
    fi
    ((durable)) && variant+="+sync"
    "check_$shape"
    samples[$shape/$variant]+=" $elapsed_us"
    log "$shape $variant: $(seconds "$elapsed_us") s $task_summary"
}

run_shape() {
    local shape=$1 rep tool i lock_fd variants=()
    log "preparing '$shape': ${shape_title[$shape]}"
    "prepare_$shape"
    if [[ -n "$lock" ]]; then
        exec {lock_fd}>"$lock"
        flock "$lock_fd"
    fi
    for tool in dms ${shape_tools[$shape]}; do variants+=("$tool 0" "$tool 1"); done
    for ((rep = 0; rep < repeats; rep++)); do
        # Each repetition starts one variant later: no tool always runs first after the data is made.
        for ((i = 0; i < ${#variants[@]}; i++)); do
            # shellcheck disable=SC2086  # "tool durable"
            measure "$shape" ${variants[(i + rep) % ${#variants[@]}]}
        done
    done
    if [[ -n "$lock" ]]; then exec {lock_fd}>&-; fi
}

source "$here/lib/report.sh"

log "data in $work"
start_host
IFS=, read -r -a shape_list <<<"$shapes"
for shape in "${shape_list[@]}"; do
    [[ -n "${shape_title[$shape]:-}" ]] || fail "unknown shape '$shape'"
    run_shape "$shape"
done
print_report "${shape_list[@]}"
