#!/usr/bin/env bash
# Builds DMS and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir "${DMS_BUILD_DIR:-build}" --output-on-failure --parallel "${DMS_TEST_JOBS:-$(nproc)}" \
    --timeout 300 "$@"
