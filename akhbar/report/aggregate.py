"""Streaming corpus statistics over Akhbar records (Article and DeadLetter dicts).

``CorpusStats`` sees one record at a time and keeps only counters whose size does not
grow with the number of articles: per-day and per-month counters (bounded by the
calendar), and ``TopK`` summaries (bounded by their capacity) for anything open-ended
such as entities, sources or date values. ``to_dict()`` gives JSON-ready statistics.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from akhbar.report.topk import TopK

ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")
DATE_TYPES = ("DATE", "TIME", "DURATION", "SET")
CATEGORY_KEYS = ("category", "section", "label")  # "label": the plain format's last line
MAX_EXAMPLES = 3          # dead-letter examples kept per reason
MAX_REASONS = 200         # distinct dead-letter reasons with examples
SNIPPET_CHARS = 160
MESSAGE_CHARS = 240
LENGTH_BUCKETS = (0, 50, 100, 200, 400, 800, 1600, 3200, 6400)  # words, lower bounds

# Distance between a referenced date and the article's publication date, in days.
OFFSET_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("> 1 year before", float("-inf"), -366),
    ("1-12 months before", -366, -31),
    ("1-4 weeks before", -31, -7),
    ("1-6 days before", -7, 0),
    ("same day", 0, 1),
    ("1-6 days after", 1, 8),
    ("1-4 weeks after", 8, 32),
    ("1-12 months after", 32, 367),
    ("> 1 year after", 367, float("inf")),
)

_YEAR_MONTH_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])")


def _clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_value(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a TIMEX3 value such as ``2017-10``; None where absent."""
    if not value:
        return None, None, None
    match = _YEAR_MONTH_DAY.match(value)
    if not match:
        return None, None, None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return year, None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _iso_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def source_of(record: Mapping[str, Any]) -> str:
    """Metadata ``source``, else the URL host, else the input folder of the file."""
    metadata = record.get("metadata") or {}
    source = (metadata.get("source") or "").strip()
    if source:
        return source
    url = (metadata.get("url") or "").strip()
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname
        if host:
            return host.removeprefix("www.")
    uri = (record.get("source_uri") or "").split("#", 1)[0].rstrip("/")
    parts = uri.replace("\\", "/").split("/")
    return parts[-2] + "/" if len(parts) >= 2 and parts[-2] else "(unknown)"


class CorpusStats:
    """Counters and bounded top-k summaries over a stream of records."""

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self.articles = 0
        self.dead_letters = 0
        self.fields_present = Counter()     # title / lead / published / dateline -> articles
        self.published = Counter()          # ISO day -> articles
        self.unpublished = 0
        self.sources = TopK(capacity)
        self.categories = TopK(capacity)
        self.formats = Counter()
        self.encodings = Counter()
        self.lengths = Counter()            # bucket lower bound (words) -> articles
        self.entity_types = Counter()
        self.entity_mentions = {t: TopK(capacity) for t in ENTITY_TYPES}
        self.entity_articles = {t: TopK(capacity) for t in ENTITY_TYPES}
        self.articles_with_entities = 0
        self.date_types = Counter()
        self.calendars = Counter()
        self.date_values = TopK(capacity)   # (type, value) -> mentions, example: text
        self.unresolved = TopK(capacity)    # surface text of dates without value
        self.referenced_years = Counter()
        self.referenced_months = Counter()  # "YYYY-MM"
        self.offsets = Counter()            # OFFSET_BUCKETS label -> dates
        self.articles_with_dates = 0
        self.with_dateline = 0
        self.cities = TopK(capacity)
        self.agencies = TopK(capacity)
        self.duplicates = 0
        self.duplicate_groups = TopK(capacity)  # duplicate_of -> copies, example: title/uri
        self.near = 0
        self.near_groups = TopK(capacity)       # near_duplicate_of -> copies, example: title
        self.near_group_sources = TopK(4 * capacity)  # (near_duplicate_of, source) -> copies
        self.near_by_source = TopK(capacity)    # source -> articles flagged near duplicates
        self.errors = Counter()             # "step.reason" on surviving articles
        self.dead_reasons = Counter()       # "step.reason" -> dead letters
        self.dead_examples: dict[str, list[dict[str, Any]]] = {}

    # -- feeding -------------------------------------------------------------------
    def add_article(self, rec: Mapping[str, Any]) -> None:
        """Count one Article record (a dict as read from Avro)."""
        self.articles += 1
        metadata = rec.get("metadata") or {}
        for name in ("title", "lead", "published", "dateline"):
            if rec.get(name):
                self.fields_present[name] += 1
        day = _iso_day(rec.get("published"))
        if day is None:
            self.unpublished += 1
        else:
            self.published[day.isoformat()] += 1
        source = source_of(rec)
        self.sources.add(source)
        category = next((metadata[k].strip() for k in CATEGORY_KEYS if metadata.get(k)), "")
        self.categories.add(category or "(none)")
        self.formats[rec.get("source_format") or "(unknown)"] += 1
        self.encodings[rec.get("encoding") or "(unknown)"] += 1
        words = len((rec.get("body") or "").split())
        self.lengths[max(b for b in LENGTH_BUCKETS if b <= words)] += 1

        seen: set[tuple[str, str]] = set()
        for ent in rec.get("entities") or ():
            etype = ent.get("type") or "MISC"
            self.entity_types[etype] += 1
            if etype not in self.entity_mentions:
                self.entity_mentions[etype] = TopK(self.capacity)
                self.entity_articles[etype] = TopK(self.capacity)
            text = ent.get("text") or ""
            key = ent.get("normalized") or text
            self.entity_mentions[etype].add(key, example=text)
            if (etype, key) not in seen:
                seen.add((etype, key))
                self.entity_articles[etype].add(key, example=text)
        if seen:
            self.articles_with_entities += 1

        dates = rec.get("dates") or ()
        if dates:
            self.articles_with_dates += 1
        for tmx in dates:
            self._add_date(tmx, day)

        dateline = rec.get("dateline")
        if dateline:
            self.with_dateline += 1
            if dateline.get("city"):
                self.cities.add(dateline["city"].strip())
            if dateline.get("agency"):
                self.agencies.add(dateline["agency"].strip())

        if rec.get("is_duplicate"):
            self.duplicates += 1
            self.duplicate_groups.add(
                rec.get("duplicate_of") or "(unknown)",
                example={"title": _clip(rec.get("title"), 120), "uri": rec.get("source_uri")})
        rep = rec.get("near_duplicate_of")
        if rep:
            self.near += 1
            self.near_groups.add(rep, example={"title": _clip(rec.get("title"), 120)})
            self.near_group_sources.add((rep, source))
            self.near_by_source.add(source)
        for err in rec.get("errors") or ():
            self.errors[f"{err.get('step')}.{err.get('reason')}"] += 1

    def _add_date(self, tmx: Mapping[str, Any], published: date | None) -> None:
        dtype = tmx.get("type") or "DATE"
        value = tmx.get("value")
        text = tmx.get("text") or ""
        self.date_types[dtype] += 1
        self.calendars[tmx.get("calendar") or "gregorian"] += 1
        if not value:
            self.unresolved.add(text)
            return
        self.date_values.add((dtype, value), example=text)
        if dtype != "DATE":
            return
        year, month, day = parse_value(value)
        if year is None:
            return
        self.referenced_years[year] += 1
        if month is not None:
            self.referenced_months[f"{year:04d}-{month:02d}"] += 1
        if published is not None and month is not None and day is not None:
            try:
                delta = (date(year, month, day) - published).days
            except ValueError:
                return
            for label, low, high in OFFSET_BUCKETS:
                if low <= delta < high:
                    self.offsets[label] += 1
                    break

    def add_dead_letter(self, rec: Mapping[str, Any]) -> None:
        """Count one DeadLetter record."""
        self.dead_letters += 1
        reason = f"{rec.get('step') or '?'}.{rec.get('reason') or '?'}"
        self.dead_reasons[reason] += 1
        if reason not in self.dead_examples and len(self.dead_examples) >= MAX_REASONS:
            return
        examples = self.dead_examples.setdefault(reason, [])
        if len(examples) < MAX_EXAMPLES:
            snippet = rec.get("snippet")
            examples.append({
                "source_uri": rec.get("source_uri"),
                "message": _clip(rec.get("message"), MESSAGE_CHARS),
                "snippet": _clip(snippet, SNIPPET_CHARS),
                "binary": snippet is None and bool(rec.get("snippet_base64")),
            })

    def add_articles(self, records: Iterable[Mapping[str, Any]]) -> None:
        for rec in records:
            self.add_article(rec)

    def add_dead_letters(self, records: Iterable[Mapping[str, Any]]) -> None:
        for rec in records:
            self.add_dead_letter(rec)

    def _length_buckets(self) -> dict[str, int]:
        """Articles per body length (words), buckets up to the longest seen."""
        if not self.lengths:
            return {}
        last = LENGTH_BUCKETS.index(max(self.lengths))
        out = {}
        for i, low in enumerate(LENGTH_BUCKETS[: last + 1]):
            nxt = LENGTH_BUCKETS[i + 1] if i + 1 < len(LENGTH_BUCKETS) else None
            out[f"{low}-{nxt - 1}" if nxt else f"{low}+"] = self.lengths[low]
        return out

    def _near_dict(self, top: int) -> dict[str, Any]:
        """The biggest near-duplicate clusters with the sources of their copies, and the
        share of each source's articles flagged as near duplicates."""
        sources: dict[Any, list[dict[str, Any]]] = {}
        for item in self.near_group_sources:
            sources.setdefault(item.key[0], []).append({"source": item.key[1],
                                                        "copies": item.count})
        clusters = [{"representative": i.key, "copies": i.count, "error": i.error,
                     "sources": sorted(sources.get(i.key, []), key=lambda s: -s["copies"]),
                     **(i.example or {})} for i in self.near_groups.items(top)]
        by_source = []
        for item in self.sources.items(top):
            flagged = self.near_by_source.get(item.key)
            by_source.append({"source": item.key, "articles": item.count, "flagged": flagged,
                              "share": round(flagged / item.count, 4) if item.count else 0.0})
        return {"flagged": self.near, "clusters": len(self.near_groups),
                "top_clusters": clusters, "by_source": by_source}

    # -- results -------------------------------------------------------------------
    def to_dict(self, top: int = 25) -> dict[str, Any]:
        """JSON-ready statistics; top-k lists hold ``top`` rows."""

        def rows(topk: TopK, n: int = top) -> list[dict[str, Any]]:
            return [{"key": i.key, "count": i.count, "error": i.error} for i in topk.items(n)]

        entities = {}
        for etype, mentions in sorted(self.entity_mentions.items(),
                                      key=lambda kv: (ENTITY_TYPES + (kv[0],)).index(kv[0])):
            articles = self.entity_articles[etype]
            entities[etype] = [{
                "key": i.key, "text": _clip(i.key or i.example, 80), "mentions": i.count,
                "articles": articles.get(i.key), "error": i.error,
            } for i in mentions.items(top)]
        days = sorted(self.published.items())
        return {
            "articles": self.articles,
            "dead_letters": self.dead_letters,
            "fields_present": dict(self.fields_present),
            "published": {
                "by_day": dict(days),
                "first": days[0][0] if days else None,
                "last": days[-1][0] if days else None,
                "missing": self.unpublished,
            },
            "sources": rows(self.sources),
            "distinct_sources": len(self.sources),
            "categories": rows(self.categories),
            "formats": dict(self.formats.most_common()),
            "encodings": dict(self.encodings.most_common()),
            "length_words": self._length_buckets(),
            "entities": {
                "by_type": dict(self.entity_types.most_common()),
                "articles_with_entities": self.articles_with_entities,
                "top": entities,
                "exact": all(t.exact for t in self.entity_mentions.values()),
            },
            "dates": {
                "by_type": dict(self.date_types.most_common()),
                "calendars": dict(self.calendars.most_common()),
                "articles_with_dates": self.articles_with_dates,
                "unresolved": self.unresolved.total,
                "top_values": [{"type": i.key[0], "value": i.key[1], "text": _clip(i.example, 80),
                                "count": i.count, "error": i.error}
                               for i in self.date_values.items(top)],
                "top_unresolved": [{"text": _clip(i.key, 80), "count": i.count, "error": i.error}
                                   for i in self.unresolved.items(top)],
                "referenced_years": {str(k): v for k, v in sorted(self.referenced_years.items())},
                "referenced_months": dict(sorted(self.referenced_months.items())),
                "offset_from_published": {label: self.offsets[label]
                                          for label, _, _ in OFFSET_BUCKETS},
            },
            "datelines": {
                "articles_with_dateline": self.with_dateline,
                "cities": rows(self.cities),
                "agencies": rows(self.agencies),
            },
            "duplicates": {
                "flagged": self.duplicates,
                "groups": len(self.duplicate_groups),
                "top_groups": [{"duplicate_of": i.key, "copies": i.count, "error": i.error,
                                **(i.example or {})} for i in self.duplicate_groups.items(top)],
            },
            "near_duplicates": self._near_dict(top),
            "errors": dict(self.errors.most_common()),
            "dead_letters_by_reason": dict(self.dead_reasons.most_common()),
            "dead_letter_examples": self.dead_examples,
        }
