#!/usr/bin/env bash
# Tools the deployment tests (tests/Thalian.Deployment.Tests) need: kubectl (its built-in kustomize renders
# k8s/), Node.js and the validator's npm packages (Kubernetes and Compose schemas), from the committed lock file.
# A missing tool is reported, not fatal: the deployment tests then fail saying what is missing, and the rest
# of the suite still runs.
set -uo pipefail
cd "$(dirname "$0")/.."
VALIDATOR=tests/Thalian.Deployment.Tests/validator

if ! command -v kubectl >/dev/null; then
  # Debian 12 has no kubectl package; the machine image ships it (package "kubectl" from the Kubernetes/Google
  # Cloud apt repository, which includes kustomize). Without it the deployment tests cannot render k8s/.
  echo "[deploy-tools] kubectl not found: install it (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/)" >&2
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "[deploy-tools] installing Node.js (Debian package)"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends nodejs npm >/dev/null \
    || echo "[deploy-tools] could not install Node.js" >&2
fi
# npm ci only when the installed tree is older than the lock file (it wipes node_modules each time).
if [ ! -f "$VALIDATOR/node_modules/.package-lock.json" ] || [ "$VALIDATOR/package-lock.json" -nt "$VALIDATOR/node_modules/.package-lock.json" ]; then
  echo "[deploy-tools] npm ci ($VALIDATOR)"
  npm ci --prefix "$VALIDATOR" --no-audit --no-fund --loglevel=error >/dev/null \
    || echo "[deploy-tools] npm ci failed in $VALIDATOR" >&2
fi
# cfn-lint (AWS's CloudFormation linter) validates deploy/aws templates offline.
if ! command -v cfn-lint >/dev/null; then
  echo "[deploy-tools] installing cfn-lint (pip)"
  python3 -m pip install --quiet --user cfn-lint >/dev/null 2>&1 || python3 -m pip install --quiet --break-system-packages --user cfn-lint >/dev/null 2>&1 \
    || echo "[deploy-tools] could not install cfn-lint" >&2
fi
exit 0
