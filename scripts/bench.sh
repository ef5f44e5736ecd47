#!/usr/bin/env bash
# make bench: performance comparisons, each printing its own table measured in the same run.
# Not part of `make test`. Usage: scripts/bench.sh BUILD_DIR [extra args for every benchmark]
#
# To add a benchmark, append a `run_bench "title" command...` line at the end; it runs with the
# freshly built package on PYTHONPATH and the build dir in $HUIKUAN_BUILD_DIR.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
python=${PYTHON:-/usr/bin/python3}

export PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}"
export HUIKUAN_BUILD_DIR="$build"
export PYTHONDONTWRITEBYTECODE=1

run_bench() {
  local title=$1
  shift
  echo "== $title"
  "$@"
  echo
}

run_bench "core vs pandas / numpy / scikit-learn" "$python" "$root/bench/core_bench.py" "${@:2}"
# The ledger benchmark needs the server build (HUIKUAN_BUILD_SERVER=ON, as `make bench` has).
if [ -x "$build/tests/service/ledger_bench" ]; then
  run_bench "ledger: CreateInvoices vs raw multi-row INSERT, RecordPayment with 16 clients" \
    bash "$root/bench/ledger_bench.sh" "$build"
else
  echo "== ledger: skipped ($build was configured without the server)"
fi
if [ -x "$build/tests/jobs/collections_bench" ]; then
  run_bench "collections: one day of the daily run over the demo, ListWorkItems with 100,000 open items" \
    bash "$root/bench/collections_bench.sh" "$build"
fi
if [ -x "$build/tests/jobs/risk_backtest" ]; then
  run_bench "early warnings: backtest over the demo history (days before default, false alarms)" \
    bash "$root/bench/risk_backtest.sh" "$build"
fi
if [ -x "$build/tests/service/report_bench" ]; then
  run_bench "reports: aging over 1,000,000 open invoices (fast path vs SQL GROUP BY), KPIs" \
    bash "$root/bench/report_bench.sh" "$build"
else
  echo "== reports: skipped ($build was configured without the server)"
fi
if [ -x "$build/server/huikuan-server" ] && [ -f "$root/clients/web/dist/index.html" ]; then
  run_bench "web: login -> dashboard with its figures, per staff role, 2,000-customer demo (budget 1 s)" \
    bash "$root/bench/dashboard_bench.sh" "$build"
fi
