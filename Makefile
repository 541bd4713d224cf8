# Quickstart: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: run test lint venv clean

$(VENV)/.installed: setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel
	$(PIP) install -q -e '.[test,eval]'
	touch $@

venv: $(VENV)/.installed

run: venv
	$(VENV)/bin/akhbar run --config configs/local.yaml --overwrite

test: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf out build *.egg-info
