"""Hijri dates: days and months of the Hijri calendar, Hijri years, Hajj and Umrah seasons.

Values are Gregorian (converted by :mod:`akhbar.dates.calendar`, Umm al-Qura): a day gives
its day, a whole month the smallest Gregorian unit that contains it, a Hijri year alone
has no single Gregorian value (``None``), the Hajj season is the month of the Hajj days.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from akhbar.dates import calendar as cal
from akhbar.dates.common import DAY_VALUE, Cand, Date, Hit

_HIJRI_YEAR = re.compile(r"(\d{4})\s*ه")
_HIJRI_YEAR_IN_SENT = re.compile(r"(?<!\d)(1[34]\d\d)(?=\s*(?:ه|هجري)|\s*$)")


def _today(dct: Date | None) -> tuple[int, int, int] | None:
    """The Hijri (year, month, day) of the publication date, if known and convertible."""
    return cal.gregorian_to_hijri(dct) if dct is not None else None


def hijri_day(year: int | None, month: int, day: int, dct: Date | None,
              direction: str | None, weekday: int | None = None,
              before: str = "") -> tuple:
    """(value, "hijri", (y, m, d), None) for a Hijri day; without a year: a Hijri year said
    earlier in its sentence (``before``), else the one (of the DCT's and either side) in
    which the day falls on ``weekday`` (``الجمعة 10 محرم``), else the Hijri year of the DCT,
    one back or ahead when a direction word (or a future context, ``future_ctx``, for a
    day over a month past) says the day is past or to come."""
    if year is None:
        h = _today(dct)
        if h is None:
            return (None, "hijri", None, None)
        said = [int(y) for y in _HIJRI_YEAR_IN_SENT.findall(before)]
        year = said[-1] if said and abs(said[-1] - h[0]) <= 1 else h[0]
        by_weekday = _year_by_weekday(h[0], month, day, dct, weekday) if not said else None
        if by_weekday is not None:
            year = by_weekday
        elif said:
            pass
        elif direction == "past" and (month, day) > (h[1], h[2]):
            year -= 1
        elif direction == "future" and (month, day) < (h[1], h[2]):
            year += 1
        elif direction == "future_ctx":
            g = cal.hijri_to_gregorian(year, month, day)
            if g is not None and (dct - g).days > 30:
                year += 1
    g = cal.hijri_to_gregorian(year, month, day)
    return (cal.fmt_day(g) if g else None, "hijri", (year, month, day), None)


def _year_by_weekday(base: int, month: int, day: int, dct: Date,
                     weekday: int | None) -> int | None:
    """The Hijri year (``base`` or one either side) in which month/day is a ``weekday``,
    nearest the DCT."""
    if weekday is None:
        return None
    best = None
    for y in (base, base + 1, base - 1):
        g = cal.hijri_to_gregorian(y, month, day)
        if g is not None and g.weekday() == weekday and (
                best is None or abs((g - dct).days) < abs((best[1] - dct).days)):
            best = (y, g)
    return best[0] if best else None


def hijri_month(h: Hit, month: int, year: int | None, direction: str | None) -> Cand:
    """A whole Hijri month (``رمضان المقبل``, ``شعبان 1436``, ``شهر رمضان لسنة 2017``: the
    one that begins in that Gregorian year)."""
    if year is not None and year >= 1800:
        mid = cal.gregorian_to_hijri(Date(year, 7, 1))
        starts = {y: cal.hijri_to_gregorian(y, month, 1) for y in
                  ((mid[0] - 1, mid[0], mid[0] + 1) if mid else ())}
        year = next((y for y, d in starts.items() if d is not None and d.year == year), None)
        if year is None:
            return h.cand("DATE", None, calendar="hijri")
    if year is None:
        today = _today(h.dct)
        if today is None:
            return h.cand("DATE", None, calendar="hijri")
        year = today[0]
        if direction == "past" and month >= today[1]:
            year -= 1
        elif direction == "future" and month <= today[1]:
            year += 1
    return h.cand("DATE", cal.hijri_month_value(year, month), calendar="hijri",
                  info={"hijri_month": (year, month)})


def is_hijri_year(year: int, dct: Date | None) -> bool:
    """``عام 1436`` without a marker: Hijri when within 40 years of the DCT's Hijri year."""
    if not 1300 <= year < 1500 or dct is None:
        return False
    h = cal.gregorian_to_hijri(dct)
    return bool(h and abs(h[0] - year) <= 40)


# --- handlers ----------------------------------------------------------------------------
_UNTIL = re.compile(r"(?<![^\W\d_])حتي\s+(?:[^\W\d_]+\s+)?$")


def hajj(h: Hit) -> Cand | None:
    """``موسم الحج المقبل``, ``حج هذا العام``: the Gregorian month of the Hajj days."""
    span = h.span
    ym = _HIJRI_YEAR.search(span)
    if ym:
        return h.cand("DATE", cal.hajj_month(int(ym.group(1))), calendar="hijri")
    today = _today(h.dct)
    if today is None:
        return h.cand("DATE", None, calendar="hijri")
    year = today[0]
    direction = h.direction()
    passed = (today[1], today[2]) > (12, 13)
    if direction == "past":
        year = year - 1 if not passed else year
    elif direction == "future" or "هذا" in span or direction == "current":
        year = year + 1 if passed else year
    elif today[1] >= 10 and not passed and (h.future_ctx() or _UNTIL.search(h.before(20))):
        pass  # حتى نهاية موسم الحج said from Shawwal on (pilgrims arriving): this year's
    else:
        year = year - 1 if not passed else year  # a bare "the Hajj season": the last one
    return h.cand("DATE", cal.hajj_month(year), calendar="hijri")


def umrah(h: Hit) -> Cand:
    """``موسم العمرة``: no single Gregorian value."""
    return h.cand("DATE", None, calendar="hijri")


HANDLERS = {"hajj": hajj, "umrah": umrah}


# فاتح شهر رمضان سيكون يوم الأحد 2 مارس 2025: the text equates a Hijri day with a Gregorian one
_EQUATED = re.compile(r"\s*[،,]?\s*(?:(?:[^\W\d_]+\s+){0,2}?(?:سيكون|سيكونان|يكون|هو|هي|يوافق|سيوافق"
                      r"|الموافق|يصادف|سيصادف|الموافق\s+ل)\s*(?:يوم\s+)?)?$")


def _hijri_ymd(c: Cand) -> tuple[int, int, int] | None:
    """The Hijri (year, month, day) a candidate names as one day (``فاتح رمضان``, ``أول أيام
    شهر رمضان``), if any."""
    if c.calendar != "hijri" or not c.value or not DAY_VALUE.match(c.value):
        return None
    if c.info.get("ymd"):
        return c.info["ymd"]
    if c.info.get("hijri_month"):
        y, m = c.info["hijri_month"]
        return (y, m, 1) if cal.hijri_to_gregorian(y, m, 1) == Date.fromisoformat(c.value) else None
    return None


def observed_days(fields: dict[str, tuple[str, list[Cand]]]) -> None:
    """A Hijri day equated in its sentence with a Gregorian day up to two days from the Umm
    al-Qura conversion (``فاتح شهر رمضان سيكون يوم الأحد 2 مارس 2025``: the month began a day
    later in Morocco) takes the text's date, and so do the other days of that Hijri month
    named anywhere in the article (``الأحد أول أيام شهر رمضان`` in the title)."""
    shift: dict[tuple[int, int], int] = {}
    for text, chosen in fields.values():
        for c, nxt in itertools.pairwise(chosen):
            ymd = _hijri_ymd(c)
            if (ymd is None or nxt.calendar != "gregorian" or not nxt.value
                    or not DAY_VALUE.match(nxt.value) or nxt.start - c.end > 40
                    or not _EQUATED.match(text, c.end, nxt.start)):
                continue
            days = (Date.fromisoformat(nxt.value) - Date.fromisoformat(c.value)).days
            if days and abs(days) <= 2:
                shift[ymd[:2]] = days
    if not shift:
        return
    for _, chosen in fields.values():
        for c in chosen:
            ymd = _hijri_ymd(c)
            if ymd is not None and ymd[:2] in shift:
                moved = Date.fromisoformat(c.value) + dt.timedelta(days=shift[ymd[:2]])
                c.value = cal.fmt_day(moved)
