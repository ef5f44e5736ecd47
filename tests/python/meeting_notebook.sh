#!/usr/bin/env bash
# Runs clients/python/notebooks/monthly_joint_meeting.ipynb against a live server: a database of
# its own on the harness's MariaDB (HUIKUAN_TEST_DB_PORT), migrations, the demo data (a small
# company), the server on a free port with an admin token, then nbconvert; the server and the
# database are removed afterwards. Usage: meeting_notebook.sh BUILD_DIR OUTPUT_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
server="$build/server/huikuan-server"
work=$(mktemp -d)
export HUIKUAN_DB_PORT=${HUIKUAN_TEST_DB_PORT:?the test harness sets HUIKUAN_TEST_DB_PORT}
export HUIKUAN_DB_NAME="notebook_$$"
export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
export HUIKUAN_HTTP_LISTEN=""
export HUIKUAN_JOBS=off
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sql() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$HUIKUAN_DB_PORT" -e "$1"; }
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  sql "DROP DATABASE IF EXISTS $HUIKUAN_DB_NAME" || true
  rm -rf "$work"
}
trap cleanup EXIT
sql "CREATE DATABASE $HUIKUAN_DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
"$server" migrate up >/dev/null
"$server" seed-demo --demo_customers=60 --tokens_dir="$work/tokens" >/dev/null
"$server" token --token_file="$work/admin.token" >/dev/null
"$server" serve --listen="127.0.0.1:$port" --log_rpcs=false 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  if /usr/bin/python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then break; fi
  sleep 0.1
done
mkdir -p "$out"
HUIKUAN_TARGET="127.0.0.1:$port" HUIKUAN_TOKEN_FILE="$work/admin.token" \
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
  --ExecutePreprocessor.kernel_name=python3 --output-dir "$out" \
  "$root/clients/python/notebooks/monthly_joint_meeting.ipynb"
