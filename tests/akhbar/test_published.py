"""Publication dates: every supported form -> ISO date, with offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.fold import is_deletable, strip_marks
from akhbar.published import find_date, parse_date


@pytest.mark.parametrize("raw,iso", [
    ("2015/01/18", "2015-01-18"),
    ("الأحد 2015/01/18", "2015-01-18"),
    ("2015-1-8", "2015-01-08"),
    ("18/01/2015", "2015-01-18"),
    ("09/01/2017", "2017-01-09"),        # dd/mm by default
    ("01/25/2017", "2017-01-25"),        # mm/dd when the day is > 12
    ("18.01.2015", "2015-01-18"),
    ("2017-01-20T21:43:00+01:00", "2017-01-20"),
    ("2017-01-20T23:59:59Z", "2017-01-20"),
    ("2015-07-21 02:51:32", "2015-07-21"),
    ("Tue, 11 Aug 2015 15:52:00 +0300", "2015-08-11"),
    ("Tuesday, 11 August 2015 - 15:52 pm", "2015-08-11"),
    ("August 11, 2015", "2015-08-11"),
    ("5 mars 2016", "2016-03-05"),
    ("18 يناير 2015", "2015-01-18"),
    ("١٨ يناير ٢٠١٥", "2015-01-18"),
    ("۱۸ ژانویه 2015", None),
    ("18 كانون الثاني 2015", "2015-01-18"),
    ("18 كانون الثاني/يناير 2015", "2015-01-18"),
    ("3 تشرين الأول 2014", "2014-10-03"),
    ("1 آب 2016", "2016-08-01"),
    ("الأربعاء 18 جانفي 2017", "2017-01-18"),
    ("3 أوت 2016", "2016-08-03"),
    ("12 جويلية 2016", "2016-07-12"),
    ("5 يوليوز 2014", "2014-07-05"),
    ("9 غشت 2014", "2014-08-09"),
    ("7 دجنبر 2013", "2013-12-07"),
    ("7 هانيبال 2010", "2010-08-07"),
    ("25 شوال 1436 هـ", "2015-08-10"),
    ("١ رمضان ١٤٣٧هـ", "2016-06-06"),
    ("12 ذي الحجة 1436", "2015-09-25"),
    ("1436/10/25هـ", "2015-08-10"),
    ("25 شوال 1436 هـ الموافق 10 أغسطس 2015 م", "2015-08-10"),
    ("20170120", "2017-01-20"),
    ("1437000000", "2015-07-15"),
    ("", None), ("غدا", None), ("32/13/2015", None), ("2015/02/30", None),
    ("1438/04/21", None),   # a Hijri year without a Hijri marker is not Gregorian
    ("قبل 3 ساعات", None),
])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


def test_parse_date_types():
    assert parse_date(1437000000) == "2015-07-15"
    assert parse_date(None) is None
    assert parse_date(True) is None
    assert parse_date(["2015-01-01"]) is None


def test_find_date_offsets_in_original_text():
    text = "نجران\u200f 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"
    m = find_date(text)
    assert m.iso == "2015-08-10" and m.calendar == "gregorian"
    assert text[m.start:m.end] == m.raw
    assert m.raw.startswith("25 شوال") and m.raw.endswith("2015 م")


def test_find_date_hijri_only():
    m = find_date("الرياض ١٢ ذو الحجة ١٤٣٦ هـ (واس)")
    assert m.iso == "2015-09-25" and m.calendar == "hijri" and m.raw == "١٢ ذو الحجة ١٤٣٦ هـ"


def test_tatweel_and_marks_in_month_names():
    assert parse_date("18 ينـــاير\u200f 2015") == "2015-01-18"


def test_text_without_a_digit_has_no_date_match():
    # ``_matches`` skips the patterns when there is no digit: none of them can match then.
    import random

    from akhbar.published import _PATTERNS, GREGORIAN_MONTHS, HIJRI_MONTHS, _matches

    words = [*GREGORIAN_MONTHS, *HIJRI_MONTHS, "من", "شهر", "هـ", "م", "-", "/", ".", " ",
             "الموافق", "st", "th", "T", ":", "Z", "+"]
    words = [w if isinstance(w, str) else str(w) for w in words]
    rng = random.Random(3)
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert not any(p.search(text) for _, p in _PATTERNS)
        assert _matches(text) == []
    assert _matches("2015-08-10") != []


_HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_HARAKAT), min_size=40, max_size=40))
def test_harakat_after_letters_change_neither_the_date_nor_its_words(marks):
    # Metamorphic: vowelling the text's letters finds the same date, on the same words.
    plain = "القاهرة - الأحد 25 يناير 2015 م - وكالات"
    it = iter(marks)
    vowelled = "".join(ch + next(it, "") if "\u0621" <= ch <= "\u064a" else ch
                       for ch in plain)
    a, b = find_date(plain), find_date(vowelled)
    assert a is not None and b is not None and (a.iso, a.calendar) == (b.iso, b.calendar)
    assert strip_marks(b.raw)[0] == a.raw
    # the span ends on a whole word: after it comes a space or the end, never a mark
    assert b.end == len(vowelled) or not is_deletable(vowelled[b.end])
