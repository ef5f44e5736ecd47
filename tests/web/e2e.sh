#!/usr/bin/env bash
# The web app end to end (clients/web/tests/e2e): a fresh database with a small demo
# (--demo_customers=60, ~6,000 invoices, loads in seconds), the real huikuan-server serving the
# built app and the Connect API on a private port, and Debian's chromium through playwright-core.
# Screenshots and timings go to $HUIKUAN_BUILD_DIR/web-artifacts. HUIKUAN_E2E_FILES narrows the run to
# some test files (e.g. tests/e2e/reports.test.mjs) while working on a page.
set -euo pipefail
server=$1
: "${HUIKUAN_TEST_DB_PORT:?run under make test}"
root=$HUIKUAN_SOURCE_DIR
artifacts=$HUIKUAN_BUILD_DIR/web-artifacts
db="web_e2e_$$"
work=$(mktemp -d)
read -r http_port grpc_port < <(/usr/bin/python3 "$HUIKUAN_SOURCE_DIR/tests/support/free_ports.py" 2)
export HUIKUAN_DB_PORT=$HUIKUAN_TEST_DB_PORT HUIKUAN_DB_NAME=$db
cleanup() {
  [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  mariadb --no-defaults -h127.0.0.1 -P"$HUIKUAN_TEST_DB_PORT" -uroot -e "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$root/clients/web/dist/index.html" ] || { echo "FAIL: the web app is not built (make build)"; exit 1; }
start=$(date +%s)
"$server" migrate up >/dev/null
"$server" seed-demo --demo_customers=60 --tokens_dir="$work/logins"
# The browser tests run at any hour: no quiet hours (issue 14's default is 21:00-08:00);
# compliance.test.mjs sets its own through the settings page and clears them again.
mariadb --no-defaults -h127.0.0.1 -P"$HUIKUAN_TEST_DB_PORT" -uroot "$db" \
  -e "UPDATE compliance_settings SET quiet_start_minute = NULL, quiet_end_minute = NULL"
"$server" serve --listen=127.0.0.1:$grpc_port --http_listen=127.0.0.1:$http_port \
  --web_root="$root/clients/web/dist" --log_rpcs=false \
  --payment_account="中国工商银行上海崇明支行 1001 2345 6789 0123 456" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do
  if node -e "fetch('http://127.0.0.1:$http_port/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; echo "FAIL: server exited"; exit 1; }
  sleep 0.2
done
rm -rf "$artifacts"
mkdir -p "$artifacts"
cd "$root/clients/web"
status=0
HUIKUAN_E2E_BASE="http://127.0.0.1:$http_port" HUIKUAN_E2E_LOGINS="$work/logins" \
  HUIKUAN_E2E_ARTIFACTS="$artifacts" node --test --test-concurrency=1 ${HUIKUAN_E2E_FILES:-tests/e2e/} || status=$?
echo "web e2e: $(( $(date +%s) - start )) s including the demo load; screenshots in $artifacts"
[ $status -eq 0 ] || tail -50 "$work/serve.log"
exit $status
