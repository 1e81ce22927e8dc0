#!/usr/bin/env bash
# Regenerates the public OpenAPI document (services/Gateway/Thalian.Gateway/Documenting/public-api.json) from the
# services' generated documents. Run it after changing a public endpoint and commit the result; the console's API types
# are generated from it when the console builds, and the gateway tests fail while it is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
THALIAN_WRITE_OPENAPI=1 dotnet test tests/Thalian.Gateway.Tests -nologo --filter "FullyQualifiedName~PublicApiDocumentTests.The_committed_public_document"
echo "[openapi] wrote services/Gateway/Thalian.Gateway/Documenting/public-api.json"
