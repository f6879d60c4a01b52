#!/usr/bin/env bash
# Installs every Debian package DMS needs to build, run and test. Idempotent; run as root.
# Usage: install-deps.sh [--build-only]
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git curl ca-certificates tzdata
    libboost1.81-dev libboost-url1.81-dev libboost-filesystem1.81-dev
    nlohmann-json3-dev libspdlog-dev libcli11-dev libhowardhinnant-date-dev
    libsqlite3-dev libhiredis-dev redis-server libssl-dev libxxhash-dev libjemalloc-dev
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    rsync rclone wrk
    libjson-validator-perl
    prometheus-cpp-dev
)

# Only for tests: the dashboard's browser test (chromium; node and npm for playwright-core, unless a node
# is already installed) and the checks of deploy/ (a YAML parser, systemd-analyze). `--build-only`, as
# deploy/Dockerfile runs it, leaves them out. `prometheus` is there for promtool, which checks a /metrics scrape
# (where systemd runs, installing it also enables a Prometheus server unit). clang and its runtime libraries
# build the libFuzzer targets (scripts/run-fuzzers.sh).
test_packages=(chromium python3-yaml systemd prometheus clang libclang-rt-dev)
command -v npm >/dev/null || test_packages+=(nodejs npm)
if [ "${1:-}" != "--build-only" ]; then
    packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
