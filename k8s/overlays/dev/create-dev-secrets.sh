#!/usr/bin/env bash
# Creates the Secrets the dev overlay expects, with fresh random values (nothing is kept on disk).
# Re-running keeps existing Secrets: PostgreSQL keeps the password it was first started with.
set -euo pipefail
NAMESPACE="${1:-thalian-dev}"
kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 || kubectl create namespace "$NAMESPACE"
exists() { kubectl -n "$NAMESPACE" get secret "$1" >/dev/null 2>&1 && echo "secret $1 already exists in $NAMESPACE"; }
random() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=' | cut -c1-"$1"; }
if ! exists thalian-secrets; then
  pg_password=$(random 32); mq_password=$(random 32)
  # Each service's own database role (deploy/database-roles.md): a password and a connection string per service;
  # ./db-roles.sh creates the roles once PostgreSQL runs.
  roles=()
  for service in gateway aws-collector idp-collector correlation findings delivery; do
    password=$(random 32)
    roles+=(--from-literal=db-password-"$service"="$password"
      --from-literal=postgres-connection-string-"$service"="Host=postgres;Port=5432;Database=thalian;Username=thalian_${service//-/_};Password=$password")
  done
  kubectl -n "$NAMESPACE" create secret generic thalian-secrets "${roles[@]}" \
    --from-literal=postgres-password="$pg_password" \
    --from-literal=rabbitmq-password="$mq_password" \
    --from-literal=rabbitmq-uri="amqp://thalian:$mq_password@rabbitmq:5672/"
  echo "secret thalian-secrets created in $NAMESPACE"
fi
# Internal tokens: an ECDSA P-256 pair made in a temporary directory; only the gateway mounts the private key.
if ! exists thalian-token-signing-key; then
  keys=$(mktemp -d); trap 'rm -rf "$keys"' EXIT
  bash "$(dirname "$0")/../../../scripts/token-keys.sh" "$keys"
  kubectl -n "$NAMESPACE" create secret generic thalian-token-signing-key --from-file=signing-key.pem="$keys/token-signing-key.pem"
  kubectl -n "$NAMESPACE" delete secret thalian-token-public-keys --ignore-not-found
  kubectl -n "$NAMESPACE" create secret generic thalian-token-public-keys --from-file=public-keys.pem="$keys/token-public-keys.pem"
  echo "secrets thalian-token-signing-key and thalian-token-public-keys created in $NAMESPACE"
fi
if ! kubectl -n "$NAMESPACE" get secret thalian-keyring >/dev/null 2>&1; then
  # The key-ring certificate lives only in this Secret (and wherever you back it up): see deploy/secrets-at-rest.md.
  keyring="$(mktemp -d)/keyring.pem"
  bash "$(dirname "$0")/../../../scripts/ensure-keyring.sh" "$keyring" >/dev/null
  kubectl -n "$NAMESPACE" create secret generic thalian-keyring --from-file=keyring.pem="$keyring"
  rm -f "$keyring"
  echo "secret thalian-keyring created in $NAMESPACE"
fi
