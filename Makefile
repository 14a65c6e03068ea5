# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
PROTO_STAMP := okki_api/.generated
PROTOS := $(shell find protos -name '*.proto')

.PHONY: help venv protos local-infra run test unit integration e2e fuzz bench clean
.DEFAULT_GOAL := help

help:
	@echo "make run    start both cells (sg, cn) locally, in the foreground; Ctrl-C stops everything"
	@echo "make test   install what is needed and run the whole test suite"
	@echo "make bench  throughput ratios against a baseline measured in the same run"

venv: $(VENV_STAMP)
$(VENV_STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
		--config-settings editable_mode=compat -e .
	touch $@

protos: $(PROTO_STAMP)
$(PROTO_STAMP): $(VENV_STAMP) $(PROTOS) tools/gen_protos.py
	$(PY) tools/gen_protos.py
	touch $@

# Starts PostgreSQL and RabbitMQ when they are not running (installing them if missing).
local-infra:
	@bash tools/local-infra.sh

run: protos local-infra
	$(PY) -m platformkit.devrun

test: protos local-infra
	$(PY) -m pytest -q
	@echo "all test suites passed"

unit: protos
	$(PY) -m pytest -q tests/unit

fuzz: protos local-infra
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/fuzz

bench: protos local-infra
	$(PY) -m tools.bench

clean:
	rm -rf build okki_api var .venv

-include mk/*.mk
