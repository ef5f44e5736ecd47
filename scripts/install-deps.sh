#!/usr/bin/env bash
# Installs the Debian packages huikuan needs to build, test and run. Idempotent: when every
# package is already installed it does nothing (no apt-get update, no network).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libmysqlcppconn-dev libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-pybind11 python3-dev
  mariadb-server mariadb-client
  python3-grpcio python3-protobuf python3-numpy python3-pandas python3-pytest python3-sklearn
  python3-matplotlib jupyter-nbconvert python3-ipykernel
  libcpp-httplib-dev libxlsxwriter-dev chromium fonts-noto-cjk clang-format libsodium-dev openssl
  libcurl4-openssl-dev python3-aiosmtpd
  # the meeting pack's XLSX and PDF exports (issue 11) and their tests
  libcairo2-dev libpango1.0-dev python3-openpyxl poppler-utils
  # make cluster and the fault tests: Galera SST by mariabackup (socat carries it), HAProxy
  haproxy mariadb-backup socat galera-4
  # make fuzz-build: clang 14 with its sanitizer and libFuzzer runtimes
  clang libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

# Node.js may come from Debian or from NodeSource (which bundles npm); take either.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

install_npm_tools() {
  # buf (proto lint, buf curl), pinned in tools/package-lock.json; reinstalled when the lock changes.
  local root
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -x "$root/tools/node_modules/.bin/buf" ] ||
     [ "$root/tools/package-lock.json" -nt "$root/tools/node_modules/.package-lock.json" ]; then
    # Not `npm ci`: npm 11 rejects buf's lock file because the registry records only some of
    # its per-platform optional packages. `install --no-save` honours the lock and leaves it as is.
    npm install --prefix "$root/tools" --no-save --no-audit --no-fund --loglevel=error
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  install_npm_tools
  exit 0
fi

echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_npm_tools
