#!/usr/bin/env bash
# Runs the libFuzzer targets built in build-fuzz (`make fuzz-build`).
#   fuzz/run.sh short TARGET   bounded run for ctest (`make test`): seeds from fuzz/corpus/TARGET,
#                              new inputs in a scratch dir (the repo is not changed); 20 s, 45 s
#                              for rpc_fuzz (it starts a server and migrates a database first)
#   fuzz/run.sh long [TARGET]  `make fuzz`: every target (or one) for HUIKUAN_FUZZ_SECONDS (600)
#                              each, the corpus kept in var/fuzz/corpus/TARGET, findings in
#                              var/fuzz/crashes/
# A finding (crash, sanitizer report, a failed check of the target) makes the run exit non-zero
# and leaves the input that triggers it. rpc_fuzz needs the harness's MariaDB: under ctest it is
# there (scripts/test.sh); otherwise a private one is started in var/fuzzdb on
# HUIKUAN_FUZZ_DB_PORT (3417).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?usage: run.sh short TARGET | long [TARGET]}
fuzz_build=${HUIKUAN_FUZZ_BUILD_DIR:-$root/build-fuzz}
all_targets=(csv_fuzz csv_layouts_fuzz money_date_fuzz rpc_fuzz)

binary() {
  local bin="$fuzz_build/fuzz/$1"
  if [ ! -x "$bin" ]; then
    echo "$bin is missing: run \`make fuzz-build\` (make test does)" >&2
    exit 1
  fi
  echo "$bin"
}

# rpc_fuzz creates its databases on the harness's server; start one when there is none.
ensure_database() {
  if [ -n "${HUIKUAN_TEST_DB_PORT:-}" ] && [ -n "${HUIKUAN_TEST_DB_SCRIPT:-}" ]; then return; fi
  export HUIKUAN_TEST_DB_DIR="$root/var/fuzzdb"
  export HUIKUAN_TEST_DB_PORT=${HUIKUAN_FUZZ_DB_PORT:-3417}
  export HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh"
  export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
  export HUIKUAN_SOURCE_DIR="$root"
  bash "$HUIKUAN_TEST_DB_SCRIPT" start "$HUIKUAN_TEST_DB_DIR" "$HUIKUAN_TEST_DB_PORT"
  trap 'bash "$HUIKUAN_TEST_DB_SCRIPT" stop "$HUIKUAN_TEST_DB_DIR"' EXIT
}

# ASan: abort with a stack on the first report; leaks of the process-wide server at exit are
# not findings. UBSan: a report is fatal (the code is built with -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run() { # run TARGET SECONDS WORK_CORPUS ARTIFACT_DIR
  local target=$1 seconds=$2 work=$3 artifacts=$4 bin
  bin=$(binary "$target")
  mkdir -p "$work" "$artifacts"
  [ "$target" = rpc_fuzz ] && ensure_database
  echo "fuzzing $target for $seconds s (seeds: fuzz/corpus/$target)"
  # -timeout: one input taking this long is a finding (a hang); rpc_fuzz calls have a 20 s
  # deadline of their own.
  "$bin" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=6144 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "$root/fuzz/corpus/$target" 2>"$artifacts/$target.log" || {
    grep -v '^#' "$artifacts/$target.log" | tail -60 >&2
    echo "FINDING in $target: the input is in $artifacts/ (reproduce: $bin FILE)" >&2
    return 1
  }
  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|^rpc_fuzz: ' \
    "$artifacts/$target.log" | sed "s/^/  $target /"
}

case "$mode" in
  short)
    target=${2:?TARGET}
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    seconds=20
    [ "$target" = rpc_fuzz ] && seconds=45
    # On a finding the scratch dir (with the input) is kept for the report.
    run "$target" "$seconds" "$scratch/corpus" "$scratch/artifacts" || {
      trap - EXIT
      exit 1
    }
    ;;
  long)
    targets=("${all_targets[@]}")
    [ -n "${2:-}" ] && targets=("$2")
    status=0
    for target in "${targets[@]}"; do
      run "$target" "${HUIKUAN_FUZZ_SECONDS:-600}" "$root/var/fuzz/corpus/$target" \
        "$root/var/fuzz/crashes" || status=1
    done
    exit $status
    ;;
  *)
    echo "usage: run.sh short TARGET | long [TARGET]" >&2
    exit 2
    ;;
esac
