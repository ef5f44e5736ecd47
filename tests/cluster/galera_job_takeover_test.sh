#!/usr/bin/env bash
# Issue 13, "jobs on three replicas at once", on the real layout (scripts/cluster.sh): 3 Galera
# nodes, 3 replicas, HAProxy. Every replica's scheduler races for the latest due day of late_fees
# when it starts; the attempt that wins holds its transaction open after the day's work
# (--jobs_test_hold, a long run) while its heartbeat keeps the lease (6 s) alive. That replica is
# killed with SIGKILL mid-run: the database rolls its work back, its beats stop, and once the
# lease has expired another replica's scheduler (looking again every 2 s) takes the day over and
# finishes it. Afterwards the day has one job_runs row, succeeded by a survivor at attempt 2; the
# killed attempt left no audit event and no accrual; the accruals the day created are exactly the
# ones its run counted, none twice; and `audit verify` proves the audit chains on every node.
# Logs stay in BUILD/cluster-takeover-test when the test fails.
set -euo pipefail
build=$(cd "${1:?usage: galera_job_takeover_test.sh BUILD_DIR}" && pwd)
test_name=cluster-takeover-test
export HUIKUAN_JOBS_LEASE=6s HUIKUAN_JOBS_RECHECK=2s HUIKUAN_JOBS_TEST_HOLD=late_fees=15s
# shellcheck source=tests/cluster/cluster_test_env.sh
source "$(dirname "$0")/cluster_test_env.sh"
cluster nodes
app "$(node_port 1)" migrate up >"$dir/migrate.log" 2>&1 || fail "migrate: $(cat "$dir/migrate.log")"
app "$(node_port 1)" seed-demo --demo_customers="$HUIKUAN_CLUSTER_DEMO_CUSTOMERS" \
  --tokens_dir="$dir/tokens" >"$dir/seed.log" 2>&1 || fail "seed-demo: $(cat "$dir/seed.log")"
accruals_before=$(q 1 "SELECT COUNT(*) FROM late_fee_accruals")
runs_before=$(q 1 "SELECT COALESCE(MAX(id), 0) FROM job_runs")
say "3 Galera nodes, schema and demo data ($accruals_before late-fee accruals so far)"

cluster start
say "replicas up; their schedulers race for the day's jobs"

# The replica whose late_fees attempt is holding its transaction open.
holder=""
for _ in $(seq 1 600); do
  for i in 1 2 3; do
    if grep -q "job late_fees .*: work done, holding" "$dir/r$i/server.log" 2>/dev/null; then
      holder=$i
    fi
  done
  [ -n "$holder" ] && break
  sleep 0.1
done
[ -n "$holder" ] || fail "no replica started a late_fees run"
day=$(grep -h -o "job late_fees [0-9-]*: work done" "$dir/r$holder/server.log" | head -1 |
  sed 's/^job late_fees \([0-9-]*\): .*/\1/')
read -r status owner attempts < <(q 1 "SELECT status, owner, attempts FROM job_runs
  WHERE job = 'late_fees' AND as_of_date = '$day'")
pid=$(cat "$dir/r$holder/server.pid")
say "replica $holder (pid $pid) holds late_fees $day: $status, owner $owner, attempt $attempts"
[ "$status" = running ] || fail "the held run is $status, not running"
[[ "$owner" == */"$pid"/* ]] || fail "job_runs.owner $owner is not replica $holder (pid $pid)"

sleep 2 # well inside the 15 s hold: the day's work is done and not committed
cluster kill-replica "$holder"
killed_at=$SECONDS
say "SIGKILL replica $holder while it holds the lease"

final=""
for _ in $(seq 1 900); do
  final=$(q 2 "SELECT status, owner, attempts FROM job_runs
    WHERE job = 'late_fees' AND as_of_date = '$day'")
  [[ "$final" == succeeded* ]] && break
  sleep 0.1
done
read -r status new_owner attempts <<<"$final"
say "late_fees $day after $((SECONDS - killed_at)) s: $status by $new_owner, attempt $attempts"
[ "$status" = succeeded ] || fail "the day did not finish after its holder was killed"
[ "$attempts" = 2 ] || fail "expected the day to finish at attempt 2, got $attempts"
[ "$new_owner" != "$owner" ] || fail "the killed replica's attempt finished the day"
survivor=""
for i in 1 2 3; do
  if [ "$i" != "$holder" ] && [[ "$new_owner" == */"$(cat "$dir/r$i/server.pid")"/* ]]; then
    survivor=$i
  fi
done
[ -n "$survivor" ] || fail "owner $new_owner is none of the surviving replicas"

ran=$(cat "$dir"/r[123]/server.log | grep -c "^huikuan-server: job late_fees $day: ran (" || true)
rows=$(q 2 "SELECT COUNT(*) FROM job_runs WHERE job = 'late_fees' AND as_of_date = '$day'")
killed_events=$(q 2 "SELECT COUNT(*) FROM audit_events WHERE request_id = 'late_fees/$day/1'")
run_events=$(q 2 "SELECT COUNT(*) FROM audit_events WHERE request_id = 'late_fees/$day/2'")
created=$(q 2 "SELECT COALESCE(SUM(created_count), 0) FROM job_runs
  WHERE job = 'late_fees' AND id > $runs_before")
accruals_after=$(q 2 "SELECT COUNT(*) FROM late_fee_accruals")
twice=$(q 2 "SELECT COUNT(*) FROM (SELECT invoice_id, accrual_date FROM late_fee_accruals
  GROUP BY invoice_id, accrual_date HAVING COUNT(*) > 1) d")
say "replica $survivor took the day over: 'ran' logged $ran time(s), $rows job_runs row(s)," \
  "audit events of attempt 1: $killed_events, of attempt 2: $run_events;" \
  "accruals +$((accruals_after - accruals_before)), the run counted $created, charged twice: $twice"
[ "$ran" = 1 ] || fail "late_fees $day ran $ran times"
[ "$rows" = 1 ] || fail "$rows job_runs rows for late_fees $day"
[ "$killed_events" = 0 ] || fail "the killed attempt left $killed_events audit events"
[ "$run_events" -ge 1 ] || fail "the finishing attempt left no audit event"
[ "$((accruals_after - accruals_before))" = "$created" ] ||
  fail "accruals grew by $((accruals_after - accruals_before)), the run created $created"
[ "$created" -gt 0 ] || fail "the run charged no late fee (the demo has overdue invoices)"
[ "$twice" = 0 ] || fail "$twice (invoice, day) late fees charged twice"

for i in 1 2 3; do
  app "$(node_port "$i")" audit verify >"$dir/verify$i.log" 2>&1 ||
    fail "audit verify on node $i: $(cat "$dir/verify$i.log")"
done
say "audit verify on each node: $(tail -1 "$dir/verify1.log"); $(grep '^verified' "$dir/verify1.log")"
passed=1
say "done"
