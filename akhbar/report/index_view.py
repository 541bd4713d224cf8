"""The report's view of a corpus index (``akhbar index``): the top entities per type with
their canonical name and aliases, a mention sparkline over publication days, and a
co-mention matrix of the top people, organizations and places. Inline SVG, no script.

``summarize`` streams the entity and timeline tables: it keeps the top entities (a heap
of ``top`` per type) and then only their timeline rows, so memory does not grow with the
corpus."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from akhbar.report.svg import fmt, is_rtl

SPARK_W, SPARK_H = 160, 26
MATRIX_SIZE = 12
MAX_ALIASES_SHOWN = 6


def summarize(entities: Iterable[Mapping[str, Any]], timeline: Iterable[Mapping[str, Any]],
              *, top: int = 15) -> dict[str, Any]:
    """JSON-ready: top entities per type (by articles) and their daily mentions."""
    heaps: dict[str, list] = {}
    count = 0
    for ent in entities:
        count += 1
        item = (ent["articles"], ent["mentions"], _rev(ent["entity_id"]), ent["entity_id"],
                dict(ent))
        heap = heaps.setdefault(ent["type"], [])
        if len(heap) < top:
            heapq.heappush(heap, item)
        elif item[:3] > heap[0][:3]:
            heapq.heapreplace(heap, item)
    chosen: dict[str, dict[str, Any]] = {}
    by_type: dict[str, list[str]] = {}
    for etype, heap in heaps.items():
        for *_, eid, ent in sorted(heap, reverse=True):
            chosen[eid] = ent
            by_type.setdefault(etype, []).append(eid)
    series: dict[str, dict[str, int]] = {eid: {} for eid in chosen}
    days: set[str] = set()
    date_refs: dict[str, int] = {}
    for row in timeline:
        if row["kind"] == "entity":
            days.add(row["date"])
            if row["entity_id"] in series:
                series[row["entity_id"]][row["date"]] = row["mentions"]
        elif row["kind"] == "date":
            date_refs[row["date"]] = row["articles"]
    names = {eid: ent["canonical"] for eid, ent in chosen.items()}
    top_entities = {
        etype: [{**_clean(chosen[eid]), "series": series[eid]} for eid in ids]
        for etype, ids in sorted(by_type.items(), key=lambda kv: _type_order(kv[0]))}
    return {"entities": count, "days": sorted(days), "top": top_entities, "names": names,
            "referred_days": dict(sorted(date_refs.items()))}


def _clean(ent: Mapping[str, Any]) -> dict[str, Any]:
    return {k: ent[k] for k in ("entity_id", "type", "canonical", "aliases", "distinct_forms",
                                "articles", "mentions", "first_seen", "last_seen",
                                "comentions")}


def _type_order(etype: str) -> int:
    order = ("PERS", "ORG", "LOC", "MISC")
    return order.index(etype) if etype in order else len(order)


def _rev(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def sparkline(days: Sequence[str], series: Mapping[str, int], color: str = "#2563a8") -> str:
    """Inline SVG of mentions per day over ``days`` (the corpus's publication days)."""
    if not days:
        return ""
    values = [series.get(d, 0) for d in days]
    top = max(values) or 1
    step = SPARK_W / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{SPARK_H - 2 - (SPARK_H - 4) * v / top:.1f}"
                      for i, v in enumerate(values))
    tip = f"{days[0]} … {days[-1]}: peak {fmt(top)} mentions/day"
    return (f'<svg class="spark" width="{SPARK_W}" height="{SPARK_H}" viewBox="0 0 {SPARK_W} '
            f'{SPARK_H}" role="img" aria-label="{escape(tip)}"><title>{escape(tip)}</title>'
            f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}"/>'
            "</svg>")


def _ar(text: str) -> str:
    s = escape(text)
    return f'<bdi dir="rtl" lang="ar">{s}</bdi>' if is_rtl(text) else s


def _entity_rows(data: Mapping[str, Any], etype: str, color: str) -> str:
    rows = []
    for i, ent in enumerate(data["top"].get(etype, ()), 1):
        aliases = [a for a in ent["aliases"] if a["form"] != ent["canonical"]]
        shown = "، ".join(f"{_ar(a['form'])} <span class='muted'>{fmt(a['count'])}</span>"
                         for a in aliases[:MAX_ALIASES_SHOWN])
        more = ent["distinct_forms"] - 1 - min(len(aliases), MAX_ALIASES_SHOWN)
        if more > 0:
            shown += f" <span class='muted'>+{more}</span>"
        rows.append(
            f"<tr><td class='num muted'>{i}</td><td dir='rtl' class='ar'>"
            f"<b>{_ar(ent['canonical'])}</b><div class='aliases'>{shown}</div></td>"
            f"<td class='num'>{fmt(ent['articles'])}</td><td class='num'>{fmt(ent['mentions'])}"
            f"</td><td>{sparkline(data['days'], ent['series'], color)}</td>"
            f"<td class='mono muted'>{escape(ent['first_seen'] or '–')} → "
            f"{escape(ent['last_seen'] or '–')}</td></tr>")
    if not rows:
        return ""
    return ("<table class='index-entities'><tr><th>#</th><th>canonical name · aliases</th>"
            "<th class='num'>articles</th><th class='num'>mentions</th><th>mentions per day"
            "</th><th>first → last seen</th></tr>" + "".join(rows) + "</table>")


def comention_matrix(data: Mapping[str, Any], size: int = MATRIX_SIZE) -> str:
    """Table heat map: articles where row and column entity appear together (top
    co-mentions as recorded in the entity table)."""
    ents = sorted((e for rows in data["top"].values() for e in rows if e["type"] != "MISC"),
                  key=lambda e: -e["articles"])[:size]
    if len(ents) < 2:
        return '<p class="empty">No co-mentions.</p>'
    ids = [e["entity_id"] for e in ents]
    counts = {(e["entity_id"], c["entity_id"]): c["articles"] for e in ents
              for c in e["comentions"]}
    top = max((counts.get((a, b), 0) or counts.get((b, a), 0)
               for a in ids for b in ids if a != b), default=0) or 1
    head = "".join(f"<th class='vert'>{_ar(e['canonical'])}</th>" for e in ents)
    rows = []
    for a in ents:
        cells = []
        for b in ents:
            if a is b:
                cells.append("<td class='cm self'></td>")
                continue
            n = counts.get((a["entity_id"], b["entity_id"])) or \
                counts.get((b["entity_id"], a["entity_id"])) or 0
            alpha = 0.08 + 0.85 * n / top if n else 0
            cells.append(f"<td class='cm num' style='background:rgba(37,99,168,{alpha:.2f})'"
                         f" title='{escape(a['canonical'])} + {escape(b['canonical'])}: {n}'>"
                         f"{fmt(n) if n else ''}</td>")
        rows.append(f"<tr><th dir='rtl'>{_ar(a['canonical'])}</th>{''.join(cells)}</tr>")
    return (f"<table class='comentions'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
            "<p class='note'>Articles that mention both (an empty cell: the pair is not among "
            "either entity's ten most co-mentioned).</p>")


INDEX_CSS = """
svg.spark{display:block}
.aliases{font-size:13px;color:var(--muted)}
table.comentions{width:auto;font-size:13px}
table.comentions td.cm{min-width:34px;text-align:center}
table.comentions th.vert{writing-mode:vertical-rl;font-weight:500;max-height:160px}
"""


def index_section(data: Mapping[str, Any], colors: Mapping[str, str],
                  names: Mapping[str, str]) -> str:
    """The body of the report's corpus-index section."""
    blocks = []
    for etype in data["top"]:
        table = _entity_rows(data, etype, colors.get(etype, "#2563a8"))
        if table:
            blocks.append(f"<h3>{escape(etype)} · {_ar(names.get(etype, etype))}</h3>{table}")
    note = (f"<p class='note'>{fmt(data['entities'])} entities after cross-article resolution "
            "(spelling variants, titles, family names and short names linked to full names; "
            "see docs/index.md). Ranked by articles; the sparkline spans the corpus's "
            f"{len(data['days'])} publication days.</p>")
    return (f"<style>{INDEX_CSS}</style>" + note + "".join(blocks)
            + "<h3>Co-mentions of the top entities</h3>" + comention_matrix(data))
