#!/usr/bin/env bash
# Creates each service's own database role in the dev overlay's PostgreSQL (deploy/database-roles.md): runs
# scripts/db-roles.sh inside the postgres pod with the passwords create-dev-secrets.sh put into thalian-secrets.
# Run it once after `kubectl apply -k k8s/overlays/dev` (the services restart until their roles exist); re-running is safe.
set -euo pipefail
NAMESPACE="${1:-thalian-dev}"
kubectl -n "$NAMESPACE" rollout status statefulset/postgres --timeout=180s >/dev/null
secret() { kubectl -n "$NAMESPACE" get secret thalian-secrets -o "jsonpath={.data.$1}" | base64 -d; }
variables=()
for service in gateway aws-collector idp-collector correlation findings delivery; do
  name=${service//-/_}
  variables+=("THALIAN_DB_PASSWORD_${name^^}=$(secret "db-password-$service")")
done
kubectl -n "$NAMESPACE" exec -i statefulset/postgres -- env PGUSER=thalian PGDATABASE=thalian "${variables[@]}" sh -s \
  < "$(dirname "$0")/../../../scripts/db-roles.sh"
