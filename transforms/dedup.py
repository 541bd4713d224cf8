"""FlagDuplicates: mark exact duplicates (same normalized body); the first by id stays unflagged.

No article body is shuffled: a light first pass over the same files emits only
``(content_hash, id)`` pairs, the pairs are grouped, and the ids of the later
copies reach the flagging step as a small side input (only duplicates are in it).
Re-parsing costs a little CPU but keeps the main path one fused stage, so memory
stays flat however large the corpus (a side input over the articles themselves
would make the local runner hold every article in memory). The pass parses with
``ReadOptions.light``: the same ids and bodies, without the dateline search and the
date parsing that cost ~3/4 of a full parse. The same pass makes the near-duplicate
records (shingle sets and LSH band keys of the same normalized bodies) when ``near`` is given;
``transforms.neardup.NearDuplicates`` turns them into a second small side input. With
``near_spill`` (local runs) the records go to one file per bundle there and only the file
names are shuffled: the verification reads back the few candidates' records, and no
per-article shingle set crosses the runner (which would hold them all in the driver).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows

from akhbar.article import Article
from akhbar.dedup import file_keys, later_copies
from akhbar.formats import ReadOptions
from akhbar.neardup import BandPacker, NearParams
from transforms.common import Counters, StepCounters, Steps
from transforms.neardup import RECORDS, SPILLED, NearDuplicates, RecordSpill
from transforms.read import WatchedStream, open_input, stop_if_unreachable

FILES = "files"
ARTICLES = "articles"
NEAR = "near"
BANDS = "bands"


class HashFileFn(beam.DoFn):
    """One file -> ``(content_hash, id)`` for each of its articles, and with ``near`` its
    near-duplicate record on the ``near`` output (with ``spill``: written to the bundle's
    spill file, whose name goes out on ``near`` at the end of the bundle) and its band
    keys, packed (``akhbar.neardup.BandPacker``, flushed every ``PACK_BYTES`` and at the
    end of the bundle), on the ``bands`` output (dead letters are accounted for by
    ParseArticles, which reads the same file)."""

    PACK_BYTES = 1 << 20

    def __init__(self, options: ReadOptions, level: str, exact: bool = True,
                 near: NearParams | None = None, spill: str | None = None) -> None:
        self.options = options
        self.level = level
        self.exact = exact
        self.near = near
        self.spill = spill
        self.spilled: RecordSpill | None = None

    def start_bundle(self) -> None:
        self._close_spill()  # a failed bundle's file, whose name was never emitted
        self.packer = BandPacker()
        self.spilled = RecordSpill(self.spill) if self.spill else None

    def teardown(self) -> None:
        self._close_spill()

    def _close_spill(self) -> str | None:
        """Closes the bundle's spill file, if any; its path (None if nothing was spilled)."""
        spilled, self.spilled = self.spilled, None
        return spilled.close() if spilled is not None else None

    def finish_bundle(self):
        for packed in self.packer.drain():
            yield beam.pvalue.TaggedOutput(BANDS, GlobalWindows.windowed_value(packed))
        path = self._close_spill()
        if path is not None:
            yield beam.pvalue.TaggedOutput(NEAR, GlobalWindows.windowed_value(path))

    def process(self, readable_file):
        path = readable_file.metadata.path
        try:
            stream = WatchedStream(open_input(readable_file))
        except Exception as exc:  # counted as a dead letter by ParseArticles
            stop_if_unreachable(path, exc)
            return
        size = readable_file.metadata.size_in_bytes or None
        with stream:
            for key, article_id, record in file_keys(
                    path, stream, self.options, self.level, size, self.near):
                if self.exact:
                    yield key, article_id
                if record is not None:
                    near_record, keys = record
                    if self.spilled is not None:
                        self.spilled.add(near_record)
                    else:
                        yield beam.pvalue.TaggedOutput(NEAR, near_record)
                    self.packer.add(keys, article_id)
        stop_if_unreachable(path, stream.error)
        if self.packer.size > self.PACK_BYTES:
            for packed in self.packer.drain():
                yield beam.pvalue.TaggedOutput(BANDS, packed)


def _later_copies(keyed_ids):
    """``(hash, [ids])`` -> ``(id, first_id)`` for every id but the smallest."""
    return later_copies(keyed_ids[1])


class FlagFn(beam.DoFn):
    def __init__(self) -> None:
        self.counters = StepCounters(Steps.DEDUP)

    def process(self, article: Article, copies, near):
        self.counters.inc(Counters.TOTAL)
        first = copies.get(article.id)
        if first is not None:
            article.duplicate_of = first
            self.counters.inc(Counters.FLAGGED_DUPLICATE)
        twin = near.get(article.id)
        if twin is not None:
            article.near_duplicate_of, article.near_duplicate_similarity = twin[0], twin[1]
            self.counters.inc(Counters.FLAGGED_NEAR_DUPLICATE)
        yield article


class FlagDuplicates(beam.PTransform):
    """``{"files": ReadableFiles, "articles": Articles}`` -> articles with ``duplicate_of``
    (``exact``) and ``near_duplicate_of`` / ``near_duplicate_similarity`` (``near``)."""

    def __init__(self, read_options: ReadOptions, level: str, exact: bool = True,
                 near: NearParams | None = None, near_index: str | None = None,
                 near_prior: Sequence[Mapping[str, object]] = (),
                 near_spill: str | None = None) -> None:
        """``near_index``, ``near_prior``: see ``NearDuplicates`` (used by refresh);
        ``near_spill``: a directory every worker can write and read (local runs: a
        temporary directory) for the near records, instead of shuffling them."""
        super().__init__()
        self.read_options = read_options
        self.level = level
        self.exact = exact
        self.near = near
        self.near_index = near_index
        self.near_prior = near_prior
        self.near_spill = near_spill

    def expand(self, inputs):
        hashed = inputs[FILES] | "HashBodies" >> beam.ParDo(
            HashFileFn(self.read_options, self.level, self.exact, self.near, self.near_spill)
        ).with_outputs(NEAR, BANDS, main="exact")
        copies = (
            hashed["exact"]
            | "GroupByHash" >> beam.GroupByKey()
            | "LaterCopies" >> beam.FlatMap(_later_copies)
        )
        near = hashed[NEAR]
        # The near-duplicate index's finalized files (refresh), for the commit to wait on.
        self.index_written = None
        if self.near is not None:
            near_step = NearDuplicates(self.near, index_prefix=self.near_index,
                                       prior=self.near_prior)
            records = SPILLED if self.near_spill else RECORDS
            near = {records: near, BANDS: hashed[BANDS]} | "NearDuplicates" >> near_step
            self.index_written = near_step.index_written
        return inputs[ARTICLES] | "Flag" >> beam.ParDo(
            FlagFn(), beam.pvalue.AsDict(copies), beam.pvalue.AsDict(near))
