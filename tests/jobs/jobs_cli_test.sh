#!/usr/bin/env bash
# The daily run's flags and `run-job` as an operator meets them, against the harness's MariaDB:
# bad --jobs, --jobs_at, --jobs_since or --jobs_lease stop `serve` naming the flag; `run-job`
# refuses bad input naming it; a day runs, a second run finds it done, a dry run records nothing;
# `serve` catches up the missed days at start and stops cleanly on SIGTERM; --jobs=off runs none.
# Usage (ctest): jobs_cli_test.sh SERVER_BINARY
set -euo pipefail
server=$1
: "${HUIKUAN_TEST_DB_PORT:?run under make test}"
db="jobs_cli_test_$$"
work=$(mktemp -d)
grpc_port=$((20000 + ($$ + 7919) % 20000))
export HUIKUAN_DB_PORT=$HUIKUAN_TEST_DB_PORT HUIKUAN_DB_NAME=$db
export HUIKUAN_LISTEN=127.0.0.1:$grpc_port
sql() { mariadb --no-defaults -h127.0.0.1 -P"$HUIKUAN_TEST_DB_PORT" -uroot -N -B "$db" -e "$1"; }
cleanup() {
  [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null || true
  mariadb --no-defaults -h127.0.0.1 -P"$HUIKUAN_TEST_DB_PORT" -uroot -e "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_contains() { grep -qF -- "$2" <<<"$1" || fail "expected \"$2\" in: $1"; }
refused() {  # refused EXPECTED ARGS...: the command fails and says EXPECTED
  local expected=$1
  shift
  if "$server" "$@" >"$work/out" 2>&1; then fail "accepted: $*"; fi
  expect_contains "$(cat "$work/out")" "$expected"
}

"$server" migrate up >/dev/null
refused '--jobs: "maybe" is not on or off' serve --jobs=maybe
refused '--jobs_at: "25:00" is not a time of day HH:MM' serve --jobs_at=25:00
refused '--jobs_since: "2026-02-30" is not a date YYYY-MM-DD' serve --jobs_since=2026-02-30
refused '--jobs_lease: must be at least 1s' serve --jobs_lease=10ms
refused 'usage: run-job NAME --as_of=YYYY-MM-DD' run-job
refused '--as_of: must be a date YYYY-MM-DD' run-job late_fees --as_of=2026-13-01
refused 'job: unknown job "fees"; the jobs are: late_fees' run-job fees --as_of=2026-04-10
tomorrow=$(TZ=Asia/Shanghai date -d "+1 day" +%F)
refused '--as_of: must not be after today' run-job late_fees --as_of="$tomorrow"

# The latest due day (today from 01:30 Asia/Shanghai on), and five days before it.
due=$(TZ=Asia/Shanghai date -d "-90 minutes" +%F)
day0=$(date -d "$due -5 days" +%F)
# One customer owing 1,000,000 fen for 9 days as of day0 (500 fen a day).
sql "INSERT INTO users (username, display_name, department, level) VALUES ('o', 'O', 'sales', 'staff');
     INSERT INTO customers (display_name, owner_user_id) VALUES ('C', LAST_INSERT_ID());
     INSERT INTO invoices (customer_id, order_number, invoice_number, amount_fen, open_fen,
       invoice_date, due_date, credit_days, status, terms_breakdown)
     VALUES (LAST_INSERT_ID(), 'O-1', 'I-1', 1000000, 1000000, DATE_SUB('$day0', INTERVAL 39 DAY),
       DATE_SUB('$day0', INTERVAL 9 DAY), 30, 'open', '')"
out=$("$server" run-job late_fees --as_of="$day0" --dry_run)
expect_contains "$out" "late_fees $day0: dry run (rolled back, nothing recorded)"
expect_contains "$out" "created 9, changed 0, skipped 0: 1 invoices charged 9 overdue days, 45.00 yuan"
[ "$(sql "SELECT COUNT(*) FROM late_fee_accruals") $(sql "SELECT COUNT(*) FROM job_runs")" = "0 0" ] ||
  fail "a dry run recorded something"
out=$("$server" run-job late_fees --as_of="$day0")
expect_contains "$out" "late_fees $day0: ran (jobRuns/1, succeeded, attempt 1, owner "
expect_contains "$out" "created 9, changed 0, skipped 0"
out=$("$server" run-job late_fees --as_of="$day0")
expect_contains "$out" "late_fees $day0: already succeeded (jobRuns/1, succeeded, attempt 1"
[ "$(sql "SELECT SUM(fee_fen) FROM late_fee_accruals")" = "4500" ] || fail "fees charged twice"

# --jobs=off: serve runs nothing.
"$server" serve --jobs=off --log_rpcs=false 2>"$work/off.log" &
serve_pid=$!
sleep 2
kill -TERM "$serve_pid"
wait "$serve_pid" || fail "serve --jobs=off did not exit cleanly: $(cat "$work/off.log")"
serve_pid=
[ "$(sql "SELECT COUNT(*) FROM job_runs")" = "1" ] || fail "--jobs=off ran a job"

# Five days missed: serve catches them up at start, in order, then stops cleanly on SIGTERM.
"$server" serve --log_rpcs=false 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 1 600); do
  # late_fees' five days, and the other jobs (which never ran: from the latest due day) done too.
  [ "$(sql "SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded' AND job = 'late_fees'")" = "6" ] &&
    [ "$(sql "SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded' AND job = 'escalation'")" = "1" ] && break
  sleep 0.2
done
kill -TERM "$serve_pid"
wait "$serve_pid" || fail "serve did not exit cleanly on SIGTERM: $(cat "$work/serve.log")"
serve_pid=
log=$(cat "$work/serve.log")
expect_contains "$log" "daily jobs at 01:30 Asia/Shanghai (catching up now)"
for i in 1 2 3 4 5; do
  expect_contains "$log" "job late_fees $(date -d "$day0 +$i days" +%F): ran (jobRuns/"
  expect_contains "$log" "$(date -d "$day0 +$i days" +%F): ran (jobRuns/$(sql "SELECT id FROM job_runs WHERE job = 'late_fees' AND as_of_date = '$(date -d "$day0 +$i days" +%F)'"), attempt 1): 1 invoices charged 1 overdue days, 5.00 yuan of late fees"
done
[ "$(sql "SELECT GROUP_CONCAT(id ORDER BY as_of_date) = GROUP_CONCAT(id ORDER BY id) FROM job_runs WHERE job = 'late_fees'")" = "1" ] ||
  fail "the days did not run in order"
[ "$(sql "SELECT COUNT(*) FROM late_fee_accruals")" = "14" ] || fail "expected 9 + 5 accruals"
echo "jobs_cli_test: flags refused by name, run-job ran once, dry run recorded nothing, serve caught up 5 days"
