#!/usr/bin/env bash
# Brings the whole platform up: infrastructure, build, five services in the background, health-checked.
# Re-running restarts the services with the current code. Logs: .run/logs/<service>.log
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
bash scripts/stop.sh >/dev/null

echo "[run] building"
dotnet build Thalian.Platform.sln -c Release -nologo -v quiet -clp:ErrorsOnly

mkdir -p "$RUN_DIR/logs"
# The key the gateway signs internal tokens with; generated once per machine, never committed.
[ -s "$RUN_DIR/signing-key" ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$RUN_DIR/signing-key")
export Thalian__Internal__SigningKey; Thalian__Internal__SigningKey=$(cat "$RUN_DIR/signing-key")
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  dir="services/$name/Thalian.$name"
  nohup dotnet "$dir/bin/Release/net10.0/Thalian.$name.dll" --contentRoot "$PWD/$dir" --urls "http://127.0.0.1:$port" \
    > "$RUN_DIR/logs/$name.log" 2>&1 &
  echo $! > "$RUN_DIR/$name.pid"
done

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then echo "[run] $name ready on :$port"; break; fi
    if ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      echo "[run] $name exited; last log lines:"; tail -n 20 "$RUN_DIR/logs/$name.log"; exit 1
    fi
    [ "$i" = 120 ] && { echo "[run] $name not ready after 60 s; see $RUN_DIR/logs/$name.log"; exit 1; }
    sleep 0.5
  done
done

echo "[run] Thalian is up: gateway $GATEWAY_URL  (logs in $RUN_DIR/logs, stop with scripts/stop.sh)"
