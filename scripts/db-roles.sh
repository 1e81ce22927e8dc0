#!/bin/sh
# Gives every service its own PostgreSQL login role that owns its own schema and nothing else, so one service cannot
# read another's tables (deploy/database-roles.md). Idempotent: creates what is missing, resets the passwords, and moves
# schemas and objects created earlier by the shared user to the service's role.
#
# Connects as an administrator through the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE); with
# no PGUSER, as root on a machine with a local server, it runs psql as the `postgres` superuser. The administrator must
# be a superuser, or hold CREATEROLE and own the database.
#   THALIAN_DB_OWNER           the installation's admin user, made a member of every service role (default thalian):
#                              migrations by hand, backups and the scripts keep working through it
#   THALIAN_DB_PASSWORD_<SVC>  a service's password, e.g. THALIAN_DB_PASSWORD_GATEWAY; else read from, or generated
#                              once into, $THALIAN_DB_PASSWORDS_DIR/<service> (default .run/db)
#   THALIAN_DB_SERVICES        default "gateway aws_collector idp_collector correlation findings delivery"
# Each service's role is thalian_<service> and its schema <service>. POSIX sh, so it also runs in the postgres image.
set -eu

owner="${THALIAN_DB_OWNER:-thalian}"
services="${THALIAN_DB_SERVICES:-gateway aws_collector idp_collector correlation findings delivery}"
passwords_dir="${THALIAN_DB_PASSWORDS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.run/db}"

psql_admin() {
  if [ -n "${PGUSER:-}" ] || [ "$(id -u)" != 0 ] || ! id postgres >/dev/null 2>&1; then
    psql -v ON_ERROR_STOP=1 -qtA "$@"
  else
    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA -p "${PGPORT:-5432}" -d "${PGDATABASE:-thalian}" "$@"
  fi
}

password_of() {
  service=$1
  eval "given=\${THALIAN_DB_PASSWORD_$(echo "$service" | tr '[:lower:]' '[:upper:]'):-}"
  if [ -n "$given" ]; then printf '%s' "$given"; return; fi
  mkdir -p "$passwords_dir"
  [ -s "$passwords_dir/$service" ] || (umask 077; openssl rand -hex 24 > "$passwords_dir/$service")
  tr -d '\n' < "$passwords_dir/$service"
}

cd /
for service in $services; do
  role="thalian_$service"
  # The password travels in the environment (\getenv), not on the command line where `ps` would show it.
  THALIAN_ROLE_PASSWORD="$(password_of "$service")" psql_admin -v role="$role" -v schema="$service" -v owner="$owner" <<'SQL'
\getenv password THALIAN_ROLE_PASSWORD
select format('create role %I login', :'role') where not exists (select 1 from pg_roles where rolname = :'role') \gexec
alter role :"role" with login nosuperuser nocreatedb nocreaterole password :'password';
select format('grant %I to %I', :'role', :'owner') where exists (select 1 from pg_roles where rolname = :'owner') \gexec
select format('create schema %I authorization %I', :'schema', :'role') where not exists (select 1 from pg_namespace where nspname = :'schema') \gexec
alter schema :"schema" owner to :"role";
revoke all on schema :"schema" from public;
-- Tables, views and free-standing sequences (owned sequences follow their table) and functions made before the role existed.
select format('alter table %I.%I owner to %I', n.nspname, c.relname, :'role')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = :'schema' and c.relkind in ('r', 'p', 'v', 'm', 'f')
   and pg_get_userbyid(c.relowner) <> :'role' \gexec
select format('alter sequence %I.%I owner to %I', n.nspname, c.relname, :'role')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = :'schema' and c.relkind = 'S' and pg_get_userbyid(c.relowner) <> :'role'
   and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')) \gexec
select format('alter routine %s owner to %I', p.oid::regprocedure, :'role')
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = :'schema' and pg_get_userbyid(p.proowner) <> :'role' \gexec
select format('alter type %I.%I owner to %I', n.nspname, t.typname, :'role')
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
 where n.nspname = :'schema' and t.typtype in ('c', 'e', 'd') and pg_get_userbyid(t.typowner) <> :'role'
   and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c') \gexec
SQL
  echo "[db-roles] $role owns schema $service"
done
