"""Error classes of the first run on held-out batch H (issue #22, round 3), each fixed as a
general rule: midnight of a named day, a weekly range of weekdays before a clock time, a
clock time with ``من يوم`` and its date in one span, a Hijri (or Gregorian) month with
``لعام`` and its year, a Hijri day the text equates with a Gregorian one, age ranges in two
units, one unit with ``إضافي``, a length after a verb of delay, ``للعام 2023``."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_article_dates
from tests.akhbar.dates.classes import DATES, MONTHS, WEEKDAYS, extracted

HOURS = {8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة", 5: "الخامسة",
         6: "السادسة", 7: "السابعة"}


@given(dct=DATES, wd=st.integers(0, 6))
@settings(max_examples=40, deadline=None)
def test_midnight_of_a_day_is_the_next_days_zero_hour(dct, wd):
    """``منتصف ليل الأحد`` is the midnight that ends Sunday: 00:00 of the day after the
    Sunday that the bare weekday names (metamorphic: one day after ``ليل الأحد``)."""
    night = {(t, v) for t, _, v in extracted(f"انتهت الحملة ليل {WEEKDAYS[wd]}.", dct)}
    (_, value), = night
    day = dt.date.fromisoformat(value[:10])
    assert extracted(f"انتهت الحملة منتصف ليل {WEEKDAYS[wd]}.", dct) == [
        (f"منتصف ليل {WEEKDAYS[wd]}", "TIME", f"{day + dt.timedelta(days=1)}T00:00")]


@given(dct=DATES, a=st.integers(0, 6), b=st.integers(0, 6), hour=st.sampled_from(sorted(HOURS)),
       verb=st.sampled_from(["وتقدم العروض", "يفتح المتحف أبوابه", "تقام الحصص"]),
       prep=st.sampled_from(["عند الساعة", "من الساعة", "في الساعة", "، الساعة"]))
@settings(max_examples=60, deadline=None)
def test_a_range_of_weekdays_before_a_clock_time_is_weekly(dct, a, b, hour, verb, prep):
    """``من الأربعاء إلى الأحد عند الساعة الثامنة والنصف مساء``: both weekdays are a SET
    (P1W) and the clock time has no day; without the clock time they stay days."""
    if a == b:
        return
    text = f"{verb} من {WEEKDAYS[a]} إلى {WEEKDAYS[b]} {prep} {HOURS[hour]} مساء."
    found = extracted(text, dct)
    assert found[:2] == [(WEEKDAYS[a], "SET", "P1W"), (WEEKDAYS[b], "SET", "P1W")]
    assert found[2][1:] == ("TIME", f"XXXX-XX-XXT{hour + 12:02d}:00")
    plain = extracted(f"{verb} من {WEEKDAYS[a]} إلى {WEEKDAYS[b]}.", dct)
    assert [t for _, t, _ in plain] == ["DATE", "DATE"]


@given(day=st.dates(dt.date(2005, 1, 1), dt.date(2028, 12, 31)),
       sfx=st.sampled_from([("ليلا", 22, 10), ("صباحا", 8, 8), ("مساء", 19, 7)]))
@settings(max_examples=40, deadline=None)
def test_a_clock_time_with_its_full_date_after_min_yawm_is_one_span(day, sfx):
    """``الساعة العاشرة ليلا من يوم السبت 22 جويلية 2017``: one TIME on that date, however
    far from the DCT; the weekday pins the bare mentions of it elsewhere."""
    word, hhmm, said = sfx
    wd = WEEKDAYS[day.weekday()]
    date = f"{day.day} {MONTHS[day.month]} {day.year}"
    span = f"الساعة {HOURS[said]} {word} من يوم {wd} {date}"
    dct = day - dt.timedelta(days=2)
    assert extracted(f"ينقطع الماء من {span} إلى الظهر.", dct)[0] == (
        span, "TIME", f"{day}T{hhmm:02d}:00")
    fields = {"title": f"انقطاع الماء ليل {wd}", "body": f"ينقطع الماء من {span}."}
    title = [t for t in extract_article_dates(fields, dct) if t.field == "title"]
    assert [t.value for t in title] == [f"{day}TNI"]


@given(y=st.integers(1430, 1460),
       month=st.sampled_from([("رمضان المبارك", 9), ("شوال", 10), ("ذي الحجة", 12)]),
       head=st.sampled_from(["لعام", "من عام", "عام"]))
@settings(max_examples=40, deadline=None)
def test_a_hijri_month_with_its_year_is_one_span(y, month, head):
    """``شهر رمضان المبارك لعام 1446 هـ``: one DATE (the Gregorian month containing it), not
    a month and a separate Hijri year; ``لعام`` joins a Gregorian month to its year too."""
    from akhbar.dates import calendar as cal
    name, number = month
    span = f"شهر {name} {head} {y} هـ"
    found = extracted(f"أعلنت الوزارة أن هلال {span} لم يثبت.", dt.date(2020, 1, 1))
    assert found == [(span, "DATE", cal.hijri_month_value(y, number))]
    assert extracted("صدر التقرير في شهر مارس لعام 2024.", dt.date(2025, 1, 1)) == [
        ("شهر مارس لعام 2024", "DATE", "2024-03")]


@given(shift=st.sampled_from([1, -1, 2]), y=st.integers(1435, 1455),
       link=st.sampled_from(["سيكون يوم", "هو", "يوافق"]))
@settings(max_examples=30, deadline=None)
def test_a_hijri_day_equated_with_a_gregorian_day_takes_the_text_date(shift, y, link):
    """``فاتح شهر رمضان سيكون يوم الأحد 2 مارس 2025``: the text's date wins over the Umm
    al-Qura conversion (a day or two off where the month is begun by sighting), for every
    day of that month in the article (the title's ``أول أيام شهر رمضان`` too); a date more
    than two days off is not an observation and changes nothing."""
    from akhbar.dates import calendar as cal
    start = cal.hijri_to_gregorian(y, 9, 1)
    seen = start + dt.timedelta(days=shift)
    dct = start - dt.timedelta(days=2)
    date = f"{WEEKDAYS[seen.weekday()]} {seen.day} {MONTHS[seen.month]} {seen.year}"
    fields = {"title": "أول أيام شهر رمضان", "body": f"وأن فاتح شهر رمضان {link} {date}."}
    got = {(t.field, t.text): t.value for t in extract_article_dates(fields, dct)}
    assert got[("title", "أول أيام شهر رمضان")] == str(seen)
    assert got[("body", "فاتح شهر رمضان")] == str(seen)
    far = start + dt.timedelta(days=5)
    date = f"{WEEKDAYS[far.weekday()]} {far.day} {MONTHS[far.month]} {far.year}"
    got = extracted(f"وأن فاتح شهر رمضان {link} {date}.", dct)
    assert got[0] == ("فاتح شهر رمضان", "DATE", str(start))


@given(dct=DATES, a=st.sampled_from(["تسعة أشهر", "ستة أشهر", "سنة", "ثلاثة أشهر"]),
       b=st.sampled_from(["وست سنوات", "و14 عاما", "وخمس سنوات", "إلى 12 عاما"]),
       head=st.sampled_from(["تتراوح أعمارهم بين", "الذين تتراوح أعمارهم بين", "في الفئة العمرية من"]))
@settings(max_examples=40, deadline=None)
def test_an_age_range_in_two_units_is_no_duration(dct, a, b, head):
    """``أعمارهم بين تسعة أشهر وست سنوات``: an age range, nothing annotated; the same range
    said of a length of time (``استمرت الحرب بين ستة أشهر وسنتين``) keeps its durations."""
    if head.endswith("من") and b.startswith("و"):
        b = "إلى " + b[1:]
    if not head.endswith("من") and b.startswith("إلى"):
        b = "و" + b[4:]
    assert extracted(f"تستهدف الحملة الأطفال {head} {a} {b} في المحافظات.", dct) == []
    assert [t for _, t, _ in extracted("استمرت الحرب بين ستة أشهر وسنتين.", dct)] == [
        "DURATION", "DURATION"]


@given(dct=DATES, unit=st.sampled_from([("ساعة إضافية", "PT1H"), ("يوما إضافيا", "P1D"),
                                        ("أسبوعا إضافيا", "P1W"), ("شهرا إضافيا", "P1M")]))
@settings(max_examples=20, deadline=None)
def test_one_unit_with_idafi_is_a_duration(dct, unit):
    """``تمديد ساعة إضافية``: one unit with ``إضافي`` is a length of one unit, the adjective
    in the span (batches F and H; after a number, ``أربعة أسابيع [إضافية]``, it stays out)."""
    span, value = unit
    assert extracted(f"مع إمكانية تمديد {span} في بعض الولايات.", dct) == [(span, "DURATION", value)]
    assert extracted("يستمر العمل أربعة أسابيع إضافية.", dct) == [("أربعة أسابيع", "DURATION", "P4W")]
    assert extracted("تمديد العمل بالمخطط ل60 يوما إضافيا.", dct) == [("60 يوما", "DURATION", "P60D")]


@given(dct=DATES, verb=st.sampled_from(["تأخر", "تأخرت", "تأجل"]),
       unit=st.sampled_from([("أسبوعا", "P1W"), ("يوما", "P1D"), ("شهرا", "P1M")]))
@settings(max_examples=20, deadline=None)
def test_a_length_after_a_verb_of_delay(dct, verb, unit):
    """``بعد أن تأخر أسبوعا``: one unit right after a verb of delay is a duration."""
    span, value = unit
    assert extracted(f"انتظم الدوام بعد أن {verb} {span} بسبب الإضراب.", dct) == [
        (span, "DURATION", value)]


@given(dct=DATES, y=st.integers(1990, 2035), head=st.sampled_from(["للعام", "للسنة"]))
@settings(max_examples=20, deadline=None)
def test_fused_lil_before_a_year_stays_in_the_span(dct, y, head):
    """``للعام 2023``: the fused ل+ال stays inside the span (guidelines, as ``للعام نفسه``);
    ``لعام 2023`` keeps its ل outside."""
    assert extracted(f"فتح باب التسجيل للامتحان {head} {y} أمس.", dct)[0] == (
        f"{head} {y}", "DATE", str(y))
    assert extracted(f"فتح باب التسجيل للامتحان لعام {y} أمس.", dct)[0] == (
        f"عام {y}", "DATE", str(y))


# --- the day of a clock time (TIME values of batches A-H read together) --------------------
FILLER = ("وأوضحت المصادر أن اللجنة استمعت إلى عدد كبير من الشهود والخبراء في القضية التي "
          "شغلت الرأي العام طويلا، وأن الدفاع قدم مذكرات مطولة تطالب بالإفراج عن المتهمين. ")


@given(monday=st.dates(dt.date(2005, 1, 3), dt.date(2028, 12, 25)).map(
    lambda d: d - dt.timedelta(days=d.weekday())), back=st.integers(4, 8))
@settings(max_examples=40, deadline=None)
def test_clock_times_of_weekdays_follow_the_dated_weekday_ahead(monday, back):
    """``يوم الاثنين 3 كانون الأول`` pins Monday for the clock time ``الساعة العاشرة من صباح
    يوم الاثنين`` said later, and ``مساء الثلاثاء`` after it in its sentence is the Tuesday
    after that Monday (not the bare weekday's past one)."""
    dct = monday - dt.timedelta(days=back)
    text = (f"تنطلق أعمال المؤتمر يوم الاثنين {monday.day} {MONTHS[monday.month]} المقبل. "
            "وقال العميد إن حفل الافتتاح سيقام في الساعة العاشرة من صباح يوم الاثنين، "
            "إضافة إلى ندوة عند الساعة السادسة من مساء الثلاثاء.")
    times = [v for _, t, v in extracted(text, dct) if t == "TIME"]
    assert times == [f"{monday}T10:00", f"{monday + dt.timedelta(days=1)}T18:00"]


@given(dct=DATES, deictic=st.sampled_from([("بعد غد الخميس", 2), ("غدا الخميس", 1)]),
       verb=st.sampled_from(["ستفتح", "سيفتح"]))
@settings(max_examples=30, deadline=None)
def test_doors_to_open_on_one_coming_day_are_that_day(dct, deictic, verb):
    """``ستفتح مكاتب التصويت أبوابها على الساعة الثامنة صباحا`` after ``بعد غد الخميس`` in
    the sentence before: that Thursday (one occasion), not opening hours; ``تفتح ... يوميا``
    stays a schedule."""
    phrase, step = deictic
    day = dct + dt.timedelta(days=step)
    if day.weekday() != 3:
        dct = dct + dt.timedelta(days=(3 - day.weekday()) % 7)
        day = dct + dt.timedelta(days=step)
    text = (f"يتوجه الناخبون {phrase} إلى مكاتب الاقتراع لاختيار رئيس. "
            f"وأوضحت الوزارة أن المكاتب {verb} أبوابها على الساعة الثامنة صباحا.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [f"{day}T08:00"]
    text = text.replace(f"{verb} أبوابها", "تفتح أبوابها يوميا")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == ["XXXX-XX-XXT08:00"]


@given(dct=DATES, days=st.sampled_from(["خلال الأيام المقبلة", "طوال الأيام القادمة"]))
@settings(max_examples=20, deadline=None)
def test_a_clock_range_said_of_some_days_to_come_has_no_day(dct, days):
    """``تجنب الشمس بين الحادية عشرة صباحا والرابعة عصرا ... خلال الأيام المقبلة``: hours
    on each of those days; with a day named before the range it keeps that day."""
    text = (f"ودعت الهيئة إلى تجنب الشمس بين الحادية عشرة صباحا والرابعة عصرا، متوقعة "
            f"ارتفاع الحرارة {days}.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [
        "XXXX-XX-XXT11:00", "XXXX-XX-XXT16:00"]
    dated = "حددت الجلسة يوم الثلاثاء عند الساعة الحادية عشرة صباحا، وستتكثف الاتصالات " + days + "."
    assert all(not v.startswith("XXXX") for _, t, v in extracted(dated, dct) if t == "TIME")


@given(dct=DATES)
@settings(max_examples=20, deadline=None)
def test_a_past_clock_time_far_from_any_day_takes_the_storys_day(dct):
    """``جلستها المنعقدة أمس الاثنين`` ... (a paragraph) ... ``وشهدت الجلسة حضور مودعين
    تجمعوا منذ الثامنة صباحا``: the day of the story (yesterday), not the DCT; when the field
    names the DCT too, the clock time stays on the DCT."""
    yesterday = dct - dt.timedelta(days=1)
    wd = WEEKDAYS[yesterday.weekday()]
    text = (f"قررت المحكمة في جلستها المنعقدة أمس {wd} تأجيل المحاكمة. " + FILLER * 3
            + "وشهدت الجلسة حضور مودعين تجمعوا أمام المحكمة منذ الثامنة صباحا.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [f"{yesterday}T08:00"]
    text = text.replace("تأجيل المحاكمة.", "تأجيل المحاكمة، على أن تنظر اليوم في طلب آخر.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [f"{dct}T08:00"]


@given(dct=DATES)
@settings(max_examples=10, deadline=None)
def test_since_early_morning(dct):
    """``منذ الصباح الباكر``: the morning of the DCT."""
    assert extracted("وسجلت غرف العمليات 14 حادثا بسيطا منذ الصباح الباكر.", dct) == [
        ("الصباح الباكر", "TIME", f"{dct}TMO")]


@given(day=st.dates(dt.date(2005, 1, 1), dt.date(2028, 12, 31)), back=st.integers(1, 5))
@settings(max_examples=30, deadline=None)
def test_midnight_of_a_pinned_weekday(day, back):
    """``منتصف ليل الجمعة`` when the article dates that Friday elsewhere: 00:00 of the day
    after the pinned day (the weekday passes that move a day come first)."""
    wd = WEEKDAYS[day.weekday()]
    dct = day + dt.timedelta(days=back)
    text = (f"بدأت الاحتجاجات يوم {wd} {day.day} {MONTHS[day.month]}. "
            f"وفي حوالي منتصف ليل {wd} عاد الهدوء إلى المكان.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [
        f"{day + dt.timedelta(days=1)}T00:00"]


@given(y=st.integers(1950, 2070), month=st.sampled_from([("رمضان", 9), ("شوال", 10), ("محرم", 1)]))
@settings(max_examples=30, deadline=None)
def test_a_hijri_month_with_a_gregorian_year(y, month):
    """``شهر رمضان لسنة 2017``: the Hijri month that begins in that Gregorian year."""
    from akhbar.dates import calendar as cal
    name, number = month
    found = extracted(f"ارتفعت الحوادث خلال شهر {name} لسنة {y} بنسبة كبيرة.", dt.date(2020, 1, 1))
    assert len(found) == 1 and found[0][0] == f"شهر {name} لسنة {y}"
    begins = [h for h in range(1360, 1500) if cal.hijri_to_gregorian(h, number, 1)
              and cal.hijri_to_gregorian(h, number, 1).year == y]
    assert found[0][2] == cal.hijri_month_value(begins[0], number)
