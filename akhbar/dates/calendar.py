"""Date arithmetic and TIMEX3 value formatting (no clock reads, no Beam)."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from hijridate import Gregorian, Hijri

Date = dt.date


def fmt_day(d: Date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: Date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_before(anchor: Date, weekday: int, include_anchor: bool = True) -> Date:
    """The most recent ``weekday`` on or before ``anchor`` (strictly before if not included)."""
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and not include_anchor:
        back = 7
    return anchor - dt.timedelta(days=back)


def weekday_after(anchor: Date, weekday: int, include_anchor: bool = True) -> Date:
    """The next ``weekday`` on or after ``anchor`` (strictly after if not included)."""
    ahead = (weekday - anchor.weekday()) % 7
    if ahead == 0 and not include_anchor:
        ahead = 7
    return anchor + dt.timedelta(days=ahead)


def nearest_weekday(anchor: Date, weekday: int) -> Date:
    """The ``weekday`` closest to ``anchor``, ties going to the past."""
    back = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=back) if back <= 3 else anchor + dt.timedelta(7 - back)


_UMM_AL_QURA_FIRST = 1343  # hijridate's first year; earlier years use the tabular calendar
_TABULAR_FIRST = 1200  # (a bare 3-digit number after a Hijri month is rarely its year: رمضان 831 زيارة)


def _tabular_month_length(year: int, month: int) -> int:
    """Month length in the arithmetic (tabular) Islamic calendar: 30 and 29 alternating,
    Dhu al-Hijja 30 in its 11 leap years of 30."""
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 else 29


@lru_cache(maxsize=4096)
def hijri_to_gregorian(year: int, month: int, day: int) -> Date | None:
    """Umm al-Qura conversion with ``hijridate``; from 1200 AH to its range (``عام 1319هـ``)
    the tabular calendar (the usual conversion of historical dates); None otherwise."""
    if _TABULAR_FIRST <= year < _UMM_AL_QURA_FIRST:
        if not (1 <= month <= 12 and 1 <= day <= _tabular_month_length(year, month)):
            return None
        days = (day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354
                + (3 + 11 * year) // 30 + 227014)  # 1 Muharram 1 AH: 19 July 622 (proleptic Gregorian)
        return dt.date.fromordinal(days)
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


@lru_cache(maxsize=1024)
def hijri_month_length(year: int, month: int) -> int | None:
    if _TABULAR_FIRST <= year < _UMM_AL_QURA_FIRST and 1 <= month <= 12:
        return _tabular_month_length(year, month)
    try:
        return Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1024)
def gregorian_to_hijri(d: Date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def hijri_month_value(year: int, month: int) -> str | None:
    """The smallest Gregorian unit (month or year) that contains a whole Hijri month."""
    first = hijri_to_gregorian(year, month, 1)
    length = hijri_month_length(year, month)
    if first is None or length is None:
        return None
    last = first + dt.timedelta(days=length - 1)
    if (first.year, first.month) == (last.year, last.month):
        return fmt_month(first.year, first.month)
    if first.year == last.year:
        return f"{first.year:04d}"
    return None


def hijri_month_end(year: int, month: int) -> Date | None:
    first = hijri_to_gregorian(year, month, 1)
    length = hijri_month_length(year, month)
    if first is None or length is None:
        return None
    return first + dt.timedelta(days=length - 1)


def hajj_month(hijri_year: int) -> str | None:
    """The Gregorian month of the Hajj days (8 Dhu al-Hijja) of ``hijri_year``."""
    d = hijri_to_gregorian(hijri_year, 12, 8)
    return fmt_month(d.year, d.month) if d else None


def season_value(year: int, code: str) -> str:
    return f"{year:04d}-{code}"


def infer_year(month: int, day: int | None, dct: Date, direction: str | None) -> int:
    """Year of a day/month given without one, relative to the publication date.

    ``direction``: "past" (الماضي), "future" (المقبل), "future_ctx" (future tense nearby) or
    None. Without a direction the date is placed in a window from about nine months before
    to three months after the publication date, as news mostly reports recent events.
    """
    day = day or 15
    year = dct.year

    def date_in(y: int) -> Date:
        return safe_date(y, month, min(day, 28 if month == 2 else day)) or dt.date(y, month, 1)

    if direction == "past":
        return year if date_in(year) <= dct else year - 1
    if direction == "future":
        return year if date_in(year) > dct else year + 1
    delta = (date_in(year) - dct).days
    if direction == "future_ctx":
        return year + 1 if delta < -31 else year
    if delta > 92:
        return year - 1
    if delta < -275:
        return year + 1
    return year
