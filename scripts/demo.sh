#!/usr/bin/env bash
# The demo environment (Kestrel Dynamics: two AWS accounts, five IdPs, played by the emulators).
#   bash scripts/demo.sh start-emulators   start the AWS (:9101) and IdP (:9102 http, :9103 https) emulators
#   bash scripts/demo.sh [--verify]        create a demo tenant, connect everything through the gateway, print findings;
#                                          --verify also compares them with deploy/demo/expected-findings.json (exit 1 on a difference)
# scripts/run.sh calls both in demo mode; the platform must be running (started by run.sh) for the second form.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

AWS_EMULATOR_PORT=9101
IDP_EMULATOR_PORT=9102
IDP_EMULATOR_TLS_PORT=9103
IDP_EMULATOR_CERT="$RUN_DIR/idp-emulator.pem"

wait_for() { # name url pidfile
  for i in $(seq 1 60); do
    if curl -fsS -k "$2" >/dev/null 2>&1; then echo "[demo] $1 ready"; return 0; fi
    if ! kill -0 "$(cat "$3")" 2>/dev/null; then echo "[demo] $1 exited; see $RUN_DIR/logs/$1.log"; tail -n 20 "$RUN_DIR/logs/$1.log"; return 1; fi
    [ "$i" = 60 ] && { echo "[demo] $1 not ready after 30 s; see $RUN_DIR/logs/$1.log"; return 1; }
    sleep 0.5
  done
}

start_emulators() {
  mkdir -p "$RUN_DIR/logs"
  local bin=bin/Release/net10.0
  nohup dotnet "tests/Emulators/Thalian.AwsEmulator/$bin/Thalian.AwsEmulator.dll" \
    --scenario "$PWD/deploy/demo/aws-scenario.json" --urls "http://127.0.0.1:$AWS_EMULATOR_PORT" \
    > "$RUN_DIR/logs/AwsEmulator.log" 2>&1 &
  echo $! > "$RUN_DIR/AwsEmulator.pid"
  nohup dotnet "tests/Emulators/Thalian.IdpEmulator/$bin/Thalian.IdpEmulator.dll" \
    --scenario "$PWD/deploy/demo/idp-scenario.json" \
    --urls "http://127.0.0.1:$IDP_EMULATOR_PORT;https://127.0.0.1:$IDP_EMULATOR_TLS_PORT" --cert-out "$IDP_EMULATOR_CERT" \
    > "$RUN_DIR/logs/IdpEmulator.log" 2>&1 &
  echo $! > "$RUN_DIR/IdpEmulator.pid"
  wait_for AwsEmulator "http://127.0.0.1:$AWS_EMULATOR_PORT/health" "$RUN_DIR/AwsEmulator.pid"
  wait_for IdpEmulator "http://127.0.0.1:$IDP_EMULATOR_PORT/health" "$RUN_DIR/IdpEmulator.pid"
}

drive() {
  local driver=deploy/demo/Thalian.Demo/bin/Release/net10.0/Thalian.Demo.dll
  [ -f "$driver" ] || dotnet build deploy/demo/Thalian.Demo -c Release -nologo -v quiet -clp:ErrorsOnly
  # The gateway's create-tenant command needs the same token keys as the running gateway (run.sh created them).
  if [ -z "${Thalian__Internal__TokenSigningKeyFile:-}" ]; then
    [ -s "$RUN_DIR/token-signing-key.pem" ] || { echo "[demo] no $RUN_DIR/token-signing-key.pem: start the platform with scripts/run.sh first"; exit 1; }
    export Thalian__Internal__TokenSigningKeyFile="$RUN_DIR/token-signing-key.pem"
    export Thalian__Internal__TokenPublicKeysFile="$RUN_DIR/token-public-keys.pem"
  fi
  local verify=()
  [ "${1:-}" = "--verify" ] && verify=(--verify "$PWD/deploy/demo/expected-findings.json")
  (umask 077; dotnet "$driver" --repo-root "$PWD" --gateway "$GATEWAY_URL" \
    --aws-emulator "http://127.0.0.1:$AWS_EMULATOR_PORT" --idp-emulator "http://127.0.0.1:$IDP_EMULATOR_PORT" \
    --idp-emulator-https "https://127.0.0.1:$IDP_EMULATOR_TLS_PORT" --state-file "$RUN_DIR/demo-tenant.json" "${verify[@]}")
}

case "${1:-}" in
  start-emulators) start_emulators ;;
  ""|--verify) drive "${1:-}" ;;
  *) echo "usage: $0 [start-emulators | --verify]"; exit 2 ;;
esac
