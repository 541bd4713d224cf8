"""General classes fixed before held-out batches D and E (issue #22), from batch C's
leftovers and the guidelines, without new gold: anaphoric years after a month or day
(``نيسان من ذلك العام``), a day of "it" (``العاشر منه``), prayer times said alone after a
preposition (``حتى الظهر``, ``بعد المغرب``), a quarter or half of a named fiscal year."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

DCT = dt.date(2017, 6, 14)
MONTHS = {1: "يناير", 2: "فبراير", 3: "مارس", 4: "أبريل", 5: "مايو", 6: "يونيو", 7: "يوليو",
          8: "أغسطس", 9: "سبتمبر", 10: "أكتوبر", 11: "نوفمبر", 12: "ديسمبر"}
LEVANTINE = {1: "كانون الثاني", 4: "نيسان", 7: "تموز", 9: "أيلول", 12: "كانون الأول"}
ORDINAL_DAYS = {1: "الأول", 2: "الثاني", 5: "الخامس", 10: "العاشر", 15: "الخامس عشر",
                20: "العشرين", 27: "السابع والعشرين"}
ANAPHORIC_YEARS = ["من ذلك العام", "من تلك السنة", "من العام نفسه", "من السنة نفسها",
                   "من نفس العام", "من العام ذاته"]


def _found(text: str, dct: dt.date | None = DCT) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]


@given(year=st.integers(1950, 2012), m1=st.sampled_from(sorted(MONTHS)),
       m2=st.sampled_from(sorted(LEVANTINE)), tail=st.sampled_from(ANAPHORIC_YEARS))
@settings(max_examples=50, deadline=None)
def test_month_of_that_year_takes_the_antecedent_year(year, m1, m2, tail):
    """Metamorphic: ``<month> من ذلك العام`` is one expression whose year is the last year
    named before it, whatever that year; with a relative tail the DCT decides instead."""
    text = (f"زار الرئيس المدينة في {MONTHS[m1]} {year}، وبعد أشهر، في {LEVANTINE[m2]} {tail}، "
            "سقط النظام.")
    last = _found(text)[-1]
    assert last == (f"{LEVANTINE[m2]} {tail}", "DATE", f"{year:04d}-{m2:02d}")
    rel = _found(text.replace(tail, "من العام الماضي"))[-1]
    assert rel == (f"{LEVANTINE[m2]} من العام الماضي", "DATE", f"{DCT.year - 1}-{m2:02d}")


@given(year=st.integers(1990, 2016), d=st.integers(1, 28), tail=st.sampled_from(ANAPHORIC_YEARS))
@settings(max_examples=30, deadline=None)
def test_day_of_that_year(year, d, tail):
    """A day and month with an anaphoric year: the antecedent's year, in one span."""
    text = f"بدأت المحاكمة عام {year}، وفي {d} مارس {tail} صدر الحكم."
    assert _found(text)[-1] == (f"{d} مارس {tail}", "DATE", f"{year:04d}-03-{d:02d}")


@given(year=st.integers(1990, 2020), m=st.sampled_from(sorted(MONTHS)),
       d=st.sampled_from(sorted(ORDINAL_DAYS)),
       before=st.sampled_from(["في", "حتى", "يوم", "وفي"]))
@settings(max_examples=50, deadline=None)
def test_day_of_it_takes_the_month_named_before(year, m, d, before):
    """``بدأت في مارس 2015 وانتهت في العاشر منه``: day ``d`` of the month named before;
    the same ordinal with no month before it, or not after a time word, is no date."""
    text = f"بدأت الحملة في {MONTHS[m]} {year} وانتهت {before} {ORDINAL_DAYS[d]} منه."
    found = _found(text)
    head = "يوم " if before == "يوم" else ""
    assert found[-1] == (f"{head}{ORDINAL_DAYS[d]} منه", "DATE", f"{year:04d}-{m:02d}-{d:02d}")
    assert _found(f"انتهت الحملة {before} {ORDINAL_DAYS[d]} منه.") == []
    assert _found(f"بدأت الحملة في {MONTHS[m]} {year} وأخذ الجزء {ORDINAL_DAYS[d]} منه.")[1:] == []


def test_day_of_it_after_a_hijri_date_is_of_its_hijri_month():
    """``غرة محرم 1445 هـ والعاشر منه``: 10 Muharram 1445 (a Friday, 2023-07-28)."""
    found = _found("أعلنت الأوقاف أن غرة محرم 1445 هـ والعاشر منه يوافق الجمعة.", dt.date(2023, 7, 18))
    assert ("العاشر منه", "DATE", "2023-07-28") in found


PRAYERS = {"الفجر": "MO", "الظهر": "MI", "العصر": "AF", "المغرب": "EV"}


@given(prayer=st.sampled_from(sorted(PRAYERS)), prep=st.sampled_from(["عند", "حتى", "منذ"]))
@settings(max_examples=30, deadline=None)
def test_prayer_time_alone_after_a_preposition(prayer, prep):
    """A prayer time said alone after a time preposition is a part of the day: on the day of
    the sentence, with no day in a daily schedule or a habit; the same word followed by a
    word with the article (``العصر الحجري``, ``المغرب العربي``) or a relative pronoun is not."""
    code = PRAYERS[prayer]
    assert _found(f"أغلق المطار أمس {prep} {prayer} بسبب الرماد.")[-1] == (
        prayer, "TIME", f"2017-06-13T{code}")
    assert _found(f"كانت الناس تخرج {prep} {prayer} إلى السوق.") == [
        (prayer, "TIME", f"XXXX-XX-XXT{code}")]
    assert _found(f"يفتح المكتب يوميا من الساعة السادسة صباحا {prep} {prayer}.")[-1] == (
        prayer, "TIME", f"XXXX-XX-XXT{code}")
    assert _found(f"تراجع الإنتاج {prep} {prayer} الحجري والعربي.") == []
    assert _found(f"جاءت تونس ثانية {prep} {prayer} التي تصدرت القائمة.") == []


def test_prayer_words_that_are_no_time_alone():
    """``بعد الظهر`` stays one part of the day (afternoon), ``قبل الظهر`` is an a.m. marker,
    ``إلى المغرب`` is Morocco."""
    assert _found("وصل الوفد بعد الظهر إلى المطار.") == [("بعد الظهر", "TIME", "2017-06-14TAF")]
    assert _found("عاد الوفد إلى المغرب.") == []
    assert _found("الجلسة عند الساعة الحادية عشرة قبل الظهر.") == [
        ("الساعة الحادية عشرة قبل الظهر", "TIME", "2017-06-14T11:00")]


@given(year=st.integers(2000, 2030), n=st.sampled_from([("الأول", "Q1"), ("الثاني", "Q2"),
                                                          ("الثالث", "Q3"), ("الرابع", "Q4")]),
       head=st.sampled_from(["العام المالي", "السنة المالية"]))
@settings(max_examples=30, deadline=None)
def test_quarter_of_a_named_fiscal_year(year, n, head):
    """``الربع الأول من العام المالي 2016`` is one expression (the calendar quarter, as for
    ``الربع الأول من عام 2016``); a split fiscal year stays one null DATE."""
    word, q = n
    assert _found(f"ارتفعت الأرباح في الربع {word} من {head} {year} بنسبة 5%.") == [
        (f"الربع {word} من {head} {year}", "DATE", f"{year}-{q}")]
    assert _found(f"ارتفعت الأرباح في الربع {word} من عام {year} بنسبة 5%.") == [
        (f"الربع {word} من عام {year}", "DATE", f"{year}-{q}")]


UNITS = {"ثلاثة أيام": 3, "يومين": 2, "أسبوعين": 14}


@given(unit=st.sampled_from(sorted(UNITS)), verb=st.sampled_from(["سيعقد", "ستبدأ", "سوف يبدأ"]))
@settings(max_examples=20, deadline=None)
def test_after_n_units_with_a_future_verb_after_it(unit, verb):
    """``بعد ثلاثة أيام سيعقد المؤتمر`` is a date ahead, as when the future verb comes first;
    without a future verb it stays a duration."""
    ahead = _found(f"بعد {unit} {verb} المؤتمر.")
    assert ahead == _found(f"{verb} المؤتمر بعد {unit}.")[-1:]
    assert ahead[0][0] == f"بعد {unit}" and ahead[0][1] == "DATE"
    assert _found(f"بعد {unit} عاد الوفد.") == [(unit, "DURATION", _found(unit)[0][2])]


HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}
WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]


@given(a=st.integers(7, 11), b=st.integers(1, 10), w1=st.integers(0, 6), w2=st.integers(0, 6),
       period=st.sampled_from(["طوال شهر رمضان", "خلال أيام المعرض", "طيلة فصل الصيف"]))
@settings(max_examples=40, deadline=None)
def test_clock_range_over_weekdays_or_a_period_is_a_schedule(a, b, w1, w2, period):
    """Metamorphic: opening hours followed by a range of weekdays or a period recur daily
    (clock times ``XXXX-XX-XXThh:mm``, the weekdays SET ``P1W``); the same range followed by
    one day (``من يوم السبت``) is on that day, the part of the day inside its span."""
    rng = f"من الساعة {HOURS[a]} صباحا إلى الساعة {HOURS[b]} مساء"
    sched = _found(f"يستقبل المتحف زواره {rng} من {WEEKDAYS[w1]} إلى {WEEKDAYS[w2]}.")
    assert [v for _, _, v in sched] == [f"XXXX-XX-XXT{a:02d}:00", f"XXXX-XX-XXT{b + 12:02d}:00",
                                         "P1W", "P1W"]
    assert [v for _, t, v in _found(f"تفتح الأسواق {rng} {period}.") if t == "TIME"] == [
        f"XXXX-XX-XXT{a:02d}:00", f"XXXX-XX-XXT{b + 12:02d}:00"]
    once = _found(f"أغلقت الشرطة الطريق {rng} من يوم {WEEKDAYS[w1]} الماضي.")
    assert once[-1][0] == f"الساعة {HOURS[b]} مساء من يوم {WEEKDAYS[w1]} الماضي"
    day = once[-1][2][:10]
    assert [v for _, _, v in once] == [f"{day}T{a:02d}:00", f"{day}T{b + 12:02d}:00"]


@given(pod=st.sampled_from([("صباح", "MO"), ("مساء", "EV"), ("فجر", "MO"), ("ظهر", "MI")]),
       dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=30, deadline=None)
def test_part_of_day_of_tomorrow(pod, dct):
    """``صباح الغد`` is the next day's morning, as ``صباح غد`` is; ``حزب الغد`` stays no date."""
    word, code = pod
    nxt = (dct + dt.timedelta(days=1)).isoformat()
    assert _found(f"يصل الوفد {word} الغد.", dct) == [(f"{word} الغد", "TIME", f"{nxt}T{code}")]
    assert _found(f"يصل الوفد {word} غد.", dct)[0][2] == f"{nxt}T{code}"
    assert _found("اجتمع حزب الغد.", dct) == []


@given(unit=st.sampled_from([("أسبوع", "P1W"), ("شهر", "P1M"), ("عام", "P1Y"), ("يوم", "P1D")]),
       prep=st.sampled_from(["خلال", "في غضون", "في ظرف"]))
@settings(max_examples=20, deadline=None)
def test_one_unit_within(unit, prep):
    """``في غضون أسبوع`` is a duration of one unit, as ``خلال أسبوع`` is."""
    assert _found(f"سيتم الرد {prep} {unit[0]}.") == [(unit[0], "DURATION", unit[1])]


PARTS = [("الأسبوع الأول", "START"), ("الأيام الأولى", "START"), ("النصف الثاني", "END"),
         ("العشر الأواخر", "END"), ("النصف الأول", "START")]


@given(part=st.sampled_from(PARTS), rel=st.sampled_from([("المقبل", 1), ("الماضي", -1),
                                                          ("الجاري", 0)]),
       dct=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_part_of_a_relative_month(part, rel, dct):
    """Metamorphic: a part of ``الشهر المقبل`` is that month with the part's modifier, as a
    part of a named month is (``النصف الثاني من مارس``), not a half year."""
    words, mod = part
    y, m = dct.year, dct.month + rel[1]
    y, m = (y - 1, 12) if m == 0 else (y + 1, 1) if m == 13 else (y, m)
    found = extract_dates(f"تبدأ الحملة في {words} من الشهر {rel[0]}.", dct)
    assert [(t.text, t.value, t.mod) for t in found] == [
        (f"{words} من الشهر {rel[0]}", f"{y:04d}-{m:02d}", mod)]


@given(dct=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
       rel=st.sampled_from([("الماضي", -1), ("المنصرم", -1), ("الحالي", 0), ("المقبل", 1)]))
@settings(max_examples=30, deadline=None)
def test_relative_decade(dct, rel):
    """``العقد الماضي`` is the previous calendar decade (``ddd``), ``العقد الأخير من القرن
    الماضي`` the tenth decade of that century; ``العقد الماضي مع شركة`` is a contract."""
    assert _found(f"تضاعف الإنتاج خلال العقد {rel[0]}.", dct) == [
        (f"العقد {rel[0]}", "DATE", f"{dct.year // 10 + rel[1]:03d}")]
    assert _found("في العقد الأخير من القرن الماضي.", dct)[0][2] == f"{dct.year // 100 - 1}9"
    assert _found(f"وقعت الشركة العقد {rel[0]} مع شركة أخرى.", dct) == []
