"""Error classes of the first run on held-out batch I (issue #22, round 3), each fixed as a
general rule: a split fiscal year with a relative word, weekdays in the plural (``أيام
الخميس``), clock times after the start of a recurrence, the year of a month ending a range,
a same period ``من العام السابق`` after a dated antecedent, ``أشهر الصيف``, ``العام الذي
سبقه``, peak hours, a quarter or half of a game, ``الأسبوع المنقضي`` said at the weekend."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.akhbar.dates.classes import DATES, WEEKDAYS, extracted

LEVANT = {1: "كانون الثاني", 2: "شباط", 3: "آذار", 4: "نيسان", 5: "أيار", 6: "حزيران",
          7: "تموز", 8: "آب", 9: "أيلول", 10: "تشرين الأول", 11: "تشرين الثاني", 12: "كانون الأول"}


@given(dct=DATES, y=st.integers(1995, 2030), sep=st.sampled_from(["/", "-"]),
       rel=st.sampled_from(["الحالي", "الجديد", "الماضي", "المقبل"]),
       head=st.sampled_from(["العام المالي", "للعام المالي", "السنة المالية"]))
@settings(max_examples=40, deadline=None)
def test_a_split_fiscal_year_with_a_relative_word_is_one_null_date(dct, y, sep, rel, head):
    """``العام المالي الحالي 2022/2023``: one DATE without a value, like ``السنة المالية
    2010-2011`` (not a year and a bare year)."""
    if head == "السنة المالية":
        rel = {"الحالي": "الحالية", "الجديد": "الجديدة", "الماضي": "الماضية",
               "المقبل": "المقبلة"}[rel]
    span = f"{head} {rel} {y}{sep}{y + 1}"
    assert extracted(f"بلغ العجز في {span} نحو مليار.", dct) == [(span, "DATE", None)]


@given(dct=DATES, a=st.integers(0, 6), b=st.integers(0, 6))
@settings(max_examples=30, deadline=None)
def test_weekdays_in_the_plural_are_weekly(dct, a, b):
    """``رحلات إضافية أيام الخميس والجمعة``: every such weekday (SET P1W), ``أيام`` in the
    first span; ``يوم الخميس`` stays one day."""
    if a == b:
        return
    assert extracted(f"ستسير المؤسسة رحلات إضافية أيام {WEEKDAYS[a]} و{WEEKDAYS[b]} المزدحمة.", dct) == [
        (f"أيام {WEEKDAYS[a]}", "SET", "P1W"), (WEEKDAYS[b], "SET", "P1W")]
    assert extracted(f"ستسير المؤسسة رحلة إضافية يوم {WEEKDAYS[a]}.", dct)[0][1] == "DATE"


@given(dct=DATES, rec=st.sampled_from(["رحلتين أسبوعيا", "ثلاث رحلات يوميا", "رحلة كل أسبوع"]),
       start=st.sampled_from(["اعتبارا من", "ابتداء من", "بدءا من"]))
@settings(max_examples=30, deadline=None)
def test_clock_times_after_the_start_of_a_recurrence_have_no_day(dct, rec, start):
    """``بواقع رحلتين أسبوعيا اعتبارا من الأول من حزيران، حيث تغادر الطائرة الساعة 8:45``:
    the date is when the schedule starts, the clock times recur (``XXXX-XX-XXThh:mm``);
    without the recurrence the time is on that date."""
    text = (f"ستطلق الشركة رحلات إلى ميلانو بواقع {rec} {start} الأول من حزيران المقبل، "
            "حيث تغادر الطائرة الساعة 8:45 صباحا، وتصل عند الساعة 11:50.")
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [
        "XXXX-XX-XXT08:45", "XXXX-XX-XXT11:50"]
    one = (f"ستنطلق الرحلة الأولى {start} الأول من حزيران المقبل، حيث تغادر الطائرة الساعة "
           "8:45 صباحا.")
    found = extracted(one, dct)
    assert found[-1][2] == f"{found[0][2]}T08:45"


@given(dct=DATES, a=st.integers(1, 12), b=st.integers(1, 12),
       mods=st.sampled_from([("", ""), ("منتصف ", "نهاية "), ("مطلع ", "أواخر ")]))
@settings(max_examples=60, deadline=None)
def test_a_month_ending_a_range_follows_the_start(dct, a, b, mods):
    """``من منتصف حزيران حتى نهاية أيلول``: the end month is in the start's year, or the
    next one when it comes earlier in the calendar."""
    if a == b:
        return
    text = f"تشغل الشركة رحلات موسمية من {mods[0]}{LEVANT[a]} حتى {mods[1]}{LEVANT[b]}."
    found = [v for _, t, v in extracted(text, dct) if t == "DATE"]
    assert len(found) == 2 and found[0] and found[1]
    start_year = int(found[0][:4])
    assert found[1] == f"{start_year + (b < a):04d}-{b:02d}"


@given(y=st.integers(2000, 2025), back=st.integers(0, 2),
       ante=st.sampled_from([("الربع الرابع من {y}", "Q4"), ("الربع الثاني من عام {y}", "Q2"),
                             ("النصف الأول من {y}", "H1")]),
       same=st.sampled_from(["الربع المماثل من العام السابق", "الفترة نفسها من العام السابق",
                             "نفس الفترة من السنة السابقة"]))
@settings(max_examples=40, deadline=None)
def test_the_same_period_of_the_previous_year_after_a_dated_antecedent(y, back, ante, same):
    """``حققت في الربع الرابع من 2017 أرباحا ... عن الربع المماثل من العام السابق``: the year
    before the antecedent's (guidelines §4), not the year before the DCT."""
    phrase, part = ante
    dct = dt.date(y + back, 2, 13)
    text = f"حققت الشركة في {phrase.format(y=y)} أرباحا بنمو 9 في المئة عن {same}."
    found = extracted(text, dct)
    assert found[-1] == (same, "DATE", f"{y - 1}-{part}")


@given(dct=DATES, head=st.sampled_from(["أشهر", "شهور", "فصل"]),
       season=st.sampled_from([("الصيف", "SU"), ("الشتاء", "WI")]))
@settings(max_examples=30, deadline=None)
def test_the_months_of_a_season_are_the_season(dct, head, season):
    """``خلال أشهر الصيف``: the season, as ``فصل الصيف`` (same value)."""
    word, code = season
    got = extracted(f"سترفع الشركة عدد رحلاتها خلال {head} {word}.", dct)
    ref = extracted(f"سترفع الشركة عدد رحلاتها خلال فصل {word}.", dct)
    assert got == [(f"{head} {word}", "DATE", ref[0][2])]
    assert ref[0][2].endswith(code)


@given(y=st.integers(1990, 2030), back=st.integers(0, 3),
       phrase=st.sampled_from(["العام الذي سبقه", "السنة التي سبقتها"]))
@settings(max_examples=30, deadline=None)
def test_the_year_before_it(y, back, phrase):
    """``في عام 2013، بزيادة 4 في المئة عن العام الذي سبقه``: the year before the
    antecedent, as ``العام السابق``."""
    dct = dt.date(y + back, 3, 27)
    text = f"نقلت الشركة 3 ملايين مسافر في عام {y}، بزيادة 4 في المئة عن {phrase}."
    assert extracted(text, dct)[-1] == (phrase, "DATE", str(y - 1))


@given(dct=DATES, peak=st.sampled_from(["فترة الذروة", "ساعات الذروة", "أوقات الذروة"]))
@settings(max_examples=20, deadline=None)
def test_peak_hours_recur(dct, peak):
    """``خلال فترة الذروة بين الثانية ظهرا والخامسة مساء``: hours of every day."""
    text = f"ودعت الشركة إلى ترشيد الاستهلاك خلال {peak} بين الثانية ظهرا والخامسة مساء."
    assert [v for _, t, v in extracted(text, dct) if t == "TIME"] == [
        "XXXX-XX-XXT14:00", "XXXX-XX-XXT17:00"]


@given(dct=DATES, part=st.sampled_from(["الربع الأخير", "الربع الثالث", "النصف الأول"]))
@settings(max_examples=20, deadline=None)
def test_a_quarter_or_half_of_a_game_is_no_date(dct, part):
    """``حسم اللقاء في الربع الأخير``, ``النصف الأول من المباراة``: periods of play; ``ارتفعت
    الأرباح في الربع الأخير`` stays a quarter of the year."""
    assert extracted(f"وجاءت المباراة متكافئة، إلا أن الفريق حسم اللقاء في {part}.", dct) == []
    assert extracted(f"تقدم الفريق في {part} من المباراة.", dct) == []
    assert len(extracted(f"ارتفعت الأرباح في {part} بنسبة 5 في المئة.", dct)) == 1


@given(dct=DATES, word=st.sampled_from(["المنقضي", "المنصرم"]))
@settings(max_examples=40, deadline=None)
def test_the_week_just_ended_said_at_the_weekend(dct, word):
    """``أنهى المؤشر تعاملات الأسبوع المنقضي`` on a Saturday or Sunday: the working week just
    ended (the DCT's ISO week); on a weekday, the week before."""
    from akhbar.dates import calendar as cal
    found = extracted(f"أنهى المؤشر تعاملات الأسبوع {word} على ارتفاع.", dct)
    expected = dct if dct.weekday() >= 5 else dct - dt.timedelta(weeks=1)
    assert found == [(f"الأسبوع {word}", "DATE", cal.fmt_week(expected))]
