"""BuildIndex: the corpus index (links, key statistics, entities, timeline) from article
records, with Beam shuffles only (CombinePerKey, CoGroupByKey, GroupByKey), so it runs
unchanged on Dataflow and no step holds the corpus.

The same graph does a full build and an incremental update: an update starts from the
previous index's key statistics, adds the new articles and subtracts the ones that left
the corpus (found in the previous links and date-reference tables, never by re-reading
old articles); a full build starts from nothing. See docs/index.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import apache_beam as beam
from apache_beam.io.avroio import WriteToAvro

from akhbar.index import resolve
from akhbar.index.stats import (
    DATE_TYPE,
    MIN_PAIR_ARTICLES,
    article_deltas,
    empty,
    entity_row,
    is_empty,
    kkey,
    merge,
    observations_from_links,
    split_kkey,
    timeline_rows,
    top_pairs,
)
from akhbar.report.aggregate import source_of
from akhbar.schema import schemas
from transforms.common import StepCounters

TABLES = ("links", "daterefs", "keys", "comentions", "entities", "timeline")
TABLE_SCHEMAS = {"links": "EntityLink", "daterefs": "DateRefs", "keys": "KeyStats",
                 "comentions": "KeyCoMentions", "entities": "IndexEntity",
                 "timeline": "TimelineDay"}


def table_schema(table: str) -> dict[str, Any]:
    return schemas()[TABLE_SCHEMAS[table]]


class MergeStats(beam.CombineFn):
    """Sums key statistics (signed deltas are plain stats with negated counts)."""

    def create_accumulator(self) -> dict[str, Any]:
        return empty()

    def add_input(self, acc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
        return merge(acc, item)

    def merge_accumulators(self, accs: Iterable[dict[str, Any]]) -> dict[str, Any]:
        accs = iter(accs)
        out = next(accs)
        for acc in accs:
            merge(out, acc)
        return out

    def extract_output(self, acc: dict[str, Any]) -> dict[str, Any]:
        return acc


class MergeCounts(beam.CombineFn):
    """Sums ``{name: count}`` dicts."""

    def create_accumulator(self) -> dict[str, int]:
        return {}

    def add_input(self, acc: dict[str, int], item: dict[str, int]) -> dict[str, int]:
        for k, v in item.items():
            n = acc.get(k, 0) + v
            if n:
                acc[k] = n
            else:
                acc.pop(k, None)
        return acc

    def merge_accumulators(self, accs: Iterable[dict[str, int]]) -> dict[str, int]:
        accs = iter(accs)
        out = next(accs)
        for acc in accs:
            self.add_input(out, acc)
        return out

    def extract_output(self, acc: dict[str, int]) -> dict[str, int]:
        return acc


def _negate(stats: dict[str, Any]) -> dict[str, Any]:
    return merge(empty(), stats, sign=-1)


def _link_rows(record: dict[str, Any], observations: list[resolve.Observation],
               source: str) -> list[dict[str, Any]]:
    """One row per entity cluster of the article and key (a cluster of the recognizer
    that names two people gives two rows); ``entity_id`` still empty."""
    entities = record.get("entities") or ()
    rows = []
    for obs in observations:
        per_cluster: dict[str, list] = {}
        for i in obs.members:
            ent = entities[i]
            entry = per_cluster.setdefault(resolve.cluster_id(ent), [0, {}])
            entry[0] += 1
            form = " ".join((ent.get("normalized") or ent.get("text") or "").split())
            if form:
                entry[1][form] = entry[1].get(form, 0) + 1
        for cid, (mentions, forms) in sorted(per_cluster.items()):
            rows.append({"article_id": record["id"], "cluster": cid, "entity_id": "",
                         "type": obs.type, "key": obs.key, "mentions": mentions,
                         "forms": forms, "published": record.get("published"),
                         "source": source})
    return rows


class ArticleDeltasFn(beam.DoFn):
    """Article record -> the key deltas it adds (main) and its date-reference row."""

    DATEREFS = "daterefs"

    def __init__(self) -> None:
        self.counters = StepCounters("index")

    def process(self, record: dict[str, Any]):
        self.counters.inc("articles")
        published = record.get("published")
        observations = resolve.article_observations(record.get("entities") or ())
        refs = resolve.date_refs(record.get("dates") or ())
        if refs:
            yield beam.pvalue.TaggedOutput(self.DATEREFS, {
                "article_id": record["id"], "published": published, "refs": dict(refs)})
        if not observations:
            self.counters.inc("articles_without_entities")
        yield from article_deltas(published, source_of(record), observations, refs)


class LinkRowsFn(beam.DoFn):
    """Article record -> its link rows, with the entity id of each key (side input)."""

    def process(self, record: dict[str, Any], ids: dict[str, str]):
        observations = resolve.article_observations(record.get("entities") or ())
        for row in _link_rows(record, observations, source_of(record)):
            kk = kkey(row["type"], row["key"])
            row["entity_id"] = ids.get(kk) or resolve.entity_id(row["type"], row["key"])
            yield row


def _relink(row: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    kk = kkey(row["type"], row["key"])
    return {**row, "entity_id": ids.get(kk) or resolve.entity_id(row["type"], row["key"])}


def _retracted_deltas(item: tuple[str, Iterable[dict[str, Any]]]):
    """Negated deltas of one retracted article from its link rows."""
    _aid, rows = item
    rows = list(rows)
    links = [r for r in rows if "cluster" in r]
    refs: dict[str, int] = {}
    published = source = None
    for r in rows:
        published = r.get("published") or published
        if "refs" in r:
            refs = dict(r["refs"])
        else:
            source = r["source"]
    for kk, stats in article_deltas(published, source or "", observations_from_links(links),
                                    refs):
        yield kk, _negate(stats)


def _candidates(item: tuple[str, dict[str, Any]]):
    """What a key offers to other keys (``resolve.offers``), weighted by its articles."""
    kk, stats = item
    etype, key = split_kkey(kk)
    if etype != DATE_TYPE and stats["articles"] > 0:
        for target, cand, n in resolve.offers(etype, key, stats["articles"]):
            yield kkey(etype, target), {cand: n}


def _decide(item: tuple[str, dict[str, list]]):
    """(kkey, stats with entity_id and resolved key)."""
    kk, grouped = item
    if not grouped["stats"]:
        return
    stats = grouped["stats"][0]
    candidates = grouped["candidates"][0] if grouped["candidates"] else {}
    etype, key = split_kkey(kk)
    if etype == DATE_TYPE:
        stats = {**stats, "entity_id": None, "resolved": None}
    else:
        resolved = resolve.decide(etype, key, stats["articles"], candidates)
        stats = {**stats, "entity_id": resolve.entity_id(etype, resolved), "resolved": resolved}
    yield kk, stats


def _moved(item: tuple[str, dict[str, Any]]):
    kk, stats = item
    if stats["resolved"] and stats["resolved"] != stats["key"]:
        yield kk, stats["resolved"]


def _hop(item: tuple[str, dict[str, Any]], moved: dict[str, str]):
    """The key's resolution followed one more step (``a -> b``, ``b -> c``: ``a -> c``)."""
    kk, stats = item
    resolved = stats["resolved"]
    if resolved and resolved != stats["key"]:
        further = moved.get(kkey(stats["type"], resolved))
        if further and further != stats["key"]:
            stats = {**stats, "resolved": further,
                     "entity_id": resolve.entity_id(stats["type"], further)}
    return kk, stats


def _split_comentions(item: tuple[str, dict[str, Any]]):
    """(kkey, stats) -> the stats without co-mentions (main) and the co-mention map."""
    kk, stats = item
    comentions = stats.get("comentions")
    if comentions:
        yield beam.pvalue.TaggedOutput("comentions", (kk, comentions))
    yield kk, {**stats, "comentions": {}}


def _entity_pairs(item: tuple[str, dict[str, int]], ids: dict[str, str]):
    """((entity, co-mentioned entity), articles) of one key's co-mentions."""
    kk, comentions = item
    eid = ids.get(kk)
    if not eid:
        return
    for other, n in comentions.items():
        oid = ids.get(other)
        if n >= MIN_PAIR_ARTICLES and oid and oid != eid:
            yield (eid, oid), n


def _build_entity(item: tuple[str, dict[str, list]]):
    eid, grouped = item
    parts = grouped["parts"]
    if not parts:
        return
    etype = parts[0]["type"]
    resolved = parts[0]["resolved"]
    top = top_pairs(p for group in grouped["comentions"] for p in group)
    entity = entity_row(etype, resolved, parts, top)
    if entity["articles"] <= 0:
        return
    yield beam.pvalue.TaggedOutput("entity", entity)
    day_mentions: dict[str, int] = {}
    day_articles: dict[str, int] = {}
    for part in parts:
        for d, n in part["day_mentions"].items():
            day_mentions[d] = day_mentions.get(d, 0) + n
        for d, n in part["day_articles"].items():
            day_articles[d] = day_articles.get(d, 0) + n
    yield from timeline_rows("entity", eid, day_mentions, day_articles)


def _strip(stats: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in stats.items() if k != "comentions"}
    return {**out, "entity_id": stats.get("entity_id"), "resolved": stats.get("resolved")}


class BuildIndex(beam.PTransform):
    """Article records (read twice: for the statistics, then for the links) and the
    previous index's tables -> the five index tables.

    ``previous`` maps ``keys``/``links``/``daterefs`` to PCollections of the previous
    index's rows (empty for a full build); ``retracted`` is a PCollection of article ids
    that left the corpus since (their rows are removed and their counts subtracted)."""

    def __init__(self, output_dir: str) -> None:
        super().__init__()
        self.output_dir = output_dir.rstrip("/")

    def expand(self, inputs):
        articles, articles_again, previous, retracted = inputs
        rows = articles | "Deltas" >> beam.ParDo(ArticleDeltasFn()).with_outputs(
            ArticleDeltasFn.DATEREFS, main="deltas")
        gone = beam.pvalue.AsList(retracted | "RetractedIds" >> beam.Map(lambda a: a))
        old_links = previous["links"] | "SplitOldLinks" >> beam.ParDo(
            _Split(), gone).with_outputs("gone", main="kept")
        old_refs = previous["daterefs"] | "SplitOldRefs" >> beam.ParDo(
            _Split(), gone).with_outputs("gone", main="kept")
        minus = ((old_links.gone, old_refs.gone) | "GoneRows" >> beam.Flatten()
                 | "GoneByArticle" >> beam.Map(lambda r: (r["article_id"], r))
                 | "GroupGone" >> beam.GroupByKey()
                 | "Negate" >> beam.FlatMap(_retracted_deltas))
        base = previous["keys"] | "OldKeys" >> beam.Map(
            lambda s: (kkey(s["type"], s["key"]), {k: v for k, v in s.items()
                                                   if k not in ("entity_id", "resolved")}))
        split = ((rows.deltas, minus) | "NewDeltas" >> beam.Flatten()
                 | "SplitComentions" >> beam.FlatMap(_split_comentions).with_outputs(
                     "comentions", main="stats"))
        stats = ((base, split.stats) | "AllDeltas" >> beam.Flatten()
                 | "MergeKeys" >> beam.CombinePerKey(MergeStats())
                 | "DropEmpty" >> beam.Filter(lambda kv: not is_empty(kv[1])))
        old_cm = previous["comentions"] | "OldComentions" >> beam.Map(
            lambda r: (kkey(r["type"], r["key"]), r["comentions"]))
        key_comentions = ((old_cm, split.comentions) | "AllComentions" >> beam.Flatten()
                          | "MergeComentions" >> beam.CombinePerKey(MergeCounts())
                          | "DropNoComentions" >> beam.Filter(lambda kv: bool(kv[1])))
        candidates = (stats | "Offer" >> beam.FlatMap(_candidates)
                      | "Candidates" >> beam.CombinePerKey(MergeCounts()))
        keys = ({"stats": stats, "candidates": candidates} | "JoinCandidates" >> beam.CoGroupByKey()
                | "Decide" >> beam.FlatMap(_decide))
        # One more hop, so that a key and the key it resolves to end in the same entity
        # (a side input of the keys that resolve elsewhere: no shuffle).
        moved = beam.pvalue.AsDict(keys | "Moved" >> beam.FlatMap(_moved))
        keys = keys | "Hop" >> beam.Map(_hop, moved)

        # Links never cross a shuffle: the articles are read a second time once the
        # decisions are known, and each row takes its entity id from a side input of
        # key -> entity id (its size grows with the distinct names, not the articles).
        ids = beam.pvalue.AsDict(
            keys | "EntityOfKey" >> beam.FlatMap(
                lambda kv: [(kv[0], kv[1]["entity_id"])] if kv[1]["entity_id"] else []))
        new_links = articles_again | "Links" >> beam.ParDo(LinkRowsFn(), ids)
        kept_links = old_links.kept | "Relink" >> beam.Map(_relink, ids)
        links = (kept_links, new_links) | "AllLinks" >> beam.Flatten()
        daterefs = (old_refs.kept, rows[ArticleDeltasFn.DATEREFS]) | "AllRefs" >> beam.Flatten()

        entity_keys = keys | "NotDates" >> beam.Filter(lambda kv: kv[1]["type"] != DATE_TYPE)
        comentions = (
            key_comentions | "EntityPairs" >> beam.FlatMap(_entity_pairs, ids)
            | "SumPairs" >> beam.CombinePerKey(sum)
            | "ByEntity" >> beam.Map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
            | "TopPairs" >> beam.combiners.Top.PerKey(
                10, key=lambda pair: (pair[1], _rev(pair[0]))))
        parts = entity_keys | "ByEntityId" >> beam.Map(lambda kv: (kv[1]["entity_id"], kv[1]))
        built = ({"parts": parts, "comentions": comentions} | "JoinEntity" >> beam.CoGroupByKey()
                 | "Entities" >> beam.FlatMap(_build_entity).with_outputs("entity",
                                                                         main="timeline"))
        date_rows = (keys | "Dates" >> beam.Filter(lambda kv: kv[1]["type"] == DATE_TYPE)
                     | "DateRows" >> beam.Map(lambda kv: {
                         "kind": "date", "entity_id": None, "date": kv[1]["key"],
                         "mentions": kv[1]["mentions"], "articles": kv[1]["articles"]}))
        timeline = (built.timeline, date_rows) | "AllTimeline" >> beam.Flatten()
        outputs = {
            "links": links, "daterefs": daterefs,
            "keys": keys | "KeyRows" >> beam.Map(lambda kv: _strip(kv[1])),
            "comentions": key_comentions | "ComentionRows" >> beam.Map(lambda kv: {
                "type": split_kkey(kv[0])[0], "key": split_kkey(kv[0])[1],
                "comentions": kv[1]}),
            "entities": built.entity, "timeline": timeline,
        }
        for table, pcoll in outputs.items():
            _ = pcoll | f"Write_{table}" >> WriteToAvro(
                f"{self.output_dir}/{table}", table_schema(table), file_name_suffix=".avro",
                codec="deflate")
        return outputs


def _rev(text: str) -> tuple[int, ...]:
    """Sort key that prefers the smaller id among equal counts in ``Top`` (largest first)."""
    return tuple(-ord(c) for c in text)


class _Split(beam.DoFn):
    def process(self, row: dict[str, Any], gone: Sequence[str]):
        if not hasattr(self, "_gone") or self._gone_src is not gone:
            self._gone_src = gone
            self._gone = frozenset(gone)
        if row["article_id"] in self._gone:
            yield beam.pvalue.TaggedOutput("gone", row)
        else:
            yield row
