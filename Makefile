# CounterDesk — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench lint sysdeps venv screenshots central clean

# The virtualenv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/pip install --quiet -e '.[test]'
	# Bytecode at install time: an editable install is otherwise compiled at the first start (or at every start
	# where the folder is not writable).
	$(BIN)/python -m compileall -q -j 0 app
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the app and its tests need (fonts, poppler, Xvfb); installed only when missing and when root.
sysdeps:
	@bash scripts/ensure-sysdeps.sh

run: sysdeps venv
	@bash scripts/run-desktop.sh $(BIN)/counterdesk --demo

central: venv
	$(BIN)/counterdesk-central

test: sysdeps venv
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider

lint: venv
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/ruff format --check app tests bench

bench: sysdeps venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: sysdeps venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m app.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
