#!/usr/bin/env bash
# The load run (not part of CI): 20 tenants × (2 AWS accounts × 1,000 users + an IdP of 5,000 accounts) syncing at once
# while wrk reads GET /api/v1/findings through the gateway (loopback only, stopped when every tenant has settled).
# Runs the platform on its own PostgreSQL cluster and RabbitMQ node, on free ports, like the fault suite.
# Numbers: .run/load/results.md. Asserts: no failed request, no failed sync, every tenant sees exactly its own findings.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends wrk >/dev/null
fi
bash scripts/faults.sh -c Release --filter "Category=Load" "$@"
cat .run/load/results.md
