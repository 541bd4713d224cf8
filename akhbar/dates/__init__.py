"""Temporal expressions in Arabic news: find them and resolve them against the DCT.

>>> import datetime
>>> [t.value for t in extract_dates("وصل الوفد أمس", datetime.date(2017, 3, 15))]
['2017-03-14']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Protocol

from akhbar.article import Timex
from akhbar.dates.extractor import DateExtractor, shared_extractor

__all__ = ["DateExtractor", "extract_dates", "extract_article_dates", "map_to_original"]

# Marks that light normalization deletes and that belong to the preceding letter.
_TRAILING_MARKS = re.compile("[\u0640\u064b-\u065f\u0670\u200b-\u200f\u202a-\u202e\u2066-\u2069]*")


def extract_dates(text: str, published: dt.date | None, field: str = "body") -> list[Timex]:
    """Temporal expressions in ``text`` (offsets index ``text``), resolved against ``published``.

    With ``published=None`` relative expressions get ``value=None``; the clock is never read.
    """
    return shared_extractor().extract(text, published, field)


def extract_article_dates(fields: Mapping[str, str | None],
                          published: dt.date | None) -> list[Timex]:
    """Like :func:`extract_dates` for all fields of one article (``{"title": ..., ...}``).

    A deictic pinned to a weekday in any field (``اليوم الأربعاء``) corrects a publication
    date that trails the real one, for every field.
    """
    return shared_extractor().extract_fields(fields, published)


class _Normalized(Protocol):
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]: ...


def map_to_original(timexes: Iterable[Timex], normalized: _Normalized) -> list[Timex]:
    """Timexes found on ``normalized.text`` re-expressed on ``normalized.original``.

    Uses ``NormalizedText.to_original`` and keeps tatweel/diacritics that the normalizer
    deleted right after the span (``1436هـ`` stays whole).
    """
    original = normalized.original
    out = []
    for t in timexes:
        s, e = normalized.to_original(t.start, t.end)
        e = _TRAILING_MARKS.match(original, e).end()
        out.append(replace(t, start=s, end=e, text=original[s:e]))
    return out
