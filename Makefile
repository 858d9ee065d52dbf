# News pipeline: `make run` and `make test` work on a fresh clone; `make help` lists targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := True
export AIRFLOW__LOGGING__LOGGING_LEVEL := WARNING
export NO_COLOR := 1
RUN_DATE ?= 2026-11-26
FETCH_POOL_SLOTS ?= 4
SAMPLE_PORT ?= 8765
LAKE ?= $(CURDIR)/data/lake
RAW ?= $(CURDIR)/data/raw
EVAL_PACK ?= ../shared/eval/dev

.PHONY: help install run test test-fast lint docs eval-pages eval-quotes bench bench-setup clean \
	airflow-init stack-up stack-down stack-status test-integration

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip || $(BIN)/python -m ensurepip > /dev/null
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	# Bytecode compiled at install time, or every Airflow process start pays for it.
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode \
		-r requirements.txt -r requirements-dev.txt
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed ## create .venv and install pinned dependencies (skipped when current)

$(AIRFLOW_HOME)/.ready: $(VENV)/.installed
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/migrate.log; exit 1)
	$(BIN)/airflow pools set news_fetch $(FETCH_POOL_SLOTS) "sources fetching at once" > /dev/null
	touch $@

airflow-init: $(AIRFLOW_HOME)/.ready ## prepare the Airflow home in .airflow (SQLite, no examples)

run: install airflow-init ## run the daily DAG for RUN_DATE on the bundled sample site
	@set -euo pipefail; \
	PATH="$(CURDIR)/$(BIN):$$PATH"; \
	export NEWS_PIPELINE_LAKE="$(LAKE)" NEWS_PIPELINE_RAW="$(RAW)"; \
	python -m pipeline.sample.server --port $(SAMPLE_PORT) > $(AIRFLOW_HOME)/sample-site.log 2>&1 & \
	server=$$!; trap 'kill $$server 2>/dev/null || true' EXIT; \
	python -m pipeline.sample.wait http://127.0.0.1:$(SAMPLE_PORT)/robots.txt; \
	logical=$$(date -u -d "$(RUN_DATE) + 1 day" +%F); \
	echo "news_daily: data interval $(RUN_DATE) (logical date $$logical), sample site on 127.0.0.1:$(SAMPLE_PORT)"; \
	airflow dags test news_daily $$logical > $(AIRFLOW_HOME)/dags-test.log 2>&1 \
		|| { tail -n 60 $(AIRFLOW_HOME)/dags-test.log; exit 1; }; \
	python -m pipeline summary --date $(RUN_DATE); \
	python -m pipeline report --date $(RUN_DATE)

test: install ## run all tests (warnings are errors)
	$(BIN)/python -m pytest

test-integration: install ## the DAGs on a real PostgreSQL + Redis + Celery stack (started and stopped by the test)
	$(BIN)/python -m pytest tests/integration tests/docker --stack -p no:cacheprovider

stack-up: install ## start the local production-like stack in .stack/ (PostgreSQL, Redis, Airflow on Celery)
	docker/stack.sh up

stack-down: ## stop the local stack; fails if any of its processes is left
	docker/stack.sh down

stack-status: ## show which of the local stack's processes run
	docker/stack.sh status

test-fast: install ## run the tests that need neither the eval pack nor Airflow
	$(BIN)/python -m pytest -m "not slow"

lint: install ## ruff and mypy
	$(BIN)/ruff check pipeline dags tests benchmarks
	$(BIN)/mypy

docs: install ## regenerate docs/tables.md from schemas/
	$(BIN)/python -m pipeline schema docs

eval-pages: install ## predictions, scores, bootstrap margins and title conventions on the dev pack's pages
	$(BIN)/python -m pipeline eval pages $(EVAL_PACK) --out data/eval-pages.jsonl
	python3 $(EVAL_PACK)/../score_pages.py $(EVAL_PACK)/gold.jsonl data/eval-pages.jsonl
	$(BIN)/python benchmarks/accuracy_margins.py $(EVAL_PACK)/gold.jsonl data/eval-pages.jsonl
	$(BIN)/python benchmarks/title_conventions.py $(EVAL_PACK)

eval-quotes: install ## predictions and scores on the dev pack's quotes
	$(BIN)/python -m pipeline eval quotes $(EVAL_PACK) --out data/eval-quotes.jsonl
	python3 $(EVAL_PACK)/../score_quotes.py $(EVAL_PACK)/quotes.jsonl data/eval-quotes.jsonl

bench-setup: ## the extraction peers (trafilatura, newspaper4k, ...) in /tmp/bench-venv
	test -x /tmp/bench-venv/bin/python || $(PYTHON) -m venv /tmp/bench-venv
	/tmp/bench-venv/bin/python -m pip install -q -r requirements-bench.txt

bench: install ## every benchmark in docs/benchmarks.md that needs no extra setup
	$(BIN)/python benchmarks/quotes_benchmark.py
	$(BIN)/python benchmarks/revisions_lake.py
	$(BIN)/python benchmarks/fetch_throughput.py
	$(BIN)/python benchmarks/backfill_benchmark.py --records 2000 --workers 1 2

clean: ## remove the lake, raw archive and Airflow home (keeps .venv)
	rm -rf data .airflow
