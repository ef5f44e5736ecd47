#!/usr/bin/env bash
# Runs every suite with ctest against a fresh private MariaDB that lives only for this run.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)

export HUIKUAN_TEST_DB_DIR="$root/var/testdb"
export HUIKUAN_TEST_DB_PORT=${HUIKUAN_TEST_DB_PORT:-3407}
export HUIKUAN_TEST_DB_SCRIPT="$root/scripts/db.sh"
export HUIKUAN_MIGRATIONS_DIR="$root/migrations"
export HUIKUAN_SOURCE_DIR="$root"
export HUIKUAN_BUILD_DIR="$build"

bash "$root/scripts/db.sh" stop "$HUIKUAN_TEST_DB_DIR" || true
rm -rf "$HUIKUAN_TEST_DB_DIR"
bash "$root/scripts/db.sh" start "$HUIKUAN_TEST_DB_DIR" "$HUIKUAN_TEST_DB_PORT"
trap 'bash "$root/scripts/db.sh" stop "$HUIKUAN_TEST_DB_DIR"' EXIT

cd "$build"
ctest --output-on-failure -j2 "${@:2}"
