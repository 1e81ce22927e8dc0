#!/usr/bin/env bash
# Benchmark (not a test): 10,000 finding events through the delivery service to the Splunk HEC emulator and to a
# webhook receiver (StandardWebhooks-verified). Prints events/s, the p50/p99 delay from each event's commit to the
# receiver's 2xx, the delivery service's peak memory (VmHWM of its process), and the rate against a floor measured in
# the same run: the receiver ingesting the same bodies, pre-built, posted back to back.
#   bash scripts/bench-delivery.sh [events]
# Needs PostgreSQL and RabbitMQ (bash scripts/infra-up.sh) and python3; uses its own schema and RabbitMQ vhost.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-10000}"
WORK="$(mktemp -d)"; VHOST="thalian-bench-delivery"; SCHEMA="bench_delivery"; HEC_TOKEN="$(python3 -c 'import uuid; print(uuid.uuid4())')"
PG="Host=127.0.0.1;Port=5432;Database=thalian;Username=thalian;Password=thalian"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  [[ -n "${DELIVERY:-}" ]] && kill "$DELIVERY" 2>/dev/null || true
  [[ -n "${HEC:-}" ]] && kill "$HEC" 2>/dev/null || true
  curl -s -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
  PGPASSWORD=thalian psql -h 127.0.0.1 -U thalian -d thalian -qc "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
bash scripts/token-keys.sh "$WORK"

echo "Building (Release)…"
dotnet build -c Release -nologo -v q tests/Emulators/Thalian.HecEmulator >/dev/null
dotnet build -c Release -nologo -v q services/Delivery/Thalian.Delivery >/dev/null
dotnet build -c Release -nologo -v q tests/Thalian.Delivery.Tests/Benchmark >/dev/null

PGPASSWORD=thalian psql -h 127.0.0.1 -U thalian -d thalian -qc "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
curl -s -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null

HPORT="$(free_port)"; DPORT="$(free_port)"
dotnet tests/Emulators/Thalian.HecEmulator/bin/Release/net10.0/Thalian.HecEmulator.dll --urls "http://127.0.0.1:$HPORT" --token "$HEC_TOKEN" \
  >"$WORK/hec.log" 2>&1 &
HEC=$!
KEYRING="$(bash scripts/ensure-keyring.sh "$WORK/keyring.pem")"
(cd services/Delivery/Thalian.Delivery/bin/Release/net10.0 && \
  ConnectionStrings__Postgres="$PG" ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:5672/$VHOST" Thalian__Schema="$SCHEMA" \
  Thalian__Internal__TokenPublicKeysFile="$WORK/token-public-keys.pem" Thalian__KeyRing__Certificate="$KEYRING" Delivery__AllowInsecureHttp=true \
  Logging__LogLevel__Default=Warning exec dotnet Thalian.Delivery.dll --urls "http://127.0.0.1:$DPORT" >"$WORK/delivery.log" 2>&1) &
DELIVERY=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$DPORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$DPORT/health/ready" >/dev/null || { echo "delivery service not ready:"; tail -n 20 "$WORK/delivery.log"; exit 1; }
curl -sf "http://127.0.0.1:$HPORT/services/collector/health" >/dev/null

dotnet tests/Thalian.Delivery.Tests/Benchmark/bin/Release/net10.0/Thalian.Delivery.Benchmark.dll --events "$EVENTS" \
  --delivery "http://127.0.0.1:$DPORT" --rabbit "amqp://guest:guest@127.0.0.1:5672/$VHOST" --hec "http://127.0.0.1:$HPORT/" \
  --hec-token "$HEC_TOKEN" --signing-key "$WORK/token-signing-key.pem" --pid "$DELIVERY"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
