#!/usr/bin/env bash
# The systemd unit, as in the tree and as `cmake --install` writes it: `systemd-analyze verify` accepts it
# (with ExecStart pointed at the built dms-host, since it checks the binary), `systemd-analyze security`
# rates its exposure at most 2.5 ("OK"), and the sandboxing the deployment promises is there.
# usage: systemd_unit_test.sh UNIT INSTALLED_UNIT DMS_HOST_BINARY
set -euo pipefail

unit=$1
installed_unit=$2
binary=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

command -v systemd-analyze >/dev/null || { echo "FAIL: systemd-analyze not found (apt-get install systemd)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for source in "$unit" "$installed_unit"; do
    [ -f "$source" ] || { fail "no unit at $source"; continue; }
    mkdir -p "$work/check"
    sed -E "s#^ExecStart=[^ ]+#ExecStart=$binary#" "$source" > "$work/check/dms-host.service"
    if ! output=$(systemd-analyze verify --man=no "$work/check/dms-host.service" 2>&1) || [ -n "$output" ]; then
        fail "systemd-analyze verify $source: $output"
    fi
    if ! systemd-analyze security --offline=yes --threshold=25 --no-pager "$work/check/dms-host.service" \
            > "$work/security.txt" 2>&1; then
        fail "systemd-analyze security $source: exposure above 2.5"
        tail -3 "$work/security.txt"
    fi
    grep -h "Overall exposure" "$work/security.txt" || true

    for directive in ProtectSystem=strict NoNewPrivileges=yes User=dms Group=dms StateDirectory=dms \
                     ReadWritePaths=/var/lib/dms Environment=DMS_DATA_DIR=/var/lib/dms PrivateTmp=yes \
                     ProtectHome=yes CapabilityBoundingSet= KillSignal=SIGTERM; do
        grep -qx "$directive" "$source" || fail "$source lacks $directive"
    done
    grep -q '^DynamicUser=yes' "$source" && fail "$source: the user is the dedicated, static dms user"
    grep -q '^ExecStart=/' "$source" || fail "$source: ExecStart must be an absolute path"
    # dms-host's own grace (DMS_SHUTDOWN_GRACE_SECONDS, 25 s by default) must fit in TimeoutStopSec.
    stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$source")
    [ -n "$stop" ] && [ "$stop" -gt 25 ] || fail "$source: TimeoutStopSec must exceed the 25 s shutdown grace"
done

installed_exec=$(sed -n 's/^ExecStart=//p' "$installed_unit")
case "$installed_exec" in
    */bin/dms-host) ;;
    *) fail "installed unit runs '$installed_exec', not <prefix>/bin/dms-host" ;;
esac

[ "$failures" -eq 0 ] && echo "systemd unit: ok"
exit "$failures"
