#!/usr/bin/env bash
# Makes (once) the certificate that encrypts the services' secrets key ring — a PEM file with the certificate and its
# private key — and prints its path. It never goes into the database; losing it loses the stored secrets, so a
# production deployment keeps it in a Kubernetes Secret (or uses AWS KMS instead): see deploy/secrets-at-rest.md.
set -euo pipefail
FILE="${1:?usage: ensure-keyring.sh <file>}"
if [ ! -s "$FILE" ]; then
  command -v openssl >/dev/null || { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq openssl >/dev/null; }
  mkdir -p "$(dirname "$FILE")"
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=thalian-keyring" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  (umask 077; cat "$WORK/cert.pem" "$WORK/key.pem" > "$FILE")
fi
echo "$FILE"
