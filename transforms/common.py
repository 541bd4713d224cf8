"""Pieces every step shares: the dead-letter output tag and datatrove-style counters."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from akhbar.article import DeadLetter

DEAD_LETTER = "dead_letter"
MAIN = "articles"
NAMESPACE = "akhbar"


class Steps:
    """Step names, the contract between the steps and ``pipeline.summary``: each step
    counts in the Beam namespace ``akhbar.<step>``, and the summary reads them by these
    names."""

    PARSE = "parse"
    NORMALIZE = "normalize"
    ENTITIES = "entities"
    DATES = "dates"
    DEDUP = "dedup"
    WRITE = "write"
    DEAD_LETTER = "dead_letter"
    # The steps an article passes after ParseArticles; each may drop it.
    AFTER_PARSE = (NORMALIZE, ENTITIES, DATES, DEDUP, WRITE)
    EXTRACTORS = (ENTITIES, DATES)


class Counters:
    """Counter names of the steps (what ``pipeline.summary`` adds up)."""

    TOTAL = "total"  # what the step saw (parse: files; dead_letter: letters written)
    ARTICLES = "articles"  # parse: articles out
    ITEMS_DELIMITED = "items_delimited"  # parse: items counted before parsing (Tally)
    WRITTEN = "written"
    WRITTEN_DUPLICATE = "written_duplicate"
    FLAGGED_DUPLICATE = "flagged_duplicate"
    WRITTEN_NEAR_DUPLICATE = "written_near_duplicate"
    FLAGGED_NEAR_DUPLICATE = "flagged_near_duplicate"
    DROPPED = "dropped_"  # + reason: items dead-lettered by the step
    FAILED = "failed_"  # + reason: extractor failures kept in the article's errors

    @staticmethod
    def found(step: str, kind: str) -> str:
        """An extractor's count of what it found by type (``entities_PERS``)."""
        return f"{step}_{kind}"

    @staticmethod
    def letters(step: str, reason: str) -> str:
        """The dead_letter step's count of letters by origin (``parse.empty_file``)."""
        return f"{step}.{reason}"


class StepCounters:
    """Beam counters of one step: ``total``, ``written``, ``dropped_<reason>`` ..."""

    def __init__(self, step: str) -> None:
        self.step = step
        self._counters: dict[str, object] = {}

    def inc(self, name: str, n: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(f"{NAMESPACE}.{self.step}", name)
        counter.inc(n)

    def dead(self, letter: DeadLetter) -> beam.pvalue.TaggedOutput:
        """Count a dead letter as ``dropped_<reason>`` and tag it for the dead-letter output."""
        self.inc(Counters.DROPPED + letter.reason)
        return beam.pvalue.TaggedOutput(DEAD_LETTER, letter)
