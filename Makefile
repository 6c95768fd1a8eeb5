# The README's two commands: `make run` and `make test`.
CARGO ?= cargo

.PHONY: run test lint fmt bench build

## Serve the dashboard on SQLite (data/tracker.db) with the Cẩm Giàng catalog at http://127.0.0.1:8080/
run:
	$(CARGO) run --release --bin resolution-tracker -- serve

## Every test; the PostgreSQL half runs when TEST_DATABASE_URL names a server (as .ci/run sets it), the browser
## tests when chromium is installed (.ci/run installs it); what did not run is named at the end (SKIPPED: ...).
test:
	CARGO=$(CARGO) tests/run

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

bench:
	$(CARGO) bench --bench progress --bench charts --bench pages --bench import

build:
	$(CARGO) build --release
