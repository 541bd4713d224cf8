"""Clock-time classes found by probing before held-out batch C (issue #22), each a general
rule: minutes in words (``وعشر دقائق``, ``والثلث``, ``إلا ثلثا``), ``12 منتصف الليل``,
GMT glosses (``ت.غ``, ``تغ`` after الساعة, an hour word with ``بتوقيت غرينتش``), opening
hours and office hours as schedules, prison terms set off by commas."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

DCT = dt.date(2016, 3, 10)  # a Thursday
HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}
MINUTE_WORDS = {5: "خمس دقائق", 10: "عشر دقائق", 20: "عشرين دقيقة", 25: "خمس وعشرين دقيقة"}


def _found(text: str, dct: dt.date = DCT) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]


def _times(text: str, dct: dt.date = DCT) -> list[str | None]:
    return [v for _, typ, v in _found(text, dct) if typ == "TIME"]


@given(h=st.sampled_from(sorted(HOURS)), m=st.sampled_from(sorted(MINUTE_WORDS)))
@settings(max_examples=40, deadline=None)
def test_minutes_in_words_after_an_hour(h, m):
    """``الساعة الثالثة وعشر دقائق مساء`` is 15:10: one TIME, no DURATION inside it."""
    text = f"وصل الوفد في الساعة {HOURS[h]} و{MINUTE_WORDS[m]} مساء"
    found = _found(text)
    assert [typ for _, typ, _ in found] == ["TIME"]
    assert found[0][2] == f"2016-03-10T{(h + 12) % 24 if h < 12 else h:02d}:{m:02d}"


@given(h=st.sampled_from(sorted(HOURS)))
@settings(max_examples=20, deadline=None)
def test_thirds_of_an_hour(h):
    """``والثلث`` is :20, ``إلا ثلثا`` is :40 of the hour before (like ``والربع``/``إلا ربعا``)."""
    assert _times(f"وصل في الساعة {HOURS[h]} والثلث صباحا") == [f"2016-03-10T{h:02d}:20"]
    assert _times(f"وصل في الساعة {HOURS[h]} إلا ثلثا صباحا") == [f"2016-03-10T{h - 1:02d}:40"]


def test_twelve_midnight():
    """``الساعة 12 منتصف الليل`` is 00:00, with the phrase in the span."""
    assert _found("يبث البرنامج عند الساعة 12 منتصف الليل") == [
        ("الساعة 12 منتصف الليل", "TIME", "2016-03-10T00:00")]
    assert _found("يبث البرنامج عند الساعة الثانية عشرة منتصف الليل") == [
        ("الساعة الثانية عشرة منتصف الليل", "TIME", "2016-03-10T00:00")]


@given(hh=st.integers(0, 23), mm=st.integers(0, 59),
       gmt=st.sampled_from(["ت.غ", "ت. غ", "ت غ", "تغ"]))
@settings(max_examples=40, deadline=None)
def test_gmt_gloss_forms(hh, mm, gmt):
    """Every spelling of the GMT abbreviation stays in the span, in parentheses or after
    الساعة with a decimal comma or a colon."""
    found = _found(f"هبطت الطائرة عند الساعة 7:15 بالتوقيت المحلي ({hh:02d}:{mm:02d} {gmt})")
    assert (f"{hh:02d}:{mm:02d} {gmt}", "TIME", f"2016-03-10T{hh:02d}:{mm:02d}") in found
    for sep in (":", ","):
        found = _found(f"وقع الحادث الساعة {hh:02d}{sep}{mm:02d} {gmt}")
        assert found == [(f"الساعة {hh:02d}{sep}{mm:02d} {gmt}", "TIME",
                          f"2016-03-10T{hh:02d}:{mm:02d}")]


@given(h=st.sampled_from(sorted(HOURS)))
@settings(max_examples=15, deadline=None)
def test_hour_word_with_a_time_zone(h):
    """``(الرابعة بتوقيت غرينتش)``: an hour word glossed by a zone is a clock time."""
    assert _found(f"هبطت الطائرة في السابعة صباحا ({HOURS[h]} بتوقيت غرينتش)")[-1] == (
        f"{HOURS[h]} بتوقيت غرينتش", "TIME", f"2016-03-10T{h:02d}:00")


OFFICE = ["ساعات العمل", "يبدأ الدوام الرسمي", "أوقات الزيارة", "مواعيد العمل",
          "تستقبل العيادة المراجعين طوال أيام الأسبوع"]


@given(cue=st.sampled_from(OFFICE), a=st.integers(7, 10), b=st.integers(1, 4))
@settings(max_examples=40, deadline=None)
def test_office_hours_are_a_schedule(cue, a, b):
    """Metamorphic: the same range is a daily schedule after an office-hours phrase and on
    the DCT after an event."""
    rng = f"من الساعة {HOURS[a]} صباحا حتى الساعة {HOURS[b]} عصرا"
    assert _times(f"{cue} {rng}") == [f"XXXX-XX-XXT{a:02d}:00", f"XXXX-XX-XXT{b + 12:02d}:00"]
    assert _times(f"استمرت المظاهرة {rng}") == [f"2016-03-10T{a:02d}:00",
                                                 f"2016-03-10T{b + 12:02d}:00"]


@given(years=st.integers(2, 30), word=st.sampled_from(["بالسجن", "بالحبس", "بالسجن المشدد"]))
@settings(max_examples=30, deadline=None)
def test_prison_term_between_commas_is_a_duration(years, word):
    """``بالسجن، 10 سنوات، مع النفاذ`` is a prison term; ``المتهم، 35 عاما،`` stays an age."""
    assert (f"{years} سنوات", "DURATION", f"P{years}Y") in _found(
        f"قضت المحكمة {word}، {years} سنوات، مع النفاذ")
    assert _found(f"قال المتهم، {years} عاما، إنه بريء") == []


@given(hh=st.integers(0, 23), mm=st.integers(0, 59),
       zone=st.sampled_from(["بتوقيت جرينتش", "بتوقيت غرينتش", "بتوقيت مكة"]))
@settings(max_examples=40, deadline=None)
def test_four_digit_clock_before_a_zone(hh, mm, zone):
    """Reuters writes ``الساعة 0915 بتوقيت جرينتش``: hhmm before a zone is a clock time;
    without a zone four digits stay a year."""
    assert _found(f"وبحلول الساعة {hh:02d}{mm:02d} {zone} سجل الذهب ارتفاعا") == [
        (f"الساعة {hh:02d}{mm:02d} {zone}", "TIME", f"2016-03-10T{hh:02d}:{mm:02d}")]


@given(h=st.integers(1, 11), art=st.sampled_from(["الـ", "ال ", "الـ "]))
@settings(max_examples=30, deadline=None)
def test_article_on_the_hour(h, art):
    """``من الساعة الـ8 صباحا إلى الساعة الـ3 مساء``: the article on a digit hour."""
    assert _times(f"منع العمل من الساعة {art}{h} صباحا إلى الساعة {art}{h} مساء") == [
        f"2016-03-10T{h:02d}:00", f"2016-03-10T{h + 12:02d}:00"]


def test_part_of_this_day_after_a_clock():
    """``الساعة الخامسة والنصف من مساء هذا اليوم`` is 17:30, one TIME."""
    assert _found("انطلاقا من الساعة الخامسة والنصف من مساء هذا اليوم") == [
        ("الساعة الخامسة والنصف من مساء هذا اليوم", "TIME", "2016-03-10T17:30")]


@given(wd=st.sampled_from(["الاحد", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء"]),
       pod=st.sampled_from(["", "مساء "]))
@settings(max_examples=20, deadline=None)
def test_weekday_in_parentheses_after_yawm(wd, pod):
    """Metamorphic: ``يوم (الأحد)`` has the value of ``يوم الأحد``, and is one span."""
    plain = _found(f"قال الجيش {pod}يوم {wd}، إنه أنقذ 178 شخصا")
    paren = _found(f"قال الجيش {pod}يوم ({wd})، إنه أنقذ 178 شخصا")
    assert [(typ, v) for _, typ, v in paren] == [(typ, v) for _, typ, v in plain]
    assert paren[0][0] == f"{pod}يوم ({wd})"


def test_night_before_last():
    """``الليلة قبل الماضية`` is the night two days before the DCT."""
    assert _found("صدت القوات هجوما الليلة قبل الماضية") == [
        ("الليلة قبل الماضية", "TIME", "2016-03-08TNI")]


@given(hh=st.integers(0, 23), mm=st.integers(1, 59))
@settings(max_examples=30, deadline=None)
def test_digit_hour_with_minutes_in_a_word(hh, mm):
    """Metamorphic: ``الساعة 15 و40 دقيقة`` has the value of ``الساعة 15:40``."""
    assert _times(f"تقلع الطائرة على الساعة {hh} و{mm} دقيقة") == _times(
        f"تقلع الطائرة على الساعة {hh}:{mm:02d}")


@given(h=st.integers(1, 5))
@settings(max_examples=10, deadline=None)
def test_min_baad_al_dhuhr(h):
    """``الساعة الثانية من بعد الظهر`` is 14:00, one TIME (like ``بعد الظهر``)."""
    assert _found(f"وصل الساعة {HOURS[h]} من بعد الظهر") == [
        (f"الساعة {HOURS[h]} من بعد الظهر", "TIME", f"2016-03-10T{h + 12:02d}:00")]


def test_yawm_al_ghad_is_tomorrow():
    """``يوم الغد`` is tomorrow; ``حزب الغد``, ``عالم الغد`` are not dates."""
    assert _found("يلتقي الفريقان يوم الغد") == [("يوم الغد", "DATE", "2016-03-11")]
    assert _found("يلتقي الفريقان يوم الغد الجمعة") == [("يوم الغد الجمعة", "DATE", "2016-03-11")]
    assert _found("قال رئيس حزب الغد إن عالم الغد مختلف") == []
