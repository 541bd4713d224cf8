"""ParseArticles: bytes of one file (or container) -> articles, or dead letters."""

from __future__ import annotations

import apache_beam as beam

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, Tally, parse_file, source_uri
from transforms.common import DEAD_LETTER, MAIN, Counters, StepCounters, Steps
from transforms.read import WatchedStream, open_input, stop_if_unreachable


class ParseFileFn(beam.DoFn):
    """One ``ReadableFile`` -> every article in it; failures become dead letters.

    Counts ``total`` (files) and ``items_delimited``: the items the file holds as its
    members were enumerated and its records delimited, before any was parsed (``Tally``),
    which the accounting checks against the articles and dead letters that came out."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.counters = StepCounters(Steps.PARSE)

    def process(self, readable_file):
        path = readable_file.metadata.path
        self.counters.inc(Counters.TOTAL)
        try:
            stream = WatchedStream(open_input(readable_file))
        except Exception as exc:  # permission denied, vanished file, symlink loop, fifo...
            stop_if_unreachable(path, exc)
            self.counters.inc(Counters.ITEMS_DELIMITED)
            yield self.counters.dead(DeadLetter.of(
                source_uri(path), "read", "unreadable", f"{type(exc).__name__}: {exc}"))
            return
        size = readable_file.metadata.size_in_bytes or None
        items = 0
        tally = Tally()
        try:
            with stream:
                for item in parse_file(path, stream, self.options, size, tally):
                    items += 1
                    if isinstance(item, Article):
                        self.counters.inc(Counters.ARTICLES)
                        yield item
                    else:
                        yield self.counters.dead(item)
        finally:
            self.counters.inc(Counters.ITEMS_DELIMITED, tally.items)
        stop_if_unreachable(path, stream.error)
        if not items:  # parse_file promises at least one item; never let a file vanish
            yield self.counters.dead(DeadLetter.of(
                source_uri(path), "parse", "parse_error", "the parser yielded nothing"))


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
