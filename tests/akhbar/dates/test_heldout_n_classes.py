"""Error classes of held-out batch N (issue #22, round 4), each fixed as a general rule: a
quarter ``من العام نفسه`` takes the antecedent's year (one span), a period compared with the
antecedent is no antecedent itself (``الربع المماثل``, ``الربع نفسه`` repeat the period under
report), and a date right after a place noun names the place (``مدينتي حدائق أكتوبر والعاشر
من رمضان``)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.akhbar.dates.classes import DATES, extracted

ORD = ["الأول", "الثاني", "الثالث", "الرابع"]


@given(dct=DATES, year=st.integers(2001, 2029), q=st.integers(1, 4), r=st.integers(1, 4),
       same=st.sampled_from(["نفسه", "ذاته"]))
@settings(max_examples=50, deadline=None)
def test_quarters_compared_with_the_quarter_under_report(dct, year, q, r, same):
    """``في الربع الثاني من عام 2011، مقارنة مع الربع الأول من العام نفسه، والربع المماثل من
    عام 2010 ... خلال الربع نفسه``: 2011-Q1, 2010-Q2, 2011-Q2, whatever the DCT."""
    text = (f"انخفض معدل البطالة إلى 18.7% في الربع {ORD[q - 1]} من عام {year}، مقارنة مع 21.7% في "
            f"الربع {ORD[r - 1]} من العام {same}، و23.6% في الربع المماثل من عام {year - 1}. "
            "وارتفعت نسبة المشاركة خلال الربع نفسه.")
    assert extracted(text, dct) == [
        (f"الربع {ORD[q - 1]} من عام {year}", "DATE", f"{year}-Q{q}"),
        (f"الربع {ORD[r - 1]} من العام {same}", "DATE", f"{year}-Q{r}"),
        (f"الربع المماثل من عام {year - 1}", "DATE", f"{year - 1}-Q{q}"),
        ("الربع نفسه", "DATE", f"{year}-Q{q}")]


@given(dct=DATES, place=st.sampled_from(["مدينة", "مدينتي حدائق", "جسر", "شارع", "ميدان"]),
       name=st.sampled_from(["6 أكتوبر", "العاشر من رمضان", "أكتوبر", "14 تموز"]))
@settings(max_examples=50, deadline=None)
def test_a_date_after_a_place_noun_is_a_name(dct, place, name):
    """``في مدينتي حدائق أكتوبر والعاشر من رمضان``, ``جسر 14 تموز``: names, no dates; the
    same date after ``في`` is one, and so is a date with its year after a place name."""
    assert extracted(f"وتقع الوحدات في {place} {name} والعاشر من رمضان، على أن تسلم للمستفيدين.", dct) == []
    assert len(extracted(f"وتسلم الوحدات في {name} المقبل.", dct)) == 1
    assert extracted("ولد في مدينة بنغازي في 17 فبراير 1980.", dct) == [("17 فبراير 1980", "DATE", "1980-02-17")]


@given(dct=DATES, name=st.sampled_from([("فصل الشتاء", "WI", 12), ("فصل الصيف", "SU", 6),
                                        ("فصل الخريف", "FA", 9), ("فصل الربيع", "SP", 3)]))
@settings(max_examples=60, deadline=None)
def test_a_bare_season_is_the_nearer_one(dct, name):
    """``كيف تستعدون لفصل الشتاء؟`` in November, ``قبل حلول فصل الشتاء`` in August: the
    coming winter (nearer than the last one, which ended in February); one that has begun
    this year is this year's."""
    season, code, first = name
    got = extracted(f"وقال المسؤول إن الوزارة تعمل على إعادة النازحين قبل حلول {season}.", dct)
    last = {"WI": 2, "SU": 8, "FA": 11, "SP": 5}[code]
    mo, y = dct.month, dct.year
    if code == "WI" and mo <= 2:
        year = y - 1  # the winter under way began last December
    elif mo >= first or (first - mo >= (mo - last) % 12):
        year = y if mo >= first else y - 1
    else:
        year = y
    assert got == [(season, "DATE", f"{year}-{code}")]


@given(dct=DATES, wd=st.integers(0, 6), words=st.sampled_from(["التعرض لأشعة الشمس", "التعرض للشمس"]))
@settings(max_examples=30, deadline=None)
def test_hours_to_avoid_the_sun_have_no_day(dct, wd, words):
    """``حذرت المواطنين من التعرض لأشعة الشمس بين الساعة الحادية عشرة صباحا والرابعة عصرا``:
    every day's hours, as with ``تجنب التعرض``, even after a dated sentence."""
    days = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    got = extracted(f"على أن تنخفض الحرارة اعتبارا من يوم {days[wd]} المقبل. وحذرت المديرية المواطنين من "
                 f"{words} بين الساعة الحادية عشرة صباحا والرابعة عصرا.", dct)
    assert [v for _, t, v in got if t == "TIME"] == ["XXXX-XX-XXT11:00", "XXXX-XX-XXT16:00"]


@given(dct=DATES, noun=st.sampled_from(["بالمدينة", "في الحي", "في الشارع"]))
@settings(max_examples=20, deadline=None)
def test_a_date_after_a_place_with_its_article_is_a_date(dct, noun):
    """``إضراب عام بالمدينة يوم الأربعاء 8 فيفري``: a day in the city (a name follows a place
    noun without its article: ``شارع 5 أوت``)."""
    got = extracted(f"وقررت النقابات تنظيم إضراب عام {noun} يوم الأربعاء 8 فيفري.", dct)
    assert [t for _, t, _ in got] == ["DATE"]


@given(day=st.dates(dt.date(2001, 1, 1), dt.date(2029, 12, 31)),
       phrase=st.sampled_from(["في اليوم نفسه", "حتى التاريخ نفسه", "في اليوم ذاته"]),
       year=st.sampled_from([("من السنة الماضية", -1), ("من العام الماضي", -1), ("من عام 2015", None)]))
@settings(max_examples=50, deadline=None)
def test_the_same_date_of_another_year(day, phrase, year):
    """``مقابل 49.4 في المائة في اليوم نفسه من السنة الماضية`` (after ``الاثنين 7 مارس 2022``)
    and ``حتى التاريخ نفسه من العام الماضي``: that month and day in the year named, one DATE."""
    words, step = year
    months = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
              "أكتوبر", "نوفمبر", "ديسمبر"]
    got = extracted(f"بلغ المخزون إلى غاية {day.day} {months[day.month - 1]} {day.year} نسبة 33 في المائة، "
                 f"مقابل 49 في المائة {phrase} {words}.", day)
    y = day.year - 1 if step else 2015
    want = str(dt.date(y, day.month, day.day)) if not (day.month == 2 and day.day == 29) else None
    assert got[-1] == (f"{phrase.split(' ', 1)[1]} {words}", "DATE", want)
    assert len(got) == 2


@given(dct=DATES, season=st.sampled_from(["صيف", "شتاء", "ربيع", "خريف"]))
@settings(max_examples=20, deadline=None)
def test_every_season_is_yearly(dct, season):
    """``ويشكو سكان البصرة كل صيف من تردي خدمة الكهرباء``: a SET once a year, as ``كل عام``."""
    got = extracted(f"ويشكو سكان المدينة كل {season} من تردي خدمة الكهرباء.", dct)
    ref = extracted("ويشكو سكان المدينة كل عام من تردي خدمة الكهرباء.", dct)
    assert got == [(f"كل {season}", "SET", "P1Y")] and [r[1:] for r in ref] == [("SET", "P1Y")]
