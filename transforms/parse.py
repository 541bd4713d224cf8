"""ParseArticles: bytes of one file (or container) -> articles, or dead letters."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_file
from transforms.common import DEAD_LETTER, MAIN, StepCounters


class ParseFileFn(beam.DoFn):
    """One ``ReadableFile`` -> every article in it; failures become dead letters."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.counters = StepCounters("parse")

    def process(self, readable_file):
        uri = readable_file.metadata.path
        self.counters.inc("total")
        try:
            # Containers (.gz, .zip, ...) are opened by the parser itself, with bounds.
            stream = readable_file.open(compression_type=CompressionTypes.UNCOMPRESSED)
        except Exception as exc:  # permission denied, vanished file, broken link ...
            yield self.counters.dead(DeadLetter.of(uri, "read", "unreadable", repr(exc)))
            return
        with stream:
            for item in parse_file(uri, stream, self.options):
                if isinstance(item, Article):
                    self.counters.inc("articles")
                    yield item
                else:
                    yield self.counters.dead(item)


class ParseArticles(beam.PTransform):
    """ReadableFiles -> ``articles`` and ``dead_letter`` outputs.

    With ``rebalance`` the parsed articles are reshuffled, so that the thousands
    of articles of one container file are processed by all workers.
    """

    def __init__(self, options: ReadOptions, rebalance: bool = False) -> None:
        super().__init__()
        self.options = options
        self.rebalance = rebalance

    def expand(self, files):
        parsed = files | "Parse" >> beam.ParDo(ParseFileFn(self.options)).with_outputs(
            DEAD_LETTER, main=MAIN
        )
        articles = parsed[MAIN]
        if self.rebalance:
            articles = articles | "Rebalance" >> beam.Reshuffle()
        return {MAIN: articles, DEAD_LETTER: parsed[DEAD_LETTER]}
