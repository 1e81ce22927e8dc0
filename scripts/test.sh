#!/usr/bin/env bash
# Runs every test on real PostgreSQL and RabbitMQ (started here when absent), then the console's tests in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
bash scripts/infra-up.sh
bash scripts/ensure-deploy-tools.sh
bash scripts/ensure-rsyslog.sh
dotnet test Thalian.Platform.sln -nologo "$@"
bash scripts/console-test.sh
# The fault suite (bash scripts/faults.sh) runs on its own: ~40 min on this machine and one scenario still fails
# (README, "Faults"); it joins this command once it is green and fast enough for the CI budget.
