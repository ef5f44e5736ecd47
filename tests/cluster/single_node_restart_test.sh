#!/usr/bin/env bash
# Issue 13, fault (c): the single-node setup (`make run`'s shape: one MariaDB, one server) while
# 16 clients write to the server directly; MariaDB is stopped and started twice under the load.
# cluster_fault_load then checks the database. A private MariaDB on port 3501 (the cluster's
# ports: this test shares their lock with galera_fault_test), so the harness's database is never
# stopped. Logs stay in BUILD/single-node-fault-test when the test fails.
set -euo pipefail
build=$(cd "${1:?usage: single_node_restart_test.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$build/single-node-fault-test"
db="$root/scripts/db.sh"
server="$build/server/huikuan-server"
export HUIKUAN_DB_PORT=3501 HUIKUAN_DB_USER=root HUIKUAN_DB_PASSWORD=""
export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
say() { echo "[$((SECONDS - t0))s] $*"; }

bash "$db" stop "$dir/db" >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"
passed=0
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  bash "$db" stop "$dir/db" || true
  if [ "$passed" = 1 ]; then rm -rf "$dir"; else echo "logs kept in $dir"; fi
}
trap cleanup EXIT
for port in 3501 50061; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (a running \`make cluster\`?): stop it first" >&2
    exit 1
  fi
done

t0=$SECONDS
bash "$db" start "$dir/db" 3501
"$server" migrate up >"$dir/setup.log" 2>&1
"$server" seed-demo --demo_customers=3 >>"$dir/setup.log" 2>&1
"$server" token --token_file="$dir/admin.token" >/dev/null
"$server" serve --listen=127.0.0.1:50061 --log_rpcs=false >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "serving gRPC" "$dir/server.log" && break
  sleep 0.1
done
say "MariaDB and one server up"

"$build/tests/cluster/cluster_fault_load" --target=127.0.0.1:50061 \
  --token_file="$dir/admin.token" --db_ports=3501 --db_user=root --stop_file="$dir/stop" \
  --max_seconds=120 --clients=16 --customers=8 >"$dir/load.log" 2>&1 &
load=$!

sleep 4
for round in 1 2; do
  say "stopping MariaDB under load ($round/2)"
  bash "$db" stop "$dir/db"
  sleep 3
  bash "$db" start "$dir/db" 3501
  say "MariaDB started again ($round/2)"
  sleep 4
done
touch "$dir/stop"
if wait "$load"; then load_ok=1; else load_ok=0; fi
cat "$dir/load.log"
kill -0 "$server_pid" 2>/dev/null || { echo "FAILED: the server exited" >&2; load_ok=0; }
say "done"
[ "$load_ok" = 1 ] || { echo "FAILED: see above" >&2; exit 1; }
passed=1
