"""Durations and sets: ``ستة أشهر`` (P6M), ``أسبوعين`` (P2W), ``عقود من الزمن`` (PXDE),
``يوميا`` (P1D), ``كل عام`` (P1Y), ``الثامن من مارس من كل عام`` (XXXX-03-08)."""

from __future__ import annotations

import datetime as dt
import re

from akhbar.dates import lexicon as lx
from akhbar.dates.absolute import parse_abs
from akhbar.dates.common import Cand, Hit, parse_number, word_alt, words_before

_APPROX = word_alt(lx.APPROX_BEFORE)
_APPROX_PREFIX = re.compile(r"(?:" + _APPROX + r")\s+")
_AGE_BEFORE = re.compile(
    r"(?<![^\W\d_])[وب]?(?:" + "|".join(lx.AGE_WORDS) + r")\s+(?:من\s+)?(?:العمر\s+)?"
    r"(?:[^\s]+\s+){0,2}[وفب]?$")
_DIGIT_AFTER = re.compile(r"\s*\d")
_RELATIVE_AFTER = re.compile(r"\s+(?:" + "|".join(lx.PAST_WORDS | lx.FUTURE_WORDS
                                                   | lx.CURRENT_WORDS | lx.SAME_WORDS) + r"|\d)")
_GLUED_UNIT = re.compile(r"(\d+)(\D+)$")
_VAGUE_OR_DIGIT = re.compile(r"\d|" + "|".join(lx.VAGUE_QUANTITY))
_RANGE_START = re.compile(r"(?<![^\W\d_])(?:من|بين)\s+(?P<n>\d{1,4})\s*(?:الي|حتي|و|-|–)\s*$")
_AGE_CTX = re.compile(r"عمر|اعمار")
# the start of a range in another unit (أعمارهم بين تسعة أشهر وست سنوات)
_UNIT_RANGE_START = re.compile(r"(?<![^\W\d_])(?:من|بين)\s+(?:(?:\d{1,4}|[^\W\d_]+)\s+)?(?:"
                               + word_alt(lx.UNIT_FORMS) + r")\s*(?:الي|حتي|و|-|–)\s*$")
_RANGE_OPEN = re.compile(r"(?<![^\W\d_])(?:من|بين)\s+$")
_UNIT_RANGE_END = re.compile(r"\s*(?:الي|حتي|و)\s*(?:\d{1,4}|[^\W\d_]+)\s*(?:"
                             + word_alt(lx.UNIT_FORMS) + r")(?![^\W\d_])")
_ART_NUMBER = re.compile(r"ال\s*(\d{1,4})(?!\d)")
_WORK_AFTER = re.compile(r"\s+(?:ال)?(?:عمل|دوام|الدوام|الذروه|الزياره|الافتتاح|استقبال|التبرع)(?![^\W\d_])")
_YEAR_KIND_AFTER = re.compile(r"\s+(?:الدراسيه|الدراسي|الجامعيه|الجامعي|الماليه|المالي|الهجريه|الهجري"
                              r"|الميلاديه|الميلادي)(?![^\W\d_])")
_ONE_UNIT_START = re.compile(r"(?<![^\W\d_])(?:من|بين)\s+(?P<u>سنه|عام|شهر|اسبوع|يوم|ساعه|دقيقه)"
                             r"\s*(?:الي|حتي|و)\s*$")
# للمسنين فوق 65 عاما، والأطفال بين ستة أشهر وخمس سنوات: an age group
_AGE_GROUP_BEFORE = re.compile(
    r"(?<![^\W\d_])[وفبل]{0,2}(?:" + word_alt(lx.PERSON_GROUPS) + r")\s+(?:ممن\s+|الذين\s+)?"
    r"(?:(?:هم|تتراوح\s+اعمارهم)\s+)?(?:فوق|تحت|دون|بين|ما\s+بين|من|اكبر\s+من|اصغر\s+من|اقل\s+من"
    r"|اكثر\s+من)\s+(?:[^\s]+\s+){0,3}?[و]?$")
_AT_AGE = re.compile(r"(?<![^\W\d_])عن\s+$")
_DEATH = re.compile(r"(?<![^\W\d_])[وف]?(?:" + word_alt(lx.DEATH_WORDS) + r")(?![^\W\d_])")
_APPOSITION_BEFORE = re.compile(r"[^\W\d_][»\"”]?\s*[،,]\s*$|[^\W\d_.]\.?\s*\)\s*$")
_APPOSITION_AFTER = re.compile(r"\s*[،,]")
_TERM_BEFORE = re.compile(r"(?<![^\W\d_])[وفب]?(?:" + word_alt(lx.TERM_WORDS) + r")\s*[،,]\s*$")
_ORDINAL_SET = re.compile(r"(?:اول|اخر|ثاني|ثالث|رابع)\s")


def duration_value(count: int | None, unit: str) -> str:
    """TIMEX3 duration for ``count`` units (None: an unknown number, X)."""
    n = "X" if count is None else str(count)
    if unit == "DE":
        return "PXDE" if count is None else f"P{count * 10}Y"
    if unit == "CE":
        return "PXCE" if count is None else f"P{count * 100}Y"
    if unit == "SEASON":
        return f"P{n}Y"
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


def count_unit(span: str) -> tuple[int | None, str] | None:
    """(count, unit) of a duration-like span; count None means unknown (X)."""
    toks = span.split()
    unit = None
    count: int | None = None
    for i, tok in enumerate(toks):
        t = (tok if tok in lx.UNIT_FORMS else tok[2:] if tok.startswith(("ال", "لل"))
             else tok)
        if t in lx.UNIT_FORMS or tok in lx.UNIT_FORMS:
            code, implied, plural = lx.UNIT_FORMS.get(tok) or lx.UNIT_FORMS[t]
            unit = code
            if implied:
                count = implied
            else:
                before = " ".join(toks[:i])
                after = " ".join(toks[i + 1:])
                count = parse_number(before) if before else None
                if count is None and after:  # الساعات الـ48 المقبلة: the article on the number
                    count = parse_number(after)
                    art = _ART_NUMBER.match(after)
                    if count is None and art:
                        count = int(art.group(1))
                if count is None and not plural and not _VAGUE_OR_DIGIT.search(before):
                    count = 1
            break
        d = _GLUED_UNIT.match(tok)  # glued number + unit
        if d and d.group(2) in lx.UNIT_FORMS:
            unit = lx.UNIT_FORMS[d.group(2)][0]
            count = int(d.group(1))
            break
    return (count, unit) if unit else None


def strip_approx(span: str) -> tuple[str, str | None]:
    """``نحو عامين`` -> (``عامين``, "APPROX")."""
    m = _APPROX_PREFIX.match(span)
    return (span[m.end():], "APPROX") if m else (span, None)


# --- handlers ----------------------------------------------------------------------------
def _age_group(text: str, start: int) -> bool:
    """``للمسنين فوق 65 عاما``: a person group and فوق/دون/بين... right before the number."""
    before = words_before(text, start, 50)
    return (any(g in before for g in lx.PERSON_GROUPS)
            and _AGE_GROUP_BEFORE.search(before) is not None)


def duration(h: Hit) -> Cand | None:
    """``ستة أشهر``, ``نحو عامين``, ``40 دقيقة``; not an age (``عمره 30 عاما``)."""
    text, e = h.text, h.e
    span = h.span
    rest, mod = strip_approx(span)
    cu = count_unit(rest)
    if cu is None:
        return None
    count, unit = cu
    if count is None and rest == span and " " not in rest and rest in lx.UNIT_FORMS:
        words = h.before(20).split()
        if words and parse_number(words[-1]) is not None:
            return None  # وست سنوات: the unit of a number in words that was not taken (an age)
    if unit == "H" and _WORK_AFTER.match(text, e) and not _VAGUE_OR_DIGIT.search(span):
        return None  # تمديد ساعات عمل المراكز: working hours, not a length of time
    if span.startswith("ال") and _DIGIT_AFTER.match(text, e) and (
            unit == "MIN" or span.split()[-1] in lx.UNIT_FORMS):
        # الدقيقتين 43 و57: match minutes; أصابعه العشرة سنة 2002: a year's head noun
        # (not السنوات الخمس الماضية 30 ألف)
        return None
    if (unit in ("Y", "M") and _AGE_BEFORE.search(h.before(40))) or (
            unit in ("Y", "M") and _age_group(text, h.s)):  # (البالغة 60 يوما، الطلبة من 20 يوما: no age)
        return None
    if h.before(2).rstrip().endswith("("):
        return None  # (30 عاما), (6 أشهر): an age after a name
    if unit == "Y" and _AT_AGE.search(h.before(5)) and _DEATH.search(
            words_before(text, h.s, 200)):
        return None  # توفي عن 78 عاما: the age at death
    if (unit == "Y" and span[:1].isdigit() and _APPOSITION_BEFORE.search(h.before(6))
            and _APPOSITION_AFTER.match(text, e) and not _TERM_BEFORE.search(h.before(30))):
        return None  # فيرتو، 22 عاما، الذي...: an age in apposition to a name
    if unit in ("Y", "M") and (
            (unit == "Y" and (_RANGE_START.search(h.before(16))
                              or _UNIT_RANGE_START.search(h.before(30))))
            or (_RANGE_OPEN.search(h.before(6)) and _UNIT_RANGE_END.match(text, e))) and _AGE_CTX.search(
            words_before(text, h.s, 80)):
        # الفئة العمرية من 18 إلى 34 عاما، أعمارهم بين تسعة أشهر وست سنوات: an age bracket
        return None
    if "من الزمن" in span and unit == "DE" and count is None:
        return h.cand("DURATION", "PXDE", mod=mod)
    return h.cand("DURATION", duration_value(count, unit), mod=mod)


def duration_ctx(h: Hit) -> Cand | None:
    """``على مدى العام``, ``طوال اليوم``: one unit after a duration preposition."""
    span = h.span
    if span == "الساعه" and h.before(7).rstrip().endswith("مدار"):
        return None  # على مدار الساعة: "around the clock"
    after = h.text[h.e:h.e + 20]
    if _RELATIVE_AFTER.match(after):
        return None
    if span in ("العام",) and not re.match(r"\s+(?:و|،|\.|$)", after):
        return None
    if _YEAR_KIND_AFTER.match(after):
        return None  # خلال السنة الدراسية 2015-2016: a school year, not one year's length
    cu = count_unit(span)
    if cu is None:
        return None
    return h.cand("DURATION", duration_value(1, cu[1]), priority=6)


_AND_A_HALF = re.compile(r"\s+و\s*نصف(?![^\W\d_])")
_WHOLE_YEARS = re.compile(r"P(\d+)Y")


_HALF_YEAR = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<s>(?:(?P<a>" + _APPROX + r")\s+)?"
                        r"(?P<u>عام|سنه|عامين|سنتين|عامان|سنتان)\s+و\s*نصف)(?![^\W\d_])")


_POD_BEFORE = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<p>صباح|مساء|ليل|ليله|ظهر|عصر|فجر)\s+$")
_DAY_BEFORE = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<p>يوم)\s+$")


def heads_of_sets(chosen: list[Cand], text: str) -> None:
    """``مساء كل ثلاثاء``, ``صباح كل يوم``: a part of the day before a recurrence of days is
    in the SET's span (same value); so is ``يوم`` before a yearly date (``يوم 15 أكتوبر من
    كل سنة``)."""
    if "كل" not in text:
        return  # both kinds of SET say كل
    for c in chosen:
        if c.type != "SET":
            continue
        if c.value and c.value.startswith("XXXX-"):
            m = _DAY_BEFORE.search(text, max(0, c.start - 6), c.start)
        elif c.value in ("P1W", "P1D") and text.startswith("كل", c.start):
            m = _POD_BEFORE.search(text, max(0, c.start - 8), c.start)
        else:
            continue
        if m is not None and not any(o.start < m.end("p") and m.start("p") < o.end
                                     for o in chosen):  # (الساعة الثامنة مساء كل خميس)
            c.start = m.start("p")


def and_a_half(chosen: list[Cand], text: str) -> list[Cand]:
    """``نحو عام ونصف`` (P18M), ``عامين ونصف`` (P30M): a year duration said with و نصف (a
    pass: a rule would be tried at every عام). Returns the ones no candidate covered."""
    if "نصف" not in text:
        return []
    for c in chosen:
        years = _WHOLE_YEARS.fullmatch(c.value or "") if c.type == "DURATION" else None
        if years is not None:  # عامين ونصف، سبع سنوات ونصف
            m = _AND_A_HALF.match(text, c.end)
            if m is not None:
                c.value, c.end = f"P{int(years.group(1)) * 12 + 6}M", m.end()
    extra = []
    for m in _HALF_YEAR.finditer(text):
        s, e = m.span("s")
        if not any(o.start < e and s < o.end for o in chosen):
            years = lx.UNIT_FORMS[m.group("u")][1] or 1
            extra.append(Cand(s, e, "DURATION", f"P{years * 12 + 6}M", kind="duration",
                              mod="APPROX" if m.group("a") else None))
    return extra


def set_(h: Hit) -> Cand | None:
    span = h.span
    if span in lx.SET_ADVERBS:
        return h.cand("SET", lx.SET_ADVERBS[span])
    if _ORDINAL_SET.search(span):
        return h.cand("SET", "P1Y")
    if h.g.wd.search(span) or span.split()[-1] in lx.WEEKDAYS_BARE:
        return h.cand("SET", "P1W")  # كل يوم جمعة، كل خميس
    cu = count_unit(span[3:].strip())
    if cu is None:
        return None
    count, unit = cu
    if count and count > 1:
        return h.cand("SET", None)  # كل ثلاثة أشهر: no value in the scheme (guidelines §2)
    return h.cand("SET", duration_value(count or 1, unit))


def set_date(h: Hit) -> Cand | None:
    """``الثامن من مارس من كل عام``: a yearly date (its year is irrelevant, 2000 is used)."""
    parsed = parse_abs(h.g, h.span, h.text, dt.date(2000, 1, 1), h.s, None, None)
    if not parsed or not parsed[2]:
        return None
    _, calendar, (_, mo, d), _ = parsed
    if calendar == "hijri":
        return h.cand("SET", "P1Y", calendar="hijri")
    return h.cand("SET", f"XXXX-{mo:02d}-{d:02d}")


_EVERY_YEAR = re.compile(r"\s+من\s+كل\s+(?:عام|سنه)(?![^\W\d_])")


def every_year_months(chosen: list[Cand], text: str) -> None:
    """``(بداية) شهر يناير من كل عام``: a month of every year is a SET (``XXXX-01``; a Hijri
    one ``P1Y``), one span with ``من كل عام`` (which is no separate ``كل عام``)."""
    if "كل" not in text:
        return
    for c in chosen:
        if c.type != "DATE" or c.kind not in ("month_bare", "ramadan"):
            continue
        m = _EVERY_YEAR.match(text, c.end)
        if m is None:
            continue
        if c.calendar == "hijri":
            c.value = "P1Y"
        elif c.value and c.value[:4].isdigit() and len(c.value) == 7:
            c.value = f"XXXX-{c.value[5:7]}"
        else:
            continue
        c.type, c.end = "SET", m.end()
        chosen[:] = [o for o in chosen if not (o is not c and c.start <= o.start < c.end)]


def duration_ranges(chosen: list[Cand], text: str) -> list[Cand]:
    """``من 50 إلى 60 ساعة``, ``بين 3 و5 سنوات``: the bare number that opens the range is a
    duration in the unit of the end; ``بين سنة وثلاث سنوات``: so is one unit named alone."""
    extra = []
    for c in chosen:
        if c.type != "DURATION":
            continue
        before = text[max(0, c.start - 16):c.start]
        one = _ONE_UNIT_START.search(before)
        if one:  # بين سنة وثلاث سنوات: one unit opens the range
            s = c.start - len(before) + one.start("u")
            e = s + len(one.group("u"))
            cu = count_unit(one.group("u"))
            if cu and not any(not (e <= o.start or s >= o.end) for o in chosen):
                extra.append(Cand(s, e, "DURATION", duration_value(1, cu[1]), kind="range"))
            continue
        if not text[c.start:c.end][:1].isdigit():
            continue
        m = _RANGE_START.search(before)
        cu = count_unit(strip_approx(text[c.start:c.end])[0])
        if not m or cu is None:
            continue
        s = c.start - len(before) + m.start("n")
        e = s + len(m.group("n"))
        if any(not (e <= o.start or s >= o.end) for o in chosen):
            continue
        extra.append(Cand(s, e, "DURATION", duration_value(int(m.group("n")), cu[1]),
                          kind="range"))
    return extra


_FRACTIONS = {"نصف": (1, 2), "ربع": (1, 4), "ثلث": (1, 3)}
# one unit in the next smaller unit that divides it: (count, unit code)
_SMALLER = {"CE": (100, "Y"), "Y": (12, "M"), "M": (30, "D"), "D": (24, "H"), "H": (60, "MIN"),
            "MIN": (60, "S")}


def fraction(h: Hit) -> Cand | None:
    """``نصف قرن`` (P50Y), ``ربع ساعة`` (PT15M), ``نصف عام`` (P6M): a fraction of one unit,
    in the largest unit that gives a whole number."""
    rest, mod = strip_approx(h.span)
    frac, unit_word = rest.split()[:2]
    cu = count_unit(unit_word)
    if cu is None:
        return None
    num, den = _FRACTIONS[frac]
    unit = cu[1]
    count = 1
    while (count * num) % den:
        if unit not in _SMALLER:
            return None
        k, unit = _SMALLER[unit]
        count *= k
    return h.cand("DURATION", duration_value(count * num // den, unit), mod=mod)


def hours_minutes(h: Hit) -> Cand | None:
    """``ساعة و15 دقيقة``, ``ساعة ونصف``: one duration in minutes (PT75M, PT90M)."""
    hours, rest = h.span.split(None, 1)
    part = re.sub(r"^و\s*|\s+(?:ال)?ساعه$", "", rest)
    minutes = ({"نصف": 30, "ربع": 15}.get(part)
               or parse_number(re.sub(r"^و\s*|\s*(?:دقيقه|دقائق)$", "", rest)))
    if minutes is None:
        return None
    n = lx.UNIT_FORMS[hours][1] or 1
    return h.cand("DURATION", f"PT{n * 60 + minutes}M")


HANDLERS = {"fraction": fraction, "duration": duration, "duration_words": duration,
            "duration_hm": hours_minutes, "duration_plural": duration,
            "duration_rel": duration, "duration_ctx": duration_ctx, "set": set_,
            "set_date": set_date}
