"""Regression guard on the shared gold dev set (skipped when the data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.datadir import shared_data
from tests.helpers import load_script


def _data() -> Path:
    data = shared_data()
    if data is not None and (data / "dates" / "dev.jsonl").is_file():
        return data
    pytest.skip("shared data not found (set AKHBAR_SHARED_DATA or provide ../shared/data)")


def _eval_module():
    return load_script("eval_dates")


@pytest.mark.shared_data
def test_dev_scores_do_not_regress():
    ev = _eval_module()
    docs, gold = ev.load_dev(_data())
    extractor = ev.DateExtractor()
    normalize = ev._normalizer()
    preds = {d["doc"]: ev.run_akhbar(extractor, d, normalize) for d in docs}
    for d in docs:
        for p in preds[d["doc"]]:
            assert d["fields"][p["field"]][p["start"]:p["end"]] == p["text"]
    scores = ev.score(docs, gold, preds)["all"]
    assert scores["lenient"]["f1"] >= 0.92
    assert scores["strict"]["f1"] >= 0.80
    assert scores["value_accuracy"] >= 0.85
