"""Absolute dates: a day with month (and year), a month, a year, and date ranges.

``18 يناير 2015``, ``20/10/1436 هـ``, ``2017-03-01``, ``شهر مايو الماضي``, ``عام 2014``,
``1953``; a day or month without a year takes the year the context implies (an explicit
year earlier in the sentence, the weekday, a direction word, or a window around the
publication date). Hijri days and months are converted in :mod:`akhbar.dates.hijri`.
"""

from __future__ import annotations

import datetime as dt
import re

from akhbar.dates import calendar as cal
from akhbar.dates import hijri
from akhbar.dates import lexicon as lx
from akhbar.dates.common import (
    Cand,
    Date,
    Hit,
    direction,
    is_future_ctx,
    month_number,
    ordinal_value,
    parse_number,
    word_alt,
    words_before,
)
from akhbar.dates.grammar import Grammar

_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
# a verb in -أ (folded -ا) after a year: ستبدأ، يبدأ، تنشأ
_VERB_A = re.compile(r"^[وف]?(?:س[يتن]|[يتن])\S*(?:دا|شا|را|طا)$")
_OF = re.compile(r"\s+من\s+")
# a quantity word before a bare number and من + a noun after it: a count (نحو 1900 من رعايا)
_ABOUT_BEFORE = re.compile(r"(?<![^\W\d_])(?:" + word_alt(lx.APPROX_BEFORE)
                           + r"|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+علي)\s+$")
_OF_AFTER = re.compile(r"\s+من\s+(?!(?:ال)?(?:عمر|عام|سنه|شهر)(?![^\W\d_]))[^\W\d_]")
_NEG_YEAR_BEFORE = re.compile(r"(?:" + "|".join(lx.NOT_YEAR_BEFORE) + r")\s+$")
_YEAR_TAIL = re.compile(r"(?:من\s+(?:(?:ال|لل)(?:عام|سنه)|(?:هذا|هذه|ذلك|ذاك|تلك|نفس|ذات))|(?:هذا|هذه))\s+\S+")
# an anaphoric year after a month or day: من ذلك العام، من العام نفسه، من نفس السنة
_ANAPHORIC_TAIL = re.compile(r"(?<![^\W\d_])(?:ذلك|ذاك|تلك|نفس|ذات|نفسه|نفسها|ذاته|ذاتها)(?![^\W\d_])")
_CLAUSE_BREAK = re.compile(r"[،,؛;:.]")
_USUALLY = re.compile(r"(?<![^\W\d_])(?:عاده|غالبا|سنويا|كل\s+(?:عام|سنه)|المعتاد|المعتاده|معتاد|"
                      r"معتاده|المعهود)(?![^\W\d_])")
_PAST_VERBS = frozenset(lx.PUNCTUAL_PAST_VERBS) | frozenset(lx.NEWS_PAST_VERBS)
# a day that names an event (ثورة 30 يونيو، ذكرى 11 سبتمبر): past, whatever the tense around
_NAMED_EVENT = re.compile(r"(?<![^\W\d_])(?:ال)?(?:ثوره|ذكري|احداث|انتفاضه|مجزره|هجمات|تفجيرات)"
                          r"\s*[(«\"]?\s*$")
# a month said as a time (في مايو، خلال شهر مايو، بحلول مايو), not as an object (سيتم تسديد
# راتب شهر مايو): only then does a future word put it ahead
_ADVERBIAL = re.compile(r"(?:(?<![^\W\d_])(?:في|فى|خلال|منذ|حتي|الي|قبل|بعد|بحلول|مع|عند|طوال|"
                        r"طيله|ابتداء\s+من|اعتبارا\s+من|بدءا\s+من|" + word_alt(lx.MOD_BEFORE_DATE)
                        + r")\s+(?:شهري?\s+)?|(?<![^\W\d_])[وف]?ب)$")


def past_verb_before(text: str, start: int) -> bool:
    """A past verb right before a day or month without a year (انتهت في يونيو, وقعت يوم 16
    ماي, ارتفع التضخم في يوليو), with في, a head noun and up to two definite words (its
    subject) between them at most."""
    words = text[max(0, start - 50):start].split()
    while words and words[-1] in ("في", "فى", "شهر", "يوم", "خلال"):
        words.pop()
    for _ in range(3):
        if not words:
            return False
        w = words[-1]
        if w in _PAST_VERBS or (w[:1] in "وف" and w[1:] in _PAST_VERBS):
            return True
        if not w.startswith("ال"):
            return False
        words.pop()
    return False
_YEAR_IN_SENT = re.compile(r"(?<![\d.,/\\])(1[5-9]\d\d|20\d\d)(?![\d.,/\\])(?!\s*ه)")
# a relative year said shortly before a day or month in its sentence (تبدأ العطلة هذا العام
# في 16 تموز): the year of that day or month
_REL_YEAR_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:(?:هذا|هذه)\s+(?:العام|السنه)|(?:ال|لل)(?:عام|سنه)\s+(?P<d>"
    + "|".join(sorted(lx.PAST_WORDS | lx.FUTURE_WORDS | {"الجاري", "الجاريه", "الحالي", "الحاليه"},
                      key=len, reverse=True)) + r"))(?![^\W\d_])")
_RANGE_LINK_ENDS = frozenset("ويه-–—")  # الي، حتي، لغايه، و، او، dashes
_RANGE_RE = re.compile(
    r"(?:(?<![^\W\d_])(?:من|بين|(?P<head>يومي|ايام))\s+(?P<wd>(?:يوم\s+)?(?:"
    + word_alt(lx.WEEKDAYS) + r")\s+|يوم\s+)?|(?<![\d.,/\\:])(?=\d{1,2}\s*(?:و|-|–|او\s)))(?P<d>\d{1,2})(?:\s*[/\\.-]\s*(?P<m>\d{1,2}))?(?!\d)"
    r"\s*(?:الي|حتي|لغايه|و|-|–|—|او\s)\s*$")

# how far back (characters) the antecedent of an anaphoric year is looked for
_ANTECEDENT_CHARS = 600

ParsedDate = tuple[str | None, str, tuple[int, int, int] | None, None]


def parse_abs(g: Grammar, span: str, text: str, dct: Date | None, start: int,
              weekday: int | None, direction_: str | None) -> ParsedDate | None:
    """Parse an absolute date inside ``span``: (value, calendar, (y, m, d), None).

    ``text``/``start`` locate the span for context (an earlier year, a future verb).
    """
    m = g.search_span(g.abs, span)
    if m is None:
        return None
    gd = m.groupdict()
    if gd["g_m"] is not None or gd["h_m"] is not None:
        is_hijri = gd["g_m"] is None
        p = "h_" if is_hijri else "g_"
        day = int(gd[p + "d"]) if gd[p + "d"] else ordinal_value(gd[p + "o"] or "")
        mname = gd[p + "m"]
        if is_hijri:
            month = month_number(mname, lx.HIJRI_MONTHS)
        else:
            first = g.gm.search(mname)
            month = month_number(first.group(0), lx.GREGORIAN_MONTHS) if first else None
        year = int(gd[p + "y"]) if gd[p + "y"] else None
        marker = (gd[p + "c"] or "").strip()
        if gd[p + "r"]:
            if dct is None:
                return (None, "hijri" if is_hijri else "gregorian", None, None)
            year = relative_year(g, gd[p + "r"], dct, is_hijri, text[max(0, start - _ANTECEDENT_CHARS):start])
    elif gd["l_m"] is not None:
        day, year = int(gd["l_d"]), int(gd["l_y"])
        month = month_number(gd["l_m"], lx.LIBYAN_MONTHS)
        marker = (gd["l_c"] or "").strip()
        is_hijri = False
    elif gd["n_d"] is not None:
        if gd["n_s1"] != gd["n_s2"]:
            return None
        day, month, year = int(gd["n_d"]), int(gd["n_m"]), int(gd["n_y"])
        marker = (gd["n_c"] or "").strip()
        is_hijri = marker.startswith("ه") or 1300 <= year < 1500
    else:
        if gd["i_s1"] != gd["i_s2"]:
            return None
        day, month, year = int(gd["i_d"]), int(gd["i_m"]), int(gd["i_y"])
        marker = (gd["i_c"] or "").strip()
        is_hijri = marker.startswith("ه") or 1300 <= year < 1500
    if not month or not day or day > 31 or month > 12:
        return None
    if year is not None and not is_hijri and marker.startswith("ه"):
        return None
    if is_hijri:
        if year is None and direction_ is None and is_future_ctx(text, start):
            direction_ = "future_ctx"
        return hijri.hijri_day(year, month, day, dct, direction_, weekday,
                               words_before(text, start, 160))
    if year is None:
        if dct is None:
            return (None, "gregorian", None, None)
        year = context_year(text, start, dct) if direction_ is None else None
        if year is None:
            if weekday is not None:
                year = year_by_weekday(month, day, weekday, dct)
            if year is None:
                if direction_ is None and is_future_ctx(text, start) and not _NAMED_EVENT.search(
                        text, max(0, start - 20), start):
                    direction_ = "future_ctx"
                elif direction_ is None and past_verb_before(text, start):
                    direction_ = "past"
                year = cal.infer_year(month, day, dct, direction_)
    d = cal.safe_date(year, month, day)
    if d is None:
        return None
    return (cal.fmt_day(d), "gregorian", (year, month, day), None)


def relative_year(g: Grammar, tail: str, dct: Date, is_hijri: bool, before: str = "") -> int:
    """The year of ``من العام الماضي`` / ``من هذا العام`` (Hijri year for Hijri months); of
    ``من ذلك العام`` / ``من العام نفسه``, the last Gregorian year named in ``before``."""
    if not is_hijri and _ANAPHORIC_TAIL.search(tail):
        years = _YEAR_IN_SENT.findall(before)
        if years:
            return int(years[-1])
    d = direction(g, tail)
    base = dct.year
    if is_hijri:
        h = cal.gregorian_to_hijri(dct)
        base = h[0] if h else base
    return base + (-1 if d == "past" else 1 if d == "future" else 0)


def year_by_weekday(month: int, day: int, weekday: int, dct: Date) -> int | None:
    """The year (DCT year or one either side) in which day/month falls on ``weekday``."""
    best = None
    for y in (dct.year, dct.year - 1, dct.year + 1):
        d = cal.safe_date(y, month, day)
        if d and d.weekday() == weekday:
            if best is None or abs((d - dct).days) < abs((best - dct).days):
                best = d
    return best.year if best else None


def context_year(text: str, start: int, dct: Date | None) -> int | None:
    """An explicit Gregorian year earlier in the same sentence, if far from the DCT, else a
    relative year said just before (``هذا العام``, ``العام المقبل``)."""
    before = words_before(text, start, 160)
    years = _YEAR_IN_SENT.findall(before)
    if years:
        y = int(years[-1])
        if dct is None or abs(y - dct.year) > 1:
            return y
    rels = list(_REL_YEAR_BEFORE.finditer(before, max(0, len(before) - 60)))
    if not rels or dct is None:
        return None
    rel = rels[-1]
    if _CLAUSE_BREAK.search(before, rel.end()):
        return None  # في صيف السنة الماضية، مع ذروة ... منتصف يوليوز: that year is the summer's
    d = rel.group("d")
    return dct.year + (-1 if d in lx.PAST_WORDS else 1 if d in lx.FUTURE_WORDS else 0)


def year_of(h: Hit, span: str) -> int | None:
    """The year named or implied at the end of a span (2016, هذا العام, العام الماضي)."""
    ym = h.g.year.search(span)
    if ym:
        return int(ym.group(0)[:4])
    if h.dct is None:
        return None
    if re.search(r"(?:عام|سنه)\s+\S+", span) or re.search(r"هذا\s+العام|هذه\s+السنه", span):
        d = h.direction(span.split("من")[-1]) if "من" in span else None
        return h.dct.year + (-1 if d == "past" else 1 if d == "future" else 0)
    return None


def _bare(word: str) -> str:
    """A word without its proclitics and article (والسباق -> سباق, لمسافة -> مسافه)."""
    for prefix in ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix):]
    return word


def _distance_word(word: str) -> bool:
    """``سباق``, ``بسباق``, ``ارتفاعه`` (with a possessive ending)..."""
    w = _bare(word)
    return w in lx.DISTANCE_WORDS or any(
        w.endswith(end) and w[:-len(end)] in lx.DISTANCE_WORDS for end in ("ها", "ه"))


def metres(h: Hit) -> bool:
    """``سباق 1500 م``: the م after the number is metres, as a distance word before it or a
    race or area word after it says."""
    nm = _NEXT_WORD.match(h.text, h.e)
    if nm and (nm.group(1) in lx.DISTANCE_AFTER or _bare(nm.group(1)) in lx.DISTANCE_AFTER):
        return True
    before = words_before(h.text, h.s, 40).split()[-3:]
    if before[-2:] == ["علي", "بعد"]:
        return True  # على بعد 1500 م: at a distance of
    if before and (before[-1] in lx.YEAR_PREPOSITIONS or _bare(before[-1]) in lx.YEAR_PREPOSITIONS):
        return False  # منذ 1990 م، في 1500 م
    return any(_distance_word(w) for w in before)


# --- handlers ----------------------------------------------------------------------------
def month(h: Hit) -> Cand | None:
    """``يناير 2015``, ``شهر مايو الماضي``, ``رمضان المقبل``: a month."""
    span = h.span
    gm = h.g.gm.search(span)
    hm = h.g.hm.search(span)
    if hm and (not gm or hm.start() < gm.start()):
        number = month_number(hm.group(0), lx.HIJRI_MONTHS)
        is_hijri = True
    elif gm:
        number = month_number(gm.group(0), lx.GREGORIAN_MONTHS)
        is_hijri = False
    else:
        return None
    if number is None:
        return None
    ym = h.g.year.search(span)
    year = int(ym.group(0)[:4]) if ym else None
    direction_ = h.direction()
    if direction_ is None:
        plural = h.g.plural_dir.match(h.text, h.e)
        if plural:
            direction_ = lx.PLURAL_DIRECTION[plural.group("d")]
    tail = _YEAR_TAIL.search(span)
    if tail and year is None:
        if h.dct is None:
            return h.cand("DATE", None, calendar="hijri" if is_hijri else "gregorian")
        year = relative_year(h.g, tail.group(0), h.dct, is_hijri,
                             h.text[max(0, h.s - _ANTECEDENT_CHARS):h.s])
    usual = (year is None and direction_ is None
             and _USUALLY.search(words_before(h.text, h.s, 40)) is not None)
    if is_hijri:
        if usual:
            return h.cand("DATE", None, calendar="hijri")  # أمر معتاد في رمضان: any Ramadan
        return hijri.hijri_month(h, number, year, direction_)
    if ym is not None and ym.group("c").strip().startswith("ه"):
        return None
    if usual:
        return h.cand("DATE", f"XXXX-{number:02d}")  # يمتد عادة من يوليو، يقام سنويا في أبريل
    if year is None:
        if h.dct is None:
            return h.cand("DATE", None)
        year = context_year(h.text, h.s, h.dct) if direction_ is None else None
        if year is None:
            if direction_ == "current":
                year = h.dct.year
            else:
                if direction_ is None and h.future_ctx() and (
                        _ADVERBIAL.search(h.before(20)) or h.span.split()[0] in lx.MOD_WORDS):
                    direction_ = "future_ctx"
                elif direction_ is None and past_verb_before(h.text, h.s):
                    direction_ = "past"  # التي انتهت في يونيو: the last June
                year = cal.infer_year(number, None, h.dct, direction_)
                if number == h.dct.month and direction_ in ("past", "future"):
                    year = h.dct.year + (1 if direction_ == "future" else -1)  # نيسان المقبل
    return h.cand("DATE", cal.fmt_month(year, number))


_PART_OF_MONTH = re.compile(r"^(?:ال|لل)(?P<unit>\S+)\s+(?P<ord>\S+)\s+من\s+")


def month_part(h: Hit) -> Cand | None:
    """``الأسبوع الأول من يناير``, ``النصف الثاني من مارس``: the month, with START/END/MID
    for its first/last/middle part (not the day ``الأول من يناير``)."""
    m = _PART_OF_MONTH.match(h.span)
    if m is None:
        return None
    c = month(h.at(h.s + m.end(), h.e))
    if c is None:
        return None
    mod = lx.MONTH_PART_MODS.get(m.group("ord"))
    if m.group("unit") == "نصف" and m.group("ord") == "الثاني":
        mod = "END"
    week = _week_of_month(c.value, m.group("ord")) if m.group("unit") == "اسبوع" else None
    if week is not None:  # الأسبوع الثاني من جانفي 2013 = 7-13 January = 2013-W02
        return Cand(h.s, h.e, c.type, week, calendar=c.calendar)
    return Cand(h.s, h.e, c.type, c.value, mod=mod, calendar=c.calendar)


_WEEK_ORD = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": -1}


def _week_of_month(value: str | None, ordinal: str) -> str | None:
    """The nth (or last) ISO week that meets a month (``YYYY-MM``), when it lies wholly in the
    month (January 2013: the first week is 31 Dec-6 Jan, the second 7-13 January = 2013-W02);
    else None (a week across two months is written as the month with START/END)."""
    n = _WEEK_ORD.get(ordinal)
    if n is None or not value or not re.fullmatch(r"\d{4}-\d\d", value):
        return None
    y, mo = int(value[:4]), int(value[5:])
    start = dt.date(y, mo, 1)
    end = cal.safe_date(*cal.add_months(y, mo, 1), 1) - dt.timedelta(days=1)
    if n > 0:
        monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=n - 1)
    else:
        monday = end - dt.timedelta(days=end.weekday())
    if monday < start or monday + dt.timedelta(days=6) > end:
        return None
    return cal.fmt_week(monday)


_DATELINE_PLACE = re.compile(r"(?:^|\n)\s*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*[-–]\s*$")


def dateline_dm(h: Hit) -> Cand | None:
    """``الكويت - 17 - 8 (كونا) --``: day and month of an agency dateline (KUNA), year from
    the DCT; only right after the place that opens a line."""
    if not _DATELINE_PLACE.search(h.before(40)):
        return None
    day, month_ = (int(x) for x in re.findall(r"\d+", h.span))
    if h.dct is None:
        return h.cand("DATE", None)
    d = cal.safe_date(cal.infer_year(month_, day, h.dct, None), month_, day)
    return h.cand("DATE", cal.fmt_day(d) if d else None)


def ramadan(h: Hit) -> Cand:
    """``الشهر الفضيل``, ``الشهر الكريم``: Ramadan, named by its epithet."""
    return hijri.hijri_month(h, 9, None, None)


def year(h: Hit) -> Cand | None:
    """``عام 2014``, ``2015م``, a bare ``1953`` (only when it reads as a year)."""
    span = h.span
    ym = h.g.year.search(span)
    if ym is None:
        return None
    value = int(ym.group(0)[:4])
    marker = ym.group("c").strip()
    headed = not span[:1].isdigit()
    if marker.startswith("ه"):
        if not 1 <= value < 1600:
            return None
        return h.cand("DATE", None, calendar="hijri")
    if headed and not marker and hijri.is_hijri_year(value, h.dct):
        return h.cand("DATE", None, calendar="hijri")
    if marker == "م" and not headed and metres(h):
        return None
    if headed or marker:
        if not 1000 <= value <= 2100:
            return None
        return h.cand("DATE", f"{value:04d}")
    # a bare number: only plausible years, not amounts
    if not 1900 <= value <= 2099:
        return None
    text, e = h.text, h.e
    after = text[e:e + 14].lstrip()
    nm = _NEXT_WORD.match(text, e)
    nxt = nm.group(1) if nm else ""
    if nxt in lx.NOT_YEAR_NEXT or after.startswith(("%", "٪")):
        return None
    if len(nxt) >= 4 and nxt.endswith("ا") and not nxt.startswith("ال") and (
            nxt not in lx.ADVERBS_A) and not _VERB_A.match(nxt):
        return None  # 2070 مواطنا: a count with its accusative noun (not 2018 ستبدأ)
    if _NEG_YEAR_BEFORE.search(h.before(10)):
        return None
    if _OF_AFTER.match(text, e) and _ABOUT_BEFORE.search(h.before(16)):
        return None  # نحو 1900 من رعايا 50 دولة: about so many of them, a count
    return h.cand("DATE", f"{value:04d}")


def year_span(h: Hit) -> Cand:
    """``العام الدراسي الحالي``, ``السنة المالية 2010-2011``: a year that straddles two
    calendar years, no single value (like a sports season)."""
    return h.cand("DATE", None)


def year_words(h: Hit) -> Cand | None:
    """``عام ألفين وتسعة`` (2009), ``سنة ألف وتسعمائة وتسعين`` (1990): a year in words."""
    words = h.span.split(None, 1)[1]
    thousands, _, rest = words.partition(" ")
    value = lx.YEAR_THOUSANDS.get(thousands, 0) + (parse_number(rest) or 0 if rest else 0)
    if not 1000 <= value <= 2100:
        return None
    return h.cand("DATE", f"{value:04d}")


# --- post pass ---------------------------------------------------------------------------
def ranges(chosen: list[Cand], text: str) -> list[Cand]:
    """``من 2 إلى 5 / 11 / 1436 هـ``: the bare start takes month and year from the end."""
    extra = []
    for c in chosen:
        parts = c.info.get("ymd")
        if not parts:
            continue
        before = text[max(0, c.start - 24):c.start]
        if before.rstrip()[-1:] not in _RANGE_LINK_ENDS:
            continue  # (the last letter of what _RANGE_RE needs at the end, tested cheaply)
        m = _RANGE_RE.search(before)
        if not m:
            continue
        y, mo, _d = parts
        day = int(m.group("d"))
        if not (m.group(0)[:1].isalpha() or m.group("m") or day < _d):
            continue  # 26 و27 يناير without من/بين: only an earlier day of the same month
        mo = int(m.group("m")) if m.group("m") else mo
        value = None
        if c.calendar == "hijri":
            g = cal.hijri_to_gregorian(y, mo, day) if y else None
            value = cal.fmt_day(g) if g else None
        else:
            g = cal.safe_date(y, mo, day) if y else None
            value = cal.fmt_day(g) if g else None
        base = c.start - len(before)
        s = base + (m.start("head") if m.group("head") else m.start("wd") if m.group("wd")
                    else m.start("d"))
        e = base + (m.end("m") if m.group("m") else m.end("d"))
        inside = [o for o in chosen if not (e <= o.start or s >= o.end)]
        if any(not (s <= o.start and o.end <= e and "weekday" in o.info) for o in inside):
            continue
        for o in inside:  # من الخميس 3 إلى ...: the weekday goes with its day
            chosen.remove(o)
        extra.append(Cand(s, e, "DATE", value, calendar=c.calendar, kind="range"))
    return extra


def parts_of_split_years(chosen: list[Cand], text: str) -> list[Cand]:
    """``الأشهر الستة الأولى من السنة المالية 2012-2013``: a part of a year that straddles
    two calendar years is one expression without a value (the year's own rule found
    ``السنة المالية 2012-2013``)."""
    out: list[Cand] = []
    for c in chosen:
        prev = out[-1] if out else None
        if (c.kind == "year_span" and prev is not None and prev.kind == "part_year"
                and _OF.fullmatch(text, prev.end, c.start)):
            out[-1] = Cand(prev.start, c.end, "DATE", None, kind="year_span")
            continue
        out.append(c)
    return out


_YM_VALUE = re.compile(r"\d{4}-\d\d")


def coordinated_months(g: Grammar, chosen: list[Cand], text: str, dct: Date | None
                       ) -> list[Cand]:
    """``في تموز وآب``: a month name right after a month and و is a month too, even one
    that is also a common word (آب = father, مارس = practised)."""
    extra = []
    for c in chosen:
        if not c.kind.startswith("month") or c.calendar != "gregorian":
            continue
        m = g.coordinated_month.match(text, c.end)
        if m is None:
            continue
        s, e = m.span("m")
        if any(not (e <= o.start or s >= o.end) for o in chosen):
            continue
        cand = month(Hit(g, text, dct, s, e))
        if cand is not None:
            cand.kind = "month_bare"
            extra.append(cand)
    return extra


_AND = re.compile(r"\s*و\s*")


_MONTH_TO = re.compile(r"\s*(?:حتي|الي|لغايه|و\s*حتي)\s*")
_FROM_BEFORE = re.compile(r"(?<![^\W\d_])[وف]?(?:من|بين)\s+$")


def share_month_years(chosen: list[Cand], text: str) -> None:
    """``خلال شهري مايو ويونيو``, ``من منتصف حزيران حتى نهاية أيلول``: a month named right
    after another with و (or ending a range it opens) and no year of its own is in the same
    year (the next one if it comes earlier in the calendar)."""
    if len(chosen) < 2:
        return
    for a, b in zip(chosen, chosen[1:], strict=False):
        if (a.kind.startswith("month") and b.kind == "month_bare" and a.calendar == b.calendar == "gregorian"
                and a.value and b.value and _YM_VALUE.fullmatch(a.value) and _YM_VALUE.fullmatch(b.value)
                and (_AND.fullmatch(text, a.end, b.start)
                     or (_MONTH_TO.fullmatch(text, a.end, b.start)
                         and _FROM_BEFORE.search(text, max(0, a.start - 8), a.start)))):
            year = int(a.value[:4]) + (int(b.value[5:]) < int(a.value[5:]))
            b.value = f"{year:04d}{b.value[4:]}"


HANDLERS = {"month_year": month, "month_rel": month, "month_bare": month,
            "month_part": month_part, "ramadan": ramadan,
            "year_head": year, "year_bare": year, "year_words": year_words,
            "year_span": year_span, "dateline_dm": dateline_dm}


# Places named after a date (مدينة 6 أكتوبر، مدينتي حدائق أكتوبر والعاشر من رمضان، جسر 15
# تموز): the date right after the place noun, and the ones coordinated after it, are a name.
# (no article: بالمدينة يوم الأربعاء 8 فيفري is a day in the city)
_PLACE_BEFORE = re.compile(r"(?<![^\W\d_])[وبل]?(?:" + word_alt(lx.PLACE_NOUNS) + r")\s+$")
_MONTH_IN = re.compile(r"(?<![^\W\d_])(?:ال)?(?:" + word_alt([*lx.GREGORIAN_MONTHS, *lx.HIJRI_MONTHS])
                       + r")(?![^\W\d_])")
# (not أكتوبر الماضي; a day only with its month: not اليوم, الأحد)
_NAME_KINDS = frozenset({"day", "month_bare", "month_part"})
_YEAR_DIGITS = re.compile(r"\d{4}")


def place_names(chosen: list[Cand], text: str) -> None:
    """Drop the dates that name a place (see ``_PLACE_BEFORE``): no year in them, a month
    named, right after a place noun or after such a name and و."""
    name_end = -1
    kept = []
    for c in chosen:
        if (c.kind in _NAME_KINDS and (c.kind != "day" or "ymd" in c.info) and c.type == "DATE"
                and ((name_end >= 0 and _AND.fullmatch(text, name_end, c.start))
                     or _PLACE_BEFORE.search(text, max(0, c.start - 16), c.start))
                and not _YEAR_DIGITS.search(text, c.start, c.end)
                and _MONTH_IN.search(text, c.start, c.end)):
            name_end = c.end
        else:
            kept.append(c)
    if len(kept) < len(chosen):
        chosen[:] = kept
