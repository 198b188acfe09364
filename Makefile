# Sportello: `make run` serves the demo portal, `make test` runs every test.
# Each tool is installed only when missing or at the wrong version.

SHELL := /bin/bash
CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
BOOTSTRAP_ITALIA := node_modules/bootstrap-italia/dist
VENDOR := public/vendor/bootstrap-italia
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test build build-release tools assets browser e2e-deps idp-deps smtp-sink bench clean

# The portal on :3000 and, beside it, the development identity provider on :9080 and the
# pagoPA sandbox on :9090.
run: tools assets idp-deps build
	node dev/idp/server.mjs & idp=$$!; ./target/debug/pagopa-sandbox & pagopa=$$!; \
	  trap 'kill $$idp $$pagopa' EXIT; \
	  export SPORTELLO_IDENTITY_PROVIDERS_FILE=dev/idp/providers.toml \
	  SPORTELLO_PAGOPA_GPD_URL=http://127.0.0.1:9090/gpd/debt-positions-service/v1 \
	  SPORTELLO_PAGOPA_CHECKOUT_URL=http://127.0.0.1:9090/checkout/ec/v1 \
	  SPORTELLO_PAGOPA_SUBSCRIPTION_KEY=sandbox-key; \
	  ./target/debug/sportello demo seed && ./scripts/demo-fees.sh && ./target/debug/sportello serve

test: tools assets browser e2e-deps idp-deps smtp-sink build
	./scripts/test-all.sh

build: tools assets
	cargo leptos build
	cargo build -p pagopa-sandbox

# wasm-opt comes from npm's binaryen: Debian's is too old for the wasm that rustc emits today.
build-release: tools assets
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" cargo leptos build --release --precompress

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	@# The CLI must match the wasm-bindgen crate exactly, or the browser rejects the bundle.
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force

assets: $(VENDOR)/css/bootstrap-italia.min.css

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(VENDOR)/css/bootstrap-italia.min.css: node_modules/.package-lock.json Makefile
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/css $(VENDOR)/fonts/Titillium_Web
	cp $(BOOTSTRAP_ITALIA)/css/bootstrap-italia.min.css $(VENDOR)/css/
	@# Only the weights style/main.css declares (the service worker precaches what is here).
	cp $(BOOTSTRAP_ITALIA)/fonts/Titillium_Web/OFL.txt \
	   $(BOOTSTRAP_ITALIA)/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-{300,regular,600,700}.woff2 \
	   $(VENDOR)/fonts/Titillium_Web/
	@touch $@

# Debian's Chromium drives the browser tests (never a browser downloaded by a test tool).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need /usr/bin/chromium)"; exit 1; \
	  fi; \
	fi

e2e-deps: end2end/node_modules/.package-lock.json

end2end/node_modules/.package-lock.json: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

idp-deps: dev/idp/node_modules/.package-lock.json

# The e-mail tests receive mail with a real local SMTP server (Python's aiosmtpd, from PyPI).
SMTP_SINK := target/smtp-sink/.installed
smtp-sink: $(SMTP_SINK)

$(SMTP_SINK):
	python3 -m venv target/smtp-sink
	target/smtp-sink/bin/pip install -q --disable-pip-version-check aiosmtpd==1.4.6
	@touch $@

dev/idp/node_modules/.package-lock.json: dev/idp/package.json dev/idp/package-lock.json
	cd dev/idp && npm ci --no-audit --no-fund
	@touch $@

bench: build-release
	./bench/run.sh
	./bench/ledger.sh
	./bench/bookings.sh

clean:
	cargo clean
	rm -rf node_modules end2end/node_modules dev/idp/node_modules $(VENDOR)
