#!/usr/bin/env bash
# make bench-cluster: RecordPayment, CreateInvoices and GetInvoice through HAProxy on the 3-node
# Galera cluster (scripts/cluster.sh, fresh state in BUILD_DIR/cluster-bench), with 1 replica in
# HAProxy and then all 3, in the same run. Writes go through one Galera node either way (README
# "Cluster"), so the replicas add CPU for the servers' own work, not database write capacity.
# Usage: bench/cluster_bench.sh BUILD_DIR [seconds per RPC]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
seconds=${2:-15}
export HUIKUAN_CLUSTER_DIR="$build/cluster-bench" HUIKUAN_CLUSTER_DEMO_CUSTOMERS=3
export HUIKUAN_BUILD_DIR="$build"
dir=$HUIKUAN_CLUSTER_DIR
cluster() { bash "$root/scripts/cluster.sh" "$@"; }
cluster stop >/dev/null 2>&1 || true
rm -rf "$dir"
trap 'cluster stop; rm -rf "$dir"' EXIT
cluster start "$build"
owner=$(mariadb --no-defaults -uroot --socket="$dir/n1/mysqld.sock" -N -B -e \
  "SELECT MIN(id) FROM huikuan.users WHERE department = 'sales'")
haproxy() { echo "$1" | socat stdio "unix-connect:$dir/haproxy/admin.sock" >/dev/null; }
bench() {
  "$build/tests/cluster/cluster_bench" --target="127.0.0.1:${HUIKUAN_CLUSTER_GRPC_PORT:-50060}" \
    --db_port="${HUIKUAN_CLUSTER_NODE_PORT:-3501}" --token_file="$dir/admin.token" \
    --owner="users/$owner" --db_password_file="$dir/app.password" --seconds="$seconds" \
    --label="$1"
}
echo "== through HAProxy, 16 clients, ${seconds} s per RPC"
haproxy "disable server huikuan_grpc/r2"
haproxy "disable server huikuan_grpc/r3"
bench "1 replica:  "
haproxy "enable server huikuan_grpc/r2"
haproxy "enable server huikuan_grpc/r3"
for i in 2 3; do cluster wait-state huikuan_grpc "r$i" UP; done
bench "3 replicas: "
