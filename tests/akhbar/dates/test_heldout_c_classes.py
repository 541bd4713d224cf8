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


NUMBER_WORDS = {3: ("الثلاث", "الثلاثة"), 5: ("الخمس", "الخمسة"), 6: ("الست", "الستة"),
                10: ("العشر", "العشرة")}
PLURALS = {"السنوات": "Y", "الأشهر": "M", "الأسابيع": "W", "الأيام": "D"}


@given(n=st.sampled_from(sorted(NUMBER_WORDS)), plural=st.sampled_from(sorted(PLURALS)),
       fem=st.booleans(), tail=st.sampled_from(["الماضية", "التالية", "المقبلة"]),
       lil=st.booleans())
@settings(max_examples=60, deadline=None)
def test_plural_unit_with_a_number_word_after_it(n, plural, fem, tail, lil):
    """``السنوات الخمس الماضية``, ``السنوات العشر التالية``, ``للأشهر الستة المقبلة`` are
    durations, also with a number right after them (``الماضية 30 ألف``)."""
    head = ("لل" + plural[2:]) if lil else plural
    span = f"{head} {NUMBER_WORDS[n][fem]} {tail}"
    unit = PLURALS[plural]
    assert (span, "DURATION", f"P{n}{unit}") in _found(f"لم يتجاوز ما نفذ خلال {span} 30 ألف وحدة")


@given(h=st.sampled_from([("ساعة", 1), ("ساعتين", 2)]), m=st.integers(1, 59))
@settings(max_examples=30, deadline=None)
def test_hours_and_minutes_are_one_duration(h, m):
    """``ساعة و15 دقيقة`` is one duration in minutes."""
    assert _found(f"لا تتجاوز مدة الرحلة {h[0]} و{m} دقيقة") == [
        (f"{h[0]} و{m} دقيقة", "DURATION", f"PT{h[1] * 60 + m}M")]


def test_vague_plurals_and_lone_accusatives():
    """A vague plural before a relative clause after a preposition, ``منذ أيام``, ``أشهرا``,
    ``دام عقدا`` are durations; ``40 عقدا`` (contracts), ``للعقود السابقة`` and ``مضت
    الأيام التي`` are not."""
    assert _found("بدأتها في الأسابيع التي أعقبت وفاة أمي") == [("الأسابيع", "DURATION", "PXW")]
    assert _found("كانوا يراقبونه منذ أيام") == [("أيام", "DURATION", "PXD")]
    assert _found("قد تستغرق المفاوضات أشهرا، كما حدث") == [("أشهرا", "DURATION", "PXM")]
    assert _found("بعد صمت دام عقدا") == [("عقدا", "DURATION", "P10Y")]
    assert _found("شهد اللقاء توقيع أكثر من 40 عقدا وظيفيا") == []
    assert _found("ولا تجديد للعقود السابقة") == []
    assert _found("مضت الأيام التي لم يتمكن فيها الشعب") == []


MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]


@given(dct=st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)), month=st.integers(1, 12),
       day=st.integers(1, 28), old=st.integers(1950, 2000))
@settings(max_examples=60, deadline=None)
def test_direction_word_beats_an_older_year_in_the_sentence(dct, month, day, old):
    """Metamorphic: ``... بدأت في 2016 ... آخرها في 4 ديسمبر الماضي`` resolves like the same
    date without the older year in its sentence (``الماضي`` is relative to the DCT)."""
    date = f"{day} {MONTHS[month - 1]} الماضي"
    alone = _found(f"أجلت القضية 11 مرة، آخرها في {date}", dct)[-1]
    with_year = _found(f"أجلت القضية التي بدأت في عام {old} 11 مرة، آخرها في {date}", dct)[-1]
    assert with_year == alone


@given(dct=st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)), month=st.integers(1, 12),
       day=st.integers(1, 28),
       rel=st.sampled_from([("هذا العام", 0), ("العام المقبل", 1), ("العام الماضي", -1)]))
@settings(max_examples=60, deadline=None)
def test_relative_year_said_before_a_day_gives_its_year(dct, month, day, rel):
    """``تبدأ العطلة هذا العام في 16 تموز``: the day is in the year said just before it."""
    found = _found(f"وتبدأ العطلة القضائية السنوية {rel[0]} في {day} {MONTHS[month - 1]}", dct)
    assert found[-1][2] == f"{dct.year + rel[1]}-{month:02d}-{day:02d}"


HIJRI_MONTHS = ["محرم", "صفر", "ربيع الأول", "ربيع الثاني", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذي القعدة", "ذي الحجة"]


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), month=st.integers(1, 12),
       day=st.integers(1, 28), ahead=st.integers(-1, 1))
@settings(max_examples=60, deadline=None)
def test_hijri_day_without_a_year_takes_its_weekday_year(dct, month, day, ahead):
    """``الجمعة 10 محرم``: of the DCT's Hijri year and either side, the year in which the
    day is that weekday (nearest the DCT)."""
    from akhbar.dates import calendar as cal

    hy = cal.gregorian_to_hijri(dct)[0] + ahead
    g = cal.hijri_to_gregorian(hy, month, day)
    wd = WEEKDAYS[(g.weekday() + 1) % 7]
    found = _found(f"وأعلنت الهيئة أن يوم {wd} {day} {HIJRI_MONTHS[month - 1]} عطلة", dct)
    got = dt.date.fromisoformat(found[-1][2])
    assert got.weekday() == g.weekday()
    assert abs((got - dct).days) <= abs((g - dct).days)


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), month=st.integers(1, 12),
       day=st.integers(1, 28), ahead=st.integers(-1, 1))
@settings(max_examples=40, deadline=None)
def test_hijri_day_takes_the_hijri_year_said_in_its_sentence(dct, month, day, ahead):
    """``المولد يوافق 12 ربيع الأول 1445 هـ، فيما تحيا الليلة مساء 26 رجب``: 1445."""
    from akhbar.dates import calendar as cal

    hy = cal.gregorian_to_hijri(dct)[0] + ahead
    text = (f"المولد يوافق 12 ربيع الأول {hy} هـ، فيما تحيا الليلة مساء {day} "
            f"{HIJRI_MONTHS[month - 1]}")
    g = cal.hijri_to_gregorian(hy, month, day)
    assert _found(text, dct)[-1][2] == f"{g.isoformat()}TEV"


@given(wd=st.sampled_from(WEEKDAYS), d=st.sampled_from(["الماضية", "المقبلة", "الماضي"]))
@settings(max_examples=20, deadline=None)
def test_friday_prayer_and_sermon_with_a_direction(wd, d):
    """``صلاة الجمعة الماضية`` is that Friday's noon (TIME); ``خطبة الجمعة المقبلة`` names a
    date; a sermon without a direction word is not one."""
    friday = _found(f"خطب الإمام الجمعة {d}")[-1][2]
    assert _found(f"سرقوا دراجات أثناء صلاة الجمعة {d}") == [
        (f"صلاة الجمعة {d}", "TIME", f"{friday}TMI")]
    assert _found(f"دعت الهيئة إلى تخصيص خطبة الجمعة {d} للهجرة") == [
        (f"الجمعة {d}", "DATE", friday)]
    assert _found("دعت الهيئة إلى تخصيص خطبة الجمعة للهجرة") == []


@given(hh=st.integers(1, 12), mm=st.integers(0, 59), ampm=st.sampled_from(["AM", "PM"]))
@settings(max_examples=30, deadline=None)
def test_latin_am_pm(hh, mm, ampm):
    """A forum footer ``31-12-2008 , 10:12 AM``: the clock takes AM/PM like صباحا/مساء."""
    h24 = (hh % 12) + (12 if ampm == "PM" else 0)
    assert _found(f"ابو علي | 31-12-2008 , {hh}:{mm:02d} {ampm}")[-1] == (
        f"{hh}:{mm:02d} {ampm}", "TIME", f"2008-12-31T{h24:02d}:{mm:02d}")


@given(a=st.integers(0, 6), link=st.sampled_from(["إلى", "على"]))
@settings(max_examples=14, deadline=None)
def test_night_from_one_day_to_the_next(a, link):
    """``ليلة السبت إلى الأحد``: one TIME, the night of the first day."""
    first, second = WEEKDAYS[a], WEEKDAYS[(a + 1) % 7]
    night = _found(f"وقع الحادث ليلة {first}")[-1][2]
    assert _found(f"وقع الحادث ليلة {first} {link} {second} على الطريق") == [
        (f"ليلة {first} {link} {second}", "TIME", night)]


@given(word=st.sampled_from(["منتصف النهار", "منتصف الليل"]),
       prep=st.sampled_from(["عند", "ابتداء من", "حتى"]))
@settings(max_examples=12, deadline=None)
def test_noon_and_midnight_as_clock_times(word, prep):
    """``ابتداء من منتصف النهار`` is 12:00, ``عند منتصف الليل`` 00:00, like a clock time
    (on the DCT, or generic in a daily schedule)."""
    hhmm = "12:00" if "النهار" in word else "00:00"
    assert _found(f"تعلق القائمات {prep} {word}") == [(word, "TIME", f"2016-02-29T{hhmm}")]
    assert _times(f"يعرض البرنامج يوميا {prep} {word}") == [f"XXXX-XX-XXT{hhmm}"]


@given(m=st.integers(1, 12))
@settings(max_examples=12, deadline=None)
def test_month_said_with_usually_is_generic(m):
    """``يمتد عادة من يوليو إلى سبتمبر``: generic months (XXXX-MM)."""
    assert _found(f"موسم الأمطار يمتد عادة من شهر {MONTHS[m - 1]}")[-1][2] == f"XXXX-{m:02d}"
    assert _found(f"امتد موسم الأمطار من شهر {MONTHS[m - 1]}")[-1][2][:4].isdigit()


@given(m=st.integers(0, 11), kind=st.sampled_from(["هجري", "ميلادي"]))
@settings(max_examples=24, deadline=None)
def test_month_with_this_year_after_it(m, kind):
    """``رمضان هذا العام``, ``يوليو هذا العام``: one expression, as with ``من هذا العام``."""
    month = HIJRI_MONTHS[m] if kind == "هجري" else MONTHS[m]
    with_min = _found(f"تدخل الدراما سباق {month} من هذا العام")
    without = _found(f"تدخل الدراما سباق {month} هذا العام")
    assert [(t, v) for _, t, v in without] == [(t, v) for _, t, v in with_min]
    assert without[0][0] == f"{month} هذا العام"


def test_season_of_a_hijri_month_and_first_day_of_a_hijri_year():
    """``موسم رمضان الماضي`` keeps its head; ``أول أيام السنة الهجرية الجديدة 1445`` is
    1 Muharram 1445."""
    assert _found("أنتجت 32 مسلسلا في موسم رمضان الماضي", dt.date(2009, 8, 20)) == [
        ("موسم رمضان الماضي", "DATE", "2008-09")]
    assert _found("غدا هو أول أيام السنة الهجرية الجديدة 1445", dt.date(2023, 7, 18))[-1] == (
        "أول أيام السنة الهجرية الجديدة 1445", "DATE", "2023-07-19")


@given(a=st.integers(1, 20), n=st.integers(1, 8), m=st.integers(1, 12),
       head=st.sampled_from(["", "يوم "]))
@settings(max_examples=40, deadline=None)
def test_range_start_with_a_weekday_takes_the_end_month(a, n, m, head):
    """``من الخميس 3 إلى الثلاثاء 8 جويلية``: like ``من 3 إلى 8 جويلية``, the start takes the
    month and year of the end, with the weekday in its span."""
    b = a + n
    month = MONTHS[m - 1] if m != 3 else "آذار"
    wd = WEEKDAYS[a % 7]
    named = _found(f"تجرى الدورة من {head}{wd} {a} إلى {WEEKDAYS[b % 7]} {b} {month} المقبل")
    assert named[0][0] == f"{head}{wd} {a}"
    assert named[0][2] == f"{named[1][2][:7]}-{a:02d}"


def test_unit_before_a_year_is_its_head_not_a_duration():
    """``أصابعه العشرة سنة 2002``: ``سنة`` heads the year; no duration ``العشرة سنة``."""
    assert [t for t in _found("يكتب بأصابعه العشرة سنة 2002 لدى بدئه الدراسة")
            if t[1] == "DURATION"] == []
