"""Golden tests: the dates, datelines and ``published`` of the sample corpus and the dev
set stay exactly as pinned (see ``golden.py`` for how to update them deliberately)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.akhbar.dates import golden

UPDATE = os.environ.get("AKHBAR_UPDATE_GOLDEN") == "1"


def _check(path: Path, actual: dict[str, Any]) -> None:
    if UPDATE:
        golden.save(path, actual)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with AKHBAR_UPDATE_GOLDEN=1 and check it in")
    problems = golden.diff(golden.load(path), actual)
    assert not problems, "output differs from the golden file:\n" + "\n".join(problems)


def test_sample_corpus_matches_golden(sample_dir):
    actual = golden.sample_outputs(sample_dir)
    assert len(actual) >= 20
    assert any(rec["dates"] for rec in actual.values())
    assert any(rec["dateline"] for rec in actual.values())
    _check(golden.SAMPLE_GOLDEN, actual)


@pytest.mark.shared_data
def test_dev_set_matches_golden(shared_data):
    if not (shared_data / "dates" / "dev.jsonl").is_file():
        pytest.skip("shared dev set absent: ../shared/data/dates/dev.jsonl")
    actual = golden.dev_outputs(shared_data)
    assert len(actual["eval"]) >= 40 and len(actual["parsed"]) >= 200
    _check(golden.DEV_GOLDEN, {f"{part}:{k}": v for part in ("eval", "parsed")
                               for k, v in actual[part].items()})
