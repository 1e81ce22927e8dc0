#!/usr/bin/env bash
# The .NET 10 SDK must be on PATH; on a machine without it, say how to get it rather than fail obscurely.
set -euo pipefail
if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "[dotnet] the .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
if ! command -v curl >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends curl >/dev/null
fi
