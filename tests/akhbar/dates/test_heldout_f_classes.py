"""Error classes of the first run on held-out batch F (issue #22, round 2), each fixed as a
general rule: months after شهري and the year a second month shares, the first N months of a
year, school and judicial years, rain seasons and a season's start, a usual
month, a daily range said with a verb of working hours or trading hours, exams, the half of
the day a range crosses or sibling clock times share, a year that is no year (a count)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates
from tests.akhbar.dates.classes import DATES, MONTHS, extracted

HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}


@given(dm=st.integers(1, 3), m=st.integers(5, 10))
@settings(max_examples=30, deadline=None)
def test_two_months_after_shahray_in_a_future_context(dm, m):
    """``متوقعا الانتهاء ... خلال شهري مايو ويونيو`` (said in January): ``شهري`` is in the span
    of the first month, both lie ahead, and the second shares the first's year."""
    dct = dt.date(2008, dm, 14)
    got = extracted(f"متوقعا الانتهاء من الأعمال خلال شهري {MONTHS[m]} و{MONTHS[m + 1]}.", dct)
    assert got == [(f"شهري {MONTHS[m]}", "DATE", f"2008-{m:02d}"),
                   (MONTHS[m + 1], "DATE", f"2008-{m + 1:02d}")]


@given(dct=DATES, n=st.sampled_from(["الأربعة", "الخمسة", "السبعة", "الثمانية", "العشرة"]))
@settings(max_examples=30, deadline=None)
def test_the_first_n_months_have_no_value(dct, n):
    """``الأشهر العشرة الأولى من العام الجاري`` (any number but three and six) is one DATE
    with no value, like nine months; ``الفترة نفسها من عام 2020`` after it is null too."""
    got = extracted(f"بلغ عدد الحوادث خلال الأشهر {n} الأولى من العام الجاري 500 حادث، مقابل 400 في "
                 f"الفترة نفسها من عام {dct.year - 1}.", dct)
    assert got == [(f"الأشهر {n} الأولى من العام الجاري", "DATE", None),
                   (f"الفترة نفسها من عام {dct.year - 1}", "DATE", None)]


@given(dct=DATES, text=st.sampled_from([
    "العام الدراسي الجديد", "العام القضائي", "الموسم المطري الحالي", "السنة الدراسية المقبلة"]))
@settings(max_examples=30, deadline=None)
def test_school_and_judicial_years_and_seasons_have_no_value(dct, text):
    """School and judicial years and rain seasons do not follow the calendar: one DATE with
    no value (a modifier before them gives START/END). School terms, which batch F annotates
    too, are left out after batch G (see test_heldout_g_classes)."""
    assert extracted(f"تحدث الوزير عن {text} أمام النواب.", dct) == [(text, "DATE", None)]
    got = extract_dates(f"تراكمت الأمطار منذ بداية {text} في بيروت.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [(f"بداية {text}", None, "START")]


@given(dct=DATES)
@settings(max_examples=20, deadline=None)
def test_the_start_of_the_season(dct):
    """``منذ بداية الموسم`` is the season's start (no value, START); a same period of last
    year after it has no value either."""
    got = extract_dates("بلغت الأمطار منذ بداية الموسم 412 ملم، مقابل 380 ملم في الفترة نفسها من "
                        "العام الماضي.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [
        ("بداية الموسم", None, "START"), ("الفترة نفسها من العام الماضي", None, None)]


@given(dct=DATES, m=st.integers(1, 12), hijri=st.booleans())
@settings(max_examples=30, deadline=None)
def test_a_usual_month_is_generic(dct, m, hijri):
    """``إلى موعدها المعتاد في شهر مايو``, ``ضعف السيولة أمر معتاد في رمضان``: a usual month is
    generic (``XXXX-05``; a Hijri one has no value)."""
    if hijri:
        assert extracted("وأضاف أن ضعف السيولة أمر معتاد في رمضان.", dct) == [("رمضان", "DATE", None)]
    else:
        assert extracted(f"إعادة الامتحانات إلى موعدها المعتاد في شهر {MONTHS[m]}.", dct) == [
            (f"شهر {MONTHS[m]}", "DATE", f"XXXX-{m:02d}")]


@given(dct=DATES, a=st.integers(6, 10), b=st.integers(6, 11), frame=st.sampled_from([
    "وافتتح المحافظ مساء أمس وحدة جديدة، والتي تعمل على فترتين من {a} صباحا حتى {b} مساء.",
    "في ظل تقليص ساعات التداول إلى أربع ساعات، تبدأ من الساعة {a} صباحا وتنتهي عند {b} مساء."]))
@settings(max_examples=40, deadline=None)
def test_working_and_trading_hours_are_a_schedule(dct, a, b, frame):
    """A range said with a present verb of working hours in its clause (``وتعمل على فترتين من
    الثامنة صباحا حتى العاشرة مساء``), or after ``ساعات التداول``, is a daily schedule even when
    another clause names a day."""
    got = [v for _, typ, v in extracted(frame.format(a=HOURS[a], b=HOURS[b]), dct) if typ == "TIME"
           and v.startswith("XXXX")]
    assert got == [f"XXXX-XX-XXT{a:02d}:00", f"XXXX-XX-XXT{b + 12:02d}:00"]


@given(dct=DATES, h=st.integers(7, 10))
@settings(max_examples=20, deadline=None)
def test_exams_start_at_a_daily_time(dct, h):
    """``الامتحانات ستبدأ في تمام الساعة الثامنة والنصف صباحا`` with no day: the daily start."""
    assert extracted(f"وبين أن الامتحانات ستبدأ في تمام الساعة {HOURS[h]} والنصف صباحا.", dct) == [
        (f"الساعة {HOURS[h]} والنصف صباحا", "TIME", f"XXXX-XX-XXT{h:02d}:30")]


@given(dct=DATES, a=st.integers(9, 11), b=st.integers(1, 4))
@settings(max_examples=30, deadline=None)
def test_a_range_across_noon_and_sibling_clock_times(dct, a, b):
    """``من الحادية عشرة والنصف حتى الثالثة بعد الظهر``: the start is before noon;
    ``من الثامنة صباحا حتى الثانية``: the end after it; kick-offs without a part of the day
    next to one at 19:00 in their sentence are in the afternoon too."""
    got = extracted(f"تعقد الجلسات يوميا من الساعة {HOURS[a]} والنصف حتى {HOURS[b]} بعد الظهر.", dct)
    assert [v for _, typ, v in got if typ == "TIME"] == [f"XXXX-XX-XXT{a:02d}:30",
                                                         f"XXXX-XX-XXT{b + 12:02d}:00"]
    got = extracted(f"يفتح المعرض اليوم من الثامنة صباحا حتى الساعة {HOURS[b]}.", dct)
    assert got[-1][2] == f"{dct.isoformat()}T{b + 12:02d}:00"
    got = extracted(f"ويلتقي الفيصلي مع الوحدات اليوم عند الساعة السابعة مساء، ويلعب الرمثا مع "
                 f"البقعة عند الساعة {HOURS[b + 1]} والنصف.", dct)
    assert got[-1][2] == f"{dct.isoformat()}T{b + 13:02d}:30"


@given(dct=DATES, n=st.integers(2100, 9999))
@settings(max_examples=30, deadline=None)
def test_a_count_after_a_day_is_no_year(dct, n):
    """``منذ 27 أبريل 2140 حالة``: a four-digit number past 2099 after a day and month is a
    count, not its year."""
    got = extracted(f"بلغ إجمالي الحالات منذ 27 أبريل {n} حالة.", dct)
    assert got[0][0] == "27 أبريل" and got[0][2].endswith("-04-27")


@given(dct=DATES, n=st.integers(2, 6), verb=st.sampled_from(["وصلت", "وصل", "بدأت"]))
@settings(max_examples=30, deadline=None)
def test_ago_after_a_verb_and_a_place(dct, n, verb):
    """``المعدات وصلت إلى الموقع منذ أسبوعين``: a punctual verb with a prepositional phrase
    between it and منذ still makes an "ago" (a past ISO week), not a duration."""
    unit = {2: "أسبوعين"}.get(n, f"{n} أسابيع")
    got = extracted(f"وقال إن المعدات {verb} إلى الموقع منذ {unit}، متوقعا الانتهاء قريبا.", dct)
    week = (dct - dt.timedelta(weeks=n)).isocalendar()
    assert got[0] == (f"منذ {unit}", "DATE", f"{week[0]:04d}-W{week[1]:02d}")


@given(dct=DATES, m=st.integers(1, 12))
@settings(max_examples=30, deadline=None)
def test_awwal_before_a_month_is_its_first_day(dct, m):
    """``اعتبارا من أول فبراير``: the first day of the month (like ``غرة``/``فاتح``)."""
    got = extracted(f"يتم تحويل المرور اعتبارا من أول {MONTHS[m]} المقبل ولمدة ثلاثة أشهر.", dct)
    assert got[0][0] == f"أول {MONTHS[m]} المقبل" and got[0][2].endswith(f"-{m:02d}-01")


@given(dct=DATES, n=st.integers(5, 40), unit=st.sampled_from([("دقيقة", "PT{}M"), ("عاما", "P{}Y")]))
@settings(max_examples=30, deadline=None)
def test_the_last_n_units_keep_akhir(dct, n, unit):
    """``في آخر 20 دقيقة``: آخر stays in the duration's span (no mod)."""
    word, value = unit
    got = extract_dates(f"أظهر اللاعبون شخصية البطل في آخر {n} {word}، وما زالت أمامهم مباريات.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [(f"آخر {n} {word}", value.format(n), None)]


@given(dct=DATES)
@settings(max_examples=20, deadline=None)
def test_the_newspaper_alyawm_and_nowadays(dct):
    """«اليوم» in quotes and ``الدمام - اليوم:`` are the newspaper, not today; ``اليوم`` after a
    past state with كان (``كانت الحصة 160 مترا، واليوم لا تتجاوز 61``) or after أما is
    PRESENT_REF; a quote closing a source before اليوم leaves it today."""
    assert extracted("وقال المحلل لـ«اليوم» إن السوق تتحرك.", dct) == []
    assert extracted("الدمام - اليوم:\nأغلق المؤشر مرتفعا.", dct) == []
    assert extracted("في ذلك الوقت كانت الحصة 160 مترا، واليوم لا تتجاوز 61 مترا.", dct)[-1] == (
        "اليوم", "DATE", "PRESENT_REF")
    assert extracted("أما اليوم فأغلبها يتزود مرة واحدة.", dct)[0] == ("اليوم", "DATE", "PRESENT_REF")
    assert extracted('وقال في تصريح لـ"سبأ" اليوم إن الأمطار قليلة.', dct) == [
        ("اليوم", "DATE", dct.isoformat())]


@given(dct=DATES, wd=st.integers(0, 5), sep=st.sampled_from([" - ", "-", " – "]))
@settings(max_examples=30, deadline=None)
def test_the_night_from_one_weekday_to_the_next_with_a_dash(dct, wd, sep):
    """``ليل الاثنين - الثلاثاء`` is one night (TIME ``TNI`` of the Monday), like ``ليلة السبت
    إلى الأحد``; the second weekday is no date of its own."""
    names = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    got = extracted(f"على أن يبلغ المنخفض ذروته ليل {names[wd]}{sep}{names[wd + 1]}.", dct)
    assert len(got) == 1 and got[0][0] == f"ليل {names[wd]}{sep}{names[wd + 1]}"
    assert got[0][1] == "TIME" and got[0][2].endswith("TNI")


@given(dct=DATES, n=st.sampled_from([("عام", 18), ("سنة", 18), ("عامين", 30)]))
@settings(max_examples=20, deadline=None)
def test_a_year_and_a_half(dct, n):
    """``نحو عام ونصف``: eighteen months (``ساعة ونصف`` is PT90M)."""
    word, months = n
    got = extract_dates(f"وانتظم في صرف الأرباح لمدة نحو {word} ونصف قبل أن يتوقف.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [(f"نحو {word} ونصف", f"P{months}M", "APPROX")]


@given(dct=DATES, age=st.integers(18, 90))
@settings(max_examples=20, deadline=None)
def test_an_age_after_initials_in_parentheses(dct, age):
    """``بمعاقبة (ع. م) 46 عاما، صاحب شركة``: an age after a name in parentheses, not a
    duration; ``الطلبة من 20 يوما`` is no age group (days are no age)."""
    assert extracted(f"قضت المحكمة بمعاقبة (ع. م) {age} عاما، صاحب شركة، بالسجن.", dct) == []
    assert extracted("وأن التقديم سيحرم الطلبة من نحو 20 يوما دراسيا.", dct) == [
        ("نحو 20 يوما", "DURATION", "P20D")]


def test_the_hajj_season_under_way():
    """From Shawwal on, ``حتى نهاية موسم الحج`` is this year's season (its pilgrims are
    arriving); a bare one after a past verb is still the last."""
    dct = dt.date(2010, 11, 2)  # 25 Dhu al-Qa'da 1431
    got = extract_dates("لتتوقف بعدها رحلات القدوم إلى المدينة حتى نهاية موسم الحج.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [("نهاية موسم الحج", "2010-11", "END")]
    got = extract_dates("ناقش الاجتماع الصعوبات التي طرأت خلال موسم الحج.", dct)
    assert got[0].value == "2009-11"
