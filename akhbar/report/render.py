"""One self-contained HTML page from corpus statistics: inline CSS and SVG, no script,
no network. Arabic values are isolated in ``dir="rtl" lang="ar"`` elements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

from akhbar.report.index_view import index_section
from akhbar.report.svg import (
    FONT,
    PALETTE,
    column_chart,
    fmt,
    hbar_chart,
    is_rtl,
    share_bar,
)

TYPE_COLORS = {"PERS": "#2563a8", "LOC": "#2e8b57", "ORG": "#8e44ad", "MISC": "#d9730d",
               "DATE": "#17a2b8", "TIME": "#b7950b", "DURATION": "#c0392b", "SET": "#7f8c8d"}
TYPE_NAMES = {"PERS": "People · أشخاص", "LOC": "Places · أماكن", "ORG": "Organizations · هيئات",
              "MISC": "Other · أخرى"}
MAX_DAY_BUCKETS = 120

CSS = """
:root{--fg:#1d2330;--muted:#5d6675;--bg:#f6f7f9;--card:#fff;--line:#e3e6eb;--accent:#2563a8;
--ok:#1e7d4f;--bad:#b42318}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ec;--muted:#a2a9b6;--bg:#14171c;
--card:#1c2027;--line:#2d333d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 %FONT%}
header{padding:28px 40px 18px;background:var(--card);border-bottom:1px solid var(--line)}
header h1{margin:0;font-size:26px}
header .sub{color:var(--muted);margin-top:4px;word-break:break-all}
nav{display:flex;flex-wrap:wrap;gap:6px 18px;margin-top:14px;font-size:14px}
nav a{color:var(--accent);text-decoration:none}
main{padding:8px 40px 40px;max-width:1280px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:18px 22px;margin:18px 0}
h2{margin:0 0 12px;font-size:20px}
h3{margin:16px 0 8px;font-size:15px;color:var(--muted);font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px;
margin-top:18px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .n{font-size:21px;font-weight:700;white-space:nowrap}
.card .l{color:var(--muted);font-size:13px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:8px 28px}
.grid4{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:8px 24px}
svg.chart{max-width:100%;height:auto;display:block}
svg.wide{width:100%}
svg .label,svg .value,svg .legend{fill:var(--fg)}
svg .tick{fill:var(--muted);font-size:11px}
svg .grid{stroke:var(--line)}
svg .axis{stroke:var(--muted)}
svg .bar-row:hover .bar,svg rect.bar:hover{opacity:.75}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{text-align:start;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.ar,[lang=ar]{font-size:16px}
td[dir=rtl]{text-align:right}
td.meter{position:relative;width:34%}
td.meter span{display:block;height:10px;border-radius:2px;margin-top:6px;background:var(--c,#2563a8)}
code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12.5px}
.muted{color:var(--muted)}
.note{color:var(--muted);font-size:13px;margin:6px 0}
.ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:600}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:13px;padding:0 40px 30px}
""".replace("%FONT%", FONT)


# -- small HTML helpers ------------------------------------------------------------
def bidi(value: Any) -> str:
    """Escaped text; right-to-left text wrapped in an isolated RTL span."""
    s = "" if value is None else str(value)
    if is_rtl(s):
        return f'<bdi dir="rtl" lang="ar">{escape(s)}</bdi>'
    return escape(s)


def text_cell(value: Any, cls: str = "", rtl: bool | None = None) -> str:
    """A table cell; RTL (by content, or forced with ``rtl=True``) gets dir/lang."""
    s = "" if value is None else str(value)
    if rtl or (rtl is None and is_rtl(s)):
        return f'<td class="ar {cls}" dir="rtl" lang="ar">{escape(s)}</td>'
    return f'<td class="{cls}">{escape(s)}</td>'


def num_cell(n: int | float, error: int = 0) -> str:
    tip = f' title="may over-count by up to {fmt(error)}"' if error else ""
    return f'<td class="num"{tip}>{"≈" if error else ""}{fmt(n)}</td>'


def meter_cell(value: float, top: float, color: str) -> str:
    pct = 100 * value / top if top else 0
    return f'<td class="meter"><span style="width:{pct:.1f}%;--c:{color}"></span></td>'


def table(headers: Sequence[str], rows: Sequence[str], cls: str = "") -> str:
    if not rows:
        return '<p class="empty">None.</p>'
    def th(h: str) -> str:  # "#x": a number column, ">x": an Arabic (right-aligned) column
        if h[:1] == "#":
            return f'<th class="num">{escape(h[1:])}</th>'
        if h[:1] == ">":
            return f'<th style="text-align:right">{escape(h[1:])}</th>'
        return f"<th>{escape(h)}</th>"
    head = "".join(th(h) for h in headers)
    return (f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>")


def card(number: Any, label: str) -> str:
    n = fmt(number) if isinstance(number, int | float) else escape(str(number))
    return f'<div class="card"><div class="n">{n}</div><div class="l">{escape(label)}</div></div>'


def section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


# -- time bucketing -----------------------------------------------------------------
def publication_series(by_day: Mapping[str, int]) -> tuple[str, list[tuple[str, int]]]:
    """Articles per day (short spans), month or year, with empty buckets filled in."""
    if not by_day:
        return "day", []
    days = sorted(date.fromisoformat(d) for d in by_day)
    first, last = days[0], days[-1]
    if (last - first).days < MAX_DAY_BUCKETS:
        out, d = [], first
        while d <= last:
            out.append((d.isoformat(), by_day.get(d.isoformat(), 0)))
            d += timedelta(days=1)
        return "day", out
    months: dict[str, int] = {}
    for d, n in by_day.items():
        months[d[:7]] = months.get(d[:7], 0) + n
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MAX_DAY_BUCKETS:
        return "month", month_series(months)
    years: dict[str, int] = {}
    for d, n in by_day.items():
        years[d[:4]] = years.get(d[:4], 0) + n
    return "year", year_series(years)


def month_series(by_month: Mapping[str, int]) -> list[tuple[str, int]]:
    if not by_month:
        return []
    keys = sorted(by_month)
    y, m = int(keys[0][:4]), int(keys[0][5:7])
    ly, lm = int(keys[-1][:4]), int(keys[-1][5:7])
    out = []
    while (y, m) <= (ly, lm):
        key = f"{y:04d}-{m:02d}"
        out.append((key, by_month.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def year_series(by_year: Mapping[str, int]) -> list[tuple[str, int]]:
    if not by_year:
        return []
    first, last = min(int(y) for y in by_year), max(int(y) for y in by_year)
    return [(str(y), by_year.get(str(y), by_year.get(f"{y:04d}", 0)))
            for y in range(first, last + 1)]


def central_range(series: Sequence[tuple[str, int]], keep: float = 0.95,
                  limit: int = MAX_DAY_BUCKETS) -> tuple[list[tuple[str, int]], int]:
    """The shortest run of buckets holding ``keep`` of the mass (at most ``limit``
    buckets); returns it and how many values fall outside."""
    total = sum(v for _, v in series)
    if not series or total == 0:
        return list(series), 0
    need = keep * total
    best = (0, len(series))
    lo, acc = 0, 0
    for hi, (_, v) in enumerate(series):
        acc += v
        while acc - series[lo][1] >= need and lo < hi:
            acc -= series[lo][1]
            lo += 1
        if acc >= need and hi + 1 - lo < best[1] - best[0]:
            best = (lo, hi + 1)
    lo, hi = best
    if hi - lo > limit:  # keep the densest window of ``limit`` buckets
        sums = [sum(v for _, v in series[i:i + limit]) for i in range(lo, hi - limit + 1)]
        lo = lo + max(range(len(sums)), key=sums.__getitem__)
        hi = lo + limit
    shown = series[lo:hi]
    return list(shown), total - sum(v for _, v in shown)


# -- sections -------------------------------------------------------------------------
def _topk_rows(rows: Sequence[Mapping[str, Any]], unit: str) -> tuple[list, list[bool]]:
    data = [(str(r["key"]), r["count"], f"{r['key']}: {fmt(r['count'])} {unit}") for r in rows]
    return data, [bool(r.get("error")) for r in rows]


def _hbar(rows: Sequence[Mapping[str, Any]], title: str, unit: str, color: str) -> str:
    data, approx = _topk_rows(rows, unit)
    return hbar_chart(data, title=title, color=color, approx=approx)


def _summary_section(stats: Mapping[str, Any], summary: Mapping[str, Any] | None) -> str:
    if not summary:
        return section("run", "Run summary",
                       '<p class="empty">No summary.json under this prefix.</p>')
    acc = summary.get("accounting") or {}
    status = ('<span class="ok">balanced</span>' if acc.get("ok")
              else '<span class="bad">MISMATCH</span> ' + "; ".join(
                  escape(p) for p in acc.get("problems", [])))
    dead = summary.get("dead_letters") or {}
    rows = [
        ("files read", summary.get("files_read")),
        ("articles read", summary.get("articles_read")),
        ("articles written", summary.get("articles_written")),
        ("duplicates flagged", summary.get("duplicates_flagged")),
        ("dead letters", dead.get("total")),
        ("entities", sum((summary.get("entities") or {}).values())),
        ("temporal expressions", sum((summary.get("dates") or {}).values())),
        ("wall time (s)", summary.get("wall_time_seconds")),
    ]
    for step, failures in (summary.get("extractor_failures") or {}).items():
        rows += [(f"{step} failed: {reason}", n) for reason, n in failures.items()]
    body = table(["", "#value"], [
        f"<td>{escape(k)}</td>" + (num_cell(v) if isinstance(v, int | float) else
                                   f'<td class="num">{escape(str(v or "–"))}</td>')
        for k, v in rows])
    checks = []
    for label, mine, theirs in (
            ("articles", stats["articles"], summary.get("articles_written")),
            ("dead letters", stats["dead_letters"], dead.get("total")),
            ("duplicates", stats["duplicates"]["flagged"], summary.get("duplicates_flagged"))):
        if theirs is not None and mine != theirs:
            checks.append(f"{label}: the Avro files hold {fmt(mine)}, summary.json says "
                          f"{fmt(theirs)}")
    check = ('<p class="bad" id="consistency">The files do not match summary.json: '
             + escape("; ".join(checks)) + "</p>" if checks else
             '<p class="ok" id="consistency">The Avro files match summary.json.</p>')
    extra = ""
    for key in ("runner", "input_patterns", "output_prefix", "config"):
        if summary.get(key):
            extra += f"<tr><td>{escape(key)}</td><td class='mono'>{escape(str(summary[key]))}</td></tr>"
    extra = f"<table>{extra}</table>" if extra else ""
    return section("run", "Run summary",
                   f"<p>Accounting: {status}</p>{check}<div class='grid2'><div>{body}</div>"
                   f"<div>{extra}</div></div>")


def _publication_section(stats: Mapping[str, Any]) -> str:
    pub = stats["published"]
    unit, series = publication_series(pub["by_day"])
    chart = column_chart(series, title=f"Articles per publication {unit}",
                         tooltip_unit=" articles")
    span = (f"from <b>{pub['first']}</b> to <b>{pub['last']}</b>, "
            if pub["first"] else "")
    note = (f'<p class="note">Articles per publication {unit}, {span}'
            f"{fmt(pub['missing'])} without a publication date "
            f"({pct(pub['missing'], stats['articles'])}).</p>")
    lengths = stats["length_words"]
    length_chart = column_chart(list(lengths.items()),
                                title="Article length (words)", width=560, height=200,
                                color=PALETTE[2], tooltip_unit=" articles")
    shares = (share_bar(list(stats["formats"].items()), title="Source formats")
              + share_bar(list(stats["encodings"].items()), title="Encodings",
                          colors=PALETTE[3:] + PALETTE[:3]))
    return section("publication", "Articles over time", note + chart
                   + "<div class='grid2'><div><h3>Length of the body in words</h3>"
                   + length_chart + "</div><div><h3>Formats and encodings</h3>"
                   + shares + "</div></div>")


def _sources_section(stats: Mapping[str, Any]) -> str:
    src = _hbar(stats["sources"], "Articles per source", "articles", PALETTE[0])
    cat = _hbar(stats["categories"], "Articles per category", "articles", PALETTE[1])
    note = (f'<p class="note">{fmt(stats["distinct_sources"])} distinct sources. Source is the '
            "metadata <code>source</code>, else the URL host, else the input folder.</p>")
    return section("sources", "Sources and categories",
                   note + f"<div class='grid2'><div><h3>Sources</h3>{src}</div>"
                   f"<div><h3>Categories</h3>{cat}</div></div>")


def _entities_section(stats: Mapping[str, Any]) -> str:
    ent = stats["entities"]
    share = share_bar([(t, n) for t, n in ent["by_type"].items()], title="Entity mentions by type",
                      width=900, colors=[TYPE_COLORS.get(t, PALETTE[5]) for t in ent["by_type"]])
    blocks = []
    for etype, rows in ent["top"].items():
        color = TYPE_COLORS.get(etype, PALETTE[5])
        top = max((r["mentions"] for r in rows), default=0)
        body = [f'<td class="num muted">{i}</td>' + text_cell(r["text"], "entity", rtl=True)
                + num_cell(r["mentions"], r["error"]) + num_cell(r["articles"] or 0)
                + meter_cell(r["mentions"], top, color)
                for i, r in enumerate(rows, 1)]
        name = TYPE_NAMES.get(etype, etype)
        blocks.append(f'<div class="entity-type" data-type="{escape(etype)}"><h3>'
                      f"{escape(etype)} · {bidi(name)}</h3>"
                      + table(["#", ">entity", "#mentions", "#articles", ""], body,
                              "entities") + "</div>")
    note = (f'<p class="note">{fmt(sum(ent["by_type"].values()))} mentions; '
            f'{pct(ent["articles_with_entities"], stats["articles"])} of the articles mention '
            "at least one entity. Entities are grouped by their normalized form and shown by "
            "the first surface form seen.")
    if not ent["exact"]:
        note += " Counts marked ≈ are upper bounds (more distinct entities than the report keeps)."
    return section("entities", "Named entities",
                   note + "</p>" + share + f"<div class='grid2'>{''.join(blocks)}</div>")


def _dates_section(stats: Mapping[str, Any]) -> str:
    dates = stats["dates"]
    total = sum(dates["by_type"].values())
    types = share_bar(list(dates["by_type"].items()), title="Temporal expressions by type",
                      colors=[TYPE_COLORS.get(t, PALETTE[5]) for t in dates["by_type"]])
    cals = share_bar(list(dates["calendars"].items()), title="Calendar as written",
                     colors=PALETTE[4:] + PALETTE[:4])
    values = [text_cell(r["value"], "mono value") + f'<td class="muted">{escape(r["type"])}</td>'
              + text_cell(r["text"], "surface", rtl=True) + num_cell(r["count"], r["error"])
              for r in dates["top_values"]]
    years = year_series(dates["referenced_years"])
    months, outside = central_range(month_series(dates["referenced_months"]))
    year_chart = column_chart(years, title="Referenced dates per year", color=TYPE_COLORS["DATE"],
                              width=560, height=200, tooltip_unit=" date mentions")
    month_chart = column_chart(months, title="Referenced dates per month",
                               color=TYPE_COLORS["DATE"], tooltip_unit=" date mentions")
    offsets = [(k, v, f"{k}: {fmt(v)}") for k, v in dates["offset_from_published"].items()]
    offset_chart = (hbar_chart(offsets, title="Referenced day relative to publication",
                               color=PALETTE[1])
                    if any(v for _, v, _ in offsets) else '<p class="empty">No data.</p>')
    unresolved = [text_cell(r["text"], "surface", rtl=True) + num_cell(r["count"], r["error"])
                  for r in dates["top_unresolved"][:15]]
    note = (f'<p class="note">{fmt(total)} temporal expressions in '
            f'{pct(dates["articles_with_dates"], stats["articles"])} of the articles; '
            f'{fmt(dates["unresolved"])} without a resolved value.</p>')
    month_note = (f'<p class="note">DATE values with a month; {fmt(outside)} outside the range '
                  "shown.</p>" if outside else
                  '<p class="note">DATE values with a month.</p>')
    return section(
        "dates", "Dates and times",
        note + f"<div class='grid2'><div>{types}</div><div>{cals}</div></div>"
        + "<h3>Timeline of referenced dates</h3>" + month_note + month_chart
        + f"<div class='grid2'><div><h3>Per year</h3>{year_chart}</div>"
        + "<div><h3>Distance from the publication day (day-precise DATE values)</h3>"
        + f"{offset_chart}</div></div>"
        + "<div class='grid2'><div><h3>Most frequent values</h3>"
        + table(["value", "type", ">as written (first seen)", "#mentions"], values, "date-values")
        + "</div><div><h3>Most frequent unresolved expressions</h3>"
        + table([">as written", "#mentions"], unresolved, "unresolved") + "</div></div>")


def _datelines_section(stats: Mapping[str, Any]) -> str:
    dl = stats["datelines"]
    note = (f'<p class="note">{fmt(dl["articles_with_dateline"])} articles '
            f'({pct(dl["articles_with_dateline"], stats["articles"])}) open with a dateline.</p>')
    return section("datelines", "Datelines",
                   note + "<div class='grid2'><div><h3>Cities · المدن</h3>"
                   + _hbar(dl["cities"], "Dateline cities", "articles", PALETTE[2])
                   + "</div><div><h3>Agencies · الوكالات</h3>"
                   + _hbar(dl["agencies"], "Dateline agencies", "articles", PALETTE[3])
                   + "</div></div>")


def _dead_section(stats: Mapping[str, Any]) -> str:
    reasons = stats["dead_letters_by_reason"]
    chart = hbar_chart([(k, v, f"{k}: {fmt(v)}") for k, v in reasons.items()],
                       title="Dead letters by reason", color=PALETTE[4])
    rows = []
    for reason, examples in stats["dead_letter_examples"].items():
        for ex in examples:
            snippet = "(binary)" if ex.get("binary") else (ex.get("snippet") or "")
            rows.append(f"<td class='mono'>{escape(reason)}</td>"
                        f"<td class='mono'>{escape(str(ex.get('source_uri') or ''))}</td>"
                        f"<td>{escape(ex.get('message') or '')}</td>" + text_cell(snippet, "snippet"))
    note = (f'<p class="note">{fmt(stats["dead_letters"])} inputs did not become articles.</p>')
    errors = stats["errors"]
    err = ("<h3>Extractor failures the articles survived</h3>" + table(
        ["step.reason", "#articles"],
        [f"<td class='mono'>{escape(k)}</td>{num_cell(v)}" for k, v in errors.items()])
        if errors else "")
    return section("dead", "Dead letters",
                   note + chart + "<h3>Examples</h3>"
                   + table(["reason", "input", "message", "snippet"], rows, "dead")
                   + err)


def _duplicates_section(stats: Mapping[str, Any]) -> str:
    dup = stats["duplicates"]
    rows = [f"<td class='mono'>{escape(str(g['duplicate_of'])[:16])}</td>"
            + num_cell(g["copies"], g["error"]) + text_cell(g.get("title") or "", rtl=True)
            + f"<td class='mono'>{escape(str(g.get('uri') or ''))}</td>"
            for g in dup["top_groups"]]
    note = (f'<p class="note">{fmt(dup["flagged"])} articles ({pct(dup["flagged"], stats["articles"])})'
            f' are exact copies of {fmt(dup["groups"])} other article{"" if dup["groups"] == 1 else "s"} (same normalized body); '
            "the copy with the smallest id stays unflagged.</p>")
    return section("duplicates", "Duplicates",
                   note + table(["original id", "#copies", ">title (a copy)", "a copy"], rows,
                                "duplicates"))


def _near_duplicates_section(stats: Mapping[str, Any]) -> str:
    near = stats.get("near_duplicates") or {"flagged": 0, "clusters": 0, "top_clusters": [],
                                            "by_source": []}
    note = (f'<p class="note">{fmt(near["flagged"])} articles ({pct(near["flagged"], stats["articles"])})'
            f' are near duplicates (5-word shingle Jaccard at or above the threshold) of the '
            f'representatives of {fmt(near["clusters"])} cluster{"" if near["clusters"] == 1 else "s"}; '
            "the representative (earliest published, then smallest id) stays unflagged. "
            "Exact copies are counted here too.</p>")
    clusters = [f"<td class='mono'>{escape(str(c['representative'])[:16])}</td>"
                + num_cell(c["copies"], c["error"])
                + text_cell(", ".join(f"{s['source']} ×{s['copies']}" for s in c["sources"]))
                + text_cell(c.get("title") or "", rtl=True)
                for c in near["top_clusters"]]
    shares = [text_cell(r["source"]) + num_cell(r["articles"]) + num_cell(r["flagged"])
              + f"<td class='num'>{pct(r['flagged'], r['articles'])}</td>"
              for r in near["by_source"]]
    return section("near-duplicates", "Near duplicates",
                   note + "<h3>Biggest clusters</h3>"
                   + table(["representative id", "#copies", "sources of the copies",
                            ">title (a copy)"], clusters, "near-clusters")
                   + "<h3>Share flagged per source</h3>"
                   + table(["source", "#articles", "#near duplicates", "#share"], shares,
                           "near-sources"))


def render_html(stats: Mapping[str, Any], summary: Mapping[str, Any] | None = None, *,
                prefix: str = "", version: str = "") -> str:
    """The whole report page for ``CorpusStats.to_dict()`` output (and summary.json)."""
    ent_total = sum(stats["entities"]["by_type"].values())
    date_total = sum(stats["dates"]["by_type"].values())
    pub = stats["published"]
    cards = "".join([
        card(stats["articles"], "articles"),
        card(stats["dead_letters"], "dead letters"),
        card(stats["duplicates"]["flagged"], "duplicates"),
        card((stats.get("near_duplicates") or {}).get("flagged", 0), "near duplicates"),
        card(stats["distinct_sources"], "sources"),
        card(ent_total, "entity mentions"),
        card(date_total, "temporal expressions"),
        card(pub["first"] or "–", "first published"),
        card(pub["last"] or "–", "last published"),
    ])
    sections = [
        ("run", "Run", _summary_section(stats, summary)),
        ("publication", "Over time", _publication_section(stats)),
        ("sources", "Sources", _sources_section(stats)),
        ("entities", "Entities", _entities_section(stats)),
        ("dates", "Dates", _dates_section(stats)),
        ("datelines", "Datelines", _datelines_section(stats)),
        ("dead", "Dead letters", _dead_section(stats)),
        ("duplicates", "Duplicates", _duplicates_section(stats)),
        ("near-duplicates", "Near duplicates", _near_duplicates_section(stats)),
    ]
    if stats.get("index"):
        sections.insert(4, ("index", "Entity index", section(
            "index", "Entity index · across articles",
            index_section(stats["index"], TYPE_COLORS, TYPE_NAMES))))
    if stats.get("corpus"):
        cards += card(stats["corpus"]["superseded_left_out"]
                      + stats["corpus"]["retracted_left_out"], "superseded, left out")
    nav = "".join(f'<a href="#{a}">{escape(label)}</a>' for a, label, _ in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Akhbar corpus report — {escape(prefix)}</title><style>{CSS}</style></head>"
        '<body><header><h1>Corpus report · <bdi dir="rtl" lang="ar">تقرير المدونة</bdi></h1>'
        f'<div class="sub">Akhbar output <code>{escape(prefix)}</code></div>'
        f'<div class="cards">{cards}</div><nav>{nav}</nav></header><main>'
        + "".join(s for _, _, s in sections)
        + f"</main><footer>Generated by Akhbar {escape(version)} · <code>akhbar report</code>."
        " Counts are exact unless marked ≈.</footer></body></html>\n")
