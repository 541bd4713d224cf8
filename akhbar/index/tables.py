"""The index's tables as generations: what one row replaces, and which rows are deletions.

An index is a base generation (a full build or a compaction) plus the delta generations
of the updates since. A delta holds, for every *unit* it changes (a name key, an entity
with its timeline, a referred day, an article's links), all of that unit's rows; a unit
that left the index gets one *tombstone* row. Readers take every unit from the newest
generation that has it and drop tombstones (``is_current``), so an index read
through its generations is the same whichever way it was built. Plain functions, no Beam.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from akhbar.index.stats import kkey

Row = Mapping[str, Any]


def key_unit(row: Row) -> str:
    """The unit of a name key's rows (keys, co-mentions): its join key (``stats.kkey``),
    also how readers look a key up."""
    return kkey(row["type"], row["key"])


def _timeline_unit(row: Row) -> str:
    # an entity's timeline is one unit (all its days); a referred day is one unit
    return f"entity\t{row['entity_id']}" if row["kind"] == "entity" else f"date\t{row['date']}"


UNIT: dict[str, Callable[[Row], str]] = {
    "keys": key_unit,
    "comentions": key_unit,
    "entities": lambda r: r["entity_id"],
    "timeline": _timeline_unit,
    "links": lambda r: r["article_id"],
    "daterefs": lambda r: r["article_id"],
}

TOMBSTONE: dict[str, Callable[[Row], bool]] = {
    "keys": lambda r: r["articles"] == 0 and r["mentions"] == 0,
    "comentions": lambda r: not r["comentions"],
    "entities": lambda r: r["articles"] <= 0,
    "timeline": lambda r: r["articles"] == 0 and r["mentions"] == 0,
    "links": lambda r: r["mentions"] == 0,
    "daterefs": lambda r: not r["refs"],
}


def tombstone(table: str, unit_row: Row) -> dict[str, Any]:
    """The row that deletes the unit of ``unit_row`` (which only needs the unit's fields)."""
    if table in ("keys",):
        return {"type": unit_row["type"], "key": unit_row["key"], "entity_id": None,
                "resolved": None, "decided": None, "articles": 0, "mentions": 0,
                "forms": {}, "sources": {}, "day_mentions": {}, "day_articles": {}}
    if table == "comentions":
        return {"type": unit_row["type"], "key": unit_row["key"], "comentions": {}}
    if table == "entities":
        eid = unit_row["entity_id"]
        return {"entity_id": eid, "type": unit_row.get("type", ""), "canonical": "",
                "key": "", "keys": [], "aliases": [], "distinct_forms": 0, "articles": 0,
                "mentions": 0, "first_seen": None, "last_seen": None, "sources": [],
                "comentions": []}
    if table == "timeline":
        return {"kind": unit_row["kind"], "entity_id": unit_row.get("entity_id"),
                "date": unit_row.get("date") or "", "mentions": 0, "articles": 0}
    if table == "links":
        return {"article_id": unit_row["article_id"], "cluster": "", "entity_id": "",
                "type": "", "key": "", "mentions": 0, "forms": {}, "published": None,
                "source": ""}
    if table == "daterefs":
        return {"article_id": unit_row["article_id"], "published": None, "refs": {}}
    raise KeyError(table)


def newest_units(table: str, generations: Iterable[tuple[int, Iterable[Row]]]) -> dict[str, int]:
    """unit -> the newest generation that has it, over the given generations (only the
    deltas matter: the base never overrides)."""
    unit = UNIT[table]
    out: dict[str, int] = {}
    for gen, rows in generations:
        for row in rows:
            u = unit(row)
            if out.get(u, -1) < gen:
                out[u] = gen
    return out


def is_current(table: str, gen: int, row: Row, newest: Mapping[str, int]) -> bool:
    """The row of generation ``gen`` is read: no newer generation has its unit, and it
    is no tombstone."""
    return newest.get(UNIT[table](row), gen) <= gen and not TOMBSTONE[table](row)
