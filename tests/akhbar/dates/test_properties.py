"""Properties that hold for any input text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

WORDS = ["أمس", "اليوم", "الخميس", "المقبل", "الماضي", "يناير", "شوال", "1436", "هـ", "2015",
         "م", "عام", "سنة", "قبل", "بعد", "ثلاثة", "أيام", "الساعة", "10:30", "/", "(", ")",
         "من", "إلى", "-", "و", "في", "الثلاثي", "الأول", "منتصف", "نحو", "ً", "ـ", "،", "\n",
         "١٢", "كل", "يوميا", "الشهر", "نفس", "الفترة", "مساء", "صباح", "الاثنين", "الحج"]

texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=25).map(
    lambda ws: " ".join(ws))
dates = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(texts, dates)
def test_spans_index_the_input_and_do_not_overlap(text, published):
    found = extract_dates(text, published)
    prev_end = -1
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.text == t.text.strip()
        assert t.start >= prev_end
        prev_end = t.end
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}
        assert t.mod in {None, "START", "MID", "END", "APPROX"}
        assert t.calendar in {"gregorian", "hijri"}


RELATIVE = ["أمس", "اليوم", "غدا", "الخميس", "المقبل", "الماضي", "العام", "الشهر", "الأسبوع",
            "قبل", "بعد", "ثلاثة", "أيام", "عامين", "يناير", "شوال", "منتصف", "الساعة", "مساء",
            "السبت", "الحالي", "هذا", "موسم", "الحج", "الربع", "الأول", "من", "يوم", "و", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(RELATIVE), max_size=20).map(" ".join))
def test_without_publication_date_relative_text_gets_no_calendar_value(text):
    """No digits in the text and no DCT: nothing may resolve to a calendar date or week."""
    for t in extract_dates(text, None):
        assert t.value is None or not t.value[:1].isdigit(), t
