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

source scripts/platform-lock.sh
acquire_platform_lock
THALIAN_DEMO=1 bash scripts/run.sh
(cd "$CONSOLE" && THALIAN_URL="$GATEWAY_URL" THALIAN_DEMO_STATE="$RUN_DIR/demo-tenant.json" THALIAN_ARTIFACTS="$PWD/test-results" npm run --silent e2e)
