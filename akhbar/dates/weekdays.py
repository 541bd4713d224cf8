"""Days named by a weekday or a deictic, with or without a date: ``الخميس المقبل``,
``أمس الأربعاء``, ``اليوم الجمعة 17 مارس 2017``, ``مساء يوم الاثنين``.

A bare weekday is the most recent such day before the publication date, or the next one
in a future context; ``الماضي``/``المقبل`` force the direction. A deictic glossed with a
weekday (``اليوم الأربعاء``) also corrects a publication date that trails the real one
(:func:`effective_dct`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from akhbar.dates import calendar as cal
from akhbar.dates import lexicon as lx
from akhbar.dates.absolute import _FROM_BEFORE, parse_abs, past_verb_before
from akhbar.dates.common import Cand, Date, Hit, month_number, word_alt, words_before
from akhbar.dates.grammar import Grammar

_DAY = re.compile(r"\d{4}-\d\d-\d\d(?:T|$)")
_TWO_CONTEXT = re.compile(r"(?:ال[^\s]+(?:ين|ان)|كلا|كلتا)\s+$")
_TWO_AFTER = re.compile(r"\s+(?:" + word_alt(lx.TWO_AFTER) + r"|و\s*(?:ال)?(?:"
                        + word_alt(lx.DECADE_STEMS) + r"))")
_SERMON_BEFORE = re.compile(r"(?:" + word_alt(lx.SERMON_WORDS) + r")\s+$")
_PLURAL_DAYS = re.compile(r"(?<![^\W\d_])[وفبل]?(?P<h>ايام)\s+$")
_MARKET_BEFORE = re.compile(r"(?<![^\W\d_])سوق\s+$")
_THIS_BEFORE = re.compile(r"(?:" + word_alt(lx.THIS_WORDS) + r")\s+$")
_NISBA_AFTER = re.compile(r"^\s+(?!(?:" + word_alt(lx.NOUNS_IN_Y) + r")(?![^\W\d_]))"
                          r"ال[^\W\d_]{2,}ي(?![^\W\d_])")
_NOWADAYS_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(lx.NOWADAYS_BEFORE) + r")\s+$")
# «اليوم» in quotes is the newspaper; "nowadays" after أما or a past state with كان
_NEWSPAPER = re.compile(r"«\s*$|\"$")
_DASH_BEFORE = re.compile(r"\s-\s*$")
_THEN_AND_NOW = re.compile(r"(?:(?<![^\W\d_])اما|(?<![^\W\d_])(?:كان|كانت|كانوا)(?![^\W\d_])"
                           r"[^.!?؟\n]*[،,]?\s*و)\s*$")
_BARE_WEEKDAY = re.compile(r"(?:يوم\s+|يومي\s+)?(?:" + word_alt(lx.WEEKDAYS) + r")")
_SET_TO_WEEKDAY = re.compile(r"\s*(?:من\s+)?")
_WEEKDAY_LINK = re.compile(r"\s*(?:الي|حتي|و\s*حتي|و)\s*")
_EXCEPT_BEFORE = re.compile(r"(?<![^\W\d_])(?:" + word_alt(lx.EXCEPT_WORDS) + r")\s+$")
# a range of weekdays right after a schedule: (من الساعة 9 إلى 5 مساء) من السبت إلى الخميس
_POD_OF = re.compile(r"\s+من\s")
_CLOCK_BEFORE = re.compile(r"(?:\d|(?<![^\W\d_])(?:" + word_alt(lx.HOUR_WORDS) + r"))\s+$")
_WEEKDAY_LINK_NEXT = re.compile(r"\s*(?:الي|حتي|و\s*حتي)\s")
_RANGE_AFTER_SCHEDULE = re.compile(r"\s*[،,]?\s*(?:و\s*)?(?:من|ايام)\s+")
# a range of weekdays right before a clock time: (تقدم العروض) من الأربعاء إلى الأحد عند الساعة 8
_TO_CLOCK = re.compile(r"\s*[،,]?\s*(?:(?:عند|في|من|علي|بين)\s+)?")


def effective_dct(g: Grammar, folded_texts: Iterable[str], published: Date | None
                  ) -> Date | None:
    """The publication date, corrected when the text pins it (``اليوم الأربعاء``).

    Crawl dates can trail the real publication by a day or more. When a deictic is
    glossed with a weekday that disagrees with ``published``, the closest earlier date
    (up to three days) that agrees is used instead.
    """
    if published is None:
        return None
    for text in folded_texts:
        if not ("اليوم" in text or "امس" in text or "غد" in text or "البارحه" in text):
            continue
        if not any(w in text for w in lx.WEEKDAYS):
            continue  # g.pin needs a weekday after the deictic
        for m in g.pin.finditer(text):
            offset = lx.DEICTIC_DAYS.get(re.sub(r"\s+", " ", m.group("d")))
            weekday = lx.WEEKDAYS.get(m.group("w"))
            if offset is None or weekday is None:
                continue
            if (published + dt.timedelta(days=offset)).weekday() == weekday:
                return published
            for shift in (-1, -2, -3, 1):
                cand = published + dt.timedelta(days=shift)
                if (cand + dt.timedelta(days=offset)).weekday() == weekday:
                    return cand
    return published


def unify_weekdays(fields: Iterable[list[Cand]], dct: Date | None) -> None:
    """One day per weekday name in an article: a bare weekday (no date, no deictic, no
    direction word) takes the day of a mention of the same weekday pinned by a date or a
    deictic (``أمس الخميس``, ``الخميس 5 يناير``), when those agree and lie within a week
    of the publication date (a weekday in a future context only takes a day not yet
    past, one after a past verb only a day not ahead). A weekday with a direction word (``الخميس المقبل``) names
    another day than a bare one in its field, so it is not changed and pins only the bare
    ones of other fields (the title's ``السبت`` for the body's ``السبت المقبل``).
    """
    if dct is None:
        return
    pinned: dict[int, set[str]] = {}
    ahead: dict[int, dict[int, set[str]]] = {}  # weekday -> field -> days named with المقبل
    bare: dict[int, list[tuple[int, Cand]]] = {}
    for f, chosen in enumerate(fields):
        for c in chosen:
            mark = c.info.get("weekday")
            if not mark:
                continue
            # a clock time's day is still in its info (الساعة العاشرة ليلا من يوم السبت 22
            # جويلية pins Saturday; الساعة العاشرة من صباح يوم الاثنين is a bare Monday)
            value = c.value or (c.info.get("day") if c.type == "TIME" else None)
            if not value or not value[:4].isdigit():
                continue
            if mark[1] == "anchored":
                pinned.setdefault(mark[0], set()).add(value[:10])
            elif mark[1] == "direction" and value[:10] > dct.isoformat():
                ahead.setdefault(mark[0], {}).setdefault(f, set()).add(value[:10])
            elif mark[1] in ("context", "default", "past"):
                bare.setdefault(mark[0], []).append((f, c))
    for weekday, mentions in bare.items():
        for f, c in mentions:
            days = pinned.get(weekday, set()) | {
                d for g, ds in ahead.get(weekday, {}).items() if g != f for d in ds}
            if len(days) != 1:
                continue
            day_ = next(iter(days))
            away = (Date.fromisoformat(day_) - dct).days
            if abs(away) > (14 if c.info["weekday"][1] == "context" and away > 0 else 7):
                continue  # a dated weekday far from the DCT says nothing about a bare one (a
                # future one up to two weeks ahead does: يوم الاثنين 3 كانون الأول ... سيقام يوم الاثنين)
            if c.info["weekday"][1] == "context" and day_ < dct.isoformat():
                continue  # "will ... on Thursday" is not last Thursday
            if c.info["weekday"][1] == "past" and day_ > dct.isoformat():
                continue  # فاز يوم السبت is not the coming Saturday named later
            if c.value:
                c.value = day_ + c.value[10:]
            else:
                c.info["day"] = day_


def midnights(chosen: list[Cand], text: str) -> None:
    """``منتصف ليل الأحد``: the midnight that ends Sunday, 00:00 of Monday (done last, after
    the passes that move a weekday's day)."""
    if "منتصف" not in text:
        return
    for c in chosen:
        if c.info.get("midnight") and c.value and c.value.endswith("TNI"):
            c.value = cal.fmt_day(Date.fromisoformat(c.value[:10]) + dt.timedelta(days=1)) + "T00:00"


def _weekly_range_at_clock(chosen: list[Cand], text: str, i: int) -> bool:
    """``من الأربعاء إلى الأحد عند الساعة الثامنة والنصف مساء``: a range of two bare weekdays
    right before a clock time of no day of its own is a weekly schedule; the clock times (and
    the range they open) get no day either (marked ``weekly``)."""
    if i + 2 >= len(chosen):
        return False
    c, end, clk = chosen[i], chosen[i + 1], chosen[i + 2]
    if not (_FROM_BEFORE.search(text, max(0, c.start - 8), c.start) and _bare_weekday(end, text)
            and _WEEKDAY_LINK.fullmatch(text, c.end, end.start) and clk.info.get("clock") is not None
            and not clk.info.get("day") and _TO_CLOCK.fullmatch(text, end.end, clk.start)):
        return False
    clk.info["weekly"] = True
    return True


_OF_WEEK = re.compile(r"\s+(?:من|في)\s+")
_WEEK_VALUE = re.compile(r"(\d{4})-W(\d\d)$")


def days_of_weeks(chosen: list[Cand], text: str) -> None:
    """``الأربعاء من الأسبوع القادم``: a bare weekday right before a week named with من is
    that weekday of that (ISO) week, one span; so are the weekdays coordinated before it
    (``يومي الثلاثاء والأربعاء من الأسبوع القادم``)."""
    if "اسبوع" not in text:
        return
    k = 1
    while k < len(chosen):
        a, b = chosen[k - 1], chosen[k]
        week = _WEEK_VALUE.match(b.value) if b.value and "-W" in b.value else None
        if week is None or b.type != "DATE" or not _bare_weekday(a, text) or not _OF_WEEK.fullmatch(text, a.end, b.start):
            k += 1
            continue
        year, num = int(week.group(1)), int(week.group(2))
        a.end = b.end
        del chosen[k]
        j = k - 1
        while True:
            c = chosen[j]
            wd = c.info["weekday"][0]
            c.value = cal.fmt_day(Date.fromisocalendar(year, num, wd + 1)) + (c.value or "")[10:]
            c.info["weekday"] = (wd, "direction")
            p = chosen[j - 1] if j else None
            if not (p is not None and p.type == "DATE" and "weekday" in p.info
                    and _WEEKDAY_LINK.fullmatch(text, p.end, c.start)):
                break
            j -= 1


def _bare_weekday(c: Cand, text: str) -> bool:
    return ("weekday" in c.info and c.type == "DATE"
            and _BARE_WEEKDAY.fullmatch(text, c.start, c.end) is not None)


def weekly_days(chosen: list[Cand], text: str, after_clocks: bool) -> None:
    """Weekdays of a weekly schedule are a SET (``P1W``): right after a recurrence
    (``خمسة أيام أسبوعيا من الأحد إلى الخميس``) or, once clock times are resolved, left out
    of a schedule (``من الثامنة صباحا حتى الثالثة، عدا يومي الجمعة والسبت``); the weekdays
    coordinated with the first one follow it."""
    i = 0
    while i < len(chosen):
        c = chosen[i]
        prev = chosen[i - 1] if i else None
        if (prev is None and after_clocks) or not _bare_weekday(c, text):
            i += 1
            continue
        days = (_PLURAL_DAYS.search(text, max(0, c.start - 6), c.start)
                if not after_clocks and "ايام" in text[max(0, c.start - 6):c.start] else None)
        if days is not None:  # أيام الخميس والجمعة: every such day, أيام in the span
            c.start = days.start("h")
            ok = True
        elif prev is None:  # (never after clocks: skipped above) only the range below
            ok = False
        elif after_clocks:
            ok = ((prev.type == "SET" or (prev.value or "").startswith("XXXX"))
                  and c.start - prev.end <= 20
                  and (_EXCEPT_BEFORE.search(text, prev.end, c.start) is not None
                       or (_RANGE_AFTER_SCHEDULE.fullmatch(text, prev.end, c.start) is not None
                           and i + 1 < len(chosen) and _bare_weekday(chosen[i + 1], text)
                           and _WEEKDAY_LINK.fullmatch(text, c.end, chosen[i + 1].start)
                           is not None and "و" not in text[c.end:chosen[i + 1].start].split())))
        else:
            ok = prev.type == "SET" and (
                _SET_TO_WEEKDAY.fullmatch(text, prev.end, c.start) is not None
                or (prev.value == "P1W" and _WEEKDAY_LINK.fullmatch(text, prev.end, c.start)
                    is not None))  # كل خميس والجمعة
        if not ok and not after_clocks:
            ok = _weekly_range_at_clock(chosen, text, i)
        if not ok:
            i += 1
            continue
        j = i
        while True:
            chosen[j].type, chosen[j].value = "SET", "P1W"
            if not (j + 1 < len(chosen) and _bare_weekday(chosen[j + 1], text)
                    and _WEEKDAY_LINK.fullmatch(text, chosen[j].end, chosen[j + 1].start)):
                break
            j += 1
        i = j + 1


_UNTIL_BETWEEN = re.compile(r"[^.!?؟\n]{0,30}?(?:الي\s+غايه|حتي|الي)\s+(?:[^\W\d_]+\s+)?")


def follow_future_days(chosen: list[Cand], text: str, dct: Date | None) -> None:
    """A bare weekday said after a day of the next three (``غدا``, ``بعد غد``) in the same
    sentence lies ahead too (``يصلى عليه غد الثلاثاء، وتقبل التعازي يومي الأربعاء
    والخميس``; a programme ``غدا ... الجمعة ... السبت``): the next such weekday."""
    if dct is None:
        return
    moved: set[int] = set()  # a weekday moved here carries the chain on (السبت ... الأحد)
    for i, c in enumerate(chosen):
        mark = c.info.get("weekday")
        if not mark or mark[1] != "default":
            continue
        sentence = c.start - len(words_before(text, c.start, 200))
        for p in reversed(chosen[:i]):
            if p.end < sentence:
                break
            if p.value and _DAY.match(p.value):
                ahead = (Date.fromisoformat(p.value[:10]) - dct).days
                new = None
                if id(p) in moved or 1 <= ahead <= 3:
                    new = cal.weekday_after(dct, mark[0], include_anchor=False)
                elif 4 <= ahead <= 30 and (p.info.get("ymd") or p.info.get("weekday")):
                    # يوم الجمعة 14 يونيو ... ثم يصعدون إلى عرفات فجر السبت: after that day
                    # (or after a weekday already placed there: صباح يوم الاثنين ... مساء الثلاثاء)
                    new = cal.weekday_after(Date.fromisoformat(p.value[:10]), mark[0],
                                            include_anchor=False)
                elif ahead == 0 and _UNTIL_BETWEEN.fullmatch(text, p.end, c.start):
                    new = cal.weekday_after(dct, mark[0], include_anchor=False)  # من اليوم إلى غاية السبت
                if new is not None:
                    c.value = cal.fmt_day(new) + c.value[10:]
                    c.info["weekday"] = (mark[0], "context")
                    moved.add(id(c))
                break


def _open_quote(before: str) -> int | None:
    """Where in ``before`` the quote still open at its end begins (None: not in a quote)."""
    opened = max(before.rfind("«"), before.rfind("“"))
    if opened > max(before.rfind("»"), before.rfind("”")):
        return opened
    if before.count('"') % 2 == 1:
        return before.rfind('"')
    return None


def quoted_today(chosen: list[Cand], text: str, dct: Date | None) -> None:
    """``اليوم`` inside a quote said on an earlier day (``في بيان صدر أمس، وقال إن
    "... تخسر اليوم ..."``) is the day the words were said, not the publication date."""
    if dct is None or "اليوم" not in text:
        return
    today = cal.fmt_day(dct)
    for i, c in enumerate(chosen):
        if c.value != today or text[c.start:c.end] != "اليوم":
            continue
        before = words_before(text, c.start, 200)
        opened = _open_quote(before)
        if opened is None:
            continue
        quote_at = c.start - len(before) + opened
        for p in reversed(chosen[:i]):
            if p.end > quote_at:
                continue
            if p.end < c.start - len(before):
                break
            if p.value and _DAY.match(p.value) and p.value[:10] < today:
                c.value = p.value[:10]
            break


# "yesterday" as "in the past": a habit with كان, a contrast with اليوم, a noun before it
_FIGURATIVE_YESTERDAY = re.compile(r"(?<![^\W\d_])(?:[وف]?(?:كان|كانت|كانوا|يكن|تكن|يكونوا)"
                                   r"|و\s*(?:ال)?يوم)(?![^\W\d_])")
_NOUN_BEFORE = re.compile(r"(?<![^\W\d_])(?!(?:منذ|حتي|الي|من|في|قبل|بعد|مساء|صباح|يوم)\s)"
                          r"[^\W\d_]{3,}\s+$")


def resolve_weekday(h: Hit, weekday: int, direction: str | None) -> Date:
    """The date of a weekday named without a date."""
    dct = h.dct
    assert dct is not None
    if direction == "past":
        return cal.weekday_before(dct, weekday, include_anchor=False)
    if direction == "future":
        return cal.weekday_after(dct, weekday, include_anchor=False)
    if h.future_ctx():
        return cal.weekday_after(dct, weekday)
    return cal.weekday_before(dct, weekday)


# --- handlers ----------------------------------------------------------------------------
def day(h: Hit) -> Cand | None:
    """A day: [part of day] [يوم] (deictic [weekday] | weekday [direction]) [date] | date."""
    text, s, e = h.text, h.s, h.e
    span = h.span
    g = h.g
    pod = g.search_span(g.pod, span)
    deic = g.search_span(g.deic, span)
    wdm = g.search_span(g.wd, span)
    weekday = None
    if wdm:
        name = wdm.group(0)
        weekday = lx.WEEKDAYS.get(name, lx.WEEKDAYS_BARE.get(name))
    direction = h.direction(span[wdm.end():] if wdm else span)
    if direction is None and wdm is not None:
        plural = h.g.plural_dir.match(text, e)
        if plural:
            direction = lx.PLURAL_DIRECTION[plural.group("d")]
    abs_ = parse_abs(h.g, span, text, h.dct, s, weekday, direction)
    only_wd = wdm is not None and deic is None and abs_ is None
    if only_wd and wdm.group(0) in ("الاثنين", "الاتنين"):
        if _TWO_CONTEXT.search(h.before(30)) or _TWO_AFTER.match(text, e):
            return None
    if (only_wd and wdm.group(0) == "الجمعه" and direction is None
            and _SERMON_BEFORE.search(h.before(8))
            and not (span.startswith("يوم") and h.before(6).rstrip().endswith("صلاه"))):
        return None  # خطبة الجمعة، صلاة الجمعة: the sermon, the prayer (صلاة يوم الجمعة: a day)
    if only_wd and direction is None and "سوق" in text[max(0, s - 8):s] and _MARKET_BEFORE.search(
            h.before(8)):
        return None  # سوق الجمعة: a market's name
    if deic and abs_ is None and wdm is None and deic.group(0) == "اليوم" and (
            _NISBA_AFTER.match(text[e:e + 30]) or _THIS_BEFORE.search(h.before(6))):
        return None  # اليوم العالمي / هذا اليوم: not today
    if pod is None and deic is None and wdm is None and abs_ is None:
        return None
    if (deic is not None and pod is None and wdm is None and abs_ is None
            and deic.group(0) == "اليوم" and span == "اليوم"):
        if (_NEWSPAPER.search(h.before(4)) and text[e:e + 1] in ("»", '"')) or (_DASH_BEFORE.search(h.before(4))
                                               and text[e:e + 2].lstrip()[:1] == ":"):
            return None  # لـ«اليوم»، الدمام - اليوم: the newspaper
        if _NOWADAYS_BEFORE.search(h.before(12)) or _THEN_AND_NOW.search(words_before(text, s, 150)):
            return h.cand("DATE", "PRESENT_REF")  # تعد اليوم؛ كانت ... واليوم، أما اليوم: "nowadays"
    if pod is not None and deic is None and wdm is None and abs_ is None:
        return None
    if (pod is not None and _POD_OF.match(span, pod.end()) and _CLOCK_BEFORE.search(h.before(20))
            and _WEEKDAY_LINK_NEXT.match(text, e)):
        return None  # الساعة 5 مساء من السبت إلى الخميس: the part of the day is the clock's
    value: str | None = None
    calendar = "gregorian"
    info: dict = {}
    if abs_ is not None:
        value, calendar, ymd, _ = abs_
        if ymd:
            info["ymd"] = ymd
    elif deic is not None:
        if h.dct is not None:
            offset = lx.DEICTIC_DAYS[re.sub(r"\s+", " ", deic.group(0))]
            date = h.dct + dt.timedelta(days=offset)
            if weekday is not None and date.weekday() != weekday:
                date = cal.nearest_weekday(date, weekday)
            value = cal.fmt_day(date)
    elif weekday is not None:
        if h.dct is not None:
            value = cal.fmt_day(resolve_weekday(h, weekday, direction))
            info["weekday"] = (weekday, "direction" if direction in ("past", "future") else
                               "context" if h.future_ctx() else
                               "past" if past_verb_before(text, s) else "default")
    else:
        return None
    if weekday is not None and "weekday" not in info and value and value[:4].isdigit():
        info["weekday"] = (weekday, "anchored")  # أمس الخميس، الخميس 5 يناير
    mod = None
    typ = "DATE"
    if pod is not None:
        typ = "TIME"
        code = lx.PARTS_OF_DAY.get(re.sub(r"\s+", " ", pod.group("pod")))
        pre = pod.group("pre") or ""
        if pre == "بعيد" and code == "MI":
            code = "AF"  # shortly after noon
        if pre == "بعيد" or "مبكر" in pre:  # في وقت مبكر من صباح الأحد
            mod = "START"
        elif pre.startswith(("وقت", "ساعه")) or pre == "قبيل":
            mod = "END"
        if code == "NI" and pod.group("pod").startswith("منتصف"):
            info["midnight"] = True  # made 00:00 of the next day once the day is final
        value = f"{value}T{code}" if value and len(value) == 10 else value
    elif span.startswith(("وقت", "ساعه")):
        mod = "START" if "مبكر" in span.split(None, 2)[1] else "END"
    if (deic is not None and deic.group(0) == "الامس" and span == "الامس"
            and (_FIGURATIVE_YESTERDAY.search(h.before(20) + " | " + text[e:e + 30])
                 or _NOUN_BEFORE.search(h.before(20)))):
        return None  # بالأمس كانوا ... واليوم، أعداء الأمس واليوم: "in the past"
    return h.cand(typ, value, mod=mod, calendar=calendar, info=info)


_NTH = {"الاولي": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5, "الاخيره": -1}


def nth_weekday(h: Hit) -> Cand | None:
    """``الجمعة الثانية من رمضان``: the nth (or last) such weekday of the month named, a
    Hijri month in the DCT's Hijri year when no year is given (Gregorian: the DCT's year)."""
    span = h.span
    wdm = h.g.wd.search(span)
    nth = next((v for k, v in _NTH.items() if f" {k} " in f" {span} "), None)
    if wdm is None or nth is None:
        return None
    weekday = lx.WEEKDAYS.get(wdm.group(0), lx.WEEKDAYS_BARE.get(wdm.group(0)))
    tail = span[span.index(" من ") + 4:]
    hm, gm = h.g.hm.search(tail), h.g.gm.search(tail)
    ym = h.g.year.search(tail)
    if hm is not None and (gm is None or hm.start() < gm.start()):
        month = month_number(hm.group(0), lx.HIJRI_MONTHS)
        today = cal.gregorian_to_hijri(h.dct) if h.dct else None
        year = int(ym.group(0)[:4]) if ym else (today[0] if today else None)
        if month is None or year is None:
            return h.cand("DATE", None, calendar="hijri")
        first = cal.hijri_to_gregorian(year, month, 1)
        length = cal.hijri_month_length(year, month)
        calendar = "hijri"
    elif gm is not None:
        month = month_number(gm.group(0), lx.GREGORIAN_MONTHS)
        year = int(ym.group(0)[:4]) if ym else (h.dct.year if h.dct else None)
        if month is None or year is None:
            return h.cand("DATE", None)
        first = dt.date(year, month, 1)
        length = (cal.safe_date(*cal.add_months(year, month, 1), 1) - first).days
        calendar = "gregorian"
    else:
        return None
    if first is None or length is None or weekday is None:
        return h.cand("DATE", None, calendar=calendar)
    if nth > 0:
        d = cal.weekday_after(first, weekday) + dt.timedelta(weeks=nth - 1)
    else:
        d = cal.weekday_before(first + dt.timedelta(days=length - 1), weekday)
    if (d - first).days >= length:
        return h.cand("DATE", None, calendar=calendar)
    return h.cand("DATE", cal.fmt_day(d), calendar=calendar)


HANDLERS = {"day": day, "day_night": day, "nth_weekday": nth_weekday}
