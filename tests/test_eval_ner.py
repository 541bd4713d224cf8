"""scripts/eval_ner.py scores any backend, including the optional CAMeL Tools BERT one
(which cannot be downloaded here: a stand-in model plays it)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.helpers import lexicon_tags, load_script

GOLD = """فيليب B-PERS
هاموند I-PERS
زار O
لندن B-LOC
أمس O

التقى O
هاموند B-PERS
في O
باريس B-LOC
"""


class StandIn:
    """Knows the person names and London, not Paris."""

    known = {"فيليب": "PERS", "هاموند": "PERS", "لندن": "LOC"}

    def predict(self, sentences, batch_size=32):
        return lexicon_tags(sentences, self.known)


def _run_eval(monkeypatch, capsys, tmp_path, loader):
    data = tmp_path / "data"
    (data / "ner" / "anercorp").mkdir(parents=True)
    (data / "ner" / "anercorp" / "test.txt").write_text(GOLD, encoding="utf-8")
    module = load_script("eval_ner")
    import akhbar.ner.camel as camel

    monkeypatch.setattr(camel, "load_camel_model", loader)
    monkeypatch.setattr(os, "sched_setaffinity", lambda *a: None, raising=False)
    monkeypatch.setattr(sys, "argv", ["eval_ner.py", "--backend", "camel", "--data", str(data),
                                      "--repeat", "1"])
    module.main()
    return json.loads(capsys.readouterr().out)


def test_the_camel_backend_is_scored_like_the_others(monkeypatch, capsys, tmp_path):
    res = _run_eval(monkeypatch, capsys, tmp_path, lambda *a, **k: StandIn())
    assert res["tokens"] == 9 and res["sentences"] == 2
    # 4 gold mentions (فيليب هاموند, لندن | هاموند, باريس); 3 found, all right
    assert res["overall"]["precision"] == 1.0
    assert res["overall"]["recall"] == 0.75
    assert res["per_type"]["LOC"]["recall"] == 0.5
    assert res["model"]["backend"] == "CamelRecognizer"
    assert "with_consistency" not in res  # no document-level step in that backend
    assert res["speed"]["tokens_per_s_find_cold_cache"] > 0


def test_a_missing_camel_model_is_a_clear_error(monkeypatch, capsys, tmp_path):
    from akhbar.ner.camel import INSTALL_HINT, CamelNERUnavailable

    def unavailable(*a, **k):
        raise CamelNERUnavailable("no model; " + INSTALL_HINT)

    with pytest.raises(SystemExit) as exit_info:
        _run_eval(monkeypatch, capsys, tmp_path, unavailable)
    assert "camel_data -i ner-arabert" in str(exit_info.value.code)
