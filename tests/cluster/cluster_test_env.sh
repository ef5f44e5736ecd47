# Sourced by the cluster tests after setting `build` (the build dir) and `test_name`: the cluster
# in BUILD/<test_name> (a fresh one, checked for free ports, stopped on exit and its logs kept
# when the test did not set passed=1), and the helpers the tests share.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HUIKUAN_CLUSTER_DIR="$build/$test_name"
export HUIKUAN_CLUSTER_DEMO_CUSTOMERS=3
export HUIKUAN_BUILD_DIR="$build"
dir=$HUIKUAN_CLUSTER_DIR
server="$build/server/huikuan-server"
# shellcheck source=tests/cluster/cluster_ports.sh
source "$root/tests/cluster/cluster_ports.sh"

cluster() { bash "$root/scripts/cluster.sh" "$@"; }
say() { echo "[$((SECONDS - t0))s] $*"; }
# q N "SQL": one value from node N's huikuan database (root over its socket).
q() { mariadb --no-defaults -uroot --socket="$dir/n$1/mysqld.sock" -N -B huikuan -e "$2"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
app() { # app PORT ARGS...: huikuan-server as the application user through one node
  local port=$1
  shift
  HUIKUAN_DB_PORT=$port HUIKUAN_DB_USER=huikuan HUIKUAN_DB_PASSWORD="$(cat "$dir/app.password")" \
    HUIKUAN_MIGRATIONS_DIR="$root/migrations" "$server" "$@"
}

cluster stop >/dev/null 2>&1 || true # an interrupted earlier run
rm -rf "$dir"
mkdir -p "$dir"
passed=0
cleanup() {
  cluster stop || true
  if [ "$passed" = 1 ]; then rm -rf "$dir"; else echo "logs kept in $dir"; fi
}
trap cleanup EXIT
check_cluster_ports_free
t0=$SECONDS
