#!/usr/bin/env bash
# Serve the dashboard from several app processes behind one port, with nginx in front
# (deploy/nginx-danvan.conf: websocket upgrade, sticky routing by cookie). See docs/trien-khai.md.
#
#   bash scripts/serve_many.sh [K]            K app processes (default 2) on FIRST_PORT, FIRST_PORT+1, …
#                                             (default 8511…), nginx on PORT (default 8501), in the
#                                             foreground; Ctrl-C stops them all.
#   bash scripts/serve_many.sh --write-nginx DIR LISTEN PORT...
#                                             only write DIR/nginx.conf (a whole nginx configuration
#                                             around the site file) for app processes on PORT...,
#                                             nginx listening on LISTEN (port or address:port).
#
# Needs nginx (Debian: apt-get install nginx-light). DATABASE_URL and the other settings come from
# the environment, as for scripts/run.sh. For a permanent service use systemd and the system nginx
# (docs/deployment.md, part 2) with the same site file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$ROOT/deploy/nginx-danvan.conf"

write_nginx() {  # DIR LISTEN PORT...
    local dir="$1" listen="$2"; shift 2
    [[ $# -ge 1 ]] || { echo "serve_many.sh: no app port given" >&2; return 2; }
    mkdir -p "$dir"/tmp
    chmod 1777 "$dir"/tmp                        # nginx workers (user nobody when started as root)
    local lines="" port
    for port in "$@"; do
        [[ "$port" =~ ^[0-9]+$ ]] || { echo "serve_many.sh: not a port: $port" >&2; return 2; }
        lines+="    server 127.0.0.1:$port;"$'\n'
    done
    # the site file with its upstream lines and listen line replaced
    awk -v lines="$lines" -v listen="$listen" '
        /# app processes \(begin\)/ { print; printf "%s", lines; skip = 1; next }
        /# app processes \(end\)/   { skip = 0 }
        skip { next }
        /^    listen [^;]*;/ { sub(/listen [^;]*;/, "listen " listen ";") }
        { print }' "$TEMPLATE" >"$dir/danvan.conf"
    cat >"$dir/nginx.conf" <<CONF
# written by scripts/serve_many.sh from deploy/nginx-danvan.conf
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/danvan.conf;
}
CONF
    echo "$dir/nginx.conf"
}

if [[ "${1:-}" == "--write-nginx" ]]; then
    shift
    [[ $# -ge 3 ]] || { echo "usage: serve_many.sh --write-nginx DIR LISTEN PORT..." >&2; exit 2; }
    write_nginx "$@"
    exit 0
fi

K="${1:-2}"
PORT="${PORT:-8501}"
FIRST_PORT="${FIRST_PORT:-8511}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ "$K" =~ ^[1-9][0-9]*$ ]] || { echo "usage: serve_many.sh [K]  (K = number of app processes)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "serve_many.sh: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }

RUN_DIR="$(mktemp -d -t danvan-many.XXXXXX)"
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$RUN_DIR"
}
trap stop EXIT
trap 'exit 130' INT TERM

healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/_stcore/health"; }

ports=()
for ((i = 0; i < K; i++)); do
    port=$((FIRST_PORT + i))
    ports+=("$port")
    # one at a time: the first migrates and builds the database, the next ones find it ready
    "$PYTHON" -m danvan.serve --server.port "$port" --server.address 127.0.0.1 --server.headless true \
        --browser.gatherUsageStats false >"$RUN_DIR/app-$port.log" 2>&1 &
    pids+=("$!")
    for ((t = 0; t < 600; t++)); do
        healthy "$port" && break
        kill -0 "${pids[-1]}" 2>/dev/null || { echo "app on port $port stopped:" >&2; tail -20 "$RUN_DIR/app-$port.log" >&2; exit 1; }
        sleep 0.5
    done
    healthy "$port" || { echo "app on port $port did not start" >&2; exit 1; }
    echo "app process $((i + 1))/$K on 127.0.0.1:$port (log $RUN_DIR/app-$port.log)"
done

conf="$(write_nginx "$RUN_DIR/nginx" "$PORT" "${ports[@]}")"
nginx -t -q -p "$RUN_DIR/nginx" -c "$conf"
nginx -p "$RUN_DIR/nginx" -c "$conf" -g 'daemon off;' &
pids+=("$!")
echo "nginx on port $PORT → ${ports[*]}  (Ctrl-C stops everything)"
wait -n "${pids[@]}" || true
echo "serve_many.sh: a process stopped; stopping the others" >&2
