"""Shared helpers of the format parsers: turn extracted fields into an Article."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from akhbar.article import Article, DeadLetter, article_id
from akhbar.dateline import find_byline_dateline, find_dateline
from akhbar.published import find_date, parse_date

STEP = "parse"
# C0 controls but tab, newline and carriage return, and DEL: never part of a title, a
# label or a metadata value (the cp1256 newspaper files end with a NUL after the label).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Metadata keys that may carry a dateline ("لندن: رنيم حنوش"), in order of preference.
BYLINE_KEYS = ("dateline", "author", "byline", "authors", "location", "place")


def dead(uri: str, reason: str, message: str, data: bytes | str | None = None) -> DeadLetter:
    """A parse-step dead letter."""
    return DeadLetter.of(uri, STEP, reason, message, data)


class Tally:
    """Items delimited before they are parsed, for the accounting (``items_delimited``).

    Every file is one item; a unit that turns out to hold several (a container's members,
    a file's records) adds the others as they are enumerated or delimited, before any of
    them is parsed. Parsing must then give exactly one article or dead letter per item:
    a parser that loses records (an exception that ends a loop) shows up as a mismatch
    instead of passing unnoticed."""

    def __init__(self) -> None:
        self.items = 0

    def add(self, n: int = 1) -> None:
        """``n`` more items."""
        self.items += n

    def split(self, parts: int) -> None:
        """The current item turned out to be ``parts`` items (0 or 1: still one)."""
        if parts > 1:
            self.items += parts - 1


def contained(uri: str, make: Callable[..., Article | DeadLetter], *args: Any
              ) -> Article | DeadLetter:
    """``make(*args)``, or a ``parse_error`` dead letter for ``uri`` when it raises: one bad
    record (a bug, a recursion limit) costs that record only, never the ones after it."""
    try:
        return make(*args)
    except Exception as exc:  # noqa: BLE001 - any failure is this record's dead letter
        return dead(uri, "parse_error", f"{type(exc).__name__}: {exc}")


def strip_controls(value: str | None) -> str | None:
    """``value`` without NUL and the other C0 controls (tab and line breaks stay)."""
    return value if value is None or not _CONTROL_RE.search(value) else \
        _CONTROL_RE.sub("", value)


def none_if_blank(value: str | None) -> str | None:
    """``None`` for a missing or whitespace-only field, else the value unchanged."""
    if value is None or not value.strip():
        return None
    return value


def published_of(raw: str | None) -> tuple[str | None, str | None]:
    """``(iso, raw)`` for a date field; the raw string is kept stripped."""
    if raw is None:
        return None, None
    raw = raw.strip()
    if not raw:
        return None, None
    iso = parse_date(raw)
    if iso is None and len(raw) > 40:  # a long string that merely contains a date
        found = find_date(raw, 500)
        iso = found.iso if found else None
    return iso, raw


def dateline_of(body: str, lead: str | None, metadata: Mapping[str, str]
                ) -> dict[str, Any] | None:
    """The dateline at the start of the body (or lead), else in a byline metadata field."""
    found = find_dateline(body, "body")
    if found is None and lead:
        found = find_dateline(lead, "lead")
    if found is None:
        for key in BYLINE_KEYS:
            if metadata.get(key):
                found = find_byline_dateline(metadata[key], f"metadata:{key}")
                if found:
                    break
    return found


def make_article(uri: str, fmt: str, body: str | None, *, title: str | None = None,
                 lead: str | None = None, published_raw: str | None = None,
                 published_iso: str | None = None, metadata: Mapping[str, str] | None = None,
                 encoding: str | None = None, light: bool = False) -> Article | DeadLetter:
    """An Article for the fields, or an ``empty_body`` dead letter. The structural
    fields (title, lead, the raw date, metadata) lose NUL and other C0 controls.

    ``light``: the same id and text fields, but no dateline is looked for and a raw
    published date is not parsed (``dateline`` and ``published`` stay empty unless the
    format parser gave ``published_iso``): for a pass that only needs to know which
    articles a file holds (the duplicate pass)."""
    meta = {strip_controls(k): strip_controls(v) for k, v in (metadata or {}).items()
            if v is not None}
    meta = {k: v for k, v in meta.items() if k and v}
    title, lead = strip_controls(title), strip_controls(lead)
    published_raw = strip_controls(published_raw)
    if body is None or not body.strip():
        return dead(uri, "empty_body", "the article has no body text",
                    title or (published_raw or ""))
    if published_iso is None and not light:
        published_iso, published_raw = published_of(published_raw)
    return Article(
        id=article_id(uri, body),
        source_uri=uri,
        source_format=fmt,
        body=body,
        title=none_if_blank(title),
        lead=none_if_blank(lead),
        published=published_iso,
        published_raw=published_raw,
        dateline=None if light else dateline_of(body, none_if_blank(lead), meta),
        metadata=meta,
        encoding=encoding,
    )
