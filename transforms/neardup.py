"""NearDuplicates: clusters of near-duplicate articles from their MinHash records, by shuffles.

Input: ``{"records": (id, shingle-set bytes, published, source, input file),
"bands": (key prefix, packed (band key, id) entries)}`` (``akhbar.neardup.near_record``, made in the duplicate pass,
which already parses and normalizes every body); instead of ``records``, ``spilled``: the
names of files holding them (``RecordSpill``), so that the runner moves only the band
entries of every article and the records of the candidates (a few percent). Output: ``(id, (representative id,
similarity, representative's published))`` for every article of a cluster but its
representative: a small table, joined into the main stage as a side input.

1. Band keys: ``(band key, id)`` for each LSH band of each article (MinHash signature),
   packed by key prefix (``akhbar.neardup.BandPacker``: the local runner holds shuffled
   elements as Python objects).
2. Buckets: group by key prefix, then by band key inside the group; a bucket of more
   than ``max_bucket`` ids (boilerplate, empty bodies) is skipped and counted
   (``skipped_oversize_bucket``), the others route each pair ``a < b`` to ``a``: a group
   by id makes the routes distinct, and ``{id: destinations}`` (only the articles of some
   pair) is a side input.
3. Verification: each candidate record goes to its destinations, one group by
   destination brings an article's record together with those of its larger partners,
   and each pair is kept when its exact Jaccard is at least the threshold.
4. Components: all verified edges (thousands for tens of thousands of articles) are
   grouped under one key and joined by a union-find (``ComponentsFn``), whose roots are
   the smallest ranks (earliest published, then smallest id): the representatives. Over
   ``max_edges`` edges (counted: ``components_overflow_edges``) they go instead to
   ``rounds`` rounds of min-label propagation, one shuffle each, whose memory is
   spread over the keys (labels still changing in the last round are counted:
   ``components_unconverged``).
5. Similarity: ``{id: representative id}`` of the clustered articles is a side input;
   the candidate records are grouped by representative -> exact Jaccard to it.

Nothing is held per corpus in one process: the steps are keyed (band, id,
representative); the side inputs and the components step hold only candidate ids,
clustered ids or verified edges (bounded by ``max_edges``).

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

import pickle
import posixpath
import uuid
from collections.abc import Container, Iterator, Mapping, Sequence

import apache_beam as beam
import numpy as np
from apache_beam.io.avroio import ReadAllFromAvro, WriteToAvro
from apache_beam.io.filesystems import FileSystems

from akhbar.neardup import (
    PREFIX_BYTES,
    NearParams,
    NearRecord,
    UnionFind,
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
# Verified edges up to which components are found by one union-find in one process
# (~0.5 KB of memory a vertex at most, ~2 vertices an edge: ~500 MB at the bound).
MAX_EDGES = 500_000
OVERFLOW = "overflow"
INDEX_PREFIX = "near_index"
NEEDED = "needed"
LINK = "link"
RECORDS = "records"
SPILLED = "spilled"


class RecordSpill:
    """Near records written to one new file under ``directory`` (created on the first
    record), pickled one after the other; ``close`` returns its name (None if empty).
    A retried bundle writes another file, and only a finished bundle's name is emitted."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.file = None
        self.path: str | None = None

    def add(self, record: NearRecord) -> None:
        if self.file is None:
            self.path = FileSystems.join(self.directory, f"near-{uuid.uuid4().hex}.pickle")
            self.file = FileSystems.create(self.path)
        pickle.dump(record, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> str | None:
        if self.file is not None:
            self.file.close()
            self.file = None
        return self.path


def read_spilled(path: str, ids: Container[str] | None = None) -> Iterator[NearRecord]:
    """The records of one spill file (those whose id is in ``ids``, if given)."""
    with FileSystems.open(path) as f:
        while True:
            try:
                record = pickle.load(f)
            except EOFError:
                return
            if ids is None or record[0] in ids:
                yield record


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
    """``(key prefix, entries)`` -> for each bucket (band key) within the bound, the routes
    of its pairs with at least one new article: ``(a, a)`` and ``(b, a)`` for a pair
    ``a < b`` (b's record goes to a, where the pair is verified); on ``needed``: the
    committed ids those pairs use, and their representatives."""

    def __init__(self, max_bucket: int) -> None:
        self.max_bucket = max_bucket
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        prefix, values = grouped
        for members in _buckets(prefix, values).values():
            yield from self._routes(members)

    def _routes(self, members):
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
            yield a, a
            yield b, a


def _distinct_routes(grouped):
    """``(id, [destinations, with repeats])`` -> ``(id, distinct destinations)``."""
    article_id, destinations = grouped
    return article_id, tuple(sorted(set(destinations)))


def _route(record, routes):
    """A near record -> ``(destination, record)`` for each destination of its id."""
    for destination in routes.get(record[0], ()):
        yield destination, record


def _by_id(records):
    """The records of a group, one per id (the first)."""
    out = {}
    for record in records:
        out.setdefault(record[0], record)
    return out


class VerifyFn(beam.DoFn):
    """``(a, [record of a, records of every b > a it pairs with])`` -> verified edges
    ``(rank a, rank b)`` (exact Jaccard >= threshold): each candidate pair is met once."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        article_id, records = grouped
        records = _by_id(records)
        own = records.pop(article_id, None)
        if own is None:  # an id whose record is not live: no pair to verify
            return
        for other in records.values():
            self.counters.inc("candidate_pairs")
            if exact_jaccard(own[1], other[1]) >= self.threshold:
                self.counters.inc("verified_pairs")
                yield rank(own[0], own[2]), rank(other[0], other[2])


class ComponentsFn(beam.DoFn):
    """``(None, all edges)`` -> ``(rank v, rank of its component's smallest vertex)`` for
    every vertex, by a union-find in memory, when there are at most ``max_edges`` edges;
    beyond that bound all edges go out on ``overflow`` (to label propagation) and are
    counted (``components_overflow_edges``)."""

    def __init__(self, max_edges: int) -> None:
        self.max_edges = max_edges
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        _, edges = grouped
        uf = UnionFind()
        for count, (a, b) in enumerate(edges, 1):
            if count > self.max_edges:
                break
            uf.union(tuple(a), tuple(b))
        else:
            for vertex in uf.parent:
                yield vertex, uf.find(vertex)
            return
        del uf
        count = 0
        for edge in edges:
            count += 1
            yield beam.pvalue.TaggedOutput(OVERFLOW, edge)
        self.counters.inc("components_overflow_edges", count)


def _both_ways(edge):
    """An edge -> ``(v, ("adj", u))`` both ways."""
    a, b = edge
    yield a, ("adj", b)
    yield b, ("adj", a)


def _initial_labels(edge):
    """An edge -> its smaller end as a label of both ends."""
    low = min(edge)
    yield edge[0], ("nbr", low)
    yield edge[1], ("nbr", low)


class MinLabelFn(beam.DoFn):
    """``(v, [("adj", u) | ("own" | "nbr", label)...])`` -> the smallest label: sent to v
    itself (``own``) and to every neighbour for the next round, or, in the last round,
    ``(v, label)``, counting the labels that changed (``components_unconverged``)."""

    def __init__(self, last: bool) -> None:
        self.last = last
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        vertex, values = grouped
        own, best, neighbours = None, None, []
        for kind, value in values:
            if kind == "adj":
                neighbours.append(value)
                continue
            if kind == "own":
                own = value
            if best is None or value < best:
                best = value
        if best is None:  # cannot happen: every vertex has an edge, so a label
            return
        if self.last:
            if own is not None and best < own:
                self.counters.inc("components_unconverged")
            yield vertex, best
            return
        yield vertex, ("own", best)
        for other in neighbours:
            yield other, ("nbr", best)


def propagate_labels(edges, rounds: int, label: str = "Propagate"):
    """Min-label propagation over ``edges``: ``(rank v, smallest rank reached)`` after
    ``rounds`` rounds, each one group by vertex of its adjacency and the labels sent to it
    (a vertex's own and its neighbours'). Without a bound on memory, for edge sets too big
    for ``ComponentsFn``; syndication clusters are near-cliques, whose labels settle in one
    or two rounds (labels still changing in the last round are counted)."""
    adjacency = edges | f"{label}BothWays" >> beam.FlatMap(_both_ways)
    sent = edges | f"{label}InitialLabels" >> beam.FlatMap(_initial_labels)
    for i in range(rounds + 1):
        sent = (
            (adjacency, sent)
            | f"{label}Round{i}Flatten" >> beam.Flatten()
            | f"{label}Round{i}Group" >> beam.GroupByKey()
            | f"{label}Round{i}Min" >> beam.ParDo(MinLabelFn(last=i == rounds))
        )
    return sent


def _to_representative(record, representatives):
    """A near record of a clustered article -> ``(representative id, record)``."""
    rep = representatives.get(record[0])
    if rep is not None:
        yield rep, record


class ClusterFn(beam.DoFn):
    """``(rep id, records of the cluster)`` -> ``(id, (rep id, similarity, rep published))``
    for every new member but the representative; counts clusters and cross-source
    clusters."""

    def __init__(self) -> None:
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        rep_id, records = grouped
        records = list(_by_id(records).values())
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
                 prior: Sequence[Mapping[str, object]] = (),
                 max_edges: int = MAX_EDGES) -> None:
        """``index_prefix``: write this run's index there; ``prior``: the indexes of
        committed partitions, ``{"pattern": glob, "exclude": [input URIs superseded since]}``;
        ``max_edges``: components in one union-find up to this many verified edges, by
        ``rounds`` rounds of label propagation beyond."""
        super().__init__()
        self.params = params
        self.rounds = rounds
        self.index_prefix = index_prefix
        self.prior = list(prior)
        self.max_edges = max_edges

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
                NEEDED, main="routes")
        )
        # {id: where its record goes}: only the articles of some candidate pair (a few
        # percent) go on, and each pair is verified once, where its smaller id is.
        routes = beam.pvalue.AsDict(
            bucketed["routes"]
            | "GroupRoutes" >> beam.GroupByKey()
            | "DistinctRoutes" >> beam.Map(_distinct_routes))
        if SPILLED in inputs:
            records = inputs[SPILLED] | "CandidateRecords" >> beam.FlatMap(read_spilled, routes)
        else:
            records = inputs[RECORDS] | "CandidateRecords" >> beam.Filter(
                lambda r, ids: r[0] in ids, routes)
        if self.prior:
            needed = beam.pvalue.AsDict(
                bucketed[NEEDED] | "NeededIds" >> beam.Map(lambda i: (i, None)))
            prior_records = (
                _read_prior(bands.pipeline, self.prior, "ReadPriorRecords")
                | "PriorRecords" >> beam.ParDo(PriorRecordFn(), needed).with_outputs(
                    LINK, main=MAIN_OUT))
            records = (records, prior_records[MAIN_OUT]) | "AllRecords" >> beam.Flatten()
        edges = (
            records
            | "RouteRecords" >> beam.FlatMap(_route, routes)
            | "GroupPairs" >> beam.GroupByKey()
            | "Verify" >> beam.ParDo(VerifyFn(params.threshold))
        )
        if self.prior:
            committed_edges = (
                {"rec": records | "KeyById" >> beam.Map(lambda r: (r[0], r)),
                 "link": prior_records[LINK]}
                | "JoinCommittedRepresentative" >> beam.CoGroupByKey()
                | "CommittedEdges" >> beam.FlatMap(_committed_edges))
            edges = (edges, committed_edges) | "AllEdges" >> beam.Flatten()
        components = (
            edges
            | "OneKey" >> beam.Map(lambda edge: (None, edge))
            | "GroupEdges" >> beam.GroupByKey()
            | "Components" >> beam.ParDo(ComponentsFn(self.max_edges)).with_outputs(
                OVERFLOW, main="labels")
        )
        labels = (
            (components["labels"], propagate_labels(components[OVERFLOW], self.rounds))
            | "AllLabels" >> beam.Flatten())
        representatives = beam.pvalue.AsDict(
            labels | "RepById" >> beam.Map(lambda vl: (vl[0][2], vl[1][2])))
        flags = (
            records
            | "ToRepresentative" >> beam.FlatMap(_to_representative, representatives)
            | "GroupByRepresentative" >> beam.GroupByKey()
            | "Similarity" >> beam.ParDo(ClusterFn())
        )
        # The index's finalized files (``WriteToAvro``), so that a commit can wait for them.
        self.index_written = None
        if self.index_prefix:
            self.index_written = (
                {"rec": self._all_records(inputs) | "KeyNewById" >> beam.Map(
                    lambda r: (r[0], r)),
                 "flag": flags}
                | "JoinFlags" >> beam.CoGroupByKey()
                | "IndexRecords" >> beam.ParDo(IndexRecordFn(params))
                | "WriteIndex" >> WriteToAvro(
                    self.index_prefix.rstrip("/") + "/" + INDEX_PREFIX,
                    schema=near_index_schema(), file_name_suffix=".avro")
            )
        return flags

    @staticmethod
    def _all_records(inputs):
        """Every new article's near record (the index needs them all)."""
        if SPILLED in inputs:
            return inputs[SPILLED] | "AllSpilledRecords" >> beam.FlatMap(read_spilled)
        return inputs[RECORDS]


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
    article's near-duplicate index record (band keys recomputed from the shingle set).
    A join, not a side input of the flags: the local runner would then hold back the
    watermark of the records, which the verification's Flatten waits on."""

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
