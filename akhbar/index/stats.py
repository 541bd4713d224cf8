"""Mergeable per-key aggregates of the corpus index, and the rows built from them.

Every aggregate is a sum of counts (articles, mentions, surface forms, sources, mentions
and articles per publication day, co-mentioned keys), so the statistics of a corpus are
the sum of those of its parts, and an article that leaves the corpus is subtracted
exactly (``merge(..., sign=-1)``). ``first_seen``/``last_seen`` come from the per-day
counts, so they too survive a subtraction. This is what makes the incremental update
equal to a full rebuild.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from akhbar.index.resolve import Observation, entity_id, name_key

DATE_TYPE = "@DATE"   # pseudo-type: a day the corpus refers to (key = YYYY-MM-DD)
MAX_ALIASES = 50
MAX_SOURCES = 20
TOP_COMENTIONS = 10
COMENTION_TYPES = frozenset({"PERS", "ORG", "LOC"})  # MISC is too noisy to pair
MIN_PAIR_ARTICLES = 2  # key pairs seen together once do not enter the entity co-mentions
_MAPS = ("forms", "sources", "day_mentions", "day_articles", "comentions")


def kkey(etype: str, key: str) -> str:
    """The join key of a (type, key) pair."""
    return f"{etype}\t{key}"


def split_kkey(value: str) -> tuple[str, str]:
    etype, _, key = value.partition("\t")
    return etype, key


def empty(etype: str = "", key: str = "") -> dict[str, Any]:
    return {"type": etype, "key": key, "articles": 0, "mentions": 0,
            **{name: {} for name in _MAPS}}


def merge(into: dict[str, Any], other: Mapping[str, Any], sign: int = 1) -> dict[str, Any]:
    """Add ``other`` (times ``sign``) to ``into`` in place; zero counts are removed."""
    into["type"] = into["type"] or other.get("type", "")
    into["key"] = into["key"] or other.get("key", "")
    into["articles"] += sign * other["articles"]
    into["mentions"] += sign * other["mentions"]
    for name in _MAPS:
        target = into.setdefault(name, {})
        for k, v in (other.get(name) or {}).items():
            n = target.get(k, 0) + sign * v
            if n:
                target[k] = n
            else:
                target.pop(k, None)
    return into


def is_empty(stats: Mapping[str, Any]) -> bool:
    return stats["articles"] == 0 and stats["mentions"] == 0 and not any(
        stats.get(name) for name in _MAPS)


def article_deltas(published: str | None, source: str, observations: Sequence[Observation],
                   refs: Mapping[str, int]) -> list[tuple[str, dict[str, Any]]]:
    """The ``(kkey, stats)`` one article adds: one per key it mentions, one per day it
    refers to."""
    keys = [kkey(o.type, o.key) for o in observations]
    named = [k for o, k in zip(observations, keys, strict=True) if o.type in COMENTION_TYPES]
    out = []
    for obs, kk in zip(observations, keys, strict=True):
        stats = empty(obs.type, obs.key)
        stats["articles"] = 1
        stats["mentions"] = obs.mentions
        stats["forms"] = dict(obs.forms)
        stats["sources"] = {source: 1}
        if published:
            stats["day_mentions"] = {published: obs.mentions}
            stats["day_articles"] = {published: 1}
        if obs.type in COMENTION_TYPES:
            stats["comentions"] = {other: 1 for other in named if other != kk}
        out.append((kk, stats))
    for day, count in sorted(refs.items()):
        stats = empty(DATE_TYPE, day)
        stats["articles"] = 1
        stats["mentions"] = count
        if published:
            stats["day_articles"] = {published: 1}
        out.append((kkey(DATE_TYPE, day), stats))
    return out


def observations_from_links(rows: Iterable[Mapping[str, Any]]) -> list[Observation]:
    """The observations of one article rebuilt from its link rows."""
    by_key: dict[tuple[str, str], Observation] = {}
    for row in rows:
        obs = by_key.setdefault((row["type"], row["key"]), Observation(row["type"], row["key"]))
        obs.clusters.append(row["cluster"])
        obs.mentions += row["mentions"]
        obs.forms.update(row["forms"])
    return sorted(by_key.values(), key=lambda o: (o.type, o.key))


def canonical(etype: str, resolved: str, forms: Mapping[str, int]) -> str:
    """The most frequent form whose key is the entity's full key (else the most frequent);
    among equally frequent forms the one with fewest words (no title)."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], len(kv[0].split()), kv[0]))
    for form, _ in ranked:
        if name_key(form, etype).key == resolved:
            return form
    return ranked[0][0] if ranked else resolved


def entity_row(etype: str, resolved: str, parts: Iterable[Mapping[str, Any]],
               comentions: Sequence[tuple[str, int]] = ()) -> dict[str, Any]:
    """The entity table row of the keys ``parts`` that resolve to ``resolved``."""
    total = empty(etype, resolved)
    keys = []
    for part in parts:
        merge(total, part)
        keys.append(part["key"])
    days = sorted(total["day_articles"])
    forms = sorted(total["forms"].items(), key=lambda kv: (-kv[1], kv[0]))
    sources = sorted(total["sources"].items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "entity_id": entity_id(etype, resolved),
        "type": etype,
        "canonical": canonical(etype, resolved, total["forms"]),
        "key": resolved,
        "keys": sorted(keys),
        "aliases": [{"form": f, "count": c} for f, c in forms[:MAX_ALIASES]],
        "distinct_forms": len(forms),
        "articles": total["articles"],
        "mentions": total["mentions"],
        "first_seen": days[0] if days else None,
        "last_seen": days[-1] if days else None,
        "sources": [{"source": s, "articles": c} for s, c in sources[:MAX_SOURCES]],
        "comentions": [{"entity_id": e, "articles": c} for e, c in comentions],
    }


def timeline_rows(kind: str, eid: str | None, day_mentions: Mapping[str, int],
                  day_articles: Mapping[str, int]) -> list[dict[str, Any]]:
    """One row per day."""
    return [{"kind": kind, "entity_id": eid, "date": day,
             "mentions": day_mentions.get(day, 0), "articles": day_articles.get(day, 0)}
            for day in sorted(set(day_mentions) | set(day_articles))]


def top_pairs(pairs: Iterable[tuple[str, int]], n: int = TOP_COMENTIONS) -> list[tuple[str, int]]:
    """The ``n`` largest counts, ties by id (deterministic)."""
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[:n]


def counter_of(stats: Mapping[str, Any], name: str) -> Counter:
    return Counter(stats.get(name) or {})
