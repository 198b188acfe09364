#!/usr/bin/env bash
# Prints a PostgreSQL URL for the store tests, or nothing when no server can be had.
# Uses TEST_POSTGRES_URL when set; otherwise, as root on Debian, starts the local cluster
# and makes a test role that may create (and drop) one database per test.
set -uo pipefail
if [ -n "${TEST_POSTGRES_URL:-}" ]; then echo "$TEST_POSTGRES_URL"; exit 0; fi
command -v pg_lsclusters >/dev/null 2>&1 || exit 0
[ "$(id -u)" = 0 ] || exit 0
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || exit 0
[ -n "${version:-}" ] || exit 0
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start >&2 || exit 0
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'sportello_test'\"" | grep -q 1 ||
  su postgres -c "psql -q -p $port -c \"CREATE ROLE sportello_test LOGIN CREATEDB PASSWORD 'sportello_test'\"" >&2 || exit 0
# DROP DATABASE … WITH (FORCE) must also end autovacuum's connection to a test database.
su postgres -c "psql -q -p $port -c \"GRANT pg_signal_backend TO sportello_test\"" >&2 || true
echo "postgres://sportello_test:sportello_test@127.0.0.1:$port/postgres"
