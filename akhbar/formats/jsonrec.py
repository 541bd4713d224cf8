"""JSON arrays / single objects and JSON Lines of article objects.

Fields are looked up through a mapping *our field -> source key(s)* (``ReadOptions.
json_fields`` overrides the defaults below per field; a key may be a dotted path into
nested objects, ``meta.date``). Every other scalar member becomes metadata. The body and
title are kept exactly as stored. A malformed record costs only that record: a bad JSON
Lines line or a non-object array element is a dead letter, the rest is parsed; a syntax
error inside an array stops the array there (``bad_json``) after the good elements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from akhbar.article import Article, DeadLetter
from akhbar.encoding import replace_lone_surrogates
from akhbar.formats.build import dead, make_article

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


def looks_like_jsonl(text: str) -> bool:
    """Two or more complete JSON values, one per line (JSON Lines)."""
    lines = [ln for ln in text[:200_000].split("\n")[:3] if ln.strip()]
    if len(lines) < 2 and not (len(lines) == 1 and len(text) < 200_000):
        return False
    try:
        json.loads(lines[0])
    except ValueError:
        return False
    return len(lines) >= 2 and lines[1].lstrip().startswith(("{", "["))


def parse_json(uri: str, text: str, fields: Mapping[str, tuple[str, ...]],
               encoding: str | None, light: bool = False) -> Iterator[Article | DeadLetter]:
    """A JSON array of objects (``uri#i``) or a single object (``uri``)."""
    decoder = json.JSONDecoder()
    pos = _WS_RE.match(text, 0).end()
    if text.startswith("[", pos):
        pos += 1
        index = 0
        while True:
            pos = _WS_RE.match(text, pos).end()
            if text.startswith("]", pos):
                break
            if index and not text.startswith(",", pos):
                yield dead(f"{uri}#{index}", "bad_json",
                           f"expected ',' or ']' at char {pos}; {index} records read",
                           text[pos:pos + 300])
                return
            if index:
                pos = _WS_RE.match(text, pos + 1).end()
            try:
                obj, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                yield dead(f"{uri}#{index}", "bad_json",
                           f"{exc.msg} at char {exc.pos}; {index} records read before",
                           text[pos:pos + 300])
                return
            yield record_to_article(f"{uri}#{index}", "json", obj, fields, encoding, light)
            index += 1
        if index == 0:
            yield dead(uri, "empty_file", "empty JSON array")
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield dead(uri, "bad_json", f"{exc.msg} at char {exc.pos}", text[:300])
        return
    for key in ("articles", "items", "data", "records", "docs", "documents"):
        if isinstance(obj, dict) and isinstance(obj.get(key), list) and len(obj) <= 3:
            for i, item in enumerate(obj[key]):
                yield record_to_article(f"{uri}#{i}", "json", item, fields, encoding, light)
            return
    yield record_to_article(uri, "json", obj, fields, encoding, light)


def parse_jsonl(uri: str, text: str, fields: Mapping[str, tuple[str, ...]],
                encoding: str | None, light: bool = False) -> Iterator[Article | DeadLetter]:
    """JSON Lines: one object per line; ``uri#i`` with ``i`` the 0-based line number."""
    seen = False
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        seen = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield dead(f"{uri}#{i}", "bad_json", f"line {i}: {exc.msg} at col {exc.pos}", line)
            continue
        yield record_to_article(f"{uri}#{i}", "jsonl", obj, fields, encoding, light)
    if not seen:
        yield dead(uri, "empty_file", "no JSON lines")
