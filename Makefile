# ecograph: two commands for a fresh machine.
#   make demo  - set up, build the demo knowledge graph in the embedded store, serve it
#   make test  - set up (incl. headless Chromium), then ruff, mypy --strict, pytest and the wheel check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup demo test lint typecheck pytest wheel-check browser-deps java-deps neo4j-local clean

$(BIN)/ecograph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/ecograph

setup: $(BIN)/ecograph

demo: setup
	$(BIN)/ecograph demo --host $(HOST) --port $(PORT)

browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  echo "installing Debian chromium and CJK fonts for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Java 17 and Maven for the local Neo4j (tools/neo4j-local) that the Neo4j suite runs on.
java-deps:
	@if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then \
	  echo "installing a headless JDK and Maven for the Neo4j tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jdk-headless maven >/dev/null; \
	fi

# Build the launcher once (offline when ~/.m2 has Neo4j's artefacts) so the test session only starts it.
neo4j-local: java-deps
	cd tools/neo4j-local && (mvn -q -B -o package -DskipTests || mvn -q -B package -DskipTests)

lint: setup
	$(BIN)/ruff check src loaders api tests bench tools

# mypy reads the package through a tree of links laid out as the wheel is (tools/typecheck_tree.py).
typecheck: setup
	$(BIN)/python tools/typecheck_tree.py build/typecheck
	$(BIN)/mypy -p ecograph

pytest: setup browser-deps neo4j-local
	$(BIN)/pytest -q -p no:cacheprovider

# The wheel on its own: a fresh environment with the dependencies from the registry.
wheel-check: setup
	$(BIN)/python tools/check_wheel.py

test: lint typecheck pytest wheel-check

clean:
	-$(BIN)/ecograph store stop
	rm -rf .ecograph artifacts
