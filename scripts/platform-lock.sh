# shellcheck shell=bash
# Sourced by scripts that start the platform on its fixed ports: waits for /tmp/thalian-platform.lock (shared by every
# checkout on this machine), then stops the platform and releases the lock when the script exits.
PLATFORM_LOCK=/tmp/thalian-platform.lock
acquire_platform_lock() {
  local i
  for i in $(seq 1 180); do
    mkdir "$PLATFORM_LOCK" 2>/dev/null && break
    [ "$i" = 1 ] && echo "[lock] waiting for $PLATFORM_LOCK (another checkout runs the platform)"
    [ "$i" = 180 ] && { echo "[lock] $PLATFORM_LOCK still held after 30 minutes"; exit 1; }
    sleep 10
  done
  trap 'bash scripts/stop.sh >/dev/null 2>&1 || true; rmdir "$PLATFORM_LOCK" 2>/dev/null || true' EXIT
}
