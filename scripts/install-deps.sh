#!/usr/bin/env bash
# Installs every Debian package DMS needs to build, run and test. Idempotent; run as root.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git curl ca-certificates tzdata
    libboost1.81-dev libboost-url1.81-dev libboost-filesystem1.81-dev
    nlohmann-json3-dev libspdlog-dev libcli11-dev libhowardhinnant-date-dev
    libsqlite3-dev libhiredis-dev redis-server libssl-dev libxxhash-dev
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    rsync rclone
    libjson-validator-perl
)

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
