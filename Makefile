# Quickstart: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: run test test-airflow lint venv clean

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

# The Airflow DAG under real Airflow (tests/pipeline/test_refresh_airflow.py), in its own
# venv: Airflow and Akhbar do not share an environment (the DAG runs Akhbar's python).
AIRFLOW_VERSION ?= 3.3.2
AIRFLOW_VENV ?= .airflow-venv

$(AIRFLOW_VENV)/.installed:
	test -x $(AIRFLOW_VENV)/bin/python || $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install -q --upgrade pip
	$(AIRFLOW_VENV)/bin/python -m pip install -q "apache-airflow==$(AIRFLOW_VERSION)"
	touch $@

test-airflow: venv $(AIRFLOW_VENV)/.installed
	AKHBAR_AIRFLOW_PYTHON=$(abspath $(AIRFLOW_VENV))/bin/python $(PY) -m pytest -q \
		tests/pipeline/test_refresh_airflow.py
