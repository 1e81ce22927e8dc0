#!/usr/bin/env bash
# Stops the services run.sh started (PostgreSQL and RabbitMQ keep running).
set -euo pipefail
source "$(dirname "$0")/services.sh"
for pidfile in "$RUN_DIR"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    echo "[stop] $(basename "$pidfile" .pid) stopped"
  fi
  rm -f "$pidfile"
done
