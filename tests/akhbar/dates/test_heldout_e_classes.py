"""Error classes of the first run on held-out batch E (issue #22), each fixed as a general
rule: the first nine months, a same period whose antecedent has no value, fiscal years named
by their year, working hours, ISO weeks of a month, the nth weekday of a month, age groups of
men and women, a bare ``صلاة الجمعة``, ``القرن العاشر الميلادي``, relational single units,
``ساعة ونصف``, ``الساعات الـ48``, ``فاتح``, ``المدير العام السابق``, clock times said over
several days or a period, a relative year in an earlier clause."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates
from tests.akhbar.dates.classes import DATES, MONTHS, WEEKDAYS, extracted

HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}


@given(y=st.integers(2000, 2030))
@settings(max_examples=20, deadline=None)
def test_nine_months_and_the_same_period(y):
    """``الأشهر التسعة الأولى من 2019`` has no value in the scheme (one DATE, null), and
    ``للفترة ذاتها من عام 2018`` after it, or after a day (``المنتهية في 30 سبتمبر``), is null
    too; after a half it is that half of the other year."""
    dct = dt.date(y, 10, 15)
    nine = extracted(f"بلغ صافي الأرباح للأشهر التسعة الأولى من {y} مليار ريال، مقابل 900 مليون "
                  f"للفترة ذاتها من عام {y - 1}.", dct)
    assert nine == [(f"للأشهر التسعة الأولى من {y}", "DATE", None),
                    (f"للفترة ذاتها من عام {y - 1}", "DATE", None)]
    day = extracted(f"بلغ الربح للفترة المنتهية في 30 سبتمبر {y}، مقابل مليار للفترة ذاتها من "
                 f"عام {y - 1}.", dct)
    assert day[-1] == (f"للفترة ذاتها من عام {y - 1}", "DATE", None)
    half = extracted(f"بلغ الربح في النصف الأول من {y}، مقابل مليار للفترة ذاتها من عام {y - 1}.", dct)
    assert half[-1] == (f"للفترة ذاتها من عام {y - 1}", "DATE", f"{y - 1}-H1")


@given(y=st.integers(1990, 2030), head=st.sampled_from(["السنة المالية", "العام المالي",
                                                         "للسنتين الماليتين"]))
@settings(max_examples=20, deadline=None)
def test_fiscal_year_named_by_its_year(y, head):
    """``السنة المالية 2018`` keeps its head noun and adjective in the span (a calendar fiscal
    year has that year's value); a split fiscal year stays one null DATE."""
    assert extracted(f"حقق البنك أرباحا في {head} {y}.", dt.date(y, 5, 1))[0] == (
        f"{head} {y}", "DATE", str(y))


@given(h=st.integers(7, 11), what=st.sampled_from(["ساعات عمل", "ساعات العمل", "أوقات عمل"]))
@settings(max_examples=20, deadline=None)
def test_working_hours_are_no_duration_and_make_a_schedule(h, what):
    """``تمديد ساعات عمل المراكز إلى الساعة العاشرة مساء``: no duration ``ساعات``, and the
    clock time is a daily one."""
    found = extracted(f"رفض المجلس اقتراحا بتمديد {what} المراكز الصحية إلى الساعة {HOURS[h]} مساء.",
                   dt.date(2013, 5, 21))
    assert found == [(f"الساعة {HOURS[h]} مساء", "TIME", f"XXXX-XX-XXT{h + 12:02d}:00")]


@given(m=st.sampled_from(sorted(MONTHS)), y=st.integers(2000, 2030),
       n=st.sampled_from([("الأول", 1), ("الثاني", 2), ("الثالث", 3), ("الأخير", -1)]))
@settings(max_examples=60, deadline=None)
def test_week_of_a_month(m, y, n):
    """``الأسبوع الثاني من جانفي`` is the nth ISO week that meets the month when it lies wholly
    in it (2013: 7-13 January = 2013-W02); a week across two months is the month with
    START/END (``الأسبوع الأول من غشت`` 2014)."""
    word, k = n
    start = dt.date(y, m, 1)
    end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    monday = (start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=k - 1) if k > 0
              else end - dt.timedelta(days=end.weekday()))
    found = extract_dates(f"تنطلق الدورة في الأسبوع {word} من {MONTHS[m]} {y}.", dt.date(y, 1, 1))
    got = (found[0].value, found[0].mod)
    if start <= monday and monday + dt.timedelta(days=6) <= end:
        iso = monday.isocalendar()
        assert got == (f"{iso[0]}-W{iso[1]:02d}", None)
    else:
        assert got == (f"{y}-{m:02d}", {1: "START", -1: "END"}.get(k))


@given(y=st.integers(2000, 2030), m=st.sampled_from(sorted(MONTHS)), wd=st.integers(0, 6),
       n=st.sampled_from([("الأولى", 1), ("الثانية", 2), ("الثالثة", 3), ("الأخيرة", -1)]))
@settings(max_examples=60, deadline=None)
def test_nth_weekday_of_a_month(y, m, wd, n):
    """``الجمعة الثانية من رمضان``, ``الأحد الأول من أكتوبر 2017``: the nth (or last) such
    weekday of the month, not the second day of it."""
    word, k = n
    days = [dt.date(y, m, d) for d in range(1, 32) if _ok(y, m, d) and dt.date(y, m, d).weekday() == wd]
    found = extracted(f"يقام الحفل في {WEEKDAYS[wd]} {word} من {MONTHS[m]} {y}.", dt.date(y, 1, 1))
    assert found == [(f"{WEEKDAYS[wd]} {word} من {MONTHS[m]} {y}", "DATE",
                      days[k - 1 if k > 0 else -1].isoformat())]


def _ok(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def test_nth_friday_of_ramadan_is_of_the_dct_hijri_year():
    """Ramadan 1437 began on 2016-06-06: its second Friday is the DCT (17 June), its last 1 July."""
    dct = dt.date(2016, 6, 17)
    assert extracted("أدى 120 ألف مصل صلاة الجمعة الثانية من شهر رمضان المبارك في الأقصى.", dct) == [
        ("الجمعة الثانية من شهر رمضان المبارك", "DATE", "2016-06-17")]
    assert extracted("يرتفع العدد في الجمعة الأخيرة من رمضان.", dct) == [
        ("الجمعة الأخيرة من رمضان", "DATE", "2016-07-01")]


@given(age=st.integers(16, 80), who=st.sampled_from(["للرجال", "للنساء", "الرجال"]),
       rel=st.sampled_from(["فوق", "دون", "تحت"]))
@settings(max_examples=20, deadline=None)
def test_age_groups_of_men_and_women(age, who, rel):
    """``للرجال فوق 45 عاما``: an age, not a duration."""
    assert extracted(f"يسمح بالدخول دون تصاريح {who} {rel} {age} عاما.", dt.date(2016, 6, 17)) == []


@given(dct=DATES)
@settings(max_examples=20, deadline=None)
def test_bare_friday_prayer_is_no_date(dct):
    """``أدى المواطنون صلاة الجمعة``: the Friday prayer, not a Friday; with a direction word it
    is that Friday's noon."""
    assert extracted("أدى آلاف المواطنين صلاة الجمعة في المسجد.", dct) == []
    assert extracted("أدى آلاف المواطنين صلاة الجمعة الماضية في المسجد.", dct)[0][1] == "TIME"


def test_small_spans_of_batch_e():
    """Era adjective in a century, a fiscal year of a company, an hour and a half, the
    article on a number of hours, Maghrebi فاتح, relational single units."""
    d = dt.date(2014, 6, 5)
    assert extracted("بنيت القلعة في القرن العاشر الميلادي.", d) == [
        ("القرن العاشر الميلادي", "DATE", "09")]
    assert extracted("ارتفعت المبيعات في الربع الثالث من سنتها المالية.", d)[0][0] == (
        "الربع الثالث من سنتها المالية")
    assert extracted("تستغرق الرحلة ساعة ونصف.", d) == [("ساعة ونصف", "DURATION", "PT90M")]
    assert extracted("تستغرق الرحلة ساعتين وربع الساعة.", d) == [
        ("ساعتين وربع الساعة", "DURATION", "PT135M")]
    assert extracted("يتوقع هطول أمطار خلال الساعات الـ48 المقبلة.", d) == [
        ("الساعات الـ48 المقبلة", "DURATION", "PT48H")]
    assert extracted("تعزز الرحلات ابتداء من فاتح يوليوز.", d) == [("فاتح يوليوز", "DATE", "2014-07-01")]
    assert extracted("يأتي الإعلان بعد أسبوع من إفصاح البنوك.", d) == [("أسبوع", "DURATION", "P1W")]
    assert extracted("لن يصل الهاتف قبل عام على الأقل.", d) == [("عام", "DURATION", "P1Y")]


@given(title=st.sampled_from(["المدير", "الأمين", "النائب", "المدعي"]),
       rel=st.sampled_from(["السابق", "الجديد", "الحالي"]))
@settings(max_examples=12, deadline=None)
def test_general_after_a_title_is_no_year(title, rel):
    """``المدير العام السابق``: the former director general; ``العام السابق`` alone is a year."""
    assert extracted(f"ويقبع {title} العام {rel} في الحبس.", dt.date(2012, 12, 31)) == []
    assert extracted(f"ارتفعت الأسعار في العام {rel}.", dt.date(2012, 12, 31))[0][0] == f"العام {rel}"


@given(h=st.integers(7, 11), n=st.sampled_from(["ثلاثة أيام", "أسبوع", "يومين"]),
       wd=st.integers(0, 6))
@settings(max_examples=20, deadline=None)
def test_clock_over_several_days_is_daily(h, n, wd):
    """``تعرض المسرحية على مدى ثلاثة أيام ابتداء من الثلاثاء المقبل، في تمام الساعة التاسعة
    مساء``: a daily time; a clock after the same day but no length of days is on that day."""
    dct = dt.date(2009, 10, 29)
    daily = extracted(f"تعرض المسرحية على مدى {n} ابتداء من {WEEKDAYS[wd]} المقبل، في تمام الساعة "
                   f"{HOURS[h]} مساء.", dct)
    assert daily[-1] == (f"الساعة {HOURS[h]} مساء", "TIME", f"XXXX-XX-XXT{h + 12:02d}:00")
    once = extracted(f"تعرض المسرحية {WEEKDAYS[wd]} المقبل، في تمام الساعة {HOURS[h]} مساء.", dct)
    assert once[-1][2] == f"{once[0][2]}T{h + 12:02d}:00"


@given(h=st.integers(7, 11), period=st.sampled_from(["طوال شهر رمضان", "خلال أيام العيد"]))
@settings(max_examples=20, deadline=None)
def test_single_clock_over_a_period_is_daily(h, period):
    """``تبقى المساجد مفتوحة حتى الساعة العاشرة ليلا طوال شهر رمضان``: a nightly time."""
    found = extracted(f"تبقى المساجد مفتوحة حتى الساعة {HOURS[h]} ليلا {period}.", dt.date(2016, 6, 17))
    assert found[0] == (f"الساعة {HOURS[h]} ليلا", "TIME", f"XXXX-XX-XXT{h + 12:02d}:00")


@given(dct=DATES)
@settings(max_examples=30, deadline=None)
def test_clock_after_a_starting_day_in_an_earlier_sentence(dct):
    """``... اجتماعات ابتداء من غد الأربعاء. ورفعت الجلسة عند الساعة الواحدة والنصف ظهرا``:
    the session rose on the DCT, not on the day the meetings start from; a day named without
    ``ابتداء من`` (a fixture list ``الأحد 2 أفريل: الساعة 15:00``) still gives its day."""
    text = ("قال رئيس اللجنة إنها ستعقد اجتماعات ابتداء من غد. ورفعت الجلسة عند الساعة "
            "الواحدة والنصف ظهرا.")
    assert extracted(text, dct)[-1][2] == f"{dct.isoformat()}T13:30"
    tomorrow = (dct + dt.timedelta(days=1)).isoformat()
    fixture = "وفي ما يلي برنامج الجولة: غدا. الساعة 15:00 النادي الافريقي – النجم الساحلي."
    assert extracted(fixture, dct)[-1][2] == f"{tomorrow}T15:00"


@given(dct=st.dates(dt.date(2001, 1, 1), dt.date(2030, 12, 31)), m=st.sampled_from(sorted(MONTHS)))
@settings(max_examples=30, deadline=None)
def test_relative_year_in_an_earlier_clause(dct, m):
    """``مقابل 2.7 مليون في صيف السنة الماضية، مع ذروة من منتصف يوليو``: the last year is the
    summer's; the month takes the year the DCT window gives it, as with no year said."""
    base = extracted(f"تمتد الذروة من منتصف {MONTHS[m]}.", dct)[0][2]
    text = f"يتوقع عبور مليون مسافر مقابل 900 ألف في صيف السنة الماضية، مع ذروة تمتد من منتصف {MONTHS[m]}."
    assert extracted(text, dct)[-1][2] == base
