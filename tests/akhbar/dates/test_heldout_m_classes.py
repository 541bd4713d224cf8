"""Error classes of held-out batch M (issue #22, round 4), each fixed as a general rule: a
weekday ``من الأسبوع القادم`` is that weekday of that week, Moroccan ``متم`` (end of) is a
modifier like ``نهاية``, ``شهر الصيام`` is Ramadan, a range of clock times before ``طوال
الأيام الثلاثة المقبلة`` recurs, and ``اليومين`` is no daily word."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates
from tests.akhbar.dates.classes import DATES, WEEKDAYS, extracted


@given(dct=DATES, a=st.integers(0, 6), b=st.integers(0, 6),
       rel=st.sampled_from([("القادم", 1), ("المقبل", 1), ("الماضي", -1)]))
@settings(max_examples=50, deadline=None)
def test_a_weekday_of_a_named_week(dct, a, b, rel):
    """``يومي الثلاثاء والأربعاء من الأسبوع القادم``: those days of the next week (ISO
    week, as ``الأسبوع القادم`` alone), the last one spanning ``من الأسبوع القادم``."""
    word, step = rel
    got = extracted(f"تقدم الفرقة عرضها يومي {WEEKDAYS[a]} و{WEEKDAYS[b]} من الأسبوع {word} على المسرح.", dct)
    monday = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(weeks=step)
    assert [(v, t) for _, t, v in got] == [(str(monday + dt.timedelta(days=a)), "DATE"),
                                            (str(monday + dt.timedelta(days=b)), "DATE")]
    assert got[-1][0] == f"{WEEKDAYS[b]} من الأسبوع {word}"


@given(dct=DATES, unit=st.sampled_from(["السنة الجارية", "العام الحالي", "الشهر الجاري", "شهر مارس"]))
@settings(max_examples=30, deadline=None)
def test_mutamm_is_an_end(dct, unit):
    """``في متم السنة الجارية``: the year with mod END, as ``في نهاية السنة الجارية``."""
    got = extract_dates(f"يراهنون على بلوغ 4 ملايين سائح في متم {unit}.", dct)
    ref = extract_dates(f"يراهنون على بلوغ 4 ملايين سائح في نهاية {unit}.", dct)
    assert [(t.text[4:], t.value, t.mod) for t in got] == [(t.text[6:], t.value, t.mod) for t in ref]
    assert got and got[0].text.startswith("متم") and got[0].mod == "END"


@given(dct=DATES, name=st.sampled_from(["شهر الصيام", "شهر الصوم"]))
@settings(max_examples=30, deadline=None)
def test_the_month_of_fasting_is_ramadan(dct, name):
    """``طيلة شهر الصيام``: Ramadan, as ``طيلة الشهر الكريم`` (not a one-month duration)."""
    got = extracted(f"قررت المديرية فتح المتاحف طيلة {name} أمام الزوار.", dct)
    ref = extracted("قررت المديرية فتح المتاحف طيلة الشهر الكريم أمام الزوار.", dct)
    assert [(t, v) for _, t, v in got] == [(t, v) for _, t, v in ref]
    assert got[0][0] == name


@given(dct=DATES, n=st.sampled_from(["الثلاثة", "الخمسة"]))
@settings(max_examples=30, deadline=None)
def test_a_range_over_the_coming_days_recurs(dct, n):
    """``حذرت مساء أمس من الشبورة من الثالثة حتى التاسعة صباحا طوال الأيام الثلاثة
    المقبلة``: each of those days, no day (not the day of the warning)."""
    got = extracted(f"وكانت الهيئة قد حذرت مساء أمس من الشبورة على الطرق من الثالثة حتى التاسعة صباحا "
                 f"طوال الأيام {n} المقبلة.", dct)
    assert [v for _, t, v in got if t == "TIME" and "T0" in (v or "")] == ["XXXX-XX-XXT03:00",
                                                                          "XXXX-XX-XXT09:00"]


@given(dct=DATES)
@settings(max_examples=30, deadline=None)
def test_two_days_is_not_daily(dct):
    """``خلال اليومين المقبلين ... اعتبارا من الساعة الرابعة عصر اليوم``: today at 16:00
    (``اليومين`` is no ``اليومي``, a daily word)."""
    got = extracted("ودعت المديرية المواطنين إلى تجنب الخروج خلال اليومين المقبلين، فيما أعلنت الأمانة "
                 "رفع حالة الطوارئ اعتبارا من الساعة الرابعة عصر اليوم، وتجهيز 200 آلية.", dct)
    assert ("الساعة الرابعة عصر اليوم", "TIME", f"{dct}T16:00") in got
