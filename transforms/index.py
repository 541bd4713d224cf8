"""BuildIndex: the corpus index (links, key statistics, entities, timeline) from article
records, with Beam shuffles and side inputs only, so it runs unchanged on Dataflow and no
step holds the corpus.

The same graph does a full build and an incremental update: an update starts from the
previous index's key state, adds the new articles and subtracts the ones that left the
corpus (found in the previous links and date-reference tables, never by re-reading old
articles), decides again only the neighbourhood of the keys that changed, and writes one
delta generation with the units it changes (``akhbar.index.tables``); a full build starts
from nothing and writes everything. ``CompactIndex`` merges generations. See
docs/index.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
from akhbar.index.tables import UNIT, is_current, tombstone
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
            yield _relink(row, ids)


def _relink(row: dict[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    """The link row with the current entity id of its key."""
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


def _candidates(item: tuple[str, dict[str, Any]], wanted: Mapping[str, Any] | None = None):
    """What a key offers to other keys (``resolve.offers``), weighted by its articles;
    only to the keys in ``wanted`` when given (an update decides only those)."""
    kk, stats = item
    etype, key = split_kkey(kk)
    if etype != DATE_TYPE and stats["articles"] > 0:
        for target, cand, n in resolve.offers(etype, key, stats["articles"]):
            tk = kkey(etype, target)
            if wanted is None or tk in wanted:
                yield tk, {cand: n}


def _neighbourhood(kk: str) -> list[str]:
    """The key and every key whose decision its statistics enter (``resolve.offers``)."""
    etype, key = split_kkey(kk)
    if etype == DATE_TYPE:
        return [kk]
    return [kk] + [kkey(etype, target) for target, _, _ in resolve.offers(etype, key, 1)]


def _decide(item: tuple[str, dict[str, Any]], candidates: Mapping[str, dict[str, int]]):
    """(kkey, stats with the key's own decision, ``decided``)."""
    kk, stats = item
    etype, key = split_kkey(kk)
    decided = None if etype == DATE_TYPE else resolve.decide(
        etype, key, stats["articles"], candidates.get(kk) or {})
    return kk, {**stats, "decided": decided}


def _moved(item: tuple[str, dict[str, Any]]):
    kk, stats = item
    if stats.get("decided") and stats["decided"] != stats["key"]:
        yield kk, stats["decided"]


def _hop(item: tuple[str, dict[str, Any]], moved: Mapping[str, str]):
    """The key's decision followed one more step (``a -> b``, ``b -> c``: ``a -> c``):
    ``resolved`` and ``entity_id``."""
    kk, stats = item
    decided = stats.get("decided")
    if stats["type"] == DATE_TYPE or not decided:
        return kk, {**stats, "resolved": None, "entity_id": None}
    resolved = decided
    if decided != stats["key"]:
        further = moved.get(kkey(stats["type"], decided))
        if further and further != stats["key"]:
            resolved = further
    return kk, {**stats, "resolved": resolved,
                "entity_id": resolve.entity_id(stats["type"], resolved)}


def _entity_comentions(eid: str, comentions: Iterable[Mapping[str, int]],
                       ids: Mapping[str, str]) -> list[tuple[str, int]]:
    """The top co-mentioned entities of an entity, from the co-mentions of its keys:
    articles summed over the key pairs seen together at least ``MIN_PAIR_ARTICLES`` times."""
    counts: dict[str, int] = {}
    for group in comentions:
        for other, n in group.items():
            oid = ids.get(other)
            if n >= MIN_PAIR_ARTICLES and oid and oid != eid:
                counts[oid] = counts.get(oid, 0) + n
    return top_pairs(counts.items())


def _entity_of_key(kv: tuple[str, Mapping[str, Any]]):
    if kv[1].get("entity_id"):
        yield kv[0], kv[1]["entity_id"]


def _part_of(kv: tuple[str, Mapping[str, Any]], wanted: Mapping[str, Any]):
    """(entity id, key row) of a key of an entity to build."""
    row = kv[1]
    if row["type"] != DATE_TYPE and row.get("entity_id") in wanted:
        yield row["entity_id"], row


def _comention_row(kv: tuple[str, dict[str, int]]) -> dict[str, Any]:
    etype, key = split_kkey(kv[0])
    return {"type": etype, "key": key, "comentions": kv[1]}


def _build_entity(item: tuple[str, dict[str, list]], update: bool, ids: Mapping[str, str]):
    """An entity's row and timeline from its keys; in an update, tombstones for an entity
    that has no keys left."""
    eid, grouped = item
    parts = grouped["parts"]
    entity = None
    if parts:
        etype = parts[0]["type"]
        resolved = parts[0]["resolved"]
        top = _entity_comentions(eid, grouped["comentions"], ids)
        entity = entity_row(etype, resolved, parts, top)
    if entity is None or entity["articles"] <= 0:
        if update:
            yield beam.pvalue.TaggedOutput("entity", tombstone("entities", {"entity_id": eid}))
            yield tombstone("timeline", {"kind": "entity", "entity_id": eid})
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


KEY_FIELDS = ("entity_id", "resolved", "decided")


def _bare(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Statistics only (no decision, no co-mentions)."""
    return {k: v for k, v in stats.items() if k not in KEY_FIELDS and k != "comentions"}


def _strip(stats: Mapping[str, Any]) -> dict[str, Any]:
    """A keys-table row."""
    out = {k: v for k, v in stats.items() if k != "comentions"}
    return {**out, **{f: stats.get(f) for f in KEY_FIELDS}}


def _keyed(row: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    return kkey(row["type"], row["key"]), dict(row)


def _in(kv: tuple[str, Any], members: Mapping[str, Any]) -> bool:
    return kv[0] in members


def _joins_neighbourhood(kv: tuple[str, Mapping[str, Any]], decided: Mapping[str, Any]) -> bool:
    """An untouched key whose decision points into the re-decided keys (its hop may change)."""
    kk, row = kv
    if kk in decided:
        return True
    target = row.get("decided")
    return bool(target) and target != row["key"] and kkey(row["type"], target) in decided


def _entity_changed(item: tuple[str, dict[str, list]]):
    """Keys whose entity id changed (their co-mentioned keys' entities are affected)."""
    kk, grouped = item
    new = grouped["new"][0]["entity_id"] if grouped["new"] else None
    old = grouped["old"][0] if grouped["old"] else None
    if new != old:
        yield kk, True


def _comentioned_entities(item: tuple[str, dict[str, int]], ids: Mapping[str, str]):
    _, comentions = item
    for other in comentions:
        if ids.get(other):
            yield ids[other]


class CurrentRows(beam.PTransform):
    """``(generation, row)`` of one table -> the rows readers see: every unit from its
    newest generation, tombstones dropped (``akhbar.index.tables``).

    ``deltas``: the same rows of the delta generations only, read separately; then the
    step that filters can run in the stage that reads the table (the units of the
    deltas are known before it starts) instead of after a pass over all its rows.
    ``has_deltas=False``: the table has no delta generations, so no row is replaced and
    only tombstones drop, with no lookup at all."""

    def __init__(self, table: str, base: int, deltas: beam.PCollection | None = None,
                 has_deltas: bool = True) -> None:
        super().__init__()
        self.table = table
        self.base = base
        self.deltas = deltas
        self.has_deltas = has_deltas

    def expand(self, tagged):
        table, base = self.table, self.base
        unit = UNIT[table]
        newest = {} if not self.has_deltas else beam.pvalue.AsDict(
            (tagged if self.deltas is None else self.deltas)
            | "Deltas" >> beam.Filter(lambda gr: gr[0] > base)
            | "Units" >> beam.Map(lambda gr: (unit(gr[1]), gr[0]))
            | "Newest" >> beam.CombinePerKey(max))
        return tagged | "Current" >> beam.FlatMap(
            lambda gr, newest: [gr[1]] if is_current(table, gr[0], gr[1], newest) else [],
            newest)


def write_tables(outputs: Mapping[str, Any], output_dir: str) -> None:
    """Each table to ``<table>-*.avro``; a table given as a tuple of PCollections is
    written part by part (``<table>-p<i>-*.avro``), each in the stage that makes it,
    instead of through a flatten the runner would hold. (No part's name may start with
    another's plus ``-``: a sink deletes the files matching its own name first.)"""
    for table, parts in outputs.items():
        parts = parts if isinstance(parts, tuple) else (parts,)
        for i, pcoll in enumerate(parts):
            name = f"{table}-p{i}" if len(parts) > 1 else table
            _ = pcoll | f"Write_{name}" >> WriteToAvro(
                f"{output_dir}/{name}", table_schema(table), file_name_suffix=".avro",
                codec="deflate")


class BuildIndex(beam.PTransform):
    """Article records (read twice: for the statistics, then for the links) and the
    previous index -> the six tables: all of them (full build), or one delta generation
    (update) holding only the units the new and the retracted articles change.

    ``previous`` maps ``keys``/``comentions``/``links``/``daterefs`` to PCollections of the
    previous index's current rows (empty for a full build; links and date references only
    of the generations holding retracted articles); ``retracted`` is a PCollection of the
    article ids that left the corpus since (their counts are subtracted, their rows get
    tombstones).

    An update decides again only the *neighbourhood* of the keys whose statistics change:
    those keys and the keys they are candidates for (``resolve.offers``), then the keys
    whose decision points into them (one hop). The entities rebuilt are the old and new
    entities of those keys, and the entities co-mentioned with a key that changed entity.
    Every other row stays as it is, in its generation."""

    def __init__(self, output_dir: str, update: bool = False, retracting: bool = True) -> None:
        super().__init__()
        self.output_dir = output_dir.rstrip("/")
        self.update = update
        # False when no article left the corpus since the last index: no steps for them
        self.retracting = update and retracting

    def expand(self, inputs):
        articles, articles_again, previous, retracted = inputs
        update, retracting = self.update, self.retracting
        rows = articles | "Deltas" >> beam.ParDo(ArticleDeltasFn()).with_outputs(
            ArticleDeltasFn.DATEREFS, main="deltas")
        # The per-article deltas are combined in the stage that reads the articles (a
        # flatten before the combine would hold them all in the runner between stages).
        delta = rows.deltas | "MergeDeltas" >> beam.CombinePerKey(MergeStats())
        if retracting:
            gone = beam.pvalue.AsList(retracted | "RetractedIds" >> beam.Map(lambda a: a))
            gone_links = previous["links"] | "GoneLinks" >> beam.ParDo(_Gone(), gone)
            gone_refs = previous["daterefs"] | "GoneRefs" >> beam.ParDo(_Gone(), gone)
            minus = ((gone_links, gone_refs) | "GoneRows" >> beam.Flatten()
                     | "GoneByArticle" >> beam.Map(lambda r: (r["article_id"], r))
                     | "GroupGone" >> beam.GroupByKey()
                     | "Negate" >> beam.FlatMap(_retracted_deltas))
            delta = ((delta, minus) | "NewDeltas" >> beam.Flatten()
                     | "MergeRetracted" >> beam.CombinePerKey(MergeStats()))
        # T: the keys whose statistics change (every key, in a full build)
        touched = beam.pvalue.AsDict(delta | "Touched" >> beam.Map(lambda kv: (kv[0], True)))
        # D: the keys to decide again (T and the keys T's statistics are candidates for),
        # known from the new articles alone, before the key state is read
        if update:
            decide_set = beam.pvalue.AsDict(
                delta | "Neighbours" >> beam.FlatMap(
                    lambda kv: [(kk, True) for kk in _neighbourhood(kv[0])]))
        else:
            decide_set = touched
        # The previous key state is read once: one pass sorts every key into what the
        # later steps need (see ``_OldKeysFn``); only the untouched rest is kept whole.
        # In an update the deltas (a side input the size of the new partition) are added
        # to the touched keys' rows in the same pass: no shuffle of the previous rows.
        deltas = beam.pvalue.AsDict(delta) if update else None
        old = previous["keys"] | "OldKeys" >> beam.ParDo(
            _OldKeysFn(), touched, decide_set, deltas).with_outputs(
                *_OldKeysFn.OUTPUTS, main="kept")
        old_cm = previous["comentions"] | "OldComentions" >> beam.ParDo(
            _OldComentionsFn(), touched, deltas).with_outputs("touched", main="strong")
        # the statistics and the co-mentions of the touched keys now: the previous row plus
        # its delta, or the delta alone (a key with no previous row; every key in a full
        # build); a co-mention row also when it became empty (it replaces the old one)
        had = beam.pvalue.AsDict(old.touched | "Had" >> beam.Map(lambda kv: (kv[0], True)))
        had_cm = beam.pvalue.AsDict(old_cm.touched | "HadCm" >> beam.Map(lambda kv: (kv[0], True)))
        new_stats = ((old.touched, delta | "Fresh" >> beam.FlatMap(
            lambda kv, had: [(kv[0], _bare(kv[1]))] if kv[0] not in had else [], had))
            | "NewStats" >> beam.Flatten())
        live = new_stats | "DropEmpty" >> beam.Filter(lambda kv: not is_empty(kv[1]))
        fresh_cm = delta | "FreshCm" >> beam.FlatMap(
            lambda kv, had: [(kv[0], kv[1]["comentions"])]
            if kv[1]["comentions"] and kv[0] not in had else [], had_cm)
        new_cm = (old_cm.touched, fresh_cm) if update else (fresh_cm,)
        # the pairs that can enter an entity's co-mentions, of every key now
        cm_now = ((old_cm.strong, *(part | f"NewStrong{i}" >> beam.FlatMap(_strong)
                                    for i, part in enumerate(new_cm)))
                  | "CmNow" >> beam.Flatten())

        to_decide = ((old.decide, live | "ToDecide" >> beam.Filter(_in, decide_set))
                     | "DecideStats" >> beam.Flatten())
        # the candidates of the keys to decide that exist (most of D are proclitic forms
        # no article wrote), a side input of the decision
        existing = beam.pvalue.AsDict(to_decide | "Existing" >> beam.Map(lambda kv: (kv[0], True)))
        candidates = ((old.offers | "OffersToExisting" >> beam.Filter(_in, existing),
                       live | "Offer" >> beam.FlatMap(_candidates, existing))
                      | "AllOffers" >> beam.Flatten()
                      | "Candidates" >> beam.CombinePerKey(MergeCounts()))
        decided = to_decide | "Decide" >> beam.Map(_decide, beam.pvalue.AsDict(candidates))
        # One more hop, so that a key and the key it resolves to end in the same entity
        # (a side input of the keys that resolve elsewhere: no shuffle).
        moved = beam.pvalue.AsDict(
            (old.moved, decided | "Moved" >> beam.FlatMap(_moved)) | "AllMoved" >> beam.Flatten())
        # F: the re-decided keys and the untouched keys whose decision points into them
        final = ((decided, old.hop) | "ToHop" >> beam.Flatten()
                 | "Hop" >> beam.Map(_hop, moved))
        kept = old.kept

        # Links never cross a shuffle: the articles are read a second time once the
        # decisions are known, and each row takes its entity id from a side input of
        # key -> entity id (its size grows with the distinct names, not the articles).
        # (The keys of the new articles are all re-decided: their ids are those of F.)
        final_ids = final | "EntityOfKey" >> beam.FlatMap(_entity_of_key)
        ids = beam.pvalue.AsDict(
            (kept | "KeptEntity" >> beam.FlatMap(_entity_of_key), final_ids)
            | "EntityIds" >> beam.Flatten())
        links = articles_again | "Links" >> beam.ParDo(LinkRowsFn(), beam.pvalue.AsDict(final_ids))
        daterefs = rows[ArticleDeltasFn.DATEREFS]

        # E: the entities to build again
        changed = beam.pvalue.AsDict(
            {"new": final, "old": old.old_entity} | "JoinOldNew" >> beam.CoGroupByKey()
            | "EntityChanged" >> beam.FlatMap(_entity_changed))
        affected = (
            (final | "NewEntity" >> beam.Map(lambda kv: kv[1]["entity_id"]),
             old.old_entity | "OldEntity" >> beam.Map(lambda kv: kv[1]),
             cm_now | "OfChanged" >> beam.Filter(_in, changed)
             | "CoMentioned" >> beam.FlatMap(_comentioned_entities, ids))
            | "AllAffected" >> beam.Flatten()
            | "Real" >> beam.Filter(bool)
            | "DistinctEntities" >> beam.Distinct())
        wanted = beam.pvalue.AsDict(affected | "WantedSet" >> beam.Map(lambda e: (e, True)))
        # the strong co-mentions of the wanted entities' keys, by entity (summed per
        # co-mentioned entity when the entity is built)
        comentions = cm_now | "OfWanted" >> beam.FlatMap(
            lambda kv, i, w: [(i[kv[0]], kv[1])] if i.get(kv[0]) in w else [], ids, wanted)
        parts = ((kept | "KeptParts" >> beam.FlatMap(_part_of, wanted),
                  final | "Parts" >> beam.FlatMap(_part_of, wanted))
                 | "AllParts" >> beam.Flatten())
        built = ({"parts": parts, "comentions": comentions,
                  "wanted": affected | "Wanted" >> beam.Map(lambda e: (e, True))}
                 | "JoinEntity" >> beam.CoGroupByKey()
                 | "Entities" >> beam.FlatMap(_build_entity, update, ids).with_outputs(
                     "entity", main="timeline"))
        date_rows = (new_stats | "Dates" >> beam.Filter(lambda kv: kv[1]["type"] == DATE_TYPE)
                     | "DateRows" >> beam.Map(lambda kv: {
                         "kind": "date", "entity_id": None, "date": kv[1]["key"],
                         "mentions": kv[1]["mentions"], "articles": kv[1]["articles"]}))
        key_rows = (final | "KeyRows" >> beam.Map(lambda kv: _strip(kv[1])))
        if retracting:  # only a retraction empties a key or an article
            dead_keys = (new_stats | "Removed" >> beam.Filter(lambda kv: is_empty(kv[1]))
                         | "KeyTombstones" >> beam.Map(lambda kv: tombstone("keys", kv[1])))
            key_rows = (key_rows, dead_keys) | "KeyRowsAndTombstones" >> beam.Flatten()
            links = (links, retracted | "LinkTombstones" >> beam.Map(
                lambda a: tombstone("links", {"article_id": a}))) | "AllLinks" >> beam.Flatten()
            daterefs = (daterefs, retracted | "RefTombstones" >> beam.Map(
                lambda a: tombstone("daterefs", {"article_id": a}))) | "AllRefs" >> beam.Flatten()
        outputs = {
            "links": links, "daterefs": daterefs, "keys": key_rows,
            "comentions": tuple(part | f"ComentionRows{i}" >> beam.Map(_comention_row)
                                for i, part in enumerate(new_cm)),
            "entities": built.entity,
            "timeline": (built.timeline, date_rows),
        }
        write_tables(outputs, self.output_dir)
        return outputs


class CompactIndex(beam.PTransform):
    """The current rows of every table of an index (``(generation, row)`` per table) ->
    one generation; link rows get their key's current entity id."""

    def __init__(self, output_dir: str, base: int) -> None:
        super().__init__()
        self.output_dir = output_dir.rstrip("/")
        self.base = base

    def expand(self, tagged):
        current = {t: tagged[t] | f"Current_{t}" >> CurrentRows(t, self.base) for t in TABLES}
        ids = beam.pvalue.AsDict(current["keys"] | "EntityOfKey" >> beam.FlatMap(
            lambda r: [(kkey(r["type"], r["key"]), r["entity_id"])] if r.get("entity_id")
            else []))
        current["links"] = current["links"] | "Relink" >> beam.Map(_relink, ids)
        write_tables(current, self.output_dir)
        return current


class _Gone(beam.DoFn):
    """The rows of the retracted articles."""

    def process(self, row: dict[str, Any], gone: Sequence[str]):
        if not hasattr(self, "_gone") or self._gone_src is not gone:
            self._gone_src = gone
            self._gone = frozenset(gone)
        if row["article_id"] in self._gone:
            yield row


class _OldKeysFn(beam.DoFn):
    """One pass over the previous key state (update; empty in a full build), sorting each
    key into what the later steps need, with the touched keys (T) and the keys to decide
    again (D) as side inputs, both known from the new articles alone:

    - ``touched``: the statistics of a key in T now (its row plus its delta, a side
      input);
    - ``decide``: the statistics of an untouched key in D (decided again as they are);
    - ``offers``: the candidates an untouched key offers to the keys in D;
    - ``moved``: ``decided`` of an untouched key outside D that resolves elsewhere;
    - ``hop``: an untouched key outside D whose decision points into D (its second hop
      may change);
    - ``old_entity``: the previous entity id of every key of T, D and ``hop``;
    - main: every other key, kept as it is."""

    OUTPUTS = ("touched", "decide", "offers", "moved", "hop", "old_entity")

    def process(self, row: dict[str, Any], touched: Mapping[str, Any],
                decide: Mapping[str, Any], deltas: Mapping[str, Any]):
        kk, row = _keyed(row)
        tagged = beam.pvalue.TaggedOutput
        if kk in touched:
            yield tagged("touched", (kk, _bare(merge(_bare(row), deltas[kk]))))
            yield tagged("old_entity", (kk, row.get("entity_id")))
            return
        for offer in _candidates((kk, row), decide):
            yield tagged("offers", offer)
        if kk in decide:
            yield tagged("decide", (kk, _bare(row)))
            yield tagged("old_entity", (kk, row.get("entity_id")))
            return
        for item in _moved((kk, row)):
            yield tagged("moved", item)
        if _joins_neighbourhood((kk, row), decide):
            yield tagged("hop", (kk, row))
            yield tagged("old_entity", (kk, row.get("entity_id")))
            return
        yield kk, row


class _OldComentionsFn(beam.DoFn):
    """One pass over the previous co-mention state: the co-mentions of a touched key now
    (``touched``: its row plus its delta, a side input), and of every other key only the
    pairs that can enter an entity's co-mentions (main; ``_strong``)."""

    def process(self, row: dict[str, Any], touched: Mapping[str, Any],
                deltas: Mapping[str, Any]):
        kk, row = _keyed(row)
        if kk in touched:
            now = MergeCounts().add_input(dict(row["comentions"]), deltas[kk]["comentions"])
            yield beam.pvalue.TaggedOutput("touched", (kk, now))
            return
        yield from _strong((kk, row["comentions"]))


def _strong(item: tuple[str, Mapping[str, int]]):
    """The co-mentioned keys with at least ``MIN_PAIR_ARTICLES`` articles (the pairs that
    enter the entity table; pairs seen once are most of them)."""
    kk, comentions = item
    strong = {k: n for k, n in comentions.items() if n >= MIN_PAIR_ARTICLES}
    if strong:
        yield kk, strong
