"""Date arithmetic, Hijri helpers and the offset-keeping fold."""

from __future__ import annotations

import datetime as dt

import pytest

from akhbar.dates import calendar as cal
from akhbar.dates.fold import fold, to_original


def test_weekday_before_and_after():
    wed = dt.date(2017, 3, 15)
    assert cal.weekday_before(wed, 4) == dt.date(2017, 3, 10)  # Friday before
    assert cal.weekday_after(wed, 3) == dt.date(2017, 3, 16)  # Thursday after
    assert cal.weekday_before(wed, 2) == wed
    assert cal.weekday_before(wed, 2, include_anchor=False) == dt.date(2017, 3, 8)
    assert cal.weekday_after(wed, 2, include_anchor=False) == dt.date(2017, 3, 22)


def test_iso_week_format_crosses_years():
    assert cal.fmt_week(dt.date(2016, 1, 1)) == "2015-W53"
    assert cal.fmt_week(dt.date(2017, 3, 15)) == "2017-W11"


@pytest.mark.parametrize("month,direction,expected", [
    (11, None, 2017),  # Nov, DCT June 2018: last November
    (5, None, 2018),
    (8, None, 2018),  # within three months ahead: this year
    (7, "past", 2017),
    (5, "future", 2019),
])
def test_infer_year(month, direction, expected):
    assert cal.infer_year(month, None, dt.date(2018, 6, 10), direction) == expected


def test_hijri_conversion_and_month_values():
    assert cal.hijri_to_gregorian(1436, 10, 25) == dt.date(2015, 8, 10)
    assert cal.hijri_to_gregorian(1436, 13, 1) is None
    # Ramadan 1439 runs over May and June 2018: the smallest unit is the year
    assert cal.hijri_month_value(1439, 9) == "2018"
    assert cal.hijri_month_end(1436, 9) == dt.date(2015, 7, 16)
    assert cal.hajj_month(1436) == "2015-09"


def test_fold_keeps_offsets_for_one_to_one_changes():
    text = "أمس\u00a0إلى القاهرة ١٩٩٩"
    folded, deleted = fold(text)
    assert deleted is None
    assert len(folded) == len(text)
    assert folded == "امس الي القاهره 1999"


def test_fold_maps_back_over_deleted_marks():
    text = "يوماً كاملاً وهـ"
    folded, deleted = fold(text)
    assert folded == "يوما كاملا وه"
    s = folded.index("كاملا")
    assert text[slice(*to_original(s, s + len("كاملا"), deleted))] == "كاملاً"
    assert text[slice(*to_original(0, 4, deleted))] == "يوماً"
