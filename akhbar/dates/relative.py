"""Relative and deictic dates: ``العام الماضي``, ``الأسبوع المقبل``, ``الربع الثالث``,
``صيف 2016``, ``الثمانينيات``, ``القرن العشرين``, ``حاليا``, ``قبل عامين``, ``نهاية العام``,
anaphora (``العام نفسه``, ``نفس الفترة من 2015``) and the START/MID/END/APPROX modifiers
read in front of any date."""

from __future__ import annotations

import datetime as dt
import re

from akhbar.dates import calendar as cal
from akhbar.dates import hijri
from akhbar.dates import lexicon as lx
from akhbar.dates.absolute import year_of
from akhbar.dates.common import (
    FUTURE_VERB,
    Cand,
    Date,
    Hit,
    ordinal_value,
    word_alt,
    words_after,
    words_before,
)
from akhbar.dates.durations import count_unit, strip_approx
from akhbar.dates.grammar import Grammar

_SAME_AFTER = re.compile(r"\s+(?:ذاته|نفسه)(?![^\W\d_])")
_SEASON = re.compile(word_alt(lx.SEASONS))
_DECADE = re.compile(word_alt(lx.DECADE_STEMS))
_MOD_RE = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<w>" + word_alt(lx.MOD_BEFORE_DATE) + r")\s+(?:شهر\s+)?$")
_LAST_N = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<w>اخر|اول)\s+$")  # آخر 20 دقيقة
_APPROX_RE = re.compile(r"(?<![^\W\d_])(?P<w>" + word_alt(lx.APPROX_BEFORE) + r")\s+$")
_ANAPHOR = re.compile(r"نفس|ذات")
# a title before العام (= general): المدير العام السابق، الأمين العام الجديد
_TITLE_BEFORE = re.compile(r"(?<![^\W\d_])[وفلب]?(?:ال|لل)?(?:مدير|امين|مدعي|نائب|مراقب|مفتش|قائد|منسق|"
                           r"مفوض|محامي|مستشار|رئيس|مساعد|كاتب|مقرر|الامين|المدير)\s+$")
# "before/after N days of ...", but not قبل عام من الآن (a year ago)
_RELATIONAL_AFTER = re.compile(r"\s+(?:من|على|علي)(?![^\W\d_])(?!\s+(?:الان|اليوم)(?![^\W\d_]))")
_YM = re.compile(r"\d{4}-\d\d")
_PERIOD_ENDING = re.compile(r"(?:المنتهيه|المنتهي|المنقضيه|المنتهيتين)\s+(?:في\s+)?$")
# a future verb right after "بعد ثلاثة أيام": بعد ثلاثة أيام سيعقد المؤتمر (a date ahead)
_FUTURE_VERB_NEXT = re.compile(r"\s*[،,]?\s*(?:" + FUTURE_VERB + r"|سوف)(?![^\W\d_])")
_YMD = re.compile(r"\d{4}-\d\d-\d\d")
_CALENDAR_SPORT = re.compile(r"(?<![^\W\d_])(?:[وف]?(?:لل|بال|ال|ل|ب))?(?:" + word_alt(lx.CALENDAR_YEAR_SPORTS) + r")(?![^\W\d_])")
_OF_THE_YEAR = re.compile(r"من\s+(?:العام|السنه)$")
_DAY_OF = re.compile(r"(?:يوم\s+)?(.+?)\s+من(?:\s|ه$)")
# what must come before "العاشر منه" (a day of "it", the month named before) for it to be a day
# ... or a date and "و": غرة محرم 1445 هـ والعاشر منه، 3 مارس والعاشر منه
_AFTER_DATE_AND = re.compile(r"(?:\d\s*(?:ه|م)?|" + word_alt(lx.GREGORIAN_MONTHS | lx.HIJRI_MONTHS)
                             + r")\s+و$")
_OF_IT_BEFORE = re.compile(r"(?<![^\W\d_])[وف]?(?:في|حتي|الي|من|منذ|بحلول|قبل|بعد|يوم|مساء|صباح)\s+$")
# words that make "X من الشهر" a part of something else: الربع الأول من الشهر، اليوم الأول من الشهر
_NOT_DAY_BEFORE = re.compile(r"(?:ربع|نصف|اسبوع|ثلث|عشر|ايام|يوم|اليوم|الاسبوع|الاسابيع)\s+$")


def year_rel(h: Hit) -> Cand | None:
    """``العام الماضي``, ``هذه السنة``, ``العام نفسه`` (anaphoric), ``العام الجديد``."""
    span = h.span
    ym = h.g.year.search(span)
    if ym is not None:
        if ym.group("c").strip().startswith("ه") or 1300 <= int(ym.group(0)[:4]) < 1500:
            return h.cand("DATE", None, calendar="hijri")
        return h.cand("DATE", ym.group(0)[:4])
    if span.startswith("العام") and _TITLE_BEFORE.search(h.before(14)):
        return None  # المدير العام السابق: the former director general
    if _ANAPHOR.search(span):
        return h.cand("DATE", None, info={"anaphor": "year"})
    if "المالي" in span and "العام المالي" in span and not re.search(r"الحالي|الجاري|هذا", span):
        return h.cand("DATE", None)
    if h.dct is None:
        return h.cand("DATE", None)
    direction = h.direction()
    info = _previous_of_antecedent(span, "year")
    if "الجديد" in span:
        year = h.dct.year + (1 if h.dct.month >= 11 else 0)
    elif direction == "past" or info:  # (العام الذي سبقه, no antecedent: the year before)
        year = h.dct.year - (2 if _BEFORE_LAST.search(span) else 1)  # العام قبل الماضي
    elif direction == "future":
        year = h.dct.year + 1
    else:
        year = h.dct.year
    return h.cand("DATE", f"{year:04d}", info=info)


def unit_rel(h: Hit) -> Cand | None:
    """``الأسبوع الماضي`` (ISO week), ``الشهر المقبل``, ``اليوم نفسه`` (anaphoric)."""
    span = h.span
    unit = "W" if "اسبوع" in span else "M" if "شهر" in span else "D"
    if _ANAPHOR.search(span):
        need = {"W": "week", "M": "month", "D": "day"}[unit]
        return h.cand("DATE", None, info={"anaphor": need})
    if h.dct is None:
        return h.cand("DATE", None)
    direction = h.direction()
    step = -1 if direction == "past" else 1 if direction == "future" else 0
    if _BEFORE_LAST.search(span):
        step = -2  # الأسبوع قبل الماضي: the week before last
    elif unit == "W" and step == -1 and h.dct.weekday() >= 5 and _JUST_ENDED.search(span):
        step = 0  # الأسبوع المنقضي said on a Saturday or Sunday: the (working) week just ended
    info = _previous_of_antecedent(span, "week" if unit == "W" else "month")
    if unit == "W":
        return h.cand("DATE", cal.fmt_week(h.dct + dt.timedelta(weeks=step)), info=info)
    y, mo = cal.add_months(h.dct.year, h.dct.month, step)
    return h.cand("DATE", cal.fmt_month(y, mo), info=info)


_BEFORE_LAST = re.compile(r"(?<![^\W\d_])قبل\s+الماضي")
_JUST_ENDED = re.compile(r"(?<![^\W\d_])(?:المنقضي|المنصرم)(?![^\W\d_])")
_PREVIOUS = re.compile(r"(?<![^\W\d_])(?:السابق|السابقه|سبقه|سبقها|سبقته|سبقتها)(?![^\W\d_])")


def _previous_of_antecedent(span: str, unit: str) -> dict:
    """``مقارنة بالشهر السابق`` after ``يونيو 2013`` in its sentence is May 2013 (the unit
    before the antecedent, guidelines §4); with no antecedent there it stays the one before
    the DCT (the value already given)."""
    if not _PREVIOUS.search(span):
        return {}
    return {"anaphor": unit, "step": -1, "in_sentence": True}


def unit_next(h: Hit) -> Cand:
    """``اليوم التالي``, ``صباح اليوم التالي``, ``العام التالي``: one unit after the antecedent;
    ``مساء اليوم نفسه``: a part of its day (resolved by :func:`resolve_anaphora`; no value
    without an antecedent)."""
    span = h.span
    unit = ("week" if "اسبوع" in span else "month" if "شهر" in span else "day" if "يوم" in span
            else "year")
    pod = h.g.pod.search(span) if unit == "day" else None
    info = {"anaphor": unit, "step": 0 if _ANAPHOR.search(span) else 1,  # مساء اليوم نفسه: 0
            "needs_antecedent": True}
    if pod is not None:  # PART_POD is anchored at the span's start
        code = lx.PARTS_OF_DAY.get(re.sub(r"\s+", " ", pod.group("pod")))
        if code:
            info["pod"] = code
            return h.cand("TIME", None, info=info)
    return h.cand("DATE", None, info=info)


_NEXT_WORDS = ("التالي", "اللاحق", "الموالي", "نفسه", "ذاته")  # (الموالي: Maghrebi "next")


def next_units(g: Grammar, chosen: list[Cand], text: str, dct: Date | None) -> list[Cand]:
    """``(صباح) اليوم التالي``, ``العام التالي``, ``مساء اليوم نفسه``, found from the word
    after the unit (rarer than the unit, so cheaper than a rule at every ``اليوم``); they
    replace what they cover (``اليوم نفسه`` inside ``مساء اليوم نفسه``)."""
    extra = []
    for word in _NEXT_WORDS:
        i = text.find(word)
        while i >= 0:
            for m in g.next_unit.finditer(text, max(0, i - 40), min(len(text), i + 40)):
                if m.start("w") != i or (m.group("w") in ("نفسه", "ذاته")
                                         and not (m.group("pod") and m.group("u") == "يوم")):
                    continue
                s, e = m.span("s")
                if any(o.start < s < o.end or o.start < e < o.end for o in chosen):
                    break
                chosen[:] = [o for o in chosen if not (s <= o.start and o.end <= e)]
                c = unit_next(Hit(g, text, dct, s, e))
                c.kind, c.priority = "unit_next", 4
                extra.append(c)
                break
            i = text.find(word, i + len(word))
    return extra


def number_first_months(g: Grammar, chosen: list[Cand], text: str, dct: Date | None) -> None:
    """``التسعة أشهر الأولى من العام``: the duration it starts with becomes the part of the
    year (read like ``الأشهر التسعة الأولى``; a pass, as the number words are too common to
    try a rule at each)."""
    if "اشهر" not in text and "شهور" not in text:
        return
    for c in [c for c in chosen if c.type == "DURATION" and c.kind != "part_year"]:
        m = g.first_months.match(text, c.start)
        new = part_year(Hit(g, text, dct, *m.span("s"))) if m is not None else None
        if new is None:
            continue
        new.kind, new.priority = "part_year", 4
        chosen[:] = [o for o in chosen if not (new.start <= o.start < new.end)] + [new]
    chosen.sort(key=lambda o: o.start)


def _step(value: str, unit: str, step: int) -> str | None:
    """``value`` (a day, ISO week, month or year) moved by ``step`` of ``unit``."""
    if unit == "day" and _YMD.match(value):
        return cal.fmt_day(dt.date.fromisoformat(value[:10]) + dt.timedelta(days=step))
    if unit == "week" and "-W" in value:
        monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return cal.fmt_week(monday + dt.timedelta(weeks=step))
    if unit == "week" and _YMD.match(value):
        return cal.fmt_week(dt.date.fromisoformat(value[:10]) + dt.timedelta(weeks=step))
    if unit == "month" and _YM.match(value):
        y, m = cal.add_months(int(value[:4]), int(value[5:7]), step)
        return cal.fmt_month(y, m)
    if unit == "year" and value[:4].isdigit():
        return f"{int(value[:4]) + step:04d}"
    return None


def day_month_rel(h: Hit) -> Cand | None:
    """``الحادي عشر من الشهر نفسه``, ``11 من الشهر الجاري``: a day of a relative month."""
    if _NOT_DAY_BEFORE.search(h.before(12)):
        return None
    span = h.g.wd.sub("", h.span, count=1).strip(" ،,")  # يوم الأربعاء السادس من ...
    m = _DAY_OF.match(span)
    word = m.group(1) if m else ""
    day = int(word) if word.isdigit() else ordinal_value(word)
    if not day or day > 31:
        return None
    if span.endswith("منه"):  # في العاشر منه: of the month named before, if there is one
        if not (span.startswith("يوم") or span != h.span or _OF_IT_BEFORE.search(h.before(12))
                or _AFTER_DATE_AND.search(h.before(40))):
            return None
        return h.cand("DATE", None, info={"anaphor": "month", "dom": day, "needs_antecedent": True})
    if _ANAPHOR.search(span[m.end():]):
        return h.cand("DATE", None, info={"anaphor": "month", "dom": day})
    if h.dct is None:
        return h.cand("DATE", None)
    direction = h.direction(span[m.end():])
    step = -1 if direction == "past" else 1 if direction == "future" else 0
    y, mo = cal.add_months(h.dct.year, h.dct.month, step)
    d = cal.safe_date(y, mo, day)
    return h.cand("DATE", cal.fmt_day(d) if d else None)


def day_null(h: Hit) -> Cand:
    """``اليوم الأول`` (of an event): a day with no calendar value."""
    return h.cand("DATE", None)


# a game in the sentence before a bare quarter or half (its periods of play, not a year's)
_GAME = re.compile(r"(?<![^\W\d_])[وفبل]?(?:ال)?(?:مباراه|اللقاء|لقاء|الشوط|شوط|ارباع|ارباعها"
                   r"|المباراه)(?![^\W\d_])")


def _of_a_game(h: Hit) -> bool:
    """A bare quarter or half of a game, not of a year: a game earlier in its sentence (حسم
    اللقاء في الربع الأخير) or right after it (النصف الأول من المباراة)."""
    return bool(_GAME.search(words_before(h.text, h.s, 150))
                or _GAME.match(h.text, h.e + 4) and h.text.startswith(" من ", h.e))


_SAME_YEAR_END = re.compile(r"(?:العام|السنه)\s+(?:نفسه|ذاته|نفسها|ذاتها)$")


def part_year(h: Hit) -> Cand | None:
    """``الربع الثالث من 2017``, ``النصف الأول``, ``الأشهر الستة الأولى``: quarter or half."""
    span = h.span
    words = span.split()
    if words[1] in ("اشهر", "شهور"):  # التسعة أشهر الأولى: the number first
        words[0], words[1] = words[1], words[0]
    head = words[0]
    if "اشهر" in head or "شهور" in head:
        n = lx.MONTHS_COUNT.get(words[1], 11 if words[1] == "الاحد" else 0)
        first = words[-1] == "الاولي" or "الاولي" in words[2:4]
        if not first and len(words) == 3 and n:  # الأشهر الثلاثة الأخيرة: the last three months
            return h.cand("DURATION", f"P{n}M")
        if n == 6:
            part = "H1" if first else "H2"
        elif n == 3:
            part = "Q1" if first else "Q4"
        else:  # الأشهر التسعة الأولى (من 2019): no value in the scheme
            return h.cand("DATE", None)
    else:
        if len(words) == 2 and _of_a_game(h):
            return None  # a quarter of a game (see _of_a_game)
        ordw = words[1]
        last = ordw in lx.LAST_WORDS
        num = 0 if last else lx.ORDINALS.get(ordw, 0)
        if "نصف" in head or "سداسي" in head:
            part = "H" + ("2" if last else str(num))
            if num > 2:
                return None
        else:
            part = "Q" + ("4" if last else str(num))
            if num > 4:
                return None
    if _SAME_YEAR_END.search(span):  # الربع الأول من العام نفسه: the antecedent's year
        return h.cand("DATE", None, info={"anaphor": "year_part", "part": part})
    year = year_of(h, span[len(head):])
    if year is None:
        if h.dct is None:
            return h.cand("DATE", None)
        year = h.dct.year
        if _OF_THE_YEAR.search(span):  # النصف الثاني من العام: of this year
            return h.cand("DATE", f"{year:04d}-{part}")
        qstart = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7}[part]
        if qstart > h.dct.month and not h.future_ctx():
            year -= 1
    return h.cand("DATE", f"{year:04d}-{part}")


def part_rel(h: Hit) -> Cand | None:
    """``الربع الحالي``, ``النصف الماضي``: the current quarter or half, or one step away."""
    span = h.span
    if len(span.split()) == 2 and _of_a_game(h):
        return None
    if h.dct is None:
        return h.cand("DATE", None)
    d = h.direction()
    step = -1 if d == "past" else 1 if d == "future" else 0
    size, code = (6, "H") if ("نصف" in span or "سداسي" in span) else (3, "Q")
    index = h.dct.year * (12 // size) + (h.dct.month - 1) // size + step
    per_year = 12 // size
    return h.cand("DATE", f"{index // per_year:04d}-{code}{index % per_year + 1}")


def same_period(h: Hit) -> Cand:
    """``نفس الفترة من 2015``, ``الشهر نفسه من العام الماضي``: resolved by anaphora."""
    span = h.span
    need = "month_of_year" if span.startswith(("الشهر", "للشهر")) else "period"
    return h.cand("DATE", None, info={"anaphor": need, "year": year_of(h, span)})


# past verbs of events, not of reporting (قال المسؤول إن ... قبل حلول فصل الشتاء looks ahead)
_PAST_EVENT = re.compile(r"(?<![^\W\d_])[وف]?(?:" + word_alt(
    w for w in lx.PUNCTUAL_PAST_VERBS + lx.NEWS_PAST_VERBS if w not in lx.REPORTING_PAST_VERBS)
                         + r")(?![^\W\d_])")


def season(h: Hit) -> Cand | None:
    """``صيف 2016``, ``الشتاء الماضي`` (the last completed winter), ``هذا الصيف``."""
    span = h.span
    code = lx.SEASONS[_SEASON.search(span).group(0)]
    ym = h.g.year.search(span)
    if ym:
        return h.cand("DATE", cal.season_value(int(ym.group(0)[:4]), code))
    if h.dct is None:
        return h.cand("DATE", None)
    if re.search(r"(?:عام|سنه)(?:\s|$)", span):  # ربيع العام الجاري، صيف العام الماضي
        return h.cand("DATE", cal.season_value(year_of(h, "من " + span), code))
    direction = h.direction()
    first, last = lx.SEASON_MONTHS[code]
    y, mo = h.dct.year, h.dct.month
    if direction is None and not span.startswith(("هذا", "هذه")) and not h.future_ctx():
        # مطلع الصيف، فصل الربيع in a report: the current season, or the last one if this
        # year's has not begun (winter: the one that began last December, or this one)
        if code == "WI":
            year = y if mo == 12 else y - 1
        else:
            year = y if mo >= first else y - 1
        if (mo < first and not (code == "WI" and mo <= 2) and first - mo < (mo - last) % 12
                and not _PAST_EVENT.search(words_before(h.text, h.s, 80))):
            # كيف تستعدون لفصل الشتاء (in November): the next one, nearer than the last (not
            # after a past verb: تراجع الإنتاج طوال فصل الصيف, in March, is last summer)
            year = y
        return h.cand("DATE", cal.season_value(year, code))
    if direction == "past":  # the last completed one; a winter is named by the year it begins
        year = (y if mo > last else y - 1) if code != "WI" else (y - 1 if mo > 2 else y - 2)
    elif direction == "future":
        year = y if mo < first else y + 1
    else:
        year = y
    return h.cand("DATE", cal.season_value(year, code))


def decade(h: Hit) -> Cand:
    """``الثمانينيات`` (198), ``تسعينات القرن الماضي``."""
    span = h.span
    tens = lx.DECADE_STEMS[_DECADE.search(span).group(0)]
    century = None
    if "قرن" in span:
        c = century_number(h, span[span.index("قرن"):])
        century = c - 1 if c else None
    if century is None:
        base = h.dct.year if h.dct else 2000
        century = base // 100
        if century * 100 + tens * 10 > base:
            century -= 1
    return h.cand("DATE", f"{century * 10 + tens:03d}")


def decade_rel(h: Hit) -> Cand:
    """``العقد الماضي`` (the previous calendar decade), ``العقد الحالي``, ``العقد المقبل``;
    ``العقد الأخير من القرن الماضي`` (its tenth decade), ``الأول``, ``الثاني``... (the nth)."""
    span = h.span
    words_ = span.split()
    if "قرن" in span:
        n = century_number(h, span[span.index("قرن"):])
        if n is None:
            return h.cand("DATE", None)
        nth = 10 if words_[1] == "الاخير" else ordinal_value(words_[1]) or 1
        return h.cand("DATE", f"{(n - 1) * 10 + nth - 1:03d}")
    if h.dct is None:
        return h.cand("DATE", None)
    d = "past" if words_[1] == "الاخير" else h.direction(" ".join(words_[1:]))
    step = -1 if d == "past" else 1 if d == "future" else 0
    return h.cand("DATE", f"{h.dct.year // 10 + step:03d}")


def month_part_rel(h: Hit) -> Cand | None:
    """``الأسبوع الأول من الشهر المقبل``, ``النصف الثاني من الشهر الجاري``: that month, with
    START/END/MID for its first/last/middle part (as for ``النصف الثاني من مارس``)."""
    head, ordw, _ = h.span.split(None, 2)
    month_at = h.span.index(" من ") + 4
    c = unit_rel(h.at(h.s + month_at, h.e))
    if c is None:
        return None
    mod = lx.MONTH_PART_MODS.get(ordw)
    if head.endswith("نصف") and ordw == "الثاني":
        mod = "END"
    return h.cand("DATE", c.value, mod=mod)


def century_number(h: Hit, span: str) -> int | None:
    """1-based century number named in ``span``."""
    d = re.search(r"\d{1,2}", span)
    if d:
        return int(d.group(0))
    if "الحادي" in span and "العشرين" in span:
        return 21
    if "العشرين" in span:
        return 20
    direction = h.direction(span)
    if direction is not None:
        if h.dct is None:
            return None
        cur = h.dct.year // 100 + 1
        return cur - 1 if direction == "past" else cur + 1 if direction == "future" else cur
    return ordinal_value(span.split(None, 1)[1] if " " in span else "")


def century(h: Hit) -> Cand:
    n = century_number(h, h.span)
    return h.cand("DATE", f"{n - 1:02d}" if n else None)


_SECOND_CENTURY = re.compile(r"\s+و\s*(?P<s>(?:ال)?[^\W\d_]+(?:\s+عشر)?)(?![^\W\d_])")


def second_centuries(chosen: list[Cand], text: str) -> list[Cand]:
    """``القرنين الثامن عشر والتاسع عشر``: the ordinal after و is a second century."""
    if "قرنين" not in text:
        return []
    extra = []
    for c in chosen:
        if c.kind != "century" or not c.value or "قرنين" not in text[c.start:c.end]:
            continue
        m = _SECOND_CENTURY.match(text, c.end)
        n = ordinal_value(m.group("s")) if m else None
        if n and not any(o.start < m.end("s") and m.start("s") < o.end for o in chosen):
            extra.append(Cand(m.start("s"), m.end("s"), "DATE", f"{n - 1:02d}", kind="century"))
    return extra


def millennium(h: Hit) -> Cand:
    span = h.span
    n = lx.MILLENNIUM_ORDINALS.get(span.split()[-1])
    if n is None and h.dct is not None:
        cur = h.dct.year // 1000 + 1
        d = h.direction()
        n = cur - 1 if d == "past" else cur + 1 if d == "future" else cur
    return h.cand("DATE", str(n - 1) if n else None)


def ref(h: Hit) -> Cand | None:
    """``حاليا`` (PRESENT_REF), ``مؤخرا`` (PAST_REF), ``قريبا`` (FUTURE_REF), ``منذ قليل``."""
    span = h.span
    if span == "الان" and _SAME_AFTER.match(h.text, h.e):
        return None  # في الآن ذاته: "at the same time"
    v = lx.REF_VALUES.get(span)
    if v is None:
        if "قليل" in span:
            return h.cand("DATE", cal.fmt_day(h.dct) if h.dct else None)
        if "وقت" in span:
            v = "PRESENT_REF"
        elif "مستقبل" in span:
            v = "FUTURE_REF"
        elif span.startswith(("قبل", "منذ")):
            v = "PAST_REF"
        else:
            last = span.split()[-1]
            v = ("PAST_REF" if last in lx.PAST_WORDS else "FUTURE_REF"
                 if last in lx.FUTURE_WORDS else "PRESENT_REF")
    return h.cand("DATE", v)


def ago(h: Hit) -> Cand | None:
    """``قبل عامين`` (a date two years back), ``بعد أسبوع`` in a future context, ``(بدأت)
    منذ أسبوع``."""
    text = h.text
    span = h.span
    prep, rest = span.split(None, 1)
    if _RELATIONAL_AFTER.match(text[h.e:h.e + 12]):
        return None  # relational: "before/after N days of ..."
    if prep == "بعد" and not (h.future_ctx() or _FUTURE_VERB_NEXT.match(text, h.e)):
        return None  # "after 3 years (of detention)": a duration, not a future date
    rest, mod = strip_approx(rest)
    cu = count_unit(rest)
    if cu is None:
        return None
    count, unit = cu
    if h.dct is None or count is None:
        if count is None and h.dct is not None:
            return h.cand("DATE", "FUTURE_REF" if prep == "بعد" else "PAST_REF", mod=mod)
        return h.cand("DATE", None, mod=mod)
    sign = 1 if prep == "بعد" else -1  # قبل, or منذ after a punctual verb
    d = h.dct
    if unit == "Y":
        value = f"{d.year + sign * count:04d}"
    elif unit == "DE":
        value = f"{d.year + sign * count * 10:04d}"
    elif unit == "M":
        y, mo = cal.add_months(d.year, d.month, sign * count)
        value = cal.fmt_month(y, mo)
    elif unit == "W":
        value = cal.fmt_week(d + dt.timedelta(weeks=sign * count))
    elif unit == "D":
        value = cal.fmt_day(d + dt.timedelta(days=sign * count))
    elif unit in ("H", "MIN", "S"):
        value = cal.fmt_day(d)
    else:
        value = None
    return h.cand("DATE", value, mod=mod)


def mod_unit(h: Hit) -> Cand:
    """``بداية العام``, ``نهاية الشهر``: a modifier on the current year/month/week."""
    span = h.span
    mod = lx.MOD_WORDS.get(span.split()[0])
    if h.dct is None:
        return h.cand("DATE", None, mod=mod)
    if "اسبوع" in span:
        value = cal.fmt_week(h.dct)
    elif "شهر" in span:
        value = cal.fmt_month(h.dct.year, h.dct.month)
    else:
        value = f"{h.dct.year:04d}"
    return h.cand("DATE", value, mod=mod)


_TV = re.compile(r"(?<![^\W\d_])[وفبل]?(?:ال)?(?:مسلسل|مسلسلات|دراما|الدرامي|الرمضاني|برنامج)")
_HAJJ_CTX = re.compile(r"(?<![^\W\d_])[وفبل]?(?:ال)?(?:حج|حجاج|حجيج)(?![^\W\d_])")


def sport_season(h: Hit) -> Cand:
    """``الموسم الماضي``: a sports season, no calendar value; in a tennis, golf or motor
    racing article it is a calendar year."""
    if _TV.search(words_before(h.text, h.s, 60) + " " + words_after(h.text, h.e, 40)):
        return None  # شارك هذا الموسم في مسلسل: a TV season is not annotated
    if h.dct is not None and _HAJJ_CTX.search(h.text):
        return hijri.hajj(h)  # للموسم الماضي in a Hajj report: last year's Hajj season
    if h.dct is not None and _CALENDAR_SPORT.search(h.text) and "ال" in h.span:
        d = h.direction()
        if d in ("past", "future", "current") or h.span.startswith("هذا"):
            step = -1 if d == "past" else 1 if d == "future" else 0
            return h.cand("DATE", f"{h.dct.year + step:04d}")
    return h.cand("DATE", None)


HANDLERS = {
    "year_rel": year_rel, "unit_rel": unit_rel, "day_null": day_null, "part_year": part_year,
    "part_rel": part_rel, "same_period": same_period, "season": season, "decade": decade,
    "century": century, "millennium": millennium, "ref": ref, "ago": ago,
    "mod_unit": mod_unit, "sport_season": sport_season, "day_month_rel": day_month_rel,
    "decade_rel": decade_rel, "month_part_rel": month_part_rel,
}


# --- post passes -------------------------------------------------------------------------
def apply_modifiers(chosen: list[Cand], text: str) -> None:
    """Take ``مطلع``/``منتصف``/``نهاية`` (START/MID/END) or ``نحو`` (APPROX) in front of a
    date, time or duration into its span; the end of a Hijri month is its last day."""
    for c in chosen:
        before = text[max(0, c.start - 14):c.start]
        m = None
        if c.type in ("DATE", "TIME") and c.mod is None and c.kind not in ("ref", "ago"):
            m = _MOD_RE.search(before)
        if m is not None:
            if not (m.group("w") == "اخر" and c.type == "TIME"):
                c.mod = lx.MOD_WORDS[m.group("w")]
                c.start -= len(before) - m.start("w")  # (بنهاية: the proclitic stays out)
                if c.mod == "END" and c.info.get("hijri_month"):
                    y, mo = c.info["hijri_month"]
                    end = cal.hijri_month_end(y, mo)
                    c.value = cal.fmt_day(end) if end else c.value
        elif (c.type == "DURATION" and (last := _LAST_N.search(before))
              and text[c.start:c.start + 1].isdigit()):
            c.start -= len(before) - last.start("w")  # آخر 20 دقيقة
        elif (c.type == "DURATION" or "clock" in c.info) and c.mod is None:
            m = _APPROX_RE.search(before)
            if m:
                c.mod = "APPROX"
                c.start -= len(before) - m.start()


_FIRST_LAST_DAY = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<w>اول|اخر)\s+(?:ايام|يوم\s+(?:من|في))\s+$")
_YEAR_OR_MONTH = re.compile(r"(\d{4})(?:-(\d\d))?$")
_HIJRI_YEAR_SPAN = re.compile(r"(?:سنه|عام)\s+(?:ال)?هجري\S*\s+(?:\S+\s+)?(1[34]\d\d)(?!\d)")


def first_or_last_day(chosen: list[Cand], text: str) -> None:
    """``أول أيام العام الجديد``, ``آخر يوم من الشهر الجاري``, ``أول أيام رمضان``: the
    first or last day of a year or month, one expression."""
    for c in chosen:
        if c.type != "DATE" or c.mod:
            continue
        before = text[max(0, c.start - 16):c.start]
        if "اول" not in before and "اخر" not in before:
            continue  # (what _FIRST_LAST_DAY needs, tested cheaply)
        hijri_year = _HIJRI_YEAR_SPAN.search(text, c.start, c.end) if c.value is None else None
        # (a Hijri month over two Gregorian years has no value, but its first day has one)
        if not (c.value or hijri_year or c.info.get("hijri_month")):
            continue
        m = _FIRST_LAST_DAY.search(before)
        if m is None:
            continue
        first = m.group("w") == "اول"
        hm = c.info.get("hijri_month")
        if hijri_year:
            y = int(hijri_year.group(1))
            day = cal.hijri_to_gregorian(y, 1, 1) if first else cal.hijri_month_end(y, 12)
        elif hm:
            day = (cal.hijri_to_gregorian(hm[0], hm[1], 1) if first
                   else cal.hijri_month_end(hm[0], hm[1]))
        else:
            ym = _YEAR_OR_MONTH.match(c.value)
            if ym is None:
                continue
            y, mo = int(ym.group(1)), int(ym.group(2) or (1 if first else 12))
            day = (dt.date(y, mo, 1) if first
                   else dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1))
        if day is None:
            continue
        c.value = cal.fmt_day(day)
        c.start -= len(before) - m.start("w")


def _day_of_antecedent_month(before: list[Cand], dom: int) -> tuple[str | None, str]:
    """Day ``dom`` of the month of the last dated expression in ``before``: of its Hijri
    month when it was a Hijri date (يوم الخميس الخامس من ذي القعدة ... 12 من الشهر ذاته)."""
    for p in reversed(before):
        if not (p.value and _YM.match(p.value)) or "step" in p.info:
            continue  # (not اليوم التالي: a day counted from another)
        hijri_ym = p.info.get("hijri_month") or (p.info.get("ymd") or (None, None))[:2]
        if p.calendar == "hijri" and hijri_ym[0]:
            g = cal.hijri_to_gregorian(hijri_ym[0], hijri_ym[1], dom)
            return (cal.fmt_day(g) if g else None), "hijri"
        d = cal.safe_date(int(p.value[:4]), int(p.value[5:7]), dom)
        return (cal.fmt_day(d) if d else None), "gregorian"
    return None, "gregorian"


def _antecedent_period(before: list[Cand], text: str) -> str | None:
    """The period that ``الفترة نفسها`` repeats: the last dated period before it (a quarter,
    half, month...) that is not itself said by anaphora, skipping days; none when the last one has no value (الأشهر التسعة
    الأولى) or is the day a period ends on (للفترة المنتهية في 30 سبتمبر)."""
    for p in reversed(before):
        if p.type != "DATE" or p.info.get("anaphor") in ("period", "year_part"):
            continue  # (a period compared with the antecedent is no antecedent: الربع الثاني
            # من 2011، مقارنة مع الربع الأول من العام نفسه، والربع المماثل من 2010: Q2)
        v = p.value
        if v is None:
            if p.kind in ("part_year", "year_span", "sport_season"):
                return None  # منذ بداية الموسم ... الفترة نفسها من العام الماضي: no value
            continue
        if not v[:4].isdigit() or len(v) <= 4:
            continue
        if _YMD.match(v):
            if _PERIOD_ENDING.search(text, max(0, p.start - 30), p.start):
                return None  # للفترة المنتهية في 30 سبتمبر: a period known only by its end
            continue
        return v
    return None


def resolve_anaphora(chosen: list[Cand], text: str) -> None:
    """``نفس الفترة من 2015``, ``العام نفسه``, ``اليوم ذاته``: copy from the antecedent."""
    for i, c in enumerate(chosen):
        need = c.info.get("anaphor")
        if not need:
            continue
        before = chosen[:i]
        if c.info.get("in_sentence"):
            sentence = c.start - len(words_before(text, c.start, 200))
            before = [p for p in before if p.start >= sentence and p.type in ("DATE", "TIME")]
        prev = [p.value for p in before if p.value and p.value[:4].isdigit()]
        value = None
        if need == "period":
            year = c.info.get("year")
            sub = _antecedent_period(chosen[:i], text)
            if sub and year is not None and _PREVIOUS.search(text, c.start, c.end):
                year = int(sub[:4]) - 1  # الربع الرابع من 2017 ... الربع المماثل من العام السابق (§4)
            if year is not None:
                value = f"{year:04d}{sub[4:]}" if sub else None
            else:  # "during the same period": the antecedent itself
                value = sub
        elif need == "month_of_year":
            year = c.info.get("year")
            ym = next((v for v in reversed(prev) if _YM.match(v)), None)
            month = ym[5:7] if ym else None
            if month and year is not None and _PREVIOUS.search(text, c.start, c.end):
                year = int(ym[:4]) - 1
            value = f"{year:04d}-{month}" if year is not None and month else None
        elif need == "year":
            value = next((v[:4] for v in reversed(prev)), None)
        elif need == "year_part":
            year_ = next((v[:4] for v in reversed(prev)), None)
            value = f"{year_}-{c.info['part']}" if year_ else None
        elif need == "month":
            value = next((v[:7] for v in reversed(prev) if _YM.match(v)), None)
            if value and c.info.get("dom"):  # الحادي عشر من الشهر نفسه
                value, c.calendar = _day_of_antecedent_month(chosen[:i], c.info["dom"])
        elif need == "day":
            value = next((v[:10] for v in reversed(prev) if _YMD.match(v)), None)
        elif need == "week":
            value = next((v for v in reversed(prev) if "-W" in v
                          or ("step" in c.info and _YMD.match(v))), None)
        if value and "step" in c.info:  # اليوم التالي، العام التالي، مساء اليوم نفسه
            value = _step(value, need, c.info["step"])
            if value and c.info.get("pod"):
                value = f"{value}T{c.info['pod']}"
        if value is None and c.info.get("in_sentence"):
            continue  # الشهر السابق with no antecedent in its sentence: the DCT's
        if c.info.get("clock_day"):  # الساعة الرابعة عصر اليوم نفسه: the clock's day
            if value:
                c.info["anaphor_day"] = value  # taken by times.anchor_clocks
            continue
        c.value = value
    # "العاشر منه" with no month before it is no date
    chosen[:] = [c for c in chosen if c.value or not c.info.get("needs_antecedent")]


_SAME_DATE_OF = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<s>(?:ال|لل)(?:يوم|تاريخ)\s+(?:نفسه|ذاته))\s+من\s+$")


def same_date_of_year(chosen: list[Cand], text: str, dct: Date | None) -> None:
    """``في اليوم نفسه من السنة الماضية``, ``حتى التاريخ نفسه من العام الماضي``: that day's
    month and day (the anaphoric ``اليوم نفسه``'s day, else the DCT) in the year named, one
    expression (after anaphora is resolved)."""
    if "نفسه" not in text and "ذاته" not in text:
        return
    for k, c in enumerate(chosen):
        if c.type != "DATE" or not c.value or len(c.value) != 4 or not c.value.isdigit():
            continue
        m = _SAME_DATE_OF.search(text, max(0, c.start - 30), c.start)
        if m is None:
            continue
        s = m.start("s")
        prev = chosen[k - 1] if k else None
        at_s = prev is not None and prev.start == s  # the anaphoric اليوم نفسه itself
        if at_s and prev.value and _YMD.match(prev.value):
            day = prev.value[5:10]
        elif prev is not None and prev.end > s and not at_s:
            continue  # something else there
        elif dct is not None:
            day = cal.fmt_day(dct)[5:10]
        else:
            continue
        d = cal.safe_date(int(c.value), int(day[:2]), int(day[3:]))
        c.value, c.start = (cal.fmt_day(d) if d else None), s
        if at_s:
            chosen.remove(prev)
        return same_date_of_year(chosen, text, dct)  # (indices moved)
