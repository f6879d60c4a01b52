#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (the `fuzz` preset, into ./build-fuzz) and runs each for a bounded
# time from its seed corpus and dictionary. Fails when any fuzzer finds a crash, a leak, a timeout or a broken
# invariant; the input that did it is kept in build-fuzz/artifacts/ (replay: build-fuzz/fuzz/<name>_fuzzer FILE).
# Usage: run-fuzzers.sh [seconds per fuzzer, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
fuzzers=(http_request json transfer_paths)

# libFuzzer comes with clang's runtime libraries (Debian: clang, libclang-rt-dev); install-deps.sh installs them.
./scripts/ensure-deps.sh

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "${DMS_BUILD_JOBS:-$(nproc)}"

artifacts=$PWD/build-fuzz/artifacts
logs=$PWD/build-fuzz/logs
mkdir -p "$artifacts" "$logs"
# New inputs a run finds go to a scratch folder: the committed seeds stay small and reviewed.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

passed=0
failed=0
for name in "${fuzzers[@]}"; do
    mkdir -p "$scratch/$name"
    log=$logs/$name.log
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix="$artifacts/$name-")
    [ -f "fuzz/$name.dict" ] && args+=(-dict="fuzz/$name.dict")
    if build-fuzz/fuzz/"${name}_fuzzer" "${args[@]}" "$scratch/$name" "fuzz/corpus/$name" >"$log" 2>&1; then
        passed=$((passed + 1))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "run-fuzzers: $name: no finding in ${seconds}s (${runs:-?} inputs)"
    else
        failed=$((failed + 1))
        echo "run-fuzzers: $name FAILED; the end of $log:"
        tail -n 60 "$log"
    fi
done
echo "fuzzers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
