#!/usr/bin/env bash
# Issues the demo Ente's transport instalments (93 + 70 + 47 €, due in 30, 90 and 150 days)
# with the given `sportello` binary; re-running it issues nothing twice.
set -euo pipefail
bin=${1:-./target/debug/sportello}
"$bin" --config Leptos.toml fees issue --ente 82012345672 --service TRASPORTO \
  --label "Trasporto scolastico 2026/27" --instalment "93:$(date -d '+30 days' +%F)" \
  --instalment "70:$(date -d '+90 days' +%F)" --instalment "47:$(date -d '+150 days' +%F)"
