#!/usr/bin/env bash
# Brings up PostgreSQL and RabbitMQ: reuse running ones, else docker compose, else Debian packages.
# Idempotent; safe to re-run. Prints nothing but progress; exits non-zero when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${THALIAN_PG_PORT:-5432}"
PG_USER="${THALIAN_PG_USER:-thalian}"
PG_PASSWORD="${THALIAN_PG_PASSWORD:-thalian}"
PG_DB="${THALIAN_PG_DB:-thalian}"
APT=(apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends)

log() { echo "[infra] $*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
docker_ok() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get -o DPkg::Lock::Timeout=600 update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive "${APT[@]}" "$@" >/dev/null
}

ensure_postgres() {
  if port_open "$PG_PORT"; then log "PostgreSQL already listening on $PG_PORT"; else
    if docker_ok; then log "starting PostgreSQL with docker compose"; docker compose up -d --wait postgres; return; fi
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      log "installing PostgreSQL (Debian package)"; apt_install postgresql postgresql-client
    fi
    local ver; ver=$(ls /etc/postgresql | sort -V | tail -n1)
    # An upgraded package under a running server breaks library loading: restart when versions differ.
    pg_ctlcluster "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main restart
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.5; done
    log "PostgreSQL $ver started"
  fi
  if id postgres >/dev/null 2>&1; then create_role_and_database; fi
}

# Since PG 15 only the database owner may create in `public`, so the app role owns its database.
create_role_and_database() {
  local psql=(runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -tA)
  pushd / >/dev/null
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$PG_USER'")" != 1 ]; then
    "${psql[@]}" -c "create role $PG_USER login createdb password '$PG_PASSWORD'" >/dev/null
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$PG_DB'")" != 1 ]; then
    "${psql[@]}" -c "create database $PG_DB owner $PG_USER" >/dev/null
  fi
  popd >/dev/null
}

ensure_rabbitmq() {
  if port_open 5672; then log "RabbitMQ already listening on 5672"; return; fi
  if docker_ok; then log "starting RabbitMQ with docker compose"; docker compose up -d --wait rabbitmq; return; fi
  if [ ! -x /usr/sbin/rabbitmq-server ]; then
    log "installing RabbitMQ (Debian package)"; apt_install rabbitmq-server
  fi
  mkdir -p /etc/rabbitmq
  grep -q '^NODENAME=rabbit@localhost' /etc/rabbitmq/rabbitmq-env.conf 2>/dev/null || echo 'NODENAME=rabbit@localhost' >> /etc/rabbitmq/rabbitmq-env.conf
  [ -f /etc/rabbitmq/rabbitmq.conf ] && grep -q '^listeners.tcp.default' /etc/rabbitmq/rabbitmq.conf || \
    printf 'listeners.tcp.default = 127.0.0.1:5672\nmanagement.tcp.ip = 127.0.0.1\nloopback_users = none\n' >> /etc/rabbitmq/rabbitmq.conf
  /usr/sbin/rabbitmq-plugins enable --offline rabbitmq_management >/dev/null 2>&1 || true
  local pidfile=/var/lib/rabbitmq/mnesia/rabbit@localhost.pid
  rm -f "$pidfile"
  /usr/sbin/rabbitmq-server -detached >/dev/null 2>&1 || true
  /usr/sbin/rabbitmqctl wait --timeout 150 "$pidfile" >/dev/null
  log "RabbitMQ started"
}

ensure_postgres
ensure_rabbitmq
