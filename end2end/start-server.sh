#!/usr/bin/env bash
# Starts the built portal for the browser tests: fresh data directory, demo seed, own port,
# and the development identity provider (dev/idp) beside it for the login tests.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${E2E_PORT:-3456}"
idp_port="${E2E_IDP_PORT:-9457}"
data=$(mktemp -d -t sportello-e2e-XXXXXX)
IDP_PORT="$idp_port" PORTAL_ORIGINS="http://127.0.0.1:$port,http://montechiaro.localhost:$port,http://contenuti.localhost:$port" \
  node dev/idp/server.mjs >/dev/null 2>&1 &
idp=$!
pagopa_port="${E2E_PAGOPA_PORT:-9458}"
PAGOPA_SANDBOX_ADDR="127.0.0.1:$pagopa_port" PAGOPA_SANDBOX_KEY=e2e-key RUST_LOG=warn \
  ./target/debug/pagopa-sandbox >/dev/null 2>&1 &
pagopa=$!
trap 'kill $idp $pagopa 2>/dev/null; rm -rf "$data"' EXIT
export SPORTELLO_DATA_DIR="$data"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export RUST_LOG="${RUST_LOG:-warn}"
export SPORTELLO_IDENTITY_PROVIDERS_FILE=dev/idp/providers.toml
export SPORTELLO_IDP_SPID_DEMO_ISSUER="http://127.0.0.1:$idp_port"
export SPORTELLO_IDP_CIE_DEMO_ISSUER="http://127.0.0.1:$idp_port"
export SPORTELLO_PAGOPA_GPD_URL="http://127.0.0.1:$pagopa_port/gpd/debt-positions-service/v1"
export SPORTELLO_PAGOPA_CHECKOUT_URL="http://127.0.0.1:$pagopa_port/checkout/ec/v1"
export SPORTELLO_PAGOPA_SUBSCRIPTION_KEY=e2e-key
# The tests' balances are their own: no automatic meal debits while they run.
export SPORTELLO_DAILY_CLOSURE=false
unset DATABASE_URL
exec_bin=./target/debug/sportello
[ -x "$exec_bin" ] || { echo "start-server: $exec_bin is missing; run 'make build' first" >&2; exit 1; }
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$pagopa_port/sandbox/faults" >/dev/null && break; sleep 0.1; done
"$exec_bin" --config Leptos.toml demo seed
# A third Ente of its own for content.spec.ts: what it publishes changes no other test's pages.
"$exec_bin" --config Leptos.toml tenant add --name "Comune di Prova" --fiscal-code 81012345674 \
  --address "Via Roma 1, Prova" --segregation-code 03 --host contenuti.localhost >/dev/null
"$exec_bin" --config Leptos.toml user grant --ente 81012345674 GLLNNA90L47A944N operator >/dev/null
# Today is always a canteen day of the infanzia's Sezione A (every weekday) and always past
# its cut-off (00:00), so the tests can see a change for today refused with its reason.
canteen=("$exec_bin" --config Leptos.toml canteen --ente 82012345672)
sezione_a=$("${canteen[@]}" show | awk -F'\t' '$4 == "Sezione A" { sub(/^class /, "", $3); print $3 }')
"${canteen[@]}" weekdays --class "$sezione_a" --days 1,2,3,4,5,6,7 >/dev/null
"${canteen[@]}" settings --cutoff 00:00 >/dev/null
./scripts/demo-fees.sh "$exec_bin"
"$exec_bin" --config Leptos.toml serve
