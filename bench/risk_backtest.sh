#!/usr/bin/env bash
# The early warnings' backtest (issue 10, model quality) over the demo history. Starts a private
# MariaDB of its own (data in BUILD_DIR/risk-backtest-db, port HUIKUAN_BENCH_DB_PORT or 3458) and
# stops it afterwards. Usage: bench/risk_backtest.sh BUILD_DIR [customers] [days] [step]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
port=${HUIKUAN_BENCH_DB_PORT:-3458}
dir="$build/risk-backtest-db"
bash "$root/scripts/db.sh" start "$dir" "$port"
trap 'bash "$root/scripts/db.sh" stop "$dir"' EXIT
HUIKUAN_TEST_DB_PORT=$port HUIKUAN_TEST_DB_DIR=$dir HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh" \
  HUIKUAN_MIGRATIONS_DIR="$root/migrations" HUIKUAN_SOURCE_DIR="$root" \
  "$build/tests/jobs/risk_backtest" "${@:2}"
