#!/usr/bin/env bash
# Runs every test on real PostgreSQL and RabbitMQ (started here when absent), then the console's tests in a real browser,
# then the fault suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
bash scripts/ensure-deploy-tools.sh
bash scripts/ensure-rsyslog.sh
dotnet test Thalian.Platform.sln -nologo "$@"
bash scripts/console-test.sh
# The fault suite: the whole platform as processes on a database and broker of its own, every fault against a fault-free run.
bash scripts/faults.sh
