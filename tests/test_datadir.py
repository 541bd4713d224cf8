"""scripts/datadir.py: the one lookup of the shared research data, and the scripts that use it
keep their own answer to "not found"."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from scripts import datadir
from tests.conftest import REPO
from tests.helpers import load_script

# how a candidate can stand: not given at all, given but absent, a file, a directory
STATES = ("unset", "missing", "file", "dir")


def _place(tmp_path: Path, name: str, state: str) -> Path | None:
    if state == "unset":
        return None
    path = tmp_path / name
    if state == "file":
        path.write_text("not a directory", encoding="utf-8")
    elif state == "dir":
        path.mkdir()
    return path


@pytest.mark.parametrize("explicit_state, env_state, default_state",
                         list(itertools.product(STATES, STATES, STATES[1:])))
def test_an_explicit_path_decides_else_the_first_directory_wins(tmp_path, monkeypatch, explicit_state,
                                                      env_state, default_state):
    explicit = _place(tmp_path, "explicit", explicit_state)
    env = _place(tmp_path, "env", env_state)
    default = _place(tmp_path, "default", default_state)
    if env is None:
        monkeypatch.delenv(datadir.ENV, raising=False)
    else:
        monkeypatch.setenv(datadir.ENV, str(env))
    monkeypatch.setattr(datadir, "NEXT_TO_REPO", default)
    states = ((env, env_state), (default, default_state))
    if explicit is not None:  # given: taken when it is a directory, never replaced
        expected = explicit if explicit_state == "dir" else None
    else:
        expected = next((path for path, state in states if state == "dir"), None)
    assert datadir.shared_data(explicit) == expected
    if explicit is not None:  # a str is as good as a Path
        assert datadir.shared_data(str(explicit)) == expected


def test_empty_values_count_as_unset(tmp_path, monkeypatch):
    monkeypatch.setenv(datadir.ENV, "")
    monkeypatch.setattr(datadir, "NEXT_TO_REPO", tmp_path)
    assert datadir.shared_data("") == tmp_path
    assert datadir.shared_data(None) == tmp_path


def test_the_default_is_next_to_the_repository():
    repo = Path(__file__).resolve().parents[1]
    assert datadir.NEXT_TO_REPO == repo.parent / "shared" / "data"


SCRIPTS = ("benchmark", "bench_normalize", "check_corpus", "eval_datelines", "eval_dates",
           "eval_ner", "eval_ner_ensemble", "ner_silver", "train_ner")


def _load(monkeypatch, name: str):
    """``scripts/<name>.py`` with ``scripts/`` on the path, as when it is run (ner_silver.py
    imports train_ner.py as a sibling)."""
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    return load_script(name, f"datadir_{name}")


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_uses_the_one_lookup(monkeypatch, name):
    assert _load(monkeypatch, name).shared_data is datadir.shared_data


def _not_found(monkeypatch, name: str):
    """``scripts/<name>.py`` loaded with a lookup that finds nothing."""
    module = _load(monkeypatch, name)
    monkeypatch.setattr(module, "shared_data", lambda explicit=None: None)
    return module


@pytest.mark.parametrize("name, args", [
    ("eval_ner", []), ("train_ner", []), ("eval_ner_ensemble", ["model"]),
    ("ner_silver", ["--teacher", "model", "--out", "silver"])])
def test_ner_scripts_stop_with_a_usage_error(monkeypatch, capsys, name, args):
    module = _not_found(monkeypatch, name)
    monkeypatch.setattr(sys, "argv", [f"{name}.py", *args])
    with pytest.raises(SystemExit) as exc:
        module.main()
    assert exc.value.code == 2
    assert "shared data not found: pass --data or set AKHBAR_SHARED_DATA" in capsys.readouterr().err


def test_eval_dates_exits_with_its_message(monkeypatch):
    module = _not_found(monkeypatch, "eval_dates")
    with pytest.raises(SystemExit) as exc:
        module.main(["--no-baseline"])
    assert exc.value.code == "shared data not found: pass --data or set AKHBAR_SHARED_DATA"


@pytest.mark.parametrize("name", ("check_corpus", "eval_datelines"))
def test_corpus_scripts_print_a_json_error(monkeypatch, capsys, name):
    module = _not_found(monkeypatch, name)
    assert module.main([]) == 2
    assert json.loads(capsys.readouterr().out) == {
        "error": "shared data not found (set AKHBAR_SHARED_DATA)"}


def test_bench_normalize_says_what_it_looked_for(monkeypatch, capsys, tmp_path):
    module = _not_found(monkeypatch, "bench_normalize")
    assert module.main([]) == 2
    default = module.NEXT_TO_REPO / "corpora" / "ant-v1.1"
    assert f"ANT v1.1 not found at {default} (set AKHBAR_SHARED_DATA)" in capsys.readouterr().err
    assert module.main(["--data", str(tmp_path / "absent")]) == 2
    assert f"ANT v1.1 not found at {tmp_path / 'absent'}" in capsys.readouterr().err


def test_benchmark_names_a_corpus_it_cannot_find(monkeypatch):
    module = _not_found(monkeypatch, "benchmark")
    with pytest.raises(SystemExit, match="corpus 'ant-v1.1' not found"):
        module.resolve_corpus("ant-v1.1")
