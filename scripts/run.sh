#!/usr/bin/env bash
# Brings the whole platform up: infrastructure, build (services and the console), the services in the background, health-checked.
# Re-running restarts the services with the current code. Logs: .run/logs/<service>.log
# Demo mode (default while no real tenant exists; THALIAN_DEMO=0 disables, THALIAN_DEMO=1 forces): the AWS and IdP
# emulators play the Kestrel Dynamics demo company, and scripts/demo.sh connects it through the gateway and prints findings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
bash scripts/stop.sh >/dev/null

echo "[run] building"
dotnet build Thalian.Platform.sln -c Release -nologo -v quiet -clp:ErrorsOnly
bash scripts/console.sh

mkdir -p "$RUN_DIR/logs"
# The ECDSA P-256 key pair of internal tokens, generated once per machine, never committed: the gateway signs with
# the private key, the services hold only the public one (see deploy/internal-tokens.md).
bash scripts/token-keys.sh "$RUN_DIR"
export Thalian__Internal__TokenSigningKeyFile="$RUN_DIR/token-signing-key.pem"
export Thalian__Internal__TokenPublicKeysFile="$RUN_DIR/token-public-keys.pem"
# The certificate that encrypts the collectors' secrets key ring; like the signing key, never in the database.
export Thalian__KeyRing__Certificate; Thalian__KeyRing__Certificate=$(bash scripts/ensure-keyring.sh "$RUN_DIR/keyring.pem")
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"

# A "real" tenant is any gateway tenant that is not the demo's; none (or no database yet) means demo mode.
real_tenants() {
  PGPASSWORD="${THALIAN_PG_PASSWORD:-thalian}" psql -h 127.0.0.1 -p "${THALIAN_PG_PORT:-5432}" -U "${THALIAN_PG_USER:-thalian}" \
    -d "${THALIAN_PG_DB:-thalian}" -tAc "select count(*) from gateway.mt_doc_tenant where data->>'Name' <> 'Kestrel Dynamics (demo)'" 2>/dev/null || echo 0
}
DEMO="${THALIAN_DEMO:-auto}"
if [ "$DEMO" = auto ]; then
  if [ "$(real_tenants)" = 0 ]; then DEMO=1; else DEMO=0; echo "[run] real tenants exist: demo mode off (THALIAN_DEMO=1 forces it)"; fi
fi
if [ "$DEMO" = 1 ]; then
  echo "[run] demo mode: starting the AWS and IdP emulators with the demo scenario"
  bash scripts/demo.sh start-emulators
  export Thalian__Aws__EndpointOverride="http://127.0.0.1:9101"
  export Thalian__Idp__AllowCustomEndpoints=true
  export Delivery__AllowInsecureHttp=true   # the demo webhook receiver listens on plain http on loopback
  export Thalian__Idp__TrustedCertificatePath="$RUN_DIR/idp-emulator.pem"
fi

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
echo "[run] console: $GATEWAY_URL/  (sign in with an API key, e.g. the demo key below)"
if [ "$DEMO" = 1 ]; then
  bash scripts/demo.sh || { echo "[run] the demo did not finish (see above and $RUN_DIR/logs); the platform itself is up."; exit 1; }
fi
