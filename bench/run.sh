#!/usr/bin/env bash
# Benchmarks of the release build (run on demand: `make bench`; not a test).
#  1. Bytes the home page makes a phone download: wasm + js + css, raw and brotli.
#  2. Home page under load (64 connections, wrk) next to a static file of the same size
#     served by the same server, so the table shows what rendering costs.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-3900}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=64
bin=target/release/sportello
[ -x "$bin" ] || { echo "bench: $bin missing; run 'make bench' (it builds the release first)" >&2; exit 1; }
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

data=$(mktemp -d -t sportello-bench-XXXXXX)
copy=target/site/vendor/bench-home-copy.html
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$data" "$copy"; }
trap cleanup EXIT
SPORTELLO_DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_ENV=PROD RUST_LOG=warn \
  "$bin" --config Leptos.toml serve --seed-demo &
pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$PORT"

size() { curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "$base$1"; }
html=$(curl -s "$base/")
assets=$(grep -oE '(href|src)="/(pkg|vendor)/[^"]+\.(css|js)"' <<<"$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
wasm=$(grep -oE '/pkg/[^"]+\.wasm' <<<"$html" | head -n1 || true)
[ -n "$wasm" ] || wasm=$(ls target/site/pkg/*.wasm | head -n1 | sed 's#^target/site##')

echo
echo "## Home page downloads (release build)"
printf '| %-60s | %12s | %12s |\n' "file" "raw bytes" "brotli bytes"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..62})" "--------------" "--------------"
total_raw=0 total_br=0
for f in / $assets $wasm; do
  raw=$(size "$f" identity); br=$(size "$f" br)
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  printf '| %-60s | %12d | %12d |\n' "$f" "$raw" "$br"
done
printf '| %-60s | %12d | %12d |\n' "total" "$total_raw" "$total_br"

# A static copy of the home page, served by the same server and middleware.
printf '%s' "$html" > "$copy"
run_wrk() {
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" 2>&1 |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s %s %s\n", rps, p50, p99, bad+0}'
}
echo
echo "## Load: $CONNECTIONS connections for $DURATION on 127.0.0.1 (wrk)"
printf '| %-34s | %10s | %10s | %10s | %8s |\n' "target" "req/s" "p50" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "------------" "------------" "------------" "----------"
read -r rps p50 p99 bad < <(run_wrk "$base/")
printf '| %-34s | %10s | %10s | %10s | %8s |\n' "home page (SSR, $(printf '%s' "$html" | wc -c) bytes)" "$rps" "$p50" "$p99" "$bad"
read -r rps p50 p99 bad < <(run_wrk "$base/vendor/bench-home-copy.html")
printf '| %-34s | %10s | %10s | %10s | %8s |\n' "static file of the same size" "$rps" "$p50" "$p99" "$bad"
