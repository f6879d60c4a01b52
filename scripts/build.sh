#!/usr/bin/env bash
# Installs what is missing, then configures and builds DMS into ./build (ccache keeps rebuilds quick).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-deps.sh

build_dir=${DMS_BUILD_DIR:-build}
if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${DMS_BUILD_TYPE:-RelWithDebInfo}"
fi
cmake --build "$build_dir" --parallel "${DMS_BUILD_JOBS:-$(nproc)}"
