#!/usr/bin/env bash
# The console's tests: type check and build against the OpenAPI document, Vitest component tests, then Playwright
# end-to-end tests in Debian's chromium against the whole platform with the demo data (started here with scripts/run.sh
# on its fixed ports, stopped afterwards). Screenshots go to services/Gateway/console/test-results/.
# The platform uses fixed ports, so this waits for /tmp/thalian-platform.lock (shared with other checkouts on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
CONSOLE=services/Gateway/console

bash scripts/console.sh
(cd "$CONSOLE" && npx vitest run)

if ! command -v chromium >/dev/null 2>&1; then
  echo "[console-test] installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
fi

LOCK=/tmp/thalian-platform.lock
for i in $(seq 1 180); do
  mkdir "$LOCK" 2>/dev/null && break
  [ "$i" = 1 ] && echo "[console-test] waiting for $LOCK (another checkout runs the platform)"
  [ "$i" = 180 ] && { echo "[console-test] $LOCK still held after 30 minutes"; exit 1; }
  sleep 10
done
trap 'bash scripts/stop.sh >/dev/null 2>&1 || true; rmdir "$LOCK" 2>/dev/null || true' EXIT

THALIAN_DEMO=1 bash scripts/run.sh
(cd "$CONSOLE" && THALIAN_URL="$GATEWAY_URL" THALIAN_DEMO_STATE="$RUN_DIR/demo-tenant.json" THALIAN_ARTIFACTS="$PWD/test-results" npm run --silent e2e)
