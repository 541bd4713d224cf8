"""Error classes of held-out batch L (issue #22, round 4), each fixed as a general rule:
``من قبل ظهر`` is a part of the day in a clock time's span (a morning hour), a bare number
between a quantity word and ``من`` + a noun is a count, not a year, and ``اعتبارا من`` after
a done act (``جرى تمديدها``) starts in the past."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.akhbar.dates.classes import DATES, WEEKDAYS, extracted

HOURS = {"التاسعة": 9, "العاشرة": 10, "الحادية عشرة": 11}


@given(dct=DATES, wd=st.integers(0, 6), hour=st.sampled_from(sorted(HOURS)))
@settings(max_examples=40, deadline=None)
def test_before_noon_of_a_day_in_a_clock_span(dct, wd, hour):
    """``الساعة الحادية عشرة من قبل ظهر يوم الاثنين المقبل``: one TIME, the hour in the
    morning of that day, as with ``من صباح يوم الاثنين المقبل``."""
    tail = f"يوم {WEEKDAYS[wd]} المقبل في مقر الحكومة."
    got = extracted(f"ويعقد المجلس جلسته عند الساعة {hour} من قبل ظهر {tail}", dct)
    ref = extracted(f"ويعقد المجلس جلسته عند الساعة {hour} من صباح {tail}", dct)
    assert len(got) == len(ref) == 1
    assert got[0][0] == f"الساعة {hour} من قبل ظهر يوم {WEEKDAYS[wd]} المقبل"
    assert got[0][1:] == ref[0][1:]
    assert got[0][2].endswith(f"T{HOURS[hour]:02d}:00")


@given(dct=DATES, n=st.integers(1900, 2099),
       about=st.sampled_from(["نحو", "حوالي", "قرابة", "أكثر من"]),
       noun=st.sampled_from(["رعايا 50 دولة", "المهاجرين", "المدنيين"]))
@settings(max_examples=40, deadline=None)
def test_about_n_of_them_is_a_count(dct, n, about, noun):
    """``إلى جانب نحو 1900 من رعايا 50 دولة``: no year; ``ولد نحو 1950 في القاهرة`` and
    ``في عام 1950 من ...`` stay years."""
    assert not [f for f in extracted(f"وعبر المعبر إلى جانب {about} {n} من {noun} أخرى.", dct)
                if f[1] == "DATE"]
    assert (str(n), "DATE", str(n)) in extracted(f"ولد {about} {n} في القاهرة.", dct)


@given(dct=DATES, wd=st.integers(0, 6), done=st.sampled_from(["جرى تمديدها", "تم تمديدها"]))
@settings(max_examples=40, deadline=None)
def test_starting_from_after_a_done_act_is_past(dct, wd, done):
    """``الهدنة التي جرى تمديدها اعتبارا من الخميس``: the last Thursday (the extension is
    done); ``التي سيجري تمديدها اعتبارا من الخميس`` stays ahead."""
    past = extracted(f"ما لم تصمد الهدنة التي {done} لمدة 72 ساعة إضافية اعتبارا من يوم {WEEKDAYS[wd]}.", dct)
    ahead = extracted(f"ما لم تصمد الهدنة التي سيجري تمديدها لمدة 72 ساعة إضافية اعتبارا من يوم {WEEKDAYS[wd]}.", dct)
    assert past[-1][2] <= str(dct) <= ahead[-1][2]
    if wd != dct.weekday():
        assert past[-1][2] < str(dct) < ahead[-1][2]


@given(dct=DATES, wd=st.integers(0, 6))
@settings(max_examples=30, deadline=None)
def test_a_past_habit_range_has_no_day(dct, wd):
    """``بعد أن كان العمل فيهما يقتصر على الفترة من الثامنة صباحا حتى السادسة مساء``: a
    past habit, no day (even after a day named earlier in the sentence); a range said of
    one past day keeps it."""
    habit = extracted(f"ويعمل المنفذان منذ يوم {WEEKDAYS[wd]} الماضي على مدار الساعة، بعد أن كان "
                   "العمل فيهما يقتصر على الفترة من الثامنة صباحا حتى السادسة مساء.", dct)
    assert [v for _, t, v in habit if t == "TIME"] == ["XXXX-XX-XXT08:00", "XXXX-XX-XXT18:00"]
    once = extracted(f"وعقد الاجتماع يوم {WEEKDAYS[wd]} الماضي من الثامنة صباحا حتى السادسة مساء.", dct)
    assert [v[:10] for _, t, v in once if t == "TIME"] == [once[0][2]] * 2


@given(dct=DATES, until=st.sampled_from(["نهاية الشهر", "نهاية العام", "31 ديسمبر"]),
       cue=st.sampled_from(["بالدوام الشتوي", "بالدوام الرمضاني"]))
@settings(max_examples=30, deadline=None)
def test_working_hours_until_a_date_are_daily(dct, until, cue):
    """``استمرار العمل بالدوام الرمضاني من الساعة التاسعة صباحا وحتى الساعة الثانية بعد
    الظهر حتى نهاية الشهر``: daily hours until then, no day, even after a dated sentence;
    ``الدوام`` with its article (``بالدوام``) is a schedule word too."""
    lead = "وتبدأ العطلة يوم الأربعاء 8 أيلول. "
    got = extracted(lead + f"وقرر المجلس استمرار العمل {cue} من الساعة التاسعة صباحا وحتى الساعة الثانية "
                 f"بعد الظهر حتى {until}.", dct)
    assert [v for _, t, v in got if t == "TIME"] == ["XXXX-XX-XXT09:00", "XXXX-XX-XXT14:00"]
    plain = extracted(f"ويبدأ العمل {cue} من الساعة الثامنة صباحا حتى الثالثة عصرا.", dct)
    assert [v for _, t, v in plain if t == "TIME"] == ["XXXX-XX-XXT08:00", "XXXX-XX-XXT15:00"]
