# Every entry point sets itself up: the first `make demo` or `make test` on a fresh machine
# creates .venv and installs the project with its dev extras.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev
OBJECT ?=
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test live soak generate check-generated lint bench record update-spec clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

demo: $(STAMP)
	@$(PY) -m hubspot_meetings._demo

test: $(STAMP) check-generated lint
	$(PY) -m pytest -q

# Against the real HubSpot account of HUBSPOT_ACCESS_TOKEN (not part of `make test`).
live: $(STAMP)
	$(PY) -m pytest -q -m live tests/live

# The stateful property-based test (tests/resilience/test_stateful.py) at length: many more and
# longer random sequences of operations and faults than `make test` runs (minutes, not seconds).
soak: $(STAMP)
	HUBSPOT_HYPOTHESIS_PROFILE=soak $(PY) -m pytest -q tests/resilience/test_stateful.py

generate: $(STAMP)
	$(PY) scripts/generate.py $(if $(OBJECT),--object $(OBJECT)) $(if $(OUT),--out $(OUT))

check-generated: $(STAMP)
	$(PY) scripts/generate.py --check

lint: $(STAMP)
	$(VENV)/bin/ruff check facade emulator scripts tests $(wildcard bench)
	$(VENV)/bin/ruff format --check facade emulator scripts tests $(wildcard bench)
	$(VENV)/bin/mypy

record: $(STAMP)
	$(PY) -m pytest -q tests/cassettes --record

update-spec: $(STAMP)
	@test -n "$(SPEC)" || { echo "usage: make update-spec SPEC=path-or-url"; exit 2; }
	$(PY) scripts/update_spec.py "$(SPEC)"
	$(MAKE) test

# The official SDKs are compared, never depended on: they live in a separate venv.
BENCH_VENV  := .venv-bench
BENCH_PY    := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml
	@test -x $(BENCH_PY) || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	$(BENCH_PY) -m pip install --quiet -e ".[emulator,bench]"
	@touch $@

bench: $(STAMP) $(BENCH_STAMP)
	$(BENCH_PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
