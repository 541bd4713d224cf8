"""FlagDuplicates: mark exact duplicates (same normalized body); the first by id stays unflagged.

No article body is shuffled: a light first pass over the same files emits only
``(content_hash, id)`` pairs, the pairs are grouped, and the ids of the later
copies reach the flagging step as a small side input (only duplicates are in it).
Re-parsing costs a little CPU but keeps the main path one fused stage, so memory
stays flat however large the corpus (a side input over the articles themselves
would make the local runner hold every article in memory). The pass parses with
``ReadOptions.light``: the same ids and bodies, without the dateline search and the
date parsing that cost ~3/4 of a full parse.
"""

from __future__ import annotations

import apache_beam as beam

from akhbar.article import Article
from akhbar.dedup import file_fingerprints, later_copies
from akhbar.formats import ReadOptions
from transforms.common import Counters, StepCounters, Steps
from transforms.read import WatchedStream, open_input, stop_if_unreachable

FILES = "files"
ARTICLES = "articles"


class HashFileFn(beam.DoFn):
    """One file -> ``(content_hash, id)`` for each of its articles (dead letters are
    accounted for by ParseArticles, which reads the same file)."""

    def __init__(self, options: ReadOptions, level: str) -> None:
        self.options = options
        self.level = level

    def process(self, readable_file):
        path = readable_file.metadata.path
        try:
            stream = WatchedStream(open_input(readable_file))
        except Exception as exc:  # counted as a dead letter by ParseArticles
            stop_if_unreachable(path, exc)
            return
        size = readable_file.metadata.size_in_bytes or None
        with stream:
            yield from file_fingerprints(path, stream, self.options, self.level, size)
        stop_if_unreachable(path, stream.error)


def _later_copies(keyed_ids):
    """``(hash, [ids])`` -> ``(id, first_id)`` for every id but the smallest."""
    return later_copies(keyed_ids[1])


class FlagFn(beam.DoFn):
    def __init__(self) -> None:
        self.counters = StepCounters(Steps.DEDUP)

    def process(self, article: Article, copies):
        self.counters.inc(Counters.TOTAL)
        first = copies.get(article.id)
        if first is not None:
            article.duplicate_of = first
            self.counters.inc(Counters.FLAGGED_DUPLICATE)
        yield article


class FlagDuplicates(beam.PTransform):
    """``{"files": ReadableFiles, "articles": Articles}`` -> articles with ``duplicate_of``."""

    def __init__(self, read_options: ReadOptions, level: str) -> None:
        super().__init__()
        self.read_options = read_options
        self.level = level

    def expand(self, inputs):
        copies = (
            inputs[FILES]
            | "HashBodies" >> beam.ParDo(HashFileFn(self.read_options, self.level))
            | "GroupByHash" >> beam.GroupByKey()
            | "LaterCopies" >> beam.FlatMap(_later_copies)
        )
        return inputs[ARTICLES] | "Flag" >> beam.ParDo(FlagFn(), beam.pvalue.AsDict(copies))
