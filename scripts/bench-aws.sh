#!/usr/bin/env bash
# Benchmark (not a test): one sync of an account at the IAM maximum of 5,000 users and 1,000 roles, served by the AWS
# emulator. Prints the sync's wall time and the collector's peak resident memory (VmHWM).
#   bash scripts/bench-aws.sh [users] [roles]
# Needs PostgreSQL and RabbitMQ (bash scripts/infra-up.sh) and python3; uses its own schema and RabbitMQ vhost.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS="${1:-5000}"; ROLES="${2:-1000}"
WORK="$(mktemp -d)"; VHOST="thalian-bench-aws"; SCHEMA="bench_aws_collector"
PG="Host=127.0.0.1;Port=5432;Database=thalian;Username=thalian;Password=thalian"
KEY="test-signing-key-for-gateway-tokens-0123456789"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  [[ -n "${COLLECTOR:-}" ]] && kill "$COLLECTOR" 2>/dev/null || true
  [[ -n "${EMULATOR:-}" ]] && kill "$EMULATOR" 2>/dev/null || true
  curl -s -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
  PGPASSWORD=thalian psql -h 127.0.0.1 -U thalian -d thalian -qc "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "Building (Release)…"
dotnet build -c Release -nologo -v q tests/Emulators/Thalian.AwsEmulator >/dev/null
dotnet build -c Release -nologo -v q services/AwsCollector/Thalian.AwsCollector >/dev/null

python3 - "$USERS" "$ROLES" > "$WORK/scenario.json" <<'PY'
import json, sys
users, roles = int(sys.argv[1]), int(sys.argv[2])
doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket+data/*"}]}
account = {
  "accountId": "555555555555",
  "accessKeys": [{"accessKeyId": "AKIABENCHMARK0000001", "secretAccessKey": "benchmarkSecret0000000000000000000000001", "principal": "user/auditor"}],
  "root": {"passwordEnabled": True, "passwordLastUsed": "-30d", "mfa": "virtual"},
  "groups": [{"name": f"group-{g}", "attachedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess", f"policy-{g}"], "inlinePolicies": {"inline": doc}} for g in range(50)],
  "policies": [{"name": f"policy-{g}", "document": doc} for g in range(50)],
  "users": [{"name": f"user-{i:05d}@example.com", "created": f"-{i % 900 + 1}d", "groups": [f"group-{i % 50}"],
             "tags": {"email": f"user-{i:05d}@example.com", "team": f"team-{i % 20}"},
             "password": {"lastUsed": f"-{i % 120}d"} if i % 3 else None,
             "mfaDevices": [{"type": "virtual", "name": f"mfa-{i}"}] if i % 4 == 0 else [],
             "inlinePolicies": {"own": doc} if i % 10 == 0 else {},
             "accessKeys": [{"created": f"-{i % 400 + 1}d", "lastUsed": f"-{i % 100}d" if i % 5 else None}] if i % 2 == 0 else []}
            for i in range(users)],
  "roles": [{"name": f"role-{r:04d}", "lastUsed": f"-{r % 300}d",
             "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{100000000000 + r}:root"}, "Action": "sts:AssumeRole"}]},
             "attachedPolicies": [f"policy-{r % 50}"], "inlinePolicies": {"inline": doc}} for r in range(roles)],
  "cloudTrail": [{"time": f"-{d}d", "eventName": "ConsoleLogin", "mfaUsed": True} for d in range(1, 30)],
}
print(json.dumps({"pageSize": 1000, "accounts": [account]}))
PY

curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null

EPORT="$(free_port)"; CPORT="$(free_port)"
dotnet tests/Emulators/Thalian.AwsEmulator/bin/Release/net10.0/Thalian.AwsEmulator.dll --scenario "$WORK/scenario.json" --urls "http://127.0.0.1:$EPORT" >"$WORK/emulator.log" 2>&1 &
EMULATOR=$!
KEYRING="$(bash scripts/ensure-keyring.sh "$WORK/keyring.pem")"
(cd services/AwsCollector/Thalian.AwsCollector/bin/Release/net10.0 && \
  ConnectionStrings__Postgres="$PG" ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:5672/$VHOST" Thalian__Schema="$SCHEMA" \
  Thalian__Internal__SigningKey="$KEY" Thalian__KeyRing__Certificate="$KEYRING" Thalian__Aws__EndpointOverride="http://127.0.0.1:$EPORT" Thalian__Aws__CloudTrailRequestsPerSecond=2 \
  Logging__LogLevel__Default=Warning exec dotnet Thalian.AwsCollector.dll --urls "http://127.0.0.1:$CPORT" >"$WORK/collector.log" 2>&1) &
COLLECTOR=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$CPORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$EPORT/health" >/dev/null

TOKEN="$(python3 - "$KEY" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
claims = {"iss": "thalian-gateway", "aud": "thalian-services", "tenant": "bench", "role": "admin", "sub": "bench", "iat": now, "nbf": now - 5, "exp": now + 3600}
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
print(head + "." + b64(hmac.new(sys.argv[1].encode(), head.encode(), hashlib.sha256).digest()))
PY
)"
echo "Connecting and syncing $USERS users / $ROLES roles…"
ID="$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"accessKeyId":"AKIABENCHMARK0000001","secretAccessKey":"benchmarkSecret0000000000000000000000001"}' \
  "http://127.0.0.1:$CPORT/api/v1/integrations/aws" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
for _ in $(seq 1 1200); do
  STATE="$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$CPORT/api/v1/integrations/aws/$ID")"
  DONE="$(python3 -c 'import json,sys; c=json.loads(sys.argv[1]); print("yes" if c["lastSyncCompletedAt"] else "no")' "$STATE")"
  [[ "$DONE" == yes ]] && break; sleep 0.5
done
python3 - "$STATE" "$(grep VmHWM /proc/$COLLECTOR/status | awk '{print $2}')" <<'PY'
import json, sys
from datetime import datetime
c = json.loads(sys.argv[1]); peak_kib = int(sys.argv[2])
parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
wall = (parse(c["lastSyncCompletedAt"]) - parse(c["lastSyncStartedAt"])).total_seconds()
print(f"complete={c['lastSyncComplete']} users={c['counts'] and c['counts']['users']} roles={c['counts'] and c['counts']['roles']} "
      f"batches={c['counts'] and c['counts']['batches']} error={c['lastError']}")
print(f"sync wall time: {wall:.1f} s; collector peak RSS (VmHWM): {peak_kib / 1024:.0f} MiB")
PY
