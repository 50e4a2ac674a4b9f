#!/usr/bin/env bash
# Install (if missing) and start the local services the test suite needs:
#   PostgreSQL 15 on 127.0.0.1:5432  (role tracker/tracker CREATEDB, db tracker_test)
#   Redis         on 127.0.0.1:6379  (appendonly yes)
# plus the system packages used by browser / document tests.
#
# Idempotent and quick when everything is already in place. Run as root
# (Debian 12, no systemd). Prints one line per service.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
DB_USER="${DB_USER:-tracker}"
DB_PASSWORD="${DB_PASSWORD:-tracker}"
DB_NAME="${DB_NAME:-tracker_test}"
REDIS_HOST=127.0.0.1
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DIR="${REDIS_DIR:-/var/lib/redis/tracker}"
WAIT_SECONDS="${WAIT_SECONDS:-30}"

PACKAGES=(
  postgresql
  redis-server
  chromium
  chromium-driver
  libreoffice-writer-nogui
  libreoffice-calc-nogui
  fonts-dejavu-core
)

die() { echo "services.sh: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get, pg_ctlcluster)"

# --------------------------------------------------------------- packages
missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log="$(mktemp /tmp/services-apt.XXXXXX.log)"
  # Fresh machines have empty apt lists: update only when we must install.
  if ! { apt-get update -qq && \
         apt-get install -y -qq --no-install-recommends \
           -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
           "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "apt-get install failed for: ${missing[*]} (full log: $log)"
  fi
  rm -f "$log"
  echo "packages: installed ${missing[*]}"
else
  echo "packages: all ${#PACKAGES[@]} present"
fi

# --------------------------------------------------------------- postgres
command -v pg_lsclusters >/dev/null || die "postgresql-common missing (pg_lsclusters)"
[ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] \
  || die "PostgreSQL $PG_VERSION server binaries not found in /usr/lib/postgresql/$PG_VERSION"

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" \
       '$1==v && $2==c {found=1} END {exit !found}'; then
  # No cluster (e.g. package installed with create_main_cluster=false).
  pg_createcluster --port "$PG_PORT" --locale C.UTF-8 --encoding UTF8 \
    "$PG_VERSION" "$PG_CLUSTER" >/dev/null \
    || die "pg_createcluster $PG_VERSION $PG_CLUSTER failed"
fi

PG_CONF_DIR="/etc/postgresql/$PG_VERSION/$PG_CLUSTER"
pg_conf_changed=0
cur_port="$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show port 2>/dev/null || echo 5432)"
if [ "$cur_port" != "$PG_PORT" ]; then
  pg_conftool "$PG_VERSION" "$PG_CLUSTER" set port "$PG_PORT"
  pg_conf_changed=1
fi
cur_listen="$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show listen_addresses 2>/dev/null || echo localhost)"
case ",${cur_listen// /}," in
  *,localhost,*|*,127.0.0.1,*|*,\*,*) ;;
  *) pg_conftool "$PG_VERSION" "$PG_CLUSTER" set listen_addresses localhost
     pg_conf_changed=1 ;;
esac
[ -f "$PG_CONF_DIR/pg_hba.conf" ] || die "missing $PG_CONF_DIR/pg_hba.conf"

# This cluster is for the test suite only (throwaway data, recreated by this script): trade
# crash safety for speed. Every test copies a template database (CREATE DATABASE ... TEMPLATE)
# and commits often; without fsync/synchronous commits/full-page writes the disk flushes go.
# NEVER use these settings for a database whose data matters. All three take effect on reload.
pg_conf_reload=0
for kv in fsync=off synchronous_commit=off full_page_writes=off; do
  key="${kv%%=*}" want="${kv#*=}"
  if [ "$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show "$key" 2>/dev/null || true)" != "$want" ]; then
    pg_conftool "$PG_VERSION" "$PG_CLUSTER" set "$key" "$want"
    pg_conf_reload=1
  fi
done

pg_status() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}'; }
if [ "$(pg_status)" = "online" ]; then
  if [ "$pg_conf_changed" = 1 ]; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart \
      || die "pg_ctlcluster restart failed (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"
  fi
  if [ "$pg_conf_changed" = 0 ] && [ "$pg_conf_reload" = 1 ]; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload \
      || die "pg_ctlcluster reload failed (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"
  fi
else
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start \
    || die "pg_ctlcluster $PG_VERSION $PG_CLUSTER start failed (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"
fi

deadline=$((SECONDS + WAIT_SECONDS))
until pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; do
  [ "$SECONDS" -lt "$deadline" ] \
    || die "PostgreSQL not ready on $PG_HOST:$PG_PORT after ${WAIT_SECONDS}s (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"
  sleep 0.3
done

pg_sql() {  # run as the postgres superuser over the local socket
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -tAc "$1"
}
# Role: create if missing; (re)assert password + CREATEDB either way (cheap).
if [ "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  pg_sql "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" \
    || die "could not create role $DB_USER"
else
  pg_sql "ALTER ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" \
    || die "could not alter role $DB_USER"
fi
if [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
  # template0 + explicit UTF8 so a cluster initialised under LANG=C (SQL_ASCII)
  # still gives us a Unicode database.
  pg_sql "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\" ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" \
    || die "could not create database $DB_NAME"
fi
# Verify the credentials the app will use, over TCP.
PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
  -tAc 'SELECT 1' >/dev/null \
  || die "cannot log in as $DB_USER to $DB_NAME on $PG_HOST:$PG_PORT (check pg_hba.conf)"
echo "postgres: ready on $PG_HOST:$PG_PORT (PostgreSQL $PG_VERSION, db $DB_NAME, role $DB_USER/$DB_PASSWORD)"

# --------------------------------------------------------------- redis
redis_ping() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

if ! redis_ping; then
  mkdir -p "$REDIS_DIR" /var/log/redis
  redis-server --daemonize yes \
    --bind "$REDIS_HOST" --port "$REDIS_PORT" \
    --appendonly yes --dir "$REDIS_DIR" \
    --pidfile "/tmp/redis-tracker-$REDIS_PORT.pid" \
    --logfile "/var/log/redis/redis-tracker-$REDIS_PORT.log" >/dev/null \
    || die "redis-server failed to start (see /var/log/redis/redis-tracker-$REDIS_PORT.log)"
fi

deadline=$((SECONDS + WAIT_SECONDS))
until redis_ping; do
  [ "$SECONDS" -lt "$deadline" ] \
    || die "Redis not answering PING on $REDIS_HOST:$REDIS_PORT after ${WAIT_SECONDS}s (see /var/log/redis/redis-tracker-$REDIS_PORT.log)"
  sleep 0.2
done
# A redis started by someone else (e.g. the package's init script) may have
# appendonly off: turn it on at runtime.
aof="$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get appendonly | sed -n 2p)"
if [ "$aof" != "yes" ]; then
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config set appendonly yes >/dev/null \
    || die "could not enable appendonly on $REDIS_HOST:$REDIS_PORT"
  aof=yes
fi
echo "redis: ready on $REDIS_HOST:$REDIS_PORT (appendonly $aof, dir $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get dir | sed -n 2p))"
