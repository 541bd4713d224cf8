"""Rules of Arabic news dating added for held-out quality (issue #22): hours said without
الساعة, clock ranges, a day of a relative month, seasons without a year, years in words,
duration ranges and age brackets, calendar-year sports seasons."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

DCT = dt.date(2021, 6, 10)  # a Thursday

HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة",
         12: "الثانية عشرة"}
PM_WORDS = ["مساء", "ليلا"]
AM_WORDS = ["صباحا", "فجرا"]


def _found(text: str, dct: dt.date = DCT) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]


@given(hour=st.integers(1, 11), word=st.sampled_from(AM_WORDS + PM_WORDS),
       digits=st.booleans())
@settings(max_examples=60, deadline=None)
def test_hour_with_part_of_day_needs_no_saa(hour, word, digits):
    said = str(hour) if digits else HOURS[hour]
    bare = _found(f"وصل الوفد في {said} {word} إلى المطار", DCT)
    headed = _found(f"وصل الوفد في الساعة {said} {word} إلى المطار", DCT)
    expected = hour + (12 if word in PM_WORDS and hour != 12 else 0)
    if word == "ليلا" and hour < 6:
        expected = hour  # 3 at night is 03:00
    assert bare == [(f"{said} {word}", "TIME", f"{DCT}T{expected:02d}:00")]
    assert headed[0][2] == bare[0][2]  # with or without الساعة: the same time


def test_ordinal_adjective_is_not_an_hour():
    found = _found("وأكد في اتصال مع القناة الإيرانية الثانية مساء أول من أمس")
    assert found == [("مساء أول من أمس", "TIME", "2021-06-08TEV")]


@given(a=st.integers(1, 11), b=st.integers(1, 11), word=st.sampled_from(PM_WORDS + AM_WORDS),
       link=st.sampled_from(["و", "وحتى ", "حتى ", "إلى "]))
@settings(max_examples=60, deadline=None)
def test_clock_range_shares_the_part_of_day(a, b, word, link):
    text = f"تغلق المحال بين الساعة {HOURS[a]} {link}الساعة {HOURS[b]} {word} في المدينة"
    times = [v for _, typ, v in _found(text) if typ == "TIME"]
    pm = word in PM_WORDS
    assert len(times) == 2
    for hour, value in zip((a, b), times, strict=True):
        night_am = word == "ليلا" and hour < 6
        assert value.endswith(f"T{hour + (12 if pm and not night_am else 0):02d}:00")


def test_range_start_without_saa_and_following_day():
    text = ("انقطع التيار من الساعة الثالثة فجرا وحتى التاسعة صباحا من يوم أمس الأربعاء، "
            "وارتفع التلوث بين السابعة والتاسعة صباحا.")
    values = [v for _, typ, v in _found(text) if typ == "TIME"]
    assert values[:2] == ["2021-06-09T03:00", "2021-06-09T09:00"]
    assert values[2:] == ["2021-06-09T07:00", "2021-06-09T09:00"]


@given(dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), day=st.integers(1, 28),
       rel=st.sampled_from([("الجاري", 0), ("الماضي", -1), ("المقبل", 1)]),
       ordinal=st.booleans())
@settings(max_examples=80, deadline=None)
def test_day_of_relative_month(dct, day, rel, ordinal):
    ordinals = {1: "الأول", 2: "الثاني", 3: "الثالث", 5: "الخامس", 8: "الثامن", 10: "العاشر",
                11: "الحادي عشر", 20: "العشرين", 21: "الحادي والعشرين"}
    said = ordinals.get(day, str(day)) if ordinal else str(day)
    found = _found(f"ويعقد المؤتمر في {said} من الشهر {rel[0]} في الرياض", dct)
    y, m = divmod(dct.year * 12 + dct.month - 1 + rel[1], 12)
    assert found == [(f"{said} من الشهر {rel[0]}", "DATE", dt.date(y, m + 1, day).isoformat())]


def test_day_of_the_same_month_gregorian_and_hijri():
    text = ("تنطلق البطولة في الخامس من يناير المقبل، ويلعب المنتخب يوم الأربعاء الحادي عشر من "
            "الشهر نفسه.")
    assert _found(text, dt.date(2018, 12, 30))[-1] == (
        "يوم الأربعاء الحادي عشر من الشهر نفسه", "DATE", "2019-01-11")
    text = ("يلعب الفريق يوم الخميس الخامس من شهر ذي القعدة، ويواجه الرائد يوم الخميس 12 من "
            "الشهر ذاته.")
    last = extract_dates(text, dt.date(2015, 8, 9))[-1]
    assert (last.value, last.calendar) == ("2015-08-27", "hijri")  # 12 Dhu al-Qa'da 1436


def test_a_quarter_of_the_month_is_not_a_day():
    assert not [v for _, _, v in _found("في الربع الأول من الشهر الجاري") if v == "2021-06-01"]


UNITS = {1: "واحد", 2: "اثنين", 3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة",
         8: "ثمانية", 9: "تسعة"}
TENS = {1: "عشرة", 2: "عشرين", 3: "ثلاثين", 4: "أربعين", 5: "خمسين", 6: "ستين", 7: "سبعين",
        8: "ثمانين", 9: "تسعين"}


def _year_words(year: int) -> str:
    head = "ألفين" if year >= 2000 else "ألف وتسعمائة"
    rest = year % 100
    tens, units = divmod(rest, 10)
    if rest == 0:
        return head
    if rest < 10:
        tail = UNITS[units]
    elif rest == 10:
        tail = "عشرة"
    elif rest < 20:
        tail = {11: "أحد عشر", 12: "اثني عشر"}.get(rest, f"{UNITS[units]} عشر")
    else:
        tail = f"{UNITS[units]} و{TENS[tens]}" if units else TENS[tens]
    return f"{head} و{tail}"


@given(year=st.integers(1900, 2099), head=st.sampled_from(["عام", "العام", "سنة"]))
@settings(max_examples=80, deadline=None)
def test_year_in_words(year, head):
    words = _year_words(year)
    assert _found(f"تأسست الشركة في {head} {words} في القاهرة") == [
        (f"{head} {words}", "DATE", f"{year}")]


@pytest.mark.parametrize("text,dct,value", [
    ("عاد الطلب منذ مطلع الصيف", dt.date(2017, 10, 1), "2017-SU"),
    ("تراجع الإنتاج طوال فصل الربيع", dt.date(2017, 10, 1), "2017-SP"),
    ("تراجع الإنتاج طوال فصل الصيف", dt.date(2017, 3, 1), "2016-SU"),
    ("ستجرى الانتخابات في أوائل الخريف", dt.date(2015, 8, 2), "2015-FA"),
    ("فرضت الدول إغلاقا في ربيع العام الجاري", dt.date(2020, 12, 31), "2020-SP"),
    ("سافر في صيف العام الماضي", dt.date(2020, 12, 31), "2019-SU"),
])
def test_seasons_without_a_year(text, dct, value):
    assert [v for _, _, v in _found(text, dct)] == [value]


def test_a_recurring_season_is_not_this_years():
    found = _found("تنقطع الكهرباء في فصل الصيف من كل عام", dt.date(2015, 8, 3))
    assert ("فصل الصيف", "DATE", "2015-SU") not in found


@given(a=st.integers(2, 40), d=st.integers(1, 40),
       unit=st.sampled_from([("ساعة", "PT{}H"), ("سنوات", "P{}Y"), ("يوما", "P{}D")]),
       link=st.sampled_from([("من", "إلى"), ("بين", "و")]))
@settings(max_examples=60, deadline=None)
def test_duration_range_start_takes_the_unit(a, d, unit, link):
    b = a + d
    text = f"يستغرق العمل {link[0]} {a} {link[1]} {b} {unit[0]} في المصنع"
    durations = [v for _, typ, v in _found(text) if typ == "DURATION"]
    assert durations == [unit[1].format(a), unit[1].format(b)]


@given(a=st.integers(10, 30), d=st.integers(1, 40))
@settings(max_examples=30, deadline=None)
def test_age_bracket_is_not_a_duration(a, d):
    for text in (f"شارك شبان في الفئة العمرية من {a} إلى {a + d} عاما في الاستطلاع",
                 f"يلعب منتخب ألمانيا لأقل من {a} سنة غدا"):
        assert not [v for _, typ, v in _found(text) if typ == "DURATION"]


def test_tennis_season_is_the_calendar_year():
    text = "فاز فيدرر ببطولة ميامي المفتوحة للتنس، وهو ثالث ألقابه هذا الموسم."
    assert _found(text, dt.date(2017, 4, 1)) == [("هذا الموسم", "DATE", "2017")]
    football = "سجل المهاجم هدفه العاشر في الدوري هذا الموسم."
    assert _found(football, dt.date(2017, 4, 1)) == [("هذا الموسم", "DATE", None)]


@pytest.mark.parametrize("text,found", [
    ("أوضح أن التحضيرات بدأت منذ أسبوع.", ("منذ أسبوع", "DATE", "2021-W22")),
    ("وكان الوفد قد وصل منذ يومين إلى العاصمة", ("منذ يومين", "DATE", "2021-06-08")),
    ("اندلعت الحرب منذ 3 سنوات", ("منذ 3 سنوات", "DATE", "2018")),
    # durative: an ongoing state, or no punctual verb right before
    ("يعاني السكان من انقطاعات منذ ثلاث سنوات", ("ثلاث سنوات", "DURATION", "P3Y")),
    ("وصل عدد اللاجئين منذ عامين إلى مليون", ("عامين", "DURATION", "P2Y")),
])
def test_since_after_a_punctual_verb_is_ago(text, found):
    assert _found(text) == [found]
