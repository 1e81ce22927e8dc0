#!/usr/bin/env bash
# Benchmark (not a test): discovery and first sync of an AWS organisation of N member accounts × M users, served by the
# AWS emulator (Organizations + AssumeRole into each member's ThalianAudit role). Prints the wall time, its ratio to one
# member synced on its own in the same run (the floor), AWS requests per account and the collector's peak RSS (VmHWM).
#   bash scripts/bench-aws-org.sh [members=200] [users=100]
# Needs PostgreSQL and RabbitMQ (bash scripts/infra-up.sh) and python3; uses its own schema and RabbitMQ vhost.
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS="${1:-200}"; USERS="${2:-100}"
WORK="$(mktemp -d)"; VHOST="thalian-bench-aws-org"; SCHEMA="bench_aws_org_collector"
PG="Host=127.0.0.1;Port=5432;Database=thalian;Username=thalian;Password=thalian"
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

python3 - "$MEMBERS" "$USERS" > "$WORK/scenario.json" <<'PY'
import json, sys
members, users = int(sys.argv[1]), int(sys.argv[2])
management = "400000000000"
role = {"name": "ThalianAudit", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{management}:user/thalian-org"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "bench-external-id"}}}]}}
doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
def account(account_id, name, keys=()):
    return {"accountId": account_id, "name": name, "accessKeys": list(keys), "roles": [role],
            "root": {"passwordEnabled": False, "mfa": "none"},
            "groups": [{"name": f"group-{g}", "attachedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "inlinePolicies": {"inline": doc}} for g in range(5)],
            "users": [{"name": f"user-{i:03d}@example.com", "created": f"-{i % 400 + 1}d", "groups": [f"group-{i % 5}"],
                       "password": {"lastUsed": f"-{i % 120}d"} if i % 3 else None,
                       "mfaDevices": [{"type": "virtual", "name": f"mfa-{i}"}] if i % 4 == 0 else [],
                       "accessKeys": [{"created": f"-{i % 300 + 1}d", "lastUsed": f"-{i % 100}d"}] if i % 2 == 0 else []} for i in range(users)]}
accounts = [account(management, "management", [{"accessKeyId": "AKIABENCHORGMGMT0001", "secretAccessKey": "benchmarkOrgSecret0000000000000000000001", "principal": "user/thalian-org"}])]
accounts += [account(f"4{n:011d}", f"member-{n:03d}") for n in range(1, members + 1)]
print(json.dumps({"pageSize": 1000, "organization": {"id": "o-benchmark01", "managementAccountId": management, "features": ["RootCredentialsManagement"]},
                  "accounts": accounts}))
PY

curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null

EPORT="$(free_port)"; CPORT="$(free_port)"
dotnet tests/Emulators/Thalian.AwsEmulator/bin/Release/net10.0/Thalian.AwsEmulator.dll --scenario "$WORK/scenario.json" --urls "http://127.0.0.1:$EPORT" >"$WORK/emulator.log" 2>&1 &
EMULATOR=$!
bash scripts/token-keys.sh "$WORK"
KEYRING="$(bash scripts/ensure-keyring.sh "$WORK/keyring.pem")"
(cd services/AwsCollector/Thalian.AwsCollector/bin/Release/net10.0 && \
  ConnectionStrings__Postgres="$PG" ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:5672/$VHOST" Thalian__Schema="$SCHEMA" \
  Thalian__Internal__TokenPublicKeysFile="$WORK/token-public-keys.pem" Thalian__KeyRing__Certificate="$KEYRING" Thalian__Aws__EndpointOverride="http://127.0.0.1:$EPORT" \
  Logging__LogLevel__Default=Warning exec dotnet Thalian.AwsCollector.dll --urls "http://127.0.0.1:$CPORT" >"$WORK/collector.log" 2>&1) &
COLLECTOR=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$CPORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$EPORT/health" >/dev/null

# Internal tokens live two minutes: each call mints its own, as the gateway would.
token() { python3 scripts/mint-token.py "$WORK/token-signing-key.pem" "$1" admin --sandbox; }
API="http://127.0.0.1:$CPORT/api/v1/integrations"
MGMT='"accessKeyId":"AKIABENCHORGMGMT0001","secretAccessKey":"benchmarkOrgSecret0000000000000000000001"'

echo "Floor: one member account (100 users) connected on its own through AssumeRole…"
FLOOR_START="$(date +%s.%N)"
FID="$(curl -sf -H "Authorization: Bearer $(token bench-floor)" -H 'content-type: application/json' \
  -d "{$MGMT,\"roleArn\":\"arn:aws:iam::400000000001:role/ThalianAudit\",\"externalId\":\"bench-external-id\"}" "$API/aws" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
until curl -sf -H "Authorization: Bearer $(token bench-floor)" "$API/aws/$FID" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["lastSyncCompletedAt"] else 1)'; do sleep 0.2; done
FLOOR_END="$(date +%s.%N)"
BEFORE="$(curl -sf "http://127.0.0.1:$EPORT/emulator/requests" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

echo "Connecting the organisation: $MEMBERS members × $USERS users…"
START="$(date +%s.%N)"
OID="$(curl -sf -H "Authorization: Bearer $(token bench-org)" -H 'content-type: application/json' -d "{$MGMT,\"memberExternalId\":\"bench-external-id\"}" \
  "$API/aws-organization" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
for _ in $(seq 1 3600); do
  STATE="$(curl -sf -H "Authorization: Bearer $(token bench-org)" "$API/aws-organization/$OID")"
  python3 -c 'import json,sys; m=json.loads(sys.argv[1])["members"]; sys.exit(0 if m and all(x["lastSyncCompletedAt"] for x in m) else 1)' "$STATE" && break
  sleep 1
done
END="$(date +%s.%N)"
curl -sf "http://127.0.0.1:$EPORT/emulator/requests" > "$WORK/requests.json"
python3 - "$STATE" "$WORK/requests.json" "$BEFORE" "$FLOOR_START" "$FLOOR_END" "$START" "$END" "$(grep VmHWM /proc/$COLLECTOR/status | awk '{print $2}')" <<'PY'
import collections, json, sys
state = json.loads(sys.argv[1]); served = json.load(open(sys.argv[2]))[int(sys.argv[3]):]
floor = float(sys.argv[5]) - float(sys.argv[4]); wall = float(sys.argv[7]) - float(sys.argv[6]); peak = int(sys.argv[8]) / 1024
members = state["members"]
by_status = collections.Counter(m["status"] for m in members)
per_account = collections.Counter(r["accountId"] for r in served if r["accountId"] != "400000000000")
mgmt = collections.Counter(r["action"] for r in served if r["accountId"] == "400000000000")
counts = sorted(per_account.values())
print(f"members={len(members)} statuses={dict(by_status)} users synced={sum((m['counts'] or {}).get('users', 0) for m in members)}")
print(f"floor (one account alone): {floor:.1f} s; organisation discovery + first sync: {wall:.1f} s; ratio {wall / floor:.1f}x "
      f"(= {wall / max(1, len(members)):.2f} s per account)")
print(f"AWS requests per member account: median {counts[len(counts) // 2]}, max {counts[-1]}; management-account calls: {dict(mgmt)}")
print(f"collector peak RSS (VmHWM): {peak:.0f} MiB")
PY
