"""Word lists for Arabic dates, written in *folded* form: the one lexicon of the project.

Folded form (see :mod:`akhbar.dates.fold`): أ/إ/آ/ٱ → ا, ة → ه, ى → ي, no diacritics or
tatweel, ASCII digits. The temporal-expression grammar (:mod:`akhbar.dates.grammar`),
publication dates (:mod:`akhbar.published`) and datelines (:mod:`akhbar.dateline`, through
``akhbar.published``) are all built from these tables, so a variant spelling added here
once is recognised by all three (``tests/akhbar/dates/test_lexicon.py`` checks it).
"""

from __future__ import annotations

# --- Gregorian months: every naming system maps to 1..12 -------------------------------
# Egyptian/Gulf (يناير), Levantine/Iraqi (كانون الثاني), Tunisian/Algerian (جانفي),
# Moroccan (ينير، غشت، شتنبر، نونبر، دجنبر).
GREGORIAN_MONTHS: dict[str, int] = {
    "يناير": 1, "ينايير": 1, "كانون الثاني": 1, "كانون ثاني": 1, "جانفي": 1, "جانفيه": 1,
    "ينير": 1, "جانفييه": 1,
    "فبراير": 2, "فبرائر": 2, "فيفري": 2, "فيفريه": 2, "شباط": 2, "فبرير": 2,
    "مارس": 3, "اذار": 3, "مارص": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5, "مايه": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6, "يونيوه": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "جويلييه": 7, "جوييه": 7, "تموز": 7, "يوليوز": 7,
    "اغسطس": 8, "اغسطوس": 8, "اوت": 8, "غشت": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "ايلول": 9, "سيبتمبر": 9,
    "اكتوبر": 10, "تشرين الاول": 10, "تشرين اول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11, "تشرين ثاني": 11, "نوفمير": 11,
    "ديسمبر": 12, "دجنبر": 12, "كانون الاول": 12, "كانون اول": 12,
}
# Month names that are also ordinary words (practised, father, ...): only taken as a month
# next to a day number, a year, "شهر", a direction word or another month name.
AMBIGUOUS_MONTHS = frozenset({"مارس", "اب", "ماي", "جوان", "تموز", "ايار", "مايه", "اوت", "نيسان"})
# The Libyan month names of 1978-2011 (اي النار = January ... الكانون = December). Most are
# common words (spring, water, summer) or names (ناصر), so they are read only inside a
# full date: day, month name and year (``5 الفاتح 2009``).
LIBYAN_MONTHS: dict[str, int] = {
    "اي النار": 1, "النوار": 2, "الربيع": 3, "الطير": 4, "الماء": 5, "الصيف": 6, "ناصر": 7,
    "هانيبال": 8, "الفاتح": 9, "التمور": 10, "الحرث": 11, "الكانون": 12,
}
# English and French names (also RFC 822 abbreviations), lower-case: for metadata date
# strings (``Tue, 11 Aug 2015``, ``3 mars 2016``), not for Arabic running text.
LATIN_MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate((
        "january jan janvier", "february feb fevrier février", "march mar mars",
        "april apr avril", "may mai", "june jun juin", "july jul juillet",
        "august aug aout août", "september sept sep septembre", "october oct octobre",
        "november nov novembre", "december dec decembre décembre"), start=1)
    for name in names.split()
}

# --- Hijri months -----------------------------------------------------------------------
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "المحرم": 1,
    "صفر": 2,
    "ربيع الاول": 3, "ربيع اول": 3, "ربيع الاولي": 3,
    "ربيع الثاني": 4, "ربيع الاخر": 4, "ربيع ثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي اول": 5, "جماد الاول": 5,
    "جمادي الاخره": 6, "جمادي الثانيه": 6, "جمادي الاخر": 6, "جمادي الثاني": 6,
    "جماد الثاني": 6, "جماد الاخر": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذا القعده": 11, "ذوالقعده": 11, "ذيالقعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12, "ذا الحجه": 12, "ذوالحجه": 12, "ذيالحجه": 12,
}
# Hijri names that are also common words or personal names.
AMBIGUOUS_HIJRI = frozenset({"محرم", "المحرم", "صفر", "رجب", "شعبان", "رمضان"})

# --- Weekdays (Python weekday numbers: Monday = 0) ------------------------------------
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الاتنين": 0, "الثلاثاء": 1, "الثلاثا": 1, "الاربعاء": 2, "الاربعا": 2,
    "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}
# After يوم the article may be missing: يوم أحد، يوم جمعة.
WEEKDAYS_BARE: dict[str, int] = {
    "اثنين": 0, "ثلاثاء": 1, "اربعاء": 2, "خميس": 3, "جمعه": 4, "سبت": 5, "احد": 6,
}

# --- Numbers ------------------------------------------------------------------------------
UNITS_WORDS: dict[str, int] = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}
TEN_WORDS: dict[str, int] = {"عشر": 10, "عشره": 10}
TENS_WORDS: dict[str, int] = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
HUNDREDS_WORDS: dict[str, int] = {
    "مائه": 100, "مئه": 100, "مائتين": 200, "مئتين": 200, "مائتي": 200, "مئتي": 200,
    "مائتان": 200, "مئتان": 200,
    **{f"{u}{h}": n * 100 for u, n in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                       ("سبع", 7), ("ثمان", 8), ("تسع", 9))
       for h in ("مائه", "مئه")},
}
# Thousands in a year written in words (عام ألفين وتسعة، سنة ألف وتسعمائة وتسعين).
YEAR_THOUSANDS: dict[str, int] = {"الف": 1000, "الفين": 2000, "الفان": 2000}
# Vague quantities: the value gets an "X" count.
VAGUE_QUANTITY = ("بضع", "بضعه", "عده", "عشرات", "مئات", "بعض")

# Ordinals used for days of the month, centuries, quarters and clock hours.
ORDINALS: dict[str, int] = {
    "الاول": 1, "الاولي": 1, "الثاني": 2, "الثانيه": 2, "الثالث": 3, "الثالثه": 3,
    "الرابع": 4, "الرابعه": 4, "الخامس": 5, "الخامسه": 5, "السادس": 6, "السادسه": 6,
    "السابع": 7, "السابعه": 7, "الثامن": 8, "الثامنه": 8, "التاسع": 9, "التاسعه": 9,
    "العاشر": 10, "العاشره": 10, "الحادي": 1, "الحاديه": 1,
}
ORDINAL_TENS: dict[str, int] = {"العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30}
LAST_WORDS = ("الاخير", "الاخيره", "الاخر", "الاخره")

# --- Duration units -------------------------------------------------------------------
# form -> (unit code, count implied by the form or None, plural?)
# unit codes: Y M W D H MIN S DE (decade) CE (century) SEASON (sports season = 1 year)
UNIT_FORMS: dict[str, tuple[str, int | None, bool]] = {
    "عام": ("Y", None, False), "عاما": ("Y", None, False), "اعوام": ("Y", None, True),
    "سنه": ("Y", None, False), "سنوات": ("Y", None, True), "سنين": ("Y", None, True),
    "عامين": ("Y", 2, False), "عامان": ("Y", 2, False), "سنتين": ("Y", 2, False),
    "سنتان": ("Y", 2, False),
    "شهر": ("M", None, False), "شهرا": ("M", None, False), "اشهر": ("M", None, True),
    "شهور": ("M", None, True), "شهورا": ("M", None, True), "شهرين": ("M", 2, False),
    "شهران": ("M", 2, False),
    "اسبوع": ("W", None, False), "اسبوعا": ("W", None, False), "اسابيع": ("W", None, True),
    "اسبوعين": ("W", 2, False), "اسبوعان": ("W", 2, False),
    "يوم": ("D", None, False), "يوما": ("D", None, False), "ايام": ("D", None, True),
    "يومين": ("D", 2, False), "يومان": ("D", 2, False),
    "ساعه": ("H", None, False), "ساعات": ("H", None, True), "ساعتين": ("H", 2, False),
    "ساعتان": ("H", 2, False),
    "دقيقه": ("MIN", None, False), "دقائق": ("MIN", None, True), "دقيقتين": ("MIN", 2, False),
    "دقيقتان": ("MIN", 2, False),
    "ثانيه": ("S", None, False), "ثوان": ("S", None, True), "ثواني": ("S", None, True),
    "ثانيتين": ("S", 2, False),
    "عقد": ("DE", None, False), "عقود": ("DE", None, True), "عقدين": ("DE", 2, False),
    "عقدان": ("DE", 2, False), "عقدا": ("DE", None, False), "قرنا": ("CE", None, False),
    "اشهرا": ("M", None, True), "اعواما": ("Y", None, True),
    "قرن": ("CE", None, False), "قرون": ("CE", None, True), "قرنين": ("CE", 2, False),
    "موسم": ("SEASON", None, False), "موسما": ("SEASON", None, False),
    "مواسم": ("SEASON", None, True),
    "موسمين": ("SEASON", 2, False),
}

# --- Deictic days: offset from the publication date ------------------------------------
DEICTIC_DAYS: dict[str, int] = {
    "اليوم": 0, "امس": -1, "الامس": -1, "البارحه": -1, "غدا": 1, "غد": 1, "الغد": 1,
    "امس الاول": -2, "اول امس": -2, "اول من امس": -2, "بعد غد": 2, "بعد غدا": 2,
}

# --- Direction words after a unit, weekday or month ----------------------------------
# Dual/plural direction words after two coordinated days or months (الأحد والاثنين
# المقبلين، يناير ومارس المقبلين): they set the direction of both.
PLURAL_DIRECTION: dict[str, str] = {
    **{w: "future" for w in ("المقبلين", "القادمين", "المقبلان", "القادمان")},
    **{w: "past" for w in ("الماضيين", "المنصرمين", "الفائتين", "الماضيان", "السابقين")},
}
# The ordinal of a part of a month (الأسبوع الأول، النصف الثاني، العشر الأواخر من رمضان)
# -> the mod of the month it is a part of (None: a middle part, the month without a mod).
MONTH_PART_MODS: dict[str, str | None] = {
    "الاول": "START", "الاولي": "START", "الاوائل": "START", "الاخير": "END", "الاخيره": "END",
    "الاواخر": "END", "الثاني": None, "الثالث": None, "الاوسط": "MID", "الوسطي": "MID",
}
PAST_WORDS = frozenset({
    "الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق", "السابقه",
    "المنقضي", "المنقضيه", "الاخير", "الاخيره", "الفارط", "الفارطه",
} | {w for w, d in PLURAL_DIRECTION.items() if d == "past"})
FUTURE_WORDS = frozenset({
    "المقبل", "المقبله", "القادم", "القادمه", "الاتي", "الاتيه", "الموالي", "المواليه",
} | {w for w, d in PLURAL_DIRECTION.items() if d == "future"})
CURRENT_WORDS = frozenset({"الجاري", "الجاريه", "الحالي", "الحاليه", "هذا", "هذه"})
SAME_WORDS = frozenset({"نفسه", "نفسها", "ذاته", "ذاتها"})

# --- Modifiers in front of a date ----------------------------------------------------
MOD_WORDS: dict[str, str] = {
    "مطلع": "START", "بدايه": "START", "بدايات": "START", "اوائل": "START", "مستهل": "START",
    "بعيد": "START", "اول": "START",
    "منتصف": "MID", "اواسط": "MID", "وسط": "MID",
    "نهايه": "END", "نهايات": "END", "اواخر": "END", "ختام": "END", "اخر": "END",
    "اخير": "END", "موفي": "END", "متم": "END", "اخر ايام": "END", "مفتتح": "START",
}
APPROX_WORDS = ("نحو", "حوالي", "قرابه", "زهاء", "حوالى", "تقريبا")

# --- Parts of the day: TIMEX3 codes ------------------------------------------------------
PARTS_OF_DAY: dict[str, str] = {
    "صباح": "MO", "صبيحه": "MO", "فجر": "MO", "ضحي": "MO", "ظهر": "MI", "ظهيره": "MI",
    "بعد ظهر": "AF", "عصر": "AF", "مساء": "EV", "عشيه": "EV", "ليل": "NI", "ليله": "NI",
    "منتصف ليل": "NI",
}
# Adverbial part-of-day words after a clock time. CLOCK_WORD_SUFFIX: those that make an
# hour alone a clock time (التاسعة صباحا، 10 مساء), without الساعة before it.
CLOCK_WORD_SUFFIX = ("صباحا", "فجرا", "ظهرا", "مساء", "مساءا", "ليلا", "عصرا", "بعد الظهر",
                     "بعد الزوال", "زوالا", "قبل الظهر", "قبل الزوال", "منتصف الليل",
                     "منتصف الليله", "بعد منتصف الليل", "بعد منتصف الليله")
CLOCK_SUFFIX: dict[str, str] = {
    "صباحا": "am", "ص": "am", "فجرا": "am", "ظهرا": "noon", "بعد الظهر": "pm",
    "مساء": "pm", "مساءا": "pm", "م": "pm", "ليلا": "night", "عصرا": "pm", "بعد الزوال": "pm",
    "ظهر": "noon", "زوالا": "noon", "قبل الظهر": "am", "قبل الزوال": "am",
    "منتصف الليل": "night", "منتصف الليله": "night", "بعد منتصف الليل": "am",
    "بعد منتصف الليله": "am",
    "من بعد الظهر": "pm", "من بعد الزوال": "pm", "AM": "am", "PM": "pm", "am": "am",
    "pm": "pm",
}
# What a part of the day after a clock time says about its hour ("الساعة 12:46 صباح أمس"
# is 00:46): the same kinds as CLOCK_SUFFIX.
POD_CLOCK: dict[str, str] = {"MO": "am", "MI": "noon", "AF": "pm", "EV": "pm", "NI": "night"}
PRAYER_TIMES: dict[str, str] = {
    "الفجر": "MO", "الظهر": "MI", "العصر": "AF", "المغرب": "EV", "العشاء": "NI",
}

# --- Seasons of the year --------------------------------------------------------------
# (صائفة: Tunisian and Algerian for the summer)
SEASONS: dict[str, str] = {"صيف": "SU", "شتاء": "WI", "ربيع": "SP", "خريف": "FA", "صائفه": "SU"}
SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11),
                                             "WI": (12, 2)}

# --- Decades ---------------------------------------------------------------------------
DECADE_STEMS: dict[str, int] = {
    "عشرين": 2, "ثلاثين": 3, "اربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8,
    "تسعين": 9,
}

# --- Sets ------------------------------------------------------------------------------
SET_ADVERBS: dict[str, str] = {
    "يوميا": "P1D", "اسبوعيا": "P1W", "شهريا": "P1M", "سنويا": "P1Y", "ساعيا": "PT1H",
    "كل ليله": "P1D", "كل صباح": "P1D", "كل مساء": "P1D",
    "كل صيف": "P1Y", "كل شتاء": "P1Y", "كل ربيع": "P1Y", "كل خريف": "P1Y",  # (a season a year)
}

# --- Words after a number that show it is not a year ------------------------------------
NOT_YEAR_NEXT = frozenset({
    "دينار", "دولار", "ريال", "درهم", "يورو", "جنيه", "ليره", "مليون", "مليار", "الف", "الاف",
    "شخص", "اشخاص", "طن", "كلم", "كيلومتر", "متر", "هكتار", "فرد", "عامل", "موظف", "طالب",
    "تلميذ", "مواطن", "لاجئ", "جندي", "قتيل", "مصاب", "وحده", "سهم", "برميل", "صوت", "نسمه",
    "حاله", "مشروع", "سياره", "منزل", "مسكن", "بالمئه", "بالمائه", "في المئه", "مره",
    "ميغاواط", "كلغ", "كغ", "لتر", "نقطه", "د", "دج", "مليم", "سم", "مم", "غرام",
})

# --- Context words that steer a reading -------------------------------------------------
# Epithets after a Hijri month name: رمضان المبارك، محرم الحرام.
MONTH_EPITHETS = ("المبارك", "الكريم", "المعظم", "الحرام")
# A future verb is س + ي/ت/ن + a verb (سيعقد، ستنطلق، سنواصل); words starting with these
# are nouns instead (سياسة، سيارة، سيطرة، سنوات، ستين، سيدة...).
NOT_FUTURE_WORD_STARTS = ("سياس", "سيار", "سياح", "سيطر", "سيول", "سينما", "سيناء", "سنوات",
                          "سنوي", "سنين", "ستين", "ستاد", "ستار", "سيده", "سيدات", "سيدي",
                          "سيدن", "سنغافور", "ستوديو", "ستوكهولم", "سيناريو", "سيبير", "سيليكون",
                          "سيمفون", "سيجار", "سيراليون", "سيريلانك", "سينغال", "ستيف", "سيئ")
# Words that look like a future verb but are not (names, nouns; counted on ANT and
# SaudiNewsNet): matched as whole words.
NOT_FUTURE_WORDS = ("سيما", "سيرا", "سيره", "ستون", "سنده", "سنتا", "ستره", "سيرت", "سيجا", "سيفا",
                    "سياق", "سياقه", "سيله", "سيلا", "سيلان", "سيلفي", "سيلفا", "سنتين", "سنتي",
                    "سنته", "سنتات", "سنتر", "سندات", "سندا", "سندي", "ستريت", "سياده", "سياتل",
                    "سيرته", "سيرتك", "سيرها", "سيرغي", "سيرج", "سيرين", "سيراس", "ستهام", "سيسيل",
                    "سيزار", "ستاند", "ستاتي", "ستايت", "سيهات", "ستانا", "سيسكو", "سنجار", "سنحت",
                    "سنوب", "ستوكس", "ستيوا", "سياني", "سيندي", "سيمون", "سترات", "سيدان", "سيتي",
                    "سنيا", "سنيه", "سيسيه")
# A future prefix before only two more letters is a verb for these stems alone (سيتم، سيصل،
# ستجد، سيقع، ستضم); other four-letter words (سيتي، سيئه، ستوك، سناء) are not verbs.
SHORT_FUTURE_STEMS = ("تم", "صل", "جد", "قع", "ضم", "قف", "عد", "حل", "ظل", "ضع", "مر", "بث",
                      "رد", "شن", "زر", "حج", "فر", "دل", "هب", "سر")
# Words before a date that announce a future event (the year or weekday then lies ahead).
FUTURE_CONTEXT_WORDS = (
    "سوف", "المقرر", "المنتظر", "المرتقب", "المزمع", "المبرمج", "المبرمجه", "يعتزم", "تعتزم",
    "يرتقب", "ينتظر", "تنتظر", "المتوقع", "يتوقع", "ينطلق", "تنطلق", "يعقد", "تعقد", "ينظم",
    "تنظم", "يستضيف", "تستضيف", "يلتقي", "تلتقي", "يواجه", "تواجه", "يحتضن", "تحتضن", "يقام",
    "تقام", "ستقام", "ينعقد", "تنعقد", "يخوض", "تخوض", "يبدا", "تبدا", "يستقبل", "تستقبل",
    "يحتفل", "تحتفل", "يشارك", "تشارك", "يفتتح", "تفتتح", "موعد", "اعتبارا", "انطلاقا",
    "بدايه من", "ينتهي", "تنتهي", "تتوقع", "نتوقع", "تستمر", "يستمر", "متوقعه", "متوقعا",
    "علي ان", "لن",
)
# Modifier words read right before a date or time (mod START/MID/END).
MOD_BEFORE_DATE = ("مطلع", "بدايه", "بدايات", "اوائل", "مستهل", "مفتتح", "منتصف", "اواسط",
                   "نهايه", "نهايات", "اواخر", "ختام", "موفي", "متم", "اخر")  # (متم: Moroccan)
# "About" before a duration or an "ago" phrase (mod APPROX).
APPROX_BEFORE = ("نحو", "حوالي", "حوالى", "قرابه", "زهاء")
# Words of a death: "عن 78 عاما" after them is the age at death (توفي عن 78 عاما).
DEATH_WORDS = ("توفي", "توفيت", "وفاه", "رحل", "رحلت", "رحيل", "غيب", "غيبه", "فارق", "فارقت",
               "نعي", "نعت", "ينعي", "تنعي", "الراحل", "الراحله", "الفقيد", "الفقيده")
# Words before a number of years/months that make it an age (عمره 30 عاما), not a duration
# (regular-expression fragments: عمره، أعمارهم...).
AGE_WORDS = ("عمر[^\\s]*", "العمر", "اعمار[^\\s]*", "سن", "البالغ", "البالغه", "بالغ[^\\s]*",
             "يبلغ", "تبلغ", "يناهز", "تناهز", "ناهز", "ابن", "ابنه", "تحت", "دون",
             "لاقل", "ذات", "ذو", "ذي")  # لأقل من 21 سنة: an age group; ذات التسعة أعوام
# People named by age group: before فوق/تحت/دون/بين + a number of years (للمسنين فوق 65 عاما،
# الأطفال بين ستة أشهر وخمس سنوات) the number is an age, not a duration.
PERSON_GROUPS = ("المسنين", "مسنين", "الاطفال", "اطفال", "الرضع", "رضع", "الحوامل", "الاشخاص",
                 "اشخاص", "الشباب", "الفتيات", "الفتيان", "التلاميذ", "الطلاب", "الطلبه",
                 "المرضي", "البالغين", "الاعمار", "المواليد", "الصغار", "الكبار", "المتقاعدين",
                 "الرجال", "رجال", "النساء", "نساء", "الذكور", "الاناث")
# Words right before a four-digit number that make it an amount or a rank, not a year
# (regular-expression fragments: ``بـ?`` is ب with an optional tatweel).
NOT_YEAR_BEFORE = ("رقم", "عدد", "الرقم", "الفصل", "المرتبه", "بـ?", "قيمه", "مبلغ", "بقيمه",
                   "بمبلغ")
# Adverbs in -ا that may follow a year (2015 أيضا); other -ا words after a number are
# accusative nouns of a count (2070 مواطنا).
ADVERBS_A = frozenset({"ايضا", "تقريبا", "حاليا", "سابقا", "مجددا", "مؤخرا", "تحديدا",
                       "خصوصا", "رسميا", "فعلا", "حتما", "دوليا", "محليا", "عالميا"})
# "The two" after a dual noun (المرشحين الاثنين) or before معا/والعشرين: not Monday.
TWO_AFTER = ("معا",)
# After اليوم an adjective in -ي (اليوم العالمي، اليوم الوطني) makes it a named day, not
# today; these nouns end in ي once folded (الذكرى، الفوضى) and leave اليوم "today".
NOUNS_IN_Y = ("الذكري", "الفوضي", "القوي", "الشكاوي", "الفتاوي", "الدعاوي", "المستشفي",
              "الموسيقي", "الحمي", "العدوي", "الاسري", "الجرحي", "القتلي", "المرضي", "الموتي")
# خطبة الجمعة: the Friday sermon, not a date.
SERMON_WORDS = ("خطبه", "خطب", "خطيب", "خطباء", "صلاه")  # a bare صلاة الجمعة is no date either
# Anaphoric demonstratives: تلك الليلة، هذا اليوم.
THAT_WORDS = ("تلك", "ذلك", "تلكم")
THIS_WORDS = ("هذا", "ذلك", "ذاك")
# Before اليوم, words that make it "nowadays" (تعد اليوم، عالم اليوم): PRESENT_REF
# (regular-expression fragments).
NOWADAYS_BEFORE = ("[وف]?(?:يعد|تعد|يعتبر|تعتبر|نعرف|نعيش|يعيش|تعيش|بات|باتت|اصبح|اصبحت)",
                   "عالم", "جيل", "شباب", "انسان", "مجتمع", "اطفال", "اجيال")
# Sentences and terms: a number of years set off by commas after them is a term, not an
# age in apposition (بالسجن، 10 سنوات، مع النفاذ).
TERM_WORDS = ("السجن", "سجن", "بسجن", "الحبس", "حبس", "بحبس", "المشدد", "النافذ", "الاشغال",
              "الشاقه", "المؤبد", "الاقامه الجبريه", "عقوبه", "مده", "لمده")
# Context of a daily schedule: a clock time is then generic (XXXX-XX-XXThh:mm).
DAILY_WORDS = ("يوميا", "كل يوم", "يوميه", "اليومي", "اليوميه", "كل ليله", "كل صباح", "كل مساء", "ليليا")
# Opening and office hours: the clock times said of them are a daily schedule too.
SCHEDULE_WORDS = ("ساعات العمل", "ساعات الدوام", "الدوام الرسمي", "اوقات الدوام", "اوقات العمل",
                  "مواعيد العمل", "مواعيد الدوام", "اوقات الزياره", "مواعيد الزياره",
                  "ساعات الزياره", "ايام الاسبوع", "ساعات الافتتاح", "مواعيد الافتتاح",
                  "مواعيد الرحلات", "ساعات عمل", "اوقات عمل", "مواعيد عمل", "الدوام المدرسي", "الدوام اليومي", "اليوم الدراسي",
                  "ساعات التداول", "اوقات التداول")
# What a clock time is said of when it is a standing schedule rather than one day's event: a
# curfew, opening hours (تفتح أبوابها، يستقبل زواره، المراجعين), set times (مواعيد).
# Only read when no day is named in the sentence.
SCHEDULE_CUES = ("حظر التجول", "حظر التجوال", "حظر تجول", "حظر تجوال", "ابوابه", "ابوابها",
                 "زواره", "زوارها", "الزوار", "المراجعين", "المراجعات", "مواعيد", "دوام",
                 "الامتحانات", "امتحانات", "فتره الذروه", "ساعات الذروه", "اوقات الذروه",
                 "ساعات العمل", "ساعات الدوام", "ساعات الاستقبال", "ساعات استقبال",
                 "ساعات التبرع", "تجنب التعرض",
                 "التعرض لاشعه", "التعرض للشمس", "ساعات الاستغلال")
# Present verbs of working or opening hours (وتعمل على فترتين من الثامنة حتى العاشرة).
HABIT_HOURS_VERBS = ("تعمل", "يعمل", "تفتح", "يفتح", "تستقبل", "يستقبل", "تداوم", "يداوم",
                     "تعقد يوميا", "تستمر يوميا")
# After a range of clock times, "starting from (a day)": the range recurs from that day on
# (من الساعة 8 مساء إلى الساعة 6 صباحا، ابتداء من الخميس).
STARTING_FROM = ("ابتداء من", "اعتبارا من", "بدءا من", "بداية من", "انطلاقا من")
# Before weekdays, "except": days left out of a weekly schedule (عدا يومي الجمعة والسبت).
EXCEPT_WORDS = ("عدا", "ما عدا", "ماعدا", "باستثناء", "خلا",
                # or including (يوميا ... بما في ذلك يومي السبت والأحد)
                "بما في ذلك", "بما فيها", "بما فيه")
# References to the present, past or future (TIMEX3 PRESENT_REF ...).
REF_VALUES: dict[str, str] = {
    "الان": "PRESENT_REF", "حاليا": "PRESENT_REF", "راهنا": "PRESENT_REF",
    "مؤخرا": "PAST_REF", "حديثا": "PAST_REF", "سابقا": "PAST_REF", "السابق": "PAST_REF",
    "الماضي": "PAST_REF", "مستقبلا": "FUTURE_REF", "قريبا": "FUTURE_REF",
    "المستقبل": "FUTURE_REF",
}
# Clock hours written as words that are not ordinals: الساعة الواحدة، الحادية عشرة.
HOUR_WORDS: dict[str, int] = {"الواحده": 1, "واحده": 1, "الحاديه عشره": 11,
                              "الثانيه عشره": 12, "حاديه عشره": 11, "ثانيه عشره": 12}
# Millennium ordinals: الألفية الثالثة.
MILLENNIUM_ORDINALS: dict[str, int] = {"الاولي": 1, "الثانيه": 2, "الثالثه": 3}
# "1500 م" is also 1,500 metres. A number with a bare م is read as metres when one of
# these words comes up to three words before it (سباق 1500 م، على ارتفاع 2000 م) ...
DISTANCE_WORDS = frozenset({
    "سباق", "سباقات", "مسافه", "مسافات", "ركض", "عدو", "جري", "سباحه", "ماراثون", "مضمار",
    "مسار", "ارتفاع", "علو", "عمق", "طول", "عرض", "قفز", "رمي", "تتابع", "حواجز", "موانع",
    "سباحتي", "مسابقه", "مسابقات", "نهائي", "تصفيات", "بطل", "بطله", "ميداليه", "رقم",
})
# ... unless the word right before the number is one of these (ارتفاع الأسعار منذ 1990 م);
# "على بعد 1500 م" (at a distance of) is metres, "بعد 1990 م" (after) a year.
YEAR_PREPOSITIONS = frozenset({"منذ", "في", "عام", "سنه", "حتي", "خلال", "قبل", "بعد", "من",
                               "الي", "مطلع", "نهايه", "بدايه", "اواخر", "اوائل", "منتصف"})
# ... or one of these right after it (1500 م حرة، 400 م حواجز، 100 م للسيدات).
DISTANCE_AFTER = frozenset({
    "حره", "حواجز", "موانع", "تتابع", "فراشه", "صدر", "ظهر", "متنوع", "رجال", "سيدات",
    "للرجال", "للسيدات", "ناشئين", "للناشئين", "عدوا", "جريا", "سباحه", "مربع", "مكعب",
})

# Words that may stand next to the date on a publication date line ("الأحد 2015/01/18",
# "نشر في: ...", "آخر تحديث ... الساعة 10:30 بتوقيت مكة"). A short line whose other
# words are not all of these (and not weekdays, times or known places/agencies) is a
# headline that mentions a date, not a date line.
DATE_LINE_WORDS = frozenset({
    "نشر", "نشرت", "منشور", "في", "بتاريخ", "تاريخ", "التاريخ", "تاريخ النشر", "اخر", "تحديث",
    "التحديث", "تم", "محدث", "الموافق", "الساعه", "يوم", "م", "ه", "هـ", "ص", "مساء", "صباحا",
    "مساءا", "ت", "توقيت", "بتوقيت", "غرينتش", "جرينتش", "مكه", "المكرمه", "القدس", "السعوديه",
    "gmt", "utc", "am", "pm", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "الي", "من", "عدد",
})
# Verbs of lasting: the lone accusative unit after them is a duration (يستمر أسبوعا = P1W).
LASTING_VERBS = ("يستمر", "تستمر", "استمر", "استمرت", "يدوم", "تدوم", "دام", "دامت", "امضي",
                 "امضت", "يمضي", "تمضي", "قضي", "قضت", "يقضي", "مكث", "يمكث", "ظل", "بقي",
                 # delayed or extended by a length of time (تأخر أسبوعا، مدد المهلة شهرا)
                 "تاخر", "تاخرت", "يتاخر", "تتاخر", "تاجل", "تاجلت", "مدد", "مددت", "يمدد", "تمدد",
                 "تمديد")
# Punctual past verbs: right before them, منذ + a length of time is "ago" (بدأت منذ أسبوع،
# وصل منذ يومين), not "for" (يعاني منذ ثلاث سنوات). Folded spellings.
PUNCTUAL_PAST_VERBS = (
    "بدا", "بدات", "بداوا", "وصل", "وصلت", "وصلوا", "غادر", "غادرت", "غادروا", "عاد", "عادت",
    "عادوا", "انطلق", "انطلقت", "اندلع", "اندلعت", "اعلن", "اعلنت", "افتتح", "افتتحت", "اطلق",
    "اطلقت", "تاسس", "تاسست", "توفي", "توفيت", "وقع", "وقعت", "صدر", "صدرت", "اعتقل", "اعتقلت",
    "انتهي", "انتهت", "حدث", "حدثت", "جري", "جرت", "اكتمل", "اكتملت", "قتل", "قتلت", "اختفي",
    "اختفت", "سقط", "سقطت", "ولد", "ولدت",
)
# The number in "the first/last N months" (الأشهر العشرة الأولى، التسعة أشهر الأولى).
MONTHS_COUNT: dict[str, int] = {"الاربعه": 4, "الخمسه": 5, "الثلاثه": 3, "السته": 6, "السبعه": 7,
                                "الثمانيه": 8, "التسعه": 9, "العشره": 10, "الاحد عشر": 11}
# Reporting verbs in the past: after a future word, they make a bare weekday past again
# (سيتم التوقيع في ديسمبر، بحسب بيان صدر الاثنين؛ ستعقد القمة، كما قال الأحد).
REPORTING_PAST_VERBS = ("قال", "قالت", "ذكر", "ذكرت", "اكد", "اكدت", "افاد", "افادت", "اوضح",
                        "اوضحت", "اشار", "اشارت", "كشف", "كشفت", "نشر", "نشرت", "صرح", "صرحت",
                        "اضاف", "اضافت", "نقل", "نقلت")
# Past verbs of news reports: right before a month or day without a year (with a subject
# between at most), they put it in the past (ارتفع التضخم في يوليو, said in June: last July).
NEWS_PAST_VERBS = ("ارتفع", "ارتفعت", "انخفض", "انخفضت", "تراجع", "تراجعت", "سجل", "سجلت",
                   "بلغ", "بلغت", "زار", "زارت", "التقي", "عقد", "عقدت", "شهد", "شهدت", "اجري",
                   "اجرت", "فاز", "فازت", "خسر", "خسرت", "وافق", "وافقت", "قرر", "قررت", "اصدر",
                   "اصدرت", "نفذ", "نفذت", "تم", "جاء", "جاءت", "حقق", "حققت", "نشر", "نشرت",
                   "قال", "قالت", "اكد", "اكدت", "ذكر", "ذكرت", "كشف", "كشفت", "تعرض", "تعرضت",
                   "اصيب", "اصيبت", "استقبل", "استقبلت", "تسلم", "تسلمت", "وقع", "وقعت")
# Sports whose season is the calendar year (tennis, golf, motor racing): in an article that
# names one, هذا الموسم / الموسم الماضي is a year, not a football-style season.
CALENDAR_YEAR_SPORTS = ("تنس", "التنس", "ويمبلدون", "رولان غاروس", "فلاشينغ ميدوز", "فورمولا",
                        "الفورمولا", "غولف", "الغولف", "جولف", "الجولف")
# Nouns of places that are often named after a date (مدينة 6 أكتوبر، جسر 14 تموز، حدائق
# أكتوبر): a date without a year right after one is part of the name.
PLACE_NOUNS = ("مدينه", "مدينتي", "حي", "شارع", "ميدان", "جسر", "كوبري", "حدائق", "ضاحيه",
               "ملعب", "مطار", "نفق", "محطه", "قريه")
