"""Behaviour of akhbar.dates on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from akhbar.article import Timex
from akhbar.dates import DateExtractor, extract_article_dates, extract_dates

# Wednesday 15 March 2017
DCT = dt.date(2017, 3, 15)


def one(text: str, published: dt.date | None = DCT) -> Timex:
    found = extract_dates(text, published)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


def values(text: str, published: dt.date | None = DCT) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in extract_dates(text, published)]


# --- deictic days and relative units --------------------------------------------------------
@pytest.mark.parametrize("text,span,value", [
    ("وصل الوزير أمس إلى المدينة", "أمس", "2017-03-14"),
    ("تنطلق الدورة اليوم في العاصمة", "اليوم", "2017-03-15"),
    ("يصل الفريق غدا إلى الملعب", "غدا", "2017-03-16"),
    ("جرت المباراة أول أمس في الملعب", "أول أمس", "2017-03-13"),
    ("حدث ذلك أول من أمس في المدينة", "أول من أمس", "2017-03-13"),
    ("يعود الوفد بعد غد من الرحلة", "بعد غد", "2017-03-17"),
    ("انعقد الاجتماع الأسبوع الماضي بحضور الوزراء", "الأسبوع الماضي", "2017-W10"),
    ("يصدر القرار الشهر المقبل حسب المصدر", "الشهر المقبل", "2017-04"),
    ("ارتفعت الأسعار العام الماضي بشكل كبير", "العام الماضي", "2016"),
    ("تتواصل الأشغال هذا العام في الجهة", "هذا العام", "2017"),
    ("بلغ العجز ذروته في السنة الماضية", "السنة الماضية", "2016"),
])
def test_deictics_and_relative_units(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DATE", value)


@pytest.mark.parametrize("text,span,value,mod", [
    ("سيفتتح المشروع منتصف العام الماضي", "منتصف العام الماضي", "2016", "MID"),
    ("انطلق البرنامج مطلع العام الماضي", "مطلع العام الماضي", "2016", "START"),
    ("تنتهي الأشغال نهاية الشهر المقبل", "نهاية الشهر المقبل", "2017-04", "END"),
    ("عاد إلى بلاده أواخر عام 2014 بعد الحرب", "أواخر عام 2014", "2014", "END"),
])
def test_modifiers_are_in_span(text, span, value, mod):
    t = one(text)
    assert (t.text, t.value, t.mod) == (span, value, mod)


@pytest.mark.parametrize("text,span,value", [
    ("غادر البلاد قبل أسبوعين", "قبل أسبوعين", "2017-W09"),
    ("توفي الشاعر قبل عامين", "قبل عامين", "2015"),
    ("ستعلن النتائج بعد ثلاثة أيام", "بعد ثلاثة أيام", "2017-03-18"),
    ("افتتح المتحف قبل 5 أشهر", "قبل 5 أشهر", "2016-10"),
])
def test_ago_and_after(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DATE", value)


def test_relational_before_is_not_ago():
    t = one("وصل الوفد قبل ثلاثة أيام من الافتتاح")
    assert (t.text, t.type, t.value) == ("ثلاثة أيام", "DURATION", "P3D")


# --- weekdays -----------------------------------------------------------------------------------
def test_weekday_with_future_verb_is_the_coming_one():
    assert one("سيعقد المجلس اجتماعه الخميس في العاصمة").value == "2017-03-16"


def test_weekday_with_announcement_verb_is_the_coming_one():
    assert one("يستضيف الملعب البلدي المباراة السبت").value == "2017-03-18"


def test_weekday_in_past_report_is_the_last_one():
    assert one("عقد المجلس اجتماعه الجمعة في العاصمة").value == "2017-03-10"


def test_weekday_equal_to_publication_day_is_today():
    assert one("قال الوزير الأربعاء إن الحكومة مستعدة").value == "2017-03-15"


@pytest.mark.parametrize("text,value", [
    ("يلتقي الفريقان الأحد المقبل في الملعب", "2017-03-19"),
    ("التقى الفريقان الأحد الماضي في الملعب", "2017-03-12"),
])
def test_direction_words_force_the_weekday(text, value):
    assert one(text).value == value


def test_deictic_with_weekday_is_one_expression():
    t = one("أعلنت الوزارة أمس الثلاثاء عن الإجراءات")
    assert (t.text, t.value) == ("أمس الثلاثاء", "2017-03-14")


def test_the_two_is_not_monday():
    assert extract_dates("وصف المرشحين الاثنين بالجدية", DCT) == []
    assert one("التقى الوزير الاثنين بالسفير").value == "2017-03-13"


def test_part_of_day_gives_time():
    t = one("وصل الرئيس مساء أمس إلى المطار")
    assert (t.text, t.type, t.value) == ("مساء أمس", "TIME", "2017-03-14TEV")


def test_clock_time_takes_the_day_of_the_previous_date():
    found = extract_dates("تجرى المباراة يوم غد الخميس على الساعة 20:30 بالملعب", DCT)
    assert [(t.type, t.value) for t in found] == [("DATE", "2017-03-16"),
                                                  ("TIME", "2017-03-16T20:30")]


# --- months: all naming systems ----------------------------------------------------------------
@pytest.mark.parametrize("text,span,value", [
    ("ولد في 18 يناير 1990 بالقاهرة", "18 يناير 1990", "1990-01-18"),
    ("صدر القانون في 3 كانون الثاني 2016", "3 كانون الثاني 2016", "2016-01-03"),
    ("انعقدت الجلسة يوم 7 جانفي 2017", "يوم 7 جانفي 2017", "2017-01-07"),
    ("تأسست الجمعية في 12 فيفري 2010", "12 فيفري 2010", "2010-02-12"),
    ("وقعت الاتفاقية في 5 فبراير شباط 2013", "5 فبراير شباط 2013", "2013-02-05"),
    ("بدأت الحرب في 14 تموز/يوليو 2006", "14 تموز/يوليو 2006", "2006-07-14"),
    ("تم التصويت في 9 أيار (مايو) 2012", "9 أيار (مايو) 2012", "2012-05-09"),
    ("افتتح المعرض في 20 غشت 2015", "20 غشت 2015", "2015-08-20"),
    ("صدر العدد في 1 أوت 2016", "1 أوت 2016", "2016-08-01"),
    ("أقيم الحفل في 30 ديسمبر 2011", "30 ديسمبر 2011", "2011-12-30"),
    ("تقرر التأجيل إلى 4 تشرين الأول 2018", "4 تشرين الأول 2018", "2018-10-04"),
])
def test_month_systems(text, span, value):
    t = one(text)
    assert (t.text, t.value, t.calendar) == (span, value, "gregorian")


def test_month_and_year():
    t = one("تراجعت المبيعات في نوفمبر 2016 بنسبة كبيرة")
    assert (t.text, t.value) == ("نوفمبر 2016", "2016-11")


def test_month_with_direction_word():
    t = one("ارتفع المؤشر في تموز/يوليو الماضي")
    assert (t.text, t.value) == ("تموز/يوليو الماضي", "2016-07")


def test_bare_month_later_than_publication_is_last_year():
    assert one("تراجع الإنتاج منذ سبتمبر بسبب الإضراب").value == "2016-09"


def test_ambiguous_month_word_needs_context():
    # مارس = "practised"
    assert extract_dates("مارس اللاعب الرياضة منذ صغره", DCT) == []


def test_ordinal_day():
    t = one("يحتفل العالم في الثامن من مارس")
    assert (t.text, t.value) == ("الثامن من مارس", "2017-03-08")


def test_recurring_date_is_a_set():
    t = one("يحتفل الناس بالعيد في الأول من مايو من كل عام")
    assert (t.text, t.type, t.value) == ("الأول من مايو من كل عام", "SET", "XXXX-05-01")


# --- Hijri -------------------------------------------------------------------------------------
def test_hijri_date_converted():
    t = one("صدر التعميم في 25 شوال 1436 هـ")
    assert (t.text, t.value, t.calendar) == ("25 شوال 1436 هـ", "2015-08-10", "hijri")


def test_hijri_numeric_date():
    t = one("تبدأ الدراسة يوم الأحد 17/10/1436هـ في كل المدارس")
    assert (t.value, t.calendar) == ("2015-08-02", "hijri")


def test_hijri_and_gregorian_side_by_side_are_two():
    found = extract_dates("جدة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", DCT)
    assert [(t.text, t.value, t.calendar) for t in found] == [
        ("26 شوال 1436 هـ", "2015-08-11", "hijri"),
        ("11 أغسطس 2015 م", "2015-08-11", "gregorian")]


def test_hijri_year_has_no_single_value():
    t = one("بلغ عدد الحجاج في عام 1435هـ مليوني حاج")
    assert (t.text, t.value, t.calendar) == ("عام 1435هـ", None, "hijri")


def test_hijri_month_end_is_its_last_day():
    t = one("تستمر الحملة حتى نهاية شهر رمضان 1436هـ")
    assert (t.value, t.mod, t.calendar) == ("2015-07-16", "END", "hijri")


# --- numbers, digits, prefixes, ranges ------------------------------------------------------
def test_arabic_indic_digits():
    t = one("وقع الحادث في ١٢ مارس ٢٠١٦ بالمدينة")
    assert (t.text, t.value) == ("١٢ مارس ٢٠١٦", "2016-03-12")


@pytest.mark.parametrize("text,span,value", [
    ("قضى في السجن ثلاثة أيام", "ثلاثة أيام", "P3D"),
    ("عاش في المهجر عشرين عاما", "عشرين عاما", "P20Y"),
    ("استمرت الأزمة خمسة وعشرين يوما", "خمسة وعشرين يوما", "P25D"),
    ("انتظر المرضى ساعتين أمام المستشفى", "ساعتين", "PT2H"),
    ("توقفت الأشغال لمدة 40 دقيقة", "40 دقيقة", "PT40M"),
    ("حكم عليه بالسجن 4 أشهر", "4 أشهر", "P4M"),
    ("عانت البلاد طيلة عقدين من الأزمة", "عقدين", "P20Y"),
])
def test_durations(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DURATION", value)


def test_vague_plural_duration():
    t = one("تراجعت الاستثمارات خلال السنوات الأخيرة")
    assert (t.text, t.type, t.value) == ("السنوات الأخيرة", "DURATION", "PXY")


def test_age_is_not_a_duration():
    assert extract_dates("توفي الفنان عن عمر يناهز 80 عاما", DCT) == []


@pytest.mark.parametrize("text,span", [
    ("ولعام 2016 نتائج جيدة", "عام 2016"),
    ("وصل الوفد وأمس غادر", "أمس"),
    ("ويعود ذلك إلى سنة 1953", "سنة 1953"),
    ("و2014 كانت سنة صعبة", "2014"),
    ("فالآن يجب العمل", "الآن"),
])
def test_proclitics_left_out(text, span):
    assert one(text).text == span


def test_year_range_split_in_two():
    assert values("امتدت الدراسة من 2011 إلى 2014 في الجامعة") == [("2011", "2011"),
                                                                    ("2014", "2014")]


def test_day_range_takes_month_and_year_from_its_end():
    assert values("تجرى الامتحانات من 2 إلى 5 مارس 2017 في كل المعاهد") == [
        ("2", "2017-03-02"), ("5 مارس 2017", "2017-03-05")]


def test_quarter_and_same_period():
    found = extract_dates(
        "ارتفعت الصادرات خلال الثلاثي الرابع من سنة 2016 مقارنة بما سجلته في "
        "نفس الفترة من سنة 2015", DCT)
    assert [(t.text, t.value) for t in found] == [
        ("الثلاثي الرابع من سنة 2016", "2016-Q4"), ("نفس الفترة من سنة 2015", "2015-Q4")]


@pytest.mark.parametrize("text,value", [
    ("يعمل المصنع حاليا بطاقته القصوى", "PRESENT_REF"),
    ("أعلنت الشركة مؤخرا عن نتائجها", "PAST_REF"),
    ("سيتم الإعلان عن القائمة قريبا", "FUTURE_REF"),
])
def test_reference_words(text, value):
    assert one(text).value == value


@pytest.mark.parametrize("text,value", [
    ("تصدر الصحيفة يوميا", "P1D"), ("يجتمع المجلس أسبوعيا", "P1W"),
    ("ينظم المهرجان سنويا", "P1Y"), ("تتكرر الزيارة كل عام", "P1Y"),
])
def test_sets(text, value):
    t = one(text)
    assert (t.type, t.value) == ("SET", value)


def test_decade_and_century():
    assert values("ازدهرت الصناعة في الثمانينيات من القرن الماضي") == [
        ("الثمانينيات من القرن الماضي", "198")]
    assert values("بني القصر في القرن الثامن عشر") == [("القرن الثامن عشر", "17")]


def test_season_of_year():
    assert one("انتقل اللاعب إلى النادي صيف 2013").value == "2013-SU"


# --- spelling variants -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "وصل الوفد الى تونس امس", "وصل الوفد إلى تونس أمس", "وصل الوفد إلى تونس أمسِ",
])
def test_hamza_and_diacritic_variants(text):
    t = one(text)
    assert t.value == "2017-03-14"
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text", ["السنة الماضية", "السنه الماضيه", "السنة الماضيه"])
def test_teh_marbuta_variants(text):
    assert one(f"ارتفع الإنتاج {text} بنسبة قليلة").value == "2016"


def test_tanween_kept_in_span():
    t = one("بقي في المستشفى أربعين يوماً كاملاً")
    assert t.text == "أربعين يوماً كاملاً"
    assert t.value == "P40D"


# --- unknown publication date --------------------------------------------------------------------
def test_unknown_publication_date_gives_null_values():
    found = extract_dates("وصل الوفد أمس وسيغادر الخميس المقبل قبل عامين", None)
    assert [t.text for t in found] == ["أمس", "الخميس المقبل", "قبل عامين"]
    assert all(t.value is None for t in found)


def test_unknown_publication_date_keeps_absolute_values():
    assert values("وقعت الاتفاقية في 5 فبراير 2013", None) == [("5 فبراير 2013", "2013-02-05")]


# --- API -------------------------------------------------------------------------------------------
def test_field_and_offsets_are_reported():
    text = "قال المتحدث إن الاجتماع الثاني سيعقد في 3 أفريل 2017 بالعاصمة"
    t = extract_dates(text, DCT, field="lead")[0]
    assert t.field == "lead"
    assert text[t.start:t.end] == "3 أفريل 2017"


def test_article_level_weekday_pin_corrects_the_publication_date():
    # crawl date Thursday 6 Aug 2015, but the text says today is Wednesday
    fields = {"title": "اجتماع اليوم", "body": "قال المسؤول اليوم (الأربعاء) إن الاجتماع تم"}
    found = extract_article_dates(fields, dt.date(2015, 8, 6))
    assert {t.value for t in found} == {"2015-08-05"}


def test_extractor_instance_is_reusable():
    x = DateExtractor()
    a = x.extract("وصل الوفد أمس", DCT)
    b = x.extract("وصل الوفد أمس", DCT)
    assert a == b


@pytest.mark.parametrize("text", [
    "قال الخبير إن المؤسسة تعد اليوم من أكبر الشركات",
    "يواجه الشباب في عالم اليوم تحديات كثيرة",
])
def test_today_meaning_nowadays(text):
    t = one(text)
    assert (t.text, t.value) == ("اليوم", "PRESENT_REF")


def test_match_minutes_are_not_a_duration():
    """Two minutes of a match are two match-clock times (guidelines 6.2), not PT2M."""
    found = extract_dates("سجل اللاعبان في الدقيقتين 43 و57 من اللقاء", DCT)
    assert [(t.text, t.type, t.value) for t in found] == [("الدقيقتين 43", "TIME", None),
                                                          ("57", "TIME", None)]


def test_quarter_anaphora_and_relative_quarter():
    found = extract_dates("ارتفعت الأرباح خلال الربع الحالي مقارنة مع الربع المماثل من العام "
                          "السابق", DCT)
    assert [(t.text, t.value) for t in found] == [
        ("الربع الحالي", "2017-Q1"), ("الربع المماثل من العام السابق", "2016-Q1")]


def test_maghrebi_forms():
    assert values("انعقد المجلس بتاريخ غرة فيفري 2017 بالعاصمة") == [
        ("غرة فيفري 2017", "2017-02-01")]
    t = one("بلغ العدد مليونين إلى موفى شهر ديسمبر 2016")
    assert (t.text, t.value, t.mod) == ("موفى شهر ديسمبر 2016", "2016-12", "END")
    assert one("تم الاتفاق على غرار الأسبوع الفارط").value == "2017-W10"
    assert one("تغلق المكاتب على الساعة الرابعة بعد الزوال").value == "2017-03-15T16:00"


def test_after_n_units_without_future_context_is_a_duration():
    t = one("أفرج عنه بعد 3 سنوات اعتقال")
    assert (t.text, t.type, t.value) == ("3 سنوات", "DURATION", "P3Y")
