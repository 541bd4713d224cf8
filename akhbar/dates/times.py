"""Times: clock times (``الساعة 21:00``, ``الساعة العاشرة من صباح اليوم``, ``07:46 ت م``),
prayer times, parts of the day on their own (``هذا المساء``, ``الليلة الماضية``) and the
match clock (``الدقيقة 36``). A clock time takes the day named with it, else the nearest
earlier full date, else the publication date (:func:`anchor_clocks`)."""

from __future__ import annotations

import datetime as dt
import re

from akhbar.dates import calendar as cal
from akhbar.dates import lexicon as lx
from akhbar.dates.common import (
    DAY_VALUE,
    Cand,
    Hit,
    is_future_ctx,
    parse_number,
    word_alt,
    words_after,
    words_before,
)
from akhbar.dates.fold import fold_word
from akhbar.dates.weekdays import day

_TIME_HM = re.compile(r"(\d{1,2})(?:[:.,](\d{2}))?")
_CLOCK_POD = re.compile(r"\s(?:من\s+)?((?:قبل\s+ظهر|" + word_alt(w for w in lx.PARTS_OF_DAY if " " not in w)
                        + r")\s+\S)")
_CLOCK_SUFFIX = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted((k.replace(" ", r"\s+") for k in lx.CLOCK_SUFFIX),
                                         key=len, reverse=True)) + r")(?![^\W\d_])")
_OF_DAY = re.compile(r"\sمن\s+(يوم\s+\S|اليوم\s+(?:التالي|الموالي|نفسه|ذاته))")  # الساعة العاشرة ليلا من يوم السبت 22 جويلية
_ZONE = re.compile(r"ت\s*\.?\s*[مغ](?![^\W\d_])|توقيت")
_HOUR_WORD = re.compile(r"ساعه\s+(\S+(?:\s+عشره)?)")
_FIRST_HOUR_WORD = re.compile(r"(\S+(?:\s+عشره)?)")
# what comes right before an hour said without الساعة (في التاسعة صباحا، والتاسعة، من 10 مساء)
_HOUR_AFTER = re.compile(r"(?:(?<![^\W\d_])[وف]?(?:في|عند|حتي|الي|من|بين|منذ|بعد|قبل|نحو|حوالي"
                         r"|قرابه|لغايه|غايه|تمام|ب|و)\s+|(?<![^\W\d_])[وفبل])$")
# between two clock times of one range or list: "العاشرة صباحا حتى التاسعة مساء"
_CLOCK_LINK = re.compile(r"\s*(?:و\s*حتي|حتي|الي|لغايه|و|-|–)\s*$")
# between clock times and the day they are on: "... التاسعة صباحا من يوم أمس الأحد"
_DAY_OF_CLOCK = re.compile(r"\s*(?:(?:من|في)\s*)?")
_LABEL = re.compile(r"\s*:")
# a weekday that opens a range of weekdays (السبت إلى الخميس) is no clock's day
_WEEKDAY_RANGE_ON = re.compile(r"\s+(?:الي|حتي|و\s*حتي)\s+(?:يوم\s+)?(?:" + word_alt(lx.WEEKDAYS) + r")(?![^\W\d_])")
_ORDINAL_HOUR = re.compile(r"ساعه\s+ال(?!\s*\d)")
_HHMM = re.compile(r"(?<!\d)([01]\d|2[0-3])([0-5]\d)(?!\d)")  # الساعة 0915 بتوقيت جرينتش
_QUARTER_TO = re.compile(r"الا\s+(?:ال)?ربع")
_THIRD_TO = re.compile(r"الا\s+(?:ال)?ثلث")
_MINUTES = re.compile(r"و\s*(\d{1,2}|[^\d]+?)\s+(?:دقيقه|دقائق)")
_THAT_BEFORE = re.compile(r"(?:" + word_alt(lx.THAT_WORDS) + r")\s+$")
# (a timetable, جدول, is one too; not an agenda, جدول الأعمال)
# (whole words: اليومين المقبلين is no اليومي)
_DAILY_CTX = re.compile(r"(?<![^\W\d_])[وفبل]?(?:" + word_alt(lx.DAILY_WORDS + lx.SCHEDULE_WORDS)
                        + r")(?![^\W\d_])|(?<![^\W\d_])(?:ال)?جدول(?!\s+(?:ال)?اعمال)(?![^\W\d_])")
_PER_HOUR = re.compile(r"\d[\d.,]*\s+(?:[^\W\d_]+\s+){1,2}في\s+$")
_POD_HOURS = re.compile(r"ساعات\s+(?:ال)?(\S+)")
_SECOND_MINUTE = re.compile(r"\s*و\s*(\d{1,3})(?![\d.,])")
_RELEASE_TIME = re.compile(r"\d\s*ت\s*\.?\s*م$")
_COORDINATED = re.compile(r"\s*(?:و|،|,)\s*")
_STARTING_FROM_BEFORE = re.compile(r"(?:" + word_alt(lx.STARTING_FROM) + r")\s+$")
_STARTING_FROM = re.compile(r"\s*[،,]?\s*(?:و\s*)?(?:" + word_alt(lx.STARTING_FROM) + r")\s")
# after a clock range, days of the week or a period it holds on: من السبت إلى الخميس، طوال
# شهر رمضان، خلال أيام المعرض (opening hours, a daily schedule)
_OVER_DAYS = re.compile(
    r"\s*[،,]?\s*(?:و\s*)?(?:(?:من|ايام)\s+(?:يوم\s+)?(?:" + word_alt(lx.WEEKDAYS)
    + r")\s+(?:الي|حتي|و\s*حتي)\s+(?:يوم\s+)?(?:" + word_alt(lx.WEEKDAYS)
    + r")|(?:طوال|طيله|خلال|علي\s+مدار|علي\s+مدي)\s+(?:ايام|شهر|الشهر|اشهر|فتره|الفتره|موسم|الموسم"
    r"|فصل|عطله|اجازه|الاسبوع|ايام|الايام)(?![^\W\d_]))")
_CLAUSE_END = re.compile(r"[،,.؛;:]")
_PAST_NEAR = re.compile(r"(?<![^\W\d_])[وف]?(?:" + word_alt(lx.PUNCTUAL_PAST_VERBS + lx.NEWS_PAST_VERBS)
                        + r")(?![^\W\d_])")
# a habit said earlier in the sentence: كانت الناس تطلع (كان + an imperfect verb), عادة
_HABIT = re.compile(r"(?<![^\W\d_])(?:(?:كان|كانت|كانوا|كنا|كنت)\s+(?:ال[^\W\d_]+\s+)?[يت][^\W\d_]{2,}"
                    r"|عاده|غالبا|اعتاد[^\W\d_]*|يعتاد[^\W\d_]*)(?![^\W\d_])")


def twelve_hour(hour: int, kind: str | None) -> int:
    """The 24-hour hour of a 12-hour ``hour`` said to be am, pm, around noon or at night
    (12 at night and 12 in the morning are 0; 1-5 around noon are afternoon hours)."""
    if hour > 12 or kind is None:
        return hour
    if kind == "am" or (kind == "night" and hour == 12):
        return 0 if hour == 12 else hour
    if kind == "pm" or (kind == "night" and hour >= 6) or (kind == "noon" and hour < 6):
        return hour + 12 if hour < 12 else hour
    return hour


_SAME_OR_NEXT_DAY = re.compile(r"اليوم\s+(?:نفسه|ذاته|التالي)")


def clock(h: Hit) -> Cand | None:
    span = h.span
    if ("ساعه" not in span and ":" not in span and not _ZONE.search(span)
            and not _HOUR_AFTER.search(h.before(12))):
        return None  # القناة الإيرانية الثانية مساء أمس: an ordinal adjective, not an hour
    if span == "الساعه الواحده" and _PER_HOUR.search(h.before(40)):
        return None  # 4 ملايين مكالمة في الساعة الواحدة: a rate, per hour
    # the hour is read before the day that may follow it (العاشرة من صباح يوم السبت 2 يناير
    # 2016: not 20:16), and hhmm only as the first number (الساعة 0915 بتوقيت جرينتش)
    pod = _CLOCK_POD.search(span) or _OF_DAY.search(span)
    head = span[:pod.start()] if pod else span
    first = _TIME_HM.search(head)
    hm = (first and _HHMM.match(head, first.start())) or first
    minute = 0
    if span.startswith("منتصف"):  # منتصف النهار / منتصف الليل
        info = {"clock": "12:00" if "النهار" in span else "00:00", "said": (12, 0),
                "kind": "noon" if "النهار" in span else "night"}
        return h.cand("TIME", None, info=info)
    if hm and (":" in span or not _ORDINAL_HOUR.search(span)):
        hour = int(hm.group(1))
        minute = int(hm.group(2)) if hm.group(2) else 0
        mm = None if hm.group(2) else _MINUTES.search(span, hm.end())
        if mm:  # الساعة 15 و40 دقيقة
            minute = parse_number(mm.group(1)) or 0
    else:
        w = _HOUR_WORD.search(span) or _FIRST_HOUR_WORD.match(span)
        if not w:
            return None
        word = re.sub(r"\s+", " ", w.group(1))
        hour = lx.HOUR_WORDS.get(word) or lx.ORDINALS.get(word.split()[0])
        if hour is None:
            return None
        if "عشره" in word and hour < 10:
            hour += 10
        if "النصف" in span or re.search(r"و\s*نصف", span):
            minute = 30
        elif "الربع" in span and "الا" not in span:
            minute = 15
        elif _QUARTER_TO.search(span):
            hour, minute = hour - 1, 45
        elif _THIRD_TO.search(span):
            hour, minute = hour - 1, 40
        elif "الثلث" in span:
            minute = 20
        else:
            mm = _MINUTES.search(span)
            minute = (parse_number(mm.group(1)) or 0) if mm else 0
    if hour > 24 or minute > 59:
        return None
    suffix = _CLOCK_SUFFIX.search(span)
    kind = None
    if suffix and not (len(suffix.group(1)) == 1 and _ZONE.search(span)):
        kind = lx.CLOCK_SUFFIX.get(re.sub(r"\s+", " ", suffix.group(1)))
    elif pod and pod.re is _CLOCK_POD:  # الساعة 12:46 صباح أمس: the part of the day says am or pm
        name = " ".join(pod.group(1).split()[:-1])
        # (الحادية عشرة من قبل ظهر يوم الاثنين: a morning hour; قبل is no trigger word)
        kind = lx.POD_CLOCK.get("MO" if name.startswith("قبل") else lx.PARTS_OF_DAY.get(name, ""))
    info = {"clock": f"{twelve_hour(hour, kind) % 24:02d}:{minute:02d}", "said": (hour, minute),
            "kind": kind}
    if pod and _SAME_OR_NEXT_DAY.search(span, pod.start(1)):
        # الساعة الرابعة عصر اليوم نفسه / صباح اليوم التالي: the day of the antecedent
        info.update(anaphor="day", step=0 if "التالي" not in span else 1, clock_day=True)
    elif pod:  # الساعة العاشرة من صباح اليوم الخميس: the day comes from the tail
        found = day(h.at(h.s + pod.start(1), h.e))
        if found is not None and found.value and found.value[:4].isdigit():
            info["day"] = found.value[:10]
            if "weekday" in found.info:  # a bare weekday: moved like one (غد الجمعة ... صباح السبت)
                info["weekday"] = found.info["weekday"]
            if found.calendar == "hijri":
                return h.cand("TIME", None, calendar="hijri", info=info)
    return h.cand("TIME", None, info=info)


def prayer(h: Hit) -> Cand | None:
    """``صلاة العصر`` (a generic time of day), ``صلاة الظهر اليوم`` (that day's noon);
    ``صلاة الجمعة`` only with a direction or deictic (``صلاة الجمعة الماضية``)."""
    words = h.span.split()
    if len(words) > 2 and words[1] == "الجمعه":  # صلاة الجمعة الماضية: that Friday's noon
        found = day(h.at(h.s + len(words[0]) + 1, h.e))
        if found is not None and found.value and found.value[:4].isdigit():
            return h.cand("TIME", f"{found.value[:10]}TMI")
        return h.cand("TIME", None)
    code = lx.PRAYER_TIMES.get(words[1]) if len(words) > 1 else None
    if code is None:
        return None
    if len(words) > 2:
        found = day(h.at(h.s + len(" ".join(words[:2])) + 1, h.e))
        if found is not None and found.value and found.value[:4].isdigit():
            return h.cand("TIME", f"{found.value[:10]}T{code}")
        return h.cand("TIME", None)
    return h.cand("TIME", f"XXXX-XX-XXT{code}")


def prayer_bare(h: Hit) -> Cand | None:
    """``حتى الظهر``, ``عند العصر``: a prayer time said alone is a part of the day placed like
    a clock time (the day named near it, else the DCT; no day in a daily schedule)."""
    code = lx.PRAYER_TIMES.get(h.span)
    if code is None:
        return None
    return h.cand("TIME", None, info={"clock": code, "kind": lx.POD_CLOCK[code]})


def pod_alone(h: Hit) -> Cand | None:
    """``هذا المساء``, ``الليلة الماضية``: a part of the publication day (or one next to it)."""
    span = h.span
    if _THAT_BEFORE.search(h.before(6)):
        return None  # تلك الليلة: anaphoric
    if h.dct is not None and span.startswith("الليله") and " " in span:
        step = -2 if "قبل" in span else -1 if h.direction() == "past" else 1
        return h.cand("TIME", f"{cal.fmt_day(h.dct + dt.timedelta(days=step))}TNI")
    code = ("MO" if "صباح" in span else "EV" if "مساء" in span else "AF"
            if ("الظهر" in span or "الزوال" in span) else "NI")
    return h.cand("TIME", f"{cal.fmt_day(h.dct)}T{code}" if h.dct else None)


def match_clock(h: Hit) -> Cand:
    """``الدقيقة 36``: a minute of a match, no calendar value."""
    return h.cand("TIME", None)


def pod_hours(h: Hit) -> Cand | None:
    """``منذ ساعات الفجر الأولى`` (the DCT's dawn), ``منذ ساعات الليل`` (last night)."""
    if h.dct is None:
        return h.cand("TIME", None)
    m = _POD_HOURS.search(h.span)
    code = lx.PARTS_OF_DAY.get(m.group(1)) if m else None
    if code is None:
        return None
    day_ = h.dct - dt.timedelta(days=1) if code == "NI" else h.dct
    return h.cand("TIME", f"{cal.fmt_day(day_)}T{code}")


def match_clock_pairs(chosen: list[Cand], text: str) -> list[Cand]:
    """``الدقيقتين 23 و36``: the second minute of a dual match clock is one too."""
    extra = []
    for c in chosen:
        if c.kind != "match_clock" or "دقيقتين" not in text[c.start:c.end]:
            continue
        m = _SECOND_MINUTE.match(text, c.end)
        if m and not any(o.start < m.end(1) and m.start(1) < o.end for o in chosen):
            extra.append(Cand(m.start(1), m.end(1), "TIME", None, kind="match_clock"))
    return extra


HANDLERS = {"clock": clock, "clock_words": clock, "clock_noon": clock, "prayer": prayer,
            "prayer_bare": prayer_bare,
            "pod_alone": pod_alone,
            "match_clock": match_clock, "pod_hours": pod_hours}


# --- post pass ---------------------------------------------------------------------------
_RANGE_START = re.compile(
    r"(?<![^\W\d_])(?:بين|من)\s+(?:(?:ال)?ساعه\s+)?(?P<h>(?<![\d:.])\d{1,2}(?![\d:.])|ال\S+(?:\s+عشره)?)"
    r"\s*(?:و\s*حتي|حتي|الي|لغايه|و|-|–)\s*$")


def clock_ranges(chosen: list[Cand], text: str) -> list[Cand]:
    """``بين السابعة والتاسعة صباحا``, ``من 7 إلى 9 مساء``: the bare hour that opens a range
    of clock times is one too, with the part of the day of the end."""
    extra = []
    for c in chosen:
        if "said" not in c.info:
            continue
        before = text[max(0, c.start - 30):c.start]
        m = _RANGE_START.search(before)
        if not m:
            continue
        word = re.sub(r"\s+", " ", m.group("h"))
        hour = int(word) if word.isdigit() else (lx.HOUR_WORDS.get(word)
                                                 or lx.ORDINALS.get(word.split()[0]))
        if hour is None or hour > 12:
            continue
        if not word.isdigit() and "عشره" in word and hour < 10:
            hour += 10
        base = c.start - len(before)
        s = base + m.start("h")
        e = base + m.end("h")
        if any(not (e <= o.start or s >= o.end) for o in chosen):
            continue
        kind = c.info.get("kind")
        info = {"clock": f"{twelve_hour(hour, kind) % 24:02d}:00", "said": (hour, 0), "kind": kind}
        extra.append(Cand(s, e, "TIME", None, calendar=c.calendar, kind="clock", info=info))
    return extra


def _linked(chosen: list[Cand], text: str, i: int) -> bool:
    """``chosen[i]`` and ``chosen[i + 1]`` are clock times of one range or list."""
    a, b = chosen[i], chosen[i + 1]
    return ("clock" in a.info and "clock" in b.info
            and bool(_CLOCK_LINK.fullmatch(text, a.end, b.start)))


# the end of a range of clock times, a verb of lasting allowed before حتى (وتستمر حتى)
_UNTIL_LINK = re.compile(r"\s*(?:و\s*(?:[^\W\d_]+\s+)?)?(?:حتي|الي|لغايه)\s*")


def _range_end(chosen: list[Cand], text: str, i: int) -> int:
    """The index of the last clock time of the range or list that ``chosen[i]`` starts."""
    j = i
    while j + 1 < len(chosen) and _linked(chosen, text, j):
        j += 1
    return j


_AFTERNOON = re.compile(r"الظهر|ظهرا|الزوال|زوالا|عصرا")


def _sibling_kinds(chosen: list[Cand], text: str) -> None:
    """Clock times without a part of the day in a sentence that gives one to another clock
    time (``يلعب الأول عند الساعة السابعة مساء، والثاني عند الساعة الخامسة والنصف``) are in
    the same half of the day when that puts them closest to it (17:30, not 05:30)."""
    said = [c for c in chosen if "clock" in c.info and c.info.get("said")]
    for c in said:
        if c.info.get("kind") is not None or not 1 <= c.info["said"][0] <= 11:
            continue
        sentence = c.start - len(words_before(text, c.start, 200))
        end = c.end + len(words_after(text, c.end, 200))
        near = [o for o in said if o is not c and o.info.get("kind") in ("pm", "night")
                and sentence <= o.start < end]
        if not near:
            continue
        hour, minute = c.info["said"]
        ref = int(near[0].info["clock"][:2]) * 60 + int(near[0].info["clock"][3:])
        if abs((hour + 12) * 60 + minute - ref) < abs(hour * 60 + minute - ref):
            c.info["kind"] = "pm"
            c.info["clock"] = f"{hour + 12:02d}:{minute:02d}"


def share_clock_parts(chosen: list[Cand], text: str) -> None:
    """Clock times of one range share what is said once: the part of the day (``بين الساعة
    العاشرة والساعة الحادية عشرة ليلا`` are both at night) and the day that follows them
    (``من الساعة الثالثة فجرا وحتى التاسعة صباحا من يوم أمس``)."""
    for i in range(len(chosen) - 2, -1, -1):  # backwards: a kind passes along a chain
        a, b = chosen[i], chosen[i + 1]
        if _linked(chosen, text, i) and a.info.get("kind") is None and b.info.get("kind"):
            hour, minute = a.info["said"]
            kind = b.info["kind"]
            if (kind == "pm" and 1 <= b.info["said"][0] <= 6 and 7 <= hour <= 11
                    and _AFTERNOON.search(text, b.start, b.end)):
                kind = "am"  # من الحادية عشرة والنصف حتى الثالثة بعد الظهر: across noon
            a.info["kind"] = kind
            a.info["clock"] = f"{twelve_hour(hour, kind) % 24:02d}:{minute:02d}"
    for i in range(len(chosen) - 1):  # من الثامنة صباحا حتى الثانية: the end is after noon
        a, b = chosen[i], chosen[i + 1]
        if (_linked(chosen, text, i) and a.info.get("kind") == "am" and b.info.get("kind") is None
                and b.info.get("said") and 1 <= b.info["said"][0] < a.info["said"][0]):
            hour, minute = b.info["said"]
            b.info["kind"] = "pm"
            b.info["clock"] = f"{hour + 12:02d}:{minute:02d}"
    _sibling_kinds(chosen, text)
    i = 0
    while i < len(chosen):
        if "clock" not in chosen[i].info:
            i += 1
            continue
        j = _range_end(chosen, text, i)
        nxt = chosen[j + 1] if j + 1 < len(chosen) else None
        if (nxt is not None and nxt.type == "DATE" and nxt.value
                and DAY_VALUE.match(nxt.value[:10]) and not chosen[j].info.get("day")
                and _DAY_OF_CLOCK.fullmatch(text, chosen[j].end, nxt.start)
                and not _LABEL.match(text, nxt.end)  # الجمعة: the next item of a timetable
                and not _WEEKDAY_RANGE_ON.match(text, nxt.end)):
            for c in chosen[i:j + 1]:
                c.info.setdefault("day", nxt.value[:10])
        elif chosen[j].info.get("day"):  # ... إلى الساعة 5 مساء من يوم السبت: the whole range
            for c in chosen[i:j]:
                c.info.setdefault("day", chosen[j].info["day"])
        i = j + 1


def _said_of_a_period(chosen: list[Cand], text: str, i: int) -> bool:
    """The range of clock times that starts at ``chosen[i]`` follows, in its sentence, a
    period rather than one day: ``خلال شهر رمضان من الساعة 10 صباحا حتى 1 ظهرا``, ``خلال
    الأيام الخمسة المقبلة ... بين الساعة 11 و4``, ``يومي الأربعاء والخميس من العاشرة حتى
    السادسة``: opening hours, a schedule (TIMEX3 ``XXXX-XX-XXThh:mm``)."""
    start = chosen[i].start
    if i == 0 or not (i + 1 < len(chosen) and _linked(chosen, text, i)):
        return False
    sentence = start - len(words_before(text, start, 150))
    k = i - 1
    while k >= 0 and chosen[k].type == "DURATION" and (chosen[k].value or "").startswith("PT"):
        k -= 1  # يوم الأحد لمدة ثلاث ساعات، من العاشرة...: hours say nothing of the day
    if k < 0 or chosen[k].end < sentence:
        return False  # nothing earlier in the sentence
    prev = chosen[k]
    if prev.type in ("DURATION", "SET"):
        return True
    if prev.type == "DATE" and prev.value and not DAY_VALUE.match(prev.value[:10]):
        return prev.value[:4].isdigit()  # a month, a year, a week: not PRESENT_REF...
    return (k >= 1 and prev.type == "DATE" and chosen[k - 1].type == "DATE"
            and bool(prev.value) and DAY_VALUE.match(prev.value) is not None
            and bool(_COORDINATED.fullmatch(text, chosen[k - 1].end, prev.start)))


_UNTIL_DATE = re.compile(r"\s*[،,]?\s*(?:و\s*)?(?:حتي|لغايه|الي\s+غايه)\s+")


def _recurs_from(chosen: list[Cand], text: str, i: int) -> bool:
    """The range of clock times that starts at ``chosen[i]`` is followed by "starting from"
    (``من الساعة 8 مساء إلى الساعة 6 صباحا، ابتداء من الخميس 3 مارس``), by a range of
    weekdays (``من السبت إلى الخميس``), by a period (``طوال شهر رمضان``) or by the date it
    lasts until (``حتى نهاية الشهر``): it recurs daily.
    A single clock time followed by weekdays or a period does too (``حتى الساعة العاشرة
    ليلا طوال شهر رمضان``)."""
    if not (i + 1 < len(chosen) and _linked(chosen, text, i)):
        return (i == 0 or not _linked(chosen, text, i - 1)) and bool(
            _OVER_DAYS.match(text, chosen[i].end))
    j = _range_end(chosen, text, i + 1)
    if (j + 1 < len(chosen) and chosen[j + 1].type == "DATE"
            and _UNTIL_DATE.fullmatch(text, chosen[j].end, chosen[j + 1].start)):
        return True  # من التاسعة صباحا وحتى الثانية بعد الظهر حتى نهاية الشهر: daily until then
    return bool(_STARTING_FROM.match(text, chosen[j].end) or _OVER_DAYS.match(text, chosen[j].end))


def _daily(chosen: list[Cand], text: str, i: int) -> bool:
    """A daily word (يوميا، كل ليلة) near ``chosen[i]`` in its sentence, with no day named
    between them (``ستقام يوميا ... على أن تقام النهائية مساء السبت في السابعة``)."""
    c = chosen[i]
    if _DAILY_CTX.search(words_after(text, c.end, 60)):
        return True
    before = words_before(text, c.start, 120)
    ends = [m.end() for m in _DAILY_CTX.finditer(before)]
    if not ends:
        return False
    since = c.start - len(before) + ends[-1]
    # a day named in an earlier clause (الجدول الذي نشرته مساء أمس، تقلع الرحلة الساعة
    # 07:30) is not the day of the clock; one in its own clause is (مساء السبت في السابعة)
    return not any(since <= p.start and p.value and DAY_VALUE.match(p.value[:10])
                   and not _CLAUSE_END.search(text, p.end, c.start) for p in chosen[:i])


# a door opened or closed once (أغلقت المكاتب أبوابها), or to be on one coming day
# (ستفتح مكاتب التصويت أبوابها على الساعة الثامنة), is an event, not opening hours
_DOORS_ONCE = re.compile(r"(?<![^\W\d_])[وف]?(?:اغلق|اغلقت|فتح|فتحت|اوصد|اوصدت|ستفتح|سيفتح|ستغلق|سيغلق)"
                         r"\s+(?:[^\W\d_]+\s+)?$")
_CUE_CORES = frozenset(fold_word(w).split()[0] for w in lx.SCHEDULE_CUES)
_SCHEDULE_CUE = re.compile(r"(?<![^\W\d_])[وفبل]?(?:ال)?(?:" + word_alt(lx.SCHEDULE_CUES)
                           + r")(?![^\W\d_])")  # (العمل بالدوام الرمضاني)
# a present verb of working or opening hours before a range of clock times in its clause
_HABIT_RANGE = re.compile(r"(?<![^\W\d_])[وف]?(?:" + word_alt(lx.HABIT_HOURS_VERBS) + r")(?![^\W\d_])"
                          # or كان + a present verb, a past habit (كان العمل فيهما يقتصر على الفترة من)
                          r"|(?<![^\W\d_])(?:كان|كانت)\s+(?:[^\W\d_]+\s+){0,2}?[يت][^\W\d_]{2,}(?![^\W\d_])")
_SAID_THAT = re.compile(r"\s*[،,]?\s*(?:ان|بان)(?![^\W\d_])")
_EVERY_AFTER = re.compile(r"\s*(?:من\s+|في\s+)?$")


def _standing(chosen: list[Cand], text: str, i: int, cue: bool) -> bool:
    """A clock time (or the range it opens) in a sentence about a standing schedule (a curfew,
    opening hours: ``تفتح المكاتب أبوابها من الساعة 8 صباحا``) that names no day, or right
    before a recurrence (``الساعة الثامنة مساء كل خميس``): no day of its own. ``cue``: the
    field names a schedule word at all (searched once per field)."""
    c = chosen[i]
    j = _range_end(chosen, text, i)
    nxt = chosen[j + 1] if j + 1 < len(chosen) else None
    if nxt is not None and nxt.type == "SET" and _EVERY_AFTER.match(text[chosen[j].end:nxt.start]):
        return True
    if j > i:  # وتعمل على فترتين من الثامنة صباحا حتى العاشرة مساء: a habit in its clause
        clause = words_before(text, c.start, 80)
        cut = max((m.end() for m in _CLAUSE_END.finditer(clause)), default=0)
        lo = c.start - len(clause) + cut
        if _HABIT_RANGE.search(clause, cut) and not any(
                lo <= p.start < c.start and p.value and DAY_VALUE.match(p.value[:10])
                for p in chosen[:i]):
            return True
    if not cue:
        return False
    before = words_before(text, c.start, 150)
    after = words_after(text, chosen[j].end, 80)
    if not any(not _DOORS_ONCE.search(w[max(0, m.start() - 30):m.start()])
               for w in (before, after) for m in _SCHEDULE_CUE.finditer(w)):
        return False  # (حين أغلقت المكاتب أبوابها: one closing, not opening hours)
    lo, hi = c.start - len(before), chosen[j].end + len(after)
    return not any(lo <= p.start < hi and p.value and p.type in ("DATE", "TIME")
                   and (DAY_VALUE.match(p.value[:10]) or p.value.endswith("REF"))
                   and not _SAID_THAT.match(text, p.end)  # (قال اليوم إن: the day it was said)
                   for p in chosen if p is not c)


_MULTI_DAY = re.compile(r"P(?:[2-9]|\d\d+)D|P\d+[WM]")
_SOME_DAYS = re.compile(r"PX[DW]")


def _over_days(chosen: list[Cand], text: str, i: int) -> bool:
    """A clock time said after a length of several days in its sentence, with no day of its
    own between them but one the span starts from (``على مدى ثلاثة أيام ابتداء من الثلاثاء
    المقبل، في تمام الساعة التاسعة مساء``), or before some days to come with no day between
    them (``تجنب الشمس بين الحادية عشرة صباحا والرابعة عصرا ... خلال الأيام المقبلة``): a
    time on each of those days."""
    sentence = chosen[i].start - len(words_before(text, chosen[i].start, 200))
    if any(p.type == "DURATION" for p in chosen[i + 1:]) and not any(
            p.end >= sentence and p.value and DAY_VALUE.match(p.value[:10]) for p in chosen[:i]):
        end = chosen[i].end + len(words_after(text, chosen[i].end, 200))
        for p in chosen[i + 1:]:
            if p.start > end or p.type == "DATE":
                break
            if p.type == "DURATION" and p.value and _SOME_DAYS.fullmatch(p.value):
                return True
    for p in reversed(chosen[:i]):
        if p.end < sentence:
            return False
        if p.type == "DURATION":
            return bool(p.value and _MULTI_DAY.fullmatch(p.value))
        if p.type == "DATE" and _STARTING_FROM_BEFORE.search(text, max(0, p.start - 30), p.start):
            continue
        return False
    return False


def _story_day(chosen: list[Cand], text: str, i: int, dct: dt.date) -> str | None:
    """The day of a past story for a clock time in a past clause with no day near it: the
    last day of the week before the DCT named earlier in the field, when the field never
    names the DCT itself (``جلستها المنعقدة أمس الاثنين ... وشهدت الجلسة حضور مودعين تجمعوا
    منذ الثامنة صباحا``: Monday, not the day of publication)."""
    if not _PAST_NEAR.search(words_before(text, chosen[i].start, 120)):
        return None
    today = cal.fmt_day(dct)
    week_ago = cal.fmt_day(dct - dt.timedelta(days=7))
    found = None
    for p in chosen[:i]:
        if not (p.value and p.type in ("DATE", "TIME") and DAY_VALUE.match(p.value[:10])):
            continue
        if p.value[:10] == today:
            return None
        if week_ago <= p.value[:10] < today:
            found = p.value[:10]
    return found


def anchor_clocks(chosen: list[Cand], text: str, dct: dt.date | None) -> None:
    """A clock time takes the day named with it or right after it, else the day of the
    nearest earlier full date (or the DCT); in a daily schedule it has no day."""
    for i, c in enumerate(chosen):
        # الساعة الرابعة عصر اليوم نفسه: the antecedent's day; but the end of a range (من
        # السابعة مساء حتى السادسة من صباح اليوم التالي) is the day after the range's start
        if "anaphor_day" in c.info and not (c.info.get("step") and i > 0 and _linked(chosen, text, i - 1)):
            c.info["day"] = c.info["anaphor_day"]
    if not any("clock" in c.info for c in chosen):
        return  # what follows only reads and sets clock times
    share_clock_parts(chosen, text)
    cue: bool | None = None  # a schedule word in the field at all, tested at the first clock
    schedule = False
    for i, c in enumerate(chosen):
        if c.info.get("clock") is None:
            schedule = False
            continue
        hhmm = c.info["clock"]
        if cue is None:  # plain substring tests: a regex over the field costs more than its clocks
            cue = any(w in text for w in _CUE_CORES)
        if not (i > 0 and _linked(chosen, text, i - 1)):  # the first clock of a range
            schedule = not c.info.get("day") and (c.info.get("weekly", False)
                                                  or _said_of_a_period(chosen, text, i)
                                                  or _recurs_from(chosen, text, i)
                                                  or _standing(chosen, text, i, cue))
        if schedule or _daily(chosen, text, i) or (not c.info.get("day") and _over_days(chosen, text, i)):
            c.value = f"XXXX-XX-XXT{hhmm}"
            continue
        if c.info.get("day"):
            c.value = f"{c.info['day']}T{hhmm}"
            continue
        if c.kind == "prayer_bare" and _HABIT.search(words_before(text, c.start, 100)) and not any(
                p.value and DAY_VALUE.match(p.value[:10]) and p.type in ("DATE", "TIME")
                and not _CLAUSE_END.search(text, p.end, c.start)
                for p in chosen[max(0, i - 3):i]):
            # كانت الناس تطلع بعد المغرب: a habit, no day (not for clock times: كانت الطائرة
            # تقل ... تحطمت الساعة 11:00 is one day)
            c.value = f"XXXX-XX-XXT{hhmm}"
            continue
        if dct is not None and _RELEASE_TIME.search(text, c.start, c.end):
            c.value = f"{cal.fmt_day(dct)}T{hhmm}"  # 15:21 ت م: the agency's release time
            continue
        prev = next((p for p in reversed(chosen[:i]) if c.start - p.end <= 300), None)
        if prev is not None and (prev.type == "SET" or (prev.value or "").startswith("XXXX")):
            c.value = f"XXXX-XX-XXT{hhmm}"  # ثلاث رحلات أسبوعيا. وتقلع الرحلة الساعة 23:45
            continue
        anchor = None
        sentence = c.start - len(words_before(text, c.start, 300))
        for k in range(i - 1, -1, -1):
            p = chosen[k]
            if c.start - p.end > 300:
                break
            if (p.end < sentence and k > 0 and "clock" in p.info and "clock" in chosen[k - 1].info
                    and _UNTIL_LINK.fullmatch(text, chosen[k - 1].end, p.start)):
                # تبدأ عند الساعة السادسة من مساء غد وتستمر حتى الثالثة من فجر الخميس. ...
                # بدءا من الساعة التاسعة مساء: a clock in a later sentence is on the day the
                # range before it starts, not the day it ends
                p = chosen[k - 1]
            if p.value and DAY_VALUE.match(p.value[:10]) and p.type in ("DATE", "TIME"):
                if (p.end < sentence and dct is not None
                        and abs((dt.date.fromisoformat(p.value[:10]) - dct).days) > 7):
                    break  # a date far from the DCT in an earlier sentence: history
                if (p.end < sentence and dct is not None and p.value[:10] > cal.fmt_day(dct)
                        and _PAST_NEAR.search(words_before(text, c.start, 30) + " | "
                                              + words_after(text, c.end, 30))):
                    break  # يعقد المجلس اجتماعا الأربعاء. وبحلول الساعة 0642 ارتفع السعر: today
                starting = _STARTING_FROM_BEFORE.search(text, max(0, p.start - 30), p.start)
                if p.end < sentence and starting and not is_future_ctx(text, c.start):
                    break  # اجتماعات ابتداء من غد. ورفعت الجلسة عند الساعة الواحدة: a start, not its day
                if starting and any(q.type == "SET" and 0 <= p.start - q.end <= 80
                                    for q in chosen[:i]):
                    # رحلتين أسبوعيا يومي الاثنين والجمعة اعتبارا من الأول من حزيران، حيث
                    # تغادر الطائرة الساعة 8:45: the first day of a recurrence, not the clock's day
                    anchor = "XXXX-XX-XX"
                    break
                anchor = p.value[:10]
                if c.info.get("kind") is None and p.value[10:] in ("TAF", "TEV", "TNI"):
                    # مساء السبت ... في السابعة والنصف: the hour is in that part of the day
                    hour, minute = c.info["said"]
                    kind = lx.POD_CLOCK[p.value[11:]]
                    hhmm = f"{twelve_hour(hour, kind) % 24:02d}:{minute:02d}"
                break
        if anchor is None and dct is not None:
            anchor = _story_day(chosen, text, i, dct) or cal.fmt_day(dct)
        c.value = f"{anchor}T{hhmm}" if anchor else None
    for i, c in enumerate(chosen):  # ... حتى الثانية من صباح اليوم التالي: the day after the start
        if (c.info.get("step") and ("anaphor_day" in c.info or c.info.get("clock_day"))
                and i > 0 and _linked(chosen, text, i - 1)
                and c.value and DAY_VALUE.match(c.value[:10])
                and (chosen[i - 1].value or "")[:10] == c.value[:10]):
            day_ = dt.date.fromisoformat(c.value[:10]) + dt.timedelta(days=c.info["step"])
            c.value = cal.fmt_day(day_) + c.value[10:]
