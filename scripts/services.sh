# The services and their local ports; sourced by run.sh, stop.sh and demo.sh.
# shellcheck shell=bash
SERVICES=(AwsCollector:8081 IdpCollector:8082 Correlation:8083 Findings:8084 Delivery:8085 Gateway:8080)
RUN_DIR="${THALIAN_RUN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.run}"
GATEWAY_URL="http://127.0.0.1:8080"
