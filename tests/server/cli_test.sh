#!/usr/bin/env bash
# The huikuan-server commands as `make run` uses them, against the harness's MariaDB:
# refusing to serve a schema that is behind, migrate up/down/status, seed-demo (once only),
# token, and serving a real WhoAmI with the issued token until SIGTERM stops it cleanly.
# Usage (ctest): cli_test.sh SERVER_BINARY PYTHON_STUBS_DIR
set -euo pipefail
server=$1
stubs=$2
: "${HUIKUAN_TEST_DB_PORT:?run under make test}"
db="cli_test_$$"
work=$(mktemp -d)
grpc_port=$(/usr/bin/python3 "$HUIKUAN_SOURCE_DIR/tests/support/free_ports.py" 1)
export HUIKUAN_DB_PORT=$HUIKUAN_TEST_DB_PORT HUIKUAN_DB_NAME=$db
export HUIKUAN_LISTEN=127.0.0.1:$grpc_port
# The HTTP side is tested by tests/http; here it stays off (its default port may be taken).
export HUIKUAN_HTTP_LISTEN=
cleanup() {
  [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null || true
  mariadb --no-defaults -h127.0.0.1 -P"$HUIKUAN_TEST_DB_PORT" -uroot -e "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_contains() { grep -q -- "$2" <<<"$1" || fail "expected \"$2\" in: $1"; }

total=$(ls "$HUIKUAN_MIGRATIONS_DIR"/*.up.sql | wc -l)

"$server" migrate up 2 >"$work/out" || fail "migrate up 2"
expect_contains "$(cat "$work/out")" "schema version 2, pending: 3"

if "$server" serve >"$work/out" 2>&1; then fail "serve started with pending migrations"; fi
expect_contains "$(cat "$work/out")" "schema is behind"
# A bad approval chain stops serve before anything else, naming the flag and the bad part.
if "$server" serve --credit_approval_bands="100=finance_head;above=cfo" >"$work/out" 2>&1; then
  fail "serve started with a bad --credit_approval_bands"
fi
expect_contains "$(cat "$work/out")" '--credit_approval_bands: "above=cfo": "cfo" is not an approver role'

"$server" migrate up >/dev/null || fail "migrate up"
status=$("$server" migrate status)
expect_contains "$status" "pending: none"
version=$(sed -E 's/schema version ([0-9]+).*/\1/' <<<"$status")
"$server" migrate down 1 >/dev/null || fail "migrate down 1"
expect_contains "$("$server" migrate status)" "pending: $version"
"$server" migrate up >/dev/null
if "$server" migrate down 0 2>/dev/null; then fail "migrate down 0 accepted"; fi

expect_contains "$("$server" seed-demo --demo_customers=40 --tokens_dir="$work/tokens")" \
  "demo data loaded"
expect_contains "$("$server" seed-demo --demo_customers=40)" "already has data"
[ "$(ls "$work/tokens"/*.token | wc -l)" -eq 12 ] || fail "expected 12 role tokens, got $(ls "$work/tokens")"
# One web login per role beside the tokens: "username password".
[ "$(ls "$work/tokens"/*.password | wc -l)" -eq 12 ] || fail "expected 12 demo logins, got $(ls "$work/tokens")"
grep -Eq '^finance\.head demo-[A-Za-z0-9_-]{12}$' "$work/tokens/finance_head.password" ||
  fail "finance_head.password is not 'finance.head demo-...': $(cat "$work/tokens/finance_head.password")"

token=$("$server" token --token_file="$work/admin.token")
[ "$token" = "$(cat "$work/admin.token")" ] || fail "token file differs from printed token"
[[ "$token" == hk_* ]] || fail "token format: $token"

"$server" serve --log_rpcs=false 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 1 100); do
  if PYTHONPATH="$stubs" HUIKUAN_TARGET=127.0.0.1:$grpc_port /usr/bin/python3 \
       "$HUIKUAN_SOURCE_DIR/clients/python/whoami.py" "$work/tokens/finance_head.token" \
       >"$work/whoami" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
expect_contains "$(cat "$work/whoami")" 'role: "finance_head"'
kill -TERM "$serve_pid"
wait "$serve_pid" || fail "serve did not exit cleanly on SIGTERM: $(cat "$work/serve.log")"
serve_pid=
echo "cli_test: $total migrations, refuse/migrate/seed/token/serve all behaved"
