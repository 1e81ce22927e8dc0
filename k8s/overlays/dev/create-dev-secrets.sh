#!/usr/bin/env bash
# Creates the Secret the dev overlay expects, with fresh random values (nothing is written to disk).
# Re-running keeps an existing Secret: PostgreSQL keeps the password it was first started with.
set -euo pipefail
NAMESPACE="${1:-thalian-dev}"
kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 || kubectl create namespace "$NAMESPACE"
if kubectl -n "$NAMESPACE" get secret thalian-secrets >/dev/null 2>&1; then
  echo "secret thalian-secrets already exists in $NAMESPACE"; exit 0
fi
random() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=' | cut -c1-"$1"; }
pg_password=$(random 32); mq_password=$(random 32)
kubectl -n "$NAMESPACE" create secret generic thalian-secrets \
  --from-literal=postgres-password="$pg_password" \
  --from-literal=rabbitmq-password="$mq_password" \
  --from-literal=postgres-connection-string="Host=postgres;Port=5432;Database=thalian;Username=thalian;Password=$pg_password" \
  --from-literal=rabbitmq-uri="amqp://thalian:$mq_password@rabbitmq:5672/" \
  --from-literal=signing-key="$(random 48)"
echo "secret thalian-secrets created in $NAMESPACE"
if ! kubectl -n "$NAMESPACE" get secret thalian-keyring >/dev/null 2>&1; then
  # The key-ring certificate lives only in this Secret (and wherever you back it up): see deploy/secrets-at-rest.md.
  keyring="$(mktemp -d)/keyring.pem"
  bash "$(dirname "$0")/../../../scripts/ensure-keyring.sh" "$keyring" >/dev/null
  kubectl -n "$NAMESPACE" create secret generic thalian-keyring --from-file=keyring.pem="$keyring"
  rm -f "$keyring"
  echo "secret thalian-keyring created in $NAMESPACE"
fi
