"""JSON arrays / single objects and JSON Lines of article objects.

Fields are looked up through a mapping *our field -> source key(s)* (``ReadOptions.
json_fields`` overrides the defaults below per field; a key may be a dotted path into
nested objects, ``meta.date``). Every other scalar member becomes metadata. The body and
title are kept exactly as stored. A malformed record costs only that record: a JSON Lines
line, or an element of an array, that is not valid JSON (a syntax error, nesting deeper
than the parser's recursion limit, an integer of thousands of digits) or not an object is
a dead letter, the rest is parsed. Array elements are delimited first, by a linear scan
of brackets and strings (``array_elements``), so that a bad element is skipped; only a
break in the array itself (an unterminated string, a missing bracket, the end of the
file) stops it there (``bad_json``), after the elements before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from json.decoder import scanstring
from typing import Any

from akhbar.article import Article, DeadLetter
from akhbar.encoding import replace_lone_surrogates
from akhbar.formats.build import Tally, contained, dead, make_article

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading"),
    "body": ("content", "body", "text", "article", "articleBody", "article_body",
             "full_text", "fulltext"),
    "lead": ("lead", "abstract", "summary", "description", "excerpt", "standfirst"),
    "published": ("date", "published", "published_at", "publishedAt", "pubdate",
                  "pub_date", "date_published", "datePublished", "publish_date",
                  "publication_date", "datetime", "time", "timestamp", "created_at",
                  "date_extracted"),
    "author": ("author", "byline", "authors", "writer"),
    "url": ("url", "link", "href"),
    "source": ("source", "site", "publisher", "outlet"),
    "category": ("category", "section", "categories"),
}
ARTICLE_FIELDS = ("title", "body", "lead", "published")
MAX_META_CHARS = 2000

_WS_RE = re.compile(r"[\s\ufeff]*")
_STRUCTURE_RE = re.compile(r'["\[\]{},]')


def resolve_fields(overrides: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Default field mapping with the user's overrides applied (per field)."""
    fields = dict(DEFAULT_FIELDS)
    fields.update({k: tuple(v) for k, v in overrides.items()})
    return fields


def _get(obj: Mapping[str, Any], key: str) -> Any:
    if key in obj:
        return obj[key]
    cur: Any = obj
    for part in key.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _as_text(value: Any) -> str | None:
    """A string for a scalar or list of scalars; ``None`` for null and containers."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    return None


def record_to_article(uri: str, fmt: str, obj: Any, fields: Mapping[str, tuple[str, ...]],
                      encoding: str | None, light: bool = False) -> Article | DeadLetter:
    """One JSON object -> Article (or a ``bad_record``/``empty_body`` dead letter);
    ``light``: see ``make_article``."""
    if not isinstance(obj, Mapping):
        return dead(uri, "bad_record", f"expected a JSON object, got {type(obj).__name__}",
                    json.dumps(obj)[:600])
    obj, replaced = replace_lone_surrogates(obj)
    values: dict[str, Any] = {}
    used: set[str] = set()
    for name, keys in fields.items():
        for key in keys:
            value = _get(obj, key)
            if value is not None and value != "":
                values[name] = value
                used.add(key.split(".")[0])
                break
    for name in ("title", "body", "lead"):
        if name in values and not isinstance(values[name], str):
            return dead(uri, "bad_record", f"field {name!r} is a {type(values[name]).__name__}"
                        ", not a string", json.dumps(obj, ensure_ascii=False)[:600])
    if replaced:
        values["encoding_errors"] = str(replaced)
    metadata: dict[str, str] = {}
    for name, value in values.items():
        if name not in ARTICLE_FIELDS:
            text = _as_text(value)
            if text is not None:
                metadata[name] = text[:MAX_META_CHARS]
    for key, value in obj.items():
        if key in used or not isinstance(key, str):
            continue
        text = _as_text(value)
        if text is not None and text != "":
            metadata.setdefault(key, text[:MAX_META_CHARS])
    published = values.get("published")
    published_raw = None if published is None else (
        published if isinstance(published, str) else _as_text(published))
    return make_article(uri, fmt, values.get("body"), title=values.get("title"),
                        lead=values.get("lead"), published_raw=published_raw,
                        metadata=metadata, encoding=encoding, light=light)


def _loads(text: str) -> tuple[Any, str | None]:
    """``(value, None)``, or ``(None, why)`` for text that json cannot take."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"{exc.msg} at char {exc.pos}"
    except RecursionError:
        return None, "nested too deeply (over the JSON parser's recursion limit)"
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer ..."
        return None, str(exc)


def looks_like_jsonl(text: str) -> bool:
    """Two or more complete JSON values, one per line (JSON Lines)."""
    lines = [ln for ln in text[:200_000].split("\n")[:3] if ln.strip()]
    if len(lines) < 2 and not (len(lines) == 1 and len(text) < 200_000):
        return False
    if _loads(lines[0])[1] is not None:
        return False
    return len(lines) >= 2 and lines[1].lstrip().startswith(("{", "["))


def array_elements(text: str, pos: int) -> tuple[list[tuple[int, int]], int | None]:
    """The ``(start, end)`` of each element of the JSON array whose ``[`` ends at ``pos``,
    found without parsing them (brackets counted, strings skipped: linear), and ``None``
    when the array closes, else the position where it breaks (an unterminated string, a
    stray closing bracket, the end of the text); the elements before it are complete."""
    spans: list[tuple[int, int]] = []
    pos = _WS_RE.match(text, pos).end()
    if text.startswith("]", pos):
        return spans, None
    start, depth = pos, 0
    while True:
        m = _STRUCTURE_RE.search(text, pos)
        if m is None:
            return spans, start
        char, at = m.group(), m.start()
        if char == '"':
            try:
                pos = scanstring(text, at + 1)[1]
            except ValueError:
                return spans, start
            continue
        pos = at + 1
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth:
                depth -= 1
            elif char == "]":
                spans.append((start, at))
                return spans, None
            else:
                return spans, start
        elif not depth:  # a comma between elements
            spans.append((start, at))
            start = pos = _WS_RE.match(text, pos).end()


def parse_json(uri: str, text: str, fields: Mapping[str, tuple[str, ...]],
               encoding: str | None, light: bool = False, tally: Tally | None = None
               ) -> Iterator[Article | DeadLetter]:
    """A JSON array of objects (``uri#i``) or a single object (``uri``); ``tally``
    counts the elements as they are delimited."""
    tally = tally or Tally()
    pos = _WS_RE.match(text, 0).end()
    if text.startswith("[", pos):
        spans, broken = array_elements(text, pos + 1)
        if not spans and broken is None:
            yield dead(uri, "empty_file", "empty JSON array")
            return
        tally.split(len(spans) + (broken is not None))
        for index, (start, end) in enumerate(spans):
            record_uri = f"{uri}#{index}"
            obj, why = _loads(text[start:end])
            if why is not None:
                yield dead(record_uri, "bad_json", f"element {index}: {why}",
                           text[start:start + 300])
                continue
            yield contained(record_uri, record_to_article, record_uri, "json", obj, fields,
                            encoding, light)
        if broken is not None:
            n = len(spans)
            yield dead(f"{uri}#{n}", "bad_json", f"the array breaks at char {broken} (an "
                       f"unterminated string or bracket); {n} records read before",
                       text[broken:broken + 300])
        return
    obj, why = _loads(text)
    if why is not None:
        yield dead(uri, "bad_json", why, text[:300])
        return
    for key in ("articles", "items", "data", "records", "docs", "documents"):
        if isinstance(obj, dict) and isinstance(obj.get(key), list) and len(obj) <= 3:
            tally.split(len(obj[key]))
            for i, item in enumerate(obj[key]):
                yield contained(f"{uri}#{i}", record_to_article, f"{uri}#{i}", "json", item,
                                fields, encoding, light)
            return
    yield contained(uri, record_to_article, uri, "json", obj, fields, encoding, light)


def parse_jsonl(uri: str, text: str, fields: Mapping[str, tuple[str, ...]],
                encoding: str | None, light: bool = False, tally: Tally | None = None
                ) -> Iterator[Article | DeadLetter]:
    """JSON Lines: one object per line; ``uri#i`` with ``i`` the 0-based line number;
    ``tally`` counts the non-blank lines before any is parsed."""
    lines = [(i, line) for i, line in enumerate(text.split("\n")) if line.strip()]
    if not lines:
        yield dead(uri, "empty_file", "no JSON lines")
        return
    (tally or Tally()).split(len(lines))
    for i, line in lines:
        record_uri = f"{uri}#{i}"
        obj, why = _loads(line)
        if why is not None:
            yield dead(record_uri, "bad_json", f"line {i}: {why}", line)
            continue
        yield contained(record_uri, record_to_article, record_uri, "jsonl", obj, fields,
                        encoding, light)
