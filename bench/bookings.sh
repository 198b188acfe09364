#!/usr/bin/env bash
# Benchmarks of canteen bookings (run on demand: `make bench`; not a test), on SQLite and,
# when a server is reachable, on PostgreSQL:
#  1. Cut-off burst: N families cancel the next canteen day at once, from N distinct
#     sessions, C requests at a time, against the release server on 127.0.0.1 (all within
#     60 s); then exactly N cancelled bookings must be in the database.
#  2. Daily closure of M pupils, next to a raw bulk insert of as many ledger rows; the
#     ledger must then hold exactly M meals, and a second closure must add none.
# Small run: BENCH_FAMILIES=500 BENCH_PUPILS=2000 ./bench/bookings.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_FAMILIES:-10000}
C=${BENCH_TASKS:-64}
M=${BENCH_PUPILS:-100000}
PORT=${BENCH_PORT:-3901}
server=target/release/sportello
[ -x "$server" ] || { echo "bench: $server missing; run 'make bench' (it builds the release first)" >&2; exit 1; }
cargo build -q --release -p app --features ssr --example cutoff_burst --example closure_bench
burst=target/release/examples/cutoff_burst
closure=target/release/examples/closure_bench
base="http://127.0.0.1:$PORT"

data=$(mktemp -d -t sportello-bookings-bench-XXXXXX)
pg=$(./scripts/postgres-test-url.sh || true)
pid="" dbs=() burst_rows="" closure_rows=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  for db in "${dbs[@]}"; do psql "$pg" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$data"
}
trap cleanup EXIT

# A fresh PostgreSQL database (dropped at exit), its URL in $db_url.
pg_database() {
  local db="sportello_bench_$1_$$"
  psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
  dbs+=("$db")
  db_url="${pg%/*}/$db"
}

# The burst on one engine: data and sessions first, then the server, the requests, the check.
burst_on() {
  local engine=$1 url=$2 sessions="$data/sessions.tsv"
  echo "bench: cut-off burst on $engine" >&2
  timeout 600 "$burst" prepare "$url" "$N" "$sessions"
  ! curl -fs "$base/healthz" >/dev/null 2>&1 || { echo "bench: port $PORT is taken (set BENCH_PORT)" >&2; exit 1; }
  DATABASE_URL="$url" SPORTELLO_DATA_DIR="$data/server" SPORTELLO_DAILY_CLOSURE=false \
    LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_ENV=PROD RUST_LOG=warn \
    "$server" --config Leptos.toml serve &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/healthz" >/dev/null ||
    { echo "bench: the server did not start (older than the source? make build-release)" >&2; exit 1; }
  local row check
  row=$(timeout 120 "$burst" fire "$base" "$sessions" "$C")
  kill "$pid"; wait "$pid" || true; pid=""
  rm -f "$sessions"
  check=$(timeout 60 "$burst" verify "$url" "$N")
  burst_rows+=$(printf '| %-10s %s %s |' "$engine" "$row" "$check")$'\n'
}

# The closure on one engine.
closure_on() {
  local row
  echo "bench: daily closure on $1" >&2
  row=$(timeout 1800 "$closure" "$2" "$M")
  closure_rows+=$(printf '| %-10s %s' "$1" "$row")$'\n'
}

# Progress goes to standard error; the tables come at the end.
burst_on SQLite "sqlite://$data/burst.db"
if [ -n "$pg" ]; then pg_database burst; burst_on PostgreSQL "$db_url"; fi
closure_on SQLite "sqlite://$data/closure.db"
if [ -n "$pg" ]; then pg_database closure; closure_on PostgreSQL "$db_url"; fi

echo
echo "## Cut-off burst: $N cancellations from $N sessions, $C at a time (release server, 127.0.0.1)"
echo "| engine     | requests | C | ok | errors | req/s | p50 | p99 | elapsed | cancelled in DB |"
echo "|------------|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s' "$burst_rows"
echo
echo "## Daily closure of $M pupils, against a raw insert of as many ledger rows"
echo "| engine     | pupils | close_day | meals/s | second run | raw insert | closure/raw |"
echo "|------------|---:|---:|---:|---:|---:|---:|"
printf '%s' "$closure_rows"
[ -n "$pg" ] || echo "PostgreSQL: skipped (no server reachable; set TEST_POSTGRES_URL)"
