#!/usr/bin/env bash
# `make run`: private MariaDB under var/db, migrations, demo data when empty, admin and demo tokens,
# then the gRPC server in the foreground. Ctrl-C stops the server and then the database.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
server="$build/server/huikuan-server"

export HUIKUAN_DB_PORT=${HUIKUAN_DB_PORT:-3307}
export HUIKUAN_LISTEN=${HUIKUAN_LISTEN:-127.0.0.1:50051}
export HUIKUAN_HTTP_LISTEN=${HUIKUAN_HTTP_LISTEN-127.0.0.1:8080}
export HUIKUAN_WEB_ROOT=${HUIKUAN_WEB_ROOT:-$root/clients/web/dist}
export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
# The demo's bank account, shown in the customer portal and in collection letters (issue 14).
export HUIKUAN_PAYMENT_ACCOUNT=${HUIKUAN_PAYMENT_ACCOUNT-"中国工商银行上海崇明支行 1001 2345 6789 0123 456"}
db_dir="$root/var/db"

bash "$root/scripts/db.sh" start "$db_dir" "$HUIKUAN_DB_PORT"
stop_db() { bash "$root/scripts/db.sh" stop "$db_dir"; echo "MariaDB stopped."; }
trap stop_db EXIT

"$server" migrate up
"$server" seed-demo --tokens_dir="$root/var/tokens"
admin_token=$("$server" token --token_file="$root/var/admin.token")

scheme=http
if [ -n "${HUIKUAN_TLS_CERT:-}" ]; then scheme=https; fi
cat <<MSG

huikuan is starting.
  web app:     $scheme://$HUIKUAN_HTTP_LISTEN/   (log in as one of the demo users below)
  gRPC:        $HUIKUAN_LISTEN   (health + reflection on; try: buf curl, grpcurl, Python)
  MariaDB:     127.0.0.1:$HUIKUAN_DB_PORT, data in var/db
  admin token: $admin_token
               (also in var/admin.token; one demo token per role in var/tokens/)
  try:         PYTHONPATH=$build/python /usr/bin/python3 clients/python/whoami.py

demo web logins (one per role; passwords are new on every start, also in var/tokens/<role>.password):
MSG
for f in "$root"/var/tokens/*.password; do
  printf '  %-18s %s\n' "$(basename "$f" .password)" "$(cat "$f")"
done
echo "Ctrl-C stops the server and the database."
echo
# Not exec: the EXIT trap must still stop the database after the server exits.
"$server" serve &
server_pid=$!
trap 'kill -TERM $server_pid 2>/dev/null || true' INT TERM
wait $server_pid || true
wait $server_pid 2>/dev/null || true
