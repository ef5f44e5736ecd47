#!/usr/bin/env bash
# A private MariaDB server: data under DIR, listening on 127.0.0.1:PORT and DIR/mysqld.sock.
#   scripts/db.sh start DIR PORT   initialise DIR on first use, start, wait until it answers
#   scripts/db.sh stop DIR         shut down cleanly and wait for the process to exit
#   scripts/db.sh status DIR       exit 0 when running
# The server runs as the current user; as root it needs --user=root. --no-defaults keeps the
# machine's /etc/mysql out so nothing here depends on or disturbs a system server.
# Tests run with innodb_flush_log_at_trx_commit=2 (a test database need not survive a power cut);
# HUIKUAN_DB_DURABLE=1 starts it as production must run (flush the redo log at every commit: the
# benchmarks measure that), and HUIKUAN_DB_ARGS adds server options.
set -euo pipefail

cmd=${1:?usage: db.sh start|stop|status DIR [PORT]}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
sock="$dir/mysqld.sock"
pidfile="$dir/mysqld.pid"
user_flag=()
if [ "$(id -u)" -eq 0 ]; then user_flag=(--user=root); fi

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "$cmd" in
  start)
    port=${3:?PORT}
    if running; then exit 0; fi
    flush=2
    if [ "${HUIKUAN_DB_DURABLE:-0}" = 1 ]; then flush=1; fi
    # shellcheck disable=SC2206
    extra=(${HUIKUAN_DB_ARGS:-})
    if [ ! -d "$dir/data/mysql" ]; then
      mkdir -p "$dir/data"
      mariadb-install-db --no-defaults --datadir="$dir/data" "${user_flag[@]}" \
        --skip-test-db --auth-root-authentication-method=normal >"$dir/install.log" 2>&1
    fi
    # setsid: the server must not receive the Ctrl-C meant for the foreground process; the
    # caller stops it explicitly with "db.sh stop".
    setsid mariadbd --no-defaults "${user_flag[@]}" --datadir="$dir/data" --socket="$sock" \
      --pid-file="$pidfile" --port="$port" --bind-address=127.0.0.1 --log-error="$dir/err.log" \
      --skip-name-resolve --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=$flush \
      --max-connections=500 --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
      "${extra[@]}" </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
      if mariadb-admin --no-defaults -uroot --socket="$sock" ping >/dev/null 2>&1; then
        # TCP clients (the server, tests) log in as root without a password on loopback only.
        mariadb --no-defaults -uroot --socket="$sock" -e \
          "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
        exit 0
      fi
      sleep 0.1
    done
    echo "MariaDB did not start; see $dir/err.log" >&2
    tail -20 "$dir/err.log" >&2 || true
    exit 1
    ;;
  stop)
    if ! running; then exit 0; fi
    pid=$(cat "$pidfile")
    mariadb-admin --no-defaults -uroot --socket="$sock" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    ;;
  status)
    running
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
