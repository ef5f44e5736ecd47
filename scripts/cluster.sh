#!/usr/bin/env bash
# A 3-node MariaDB Galera cluster on loopback, three huikuan-server replicas and HAProxy: in
# front of the replicas (gRPC h2c on 50060, web on 8090, stats on 8404) and between the replicas
# and the nodes (127.0.0.1:3500: one writer node at a time, README "Cluster"). State in
# var/cluster/.
#
#   scripts/cluster.sh run [BUILD]      start, print where things are, stop on Ctrl-C (make cluster)
#   scripts/cluster.sh start [BUILD]    start whatever is not running (idempotent), then return
#   scripts/cluster.sh stop             HAProxy, replicas, then the nodes (3, 2, 1), cleanly
#   scripts/cluster.sh status           node size/state, replicas, HAProxy's view of them
# Fault helpers (tests/cluster): nodes (only the Galera nodes and the app user) | kill-node N |
#   start-node N | wait-synced N | kill-replica N | start-replica N |
#   state BACKEND SERVER (HAProxy's UP/DOWN, e.g. huikuan_grpc r2, galera_writer n1) |
#   wait-state BACKEND SERVER STATE.
#
# Environment: HUIKUAN_CLUSTER_DIR (state, default var/cluster), HUIKUAN_CLUSTER_DEMO_CUSTOMERS
# (demo customers loaded once, default 200; 0 loads none). Ports, each the first of three where
# there is one per node or replica (defaults in brackets), so that two clusters (a test's and
# someone's `make cluster`) can run side by side:
#   HUIKUAN_CLUSTER_NODE_PORT [3501]          MariaDB of nodes 1-3
#   HUIKUAN_CLUSTER_GCOMM_PORT [4601], HUIKUAN_CLUSTER_IST_PORT [4701], HUIKUAN_CLUSTER_SST_PORT
#   [4801]                                    Galera replication, incremental and full transfer
#   HUIKUAN_CLUSTER_REPLICA_PORT [50061]      gRPC of replicas 1-3
#   HUIKUAN_CLUSTER_REPLICA_HTTP_PORT [8091]  HTTP of replicas 1-3
#   HUIKUAN_CLUSTER_WRITER_PORT [3500], HUIKUAN_CLUSTER_GRPC_PORT [50060], HUIKUAN_CLUSTER_WEB_PORT
#   [8090], HUIKUAN_CLUSTER_STATS_PORT [8404] HAProxy's database writer, gRPC, web and stats
# deploy/cluster/haproxy.cfg reads them from the environment this script exports.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-status}
# The build dir: the second argument of run/start/nodes, else HUIKUAN_BUILD_DIR, else build/.
build=${HUIKUAN_BUILD_DIR:-$root/build}
case "$cmd" in run | start | nodes) build=${2:-$build} ;; esac
run_dir=${HUIKUAN_CLUSTER_DIR:-$root/var/cluster}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
demo_customers=${HUIKUAN_CLUSTER_DEMO_CUSTOMERS:-200}
server="$build/server/huikuan-server"
galera_cnf="$root/deploy/cluster/galera.cnf"
haproxy_cfg="$root/deploy/cluster/haproxy.cfg"
user_flag=()
if [ "$(id -u)" -eq 0 ]; then user_flag=(--user=root); fi
export HUIKUAN_CLUSTER_NODE_PORT=${HUIKUAN_CLUSTER_NODE_PORT:-3501}
export HUIKUAN_CLUSTER_GCOMM_PORT=${HUIKUAN_CLUSTER_GCOMM_PORT:-4601}
export HUIKUAN_CLUSTER_IST_PORT=${HUIKUAN_CLUSTER_IST_PORT:-4701}
export HUIKUAN_CLUSTER_SST_PORT=${HUIKUAN_CLUSTER_SST_PORT:-4801}
export HUIKUAN_CLUSTER_REPLICA_PORT=${HUIKUAN_CLUSTER_REPLICA_PORT:-50061}
export HUIKUAN_CLUSTER_REPLICA_HTTP_PORT=${HUIKUAN_CLUSTER_REPLICA_HTTP_PORT:-8091}
export HUIKUAN_CLUSTER_WRITER_PORT=${HUIKUAN_CLUSTER_WRITER_PORT:-3500}
export HUIKUAN_CLUSTER_GRPC_PORT=${HUIKUAN_CLUSTER_GRPC_PORT:-50060}
export HUIKUAN_CLUSTER_WEB_PORT=${HUIKUAN_CLUSTER_WEB_PORT:-8090}
export HUIKUAN_CLUSTER_STATS_PORT=${HUIKUAN_CLUSTER_STATS_PORT:-8404}
node_dir() { echo "$run_dir/n$1"; }
node_sock() { echo "$run_dir/n$1/mysqld.sock"; }
node_port() { echo $((HUIKUAN_CLUSTER_NODE_PORT + $1 - 1)); }
replica_port() { echo $((HUIKUAN_CLUSTER_REPLICA_PORT + $1 - 1)); }
replica_http_port() { echo $((HUIKUAN_CLUSTER_REPLICA_HTTP_PORT + $1 - 1)); }
gcomm_port() { echo $((HUIKUAN_CLUSTER_GCOMM_PORT + $1 - 1)); }
gcomm="gcomm://127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)"
# Single ports for haproxy.cfg, which cannot add.
for i in 1 2 3; do
  export "HUIKUAN_CLUSTER_N${i}_PORT=$(node_port "$i")" "HUIKUAN_CLUSTER_R${i}_PORT=$(replica_port "$i")" \
    "HUIKUAN_CLUSTER_H${i}_PORT=$(replica_http_port "$i")"
done
sql() { # sql N "STATEMENT": run as root over node N's socket, tab-separated, no headers
  mariadb --no-defaults -uroot --socket="$(node_sock "$1")" -N -B -e "$2"
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
node_running() { alive "$(node_dir "$1")/mysqld.pid"; }
replica_running() { alive "$run_dir/r$1/server.pid"; }
log() { echo "cluster: $*" >&2; }

wsrep_status() { # wsrep_status N VARIABLE
  sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2
}

# Waits until node N is a synced member of the primary component (or fails after ~3 minutes:
# a joiner's SST copies the whole datadir).
wait_synced() {
  local i=$1
  for _ in $(seq 1 1800); do
    if ! node_running "$i"; then
      log "node $i exited; see $(node_dir "$i")/err.log"
      tail -20 "$(node_dir "$i")/err.log" >&2 || true
      return 1
    fi
    if [ "$(wsrep_status "$i" wsrep_local_state_comment)" = "Synced" ] &&
       [ "$(wsrep_status "$i" wsrep_cluster_status)" = "Primary" ]; then
      return 0
    fi
    sleep 0.1
  done
  log "node $i did not reach Synced; see $(node_dir "$i")/err.log"
  return 1
}

init_node() {
  local d
  d=$(node_dir "$1")
  if [ ! -d "$d/data/mysql" ]; then
    mkdir -p "$d/data"
    mariadb-install-db --no-defaults --datadir="$d/data" "${user_flag[@]}" --skip-test-db \
      >"$d/install.log" 2>&1
  fi
}

# The node whose state can start a new cluster: the one marked safe_to_bootstrap (the last to
# leave after a clean stop); after a crash of all nodes, the one with the highest recovered
# seqno (wsrep recovery reads it from InnoDB), which is then marked safe.
bootstrap_node() {
  local i best=1 best_seqno=-2 seqno
  for i in 1 2 3; do
    if grep -q '^safe_to_bootstrap: 1' "$(node_dir "$i")/data/grastate.dat" 2>/dev/null; then
      echo "$i"
      return
    fi
  done
  for i in 1 2 3; do
    [ -f "$(node_dir "$i")/data/grastate.dat" ] || continue
    mariadbd --defaults-file="$galera_cnf" "${user_flag[@]}" --datadir="$(node_dir "$i")/data" \
      --wsrep-recover --log-error="$(node_dir "$i")/recover.log" >/dev/null 2>&1 || true
    seqno=$(sed -n 's/.*WSREP: Recovered position: [^:]*:\(-\?[0-9]*\).*/\1/p' \
      "$(node_dir "$i")/recover.log" | tail -1)
    if [ -n "$seqno" ] && [ "$seqno" -gt "$best_seqno" ]; then best=$i best_seqno=$seqno; fi
  done
  sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(node_dir "$best")/data/grastate.dat" \
    2>/dev/null || true
  echo "$best"
}

# start_node N [bootstrap]: the node's own settings on top of deploy/cluster/galera.cnf.
start_node() {
  local i=$1 d new_cluster=()
  d=$(node_dir "$i")
  if node_running "$i"; then return 0; fi
  init_node "$i"
  if [ "${2:-}" = bootstrap ]; then new_cluster=(--wsrep-new-cluster); fi
  # setsid: Ctrl-C in the terminal must not reach the nodes; `stop` shuts them down in order.
  setsid mariadbd --defaults-file="$galera_cnf" "${user_flag[@]}" --datadir="$d/data" \
    --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" --port="$(node_port "$i")" \
    --bind-address=127.0.0.1 --log-error="$d/err.log" --wsrep-node-name="n$i" \
    --wsrep-node-address=127.0.0.1 --wsrep-cluster-address="$gcomm" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$i");ist.recv_addr=127.0.0.1:$((HUIKUAN_CLUSTER_IST_PORT + i - 1))" \
    --wsrep-sst-receive-address="127.0.0.1:$((HUIKUAN_CLUSTER_SST_PORT + i - 1))" "${new_cluster[@]}" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$d/mysqld.pid"
}

start_nodes() {
  local first i any=0
  for i in 1 2 3; do if node_running "$i"; then any=$i; fi; done
  if [ "$any" = 0 ]; then
    init_node 1
    first=$(bootstrap_node)
    log "node $first starts the cluster"
    start_node "$first" bootstrap
    wait_synced "$first"
  fi
  # Joiners one at a time: each takes a state transfer from a synced donor.
  for i in 1 2 3; do
    if ! node_running "$i"; then
      log "node $i joins"
      start_node "$i"
      wait_synced "$i"
    fi
  done
}

# The application's own user, created over node 1's socket (root is socket-only) and replicated
# to the others as DDL. Its password is generated once and kept in app.password.
ensure_app_user() {
  local pw_file="$run_dir/app.password"
  if [ ! -s "$pw_file" ]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$pw_file")
  fi
  # haproxy_check: HAProxy's node check (deploy/cluster/galera_check.sh) reads wsrep status only.
  sql 1 "CREATE DATABASE IF NOT EXISTS huikuan;
         CREATE USER IF NOT EXISTS 'huikuan'@'127.0.0.1' IDENTIFIED BY '$(cat "$pw_file")';
         GRANT ALL ON huikuan.* TO 'huikuan'@'127.0.0.1';
         CREATE USER IF NOT EXISTS 'haproxy_check'@'127.0.0.1';"
}

app_env() { # app_env PORT: the server's database settings (a node's port, or the writer's)
  export HUIKUAN_DB_HOST=127.0.0.1 HUIKUAN_DB_PORT=$1
  export HUIKUAN_DB_USER=huikuan HUIKUAN_DB_NAME=huikuan
  HUIKUAN_DB_PASSWORD=$(cat "$run_dir/app.password")
  export HUIKUAN_DB_PASSWORD
  export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
}

# Migrations and demo data once, through node 1; the other nodes get them by replication.
prepare_schema() {
  (app_env "$(node_port 1)" && "$server" migrate up >"$run_dir/migrate.log" 2>&1) || {
    cat "$run_dir/migrate.log" >&2
    return 1
  }
  if [ "$demo_customers" -gt 0 ]; then
    (app_env "$(node_port 1)" && "$server" seed-demo --demo_customers="$demo_customers" \
      --tokens_dir="$run_dir/tokens") >>"$run_dir/seed.log" 2>&1 || {
      cat "$run_dir/seed.log" >&2
      return 1
    }
  fi
  (app_env "$(node_port 1)" && "$server" token --token_file="$run_dir/admin.token" >/dev/null)
}

start_replica() {
  local i=$1 d="$run_dir/r$1"
  mkdir -p "$d"
  if replica_running "$i"; then return 0; fi
  (
    # Through HAProxy's writer frontend, like every replica. No --migrate: the schema is migrated once above; a replica refuses to serve a schema that
    # is behind or dirty.
    app_env "$HUIKUAN_CLUSTER_WRITER_PORT"
    setsid "$server" serve --listen="127.0.0.1:$(replica_port "$i")" --log_rpcs=false \
      --http_listen="127.0.0.1:$(replica_http_port "$i")" --web_root="$root/clients/web/dist" \
      </dev/null >>"$d/server.log" 2>&1 &
    echo $! >"$d/server.pid"
  )
}

wait_replica() {
  local i=$1
  for _ in $(seq 1 300); do
    if grep -q "serving gRPC on 127.0.0.1:$(replica_port "$i")" "$run_dir/r$i/server.log" 2>/dev/null &&
       replica_running "$i"; then
      return 0
    fi
    if ! replica_running "$i"; then break; fi
    sleep 0.1
  done
  log "replica $i did not start; see $run_dir/r$i/server.log"
  tail -5 "$run_dir/r$i/server.log" >&2 || true
  return 1
}

start_haproxy() {
  mkdir -p "$run_dir/haproxy"
  if alive "$run_dir/haproxy/haproxy.pid"; then return 0; fi
  rm -f "$run_dir/haproxy/admin.sock" # left by an earlier HAProxy: wait for the new one's
  HUIKUAN_CLUSTER_RUN="$run_dir" HUIKUAN_SOURCE="$root" setsid haproxy -db -f "$haproxy_cfg" \
    </dev/null >>"$run_dir/haproxy/haproxy.log" 2>&1 &
  echo $! >"$run_dir/haproxy/haproxy.pid"
  for _ in $(seq 1 100); do
    [ -S "$run_dir/haproxy/admin.sock" ] && return 0
    sleep 0.1
  done
  log "HAProxy did not start; see $run_dir/haproxy/haproxy.log"
  return 1
}

haproxy_cmd() {
  echo "$1" | socat stdio "unix-connect:$run_dir/haproxy/admin.sock" 2>/dev/null
}

# HAProxy's view of a server: UP, DOWN, "UP 1/3" while changing, ... (state BACKEND SERVER)
state() {
  { haproxy_cmd "show stat" || true; } | awk -F, -v b="$1" -v s="$2" '$1 == b && $2 == s { print $18 }'
}

wait_state() { # wait_state BACKEND SERVER STATE: HAProxy has taken the server in or out
  for _ in $(seq 1 600); do
    [ "$(state "$1" "$2")" = "$3" ] && return 0
    sleep 0.1
  done
  log "$1/$2 is $(state "$1" "$2") in HAProxy, not $3"
  return 1
}

stop_pid() { # stop_pid PIDFILE SIGNAL: signal, then wait up to 30 s for the process to exit
  local pidfile=$1 pid
  alive "$pidfile" || return 0
  pid=$(cat "$pidfile")
  kill "-$2" "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid did not exit; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

stop_node() {
  local i=$1
  node_running "$i" || return 0
  mariadb-admin --no-defaults -uroot --socket="$(node_sock "$i")" shutdown >/dev/null 2>&1 || true
  stop_pid "$(node_dir "$i")/mysqld.pid" TERM
}

start_all() {
  local t0=$SECONDS i
  command -v haproxy >/dev/null || { log "haproxy is not installed (make deps)"; exit 1; }
  [ -x "$server" ] || { log "$server is missing: build first (make build)"; exit 1; }
  start_nodes
  ensure_app_user
  prepare_schema
  start_haproxy
  wait_state galera_writer n1 UP
  for i in 1 2 3; do start_replica "$i"; done
  for i in 1 2 3; do wait_replica "$i"; done
  for i in 1 2 3; do wait_state huikuan_grpc "r$i" UP; done
  log "up in $((SECONDS - t0)) s"
}

stop_all() {
  local i
  stop_pid "$run_dir/haproxy/haproxy.pid" TERM
  for i in 1 2 3; do stop_pid "$run_dir/r$i/server.pid" TERM; done
  # The last node to leave is marked safe_to_bootstrap: node 1, which `start` bootstraps from.
  for i in 3 2 1; do stop_node "$i"; done
}

# n1 takes the writes while UP; n2, n3 are backups (deploy/cluster/haproxy.cfg).
writer_role() {
  alive "$run_dir/haproxy/haproxy.pid" || { echo "-"; return; }
  local seen sessions
  seen=$(state galera_writer "n$1")
  sessions=$({ haproxy_cmd "show stat" || true; } | awk -F, -v s="n$1" '$1 == "galera_writer" && $2 == s { print $5 }')
  echo "$seen, $sessions conn"
}

status() {
  local i
  printf '%-8s %-8s %-6s %-10s %-9s %-15s %s\n' node port size state ready "last committed" \
    "writer (HAProxy)"
  for i in 1 2 3; do
    if node_running "$i"; then
      printf '%-8s %-8s %-6s %-10s %-9s %-15s %s\n' "n$i" "$(node_port "$i")" \
        "$(wsrep_status "$i" wsrep_cluster_size)" "$(wsrep_status "$i" wsrep_local_state_comment)" \
        "$(wsrep_status "$i" wsrep_ready)" "$(wsrep_status "$i" wsrep_last_committed)" \
        "$(writer_role "$i")"
    else
      printf '%-8s %-8s %s\n' "n$i" "$(node_port "$i")" "not running"
    fi
  done
  echo
  local haproxy_up=0
  alive "$run_dir/haproxy/haproxy.pid" && haproxy_up=1
  printf '%-8s %-18s %-8s %s\n' replica grpc pid haproxy
  for i in 1 2 3; do
    local pid="-" seen="-"
    replica_running "$i" && pid=$(cat "$run_dir/r$i/server.pid")
    [ "$haproxy_up" = 1 ] && seen=$(state huikuan_grpc "r$i")
    printf '%-8s %-18s %-8s %s\n' "r$i" "127.0.0.1:$(replica_port "$i")" "$pid" "$seen"
  done
  echo
  if [ "$haproxy_up" = 1 ]; then
    echo "haproxy  pid $(cat "$run_dir/haproxy/haproxy.pid"): gRPC 127.0.0.1:$HUIKUAN_CLUSTER_GRPC_PORT," \
      "web 127.0.0.1:$HUIKUAN_CLUSTER_WEB_PORT, stats http://127.0.0.1:$HUIKUAN_CLUSTER_STATS_PORT/"
  else
    echo "haproxy  not running"
  fi
}

case "$cmd" in
  start) start_all ;;
  stop) stop_all ;;
  status) status ;;
  run)
    trap 'stop_all; log "stopped"' EXIT
    trap 'exit 130' INT TERM
    start_all
    cat <<MSG

huikuan cluster is up (state in $run_dir):
  gRPC via HAProxy:  127.0.0.1:$HUIKUAN_CLUSTER_GRPC_PORT   (replicas 127.0.0.1:$(replica_port 1)-$(replica_port 3))
  web via HAProxy:   http://127.0.0.1:$HUIKUAN_CLUSTER_WEB_PORT/
  Galera nodes:      127.0.0.1:$(node_port 1)-$(node_port 3) (replicas write through 127.0.0.1:$HUIKUAN_CLUSTER_WRITER_PORT: node 1, or the
                     next synced node while it is down), user huikuan (password in $run_dir/app.password)
  HAProxy stats:     http://127.0.0.1:$HUIKUAN_CLUSTER_STATS_PORT/
  admin token:       $(cat "$run_dir/admin.token")   (demo tokens per role in $run_dir/tokens/)
  try:               HUIKUAN_TARGET=127.0.0.1:$HUIKUAN_CLUSTER_GRPC_PORT PYTHONPATH=$build/python \\
                       /usr/bin/python3 clients/python/whoami.py $run_dir/admin.token
  status:            bash scripts/cluster.sh status
Ctrl-C stops HAProxy, the replicas and the nodes.

MSG
    while true; do sleep 1; done
    ;;
  nodes) start_nodes && ensure_app_user ;;
  kill-node) kill -KILL "$(cat "$(node_dir "$2")/mysqld.pid")" ;;
  start-node) start_node "$2" ;;
  wait-synced) wait_synced "$2" ;;
  kill-replica) kill -KILL "$(cat "$run_dir/r$2/server.pid")" ;;
  start-replica) start_replica "$2" && wait_replica "$2" ;;
  state) state "$2" "$3" ;;
  wait-state) wait_state "$2" "$3" "$4" ;;
  *)
    echo "usage: cluster.sh run|start|stop|status [BUILD]" >&2
    exit 2
    ;;
esac
