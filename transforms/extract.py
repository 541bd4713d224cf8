"""The shared machinery of the extraction steps (entities, dates).

A failing extractor never loses the article: by default the article is written
with the failure in its ``errors``; in strict mode it goes to the dead letters.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam

from akhbar.article import Article, DeadLetter, StepError
from transforms.common import DEAD_LETTER, MAIN, Counters, StepCounters


class ExtractFn(beam.DoFn):
    """Base DoFn: ``find(article)`` returns the spans, ``attach`` stores them."""

    step = "extract"

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.counters = StepCounters(self.step)

    def find(self, article: Article) -> list[Any]:
        raise NotImplementedError

    def attach(self, article: Article, found: list[Any]) -> None:
        raise NotImplementedError

    def process(self, article: Article):
        self.counters.inc(Counters.TOTAL)
        try:
            found = self.find(article)
        except Exception as exc:
            if self.strict:
                yield self.counters.dead(DeadLetter.of(
                    article.source_uri, self.step, "extractor_error", repr(exc),
                    article.body, article.id))
                return
            self.counters.inc(Counters.FAILED + "extractor_error")
            article.errors.append(StepError(self.step, "extractor_error", repr(exc)[:1000]))
            yield article
            return
        yield self.found(article, found)

    def found(self, article: Article, found: list[Any]) -> Article:
        self.attach(article, found)
        for item in found:
            self.counters.inc(Counters.found(self.step, item.type))
        return article


class BatchExtractFn(ExtractFn):
    """An ``ExtractFn`` over lists of articles (from ``BatchElements``): one
    ``find_many`` call per batch; if it fails, each article is tried again alone, so a
    bad article fails only itself, exactly as with ``ExtractFn``."""

    def find_many(self, articles: list[Article]) -> list[list[Any]]:
        raise NotImplementedError

    def process(self, batch: list[Article]):
        try:
            results = self.find_many(batch)
        except Exception:  # noqa: BLE001 - isolated below, article by article
            for article in batch:
                yield from super().process(article)
            return
        for article, found in zip(batch, results, strict=True):
            self.counters.inc(Counters.TOTAL)
            yield self.found(article, found)


def extract_step(articles, label: str, fn: ExtractFn) -> dict:
    """Apply one extraction DoFn with its dead-letter output."""
    out = articles | label >> beam.ParDo(fn).with_outputs(DEAD_LETTER, main=MAIN)
    return {MAIN: out[MAIN], DEAD_LETTER: out[DEAD_LETTER]}
