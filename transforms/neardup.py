"""NearDuplicates: clusters of near-duplicate articles from their MinHash records, by shuffles.

Input: ``{"records": (id, shingle-set bytes, published, source, input file),
"bands": (key prefix, packed (band key, id) entries)}`` (``akhbar.neardup.near_record``, made in the duplicate pass,
which already parses and normalizes every body). Output: ``(id, (representative id,
similarity, representative's published))`` for every article of a cluster but its
representative: a small table, joined into the main stage as a side input.

1. Band keys: ``(band key, id)`` for each LSH band of each article (MinHash signature),
   packed by key prefix (``akhbar.neardup.BandPacker``: the local runner holds shuffled
   elements as Python objects).
2. Buckets: group by key prefix, then by band key inside the group; a bucket of more than ``max_bucket`` ids (boilerplate,
   empty bodies) is skipped and counted (``skipped_oversize_bucket``), the others give
   every pair of their ids. Pairs are made distinct.
3. Verification: the records of the articles in some pair (a side input of their ids
   filters them), and each pair meets the shingle sets of its two ids by two joins on the
   id and is kept when their exact Jaccard is at least the threshold.
4. Components: min-label propagation over the verified pairs, ``rounds`` rounds of one
   group-by each. A label is the rank (earliest published, then smallest id), so the
   label a cluster converges to is its representative. Articles whose label still
   changed in the last round are counted (``components_unconverged``); syndication
   clusters are near-cliques, whose labels settle in one or two rounds.
5. Similarity: each clustered article meets its representative's shingle set (a join on
   the id, then a group by representative) -> exact Jaccard to the representative.

Nothing is held per corpus in one process: every step is keyed (band, id, vertex,
representative); only the final table of flagged articles is a side input.

Across refreshes (``prior``): the near-duplicate index of committed partitions
(``PREFIX/near_index-*.avro``: shingle set, band keys and representative of every article,
written with ``index_prefix``) takes part too. Its band entries are kept only where the new
articles have the same key, a bucket gives only pairs with at least one new article, and
only the index records those pairs need (and their representatives) join the
verification; a committed article is joined to its committed representative by an edge
(when that one is still live), so a new copy of an old story gets the old cluster's
representative. The shuffles are proportional to the new articles; the index files are
read (twice) in full.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

import apache_beam as beam
import numpy as np
from apache_beam.io.avroio import ReadAllFromAvro, WriteToAvro

from akhbar.neardup import (
    PREFIX_BYTES,
    NearParams,
    band_keys,
    bucket_pairs,
    exact_jaccard,
    rank,
    signature,
    unpack_bands,
)
from akhbar.schema import near_index_schema
from transforms.common import Counters, StepCounters, Steps

COUNTERS = "neardup"
MAIN_OUT = "records"
DEFAULT_ROUNDS = 6
INDEX_PREFIX = "near_index"
NEEDED = "needed"
LINK = "link"


def _buckets(prefix: bytes, values) -> dict[bytes, dict[str, str | None]]:
    """The buckets of one key-prefix group: band key -> {id: committed representative
    ("" if none) or None for a new article}. Values are packed new entries (bytes) or
    committed entries ``(band key, id, representative)``."""
    buckets: dict[bytes, dict[str, str | None]] = {}
    for value in values:
        if isinstance(value, bytes):
            for key, article_id in unpack_bands(prefix, value):
                buckets.setdefault(key, {})[article_id] = None
        else:
            key, article_id, rep = value
            buckets.setdefault(key, {}).setdefault(article_id, rep)
    return buckets


class BucketPairsFn(beam.DoFn):
    """``(key prefix, entries)`` -> for each bucket (band key), every pair of ids with at
    least one new article, unless the bucket is over the bound; on ``needed``: the
    committed ids those pairs use, and their representatives."""

    def __init__(self, max_bucket: int) -> None:
        self.max_bucket = max_bucket
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        prefix, values = grouped
        for members in _buckets(prefix, values).values():
            yield from self._pairs(members)

    def _pairs(self, members):
        if len(members) < 2:
            return
        if len(members) > self.max_bucket:
            self.counters.inc("skipped_oversize_bucket")
            self.counters.inc("skipped_bucket_members", len(members))
            return
        for a, b in bucket_pairs(list(members)):
            old_a, old_b = members[a] is not None, members[b] is not None
            if old_a and old_b:
                continue  # both committed: paired when they were new
            for old, rep in ((a, members[a]), (b, members[b])):
                if rep is not None:
                    yield beam.pvalue.TaggedOutput(NEEDED, old)
                    if rep:
                        yield beam.pvalue.TaggedOutput(NEEDED, rep)
            yield a, b


def _send_to_second(joined):
    """``(a, {rec: [record of a], pair: [b...]})`` -> ``(b, record of a)``."""
    _, group = joined
    for rec in list(group["rec"])[:1]:
        for other in group["pair"]:
            yield other, rec


class VerifyFn(beam.DoFn):
    """``(b, {rec: [record of b], half: [records of a...]})`` -> verified edges
    ``(rank a, rank b)`` (exact Jaccard >= threshold)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.counters = StepCounters(COUNTERS)

    def process(self, joined):
        _, group = joined
        recs = list(group["rec"])[:1]
        for rec_b in recs:
            for rec_a in group["half"]:
                self.counters.inc("candidate_pairs")
                if exact_jaccard(rec_a[1], rec_b[1]) >= self.threshold:
                    self.counters.inc("verified_pairs")
                    yield rank(rec_a[0], rec_a[2]), rank(rec_b[0], rec_b[2])


def _both_ids(pair):
    yield pair[0], None
    yield pair[1], None


def _both_ways(edge):
    a, b = edge
    yield a, b
    yield b, a


def _initial_labels(edge):
    low = min(edge)
    yield edge[0], low
    yield edge[1], low


def _propagate(joined):
    """``(v, {label: [l], adj: [neighbours]})`` -> ``(v, ("own", l))`` and
    ``(u, ("nbr", l))`` for every neighbour u."""
    vertex, group = joined
    for label in list(group["label"])[:1]:
        yield vertex, ("own", label)
        for other in group["adj"]:
            yield other, ("nbr", label)


class MinLabelFn(beam.DoFn):
    """``(v, [(kind, label)...])`` -> ``(v, smallest label)``; counts labels that changed
    (only in the last round, as ``components_unconverged``)."""

    def __init__(self, last: bool) -> None:
        self.last = last
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        vertex, labels = grouped
        own = [label for kind, label in labels if kind == "own"]
        best = min(label for _, label in labels)
        if self.last and own and best < own[0]:
            self.counters.inc("components_unconverged")
        yield vertex, best


def _with_representative(labelled):
    """``(rank v, rank rep)`` -> ``(v id, rep id)`` and ``(rep id, rep id)`` (a committed
    representative may be no endpoint of a new pair, but its record is needed)."""
    vertex, label = labelled
    yield vertex[2], label[2]
    yield label[2], label[2]


def _member_to_representative(joined):
    """``(id, {rec: [record], rep: [rep id]})`` -> ``(rep id, record)``."""
    _, group = joined
    for rec in list(group["rec"])[:1]:
        for rep in list(group["rep"])[:1]:
            yield rep, rec


class ClusterFn(beam.DoFn):
    """``(rep id, records of the cluster)`` -> ``(id, (rep id, similarity, rep published))``
    for every new member but the representative; counts clusters and cross-source
    clusters."""

    def __init__(self) -> None:
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        rep_id, records = grouped
        records = list(records)
        rep = next((r for r in records if r[0] == rep_id), None)
        if rep is None:  # cannot happen: the representative is a member of its cluster
            self.counters.inc("clusters_without_representative")
            return
        if len(records) < 2:  # a committed representative met only through its own id
            return
        self.counters.inc("clusters")
        self.counters.inc("clustered_articles", len(records))
        if len({r[3] for r in records}) > 1:
            self.counters.inc("cross_source_clusters")
        for rec in records:
            if rec[0] != rep_id and len(rec) == 5:  # committed members are not rewritten
                yield rec[0], (rep_id, exact_jaccard(rec[1], rep[1]), rep[2])


class NearDuplicates(beam.PTransform):
    """``{"records", "bands"}`` -> ``(id, (representative id, similarity))`` of the
    articles to flag (see the module docstring)."""

    def __init__(self, params: NearParams, rounds: int = DEFAULT_ROUNDS,
                 index_prefix: str | None = None,
                 prior: Sequence[Mapping[str, object]] = ()) -> None:
        """``index_prefix``: write this run's index there; ``prior``: the indexes of
        committed partitions, ``{"pattern": glob, "exclude": [input URIs superseded since]}``."""
        super().__init__()
        self.params = params
        self.rounds = rounds
        self.index_prefix = index_prefix
        self.prior = list(prior)

    def expand(self, inputs):
        params = self.params
        bands = inputs["bands"]
        if self.prior:
            new_keys = beam.pvalue.AsDict(
                bands | "NewKeys" >> beam.FlatMap(
                    lambda kv: ((key, None) for key, _ in unpack_bands(*kv))))
            prior_bands = (
                _read_prior(bands.pipeline, self.prior, "ReadPriorBands")
                | "PriorBandEntries" >> beam.ParDo(PriorBandsFn(), new_keys))
            bands = (bands, prior_bands) | "AllBandEntries" >> beam.Flatten()
        bucketed = (
            bands
            | "GroupByBand" >> beam.GroupByKey()
            | "BucketPairs" >> beam.ParDo(BucketPairsFn(params.max_bucket)).with_outputs(
                NEEDED, main="pairs")
        )
        pairs = bucketed["pairs"] | "DistinctPairs" >> beam.Distinct()
        # Only the articles of some candidate pair go on: the joins below then hold a few
        # percent of the shingle sets instead of all of them (three times).
        candidates = beam.pvalue.AsDict(pairs | "CandidateIds" >> beam.FlatMap(_both_ids))
        records = inputs["records"] | "CandidateRecords" >> beam.Filter(
            lambda r, ids: r[0] in ids, candidates)
        if self.prior:
            needed = beam.pvalue.AsDict(
                bucketed[NEEDED] | "NeededIds" >> beam.Map(lambda i: (i, None)))
            prior_records = (
                _read_prior(bands.pipeline, self.prior, "ReadPriorRecords")
                | "PriorRecords" >> beam.ParDo(PriorRecordFn(), needed).with_outputs(
                    LINK, main=MAIN_OUT))
            records = (records, prior_records[MAIN_OUT]) | "AllRecords" >> beam.Flatten()
        by_id = records | "KeyById" >> beam.Map(lambda r: (r[0], r))
        committed_edges = []
        if self.prior:
            committed_edges.append(
                {"rec": by_id, "link": prior_records[LINK]}
                | "JoinCommittedRepresentative" >> beam.CoGroupByKey()
                | "CommittedEdges" >> beam.FlatMap(_committed_edges))
        half = (
            {"rec": by_id, "pair": pairs}
            | "JoinFirst" >> beam.CoGroupByKey()
            | "ToSecond" >> beam.FlatMap(_send_to_second)
        )
        verified = (
            {"rec": by_id, "half": half}
            | "JoinSecond" >> beam.CoGroupByKey()
            | "Verify" >> beam.ParDo(VerifyFn(params.threshold))
        )
        edges = verified
        if committed_edges:
            edges = [verified, *committed_edges] | "AllEdges" >> beam.Flatten()
        adjacency = edges | "BothWays" >> beam.FlatMap(_both_ways)
        labels = (edges | "InitialLabels" >> beam.FlatMap(_initial_labels)
                  | "MinInitial" >> beam.CombinePerKey(min))
        for i in range(self.rounds):
            labels = (
                {"label": labels, "adj": adjacency}
                | f"Round{i}Join" >> beam.CoGroupByKey()
                | f"Round{i}Send" >> beam.FlatMap(_propagate)
                | f"Round{i}Group" >> beam.GroupByKey()
                | f"Round{i}Min" >> beam.ParDo(MinLabelFn(last=i == self.rounds - 1))
            )
        reps = labels | "RepById" >> beam.FlatMap(_with_representative)
        flags = (
            {"rec": by_id, "rep": reps}
            | "JoinRepresentative" >> beam.CoGroupByKey()
            | "ToRepresentative" >> beam.FlatMap(_member_to_representative)
            | "GroupByRepresentative" >> beam.GroupByKey()
            | "Similarity" >> beam.ParDo(ClusterFn())
        )
        # The index's finalized files (``WriteToAvro``), so that a commit can wait for them.
        self.index_written = None
        if self.index_prefix:
            self.index_written = (
                {"rec": inputs["records"] | "KeyNewById" >> beam.Map(lambda r: (r[0], r)),
                 "flag": flags}
                | "JoinFlags" >> beam.CoGroupByKey()
                | "IndexRecords" >> beam.ParDo(IndexRecordFn(params))
                | "WriteIndex" >> WriteToAvro(
                    self.index_prefix.rstrip("/") + "/" + INDEX_PREFIX,
                    schema=near_index_schema(), file_name_suffix=".avro")
            )
        return flags


def _read_prior(p, prior: Sequence[Mapping[str, object]], label: str):
    """The live records of the committed indexes: those whose input file has not been
    changed or deleted since (``exclude``), keyed by the index file's directory."""
    exclude = {posixpath.dirname(str(entry["pattern"])): set(entry.get("exclude") or ())
               for entry in prior}
    return (
        p
        | f"{label}Patterns" >> beam.Create([str(entry["pattern"]) for entry in prior])
        | f"{label}Read" >> ReadAllFromAvro(with_filename=True)
        | f"{label}Live" >> beam.Filter(
            lambda fr: fr[1]["uri"] not in exclude.get(posixpath.dirname(fr[0]), ()))
        | f"{label}Records" >> beam.Map(lambda fr: fr[1])
    )


class PriorBandsFn(beam.DoFn):
    """A committed index record -> ``(key prefix, (band key, id, representative or ""))``
    for its band keys that some new article has too."""

    def process(self, record, new_keys):
        for key in record["bands"]:
            if key in new_keys:
                yield key[:PREFIX_BYTES], (key, record["id"], record["representative"] or "")


class PriorRecordFn(beam.DoFn):
    """A committed index record the new pairs need -> a near record with a sixth field,
    its committed representative ("" if none: the field marks it committed); on ``link``
    ``(representative id, its rank)`` to join it to its representative."""

    def process(self, record, needed):
        if record["id"] not in needed:
            return
        rep = record["representative"] or ""
        if rep:
            yield beam.pvalue.TaggedOutput(LINK, (rep, rank(record["id"], record["published"])))
        yield (record["id"], record["shingles"], record["published"], record["source"],
               record["uri"], rep)


def _committed_edges(joined):
    """``(rep id, {rec: [its record if live], link: [ranks of its committed members]})``
    -> edges ``(rank rep, rank member)`` (none when the representative was superseded)."""
    _, group = joined
    for rec in list(group["rec"])[:1]:
        for member in group["link"]:
            yield rank(rec[0], rec[2]), tuple(member)


class IndexRecordFn(beam.DoFn):
    """``(id, {rec: [near record], flag: [(rep, similarity, rep published)]})`` -> the
    article's near-duplicate index record (band keys recomputed from the shingle set)."""

    def __init__(self, params: NearParams) -> None:
        self.params = params

    def process(self, joined):
        _, group = joined
        for rec in list(group["rec"])[:1]:
            flag = next(iter(group["flag"]), None)
            shingles = np.frombuffer(rec[1], dtype=np.uint32)
            yield {
                "id": rec[0], "uri": rec[4], "published": rec[2], "source": rec[3],
                "shingles": rec[1],
                "bands": band_keys(signature(shingles, self.params), self.params),
                "representative": flag[0] if flag else None,
                "representative_published": flag[2] if flag else None,
            }



def near_summary(counters) -> dict[str, int]:
    """The ``near_duplicates`` block of ``summary.json`` from the run's counters
    (``{step: {counter: value}}``): flagged = written with ``near_duplicate_of``."""
    near = counters.get(COUNTERS, {})
    return {
        "flagged": counters.get(Steps.WRITE, {}).get(Counters.WRITTEN_NEAR_DUPLICATE, 0),
        "clusters": near.get("clusters", 0),
        "cross_source_clusters": near.get("cross_source_clusters", 0),
        "clustered_articles": near.get("clustered_articles", 0),
        "candidate_pairs": near.get("candidate_pairs", 0),
        "verified_pairs": near.get("verified_pairs", 0),
        "skipped_oversize_buckets": near.get("skipped_oversize_bucket", 0),
        "skipped_bucket_members": near.get("skipped_bucket_members", 0),
        "components_unconverged": near.get("components_unconverged", 0),
    }
