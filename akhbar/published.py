"""Publication dates: find and parse a date string into an ISO ``YYYY-MM-DD``.

Understood forms (Arabic-Indic and Persian digits too; invisible characters ignored):

* numeric ``yyyy/mm/dd``, ``yyyy-mm-dd``, ``yyyy.mm.dd``, ``dd/mm/yyyy`` (and
  ``mm/dd/yyyy`` when the day is > 12), ``yyyymmdd`` (whole string only);
* ISO 8601 with time and zone (``2017-01-20T21:43:00+01:00``): the date as written,
  i.e. in the publisher's zone;
* RFC 822 / English and French month names (``Tue, 11 Aug 2015 15:52:00 +0300``);
* day + Arabic month name in every naming system: Egyptian/Gulf (يناير), Levantine/Iraqi
  (كانون الثاني), Maghrebi (جانفي، أوت), Moroccan (يوليوز، غشت، شتنبر) and the Libyan
  names (أي النار، هانيبال), also doubled as in ``كانون الثاني/يناير``;
* Hijri dates (``25 شوال 1436 هـ``), converted with ``hijridate`` (Umm al-Qura).
  When a string holds a Hijri *and* a Gregorian date, the Gregorian one wins;
* Unix epoch seconds or milliseconds (whole string only, e.g. a JSON number).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from akhbar.dates import calendar
from akhbar.dates import lexicon as lx
from akhbar.encoding import skeleton
from akhbar.fold import ONE_TO_ONE

__all__ = ["DateMatch", "find_date", "parse_date", "GREGORIAN_MONTHS", "HIJRI_MONTHS"]

# The shared one-for-one folding (``akhbar.fold``) plus ؤ and Arabic separators: same
# length, so that offsets survive.
_FOLD = {**ONE_TO_ONE, ord("ؤ"): "و", ord("٫"): ".", ord("٬"): ",", ord("،"): ","}

# Month names (folded, lower-case) from the project's one lexicon: every Arabic naming
# system, the Libyan names (a publication date is always a full date, so they are safe
# here) and English/French names for metadata strings.
GREGORIAN_MONTHS: dict[str, int] = {**lx.GREGORIAN_MONTHS, **lx.LIBYAN_MONTHS,
                                    **lx.LATIN_MONTHS}
HIJRI_MONTHS: dict[str, int] = dict(lx.HIJRI_MONTHS)


def _alternation(names: dict[str, int]) -> str:
    # Longest first so that "كانون الثاني" wins over a shorter prefix; spaces flexible.
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s*") for n in ordered)


_W = r"(?<![\w])"  # no letter/digit before
_E = r"(?![\w])"
# Before a day number followed by a month name an Arabic word may be glued to it (a
# dropped bidi mark: "الأحد\u200f25\u200f يناير"); only digits and Latin letters may not.
_D = r"(?<![\dA-Za-z])"
_GREG = _alternation(GREGORIAN_MONTHS)
_HIJ = _alternation(HIJRI_MONTHS)
_SEP = r"[\s,.\-/]*"
_TAIL_G = r"(?:\s*(?:م|ميلادي|ميلاديه)" + _E + ")?"
_TAIL_H = r"(?:\s*(?:هـ|ه|هجري|هجريه)" + _E + ")?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(
        _W + r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?"
        + _TAIL_G + r"(?!\d)")),
    ("dmy", re.compile(  # spaces around the separators too: "7-4 - 2012"
        _W + r"(?P<d>\d{1,2})[ \t]*(?P<s>[-/.])[ \t]*(?P<m>\d{1,2})[ \t]*(?P=s)[ \t]*"
        r"(?P<y>\d{4})" + _TAIL_G + r"(?!\d)")),
    ("hijri", re.compile(
        _D + r"(?P<d>\d{1,2})\s*(?:من\s+)?(?P<mn>" + _HIJ + r")" + _SEP
        + r"(?P<y>1[2-5]\d\d)" + _TAIL_H + r"(?!\d)", re.IGNORECASE)),
    ("hijri_num", re.compile(
        _W + r"(?:(?P<y>1[2-5]\d\d)(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})|"
        r"(?P<d2>\d{1,2})(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>1[2-5]\d\d))"
        r"\s*(?:هـ|ه|هجري|هجريه)" + _E)),
    ("day_month", re.compile(
        _D + r"(?P<d>\d{1,2})(?:er|st|nd|rd|th)?[\s.\-/]*(?:من\s+)?(?:شهر\s+)?(?P<mn>"
        + _GREG + r")" + r"(?:\s*[/(\-]\s*(?:" + _GREG + r")\s*\)?)?" + _SEP
        + r"(?P<y>\d{4})" + _TAIL_G + r"(?!\d)", re.IGNORECASE)),
    ("month_day", re.compile(
        _W + r"(?P<mn>" + _GREG + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
        + r"(?!\d)", re.IGNORECASE)),
]
_COMPACT_RE = re.compile(r"\s*(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$")
_EPOCH_RE = re.compile(r"\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")

MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: ISO value, calendar as written, original span."""

    iso: str
    calendar: str
    start: int
    end: int
    raw: str


def _month(name: str, table: dict[str, int]) -> int | None:
    key = re.sub(r"\s+", " ", name.lower()).strip()
    if key in table:
        return table[key]
    return table.get(key.replace(" ", ""))


def _gregorian(y: int, m: int, d: int) -> str | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _hijri(y: int, m: int, d: int) -> str | None:
    g = calendar.hijri_to_gregorian(y, m, d)
    return g.isoformat() if g else None


def _value(kind: str, m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if kind in ("iso",):
        return _gregorian(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind == "dmy":
        a, b, y = int(g["d"]), int(g["m"]), int(g["y"])
        if b > 12 >= a:  # mm/dd/yyyy
            a, b = b, a
        return _gregorian(y, b, a)
    if kind == "hijri_num":
        y, mo, d = (g["y"], g["m"], g["d"]) if g["y"] else (g["y2"], g["m2"], g["d2"])
        return _hijri(int(y), int(mo), int(d))
    if kind == "hijri":
        month = _month(g["mn"], HIJRI_MONTHS)
        return _hijri(int(g["y"]), month, int(g["d"])) if month else None
    month = _month(g["mn"], GREGORIAN_MONTHS)
    return _gregorian(int(g["y"]), month, int(g["d"])) if month else None


_DIGIT_RE = re.compile(r"\d")


def _matches(folded: str) -> list[tuple[int, int, str, str]]:
    """All ``(start, end, iso, calendar)`` in a folded skeleton text, by position."""
    if not _DIGIT_RE.search(folded):
        return []  # every pattern needs a digit
    found = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            iso = _value(kind, m)
            if iso:
                found.append((m.start(), m.end(), iso, "hijri" if kind.startswith("hijri") else
                              "gregorian"))
    found.sort()
    kept: list[tuple[int, int, str, str]] = []
    for item in found:  # drop matches overlapping an earlier (or longer) one
        if kept and item[0] < kept[-1][1]:
            if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = item
            continue
        kept.append(item)
    return kept


def find_date(text: str, limit: int | None = 2000) -> DateMatch | None:
    """The publication-like date in ``text[:limit]``: the first Gregorian date, else the
    first Hijri date (converted). Offsets index the original ``text``."""
    sk = skeleton(text, limit)
    folded = sk.text.translate(_FOLD)
    kept = _matches(folded)
    if not kept:
        return None
    # A Hijri date directly followed by its Gregorian equivalent: take the Gregorian.
    best = next((k for k in kept if k[3] == "gregorian"), kept[0])
    if best[3] == "gregorian" and best is not kept[0] and kept[0][3] == "hijri":
        # Keep the whole "Hijri ... الموافق Gregorian" phrase as the span.
        start, end = sk.span(kept[0][0], best[1])
    else:
        start, end = sk.span(best[0], best[1])
    return DateMatch(best[2], best[3], start, end, text[start:end])


def parse_date(raw: object) -> str | None:
    """ISO ``YYYY-MM-DD`` for a date string (or epoch number); ``None`` if there is none."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        raw = str(int(raw))
    if not isinstance(raw, str):
        return None
    folded = skeleton(raw, 500).text.translate(_FOLD)
    m = _COMPACT_RE.match(folded)
    if m:
        return _gregorian(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _EPOCH_RE.match(folded)
    if m:
        seconds = int(m[1]) / (1000 if len(m[1]) > 10 else 1)
        try:
            return _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    found = find_date(raw, 500)
    return found.iso if found else None
