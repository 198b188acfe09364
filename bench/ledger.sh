#!/usr/bin/env bash
# Benchmark: pagoPA confirmations per second the ledger sustains (release build), on SQLite
# and, when a server is reachable, on PostgreSQL. Each confirmation is sent twice; the run
# fails if any is credited twice or lost. Run on demand (`make bench`), not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_CONFIRMATIONS:-2000}
C=${BENCH_TASKS:-16}
cargo build -q --release -p app --features ssr --example ledger_confirmations
bin=target/release/examples/ledger_confirmations
data=$(mktemp -d -t sportello-ledger-bench-XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "SQLite:     $("$bin" "sqlite://$data/bench.db" "$N" "$C")"
pg=$(./scripts/postgres-test-url.sh || true)
if [ -n "$pg" ]; then
  db="sportello_bench_$$"
  admin="${pg%/*}"
  psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
  echo "PostgreSQL: $("$bin" "$admin/$db" "$N" "$C")"
  psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
  echo "PostgreSQL: skipped (no server reachable; set TEST_POSTGRES_URL)"
fi
