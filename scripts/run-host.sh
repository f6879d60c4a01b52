#!/usr/bin/env bash
# Builds DMS and starts dms-host on 127.0.0.1:8000 with the embedded store in ./data and the bundled
# plugins. Any DMS_* variable or dms-host flag still applies: ./scripts/run-host.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
export DMS_DATA_DIR=${DMS_DATA_DIR:-$PWD/data}
export DMS_LOG_JSON=${DMS_LOG_JSON:-false}
exec "${DMS_BUILD_DIR:-build}/host/dms-host" "$@"
