#!/usr/bin/env bash
# The sanitizer half of CI (issue 5): the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (preset asan, ./build-asan), the concurrency tests under ThreadSanitizer (preset tsan, ./build-tsan), and each
# libFuzzer target for a bounded time (scripts/run-fuzzers.sh, ./build-fuzz). ccache keeps the three builds cheap
# after the first run.
# Usage: run-sanitizers.sh [asan|tsan|fuzz ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
jobs=${DMS_BUILD_JOBS:-$(nproc)}
parts=("$@")
[ "${#parts[@]}" -gt 0 ] || parts=(asan tsan fuzz)

run_asan() {
    cmake --preset asan >/dev/null
    cmake --build --preset asan --parallel "$jobs"
    ctest --preset asan --parallel "${DMS_TEST_JOBS:-$(nproc)}"
}

# The binaries run directly: the preset builds only these four, so CTest's list of the rest would fail as missing.
run_tsan() {
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan --parallel "$jobs"
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/sanitizers/tsan.supp"
    local failed=0
    for test in store/store_test store/redis_store_test dispatch/dispatch_test api/api_test; do
        echo "run-sanitizers: tsan $test"
        (cd build-tsan && DMS_TEST_BINARY_DIR=$PWD DMS_TEST_SOURCE_DIR=$PWD/.. \
            "tests/host/$test" --gtest_brief=1 ${DMS_TSAN_FILTER:+--gtest_filter="$DMS_TSAN_FILTER"}) || failed=1
    done
    return "$failed"
}

for part in "${parts[@]}"; do
    case "$part" in
        asan) run_asan ;;
        tsan) run_tsan ;;
        fuzz) ./scripts/run-fuzzers.sh "${DMS_FUZZ_SECONDS:-30}" ;;
        *) echo "run-sanitizers: unknown part '$part' (asan, tsan or fuzz)" >&2; exit 2 ;;
    esac
done
