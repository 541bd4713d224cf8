"""Error classes of the first run on held-out batch J (issue #22, round 3), each fixed as a
general rule: a part of the day before a recurrence (``مساء كل ثلاثاء``), N years and a half,
Maghrebi ``الموالي`` (next), two centuries (``القرنين الثامن عشر والتاسع عشر``), the nth
decade of a century and decade tails, one unit + ``واحدا``, ``مهلة شهر``, weekdays
``بما في ذلك`` a daily schedule, ``سوق الجمعة``, ``يوم 15 أكتوبر من كل سنة``, Hijri dates
before the Umm al-Qura table (tabular calendar), ``أسابيع عدة``, ``سنوات شمسية``."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import calendar as cal
from tests.akhbar.dates.classes import DATES, MONTHS, WEEKDAYS, extracted

BARE = ["اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت", "أحد"]
NUMBERS = {2: "سنتين", 3: "ثلاث سنوات", 4: "أربع سنوات", 7: "سبع سنوات", 10: "عشر سنوات"}
ORDINALS = {1: "الأول", 2: "الثاني", 3: "الثالث", 5: "الخامس", 8: "الثامن", 9: "التاسع"}
CENTURY = {17: "السابع عشر", 18: "الثامن عشر", 19: "التاسع عشر", 20: "العشرين"}


@given(dct=DATES, pod=st.sampled_from(["مساء", "صباح", "ليلة"]),
       every=st.sampled_from([(f"كل {w}", "P1W") for w in BARE[1:6]] + [("كل يوم", "P1D")]))
@settings(max_examples=40, deadline=None)
def test_a_part_of_the_day_before_a_recurrence_is_in_the_set(dct, pod, every):
    """``مساء كل ثلاثاء``, ``صباح كل يوم``: one SET, the part of the day in its span."""
    phrase, value = every
    assert extracted(f"تقام محاضرة {pod} {phrase} في المركز الثقافي.", dct) == [
        (f"{pod} {phrase}", "SET", value)]


@given(dct=DATES, n=st.sampled_from(sorted(NUMBERS)))
@settings(max_examples=20, deadline=None)
def test_n_years_and_a_half(dct, n):
    """``سبع سنوات ونصف``: P90M, one span (as ``عامين ونصف``)."""
    span = f"{NUMBERS[n]} ونصف"
    assert extracted(f"دامت الثورة أزيد من {span}، وانتهت بالاستقلال.", dct) == [
        (span, "DURATION", f"P{n * 12 + 6}M")]


@given(day=st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 30)), back=st.integers(0, 3000))
@settings(max_examples=30, deadline=None)
def test_mawali_is_next(day, back):
    """``اليوم الموالي``, ``السنة الموالية`` (Maghrebi): the day or year after the antecedent,
    as ``اليوم التالي``."""
    dct = day + dt.timedelta(days=back)
    text = (f"وانتهت المفاوضات بتوقيع الاتفاق في {day.day} {MONTHS[day.month]} {day.year} "
            "ودخول وقف إطلاق النار حيز التنفيذ في اليوم الموالي.")
    assert extracted(text, dct)[-1] == ("اليوم الموالي", "DATE", str(day + dt.timedelta(days=1)))
    text = f"توقف المهرجان سنة {day.year} ليستأنف في السنة الموالية بدعم من الوزارة."
    assert extracted(text, dct)[-1] == ("السنة الموالية", "DATE", str(day.year + 1))


@given(dct=DATES, a=st.sampled_from([17, 18, 19]))
@settings(max_examples=20, deadline=None)
def test_two_centuries(dct, a):
    """``القرنين الثامن عشر والتاسع عشر``: two DATEs (17, 18), not a length of 200 years."""
    text = f"ازدهر هذا الفن خلال القرنين {CENTURY[a]} و{CENTURY[a + 1]}، حين صارت له مجالس."
    assert extracted(text, dct) == [(f"القرنين {CENTURY[a]}", "DATE", str(a - 1)),
                                 (CENTURY[a + 1], "DATE", str(a))]


@given(dct=DATES, nth=st.sampled_from(sorted(ORDINALS)), c=st.sampled_from([19, 20]))
@settings(max_examples=30, deadline=None)
def test_the_nth_decade_of_a_century(dct, nth, c):
    """``العقد الثاني من القرن العشرين``: the 1910s (191)."""
    span = f"العقد {ORDINALS[nth]} من القرن {CENTURY[c]}"
    assert extracted(f"تعود الصور إلى {span}.", dct) == [
        (span, "DATE", f"{(c - 1) * 10 + nth - 1:03d}")]


@given(dct=DATES, tail=st.sampled_from(["الميلادية", "القرن نفسه", "من القرن الماضي"]))
@settings(max_examples=20, deadline=None)
def test_decade_tails_stay_in_the_span(dct, tail):
    """``السبعينيات الميلادية``, ``خمسينيات القرن نفسه``: the tail in the span, the decade
    as without it."""
    alone = extracted("شهدت المدينة توسعا في الخمسينيات.", dct)
    got = extracted(f"شهدت المدينة توسعا في الخمسينيات {tail}.", dct)
    assert [t for t, _, _ in got] == [f"الخمسينيات {tail}"]
    if tail != "من القرن الماضي":
        assert got[0][2] == alone[0][2]


@given(dct=DATES, unit=st.sampled_from([("يوما واحدا", "P1D"), ("شهرا واحدا", "P1M"),
                                        ("عاما واحدا", "P1Y")]))
@settings(max_examples=20, deadline=None)
def test_one_unit_with_wahidan(dct, unit):
    """``لتأجيله يوما واحدا``: a duration of one unit (as ``يوم واحد``)."""
    span, value = unit
    assert extracted(f"لا مبرر لتأجيله {span}.", dct) == [(span, "DURATION", value)]


@given(dct=DATES, unit=st.sampled_from([("شهر", "P1M"), ("أسبوع", "P1W"), ("يوم", "P1D")]))
@settings(max_examples=20, deadline=None)
def test_a_grace_period_of_one_unit(dct, unit):
    """``طلب مهلة شهر``: one unit after ``مهلة`` is a duration (as after ``مدة``)."""
    word, value = unit
    assert extracted(f"طلب المحامي مهلة {word} على الأقل لإعداد مذكرة.", dct) == [
        (word, "DURATION", value)]


@given(dct=DATES, a=st.integers(0, 6), b=st.integers(0, 6),
       incl=st.sampled_from(["بما في ذلك", "بما فيها"]))
@settings(max_examples=30, deadline=None)
def test_weekdays_included_in_a_daily_schedule(dct, a, b, incl):
    """``ستنطلق الجلسات يوميا على الساعة التاسعة والنصف صباحا، بما في ذلك يومي السبت
    والأحد``: those weekdays are in the schedule (SET P1W), as after ``عدا``."""
    if a == b:
        return
    text = (f"ستنطلق الجلسات يوميا على الساعة التاسعة والنصف صباحا، {incl} يومي {WEEKDAYS[a]} "
            f"و{WEEKDAYS[b]}، بالنظر إلى ضيق الآجال.")
    assert [(t, v) for _, t, v in extracted(text, dct)][-2:] == [("SET", "P1W"), ("SET", "P1W")]


@given(dct=DATES, wd=st.sampled_from(WEEKDAYS))
@settings(max_examples=20, deadline=None)
def test_a_market_named_by_a_weekday_is_no_date(dct, wd):
    """``سوق الجمعة``: a market's name, as ``خطبة الجمعة``."""
    assert extracted(f'ونشأ فيه تقليد "سوق {wd}" الذي يقصده هواة الكتب.', dct) == []


@given(dct=DATES, d=st.integers(1, 28), m=st.integers(1, 12))
@settings(max_examples=20, deadline=None)
def test_a_yearly_date_with_its_head_day(dct, d, m):
    """``يوم 15 أكتوبر من كل سنة``: ``يوم`` in the SET's span."""
    span = f"يوم {d} {MONTHS[m]} من كل سنة"
    assert extracted(f"يحتفل به {span}.", dct) == [(span, "SET", f"XXXX-{m:02d}-{d:02d}")]


@given(y=st.integers(1250, 1342), m=st.integers(1, 12), d=st.integers(1, 29))
@settings(max_examples=40, deadline=None)
def test_hijri_dates_before_the_umm_al_qura_table(y, m, d):
    """``الخامس من شوال عام 1319هـ`` (15 January 1902): converted with the tabular calendar
    before hijridate's range, one day after the day before it, and continuous with Umm
    al-Qura at 1343 to within two days."""
    day = cal.hijri_to_gregorian(y, m, d)
    assert day is not None
    nxt = cal.hijri_to_gregorian(y, m, d + 1) or cal.hijri_to_gregorian(
        *((y, m + 1, 1) if m < 12 else (y + 1, 1, 1)))
    assert nxt - day == dt.timedelta(days=1)
    assert cal.hijri_to_gregorian(1319, 10, 5) == dt.date(1902, 1, 15)
    seam = cal.hijri_to_gregorian(1343, 1, 1) - cal.hijri_to_gregorian(1342, 12, 29)
    assert dt.timedelta(0) <= seam <= dt.timedelta(days=2)
    found = extracted(f"دخل الرياض في {d} شوال عام {y}هـ.", dt.date(y - 579, 6, 1))
    assert found[0][2] == str(cal.hijri_to_gregorian(y, 10, d))
    # a bare 3-digit number after a Hijri month is no year (رمضان 831 زيارة): no value
    assert cal.hijri_to_gregorian(831, 9, 1) is None


@given(dct=DATES, tail=st.sampled_from([("أسابيع عدة", "PXW"), ("أربع سنوات شمسية", "P4Y"),
                                        ("أيام عدة", "PXD")]))
@settings(max_examples=20, deadline=None)
def test_adjectives_inside_a_duration(dct, tail):
    """``أسابيع عدة``, ``أربع سنوات شمسية``: the adjective in the duration's span."""
    span, value = tail
    assert extracted(f"استمرت المعاناة {span} قبل أن تنتهي.", dct) == [(span, "DURATION", value)]
