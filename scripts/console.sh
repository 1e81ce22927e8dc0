#!/usr/bin/env bash
# Builds the console (services/Gateway/console) into its dist/, which the gateway serves at /.
# Installs Node.js and npm from Debian when they are absent; `npm ci` runs only when package-lock.json changed.
# The build generates the API types from the gateway's OpenAPI document first, so a console that does not follow an
# endpoint change fails here.
set -euo pipefail
cd "$(dirname "$0")/../services/Gateway/console"

node_ok() { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>18||(a===18&&b>=18)?0:1)'; }
if ! node_ok; then
  echo "[console] installing Node.js and npm (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  command -v node >/dev/null 2>&1 || apt-get install -y -qq nodejs >/dev/null
  command -v npm >/dev/null 2>&1 || apt-get install -y -qq npm >/dev/null
  node_ok || { echo "[console] Node.js 18.18 or newer is needed, found $(node -v 2>/dev/null || echo none)"; exit 1; }
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.thalian-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "[console] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.thalian-lock-hash
fi
case "${1:-build}" in
  build) echo "[console] building"; npm run --silent build ;;
  deps) ;;
  *) echo "usage: $0 [build | deps]"; exit 2 ;;
esac
