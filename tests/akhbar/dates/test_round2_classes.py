"""General classes found before held-out batches F and G (issue #22, round 2), without new
gold: metamorphic tests over spelling variants (month names of the Levant and the Maghreb,
tatweel, diacritics, bidi marks) that must not change what is found or its value."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import extract_dates

# every month with its Egyptian/Gulf name first, then Levantine and Maghrebi names
MONTH_NAMES = {
    1: ["يناير", "كانون الثاني", "جانفي", "ينير"], 2: ["فبراير", "شباط", "فيفري", "فبراير"],
    3: ["مارس", "آذار", "مارس", "مارس"], 4: ["أبريل", "نيسان", "أفريل", "أبريل"],
    5: ["مايو", "أيار", "ماي", "ماي"], 6: ["يونيو", "حزيران", "جوان", "يونيو"],
    7: ["يوليو", "تموز", "جويلية", "يوليوز"], 8: ["أغسطس", "آب", "أوت", "غشت"],
    9: ["سبتمبر", "أيلول", "سبتمبر", "شتنبر"], 10: ["أكتوبر", "تشرين الأول", "أكتوبر", "أكتوبر"],
    11: ["نوفمبر", "تشرين الثاني", "نوفمبر", "نونبر"], 12: ["ديسمبر", "كانون الأول", "ديسمبر", "دجنبر"],
}
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
FRAMES = ["غاب اللاعب منذ {a} بسبب إصابة.", "ارتفع التضخم خلال {a} بنسبة 3 في المئة.",
          "حافظ القطاع خلال شهري {a} و{b} الماضيين على مستواه.",
          "هطلت الأمطار بين {a} و{b} الماضيين.", "يمتد الموسم من {a} إلى {b}.",
          "تستمر الأشغال من {a} حتى {b} المقبلين.", "سجلت الصادرات في {a} و{b} ارتفاعا."]


def _values(text: str, dct: dt.date) -> list[tuple[str, str | None]]:
    return [(t.type, t.value) for t in extract_dates(text, dct)]


def _found(text: str, dct: dt.date) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]


@given(dct=DATES, a=st.integers(1, 12), gap=st.integers(1, 5), variant=st.integers(1, 3),
       frame=st.sampled_from(FRAMES))
@settings(max_examples=150, deadline=None)
def test_month_names_of_every_region_read_alike(dct, a, gap, variant, frame):
    """``منذ تموز``، ``خلال جوان``، ``بين تموز وأيلول``، ``من مارس حتى أيار``: a month name that
    is also a common word (تموز, آب, أيار, مارس, جوان, ماي) after "since/during" or in a range
    of months is the month, as its Egyptian name is."""
    b = (a + gap - 1) % 12 + 1
    base = _values(frame.format(a=MONTH_NAMES[a][0], b=MONTH_NAMES[b][0]), dct)
    assert base and all(v is not None for _, v in base)
    other = frame.format(a=MONTH_NAMES[a][variant], b=MONTH_NAMES[b][variant])
    assert _values(other, dct) == base, other


def test_ambiguous_month_words_stay_words():
    """The common words stay words: ``منذ مارس المهنة`` (since he practised the profession),
    ``تحول من أب إلى ابن``, ``بين أب وأم``, and so does a transliteration (``لوك أوت``)."""
    dct = dt.date(2017, 10, 10)
    for text in ("منذ مارس المهنة قبل عشرين سنة", "انتقلت الملكية من أب إلى ابن",
                 "نشأ بين أب وأم من القرية", "أطلقت الشركة تطبيق لوك أوت سيكيورتي للهواتف"):
        assert not [t.text for t in extract_dates(text, dct)
                    if "مارس" in t.text or "أب" in t.text or "أوت" in t.text], text


SENTENCES = ["وصل الوفد يوم الأحد 12 مارس 2017 عند الساعة العاشرة صباحا، وغادر بعد ثلاثة أيام.",
             "تعقد القمة في 3 كانون الثاني المقبل، وكانت قد تأجلت منذ أسبوعين.",
             "وأعلنت الوزارة اليوم أن الامتحانات تبدأ يوم 20 رمضان 1438 هـ وتستمر عشرة أيام.",
             "سجلت الأسعار في الربع الأول من 2016 ارتفاعا مقارنة بعام 2015، بحسب بيان صدر أمس."]


def _insert(text: str, mark: str, every: int) -> str:
    """``mark`` after every ``every``-th Arabic letter that joins to the next one."""
    out, n = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u0628" <= ch <= "\u064a" and ch not in "ةىدذرزو" and i + 1 < len(text) \
                and "\u0621" <= text[i + 1] <= "\u064a":
            n += 1
            if n % every == 0:
                out.append(mark)
    return "".join(out)


@given(dct=DATES, sentence=st.sampled_from(SENTENCES), every=st.integers(1, 4),
       mark=st.sampled_from(["\u0640", "\u064e", "\u0650", "\u0651", "\u0652"]))
@settings(max_examples=60, deadline=None)
def test_tatweel_and_diacritics_change_nothing(dct, sentence, every, mark):
    """Tatweel and diacritics inside words leave every expression and value as it was; the
    spans still index the marked text."""
    marked = _insert(sentence, mark, every)
    got = extract_dates(marked, dct)
    assert [(t.type, t.value) for t in got] == _values(sentence, dct)
    assert all(marked[t.start:t.end] == t.text for t in got)


@given(dct=DATES, sentence=st.sampled_from(SENTENCES), mark=st.sampled_from(["\u200f", "\u200e"]))
@settings(max_examples=30, deadline=None)
def test_bidi_marks_around_numbers_change_nothing(dct, sentence, mark):
    """A right-to-left or left-to-right mark before and after every number (as copied from web
    pages) leaves every expression and value as it was."""
    import re

    marked = re.sub(r"(\d+)", mark + r"\1" + mark, sentence)
    assert [(t.type, t.value) for t in extract_dates(marked, dct)] == _values(sentence, dct)


WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]  # Monday=0


@given(dct=DATES, wd=st.integers(0, 6), frame=st.sampled_from([
    "سيصل الوفد يوم {w} إلى العاصمة.", "سيتم الإعلان عن النتائج {w}.",
    "ولن تتضح النتائج إلا يوم {w}.",
    "ويتوقع أن تعلن النتائج يوم {w}.", "ومن المقرر أن يصل الوفد {w}.",
    "وستمر القافلة بالمدينة {w}."]))
@settings(max_examples=80, deadline=None)
def test_short_future_verbs_and_proclitics_look_ahead(dct, wd, frame):
    """A future verb of two root letters after its prefix (``سيصل``, ``سيتم``, ``ستمر``) and an
    announcement word with ``و`` glued (``ويتوقع``) put a bare weekday in the coming week."""
    got = extract_dates(frame.format(w=WEEKDAYS[wd]), dct)
    day = dt.date.fromisoformat(got[0].value)
    assert day.weekday() == wd and 0 <= (day - dct).days <= 6


@given(dct=DATES, wd=st.integers(0, 6), verb=st.sampled_from(["صدر", "قال", "أعلنت", "ذكرت"]))
@settings(max_examples=60, deadline=None)
def test_a_past_verb_after_the_future_word_looks_back(dct, wd, verb):
    """``سيتم التوقيع في ديسمبر، بحسب بيان صدر الاثنين``: the weekday goes with the past verb
    said after the future word, not with the future word; without that verb it lies ahead;
    short nouns that look like a future verb (``لا سيما``) say nothing of the future."""
    w = WEEKDAYS[wd]
    past = extract_dates(f"التوقيع سيتم في وقت لاحق، بحسب ما {verb} {w} مصدر مسؤول.", dct)
    day = dt.date.fromisoformat(past[-1].value)
    assert day.weekday() == wd and -6 <= (day - dct).days <= 0
    ahead = extract_dates(f"التوقيع سيتم {w} بحضور مصدر مسؤول.", dct)
    assert 0 <= (dt.date.fromisoformat(ahead[-1].value) - dct).days <= 6
    noun = extract_dates(f"ارتفعت الأسعار لا سيما {w} الماضي وما تلاه.", dct)
    assert (dt.date.fromisoformat(noun[-1].value) - dct).days < 0


@given(dct=DATES, m=st.integers(1, 12), variant=st.integers(0, 3), head=st.sampled_from(["", "شهر "]),
       every=st.sampled_from(["من كل عام", "من كل سنة"]))
@settings(max_examples=60, deadline=None)
def test_a_month_of_every_year_is_a_set(dct, m, variant, head, every):
    """``ويقام الماراثون في شهر يناير من كل عام``: a month of every year is a SET ``XXXX-01``
    (as ``الثامن من مارس من كل عام`` is ``XXXX-03-08``), whatever the DCT; not a month
    of one year and a separate ``كل عام``."""
    name = MONTH_NAMES[m][variant]
    got = [(t.text, t.type, t.value) for t in extract_dates(f"ويقام الماراثون في {head}{name} {every}.", dct)]
    assert got == [(f"{head}{name} {every}", "SET", f"XXXX-{m:02d}")]


HOURS = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة",
         7: "السابعة", 8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة"}


@given(dct=DATES, a=st.integers(5, 11), b=st.integers(1, 11), frame=st.sampled_from([
    "وقررت الحكومة تمديد حظر التجول من الساعة {a} مساء حتى {b} صباحا.",
    "تفتح المكاتب أبوابها من الساعة {a} صباحا حتى {b} مساء.",
    "ويستقبل المعرض زواره من {a} صباحا إلى {b} مساء.",
    "وحددت الوزارة مواعيد فتح المحلات من {a} صباحا إلى {b} مساء."]),
    day=st.sampled_from(["", " أمس", " غدا", " يوم الخميس المقبل"]))
@settings(max_examples=80, deadline=None)
def test_standing_schedules_have_no_day_unless_one_is_named(dct, a, b, frame, day):
    """A curfew, opening hours or set times (``تفتح المكاتب أبوابها من الساعة 8 صباحا``) said
    with no day are a schedule (``XXXX-XX-XXThh:mm``); with a day in the sentence the clock
    times are that day's."""
    text = frame.format(a=HOURS[a], b=HOURS[b])
    if day:
        text = text[:-1] + day + "."
    clocks = [t.value for t in extract_dates(text, dct) if t.type == "TIME"]
    assert len(clocks) == 2
    if day:
        assert all(v[:4].isdigit() for v in clocks), clocks
    else:
        assert all(v.startswith("XXXX-XX-XXT") for v in clocks), clocks
    once = _found(f"بلغت نسبة المشاركة 40 بالمائة إلى حدود الساعة {HOURS[b]} مساء حين أغلقت "
                  "المكاتب أبوابها.", dct)
    assert once[0][2] == f"{dct.isoformat()}T{b + 12:02d}:00"  # a closing, not opening hours


@given(dct=DATES, wd=st.sampled_from(["الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]),
       h=st.integers(1, 11))
@settings(max_examples=40, deadline=None)
def test_every_weekday_is_a_set_and_its_clock_has_no_day(dct, wd, h):
    """``كل خميس`` (without يوم) is SET ``P1W`` like ``كل يوم خميس``, and a clock time right
    before it has no day (``يبث البرنامج الساعة الثامنة مساء كل خميس``); ``كل أحد`` is
    "everyone"."""
    bare = wd[2:] if wd.startswith("ال") else wd
    bare = {"أربعاء": "أربعاء"}.get(bare, bare)
    got = [(t.text, t.type, t.value) for t in
           extract_dates(f"ويبث البرنامج الساعة {HOURS[h]} مساء كل {bare}.", dct)]
    assert got == [(f"الساعة {HOURS[h]} مساء", "TIME", f"XXXX-XX-XXT{h + 12:02d}:00"),
                   (f"كل {bare}", "SET", "P1W")]
    assert extract_dates("وتحدث كل أحد عن تجربته.", dct) == []


ANTECEDENTS = st.dates(dt.date(2001, 1, 1), dt.date(2029, 12, 31))


def _day_text(d: dt.date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month][0]} {d.year}"


@given(dct=DATES, d=ANTECEDENTS, h=st.integers(6, 11))
@settings(max_examples=60, deadline=None)
def test_the_next_and_the_same_day_follow_the_antecedent(dct, d, h):
    """``في اليوم التالي``, ``صباح اليوم التالي``, ``مساء اليوم نفسه`` and a clock time said of
    them (``الساعة الثامنة من صباح اليوم التالي``, ``الساعة الرابعة عصر اليوم نفسه``) take
    the day named before them (plus one for التالي), whatever the DCT; with no day before
    them, ``اليوم التالي`` is no date."""
    nxt = d + dt.timedelta(days=1)
    got = _found(f"وصل الوفد يوم {_day_text(d)}، وفي اليوم التالي التقى الرئيس، وفي مساء اليوم "
                 f"نفسه غادر.", dct)
    assert got[1:] == [("اليوم التالي", "DATE", nxt.isoformat()),
                       ("مساء اليوم نفسه", "TIME", f"{nxt.isoformat()}TEV")]
    got = _found(f"وصل الوفد يوم {_day_text(d)}، وعند الساعة {HOURS[h]} من صباح اليوم التالي "
                 "التقى الرئيس.", dct)
    assert got[1] == (f"الساعة {HOURS[h]} من صباح اليوم التالي", "TIME",
                      f"{nxt.isoformat()}T{h:02d}:00")
    got = _found(f"توقف القطار يوم {_day_text(d)}، وتحرك قطار الطوارئ عند الساعة {HOURS[h - 2]} "
                 "عصر اليوم نفسه.", dct)
    assert got[1] == (f"الساعة {HOURS[h - 2]} عصر اليوم نفسه", "TIME",
                      f"{d.isoformat()}T{h + 10:02d}:00")
    assert _found("وفي اليوم التالي التقى الرئيس.", dct) == []
    assert _found("وتواصلت لليوم التالي اجتماعات اللجنة.", dct) == []


@given(dct=DATES, y=st.integers(1990, 2030), m=st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_the_next_and_the_previous_unit_follow_the_antecedent(dct, y, m):
    """``العام التالي``, ``الشهر التالي`` come after the year or month named before;
    ``مقارنة بالشهر السابق`` after a month in its sentence is the month before that month
    (guidelines §4: ``الشهر السابق`` is anaphoric), and the month before the DCT when the
    sentence names none."""
    assert _found(f"وصل الوفد في عام {y}، وفي العام التالي وقع الاتفاق.", dct)[1] == (
        "العام التالي", "DATE", str(y + 1))
    py, pm = (y, m - 1) if m > 1 else (y - 1, 12)
    ny, nm = (y, m + 1) if m < 12 else (y + 1, 1)
    month = f"{MONTH_NAMES[m][0]} {y}"
    assert _found(f"وقع الاتفاق في {month} ونفذ في الشهر التالي.", dct)[1] == (
        "الشهر التالي", "DATE", f"{ny:04d}-{nm:02d}")
    assert _found(f"ارتفع التضخم في {month} مقارنة بالشهر السابق.", dct)[1] == (
        "الشهر السابق", "DATE", f"{py:04d}-{pm:02d}")
    assert _found(f"ارتفع التضخم في عام {y} مقارنة بالعام السابق.", dct)[1] == (
        "العام السابق", "DATE", str(y - 1))
    before = dct.replace(day=1) - dt.timedelta(days=1)
    assert _found("ارتفع التضخم مقارنة بالشهر السابق.", dct) == [
        ("الشهر السابق", "DATE", f"{before.year:04d}-{before.month:02d}")]


@given(dct=DATES, h=st.integers(1, 5), pod=st.sampled_from(["صباح", "فجر"]),
       day=st.sampled_from([("اليوم", 0), ("أمس", -1), ("الاثنين", None)]))
@settings(max_examples=60, deadline=None)
def test_first_hours_of_a_morning_and_hours_after_midnight(dct, h, pod, day):
    """``في الساعات الأولى من صباح اليوم`` is one TIME (that morning), not a duration
    ``الساعات الأولى`` next to it; ``الساعة الثانية بعد منتصف الليل`` is 02:00, one TIME."""
    word, offset = day
    got = _found(f"قصفت الطائرات المواقع في الساعات الأولى من {pod} {word}.", dct)
    assert [(t, typ) for t, typ, _ in got] == [(f"الساعات الأولى من {pod} {word}", "TIME")]
    if offset is not None:
        assert got[0][2] == f"{(dct + dt.timedelta(days=offset)).isoformat()}TMO"
    got = _found(f"وقع الانفجار اليوم في الساعة {HOURS[h]} بعد منتصف الليل.", dct)
    assert got[-1] == (f"الساعة {HOURS[h]} بعد منتصف الليل", "TIME", f"{dct.isoformat()}T{h:02d}:00")


@given(dm=st.integers(1, 12), m=st.integers(1, 12), frame=st.sampled_from([
    "وصل الوفد في {m} إلى العاصمة.", "ارتفع التضخم في {m} بنسبة 3 في المئة.",
    "وقعت الهجمات في {m} وأسفرت عن قتلى.", "وسجلت الصادرات النفطية خلال {m} تراجعا."]))
@settings(max_examples=80, deadline=None)
def test_a_month_after_a_past_verb_and_its_subject_is_past(dm, m, frame):
    """A news past verb with its subject before a month without a year (``ارتفع التضخم في
    يوليو`` said in June) puts the month in the twelve months before the DCT."""
    dct = dt.date(2019, dm, 15)
    got = extract_dates(frame.format(m=MONTH_NAMES[m][0]), dct)
    year, month = map(int, got[0].value.split("-"))
    assert month == m and -366 < (dt.date(year, month, 15) - dct).days <= 0


@given(dct=DATES, wd=st.integers(0, 6), noun=st.sampled_from(
    ["سيتي", "سنيا", "سياتل", "سيلفي", "سندات", "سيرغي", "سيئة", "لا سيما", "سنتين"]))
@settings(max_examples=60, deadline=None)
def test_words_that_look_like_future_verbs_do_not_look_ahead(dct, wd, noun):
    """Names and nouns that start like a future verb (``نوريتش سيتي``, ``170 سنيا``, ``سياتل``,
    ``سيرغي لافروف``) leave a bare weekday after them in the past week."""
    got = extract_dates(f"وقال المصدر إن {noun} ناقش الأمر {WEEKDAYS[wd]} مع الوفد.", dct)
    assert -6 <= (dt.date.fromisoformat(got[-1].value) - dct).days <= 0


@given(dm=st.integers(4, 9), m=st.integers(1, 2))
@settings(max_examples=30, deadline=None)
def test_a_future_word_moves_a_month_said_as_a_time_not_as_an_object(dm, m):
    """``ستعقد القمة في يناير`` (said in May) is next January, but in ``سيتم تسديد راتب شهر
    يناير`` the month is what is paid (the last January), and ``ثورة 20 يناير`` names a past
    event whatever the tense around it."""
    dct = dt.date(2019, dm, 15)
    name = MONTH_NAMES[m][0]
    assert _found(f"ستعقد القمة في {name}.", dct)[0][2] == f"2020-{m:02d}"
    assert _found(f"ستعقد القمة مطلع {name}.", dct)[0][2] == f"2020-{m:02d}"
    assert _found(f"وقالت إنه سيتم تسديد راتب شهر {name} قريبا.", dct)[0][2] == f"2019-{m:02d}"
    assert _found(f"وسوف نحتفل بإنجازات ثورة (20 {name}).", dct)[0][2] == f"2019-{m:02d}-20"


@given(dct=DATES, a=st.integers(6, 11), b=st.integers(1, 6))
@settings(max_examples=40, deadline=None)
def test_a_range_into_the_next_day(dct, a, b):
    """``من الساعة الثامنة مساء حتى الساعة الثانية من صباح اليوم التالي``: the end is the day
    after the start; in a curfew both are a schedule."""
    d = dct - dt.timedelta(days=3)
    got = _found(f"وصل الوفد يوم {_day_text(d)}، وبقي من الساعة {HOURS[a]} مساء حتى الساعة "
                 f"{HOURS[b]} من صباح اليوم التالي.", dct)
    assert [v for _, typ, v in got if typ == "TIME"] == [
        f"{d.isoformat()}T{a + 12:02d}:00", f"{(d + dt.timedelta(days=1)).isoformat()}T{b:02d}:00"]
    got = _found(f"يكون حظر التجوال من الساعة {HOURS[a]} مساء حتى {HOURS[b]} من صباح اليوم التالي.",
                 dct)
    assert [v for _, _, v in got] == [f"XXXX-XX-XXT{a + 12:02d}:00", f"XXXX-XX-XXT{b:02d}:00"]


@given(dct=DATES, h=st.integers(1, 11))
@settings(max_examples=30, deadline=None)
def test_a_clock_in_a_past_clause_does_not_take_a_day_ahead(dct, h):
    """``يعقد المجلس اجتماعا الأربعاء المقبل. وبحلول الساعة 0642 ارتفع السعر``: a clock time
    said with a past verb does not take a coming day named in an earlier sentence; with a
    present verb of the coming event it does (``وتبدأ الجلسة الساعة العاشرة``)."""
    ahead = extract_dates("ويعقد المجلس اجتماعا الأربعاء المقبل. وبحلول الساعة "
                          f"{HOURS[h]} صباحا ارتفع السعر الفوري للذهب.", dct)
    assert ahead[-1].value == f"{dct.isoformat()}T{h:02d}:00"
    event = extract_dates(f"ستعقد القمة الأربعاء المقبل. وتبدأ الجلسة الساعة {HOURS[h]} صباحا.", dct)
    assert event[-1].value == f"{event[0].value}T{h:02d}:00" and event[0].value > dct.isoformat()


@given(dct=DATES, wd=st.integers(0, 6), verb=st.sampled_from(["فاز", "وصل", "قال", "أعلنت"]))
@settings(max_examples=60, deadline=None)
def test_a_weekday_after_a_past_verb_keeps_its_past_day(dct, wd, verb):
    """``فاز الفريق يوم السبت`` before ``يوم السبت 27 أكتوبر`` ahead: the bare weekday after a
    past verb stays in the past week instead of taking the coming day pinned later (a bare one
    with no verb still takes it)."""
    ahead = dct + dt.timedelta(days=(wd - dct.weekday()) % 7 or 7)
    pinned = f"يوم {WEEKDAYS[wd]} {_day_text(ahead)}"
    got = extract_dates(f"وكان الفريق {verb} يوم {WEEKDAYS[wd]} على منافسه. ويلعب الفريق {pinned} "
                        "مباراته التالية.", dct)
    past = dt.date.fromisoformat(got[0].value)
    assert past.weekday() == wd and -7 <= (past - dct).days <= 0
    assert got[1].value == ahead.isoformat()


@given(dct=DATES, n=st.sampled_from([("الثلاثة", "Q1"), ("الستة", "H1"), ("التسعة", None)]),
       tail=st.sampled_from(["من العام الجاري", "من العام"]))
@settings(max_examples=40, deadline=None)
def test_the_first_months_with_the_number_first(dct, n, tail):
    """``التسعة أشهر الأولى من العام`` reads as ``الأشهر التسعة الأولى من العام``: one DATE
    (a quarter, a half, or null for nine months), not a duration and a year."""
    word, part = n
    a = _found(f"ارتفعت الأرباح خلال {word} أشهر الأولى {tail}.", dct)
    b = _found(f"ارتفعت الأرباح خلال الأشهر {word} الأولى {tail}.", dct)
    assert [(typ, v) for _, typ, v in a] == [(typ, v) for _, typ, v in b] == [
        ("DATE", f"{dct.year}-{part}" if part else None)]


@given(dct=DATES)
@settings(max_examples=40, deadline=None)
def test_the_unit_before_last(dct):
    """``الأسبوع قبل الماضي``, ``الشهر قبل الماضي``, ``العام قبل الماضي``: two units back (as
    ``الليلة قبل الماضية`` is two nights back)."""
    week = dct - dt.timedelta(weeks=2)
    iso = week.isocalendar()
    month = (dct.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    assert _found("عقد الاجتماع الأسبوع قبل الماضي.", dct) == [
        ("الأسبوع قبل الماضي", "DATE", f"{iso[0]:04d}-W{iso[1]:02d}")]
    assert _found("ارتفع التضخم الشهر قبل الماضي.", dct) == [
        ("الشهر قبل الماضي", "DATE", f"{month.year:04d}-{month.month:02d}")]
    assert _found("تراجعت الأرباح في السنة قبل الماضية.", dct) == [
        ("السنة قبل الماضية", "DATE", str(dct.year - 2))]


@given(dct=DATES, pod=st.sampled_from([("مساء", "EV"), ("صباح", "MO")]),
       early=st.sampled_from(["وقت مبكر", "ساعة مبكرة"]))
@settings(max_examples=30, deadline=None)
def test_yesterday_with_the_article_and_early_parts_of_a_day(dct, pod, early):
    """``الأمس`` (``يوم الأمس``, ``مساء الأمس``, ``بالأمس``) is yesterday like ``أمس``; ``في
    وقت مبكر من صباح اليوم`` is that morning with START (as ``وقت متأخر من`` gives END)."""
    word, code = pod
    y = (dct - dt.timedelta(days=1)).isoformat()
    assert _found(f"وصل الوفد {word} الأمس.", dct) == [(f"{word} الأمس", "TIME", f"{y}T{code}")]
    assert _found("وصل الوفد يوم الأمس.", dct) == [("يوم الأمس", "DATE", y)]
    got = extract_dates(f"وقع الانفجار في {early} من {word} اليوم.", dct)
    assert [(t.text, t.value, t.mod) for t in got] == [
        (f"{early} من {word} اليوم", f"{dct.isoformat()}T{code}", "START")]
    assert _found("وبين أن ما حدث بالأمس من تفجير مدان.", dct) == [("الأمس", "DATE", y)]
    # "in the past", not yesterday: a habit with كان, a contrast with اليوم, a noun before it
    for text in ("وبالأمس كانوا في المساجد.", "والذي لم يكن متطرفا بالأمس.", "بين أعداء الأمس."):
        assert _found(text, dct) == [], text
