#!/usr/bin/env bash
# Console benchmark (not a test): the gzipped JS size against its 300 kB budget, and the findings page's time to
# interactive in Debian's chromium for the demo tenant (20 open findings) and for a tenant with 10,000 open findings
# (copies of the demo's findings under new ids, written straight into the findings read model).
# Starts the platform with scripts/run.sh (fixed ports, under /tmp/thalian-platform.lock) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
source scripts/platform-lock.sh
COUNT="${BENCH_FINDINGS:-10000}"

command -v chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }
acquire_platform_lock
THALIAN_DEMO=1 bash scripts/run.sh >/dev/null
demo_tenant=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).tenantId)' "$RUN_DIR/demo-tenant.json")

# create-tenant needs the running gateway's token keys (run.sh made them).
export Thalian__Internal__TokenSigningKeyFile="$RUN_DIR/token-signing-key.pem" Thalian__Internal__TokenPublicKeysFile="$RUN_DIR/token-public-keys.pem"
gateway=services/Gateway/Thalian.Gateway
(umask 077; dotnet "$gateway/bin/Release/net10.0/Thalian.Gateway.dll" create-tenant --contentRoot "$PWD/$gateway" \
  --name "Kestrel Dynamics (demo) benchmark" --admin-key-name bench --json > "$RUN_DIR/bench-tenant.json")
bench_tenant=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).tenantId)' "$RUN_DIR/bench-tenant.json")
PGPASSWORD="${THALIAN_PG_PASSWORD:-thalian}" psql -q -h 127.0.0.1 -p "${THALIAN_PG_PORT:-5432}" -U "${THALIAN_PG_USER:-thalian}" \
  -d "${THALIAN_PG_DB:-thalian}" -v ON_ERROR_STOP=1 -v demo="$demo_tenant" -v bench="$bench_tenant" -v count="$COUNT" <<'SQL'
with demo as (select data, mt_dotnet_type, row_number() over () - 1 as i, count(*) over () as n
              from findings.mt_doc_findingview where tenant_id = :'demo' and data->>'Status' = 'open'),
     copies as (select d.*, c, gen_random_uuid() as new_id from demo d cross join generate_series(0, :count / (select count(*) from demo)::int + 1) c)
insert into findings.mt_doc_findingview (tenant_id, id, data, mt_dotnet_type)
select :'bench', new_id,
       data || jsonb_build_object('Id', new_id, 'Tenant', :'bench', 'ScopeId', gen_random_uuid(),
                                  'ResourceId', (data->>'ResourceId') || '-' || c, 'SearchText', (data->>'SearchText') || ' copy-' || c),
       mt_dotnet_type
from copies where c * n + i < :count;
SQL
# The demo tenant's own API key was shown once; the copies are benchmark data only and go when the tenant is retired.
trap 'PGPASSWORD="${THALIAN_PG_PASSWORD:-thalian}" psql -q -h 127.0.0.1 -U "${THALIAN_PG_USER:-thalian}" -d "${THALIAN_PG_DB:-thalian}" \
  -c "delete from findings.mt_doc_findingview where tenant_id = '"'$bench_tenant'"'" >/dev/null 2>&1 || true; \
  bash scripts/stop.sh >/dev/null 2>&1 || true; rmdir "$PLATFORM_LOCK" 2>/dev/null || true' EXIT
cd services/Gateway/console
THALIAN_URL="$GATEWAY_URL" node bench/findings-tti.mjs "demo=$RUN_DIR/demo-tenant.json" "$COUNT findings=$RUN_DIR/bench-tenant.json"
