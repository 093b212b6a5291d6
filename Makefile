# make up    : the main job (Neo4j up, MovieLens loaded, GNN trained, embeddings written back, API up)
# make test  : lint + the whole test suite against a real Neo4j the tests start themselves
# make down  : stop everything `make up` started
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv

.PHONY: help venv env neo4j neo4j-stop up down test lint format bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

venv: $(VENV)/.installed  ## create .venv and install the locked dependencies

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install -q --disable-pip-version-check uv
	$(UV) pip install -q --python $(PY) -r requirements.lock
	@touch $@

env:  ## write .env with a random Neo4j password, once
	@test -f .env || { sed "s/^NEO4J_PASSWORD=.*/NEO4J_PASSWORD=$$(head -c 18 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')/" .env.example > .env; echo "wrote .env (random NEO4J_PASSWORD)"; }

neo4j: venv env  ## start only Neo4j (Docker compose when available, else the local server)
	@scripts/services neo4j-up

up: venv env  ## the main job, left running in the background
	@scripts/services up

down:  ## stop everything `make up` started
	@scripts/services down

lint: venv  ## ruff lint + format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: venv lint  ## lint, then unit + integration tests (Neo4j started by the tests)
	$(PY) -m pytest

bench: venv  ## every benchmark under bench/ (figures printed, JSON in var/bench); takes a while
	$(PY) -m bench.ingest
	$(PY) -m bench.export
	$(PY) -m bench.writeback
	$(PY) -m bench.train
	$(PY) -m bench.serve
