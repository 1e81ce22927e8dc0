#!/usr/bin/env bash
# Runs every test on real PostgreSQL and RabbitMQ (started here when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
bash scripts/ensure-deploy-tools.sh
bash scripts/ensure-rsyslog.sh
dotnet test Thalian.Platform.sln -nologo "$@"
