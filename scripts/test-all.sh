#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests (store tests on SQLite and PostgreSQL),
# then the browser tests against the built binary. The last line gives the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=target/test-logs
mkdir -p "$logs"
passed=0 failed=0 skipped=0 broken=0

# The same flags as cargo-leptos' debug build, so tests reuse its compiled crates.
export RUSTFLAGS="--cfg erase_components"

banner() { printf '\n==== %s ====\n' "$*"; }

# cargo test: sums the "test result:" lines of every test binary.
cargo_stage() {
  local name=$1; shift
  banner "$name: $*"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(awk '/^test result:/ {s += $4} END {print s + 0}' "$logs/$name.log")
  f=$(awk '/^test result:/ {s += $6} END {print s + 0}' "$logs/$name.log")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then broken=$((broken + 1)); echo "!! $name did not run to the end (exit $rc)"; fi
}

# Gates: formatting and clippy (every target of the server build, and the browser build),
# warnings as errors. A failure here fails the run like a failed test.
gate() {
  local name=$1; shift
  banner "gate $name: $*"
  if "$@" 2>&1 | tee "$logs/gate-$name.log"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "!! gate $name failed"; fi
}
gate fmt cargo fmt --all --check
gate clippy-server cargo clippy --workspace --all-targets --features app/ssr -- -D warnings
gate clippy-browser cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

pg_url=$(./scripts/postgres-test-url.sh)
if [ -n "$pg_url" ]; then
  export TEST_POSTGRES_URL="$pg_url"
  echo "PostgreSQL store tests: on $(echo "$pg_url" | sed -E 's#://([^:]+):[^@]*@#://\1:***@#')"
  cargo_stage app cargo test -p app --features ssr
else
  pg_tests=$(cat app/tests/store/*.rs | grep -c '^on_both_engines!')
  skipped=$((skipped + pg_tests))
  printf '\n%s\n' "************************************************************************"
  printf '%s\n' "*** SKIPPED: the $pg_tests PostgreSQL store tests: no PostgreSQL server reachable."
  printf '%s\n' "*** Set TEST_POSTGRES_URL=postgres://user:pass@host/postgres (a role that may CREATE DATABASE)."
  printf '%s\n' "************************************************************************"
  cargo_stage app cargo test -p app --features ssr -- --skip postgres
fi
cargo_stage server cargo test -p server
cargo_stage pagopa-sandbox cargo test -p pagopa-sandbox

banner "dev/idp: the development identity provider (node --test)"
(cd dev/idp && node --test --test-reporter=tap test/) 2>&1 | grep -v "oidc-provider WARNING" | tee "$logs/idp.log"
idp_rc=${PIPESTATUS[0]}
ip=$(awk '/^# pass / {print $3}' "$logs/idp.log"); if_=$(awk '/^# fail / {print $3}' "$logs/idp.log")
passed=$((passed + ${ip:-0})); failed=$((failed + ${if_:-0}))
if [ "$idp_rc" != 0 ] && [ "${if_:-0}" = 0 ]; then broken=$((broken + 1)); echo "!! dev/idp tests did not run to the end"; fi

banner "end2end: Playwright with $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
rm -f end2end/test-results/results.json # never count an earlier run's results
(cd end2end && npx playwright test) 2>&1 | tee "$logs/end2end.log"
e2e_rc=${PIPESTATUS[0]}
results=end2end/test-results/results.json
if [ -f "$results" ]; then
  read -r ep ef es < <(node -e '
    const s = require(process.argv[1]).stats;
    console.log(s.expected + s.flaky, s.unexpected, s.skipped);' "$PWD/$results")
  passed=$((passed + ep)); failed=$((failed + ef)); skipped=$((skipped + es))
  echo "browser tests that ran: $((ep + ef))"
  if [ "$e2e_rc" != 0 ] && [ "$ef" = 0 ]; then broken=$((broken + 1)); fi
else
  echo "!! the browser tests produced no results"; broken=$((broken + 1))
fi

echo
if [ "$broken" != 0 ]; then echo "$broken test stage(s) failed before reporting their tests"; failed=$((failed + broken)); fi
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
