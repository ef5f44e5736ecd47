#!/usr/bin/env bash
# The collections benchmark (issue 9): one day of the daily run over the 2,000-customer demo and
# ListWorkItems with 100,000 open items. Starts a private MariaDB of its own (data in
# BUILD_DIR/collections-bench-db, port HUIKUAN_BENCH_DB_PORT or 3457) and stops it afterwards.
# Usage: bench/collections_bench.sh BUILD_DIR [customers] [open_items] [calls]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
port=${HUIKUAN_BENCH_DB_PORT:-3457}
dir="$build/collections-bench-db"
bash "$root/scripts/db.sh" start "$dir" "$port"
trap 'bash "$root/scripts/db.sh" stop "$dir"' EXIT
HUIKUAN_TEST_DB_PORT=$port HUIKUAN_TEST_DB_DIR=$dir HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh" \
  HUIKUAN_MIGRATIONS_DIR="$root/migrations" HUIKUAN_SOURCE_DIR="$root" \
  "$build/tests/jobs/collections_bench" "${@:2}"
