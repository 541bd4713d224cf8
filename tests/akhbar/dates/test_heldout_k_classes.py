"""Error classes of the first run on held-out batch K (issue #22, round 3), each fixed as a
general rule: a bare weekday takes the day of the same weekday named ahead with ``المقبل``
in its article, ``قد`` + a present verb looks ahead, ``من اليوم التالي`` in a clock time's
span, a clock time after a range of clock times is on the range's first day, the reporting
day (``قال اليوم إن``) does not pin a schedule, ``العام الميلادي الجديد``, ``أقل من أسبوع``,
hours of a service (``ساعات استقبال``), advice to avoid the sun, ``بداية الأسبوع`` + a
number."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_article_dates
from tests.akhbar.dates.classes import DATES, WEEKDAYS, extracted


def _next(dct: dt.date, wd: int) -> dt.date:
    return dct + dt.timedelta(days=(wd - dct.weekday() - 1) % 7 + 1)


@given(dct=DATES, wd=st.integers(0, 6))
@settings(max_examples=40, deadline=None)
def test_a_bare_weekday_follows_the_same_weekday_named_ahead(dct, wd):
    """Title ``انقطاع الكهرباء السبت``, body ``يوم السبت المقبل``: the title's Saturday is
    the coming one too (it was the last one)."""
    fields = {"title": f"انقطاع الكهرباء عن أحياء في المدينة {WEEKDAYS[wd]} لأعمال صيانة",
              "body": f"أعلنت الشركة قطع التيار يوم {WEEKDAYS[wd]} المقبل لإجراء أعمال صيانة."}
    got = {t.field: t.value for t in extract_article_dates(fields, dct)}
    assert got["title"] == got["body"] == str(_next(dct, wd))


@given(dct=DATES, wd=st.integers(0, 6), verb=st.sampled_from(["قد يمتد", "قد يتأثر", "قد يشهد"]))
@settings(max_examples=40, deadline=None)
def test_qad_with_a_present_verb_looks_ahead(dct, wd, verb):
    """``المنخفض قد يمتد إلى المناطق الجنوبية يوم الخميس``: the coming Thursday, as with
    ``سيمتد``; ``وقد نشرت الأربعاء`` (قد + a past verb) stays in the past."""
    text = f"وأشار المتحدث إلى أن المنخفض {verb} إلى المناطق الجنوبية يوم {WEEKDAYS[wd]}."
    ref = f"وأشار المتحدث إلى أن المنخفض سيمتد إلى المناطق الجنوبية يوم {WEEKDAYS[wd]}."
    assert extracted(text, dct)[-1][2] == extracted(ref, dct)[-1][2]
    past = extracted(f"وقد نشرت الصحيفة يوم {WEEKDAYS[wd]} صورا صادمة.", dct)
    assert past[0][2] <= str(dct)


@given(day=st.dates(dt.date(2001, 1, 1), dt.date(2029, 12, 30)))
@settings(max_examples=30, deadline=None)
def test_a_clock_range_ending_the_next_day(day):
    """``من الساعة الرابعة عصرا حتى الساعة السادسة صباحا من اليوم التالي``: one span for
    the end, on the day after the start's."""
    wd = WEEKDAYS[day.weekday()]
    text = (f"ستمنع الإدارة مرور الشاحنات يوم {wd} المقبل من الساعة الرابعة عصرا حتى الساعة "
            "السادسة صباحا من اليوم التالي.")
    dct = day - dt.timedelta(days=2)
    times = [(t, v) for t, ty, v in extracted(text, dct) if ty == "TIME"]
    assert times == [("الساعة الرابعة عصرا", f"{day}T16:00"),
                     ("الساعة السادسة صباحا من اليوم التالي",
                      f"{day + dt.timedelta(days=1)}T06:00")]


@given(dct=DATES)
@settings(max_examples=30, deadline=None)
def test_a_clock_after_a_range_takes_the_day_the_range_starts(dct):
    """``تبدأ عند الساعة السادسة من مساء غد وتستمر حتى الساعة الثالثة من فجر بعد غد. ...
    بدءا من الساعة التاسعة مساء``: tomorrow evening (the plan's first day), not the day the
    range ends; a later future sentence keeps that day."""
    tomorrow = dct + dt.timedelta(days=1)
    text = ("أعلنت المديرية خطة تبدأ عند الساعة السادسة من مساء غد وتستمر حتى الساعة الثالثة "
            "من فجر بعد غد. وقال الناطق إن الخطة تشمل إغلاق الشارع بدءا من الساعة التاسعة "
            "مساء. وأضاف أن الإدارة ستمنع مرور الشاحنات من الساعة الرابعة عصرا.")
    times = [v for _, t, v in extracted(text, dct) if t == "TIME"]
    assert times[2:] == [f"{tomorrow}T21:00", f"{tomorrow}T16:00"]


@given(dct=DATES, head=st.sampled_from(["الامتحانات", "دوام المدارس"]))
@settings(max_examples=20, deadline=None)
def test_the_reporting_day_does_not_pin_a_schedule(dct, head):
    """``قال ... اليوم إن الامتحانات تبدأ في الساعة الثامنة والنصف صباحا``: the day it was
    said is not the clock's; the schedule has no day."""
    text = (f"وقال المدير في تصريح لمراسل الوكالة اليوم إن {head} تبدأ في الساعة الثامنة "
            "والنصف صباحا.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == ["XXXX-XX-XXT08:30"]


@given(dct=DATES, word=st.sampled_from(["العام الميلادي الجديد", "السنة الميلادية الجديدة"]))
@settings(max_examples=20, deadline=None)
def test_the_new_gregorian_year(dct, word):
    """``العام الميلادي الجديد``: as ``العام الجديد``."""
    plain = "العام الجديد" if word.startswith("العام") else "السنة الجديدة"
    got = extracted(f"خطة خاصة بمناسبة حلول {word}.", dct)
    assert got == [(word, "DATE", extracted(f"خطة خاصة بمناسبة حلول {plain}.", dct)[0][2])]


@given(dct=DATES, more=st.sampled_from(["أقل من", "أكثر من"]),
       unit=st.sampled_from([("أسبوع", "P1W"), ("شهر", "P1M"), ("يوم", "P1D")]))
@settings(max_examples=20, deadline=None)
def test_less_or_more_than_one_unit(dct, more, unit):
    """``مستويات تكفي أقل من أسبوع``: a duration of one unit."""
    word, value = unit
    assert extracted(f"تراجع المخزون إلى مستويات تكفي {more} {word}.", dct) == [
        (word, "DURATION", value)]


@given(dct=DATES, what=st.sampled_from(["ساعات استقبال المتبرعين", "ساعات التبرع"]))
@settings(max_examples=20, deadline=None)
def test_hours_of_a_service(dct, what):
    """``تمديد ساعات استقبال المتبرعين حتى الواحدة بعد منتصف الليل``: service hours (no
    duration ``ساعات``), the clock time without a day."""
    got = extracted(f"قرر البنك تمديد {what} حتى الواحدة بعد منتصف الليل.", dct)
    assert got == [("الواحدة بعد منتصف الليل", "TIME", "XXXX-XX-XXT01:00")]


@given(dct=DATES)
@settings(max_examples=20, deadline=None)
def test_advice_to_avoid_the_sun_is_daily(dct):
    """``تجنب التعرض المباشر لأشعة الشمس بين الساعة الحادية عشرة صباحا والرابعة عصرا``:
    hours of every day; ``منذ بداية الأسبوع 37 حالة`` is this week's start."""
    from akhbar.dates import calendar as cal
    text = ("ودعت الدائرة إلى تجنب التعرض المباشر لأشعة الشمس بين الساعة الحادية عشرة صباحا "
            "والرابعة عصرا، مشيرة إلى أن المستشفيات استقبلت منذ بداية الأسبوع 37 حالة.")
    assert extracted(text, dct) == [
        ("الساعة الحادية عشرة صباحا", "TIME", "XXXX-XX-XXT11:00"),
        ("الرابعة عصرا", "TIME", "XXXX-XX-XXT16:00"),
        ("بداية الأسبوع", "DATE", cal.fmt_week(dct))]
