"""Temporal expressions in Arabic news: find them and resolve them against the DCT.

>>> import datetime
>>> [t.value for t in extract_dates("وصل الوفد أمس", datetime.date(2017, 3, 15))]
['2017-03-14']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from akhbar.article import Timex
from akhbar.dates.extractor import DateExtractor, shared_extractor
from akhbar.normalize import NormalizedText

__all__ = ["DateExtractor", "extract_dates", "extract_article_dates", "map_to_original"]

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


def map_to_original(timexes: Iterable[Timex], normalized: NormalizedText) -> list[Timex]:
    """Timexes found on ``normalized.text`` re-expressed on ``normalized.original``, the
    way the pipeline does it (``akhbar.enrich.original_span``: ``1436هـ`` stays whole)."""
    from akhbar.enrich import original_span

    out = []
    for t in timexes:
        s, e = original_span(normalized, t.start, t.end)
        out.append(replace(t, start=s, end=e, text=normalized.original[s:e]))
    return out
