#!/usr/bin/env bash
# Writes the internal-token key pair into DIR once (never overwrites): token-signing-key.pem (ECDSA P-256, PKCS#8,
# the gateway's only) and token-public-keys.pem (every service). Rotation: deploy/internal-tokens.md.
set -euo pipefail
dir="${1:?usage: token-keys.sh DIR}"
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
mkdir -p "$dir"
if [ ! -s "$dir/token-signing-key.pem" ]; then
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/token-signing-key.pem")
  rm -f "$dir/token-public-keys.pem"
fi
[ -s "$dir/token-public-keys.pem" ] || openssl pkey -in "$dir/token-signing-key.pem" -pubout -out "$dir/token-public-keys.pem"
