"""ExtractEntities tags articles in batches: same mentions as one at a time, and a
failure in a batch still fails only the article that caused it."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from akhbar.article import Article, Mention
from akhbar.enrich import find_entities, find_entities_many, normalize_article
from transforms import ExtractEntities
from transforms.common import DEAD_LETTER, MAIN
from transforms.extract import BatchExtractFn, extract_step

BODIES = [
    "زار الرئيس الفرنسي جاك شيراك القاهرة أمس . وقال شيراك إن فرنسا تدعم مصر .",
    "افتتحت وزيرة الثقافة ليلى حداد معرض الكتاب في عمان اليوم .",
    "عقد وزير الطاقة سامي بن علي اجتماعا في تونس مع ممثلي البنك الدولي .",
    "أعلنت شركة أرامكو السعودية عن أرباحها في الرياض .",
    "التقى وزير الخارجية الأمريكي كولن باول نظيره الروسي إيغور إيفانوف في موسكو .",
]


def _articles() -> list[Article]:
    out = []
    for i, body in enumerate(BODIES):
        art = Article(id=str(i), source_uri=f"u{i}", source_format="plain", body=body,
                      title="خبر من " + ("القاهرة" if i % 2 else "بيروت"))
        assert normalize_article(art, "light")
        out.append(art)
    return out


def _key(mentions: list[Mention]) -> list[tuple]:
    return [(m.field, m.start, m.end, m.type, m.text, m.normalized, m.cluster)
            for m in mentions]


@pytest.fixture(scope="module")
def recognizer():
    from akhbar.ner import load_recognizer

    return load_recognizer("builtin")


def test_find_entities_many_equals_one_by_one(recognizer):
    many = find_entities_many(_articles(), recognizer)
    single = [find_entities(a, recognizer) for a in _articles()]
    assert [_key(m) for m in many] == [_key(m) for m in single]
    assert sum(len(m) for m in many) >= len(BODIES)  # names in every article


def test_batched_step_equals_one_by_one(recognizer):
    want = sorted((a.id, _key(find_entities(a, recognizer))) for a in _articles())
    with TestPipeline(options=beam.options.pipeline_options.PipelineOptions(
            ["--direct_running_mode=in_memory"])) as p:
        out = p | beam.Create(_articles()) | ExtractEntities(batch_size=2)
        assert_that(out[MAIN] | beam.Map(lambda a: (a.id, _key(a.entities))),
                    equal_to(want), label="articles")
        assert_that(out[DEAD_LETTER], equal_to([]), label="dead")


class _Exploding(BatchExtractFn):
    """Finds one PERS per article; the article whose body says BOOM makes it fail."""

    step = "entities"

    def find(self, article):
        if "BOOM" in article.body:
            raise RuntimeError("model exploded")
        return [Mention("x", "PERS", "body", 0, 1)]

    def find_many(self, articles):
        return [self.find(a) for a in articles]

    def attach(self, article, found):
        article.entities = found


@pytest.mark.parametrize("strict", [False, True])
def test_a_failing_batch_fails_only_its_bad_article(strict: bool):
    arts = [Article(id=str(i), source_uri=f"u{i}", source_format="plain",
                    body="BOOM" if i == 2 else "نص") for i in range(5)]
    with TestPipeline(options=beam.options.pipeline_options.PipelineOptions(
            ["--direct_running_mode=in_memory"])) as p:
        batches = p | beam.Create([arts[:3], arts[3:]])
        out = extract_step(batches, "Find", _Exploding(strict))
        kept = out[MAIN] | "Kept" >> beam.Map(
            lambda a: (a.id, len(a.entities), [e.reason for e in a.errors]))
        dead = out[DEAD_LETTER] | "Dead" >> beam.Map(lambda d: (d.article_id, d.reason))
        good = [(str(i), 1, []) for i in (0, 1, 3, 4)]
        if strict:
            assert_that(kept, equal_to(good), label="kept")
            assert_that(dead, equal_to([("2", "extractor_error")]), label="dead")
        else:
            assert_that(kept, equal_to(good + [("2", 0, ["extractor_error"])]), label="kept")
            assert_that(dead, equal_to([]), label="dead")
