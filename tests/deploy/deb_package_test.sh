#!/usr/bin/env bash
# The `dms` .deb: cpack builds it from the build tree; its control fields name the package and its runtime
# libraries; it holds the host, dmsctl, the plugins, the dashboard and the unit; unpacked into a scratch
# root (dpkg -x, no root needed), its dms-host runs (--version) and finds the dashboard beside itself.
# When DMS_BUILD_LOCK names a lock file, cpack runs under it (shared build machines).
# usage: deb_package_test.sh BUILD_DIR VERSION INSTALL_PREFIX
set -euo pipefail

build=$1
version=$2
prefix=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack_command=(cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out")
if [ -n "${DMS_BUILD_LOCK:-}" ]; then cpack_command=(flock "$DMS_BUILD_LOCK" "${cpack_command[@]}"); fi
if ! "${cpack_command[@]}" > "$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack"
    exit 1
fi
deb=$(find "$work/out" -maxdepth 1 -name 'dms_*.deb' | head -n1)
[ -n "$deb" ] || { cat "$work/cpack.log"; echo "FAIL: cpack made no dms_*.deb"; exit 1; }
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = dms ] || fail "Package is '$(field Package)', not dms"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
depends=$(field Depends)
echo "Depends: $depends"
for library in libc6 libstdc++6 libsqlite3 libspdlog libboost-url libhiredis libssl tzdata; do
    grep -q "$library" <<<"$depends" || fail "Depends lacks $library"
done
# Listed to a file first: `grep -q` stops reading early, and tar's SIGPIPE would fail the pipeline (pipefail).
dpkg-deb --ctrl-tarfile "$deb" | tar -t >"$work/control.list"
grep -q 'postinst' "$work/control.list" || fail "no postinst (the dms user)"
dpkg-deb -e "$deb" "$work/control"
for script in postinst prerm postrm; do sh -n "$work/control/$script" || fail "$script is not valid sh"; done
grep -q '/dms/dms-host.env$' <<<"$(dpkg-deb -I "$deb" conffiles 2>/dev/null)" || fail "dms-host.env is not a conffile"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in "bin/dms-host" "bin/dms-runner" "bin/dmsctl" "dms/plugins/libdms_copy.so" "dms/plugins/libdms_sleep.so" \
            "share/dms/ui/index.html" "share/dms/ui/app.js" "lib/systemd/system/dms-host.service" \
            "dms/dms-host.env" "share/doc/dms/README.md"; do
    grep -q "$path\$" <<<"$contents" || fail "the package lacks */$path"
done
grep -q 'include/dms/plugin_abi.h' <<<"$contents" && fail "the SDK headers belong to --component sdk, not this package"

root="$work/root"
dpkg -x "$deb" "$root"
host="$root$prefix/bin/dms-host"
[ -x "$host" ] || { fail "no executable $host"; exit "$failures"; }
output=$("$host" --version) || fail "dms-host --version failed"
[ "$output" = "dms-host $version" ] || fail "--version said '$output'"
echo "unpacked: $output"
grep -q 'not stripped' <<<"$(file "$host")" && fail "dms-host is not stripped"

# The dashboard is found beside the unpacked binary, wherever the package is unpacked.
ui_dir=$(env -i DMS_OPERATOR_TOKEN=x "$host" --show-config | sed -n 's/.*"DMS_UI_DIR": "\(.*\)".*/\1/p')
[ "$(realpath "$ui_dir")" = "$(realpath "$root$prefix/share/dms/ui")" ] || fail "DMS_UI_DIR is '$ui_dir', not the unpacked share/dms/ui"

unit="$root$prefix/lib/systemd/system/dms-host.service"
grep -qx "ExecStart=$prefix/bin/dms-host" "$unit" || fail "the packaged unit does not run $prefix/bin/dms-host"

[ "$failures" -eq 0 ] && echo "deb package: ok"
exit "$failures"
