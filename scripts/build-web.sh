#!/usr/bin/env bash
# Builds the web app (clients/web) into clients/web/dist, which huikuan-server serves at /.
# `npm ci` from the committed package-lock.json when node_modules is missing or older than the
# lock; the build (generated clients from proto/, type check, vite, bundle size) when any input
# is newer than the last build. Prints the initial JavaScript size (gzipped).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/clients/web"
cd "$web"
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "build-web: Node.js $(node --version) is too old; Vite needs 20.19 or newer" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src index.html vite.config.ts tsconfig.json package-lock.json scripts \
     "$root/proto" -newer "$stamp" -not -path 'src/gen/*' -print -quit)" ]; then
  echo "web app is up to date ($(node -p "(require('./dist/bundle-size.json').initialJsGzipBytes/1024).toFixed(1)") KB initial JavaScript gzipped)"
  exit 0
fi
npm run --silent build
