#!/usr/bin/env bash
# Starts the built portal for the browser tests: fresh data directory, demo seed, own port.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d -t sportello-e2e-XXXXXX)
trap 'rm -rf "$data"' EXIT
export SPORTELLO_DATA_DIR="$data"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3456}"
export RUST_LOG="${RUST_LOG:-warn}"
unset DATABASE_URL
exec_bin=./target/debug/sportello
[ -x "$exec_bin" ] || { echo "start-server: $exec_bin is missing; run 'make build' first" >&2; exit 1; }
"$exec_bin" --config Leptos.toml serve --seed-demo
