# The dms-host under test and a tiny HTTP/1.1 client in bash (/dev/tcp, keep-alive), so polling a task
# every 5 ms forks nothing: a curl start costs ~30 ms of CPU here, which would load the measured host.
# Sourced by compare.sh; uses $work, $build, $data_root.

host_pid="" api_port="" http_status="" http_body="" elapsed_us=0 task_summary=""

# A descriptor that never becomes readable: `read -t` on it sleeps without a fork.
exec {nap_fd}<> <(:)
nap() { read -r -t "$1" -u "$nap_fd" _ || true; }

start_host() {
    local dir="$work/host"
    mkdir -p "$dir"
    DMS_HOST=127.0.0.1 DMS_PORT=0 DMS_PORT_FILE="$dir/port" DMS_DATA_DIR="$dir/data" \
        DMS_PLUGIN_DIR="$build/plugins" DMS_OPERATOR_TOKEN="bench-$RANDOM$RANDOM" \
        DMS_COPY_ALLOWED_ROOTS="$data_root" DMS_SYNC_ALLOWED_ROOTS="$data_root" \
        DMS_LOG_LEVEL=warning DMS_LOG_JSON=false \
        setsid nohup "$build/host/dms-host" >"$dir/host.log" 2>&1 &
    host_pid=$!
    local tries
    for ((tries = 0; tries < 1000; tries++)); do
        [[ -s "$dir/port" ]] && break
        kill -0 "$host_pid" 2>/dev/null || fail "dms-host exited: $(tail -5 "$dir/host.log")"
        nap 0.01
    done
    api_port=$(<"$dir/port")
    [[ -n "$api_port" ]] || fail "dms-host did not write its port"
    log "dms-host pid $host_pid on port $api_port"
}

stop_host() {
    [[ -n "$host_pid" ]] || return 0
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
    host_pid=""
}

http_connect() {
    exec {http_fd}<>"/dev/tcp/127.0.0.1/$api_port"
}

# One request on the open connection; sets http_status and http_body (Content-Length framing).
http() {
    local method=$1 target=$2 body=${3:-} request line length=0
    # One write: a request split in two meets Nagle and delayed ACK (40 ms per request).
    printf -v request '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
        "$method" "$target" "${#body}" "$body"
    printf '%s' "$request" >&"$http_fd"
    read -r -u "$http_fd" line || fail "dms-host closed the connection"
    http_status=${line#* } http_status=${http_status%% *}
    while read -r -u "$http_fd" line; do
        line=${line%$'\r'}
        [[ -z "$line" ]] && break
        [[ "${line,,}" == content-length:* ]] && length=${line#*: }
    done
    http_body=""
    if ((length > 0)); then read -r -N "$length" -u "$http_fd" http_body; fi
}

# Submits a task and polls it every 5 ms until it ends; elapsed_us is from just before the submit to the
# answer that showed it completed. Fails unless it completed.
run_task() {
    local service=$1 parameters=$2 start id target
    http_connect
    start=${EPOCHREALTIME/./}
    http POST "/api/v1/services/$service/users/bench/tasks" "{\"parameters\": $parameters}"
    [[ "$http_status" == 202 ]] || fail "submit answered $http_status: $http_body"
    [[ "$http_body" =~ \"task_id\":\"([^\"]+)\" ]] || fail "no task id in: $http_body"
    id=${BASH_REMATCH[1]}
    target="/api/v1/services/$service/tasks/$id?user_id=bench"
    while :; do
        http GET "$target"
        [[ "$http_body" =~ \"status\":\"(completed|failed|cancelled)\" ]] && break
        nap 0.005
    done
    elapsed_us=$((${EPOCHREALTIME/./} - start))
    exec {http_fd}>&-
    [[ "${BASH_REMATCH[1]}" == completed ]] || fail "task $id ended ${BASH_REMATCH[1]}: $http_body"
    task_summary=$(summary_of "$http_body")
}

# "copied 20000 files, 0 unchanged" from a finished task's JSON.
summary_of() {
    local copied=? unchanged=?
    [[ "$1" =~ \"copied\":\{\"bytes\":[0-9]+,\"files\":([0-9]+)\} ]] && copied=${BASH_REMATCH[1]}
    [[ "$1" =~ \"skipped\":\{\"bytes\":[0-9]+,\"files\":([0-9]+)\} ]] && unchanged=${BASH_REMATCH[1]}
    echo "copied $copied files, $unchanged unchanged"
}
