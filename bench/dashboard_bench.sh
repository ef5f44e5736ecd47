#!/usr/bin/env bash
# The dashboard budget (issue 12): login -> dashboard with its figures, per staff role, on the
# 2,000-customer demo. Starts a private MariaDB of its own (data in BUILD_DIR/dashboard-bench-db,
# port HUIKUAN_DASHBOARD_BENCH_DB_PORT or 3467), loads the demo once (kept for later runs), serves
# the built app on a free port and runs bench/dashboard_login.mjs. Usage:
#   bench/dashboard_bench.sh BUILD_DIR [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
port=${HUIKUAN_DASHBOARD_BENCH_DB_PORT:-3467}
dir="$build/dashboard-bench-db"
server="$build/server/huikuan-server"
bash "$root/scripts/db.sh" start "$dir/db" "$port"
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  bash "$root/scripts/db.sh" stop "$dir/db"
}
trap cleanup EXIT
export HUIKUAN_DB_PORT=$port HUIKUAN_MIGRATIONS_DIR="$root/migrations" HUIKUAN_JOBS=off
"$server" migrate up >/dev/null
[ -f "$dir/tokens/finance_head.password" ] || "$server" seed-demo --tokens_dir="$dir/tokens" >/dev/null
read -r http_port grpc_port < <(/usr/bin/python3 "$root/tests/support/free_ports.py" 2)
HUIKUAN_WEB_ROOT="$root/clients/web/dist" "$server" serve --listen=127.0.0.1:$grpc_port \
  --http_listen=127.0.0.1:$http_port >"$dir/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$http_port/" >/dev/null && break
  sleep 0.2
done
cd "$root/clients/web"
node "$root/bench/dashboard_login.mjs" "http://127.0.0.1:$http_port" "$dir/tokens" "${2:-3}"
