#!/usr/bin/env bash
# The fault suite (tests/Thalian.Resilience.Tests): the whole platform as processes against its own PostgreSQL cluster and
# RabbitMQ node on free ports, each fault compared with a fault-free run. Results: .run/faults/results.md; progress and
# service logs: .run/faults/. Extra arguments go to dotnet test (e.g. --filter FullyQualifiedName~RabbitMQ).
# The load run in the same project is excluded unless the arguments select it (scripts/load.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-dotnet.sh
# The suite runs PostgreSQL's own binaries and a RabbitMQ node of its own; install them when absent (as infra-up.sh would).
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/sbin/rabbitmq-server ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends postgresql-15 rabbitmq-server >/dev/null
fi

# A run that was killed leaves its database cluster and broker node behind: stop those (only the suite's own, by name).
cleanup() {
  for dir in /tmp/thalian-faults-pg-*/data; do
    [ -d "$dir" ] || continue
    (cd / && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$dir" -m immediate stop >/dev/null 2>&1) || true
    rm -rf "$(dirname "$dir")"
  done
  for pid in $(pgrep -u rabbitmq beam.smp || true); do
    node=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^RABBITMQ_NODENAME=\(thalian-faults-.*\)$/\1/p')
    [ -n "$node" ] && /usr/sbin/rabbitmqctl -n "$node" stop >/dev/null 2>&1 || true
  done
  rm -rf /tmp/thalian-faults-rabbitmq-*
}
cleanup
trap cleanup EXIT
trap "exit 130" INT TERM
rm -f .run/faults/progress.log
# The load run (scripts/load.sh) lives in the same project: without a filter of the caller's, it is left out.
case " $* " in *" --filter "*) filter=() ;; *) filter=(--filter "Category!=Load") ;; esac
dotnet test tests/Thalian.Resilience.Tests -nologo "${filter[@]}" "$@"
