#!/usr/bin/env bash
# The reports benchmark (issue 11): the aging report over 1,000,000 open invoices next to a plain
# SQL GROUP BY of the same rows, and the KPIs. Starts a private MariaDB of its own (data in
# BUILD_DIR/report-bench-db, port HUIKUAN_REPORT_BENCH_DB_PORT or 3497) and stops it afterwards.
# Usage: bench/report_bench.sh BUILD_DIR [invoices]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
port=${HUIKUAN_REPORT_BENCH_DB_PORT:-3497}
dir="$build/report-bench-db"
bash "$root/scripts/db.sh" start "$dir" "$port"
trap 'bash "$root/scripts/db.sh" stop "$dir"' EXIT
HUIKUAN_TEST_DB_PORT=$port HUIKUAN_TEST_DB_DIR=$dir HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh" \
  HUIKUAN_MIGRATIONS_DIR="$root/migrations" HUIKUAN_SOURCE_DIR="$root" \
  "$build/tests/service/report_bench" "${@:2}"
