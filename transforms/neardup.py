"""NearDuplicates: clusters of near-duplicate articles from their MinHash records, by shuffles.

Input: ``{"records": (id, shingle-set bytes, published, source), "bands": (band key, id)}``
(``akhbar.neardup.near_record``, made in the duplicate pass, which already parses and
normalizes every body). Output:
``(id, (representative id, similarity))`` for every article of a cluster but its
representative: a small table, joined into the main stage as a side input.

1. Band keys: ``(band key, id)`` for each LSH band of each article (MinHash signature).
2. Buckets: group by band key; a bucket of more than ``max_bucket`` ids (boilerplate,
   empty bodies) is skipped and counted (``skipped_oversize_bucket``), the others give
   every pair of their ids. Pairs are made distinct.
3. Verification: each pair meets the shingle sets of its two ids by two joins on the id
   and is kept when their exact Jaccard is at least the threshold.
4. Components: min-label propagation over the verified pairs, ``rounds`` rounds of one
   group-by each. A label is the rank (earliest published, then smallest id), so the
   label a cluster converges to is its representative. Articles whose label still
   changed in the last round are counted (``components_unconverged``); syndication
   clusters are near-cliques, whose labels settle in one or two rounds.
5. Similarity: each clustered article meets its representative's shingle set (a join on
   the id, then a group by representative) -> exact Jaccard to the representative.

Nothing is held per corpus in one process: every step is keyed (band, id, vertex,
representative); only the final table of flagged articles is a side input.
"""

from __future__ import annotations

import apache_beam as beam

from akhbar.neardup import NearParams, bucket_pairs, exact_jaccard, rank
from transforms.common import StepCounters

COUNTERS = "neardup"
DEFAULT_ROUNDS = 6


class BucketPairsFn(beam.DoFn):
    """``(band key, ids)`` -> every pair of ids, unless the bucket is over the bound."""

    def __init__(self, max_bucket: int) -> None:
        self.max_bucket = max_bucket
        self.counters = StepCounters(COUNTERS)

    def process(self, keyed):
        _, ids = keyed
        ids = list(ids)
        if len(ids) < 2:
            return
        if len(ids) > self.max_bucket:
            self.counters.inc("skipped_oversize_bucket")
            self.counters.inc("skipped_bucket_members", len(ids))
            return
        yield from bucket_pairs(ids)


def _send_to_second(joined):
    """``(a, {rec: [record of a], pair: [b...]})`` -> ``(b, record of a)``."""
    _, group = joined
    for rec in group["rec"][:1]:
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


def _member_to_representative(joined):
    """``(id, {rec: [record], rep: [rep id]})`` -> ``(rep id, record)``."""
    _, group = joined
    for rec in list(group["rec"])[:1]:
        for rep in list(group["rep"])[:1]:
            yield rep, rec


class ClusterFn(beam.DoFn):
    """``(rep id, records of the cluster)`` -> ``(id, (rep id, similarity))`` for every
    member but the representative; counts clusters and cross-source clusters."""

    def __init__(self) -> None:
        self.counters = StepCounters(COUNTERS)

    def process(self, grouped):
        rep_id, records = grouped
        records = list(records)
        rep = next((r for r in records if r[0] == rep_id), None)
        if rep is None:  # cannot happen: the representative is a member of its cluster
            self.counters.inc("clusters_without_representative")
            return
        members = [r for r in records if r[0] != rep_id]
        self.counters.inc("clusters")
        self.counters.inc("clustered_articles", len(records))
        if len({r[3] for r in records}) > 1:
            self.counters.inc("cross_source_clusters")
        for rec in members:
            yield rec[0], (rep_id, exact_jaccard(rec[1], rep[1]))


class NearDuplicates(beam.PTransform):
    """``{"records", "bands"}`` -> ``(id, (representative id, similarity))`` of the
    articles to flag (see the module docstring)."""

    def __init__(self, params: NearParams, rounds: int = DEFAULT_ROUNDS) -> None:
        super().__init__()
        self.params = params
        self.rounds = rounds

    def expand(self, inputs):
        params = self.params
        by_id = inputs["records"] | "KeyById" >> beam.Map(lambda r: (r[0], r))
        pairs = (
            inputs["bands"]
            | "GroupByBand" >> beam.GroupByKey()
            | "BucketPairs" >> beam.ParDo(BucketPairsFn(params.max_bucket))
            | "DistinctPairs" >> beam.Distinct()
        )
        half = (
            {"rec": by_id, "pair": pairs}
            | "JoinFirst" >> beam.CoGroupByKey()
            | "ToSecond" >> beam.FlatMap(_send_to_second)
        )
        edges = (
            {"rec": by_id, "half": half}
            | "JoinSecond" >> beam.CoGroupByKey()
            | "Verify" >> beam.ParDo(VerifyFn(params.threshold))
        )
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
        reps = labels | "RepById" >> beam.Map(lambda kv: (kv[0][2], kv[1][2]))
        return (
            {"rec": by_id, "rep": reps}
            | "JoinRepresentative" >> beam.CoGroupByKey()
            | "ToRepresentative" >> beam.FlatMap(_member_to_representative)
            | "GroupByRepresentative" >> beam.GroupByKey()
            | "Similarity" >> beam.ParDo(ClusterFn())
        )



def near_summary(counters) -> dict[str, int]:
    """The ``near_duplicates`` block of ``summary.json`` from the run's counters
    (``{step: {counter: value}}``): flagged = written with ``near_duplicate_of``."""
    near = counters.get(COUNTERS, {})
    return {
        "flagged": counters.get("write", {}).get("written_near_duplicate", 0),
        "clusters": near.get("clusters", 0),
        "cross_source_clusters": near.get("cross_source_clusters", 0),
        "clustered_articles": near.get("clustered_articles", 0),
        "candidate_pairs": near.get("candidate_pairs", 0),
        "verified_pairs": near.get("verified_pairs", 0),
        "skipped_oversize_buckets": near.get("skipped_oversize_bucket", 0),
        "skipped_bucket_members": near.get("skipped_bucket_members", 0),
        "components_unconverged": near.get("components_unconverged", 0),
    }
