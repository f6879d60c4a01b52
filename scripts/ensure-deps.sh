#!/usr/bin/env bash
# Runs install-deps.sh as root, through sudo when this shell is not root: the first step of every script
# that builds.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
    ./scripts/install-deps.sh "$@"
else
    sudo ./scripts/install-deps.sh "$@"
fi
