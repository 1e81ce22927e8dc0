#!/usr/bin/env bash
# Benchmark (not a test): Okta push latency through the whole platform. Alice is deactivated and reactivated in the IdP
# emulator SAMPLES times (default 100); each change is pushed to the gateway's /hooks endpoint as an Okta event hook, and
# the time until her stale-iam-user finding's FindingOpened/Reopened (then FindingResolved) is on the bus is recorded.
# Prints p50/p99. Needs PostgreSQL and RabbitMQ (bash scripts/infra-up.sh); uses its own schemas and RabbitMQ vhost.
#   bash scripts/bench-realtime.sh [samples]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
THALIAN_REALTIME_BENCHMARK_SAMPLES="${1:-100}" dotnet test tests/Thalian.Gateway.Tests -nologo \
  --filter "FullyQualifiedName~Push_latency" --logger "console;verbosity=detailed" 2>&1 | grep -E " push → |Passed|Failed"
