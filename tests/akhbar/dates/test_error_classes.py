"""Error classes found on unseen corpora (issue #22): clock times with a part of the day,
metres written م, one day per weekday in an article, day numbers glued by a bidi mark."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_article_dates, extract_dates, map_to_original
from akhbar.normalize import normalize

DCT = dt.date(2012, 7, 23)  # a Monday


def _one(text: str, dct: dt.date = DCT):
    found = extract_dates(text, dct)
    assert len(found) == 1, found
    return found[0]


@given(hour=st.integers(1, 12), minute=st.integers(0, 59), head=st.sampled_from(["الساعة ", ""]),
       pod=st.sampled_from([("صباح", 0), ("مساء", 12)]),
       deictic=st.sampled_from([("أمس", -1), ("اليوم", 0), ("غد", 1)]))
@settings(max_examples=60, deadline=None)
def test_clock_before_part_of_day_and_deictic(hour, minute, head, pod, deictic):
    text = f"وقع الانفجار {head}{hour}:{minute:02d} {pod[0]} {deictic[0]} قرب السوق"
    t = _one(text)
    expected_hour = (hour % 12) + pod[1]
    day = DCT + dt.timedelta(days=deictic[1])
    assert t.type == "TIME"
    assert t.text == f"{head}{hour}:{minute:02d} {pod[0]} {deictic[0]}"
    assert t.value == f"{day.isoformat()}T{expected_hour:02d}:{minute:02d}"


@pytest.mark.parametrize("text,value", [
    ("الساعة الواحدة ظهرا", "13:00"), ("الساعة 12 ليلا", "00:00"), ("الساعة العاشرة ليلا", "22:00"),
    ("الساعة 12:30 ظهرا", "12:30"), ("الساعة الثانية من فجر اليوم", "02:00"),
])
def test_twelve_hour_words(text, value):
    assert _one(f"بدأ الاجتماع {text} في القاهرة").value.endswith("T" + value)


@given(n=st.integers(1000, 2100), before=st.sampled_from(["سباق", "فاز بسباق", "على ارتفاع",
                                                          "لمسافة", "سباحة", "على علو",
                                                          "يبلغ ارتفاعها", "على بعد"]))
@settings(max_examples=40, deadline=None)
def test_metres_written_m_are_not_years(n, before):
    assert not [t for t in extract_dates(f"{before} {n} م في البطولة", DCT) if t.type == "DATE"]


@given(n=st.integers(1000, 2100), after=st.sampled_from(["حرة", "حواجز", "للرجال"]))
@settings(max_examples=30, deadline=None)
def test_metres_recognised_by_the_word_after(n, after):
    assert not [t for t in extract_dates(f"فاز في {n} م {after}", DCT) if t.type == "DATE"]


@given(n=st.integers(1000, 2100), before=st.sampled_from(["ارتفاع الأسعار منذ", "سباق الخيل في",
                                                          "طول الفترة حتى"]))
@settings(max_examples=30, deadline=None)
def test_a_year_after_a_preposition_stays_a_year(n, before):
    """A distance word nearby does not make a year metres when a preposition of time
    introduces the number."""
    found = [t for t in extract_dates(f"{before} {n} م", DCT) if t.type == "DATE"]
    assert [t.value for t in found] == [f"{n:04d}"]


@given(n=st.integers(1000, 2100), head=st.sampled_from(["عام ", "سنة ", ""]))
@settings(max_examples=30, deadline=None)
def test_years_written_m_stay_years(n, head):
    t = _one(f"بني القصر {head}{n} م على يد الأمير")
    assert (t.type, t.value) == ("DATE", f"{n:04d}")


@pytest.mark.parametrize("anchor,day", [("غدا الخميس", "2012-07-26"),
                                        ("أمس الأحد", "2012-07-22"),
                                        ("اليوم الاثنين", "2012-07-23")])
def test_one_day_per_weekday_in_an_article(anchor, day):
    weekday = anchor.split()[1]
    fields = {"title": f"الوزير التقى نظيره {weekday}",
              "body": f"قال مسؤول {anchor} إن الوزير التقى نظيره. وكان {weekday} موعدا للقاء."}
    found = extract_article_dates(fields, DCT)
    values = {t.value for t in found if weekday in t.text}
    assert values == {day}


def test_weekday_with_direction_word_is_another_day():
    body = "تدرب الفريق يوم الاثنين، ويلعب يوم الاثنين المقبل مباراته الأخيرة."
    values = [t.value for t in extract_dates(body, DCT)]
    assert values == ["2012-07-23", "2012-07-30"]


def test_future_weekday_does_not_take_a_past_anchor():
    body = "وصل الوفد أمس الأحد. وسيعقد الوفد اجتماعا الأحد مع الوزير."
    values = [t.value for t in extract_dates(body, DCT)]
    assert values == ["2012-07-22", "2012-07-29"]


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", ""])
def test_day_glued_to_the_word_before(mark):
    text = f"في ذكرى ثورة{mark}25{mark} يناير 2011 خرج المتظاهرون"
    t = _one(text)
    assert t.value == "2011-01-25" and t.text.startswith("25")
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c", "\u2067"])
def test_day_glued_by_a_bidi_mark_after_normalization(mark):
    """As the pipeline runs it: light normalization drops the marks, spans map back."""
    text = f"في ذكرى ثورة{mark}25{mark} يناير 2011 خرج المتظاهرون"
    norm = normalize(text, "light")
    found = map_to_original(extract_dates(norm.text, DCT), norm)
    assert [(t.value, t.text[:2]) for t in found] == [("2011-01-25", "25")]
