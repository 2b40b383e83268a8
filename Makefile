# ecograph: two commands for a fresh machine.
#   make demo  - set up, build the demo knowledge graph in the embedded store, serve it
#   make test  - set up (incl. headless Chromium), then ruff, mypy --strict, pytest and the wheel check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup demo test lint typecheck pytest wheel-check browser-deps clean

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

lint: setup
	$(BIN)/ruff check src loaders api tests bench tools

# mypy reads the package through a tree of links laid out as the wheel is (tools/typecheck_tree.py).
typecheck: setup
	$(BIN)/python tools/typecheck_tree.py build/typecheck
	$(BIN)/mypy -p ecograph

pytest: setup browser-deps
	$(BIN)/pytest -q -p no:cacheprovider

# The wheel on its own: a fresh environment with the dependencies from the registry.
wheel-check: setup
	$(BIN)/python tools/check_wheel.py

test: lint typecheck pytest wheel-check

clean:
	-$(BIN)/ecograph store stop
	rm -rf .ecograph artifacts
