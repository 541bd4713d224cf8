"""RunInference wiring of the camel-tools NER backend, with a small stand-in model.

The real CAMeL Tools BERT model (``camel_data -i ner-arabert``, ~540 MB) cannot be
downloaded here, so these tests use a dictionary-based stand-in with the same
``predict(sentences, batch_size)`` interface; they check batching, offsets, linking and the
error path, not the BERT model's quality.
"""

from __future__ import annotations

import sys

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from akhbar.article import Article
from akhbar.enrich import normalize_article
from akhbar.ner.camel import CamelNERUnavailable, CamelRecognizer
from tests.helpers import lexicon_tags
from transforms.inference import CamelNERModelHandler, ExtractEntitiesRunInference

LEXICON = {"فيليب": "PERS", "هاموند": "PERS", "لندن": "LOC", "ولندن": "LOC",
           "الأمم": "ORG", "المتحدة": "ORG"}


class StandInNER:
    """Tags known words; a word after one of the same type continues the entity."""

    calls: list[int] = []

    def predict(self, sentences, batch_size=32):
        StandInNER.calls.append(len(sentences))
        return lexicon_tags(sentences, LEXICON)


def stand_in_loader():
    return StandInNER()


def article(i: int, body: str, title: str | None = None) -> Article:
    a = Article(id=f"a{i}", source_uri=f"mem://{i}", source_format="plain", body=body,
                title=title)
    normalize_article(a, "light")
    return a


def test_handler_batches_all_sentences_and_maps_offsets():
    StandInNER.calls.clear()
    handler = CamelNERModelHandler(model_loader=stand_in_loader)
    model = handler.load_model()
    arts = [article(0, "قال فيليب هاموند في لندن.  وأضاف هاموند أن الأمم المتحدة تدعم.",
                    title="هاموند في لندن"),
            article(1, "لا شيء هنا.")]
    results = list(handler.run_inference(arts, model))
    assert StandInNER.calls == [4]  # 2 body sentences + title + 1: one batched call
    assert [r.example.id for r in results] == ["a0", "a1"]
    ms = results[0].inference
    got = sorted((m.field, m.text, m.type) for m in ms)
    assert got == [("body", "الأمم المتحدة", "ORG"), ("body", "فيليب هاموند", "PERS"),
                   ("body", "لندن", "LOC"), ("body", "هاموند", "PERS"),
                   ("title", "لندن", "LOC"), ("title", "هاموند", "PERS")]
    for m in ms:
        assert getattr(arts[0], m.field)[m.start:m.end] == m.text
    pers = {m.cluster for m in ms if m.type == "PERS"}
    assert len(pers) == 1
    assert results[1].inference == []


def test_recognizer_protocol_over_stand_in():
    rec = CamelRecognizer(model=StandInNER())
    text = "زار هاموند ولندن"
    ms = rec.find(text, "lead")
    assert [(m.text, m.type, text[m.start:m.end]) for m in ms] == [
        ("هاموند", "PERS", "هاموند"), ("ولندن", "LOC", "ولندن")]


def test_run_inference_in_pipeline():
    arts = [article(i, f"وصل هاموند إلى لندن رقم {i}.") for i in range(5)]
    handler = CamelNERModelHandler(model_loader=stand_in_loader, max_batch_size=2)
    with TestPipeline() as p:
        out = p | beam.Create(arts) | ExtractEntitiesRunInference(handler)

        def check(items):
            assert sorted(a.id for a in items) == [f"a{i}" for i in range(5)]
            for a in items:
                assert [(m.text, m.type) for m in a.entities] == [("هاموند", "PERS"),
                                                                  ("لندن", "LOC")]
                assert all(a.body[m.start:m.end] == m.text for m in a.entities)

        assert_that(out, check)


def test_missing_camel_data_is_a_clear_error(monkeypatch):
    # offline, camel_tools.ner fails at import (after ~15 s of download attempts)
    monkeypatch.setitem(sys.modules, "camel_tools.ner", None)
    handler = CamelNERModelHandler(model_path="/nonexistent/ner-arabert")
    with pytest.raises(CamelNERUnavailable, match="camel_data -i ner-arabert"):
        handler.load_model()


def test_camel_backend_in_the_pipeline_step_goes_through_run_inference():
    from transforms.common import DEAD_LETTER, MAIN
    from transforms.entities import ExtractEntities

    arts = [article(0, "قال فيليب هاموند في لندن."), article(1, "اجتماع للأمم المتحدة.")]

    def check(out):
        by_id = {a.id: [(m.text, m.type, m.cluster) for m in a.entities] for a in out}
        assert by_id["a0"] == [("فيليب هاموند", "PERS", "PERS:فيليب هاموند"),
                               ("لندن", "LOC", "LOC:لندن")]
        assert [t for _, t, _ in by_id["a1"]] == ["ORG"]

    StandInNER.calls.clear()
    with TestPipeline() as p:
        step = ExtractEntities(backend="camel",
                               handler=CamelNERModelHandler(model_loader=stand_in_loader))
        out = p | beam.Create(arts) | step
        assert_that(out[MAIN], check, label="articles")
        assert_that(out[DEAD_LETTER], equal_to([]), label="dead")
    assert StandInNER.calls, "the stand-in model was never called through RunInference"
    names = [t.unique_name for t in p.to_runner_api().components.transforms.values()]
    assert any("ExtractEntities/RunInference" in name for name in names), names
