#!/usr/bin/env bash
# The ledger benchmark (issue 4): CreateInvoices rows/s next to a raw multi-row INSERT of the same
# rows, and RecordPayment/s with 16 concurrent clients. Starts a private MariaDB of its own (data
# in BUILD_DIR/ledger-bench-db, port HUIKUAN_BENCH_DB_PORT or 3457) and stops it afterwards. The
# database is durable as production must be (innodb_flush_log_at_trx_commit=1: a payment's commit
# is on disk before it is acknowledged), so the figures include the redo log's fsync.
# Usage: bench/ledger_bench.sh BUILD_DIR [batches] [payments_per_client] [read_seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
port=${HUIKUAN_BENCH_DB_PORT:-3457}
dir="$build/ledger-bench-db"
HUIKUAN_DB_DURABLE=1 bash "$root/scripts/db.sh" start "$dir" "$port"
trap 'bash "$root/scripts/db.sh" stop "$dir"' EXIT
HUIKUAN_TEST_DB_PORT=$port HUIKUAN_TEST_DB_DIR=$dir HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh" \
  HUIKUAN_MIGRATIONS_DIR="$root/migrations" HUIKUAN_SOURCE_DIR="$root" \
  "$build/tests/service/ledger_bench" "${@:2}"
