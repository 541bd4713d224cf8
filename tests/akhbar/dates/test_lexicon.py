"""One lexicon: every month spelling it lists is read by the date extractor, by
``published`` and inside a dateline, with the same month number."""

from __future__ import annotations

import datetime as dt

import pytest

from akhbar.dateline import find_dateline
from akhbar.dates import calendar, extract_dates
from akhbar.dates import lexicon as lx
from akhbar.published import find_date

DCT = dt.date(2012, 6, 15)
GREGORIAN = sorted({**lx.GREGORIAN_MONTHS, **lx.LIBYAN_MONTHS}.items())
HIJRI = sorted(lx.HIJRI_MONTHS.items())


def _cases():
    for name, month in GREGORIAN:
        yield name, f"{name} 2012", dt.date(2012, month, 7), "gregorian"
    for name, month in HIJRI:
        yield name, f"{name} 1433 هـ", calendar.hijri_to_gregorian(1433, month, 7), "hijri"


CASES = list(_cases())


@pytest.mark.parametrize("name,tail,expected,cal", CASES, ids=[c[0] for c in CASES])
def test_every_month_spelling_is_read_by_all_three(name, tail, expected, cal):
    date_text = f"7 {tail}"
    iso = expected.isoformat()
    # the date extractor: one DATE over the whole date
    found = extract_dates(f"وقعت الحادثة في {date_text} قرب المدينة", DCT)
    dates = [t for t in found if t.type == "DATE"]
    assert [(t.text, t.value, t.calendar) for t in dates] == [(date_text, iso, cal)]
    # published
    match = find_date(f"نشر في {date_text}")
    assert match is not None and match.iso == iso and match.raw.startswith("7 ")
    # dateline: the date is a segment of its own, between the city and the agency
    line = find_dateline(f"الرياض {date_text} (واس) - أعلنت الوزارة اليوم خطة جديدة.")
    assert line is not None and line["city"] == "الرياض" and line["agency"] == "واس"


def test_lexicon_spellings_are_folded():
    from akhbar.dates.fold import fold_word

    for table in (lx.GREGORIAN_MONTHS, lx.LIBYAN_MONTHS, lx.HIJRI_MONTHS, lx.WEEKDAYS):
        for word in table:
            assert fold_word(word) == word, word


@pytest.mark.parametrize("name,weekday", sorted(lx.WEEKDAYS.items()))
def test_every_weekday_spelling_is_read(name, weekday):
    found = extract_dates(f"وصل الوفد يوم {name} الماضي", DCT)
    assert len(found) == 1 and found[0].type == "DATE"
    assert dt.date.fromisoformat(found[0].value).weekday() == weekday
