"""The shared machinery of the extraction steps (entities, dates).

An extractor finds spans on the *normalized* text of a field; this module maps
them back to the original text, so that ``record[field][start:end]`` is the
surface form. A failing extractor never loses the article: by default the
article is written with the failure in its ``errors``; in strict mode it goes
to the dead letters.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam

from akhbar.article import FIELDS, Article, DeadLetter, StepError
from transforms.common import DEAD_LETTER, MAIN, StepCounters


def map_to_original(article: Article, field: str, spans: list[Any]) -> list[Any]:
    """Rewrite ``start``/``end``/``text`` of each span from normalized to original offsets."""
    norm = article.normalized[field]
    original = article.field_text(field) or ""
    for span in spans:
        start, end = norm.to_original(span.start, span.end)
        span.start, span.end, span.text = start, end, original[start:end]
        span.field = field
    return spans


class ExtractFn(beam.DoFn):
    """Base DoFn: runs ``extract(article, field, normalized_text)`` on every field."""

    step = "extract"

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.counters = StepCounters(self.step)

    def extract(self, article: Article, field: str, text: str) -> list[Any]:
        raise NotImplementedError

    def attach(self, article: Article, found: list[Any]) -> None:
        """Store the spans found in all fields on the article."""
        raise NotImplementedError

    def process(self, article: Article):
        self.counters.inc("total")
        try:
            found: list[Any] = []
            for field in FIELDS:
                norm = article.normalized.get(field)
                if norm is not None and norm.text:
                    found.extend(map_to_original(article, field,
                                                 self.extract(article, field, norm.text)))
            self.attach(article, found)
        except Exception as exc:
            if self.strict:
                yield self.counters.dead(DeadLetter.of(
                    article.source_uri, self.step, "extractor_error", repr(exc),
                    article.body, article.id))
                return
            self.counters.inc("failed_extractor_error")
            article.errors.append(StepError(self.step, "extractor_error", repr(exc)[:1000]))
            yield article
            return
        for item in found:
            self.counters.inc(f"{self.step}_{item.type}")
        yield article


def extract_step(articles, label: str, fn: ExtractFn) -> dict:
    """Apply one extraction DoFn with its dead-letter output."""
    out = articles | label >> beam.ParDo(fn).with_outputs(DEAD_LETTER, main=MAIN)
    return {MAIN: out[MAIN], DEAD_LETTER: out[DEAD_LETTER]}
