"""Error classes of the first run on held-out batch C (issue #22), each fixed as a general
rule: clock ranges that recur from a day on, timetables published on an earlier day,
weekdays of a weekly schedule, ..."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

DCT = dt.date(2016, 2, 29)  # a Monday
HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}
WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]


def _found(text: str, dct: dt.date = DCT) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]


def _times(text: str, dct: dt.date = DCT) -> list[str | None]:
    return [v for _, typ, v in _found(text, dct) if typ == "TIME"]


@given(a=st.integers(6, 11), b=st.integers(1, 6),
       start=st.sampled_from(["ابتداء من", "اعتبارا من", "بدءا من"]),
       day=st.sampled_from(["الخميس 3 مارس", "يوم غد", "الأسبوع المقبل"]))
@settings(max_examples=40, deadline=None)
def test_clock_range_starting_from_a_day_recurs(a, b, start, day):
    """Metamorphic: a range followed by "starting from <day>" is a daily schedule; the same
    range followed by the day itself is on that day."""
    rng = f"من الساعة {HOURS[a]} مساء إلى الساعة {HOURS[b]} صباحا"
    assert _times(f"قررت السلطات منع حركة الشاحنات {rng}، {start} {day}") == [
        f"XXXX-XX-XXT{a + 12:02d}:00", f"XXXX-XX-XXT{b:02d}:00"]
    assert all(t and t[:4].isdigit() for t in _times(f"منعت السلطات حركة الشاحنات {rng} أمس"))


@given(hh=st.integers(6, 22), mm=st.sampled_from([0, 15, 30, 45]),
       day=st.sampled_from(["مساء أمس الخميس", "يوم السبت", "أمس"]))
@settings(max_examples=40, deadline=None)
def test_timetable_published_on_an_earlier_day(hh, mm, day):
    """A timetable's clock times are a schedule even when the day it was published is named
    in an earlier clause; a day in the clock's own clause still gives it its day; an agenda
    (جدول الأعمال) is no timetable."""
    assert _times(f"وبحسب الجدول الذي نشرته المصلحة {day}، تقلع الرحلة الأولى "
                  f"عند الساعة {hh:02d}:{mm:02d}")[-1] == f"XXXX-XX-XXT{hh:02d}:{mm:02d}"
    t = _times(f"وبحسب جدول الأعمال، يبدأ الاجتماع {day} عند الساعة {hh:02d}:{mm:02d}")
    assert t[-1][:4].isdigit()


@given(a=st.integers(0, 6), b=st.integers(0, 6), every=st.sampled_from(["أسبوعيا", "يوميا"]))
@settings(max_examples=30, deadline=None)
def test_weekdays_after_a_recurrence_are_weekly(a, b, every):
    """``خمسة أيام أسبوعيا من الأحد إلى الخميس``: the weekdays are a SET, and the clock
    range after them a schedule."""
    text = (f"تعقد البورصة جلساتها {every} من {WEEKDAYS[a]} إلى {WEEKDAYS[b]}، "
            "من الساعة العاشرة صباحا حتى الساعة الواحدة ظهرا")
    found = _found(text)
    assert [(typ, v) for w, typ, v in found if w in (WEEKDAYS[a], WEEKDAYS[b])] == [
        ("SET", "P1W"), ("SET", "P1W")]
    assert _times(text) == ["XXXX-XX-XXT10:00", "XXXX-XX-XXT13:00"]


@given(a=st.integers(0, 6), b=st.integers(0, 6), ex=st.sampled_from(["عدا", "باستثناء"]))
@settings(max_examples=30, deadline=None)
def test_weekdays_left_out_of_a_schedule_are_weekly(a, b, ex):
    """``... يوميا من الثامنة صباحا حتى الثالثة بعد الظهر، عدا يومي الجمعة والسبت``: SETs;
    after a clock range on one day the same words stay dates."""
    days = f"يومي {WEEKDAYS[a]} و{WEEKDAYS[b]}"
    sched = _found(f"يستقبل المكتب الطلبات يوميا من الثامنة صباحا حتى الثالثة بعد الظهر، {ex} {days}")
    assert [(typ, v) for _, typ, v in sched[-2:]] == [("SET", "P1W"), ("SET", "P1W")]
    once = _found(f"استقبل المكتب الطلبات أمس من الثامنة صباحا حتى الثالثة بعد الظهر، {ex} {days}")
    assert all(typ == "DATE" for _, typ, _ in once[-2:])
