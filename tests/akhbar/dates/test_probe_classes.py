"""Classes found by running the extractor over unlabelled ANT v1.1 and SaudiNewsNet text
(issue #22, recall/precision probe): a month after a modifier, a part of a month, durations
said with "about", after durative منذ or with the article on the number, clock times in
parentheses, ages in apposition, and weekdays with a plural direction word."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates
from akhbar.dates import lexicon as lx

DCT = dt.date(2021, 6, 10)  # a Thursday

MODS = {"مطلع": "START", "أوائل": "START", "بداية": "START", "منتصف": "MID", "أواسط": "MID",
        "نهاية": "END", "أواخر": "END"}
# every month name that is also a common word, next to an unambiguous one of the same month
AMBIGUOUS = [("مارس", "آذار", 3), ("آب", "أغسطس", 8), ("ماي", "مايو", 5), ("تموز", "يوليو", 7),
             ("أيار", "مايو", 5), ("جوان", "يونيو", 6)]


def _found(text: str, dct: dt.date = DCT) -> list[tuple[str, str, str | None, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in extract_dates(text, dct)]


@given(mod=st.sampled_from(sorted(MODS)), month=st.sampled_from(AMBIGUOUS),
       dct=st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=80, deadline=None)
def test_modifier_makes_an_ambiguous_month_a_month(mod, month, dct):
    """Metamorphic: after a modifier, an ambiguous month name reads like its unambiguous
    twin (same value, same mod)."""
    amb, plain, _ = month
    a = _found(f"ارتفعت الأسعار منذ {mod} {amb} في الأسواق", dct)
    b = _found(f"ارتفعت الأسعار منذ {mod} {plain} في الأسواق", dct)
    assert len(a) == 1 and a[0][0] == f"{mod} {amb}"
    assert a[0][1:] == b[0][1:] and a[0][3] == MODS[mod]


def test_modifier_before_a_hijri_month_name():
    assert _found("عاد المعتمرون في منتصف رمضان") == [("منتصف رمضان", "DATE", "2021", "MID")]


PARTS = [("الأسبوع الأول", "START"), ("الأسبوع الأخير", "END"), ("النصف الأول", "START"),
         ("النصف الثاني", "END"), ("الأيام الأخيرة", "END"), ("الأيام الأولى", "START")]


@given(part=st.sampled_from(PARTS), month=st.integers(1, 12), dct=st.dates(
    dt.date(2005, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=80, deadline=None)
def test_part_of_a_month_is_the_month_not_a_day(part, month, dct):
    name = next(k for k, v in lx.GREGORIAN_MONTHS.items() if v == month
                and k not in lx.AMBIGUOUS_MONTHS and k.isalpha())
    whole = _found(f"تجرى الانتخابات في {name} في البلاد", dct)
    found = _found(f"تجرى الانتخابات في {part[0]} من {name} في البلاد", dct)
    y, m = int(whole[0][2][:4]), int(whole[0][2][5:])
    first = dt.date(y, m, 1)
    last = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    if part[0] == "الأسبوع الأول" and first.weekday() == 0:  # a whole ISO week (batch E)
        assert found[0][2:] == (f"{y}-W{first.isocalendar()[1]:02d}", None)
    elif part[0] == "الأسبوع الأخير" and last.weekday() == 6:
        assert found[0][2:] == (f"{last.isocalendar()[0]}-W{last.isocalendar()[1]:02d}", None)
    else:  # a week across two months, a half, some days: the month with START/END
        assert found == [(f"{part[0]} من {name}", "DATE", whole[0][2], part[1])]


UNITS = [("يوم", "P1D"), ("أسبوع", "P1W"), ("شهر", "P1M"), ("عام", "P1Y"), ("سنة", "P1Y"),
         ("ساعة", "PT1H"), ("عقد", "P10Y")]


@given(unit=st.sampled_from(UNITS), approx=st.sampled_from(["نحو", "حوالي", "قرابة", "زهاء"]))
@settings(max_examples=40, deadline=None)
def test_about_one_unit_is_an_approximate_duration(unit, approx):
    assert _found(f"استمرت المفاوضات {approx} {unit[0]} في جنيف") == [
        (f"{approx} {unit[0]}", "DURATION", unit[1], "APPROX")]


@given(unit=st.sampled_from(UNITS))
@settings(max_examples=20, deadline=None)
def test_durative_since_one_unit(unit):
    """``منذ أسبوع`` after a state is a duration like ``منذ أسبوعين``; after a punctual
    verb it stays an "ago" date."""
    assert _found(f"والطريق مغلق منذ {unit[0]} بسبب الأشغال") == [
        (unit[0], "DURATION", unit[1], None)]
    assert _found("والطريق مغلق منذ عقود بسبب الأشغال") == [("عقود", "DURATION", "PXDE", None)]
    if unit[0] == "عقد":
        return  # "a decade ago" is not read as a date
    ago = _found(f"وقد بدأت الأشغال منذ {unit[0]}")
    assert ago and ago[0][0] == f"منذ {unit[0]}" and ago[0][1] == "DATE"


def test_since_the_year_is_not_a_duration():
    assert not [f for f in _found("انطلقت السوق منذ عام (1428هـ 2007م) في الطائف")
                if f[1] == "DURATION"]


@given(n=st.integers(2, 99), tatweel=st.booleans(), space=st.booleans(),
       unit=st.sampled_from([("ساعة", "PT{}H"), ("يوما", "P{}D"), ("شهرا", "P{}M"),
                             ("عاما", "P{}Y")]),
       adj=st.sampled_from(["الماضية", "الأخيرة", "المقبلة", ""]))
@settings(max_examples=80, deadline=None)
def test_article_on_a_number(n, tatweel, space, unit, adj):
    """``خلال الـ24 ساعة الماضية`` reads like ``خلال 24 ساعة``, article and adjective inside."""
    art = "الـ" if tatweel else "ال"
    said = f"{art}{' ' if space else ''}{n} {unit[0]}{' ' + adj if adj else ''}"
    assert _found(f"سجلت الوزارة خلال {said} حالات جديدة") == [
        (said, "DURATION", unit[1].format(n), None)]


@pytest.mark.parametrize("said,value", [("العشر سنوات الماضية", "P10Y"),
                                        ("الخمسة أيام المقبلة", "P5D"),
                                        ("السبعة والعشرين شهرا السابقة", "P27M")])
def test_article_on_a_number_in_words(said, value):
    assert _found(f"تراجعت الأرباح خلال {said} بشكل كبير") == [(said, "DURATION", value, None)]


@given(hour=st.integers(1, 11), minute=st.integers(0, 59), paren=st.booleans())
@settings(max_examples=40, deadline=None)
def test_clock_in_parentheses(hour, minute, paren):
    clock = f"{hour}:{minute:02d}"
    said = f"({clock})" if paren else clock
    found = _found(f"تبدأ الهدنة من الساعة {said} مساء بتوقيت اليمن")
    assert found == [(f"الساعة {said} مساء بتوقيت اليمن", "TIME",
                      f"{DCT}T{hour + 12:02d}:{minute:02d}", None)]


@given(age=st.integers(16, 80), unit=st.sampled_from(["عاما", "عامًا", "سنة"]))
@settings(max_examples=40, deadline=None)
def test_age_in_apposition_is_not_a_duration(age, unit):
    assert _found(f"ووقع اللاعب، {age} {unit}، عقدا مع النادي") == []
    assert _found(f"الطفل ({age} {unit}) أصيب في الحادث") == []
    assert _found(f"قضى في السجن {age} {unit} قبل الإفراج عنه")[0][1] == "DURATION"


@given(dct=st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)),
       pair=st.sampled_from([(6, 0), (5, 6), (3, 6), (0, 1)]),
       link=st.sampled_from(["و", "وحتى ", "إلى "]),
       direction=st.sampled_from([("المقبلين", 1), ("القادمين", 1), ("الماضيين", -1)]))
@settings(max_examples=80, deadline=None)
def test_plural_direction_word_covers_both_weekdays(dct, pair, link, direction):
    names = {v: k for k, v in lx.WEEKDAYS.items() if k in (
        "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد")}
    shown = {"الاربعاء": "الأربعاء", "الاحد": "الأحد", "الجمعه": "الجمعة"}
    a, b = (shown.get(names[w], names[w]) for w in pair)
    found = _found(f"يجتمع المجلس {a} {link}{b} {direction[0]} في الرياض", dct)
    days = [dt.date.fromisoformat(v) for _, typ, v, _ in found if typ == "DATE"]
    assert len(days) == 2
    for day in days:
        assert (day - dct).days * direction[1] > 0  # both on the named side of the DCT
        assert abs((day - dct).days) <= 7
