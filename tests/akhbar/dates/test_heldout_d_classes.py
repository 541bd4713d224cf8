"""Error classes of the first run on held-out batch D (issue #22), each fixed as a general
rule: the hour of a clock time followed by a dated day, a weekday inside a clock time after a
day ahead, the year a winter is named by, school hours, the last N
months, months of a yearly event, a month after a past verb, age groups, صائفة, a range
opened by one unit, ``أو`` in a range of days, agency datelines (KUNA)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.akhbar.dates.classes import MONTHS, WEEKDAYS, extracted

HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}


@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), hour=st.integers(1, 11))
@settings(max_examples=40, deadline=None)
def test_clock_hour_is_not_read_from_the_date_after_it(day, hour):
    """``العاشرة من صباح يوم السبت 2 يناير 2016`` is 10:00 on that day, whatever the year
    (once read as 20:16)."""
    wd = WEEKDAYS[day.weekday()]
    text = f"تقطع المياه حتى {HOURS[hour]} من صباح يوم {wd} {day.day} {MONTHS[day.month]} {day.year}."
    assert extracted(text, day)[-1][2] == f"{day.isoformat()}T{hour:02d}:00"


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), a=st.integers(6, 11),
       b=st.integers(6, 11))
@settings(max_examples=40, deadline=None)
def test_weekday_in_a_clock_after_tomorrow_lies_ahead(dct, a, b):
    """``من العاشرة مساء غد الجمعة حتى العاشرة من صباح السبت``: the Saturday after that
    Friday, as for a bare weekday after ``غدا``."""
    tomorrow = dct + dt.timedelta(days=1)
    nxt = tomorrow + dt.timedelta(days=1)
    text = (f"تقطع المياه من {HOURS[a]} مساء غد {WEEKDAYS[tomorrow.weekday()]} حتى {HOURS[b]} "
            f"من صباح {WEEKDAYS[nxt.weekday()]}.")
    assert [v for _, _, v in extracted(text, dct)] == [
        f"{tomorrow.isoformat()}T{a + 12:02d}:00", f"{nxt.isoformat()}T{b:02d}:00"]


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_last_winter_is_named_by_the_year_it_began(dct):
    """``الشتاء الماضي`` is the last completed winter, written with the year its December
    falls in (the guidelines' convention, also used for a winter with no direction word)."""
    began = dct.year - 1 if dct.month > 2 else dct.year - 2
    assert extracted("سجلت المستشفيات الشتاء الماضي 1300 حالة.", dct) == [
        ("الشتاء الماضي", "DATE", f"{began}-WI")]
    assert extracted("سجلت المستشفيات الصيف الماضي 1300 حالة.", dct)[0][2] == (
        f"{dct.year if dct.month > 8 else dct.year - 1}-SU")


@given(y=st.integers(1990, 2030), sep=st.sampled_from(["/", "-", " / "]),
       head=st.sampled_from(["العام الدراسي", "السنة الدراسية", "العام الجامعي", "السنة المالية"]))
@settings(max_examples=30, deadline=None)
def test_split_school_or_fiscal_year(y, sep, head):
    """``السنة المالية 2010-2011`` straddles two calendar years: one DATE with no value;
    ``العام الدراسي 2023/2024`` is two years (batches D and G; E wrote one null DATE, see
    docs/dates.md); ``خلال السنة الدراسية`` is no one-year duration."""
    text = f"خلال {head} {y}{sep}{y + 1} ارتفعت النتائج."
    got = extracted(text, dt.date(y + 1, 1, 15))
    if head == "السنة المالية":
        assert got == [(f"{head} {y}{sep}{y + 1}", "DATE", None)]
    else:
        assert got == [(str(y), "DATE", str(y)), (str(y + 1), "DATE", str(y + 1))]


@given(a=st.integers(6, 9), b=st.integers(1, 4), minutes=st.sampled_from(["", " والنصف"]),
       word=st.sampled_from(["الدوام المدرسي", "اليوم الدراسي", "الدوام اليومي"]))
@settings(max_examples=30, deadline=None)
def test_school_hours_are_a_schedule(a, b, minutes, word):
    """``الدوام المدرسي يبدأ عند الساعة السابعة والنصف صباحا وينتهي في الواحدة ظهرا``:
    daily hours (``XXXX-XX-XXThh:mm``)."""
    text = (f"وأكدت الوزارة أن {word} يبدأ عند الساعة {HOURS[a]}{minutes} صباحا "
            f"وينتهي في {HOURS[b]}{minutes} ظهرا.")
    mm = "30" if minutes else "00"
    assert [v for _, _, v in extracted(text, dt.date(2024, 1, 31))] == [
        f"XXXX-XX-XXT{a:02d}:{mm}", f"XXXX-XX-XXT{b + 12:02d}:{mm}"]


@given(n=st.sampled_from([("الثلاثة", 3), ("الستة", 6), ("التسعة", 9)]),
       dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=20, deadline=None)
def test_last_n_months_without_a_year_is_a_duration(n, dct):
    """``الأشهر الثلاثة الأخيرة`` is a length (``P3M``); with a year it is part of that year."""
    word, k = n
    assert extracted(f"تراجعت المبيعات في الأشهر {word} الأخيرة بنحو 40 في المائة.", dct) == [
        (f"الأشهر {word} الأخيرة", "DURATION", f"P{k}M")]
    if k in (3, 6):
        dated = extracted(f"تراجعت المبيعات في الأشهر {word} الأخيرة من عام 2015.", dct)
        assert dated[0][1] == "DATE" and dated[0][2].startswith("2015-")


@given(m=st.sampled_from(sorted(MONTHS)), every=st.sampled_from(["سنويا", "كل عام", "عادة"]),
       dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=30, deadline=None)
def test_month_of_a_yearly_event_is_generic(m, every, dct):
    """``المعرض الذي يقام سنويا في أبريل``: a generic month (``XXXX-04``), not this year's."""
    found = extracted(f"ويختتم المعرض، الذي يقام {every} في {MONTHS[m]}، أعماله.", dct)
    assert (MONTHS[m], "DATE", f"XXXX-{m:02d}") in found


@given(m=st.sampled_from(sorted(MONTHS)), verb=st.sampled_from(["انتهت", "بدأت", "صدر"]),
       dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_month_after_a_past_verb_is_not_ahead(m, verb, dct):
    """``التي انتهت في يونيو``: the last such month (not one up to three months ahead)."""
    value = extracted(f"بلغت الإيرادات 14 مليار دولار في السنة التي {verb} في {MONTHS[m]}.", dct)[-1][2]
    assert f"{value}-01" <= dct.isoformat() or value == dct.isoformat()[:7]


@given(age=st.integers(2, 90), group=st.sampled_from(["للمسنين", "الأطفال", "للأشخاص", "الشباب"]),
       rel=st.sampled_from(["فوق", "دون", "بين ستة أشهر و", "من 5 إلى", "أقل من"]))
@settings(max_examples=40, deadline=None)
def test_age_groups_are_not_durations(age, group, rel):
    """``للمسنين فوق 65 عاما``, ``الأطفال بين ستة أشهر وخمس سنوات``: ages; the same number
    of years after a verb stays a duration."""
    sep = "" if rel.endswith("و") else " "
    assert extracted(f"اللقاح متوفر {group} {rel}{sep}{age} عاما.", dt.date(2017, 10, 16)) == []
    assert extracted(f"استمر الحصار {age} عاما.", dt.date(2017, 10, 16)) == [
        (f"{age} عاما", "DURATION", f"P{age}Y")]


@given(y=st.integers(1990, 2030), rel=st.sampled_from([("الماضية", -1), ("المقبلة", 1)]))
@settings(max_examples=20, deadline=None)
def test_saifa_is_summer(y, rel):
    """Tunisian ``صائفة`` is the summer: ``صائفة 2019``, ``الصائفة المقبلة``."""
    dct = dt.date(y, 10, 1)
    assert extracted(f"تعود الوقائع إلى صائفة {y}.", dct) == [(f"صائفة {y}", "DATE", f"{y}-SU")]
    assert extracted(f"تعود الوقائع إلى الصائفة {rel[0]}.", dct)[0][2] == f"{y + (rel[1] > 0)}-SU"


@given(unit=st.sampled_from([("سنة", "ثلاث سنوات", "P1Y"), ("شهر", "ستة أشهر", "P1M"),
                             ("يوم", "ثلاثة أيام", "P1D"), ("أسبوع", "عشرة أيام", "P1W")]),
       link=st.sampled_from(["بين {a} و{b}", "من {a} إلى {b}"]))
@settings(max_examples=20, deadline=None)
def test_range_opened_by_one_unit(unit, link):
    """``تتراوح بين سنة وثلاث سنوات``: the bare unit that opens the range is a duration of one."""
    a, b, value = unit
    found = extracted("حكم عليهم بالسجن مددا تتراوح " + link.format(a=a, b=b) + ".",
                   dt.date(2021, 6, 8))
    assert found[0] == (a, "DURATION", value) and found[1][1] == "DURATION"


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), d=st.integers(1, 27),
       m=st.sampled_from(sorted(MONTHS)))
@settings(max_examples=30, deadline=None)
def test_either_of_two_days(dct, d, m):
    """``يوم 11 أو 12 مارس``: both days, the first taking the month of the second; ``11 أو
    12 شخصا`` is no date."""
    found = extracted(f"يبدأ الشهر يوم {d} أو {d + 1} {MONTHS[m]}.", dct)
    assert [v[5:] for _, _, v in found] == [f"{m:02d}-{d:02d}", f"{m:02d}-{d + 1:02d}"]
    assert found[0][2][:4] == found[1][2][:4]
    assert extracted(f"حضر {d} أو {d + 1} شخصا.", dct) == []


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
       city=st.sampled_from(["الكويت", "واشنطن", "دبي"]))
@settings(max_examples=30, deadline=None)
def test_kuna_dateline(dct, city):
    """``الكويت - 17 - 8 (كونا) --``: the day and month of the dateline, in the DCT's year
    when the dateline is the DCT; not a score or a range in running text."""
    text = f"{city} - {dct.day} - {dct.month} (كونا) -- دعت الهيئة المواطنين إلى الحضور."
    assert extracted(text, dct)[0] == (f"{dct.day} - {dct.month}", "DATE", dct.isoformat())
    assert extracted(f"فاز الفريق بنتيجة {dct.day} - {dct.month} (كونا) على منافسه.", dct) == []
