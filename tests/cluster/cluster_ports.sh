# Sourced by the cluster fault tests: the ports scripts/cluster.sh will use (its defaults unless
# HUIKUAN_CLUSTER_*_PORT say otherwise), and a check that none is taken.
node_port() { echo $((${HUIKUAN_CLUSTER_NODE_PORT:-3501} + $1 - 1)); }
grpc_port=${HUIKUAN_CLUSTER_GRPC_PORT:-50060}
db_ports="$(node_port 1),$(node_port 2),$(node_port 3)"
cluster_ports=(
  "$(node_port 1)" "$(node_port 2)" "$(node_port 3)" "${HUIKUAN_CLUSTER_WRITER_PORT:-3500}"
  "$grpc_port" "${HUIKUAN_CLUSTER_WEB_PORT:-8090}" "${HUIKUAN_CLUSTER_STATS_PORT:-8404}")
for i in 0 1 2; do
  cluster_ports+=("$((${HUIKUAN_CLUSTER_REPLICA_PORT:-50061} + i))"
    "$((${HUIKUAN_CLUSTER_REPLICA_HTTP_PORT:-8091} + i))" "$((${HUIKUAN_CLUSTER_GCOMM_PORT:-4601} + i))")
done
check_cluster_ports_free() {
  local port
  for port in "${cluster_ports[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use (a running \`make cluster\`?): stop it first, or set" \
        "HUIKUAN_CLUSTER_*_PORT (scripts/cluster.sh)" >&2
      exit 1
    fi
  done
}
