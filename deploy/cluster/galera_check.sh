#!/bin/sh
# HAProxy external check of a Galera node (deploy/cluster/haproxy.cfg, backend galera_writer):
# exits 0 when the node at $3:$4 answers and is a synced member of the primary component. A node
# that is down, joining (IST/SST) or cut off from the majority fails, so writes never go to it.
# Logs in as haproxy_check (no password, no privileges; loopback only), which
# scripts/cluster.sh creates.
status=$(mariadb --no-defaults -h "$3" -P "$4" -u haproxy_check --connect-timeout=1 -N -B \
  -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state', 'wsrep_cluster_status')" \
  2>/dev/null) || exit 1
printf '%s\n' "$status" | grep -q '^wsrep_local_state	4$' &&
  printf '%s\n' "$status" | grep -q '^wsrep_cluster_status	Primary$'
