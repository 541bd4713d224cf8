"""NormalizeArticles: normalized text (with offset maps) for title, lead and body."""

from __future__ import annotations

import apache_beam as beam

from akhbar.article import Article, DeadLetter
from akhbar.enrich import normalize_article
from transforms.common import DEAD_LETTER, MAIN, Counters, StepCounters, Steps


class NormalizeFn(beam.DoFn):
    def __init__(self, level: str, keep_tokens: bool) -> None:
        self.level = level
        self.keep_tokens = keep_tokens
        self.counters = StepCounters(Steps.NORMALIZE)

    def process(self, article: Article):
        self.counters.inc(Counters.TOTAL)
        try:
            has_body = normalize_article(article, self.level, self.keep_tokens)
        except Exception as exc:
            yield self.counters.dead(DeadLetter.of(
                article.source_uri, "normalize", "normalize_error", repr(exc),
                article.body, article.id))
            return
        if not has_body:
            yield self.counters.dead(DeadLetter.of(
                article.source_uri, "normalize", "empty_body",
                "body is empty after normalization", article.body, article.id))
            return
        yield article


class NormalizeArticles(beam.PTransform):
    """Articles -> articles carrying ``normalized[field]`` (text + map to the original)."""

    def __init__(self, level: str = "light", keep_tokens: bool = False) -> None:
        super().__init__()
        self.level = level
        self.keep_tokens = keep_tokens

    def expand(self, articles):
        out = articles | "Normalize" >> beam.ParDo(
            NormalizeFn(self.level, self.keep_tokens)).with_outputs(DEAD_LETTER, main=MAIN)
        return {MAIN: out[MAIN], DEAD_LETTER: out[DEAD_LETTER]}
