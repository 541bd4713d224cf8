"""Pieces every step shares: the dead-letter output tag and datatrove-style counters."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from akhbar.article import DeadLetter

DEAD_LETTER = "dead_letter"
MAIN = "articles"
NAMESPACE = "akhbar"


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
        self.inc(f"dropped_{letter.reason}")
        return beam.pvalue.TaggedOutput(DEAD_LETTER, letter)


def counter_namespace(step: str) -> str:
    return f"{NAMESPACE}.{step}"
