"""Regular-expression grammar for Arabic temporal expressions (on folded text).

Patterns are built from :mod:`akhbar.dates.lexicon`. Each *span* pattern finds where an
expression is; small *part* patterns then read its pieces (day, month, year, weekday…).
Nothing here is compiled at import time: :func:`compile_grammar` is called once by
:class:`akhbar.dates.extractor.DateExtractor`. Each rule's name selects its handler in the
module of its family (see :mod:`akhbar.dates.extractor`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from akhbar.dates import lexicon as lx
from akhbar.dates.fold import fold_word

L = r"(?<![^\W\d_])"  # not preceded by a letter
R = r"(?![^\W\d_])"  # not followed by a letter
PFX = r"(?:[وف]?[بلك]?)"  # proclitics, kept outside the span
ART = r"(?:ال|لل)"  # the article, or ل+ال fused (kept inside the span)
SP = r"\s+"


def alt(words: Iterable[str]) -> str:
    """Alternation of folded words, longest first; inner spaces match any whitespace."""
    forms = sorted({fold_word(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in forms) + ")"


def _strip_article(words: Iterable[str]) -> list[str]:
    return [w[2:] if w.startswith("ال") else w for w in words]


# --- building blocks --------------------------------------------------------------------
GM = alt(lx.GREGORIAN_MONTHS)
GM_UNAMB = alt(w for w in lx.GREGORIAN_MONTHS if w not in lx.AMBIGUOUS_MONTHS)
_EPITHET = r"(?:\s+(?:" + "|".join(lx.MONTH_EPITHETS) + "))?"
HM = alt(lx.HIJRI_MONTHS) + _EPITHET
HM_UNAMB = alt(w for w in lx.HIJRI_MONTHS if w not in lx.AMBIGUOUS_HIJRI) + _EPITHET
GM_GLOSS = rf"(?:\s*/\s*{GM}|\s*\(\s*{GM}\s*\)|\s*-\s*{GM}{R}|\s+{GM}{R})"
GMX = rf"{GM}{R}{GM_GLOSS}?"
CAL = r"(?:\s*(?:هجريه|هجري|ه|ميلاديه|ميلادي|م)(?![^\W\d_]))?"
YEAR_HEAD = r"(?:عام|العام|سنه|السنه|عامي|سنتي|سنوات|السنوات|اعوام|الاعوام|العامين)"
YEAR4 = r"(?<!\d)\d{4}(?!\d)"
YEAR4_DATE = r"(?<!\d)(?:1[3-9]\d\d|20\d\d)(?!\d)"  # a year inside a date: not 2140 حالة
YEARPART = rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:ل(?=عام|سنه))?{YEAR_HEAD}\s*)?{YEAR4_DATE}{CAL})"
# "... من العام الماضي": a relative year after a month or a day and month; "من ذلك العام",
# "من العام نفسه": the year of the last year named before (anaphoric)
YEAR_REL_TAIL = (r"(?:\s*[،,]?\s*من\s+(?:(?:ال|لل)(?:عام|سنه)\s+(?:الماضي|الماضيه|المنصرم|المنصرمه|"
                 r"الفائت|الفائته|السابق|السابقه|المقبل|المقبله|القادم|القادمه|الحالي|الحاليه|"
                 r"الجاري|الجاريه|نفسه|نفسها|ذاته|ذاتها)|(?:هذا|هذه|ذلك|ذاك|تلك|نفس|ذات)\s+(?:العام|السنه))(?![^\W\d_])"
                 r"|\s+(?:هذا|هذه)\s+(?:العام|السنه)(?![^\W\d_]))")
WD = alt(lx.WEEKDAYS)
WD_ANY = rf"(?:{WD}|{alt(lx.WEEKDAYS_BARE)})"
DAY2 = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?!\d)"
ORD_UNIT = alt(k for k in lx.ORDINALS)
ORD_TENS = alt(lx.ORDINAL_TENS)
ORD_DAY = rf"(?:غره|(?:ال)?فاتح|اول|(?:الحادي|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع)\s+و\s*{ORD_TENS}|{ORD_TENS}|(?:الحادي|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع)\s+عشر|{ORD_UNIT})"
REL = alt(lx.PAST_WORDS | lx.FUTURE_WORDS | {"الجاري", "الجاريه", "الحالي", "الحاليه"})
# (الغد only after يوم or a part of the day: حزب الغد، عالم الغد are not days; صباح الغد is)
DEIC = r"(?:امس\s+الاول|اول\s+من\s+امس|اول\s+امس|بعد\s+غدا?|اليوم(?!\s+(?:نفسه|ذاته|التالي|اللاحق|الموالي))|امس|الامس|البارحه|غدا|غد|الغد(?:(?<=يوم\sالغد)|(?<=صباح\sالغد)|(?<=مساء\sالغد)|(?<=ظهر\sالغد)|(?<=فجر\sالغد)|(?<=عصر\sالغد)|(?<=ليل\sالغد)|(?<=ليله\sالغد)|(?<=من\sالغد)))"
POD = alt(lx.PARTS_OF_DAY)
UNITS_WORD = alt(lx.UNITS_WORDS)
TENS_WORD = alt(lx.TENS_WORDS)
NUMWORD = (rf"(?:{UNITS_WORD}\s+و\s*{TENS_WORD}|(?:{UNITS_WORD})\s+عشر(?:ه)?|{TENS_WORD}"
           rf"|{alt(lx.HUNDREDS_WORDS)}|{UNITS_WORD}|عشره|عشر)")
NUM = rf"(?:(?<![\d.,])\d{{1,4}}(?:[.,]\d+)?(?!\d)|{NUMWORD}{R}|(?:{alt(lx.VAGUE_QUANTITY)}){R})"
UNIT = alt(k for k in lx.UNIT_FORMS if k != "عقدا")  # 40 عقدا: contracts
DUAL_UNIT = alt(k for k, v in lx.UNIT_FORMS.items() if v[1] == 2)
PLURAL_UNIT = alt(k for k, v in lx.UNIT_FORMS.items() if v[2])
APPROX = alt(lx.APPROX_WORDS)
# a year in words after its head noun: عام ألفين وتسعة، سنة ألف وتسعمائة وتسعين
YEAR_WORDS = (rf"(?:{alt(lx.YEAR_THOUSANDS)}{R}(?:\s+و\s*{alt(lx.HUNDREDS_WORDS)}{R})?"
              rf"(?:\s+و\s*{NUMWORD}{R})?)")
# an hour said with a part-of-day adverb, without الساعة: التاسعة صباحا، 10 مساء
FEM_HOUR = rf"(?:الواحده|{alt(w for w in lx.ORDINALS if w.endswith('ه'))})(?:\s+عشره)?"
# after an hour: half, quarter, third, or minutes (والنصف، إلا ربعا، والثلث، وعشر دقائق)
CLOCK_FRACTION = (r"(?:\s+(?:و\s*النصف|و\s*نصف|و\s*الربع|الا\s+ربعا|الا\s+الربع|الا\s+ربع|و\s*الثلث"
                  r"|الا\s+ثلثا|الا\s+الثلث|و\s*(?:\d{1,2}|" + NUMWORD + r")\s+(?:دقيقه|دقائق)))")
SEASON_WORD = alt(lx.SEASONS)
HIJRI_NAME_BEFORE = ("|".join(f"(?<={w} )" for w in ("في", "خلال", "طوال", "طيله", "قبل", "بعد",
                                                    "منذ", "حتي", "مع"))
                     + r"|(?<=[^\W\d_]{3}ات )")
HM_NAME = alt(w for w in lx.AMBIGUOUS_HIJRI if w != "صفر")  # صفر is also "zero"
PART_ORD = alt(lx.MONTH_PART_MODS)
FIRST_MONTHS_N = alt(lx.MONTHS_COUNT)  # الأشهر العشرة الأولى
FIRST_MONTHS_TAIL = rf"(?:\s+(?:من\s+)?(?:{YEAR_HEAD}\s*{YEAR4}{CAL}|{YEAR4}{CAL}|(?:هذا|هذه)\s+(?:العام|السنه){R}|{ART}(?:عام|سنه)\s+{REL}{R})|\s+من\s+(?:العام|السنه){R}(?!\s+(?:ال|\d)))"
SINGLE_UNITS = ("يوم", "يوما", "اسبوع", "اسبوعا", "شهر", "شهرا", "عام", "عاما", "سنه", "ساعه",
                "دقيقه", "عقد", "قرن")
SINGLE_UNIT = alt(SINGLE_UNITS)
MOD_WORD = alt(w for w in lx.MOD_BEFORE_DATE if w != "اخر")
# right after a modifier word (one space, as folded text has it): a lookbehind per word
AFTER_MOD = "(?:" + "|".join(f"(?<={re.escape(w)} )" for w in lx.MOD_BEFORE_DATE
                             if w != "اخر") + ")"
# adjectives inside a duration's span (not اضافية/أخرى "more": أربعة أسابيع [إضافية])
DUR_ADJ = (r"(?:\s+(?:ماليه|متتاليه|متواليه|كامله|كاملا|كاملين|كاملتين|متواصله|ماضيه"
           r"|قادمه|مقبله|طويله|طوالا|قليله|عديده|معدوده|شمسيه|قمريه))")

# ABS: an absolute day (Gregorian text, Hijri text, numeric); named groups for parsing.
ABS_G = (rf"(?:(?P<g_d>{DAY2})|(?P<g_o>{ORD_DAY}))\s*(?:من\s+)?(?:شهر\s+)?(?P<g_m>{GMX})"
         rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEAR_HEAD}\s*)?(?P<g_y>{YEAR4_DATE})(?P<g_c>{CAL})"
         rf"|(?P<g_r>{YEAR_REL_TAIL}))?")
ABS_H = (rf"(?:(?P<h_d>{DAY2})|(?P<h_o>{ORD_DAY}))\s*(?:من\s+)?(?:شهر\s+)?(?P<h_m>{HM}){R}"
         rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEAR_HEAD}\s*)?(?P<h_y>\d{{3,4}})(?!\d)(?P<h_c>{CAL})"
         rf"|(?P<h_r>{YEAR_REL_TAIL}))?")
ABS_N = (r"(?<![\d/\\.])(?P<n_d>\d{1,2})\s*(?P<n_s1>[/\\.-])\s*(?P<n_m>\d{1,2})\s*(?P<n_s2>[/\\.-])"
         rf"\s*(?P<n_y>\d{{4}})(?!\d)(?P<n_c>{CAL})")
ABS_I = (r"(?<![\d/\\.])(?P<i_y>\d{4})\s*(?P<i_s1>[/\\-])\s*(?P<i_m>\d{1,2})\s*(?P<i_s2>[/\\-])\s*"
         rf"(?P<i_d>\d{{1,2}})(?![\d/])(?P<i_c>{CAL})")
# Libyan month names only inside a full date (see ``lexicon.LIBYAN_MONTHS``).
ABS_L = (rf"(?P<l_d>{DAY2})\s*(?P<l_m>{alt(lx.LIBYAN_MONTHS)}){R}\s*[،,]?\s*(?P<l_y>{YEAR4})"
         rf"(?P<l_c>{CAL})")
ABS = rf"(?:{ABS_G}|{ABS_H}|{ABS_L}|{ABS_N}|{ABS_I})"

_NAMED = re.compile(r"\(\?P<\w+>")


def nc(pattern: str) -> str:
    """The same pattern with its named groups made non-capturing."""
    return _NAMED.sub("(?:", pattern)


# DAY: [part of day] [يوم] (deictic [weekday gloss] | weekday [direction]) [date] | date
_WD_GLOSS = rf"(?:\s*[،,]?\s*(?:\(\s*)?(?:يوم\s+)?{WD}(?:\s*\))?{R})"
# (يومي, the dual head of two weekdays, goes with the first: [يومي الأربعاء] و[الخميس])
_HEAD = rf"(?:{DEIC}{R}{_WD_GLOSS}?|يوم\s*\(\s*{WD}{R}\s*\)|(?:يوم\s+|يومي\s+(?={WD}))?{WD_ANY}{R}(?:\s+{REL}{R})?)"
_ABS_TAIL = rf"(?:\s*[،,]?\s*(?:الموافق\s+(?:ل\s*)?)?(?:يوم\s+)?{nc(ABS)}(?:\s+{REL}{R})?)"
_POD_HEAD = (rf"(?:(?:بعيد|قبيل|وقت\s+(?:متاخر|مبكر)\s+من|ساعه\s+(?:متاخره|مبكره)\s+من|(?:ال)?ساعات\s+(?:ال)?اولي\s+من)\s+)?"
             rf"(?:{POD}\s+(?:من\s+)?)?")
# right after a preposition that can introduce a time (ابتداء من منتصف النهار)
_AFTER_TIME_PREP = "|".join(f"(?<={w} )" for w in ("في", "عند", "حتي", "الي", "من", "بعد", "قبل",
                                                   "منذ", "لغايه"))
# right before a prayer time said alone (بعد المغرب، حتى الظهر)
_PRAYER_PREP = "|".join(f"(?<={w} )" for w in ("بعد", "قبل", "عند", "حتي", "الي", "منذ", "عقب",
                                               "قبيل", "بعيد"))
# The day after a clock time, through a part of the day: "الساعة 12:46 صباح أمس",
# "11:30 مساء الأحد", "الساعة 5 مساء من يوم السبت" (not "من السبت إلى الخميس", a range of
# weekdays); the part of the day also says whether the hour is am or pm.
CLOCK_DAY = (rf"(?:\s+(?:من\s+)?(?:قبل\s+(?=ظهر))?{POD}\s+(?:من\s+(?=(?:يوم\s+)?{WD}{R}(?!\s+(?:الي|حتي|و\s*حتي)\s)))?(?:يوم\s+)?(?:{DEIC}{R}{_WD_GLOSS}?|هذا\s+اليوم{R}|اليوم\s+(?:نفسه|ذاته|التالي){R}|{WD}{R}(?:\s+{REL}{R})?)"
             rf"{_ABS_TAIL}?)")
# the day after a clock time and its part-of-day adverb: "الساعة العاشرة ليلا من يوم السبت 22
# جويلية" (a full date, or a weekday not opening a range of weekdays)
CLOCK_OF_DAY = (rf"(?:\s+من\s+(?:يوم\s+(?:{WD}{R}(?:\s+{REL}{R})?{_ABS_TAIL}|{nc(ABS)}"
                rf"|{WD}{R}(?!\s+(?:الي|حتي|و\s*حتي)\s)(?:\s+{REL}{R})?)"
                rf"|اليوم\s+(?:التالي|الموالي|نفسه|ذاته){R}))")
# a time zone after a clock time: بتوقيت مكة المكرمة، بالتوقيت المحلي، تغ / ت.غ (GMT)
ZONE_TAIL = (r"(?:\s+(?:ب|حسب\s+)?(?:ال)?توقيت\s+(?:ال)?[^\W\d_]+(?:\s+المكرمه)?"
             rf"|\s+ت\s*\.?\s*غ{R})")
DAY_SPAN = (rf"{L}{PFX}(?P<s>{_POD_HEAD}(?:(?:يوم\s+)?{_HEAD}{_ABS_TAIL}?|(?:يوم\s+)?{nc(ABS)}"
            rf"(?:\s+{REL}{R})?))")
# Helpers to read the pieces of a DAY span.
PART_ABS = ABS
# (inside a matched span the context of الغد is gone: ابتداء من الغد matched as الغد)
PART_DEIC = rf"{L}" + re.sub(r"الغد\(\?:.*\)\)(?=\)$)", "الغد", DEIC) + rf"{R}"
PART_WD = rf"{L}(?:{WD}|(?<=يوم )(?:{alt(lx.WEEKDAYS_BARE)})){R}"
PART_POD = (rf"^(?:(?P<pre>بعيد|قبيل|وقت\s+(?:متاخر|مبكر)\s+من|ساعه\s+(?:متاخره|مبكره)\s+من|(?:ال)?ساعات\s+(?:ال)?اولي\s+من)"
            rf"\s+)?(?P<pod>{POD}){R}")
PART_REL = rf"{L}{REL}{R}"


# --- where a pattern can start -------------------------------------------------------------
# A match's first characters: each string is how a match can begin (a match may end inside
# it or go on past it); DIGIT stands for any decimal digit; "" means anything.
DIGIT = "\0"
PREFIX_CHARS = 4  # how far into a match the analysis looks
_OPEN = frozenset({("", False)})  # nothing known: any beginning
_EMPTY = frozenset({("", True)})  # consumes nothing (an assertion)
_MAX_SET = 20000


def match_prefixes(pattern: str, k: int = PREFIX_CHARS) -> frozenset[str]:
    """How a match of ``pattern`` can begin (its first ``k`` characters at most), read
    from the pattern's parse tree.

    Used to try a rule only at the trigger words (and digits) it can start at. Whatever
    the reading does not follow (a class like ``\\\\s`` or ``\\\\w``, a back-reference, a
    very large alternation) ends the string there, meaning "anything may follow", so a rule
    is never skipped where it could match.
    """
    try:  # the parser and its opcodes (private; named sre_* before Python 3.11)
        from re import _constants as c
        from re import _parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]
    atomic = getattr(c, "ATOMIC_GROUP", None)
    repeats = tuple(op for op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))
                    if op is not None)

    parsed = _parser.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return frozenset({""})
    Exp = frozenset[tuple[str, bool]]  # (text consumed, whether the item ended there)

    def seq(items, room: int) -> Exp:
        cur: set[tuple[str, bool]] = {("", True)}
        for op, av in items:
            nxt: set[tuple[str, bool]] = set()
            for s, ended in cur:
                if not ended:
                    nxt.add((s, False))
                    continue
                nxt.update((s + t, e) for t, e in item(op, av, room - len(s)))
            if len(nxt) > _MAX_SET:
                return _OPEN
            cur = nxt
        return frozenset(cur)

    memo: dict[tuple[int, int], Exp] = {}

    def item(op, av, room: int) -> Exp:
        key = (id(av), room)  # the tree lives while this runs
        if key not in memo:
            memo[key] = read(op, av, room)
        return memo[key]

    def read(op, av, room: int) -> Exp:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            return _EMPTY  # zero width: only narrows the match
        if room <= 0:
            return _OPEN
        if op is c.LITERAL:
            return frozenset({(_char(chr(av)), True)})
        if op is c.IN:
            chars: set[str] = set()
            for sop, sav in av:
                if sop is c.LITERAL:
                    chars.add(_char(chr(sav)))
                elif sop is c.RANGE and sav[1] - sav[0] < 256:
                    chars.update(_char(chr(o)) for o in range(sav[0], sav[1] + 1))
                elif sop is c.CATEGORY and sav is c.CATEGORY_DIGIT:
                    chars.add(DIGIT)
                else:
                    return _OPEN
            return frozenset((ch, True) for ch in chars)
        if op is c.SUBPATTERN:
            return _OPEN if av[1] & (re.IGNORECASE | re.VERBOSE) else seq(av[3], room)
        if atomic is not None and op is atomic:
            return seq(av, room)
        if op is c.BRANCH:
            return frozenset().union(*(seq(alt_, room) for alt_ in av[1]))
        if op in repeats:
            lo, hi, sub = av
            out: set[tuple[str, bool]] = set()
            cur: set[tuple[str, bool]] = {("", True)}
            for n in range(min(hi, lo + room) + 1):  # past lo + room every string is full
                if n >= lo:
                    out.update(cur)
                elif not any(e for _, e in cur):
                    out.update(cur)
                    break
                nxt = {(s, False) for s, e in cur if not e}
                for s, e in cur:
                    if e:
                        nxt.update((s + t, e2) for t, e2 in seq(sub, room - len(s)))
                if len(nxt) > _MAX_SET:
                    return _OPEN
                cur = nxt
            else:
                out.update((s, False) for s, _ in cur)  # more repeats may follow
            return frozenset(out)
        return _OPEN

    return frozenset(s for s, _ in seq(parsed, k))


def _char(ch: str) -> str:
    return DIGIT if ch.isdecimal() else ch


@dataclass(frozen=True)
class Beginnings:
    """How matches of one pattern can begin (see :func:`match_prefixes`), to test words."""

    prefixes: frozenset[str]
    heads: frozenset[str]  # the prefixes' own shorter beginnings

    @classmethod
    def of(cls, pattern: str) -> Beginnings:
        try:
            prefixes = match_prefixes(pattern)
        except Exception:  # noqa: BLE001 - a private parser that changed: assume any beginning
            prefixes = frozenset({""})
        return cls(prefixes, frozenset(p[:j] for p in prefixes for j in range(1, len(p))))

    def allow(self, word: str) -> bool:
        """Whether a match can start where ``word`` starts (a digit stands for any digit)."""
        word = "".join(map(_char, word))
        return (any(word[:j] in self.prefixes for j in range(min(len(word), PREFIX_CHARS) + 1))
                or word in self.heads)


@dataclass(frozen=True)
class Rule:
    """A span pattern, the first words it can start with, and whether it can start with a digit.

    The extractor only tries a rule where one of its first words (after proclitics) or a
    digit begins, which keeps extraction to one scan over the words of the text.
    """

    name: str
    pattern: str
    priority: int = 0
    first: frozenset[str] = frozenset()
    digit: bool = False


def words(*groups: Iterable[str] | str) -> frozenset[str]:
    """First tokens (folded) of every phrase in ``groups``."""
    out: set[str] = set()
    for g in groups:
        for phrase in ([g] if isinstance(g, str) else g):
            out.add(fold_word(phrase).split()[0])
    return frozenset(out)


def _raw_rules() -> list[Rule]:
    month_head = r"(?:شهر\s+|الشهر\s+|لشهر\s+|موسم\s+(?=" + HM + r"))?"
    return [
        Rule("day", DAY_SPAN, 5),
        # the night from one day to the next (ليلة السبت إلى الأحد): one TIME, the first day
        # the nth weekday of a month: الجمعة الثانية من رمضان، الجمعة الأخيرة من شهر رمضان المبارك
        Rule("nth_weekday", rf"{L}{PFX}(?P<s>(?:يوم\s+)?{WD}{R}\s+(?:الاولي|الثانيه|الثالثه|الرابعه|الخامسه|الاخيره)\s+من\s+(?:شهر\s+)?(?:{GMX}|{HM}{R}(?:\s+المبارك{R})?)(?:{YEARPART})?)", 6),
        Rule("day_night", rf"{L}{PFX}(?P<s>(?:ليله|ليل)\s+(?:يوم\s+)?{WD}{R}\s*(?:(?:الي|علي)\s|[-–/]\s*)\s*(?:يوم\s+)?{WD}){R}", 5),
        # a day number glued to the word before it, often because a bidi mark between
        # them was dropped (ثورة\u200f25\u200f يناير): still a date when a month follows
        Rule("day", rf"(?<=[^\W\d_])(?P<s>{nc(ABS_G)}|{nc(ABS_H)})", 5),
        # months
        # a day and month in an agency dateline: الكويت - 17 - 8 (كونا) --
        Rule("dateline_dm", r"(?<![\d/.-])(?P<s>(?:[12]\d|3[01]|0?[1-9])\s*-\s*(?:1[0-2]|0?[1-9]))\s*\(\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s*\)\s*[-–—]", 4),
        Rule("month_year", rf"{L}{PFX}(?P<s>{month_head}(?:{GMX}|{HM}{R}){YEARPART})", 4),
        Rule("month_rel", rf"{L}{PFX}(?P<s>{month_head}(?:{GMX}|{HM}{R})\s+{REL}{R})", 4),
        Rule("month_rel", rf"{L}{PFX}(?P<s>{month_head}(?:{GMX}|{HM}{R}){YEAR_REL_TAIL})", 4),
        Rule("month_bare", rf"{L}{PFX}(?P<s>(?:شهر|الشهر|لشهر|شهري)\s+(?:{GMX}|{HM}{R}))", 3),
        # a part of a month: الأسبوع الأول من يناير، النصف الثاني من مارس، العشر الأواخر من رمضان
        Rule("month_part_rel", rf"{L}{PFX}(?P<s>{ART}(?:اسبوع|ايام|نصف|عشر|ثلث)\s+(?:{PART_ORD})\s+من\s+(?:(?:ال|لل)شهر\s+{REL}|هذا\s+الشهر){R}(?!\s+(?:الفضيل|الكريم|المبارك)))", 5),
        # the last, current or next decade (not العقد الماضي مع شركة: a contract)
        Rule("decade_rel", rf"{L}{PFX}(?P<s>{ART}عقد\s+(?:(?:{REL}|الاخير)(?:\s+من\s+{ART}قرن\s+(?:{REL}|{ORD_UNIT}|العشرين|\d{{1,2}})(?:\s+عشر)?)?|(?:الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر)\s+من\s+{ART}قرن\s+(?:{REL}|{ORD_UNIT}|العشرين|\d{{1,2}})(?:\s+عشر)?)){R}(?!\s+(?:مع|بين|الموقع|المبرم|الذي|ب|علي|في\s+قيمه))", 4),
        Rule("month_part", rf"{L}{PFX}(?P<s>{ART}(?:اسبوع|ايام|نصف|عشر|ثلث)\s+(?:{PART_ORD})\s+من\s+{month_head}(?:{GMX}|{HM}{R})(?:{YEARPART}|\s+{REL}{R}|{YEAR_REL_TAIL})?)", 5),
        Rule("month_bare", rf"{L}{PFX}(?P<s>(?:{GM_UNAMB}{R}{GM_GLOSS}?|{HM_UNAMB}{R}))", 2),
        Rule("month_bare", rf"(?<=في )(?P<s>{GM}{R}{GM_GLOSS}?)", 2),
        # an ambiguous month name after "since/during" or opening a range of months: منذ تموز،
        # خلال جوان، بين تموز وأيلول، من مارس حتى أيار (مارس = practised, آب = father)
        Rule("month_bare", rf"(?:(?<=منذ )|(?<=خلال )|(?<=طوال )|(?<=طيله )|(?:(?<=بين )|(?<=من ))"
             rf"(?={GM}{R}{GM_GLOSS}?\s+(?:و\s*|الي\s+|حتي\s+)(?:شهر\s+)?{GM}{R}))"
             rf"(?P<s>{GM}{R}(?!\s+(?!الي\s)ال[^\W\d_]){GM_GLOSS}?)", 2),
        # a Hijri month name that is also a first name (رمضان، شعبان، رجب) after a time
        # preposition or a plural noun: في رمضان، تعاملات رمضان (not محمد رمضان)
        Rule("month_bare", rf"(?:{HIJRI_NAME_BEFORE})(?P<s>{HM_NAME}){R}", 2),
        # after a modifier an ambiguous month name is the month: أواخر مارس، منتصف رمضان
        Rule("month_bare", rf"{AFTER_MOD}(?P<s>{GM}{R}{GM_GLOSS}?|{HM}{R})", 2),
        # years
        # (للعام 2023: the fused لل stays inside the span, as in للعام نفسه)
        Rule("year_head", rf"{L}{PFX}(?P<s>(?:{YEAR_HEAD}|للعام|للسنه)\s*{YEAR4}{CAL})", 4),
        # السنة المالية 2018، للسنتين الماليتين 2013 (و2014): a fiscal year named by its year
        Rule("year_head", rf"{L}{PFX}(?P<s>(?:لل|ال)(?:عام|سنه|سنتين|عامين)\s+(?:المالي|الماليه|الماليين|الماليتين)\s+{YEAR4}{CAL})(?!\s*[-/–]\s*\d)", 4),
        Rule("year_head", rf"{L}{PFX}(?P<s>{ART}?موسم\s+{YEAR4}{CAL})(?!\d|\s*[-/–]?\s*\d)", 4),
        Rule("year_words", rf"{L}{PFX}(?P<s>(?:عام|العام|سنه|السنه)\s+{YEAR_WORDS})", 4),
        Rule("year_bare", rf"(?:(?<=\d{{4}}/)|(?<![\d.,/\\:]))(?P<s>\d{{4}}(?!\d|[.,]\d|\s*[/\\]\s*\d{{1,2}}(?!\d)){CAL})", 1),
        # (العام الذي سبقه: the year before the antecedent, as العام السابق, guidelines §4)
        Rule("year_rel", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:(?:الماليه?\s+|الميلاديه?\s+)?(?:قبل\s+(?=الماضي))?(?:{REL}|نفسه|نفسها|ذاته|ذاتها|الجديد|الجديده){R}(?:\s*{YEAR4}{CAL})?|(?:الذي|التي)\s+(?:سبقه|سبقها|سبقته|سبقتها){R}))", 4),
        Rule("year_rel", rf"{L}{PFX}(?P<s>(?:هذا|هذه)\s+(?:العام|السنه)(?:\s+المالي)?{R}(?:\s*{YEAR4}{CAL})?)", 4),
        # the Hijri year: العام الهجري الجديد 1438 (no single Gregorian value)
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:الهجريه|الهجري){R}(?:\s+(?:{REL}|الجديد|الجديده){R})?(?:\s+\d{{4}}(?!\d){CAL})?)", 5),
        # a school, academic or fiscal year that is not a calendar year: العام الدراسي
        # الحالي، السنة المالية 2010-2011 (no single value)
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:الدراسي|الدراسيه|الجامعي|الجامعيه|الاكاديمي|الاكاديميه)\s+(?:{REL}|الجديد|الجديده){R})", 5),
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:القضائي|القضائيه|التشريعي|التشريعيه)(?:\s+(?:{REL}|الجديد|الجديده))?{R})(?!\s*[\d(])", 5),
        # a rain or farming season named with its direction: الموسم المطري الحالي (school terms
        # are left out: two of four held-out annotators annotate them)
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}موسم\s+(?:ال)?(?:مطري|زراعي|سياحي|دراسي|كروي|رياضي)\s+(?:{REL}|الجديد){R})", 5),
        # بداية الموسم، نهاية الموسم: a season's start or end, no calendar value
        Rule("sport_season", rf"{AFTER_MOD}(?P<s>الموسم){R}(?!\s+(?:{REL}|الجديد|الاول|الثاني|الثالث|الماضي|(?:ال|لل)(?:عام|سنه)|ال[^\W\d_]+ي{R}))", 3),
        # a Hijri school year stays one expression (العام الدراسي 1435/1436هـ); a Gregorian one
        # is two years (العام الدراسي 2007/2008: batches D and G)
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:الدراسي|الدراسيه|الجامعي|الجامعيه)\s+{YEAR4}\s*[-/]\s*(?:\d{{4}}|\d{{2}})(?!\d)\s*هـ?{R})", 5),
        Rule("year_span", rf"{L}{PFX}(?P<s>{ART}(?:عام|سنه)\s+(?:المالي|الماليه)\s+(?:(?:{REL}|الجديد|الجديده){R}\s+)?{YEAR4}\s*[-/]\s*(?:\d{{4}}|\d{{2}})(?!\d){CAL})", 5),
        Rule("year_rel", rf"{L}{PFX}(?P<s>(?:نفس|ذات)\s+(?:العام|السنه){R})", 4),
        Rule("year_rel", rf"{L}{PFX}(?P<s>(?:عامنا|سنتنا)\s+(?:هذا|هذه|الحالي|الحاليه|الجاري|الجاريه){R})", 4),
        Rule("mod_unit", rf"{L}{PFX}(?P<s>(?:مطلع|بدايه|بدايات|اوائل|مستهل|مفتتح|منتصف|اواسط|نهايه|نهايات|اواخر|موفي|متم|ختام)\s+(?:ال|لل)(?:عام|سنه|شهر|اسبوع)){R}(?!\s*(?:\d{{4}}|{REL}{R}|نفسه|ذاته|المالي|الدراسي|الجامعي|القضائي|الهجري|الميلادي|{GM}|{HM}))", 3),
        # weeks, months (as units), days relative
        Rule("unit_rel", rf"{L}{PFX}(?P<s>{ART}(?:اسبوع|شهر)\s+(?:قبل\s+(?=الماضي))?(?:{REL}|نفسه|ذاته){R})", 4),
        Rule("unit_rel", rf"{L}{PFX}(?P<s>(?:هذا|هذه)\s+(?:الاسبوع|الشهر){R})", 4),
        Rule("unit_rel", rf"{L}{PFX}(?P<s>(?:نفس|ذات)\s+(?:الاسبوع|الشهر|اليوم){R})", 4),
        Rule("unit_rel", rf"{L}{PFX}(?P<s>{ART}يوم\s+(?:نفسه|ذاته){R})", 4),
        # a day of a relative month: الحادي عشر من الشهر نفسه، 11 من الشهر الجاري، (في) العاشر منه
        Rule("day_month_rel", rf"{L}{PFX}(?P<s>(?:يوم\s+)?(?:{WD}{R}\s*[،,]?\s+)?(?:{DAY2}|{ORD_DAY})\s+(?:من\s+(?:(?:ال|لل)?شهر\s+(?:{REL}|نفسه|ذاته)|(?:هذا|نفس|ذات)\s+الشهر)|منه){R})", 5),
        Rule("day_null", rf"{L}{PFX}(?P<s>{ART}يوم\s+(?:الاول|الثاني|الثالث|الرابع|الخامس|الاخير){R})", 6),
        # quarters and halves
        Rule("part_year", rf"{L}{PFX}(?P<s>{ART}(?:ربع|ثلاثي|ثلاثيه|نصف|سداسي|سداسيه)\s+(?:{ORD_UNIT}|{alt(lx.LAST_WORDS)}){R}(?:\s+(?:من\s+)?(?:{YEAR_HEAD}\s*{YEAR4}{CAL}|{YEAR4}{CAL}|(?:هذا|هذه)\s+(?:العام|السنه){R}|{ART}(?:عام|سنه)\s+(?:ال)?(?:مالي|ماليه)?\s*{REL}{R}|(?:سنتها|سنته|عامها|عامه|سنتهم)\s+الماليه?{R}|{ART}(?:عام|سنه)\s+الماليه?\s+{YEAR4}(?!\s*[/\\\-–]\s*\d)|من\s+(?:العام|السنه)\s+(?:نفسه|ذاته|نفسها|ذاتها){R}|من\s+(?:العام|السنه){R}(?!\s+(?:ال|\d))))?)", 4),
        # الأشهر الستة الأولى، التسعة أشهر الأولى (من العام، من 2019)
        Rule("part_year", rf"{L}{PFX}(?P<s>{ART}(?:اشهر|شهور)\s+{FIRST_MONTHS_N}\s+(?:الاولي|الاخيره){R}{FIRST_MONTHS_TAIL}?)", 4),
        Rule("part_rel", rf"{L}{PFX}(?P<s>{ART}(?:ربع|ثلاثي|ثلاثيه|سداسي|سداسيه|نصف)\s+(?:{REL}){R})", 4),
        Rule("same_period", rf"{L}{PFX}(?P<s>(?:(?:نفس|ذات)\s+{ART}?(?:فتره|ربع|ثلاثي|ثلاثيه|نصف|سداسي)|{ART}(?:فتره|ربع|ثلاثي|ثلاثيه|نصف|سداسي)\s+(?:نفسها|ذاتها|نفسه|ذاته|المماثله|المماثل|المقابله|المقابل))(?:\s+(?:من\s+)?(?:موسم\s+)?(?:{YEAR_HEAD}\s*{YEAR4}{CAL}|{YEAR4}{CAL}|{ART}(?:عام|سنه)\s+{REL}{R}))?)", 4),
        Rule("same_period", rf"{L}{PFX}(?P<s>{ART}شهر\s+(?:نفسه|ذاته)\s+من\s+(?:{YEAR_HEAD}\s*{YEAR4}{CAL}|{ART}(?:عام|سنه)\s+{REL}{R}))", 5),
        # seasons of the year
        Rule("season", rf"{L}{PFX}(?P<s>(?:فصل|اشهر|شهور)\s+ال{SEASON_WORD}(?:\s+{REL})?){R}(?!\s+من\s+كل{R})", 4),
        # a bare season after a modifier: مطلع الصيف (the modifier joins in apply_modifiers)
        Rule("season", rf"{L}{PFX}{MOD_WORD}\s+(?P<s>ال{SEASON_WORD}){R}(?!\s+(?:\d|{REL}{R}|{YEAR_HEAD}))", 3),
        Rule("season", rf"{L}{PFX}(?P<s>{ART}?{SEASON_WORD}\s+(?:(?:{YEAR_HEAD})\s*)?{YEAR4}{CAL})", 4),
        Rule("season", rf"{L}{PFX}(?P<s>{ART}{SEASON_WORD}\s+{REL}{R})", 4),
        Rule("season", rf"{L}{PFX}(?P<s>{ART}?{SEASON_WORD}\s+(?:من\s+)?(?:(?:ال|لل)(?:عام|سنه)\s+{REL}|(?:هذا|هذه)\s+(?:العام|السنه)){R})", 4),
        Rule("season", rf"{L}{PFX}(?P<s>(?:هذا|هذه)\s+ال{SEASON_WORD}{R})", 4),
        # decades, centuries, millennia
        Rule("decade", rf"{L}{PFX}(?P<s>{ART}?(?:{alt(lx.DECADE_STEMS)})(?:يات|ات){R}(?:\s+(?:الميلاديه|الهجريه){R})?(?:\s+(?:من\s+)?{ART}قرن\s+(?:{REL}|{ORD_UNIT}|العشرين|\d{{1,2}}|نفسه|ذاته)(?:\s+عشر)?{R})?)", 4),
        Rule("century", rf"{L}{PFX}(?P<s>{ART}(?:قرن|قرنين)\s+(?:{REL}|الحادي\s+و\s*العشرين|العشرين|{ORD_UNIT}(?:\s+عشر)?|\d{{1,2}}){R}(?:\s+(?:الميلادي|الهجري){R})?)", 4),
        Rule("millennium", rf"{L}{PFX}(?P<s>{ART}الفيه\s+(?:{REL}|الجديده|الثالثه|الثانيه|الاولي){R})", 4),
        # references
        Rule("ref", rf"{L}{PFX}(?P<s>الان|حاليا|راهنا|مؤخرا|حديثا|سابقا|مستقبلا|قريبا(?!\s+من{R}))" + R, 2),
        Rule("ref", rf"(?:(?<=في )|(?<=فى ))(?P<s>السابق|الماضي|المستقبل){R}", 2),
        Rule("ref", rf"{L}(?:[وف]?[بل])(?P<s>المستقبل){R}", 2),
        Rule("ref", rf"{L}{PFX}(?P<s>{ART}?وقت\s+(?:الحالي|الراهن|الحاضر){R})", 2),
        Rule("ref", rf"{L}{PFX}(?P<s>{ART}مستقبل\s+(?:القريب|البعيد|المنظور){R})", 3),
        Rule("ref", rf"{L}{PFX}(?P<s>{ART}(?:فتره|مده)\s+(?:الماضيه|السابقه|المنصرمه|الاخيره|المقبله|القادمه|الراهنه|الحاليه){R})", 3),
        Rule("ref", rf"{L}{PFX}(?P<s>(?:قبل|منذ)\s+(?:مده|فتره)(?:\s+(?:قصيره|وجيزه|طويله))?{R})", 3),
        Rule("ref", rf"{L}{PFX}(?P<s>(?:منذ|قبل)\s+قليل){R}", 3),
        # durations
        Rule("duration", rf"{L}{PFX}(?P<s>(?:{APPROX}\s+)?{NUM}\s*{UNIT}{R}{DUR_ADJ}{{0,2}}{R})", 3),
        Rule("duration", rf"{L}{PFX}(?P<s>(?:{APPROX}\s+|(?:هاتين|هذين)\s+(?=ال))?(?:ال)?{DUAL_UNIT}{R}{DUR_ADJ}{{0,2}}(?:\s+(?:الماضيين|الاخيرين|المقبلين|القادمين|الفائتين|المنصرمين|الماضيتين|الاخيرتين|المقبلتين|القادمتين|السابقين|الاولين){R})?)", 3),
        Rule("duration", rf"(?<!\d)(?<!\d\s){L}{PFX}(?P<s>(?:ساعه|يوم|يوما|اسبوع|اسبوعا|شهر|شهرا|عام|عاما|سنه|دقيقه|ثانيه|قرن)\s+(?:واحد|واحدا|واحده|كامل|كاملا|كامله|اضافي|اضافيا|اضافيه){R})", 3),
        # one unit said with "about" (قرابة شهر، نحو عام) or after durative منذ (منذ أسبوع,
        # منذ عقود); "ago" after a punctual verb is the longer "ago" rule
        Rule("duration_words", rf"{L}{PFX}(?P<s>{APPROX}\s+{SINGLE_UNIT}){R}(?!\s*\(?\s*(?:\d|ال))", 3),
        Rule("duration_words", rf"{L}[وف]?منذ\s+(?P<s>(?:{SINGLE_UNIT}|عقود|قرون|ايام)){R}(?!\s*\(?\s*(?:\d|ال))", 2),
        # a vague plural after a relational قبل/بعد: بعد [أيام] من عرض آخر أعماله
        Rule("duration_rel", rf"{L}[وف]?(?:قبل|بعد)\s+(?P<s>(?:ايام|اسابيع|اشهر|شهور|سنوات|اعوام|ساعات|دقائق|عقود|عام|سنه|شهر|اسبوع|يوم|ساعه)){R}(?=\s+(?:من|علي){R})", 3),
        # a fraction of one unit: نصف قرن، ربع ساعة، نصف ساعة
        Rule("fraction", rf"{L}{PFX}(?P<s>(?:{APPROX}\s+)?(?:نصف|ربع|ثلث)\s+(?:ساعه|قرن|عام|سنه|شهر|يوم|دقيقه|ساعه){R})(?!\s+ال)", 3),
        # the article on a number: خلال الـ24 ساعة الماضية، العشر سنوات الأخيرة
        Rule("duration_words", rf"{L}{PFX}(?P<s>ال\s*(?:\d{{1,4}}(?![\d.,])|{UNITS_WORD}\s+و\s*ال{TENS_WORD}{R}|{NUMWORD}{R})\s*{UNIT}{R}(?:\s+(?:الماضيه|الاخيره|المقبله|القادمه|الاولي|المنصرمه|الفائته|السابقه|التاليه|اللاحقه|الماضي|الاخير|المقبل|القادم|الاول|المنصرم|الفائت|السابق|التالي|اللاحق){R})?)", 4),
        # hours and minutes: ساعة و15 دقيقة، ساعتين و10 دقائق (one duration, in minutes)
        Rule("duration_hm", rf"{L}{PFX}(?P<s>(?:ساعه|ساعتين|ساعتان)\s+و\s*(?:\d{{1,2}}|{NUMWORD})\s*(?:دقيقه|دقائق)){R}", 4),
        Rule("duration_hm", rf"{L}{PFX}(?P<s>(?:ساعه|ساعتين|ساعتان)\s+و\s*(?:نصف|ربع)(?:\s+(?:ال)?ساعه)?){R}", 4),
        # a lone accusative unit after a verb of lasting: يستمر أسبوعا، أمضى عاما
        Rule("duration", rf"(?<![^\W\d_])(?:{alt(lx.LASTING_VERBS)})\s+(?P<s>(?:يوما|اسبوعا|شهرا|عاما|سنه|ساعه|عقدا|قرنا)){R}", 3),
        Rule("duration", rf"{L}{PFX}(?P<s>{ART}{PLURAL_UNIT}\s+(?:ال)?(?:{UNITS_WORD}\s+و\s*ال{TENS_WORD}|{NUMWORD}|\s*\d{{1,3}}(?!\d))(?:\s+(?:الماضيه|الاخيره|المقبله|القادمه|الاولي|المنصرمه|الفائته|السابقه|التاليه|اللاحقه){R}|{R}(?=\s+(?:التي|الذي)\s)))", 4),
        Rule("duration", rf"{L}{PFX}(?P<s>(?:ال|لل(?!عقود)){PLURAL_UNIT}\s+(?:القليله\s+|العديده\s+)?(?:الماضيه|الاخيره|المقبله|القادمه|المنصرمه|الفائته|السابقه|الاولي|التاليه|اللاحقه){R})", 3),
        # a vague plural with a relative clause after a preposition: في [الأسابيع] التي أعقبت
        Rule("duration_plural", rf"(?:(?<=في )|(?<=خلال )|(?<=طوال )|(?<=طيله )|(?<=مدار )|(?<=مدي ))(?P<s>ال{PLURAL_UNIT}){R}(?=\s+(?:التي|الذي)\s)", 2),
        # (a plural unit right after a number belongs to that number's duration, or to an
        # age: (6 سنوات))
        Rule("duration", rf"(?<!\d)(?<!\d\s){L}{PFX}(?P<s>(?:ساعات|دقائق|ثوان|اسابيع|شهور|شهورا|اشهرا|اشهر|سنوات|اعواما|اعوام|قرون)(?:\s+(?:طويله|عديده|عده|قليله|معدوده|طوالا)|\s+من\s+الزمن)?|ايام\s+(?:طويله|عديده|عده|قليله|معدوده)){R}(?!\s+ال)", 1),
        Rule("duration", rf"{L}{PFX}(?P<s>(?:عقد|قرن|عقود|قرون)\s+من\s+الزمن){R}", 3),
        Rule("duration_ctx", rf"(?:(?<=علي مدي )|(?<=على مدي )|(?<=على مدار )|(?<=علي مدار )|(?<=طيله )|(?<=طوال )|(?<=طول )|(?<=خلال )|(?<=لمده )|(?<=مده )|(?<=مهله )|(?<=غضون )|(?<=ظرف )|(?<=اقل من )|(?<=اكثر من ))(?P<s>(?:ال)?(?:يوم|اسبوع|شهر|عام|سنه|ساعه|موسم)){R}", 2),
        # "ago" and "in ... time"
        Rule("ago", rf"{L}[وف]?(?:{alt(lx.PUNCTUAL_PAST_VERBS)}){R}(?:\s+(?:(?:الي|في|من|علي)\s+)?ال[^\W\d_]+){{0,2}}\s+(?P<s>منذ\s+(?:{APPROX}\s+)?(?:{NUM}\s*{UNIT}|{DUAL_UNIT}|(?:يوم|اسبوع|شهر|عام|سنه|ساعه))){R}", 5),
        Rule("ago", rf"{L}{PFX}(?P<s>(?:قبل|بعد)\s+(?:{APPROX}\s+)?(?:{NUM}\s*{UNIT}|{DUAL_UNIT}|(?:يوم|اسبوع|شهر|عام|سنه|ساعه|ساعات|ايام|اسابيع|اشهر|سنوات|دقائق))){R}", 4),
        # sets
        Rule("set", rf"{L}{PFX}(?P<s>{alt(lx.SET_ADVERBS)}){R}", 3),
        Rule("set", rf"{L}{PFX}(?P<s>كل\s+{DUAL_UNIT}){R}", 3),
        # كل خميس (not كل أحد "everyone", كل اثنين "every two")
        Rule("set", rf"{L}{PFX}(?P<s>كل\s+(?:ثلاثاء|اربعاء|خميس|جمعه|سبت)){R}", 3),
        Rule("set", rf"{L}{PFX}(?P<s>كل\s+(?:{NUM}\s*)?(?:يوم|اسبوع|شهر|عام|سنه|ساعه|ايام|اسابيع|اشهر|سنوات|اعوام|ساعات|دقائق|دقيقه){R}(?:\s+{WD_ANY}{R})?)", 3),
        Rule("set", rf"{L}{PFX}(?P<s>(?:كل\s+)?(?:اول|اخر|ثاني|ثالث|رابع)\s+(?:يوم\s+)?{WD_ANY}\s+من\s+(?:شهر\s+)?(?:{GMX}|{HM}){R}(?:\s+من\s+كل\s+(?:عام|سنه))?)", 5),
        Rule("set_date", rf"{L}{PFX}(?P<s>(?:(?:{DAY2})|(?:{ORD_DAY}))\s*(?:من\s+)?(?:شهر\s+)?(?:{GMX}|{HM}{R})\s+من\s+كل\s+(?:عام|سنه){R})", 6),
        # clock times
        Rule("clock", rf"{L}{PFX}(?P<s>{ART}ساعه\s+(?:(?:ال\s*)?\d{{1,2}}(?:[:.,]\d{{2}})?(?!\d)|(?:[01]\d|2[0-3])[0-5]\d(?={ZONE_TAIL})|\(\s*\d{{1,2}}(?:[:.]\d{{2}})?\s*\)|(?:ال)?(?:واحده|{alt(w for w in lx.ORDINALS if w.endswith('ه'))}|حاديه\s+عشره|ثانيه\s+عشره)(?:\s+عشره)?{R})(?:{CLOCK_FRACTION}{R})?(?:{CLOCK_DAY}|(?:\s+(?:{alt(lx.CLOCK_SUFFIX)}){R})?(?:{CLOCK_DAY}|{CLOCK_OF_DAY})?){ZONE_TAIL}?)", 4),
        Rule("clock", rf"(?<![\d:.,])(?P<s>(?:[01]?\d|2[0-3])(?::[0-5]\d|,[0-5]\d(?=\s*ت\s*\.?\s*غ{R}))(?!\d)(?:{CLOCK_DAY}|\s*(?:ت\s*\.?\s*[مغ]|بتوقيت\s+[^\W\d_]+|(?:{alt(lx.CLOCK_SUFFIX)})){R}))", 4),
        Rule("clock", rf"{L}{PFX}(?P<s>(?:{FEM_HOUR}{R}{CLOCK_FRACTION}?|(?<![\d:.,/])\d{{1,2}}(?!\d|[:.,/]\d))(?:{CLOCK_DAY}|\s+(?:{alt(lx.CLOCK_WORD_SUFFIX)}){R}(?:{CLOCK_DAY}|{CLOCK_OF_DAY})?|(?={ZONE_TAIL})){ZONE_TAIL}?)", 3),
        Rule("clock_words", rf"{L}{PFX}(?P<s>{FEM_HOUR}{R}{CLOCK_FRACTION}){R}", 2),
        # noon and midnight said as a time after a preposition (ابتداء من منتصف النهار)
        Rule("clock_noon", rf"(?:{_AFTER_TIME_PREP})(?P<s>منتصف\s+(?:النهار|الليل)){R}", 2),
        # a prayer time said alone after a time preposition (من السادسة صباحا حتى الظهر، بعد
        # المغرب): not بعد/قبل الظهر (afternoon, a.m.), not إلى المغرب (Morocco), nor before a
        # word with the article or a relative pronoun (بعد المغرب العربي، بعد المغرب التي), but
        # إلى (folded الي) may follow
        Rule("prayer_bare", rf"(?:{_PRAYER_PREP})(?P<s>(?:(?<!بعد )(?<!قبل )الظهر|(?<!الي )المغرب|الفجر|العصر)){R}(?!\s+ال(?!ي{R}))", 2),
        Rule("prayer", rf"{L}{PFX}(?P<s>صلاه\s+الجمعه\s+(?:{REL}|{DEIC}){R})", 2),
        Rule("prayer", rf"{L}{PFX}(?P<s>صلاه\s+(?:{alt(lx.PRAYER_TIMES)}){R}(?:\s+(?:يوم\s+)?(?:{DEIC}{R}(?:\s+{WD}{R})?|{WD}{R}(?:\s+{REL}{R})?))?)", 2),
        Rule("pod_hours", rf"{L}[وف]?منذ\s+(?P<s>ساعات\s+(?:ال)?(?:فجر|صباح|ليل|مساء)(?:\s+(?:الاولي|الاخيره)){{0,1}}){R}", 3),
        Rule("pod_alone", rf"{L}{PFX}(?P<s>(?:هذا\s+الصباح|هذا\s+المساء|(?<=منذ )الصباح\s+الباكر|الليله(?:\s+قبل\s+الماضيه|\s+الماضيه|\s+المقبله|\s+القادمه)?|بعد\s+الظهر|بعد\s+الزوال|هذه\s+الليله)){R}", 2),
        # sports seasons, Hajj, Umrah, match clock
        Rule("sport_season", rf"{L}{PFX}(?P<s>{ART}موسم\s+(?:{REL}|الجديد|الاول|الثاني|الثالث|الماضي)|هذا\s+الموسم|{ART}?موسم\s+(?:(?:ال|لل)(?:عام|سنه)\s+{REL}|(?:هذا|هذه)\s+(?:العام|السنه))){R}", 3),
        Rule("hajj", rf"{L}{PFX}(?P<s>(?:موسم\s+)?(?:ال)?حج\s+(?:هذا\s+العام|العام\s+(?:الحالي|الجاري|الماضي|المقبل|القادم))|موسم\s+(?:ال)?حج(?:\s+(?:{REL}))?(?:\s*\d{{4}}\s*ه(?![^\W\d_]))?){R}", 5),
        Rule("umrah", rf"{L}{PFX}(?P<s>موسم\s+(?:ال)?عمره(?:\s+{REL})?){R}", 5),
        # Ramadan by its epithet: الشهر الفضيل، الشهر الكريم، شهر الصيام
        Rule("ramadan", rf"{L}{PFX}(?P<s>(?:(?:هذا|هذه)\s+)?(?:{ART}شهر\s+(?:الفضيل|الكريم)|شهر\s+(?:الصيام|الصوم)){R})", 3),
        Rule("match_clock", rf"{L}{PFX}(?P<s>{ART}(?:دقيقه|دقيقتين)\s*(?:\d{{1,3}}(?:\s*\+\s*\d)?|{ORD_UNIT}(?:\s+و\s*{ORD_TENS})?)(?:\s+من\s+(?:ال)?وقت\s+(?:بدل\s+(?:ال)?ضائع|الاضافي))?)(?!\d){R}", 5),
    ]


_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def with_proclitics(word: str) -> list[str]:
    """``word`` as it can appear in running text: with و/ف/ب/ل/ك glued, and لل for ل+ال."""
    forms = [c + word for c in _CLITICS]
    if word.startswith("ال"):
        forms += [c + "لل" + word[2:] for c in ("", "و", "ف")]
    return forms


# How many digits the number that starts an expression of each kind can have.
DIGIT_RUNS: dict[str, tuple[int, ...]] = {
    "year_bare": (4,), "clock": (1, 2), "set_date": (1, 2), "day": (1, 2, 4),
    "day_month_rel": (1, 2), "dateline_dm": (1, 2),
    "duration": (1, 2, 3, 4),
}


def _first_words() -> dict[str, tuple[frozenset[str], bool]]:
    """Rule name -> (first words, can start with a digit)."""
    ordinal_day = words(lx.ORDINALS, lx.ORDINAL_TENS, ["غره", "فاتح", "الفاتح"])
    months = words("شهر", "الشهر", "شهري", "موسم", lx.GREGORIAN_MONTHS, lx.HIJRI_MONTHS)
    numbers = words(lx.UNITS_WORDS, lx.TEN_WORDS, lx.TENS_WORDS, lx.HUNDREDS_WORDS,
                    lx.VAGUE_QUANTITY)
    units = words(lx.UNIT_FORMS, ["ال" + u for u in lx.UNIT_FORMS])  # duals too: الساعتين
    day = words(lx.DEICTIC_DAYS, lx.WEEKDAYS, lx.PARTS_OF_DAY, ordinal_day,
                ["يوم", "يومي", "بعيد", "قبيل", "وقت", "ساعه", "ساعات", "الساعات"])
    decades = words([f"{a}{stem}{b}" for stem in lx.DECADE_STEMS for a in ("", "ال")
                     for b in ("يات", "ات")])
    return {
        "day": (day, True),
        "day_night": (words(["ليله", "ليل"]), False),
        "nth_weekday": (words(["يوم"], lx.WEEKDAYS), False),
        "month_year": (months, False),
        "month_rel": (months, False),
        "month_bare": (months, False),
        "ramadan": (words(["الشهر", "شهر", "هذا", "هذه"]), False),
        "month_part_rel": (words(["الاسبوع", "الايام", "النصف", "العشر", "الثلث"]), False),
        "decade_rel": (words(["العقد", "للعقد"]), False),
        "month_part": (words(["الاسبوع", "الايام", "النصف", "العشر", "الثلث"]), False),
        "year_head": (words(["عام", "العام", "سنه", "السنه", "عامي", "سنتي", "سنوات",
                             "السنوات", "اعوام", "الاعوام", "العامين", "موسم", "الموسم",
                             "السنتين"]), False),
        "year_bare": (frozenset(), True),
        "dateline_dm": (frozenset(), True),
        "year_words": (words(["عام", "العام", "سنه", "السنه"]), False),
        "year_span": (words(["العام", "السنه", "الفصل", "الموسم"]), False),
        "year_rel": (words(["العام", "السنه", "هذا", "هذه", "نفس", "ذات", "عامنا", "سنتنا"]),
                     False),
        "unit_rel": (words(["الاسبوع", "الشهر", "هذا", "هذه", "نفس", "ذات", "اليوم"]), False),
        "day_month_rel": (ordinal_day | words(["يوم"], lx.WEEKDAYS), True),
        "day_null": (words(["اليوم"]), False),
        "part_year": (words(["الربع", "الثلاثي", "الثلاثيه", "النصف", "السداسي", "السداسيه",
                             "الاشهر", "الشهور"]), False),
        "same_period": (words(["نفس", "ذات", "الفتره", "الشهر", "الربع", "الثلاثي", "الثلاثيه",
                               "النصف", "السداسي"]), False),
        "part_rel": (words(["الربع", "الثلاثي", "الثلاثيه", "السداسي", "السداسيه", "النصف"]),
                     False),
        "season": (words(lx.SEASONS, ["ال" + w for w in lx.SEASONS], ["هذا", "هذه", "فصل", "اشهر", "شهور"],
                         lx.MOD_BEFORE_DATE), False),
        "decade": (decades, False),
        "century": (words(["القرن", "القرنين", "للقرن", "للقرنين"]), False),
        "millennium": (words(["الالفيه"]), False),
        "ref": (words(["الان", "حاليا", "راهنا", "مؤخرا", "حديثا", "سابقا", "مستقبلا", "قريبا",
                       "السابق", "الماضي", "المستقبل", "الوقت", "وقت", "الفتره", "المده", "قبل",
                       "منذ"]), False),
        "duration": (words(numbers, units, lx.APPROX_WORDS, lx.LASTING_VERBS, ["هاتين", "هذين"]),
                     True),
        # durations that never start with a digit: نحو عام، (منذ) أسبوع، الـ24 ساعة
        "duration_rel": (words(["قبل", "بعد"]), False),
        "duration_hm": (words(["ساعه", "ساعتين", "ساعتان"]), False),
        "duration_plural": (words(["ال" + k for k, v in lx.UNIT_FORMS.items() if v[2]]), False),
        "duration_words": (words(["منذ"], lx.APPROX_WORDS, ["ال"], [
            f"ال{w}" for w in (*lx.UNITS_WORDS, *lx.TEN_WORDS, *lx.TENS_WORDS)]), False),
        "fraction": (words(["نصف", "ربع", "ثلث"], lx.APPROX_WORDS), False),
        "duration_ctx": (words(["اليوم", "الاسبوع", "الشهر", "العام", "السنه", "الساعه", "الموسم",
                                "يوم", "اسبوع", "شهر", "عام", "سنه", "ساعه", "موسم"]), False),
        "ago": (words(["قبل", "بعد"], lx.PUNCTUAL_PAST_VERBS), False),
        "set": (words(lx.SET_ADVERBS, ["كل", "اول", "اخر", "ثاني", "ثالث", "رابع"]), False),
        "set_date": (ordinal_day, True),
        "clock": (words(["الساعه", "ساعه", "الواحده"],
                        [w for w in lx.ORDINALS if w.endswith("ه")]), True),
        "clock_words": (words(["الواحده"], [w for w in lx.ORDINALS if w.endswith("ه")]), False),
        "clock_noon": (words(["منتصف"]), False),
        "prayer": (words(["صلاه"]), False),
        "prayer_bare": (words(["الظهر", "المغرب", "الفجر", "العصر"]), False),
        "pod_alone": (words(["هذا", "هذه", "الليله", "بعد", "الصباح"]), False),
        "mod_unit": (words(["مطلع", "بدايه", "بدايات", "اوائل", "مستهل", "مفتتح", "منتصف", "اواسط",
                            "نهايه", "نهايات", "اواخر", "موفي", "متم", "ختام"]), False),
        "sport_season": (words(["الموسم", "موسم", "هذا"]), False),
        "hajj": (words(["موسم", "حج", "الحج"]), False),
        "umrah": (words(["موسم"]), False),
        "match_clock": (words(["الدقيقه", "دقيقه", "الدقيقتين"]), False),
        "pod_hours": (words(["منذ"]), False),
    }


def rules() -> list[Rule]:
    """All span rules. Each pattern has a group ``s``: the expression without proclitics."""
    firsts = _first_words()
    return [Rule(r.name, r.pattern, r.priority, *firsts[r.name]) for r in _raw_rules()]


MEMO_SIZE = 4096
_MISSING: object = object()


@dataclass
class Grammar:
    """Compiled span rules plus the part readers."""

    rules: list[tuple[Rule, re.Pattern[str]]]
    by_word: dict[str, list[int]]
    keys: frozenset[str]
    by_digit: dict[int, list[int]]  # length of the digit run (1-4) -> rules
    by_bare_digit: dict[int, list[int]]  # the same, those that can start at the digit itself
    abs: re.Pattern[str]
    deic: re.Pattern[str]
    wd: re.Pattern[str]
    pod: re.Pattern[str]
    rel: re.Pattern[str]
    year: re.Pattern[str]
    gm: re.Pattern[str]
    hm: re.Pattern[str]
    pin: re.Pattern[str]
    coordinated_month: re.Pattern[str]
    first_months: re.Pattern[str]
    next_unit: re.Pattern[str]
    plural_dir: re.Pattern[str]
    # (pattern id, span) -> match: see :meth:`search_span`
    memo: dict[tuple[int, str], re.Match[str] | None] = field(
        default_factory=dict, repr=False, compare=False)

    def search_span(self, rx: re.Pattern[str], span: str) -> re.Match[str] | None:
        """``rx.search(span)`` for one of this grammar's part readers, remembered: the same
        short spans (``اليوم``, ``أمس``, a weekday) are read thousands of times. The match
        is shared, so callers only read it. At most ``MEMO_SIZE`` spans are kept."""
        key = (id(rx), span)
        m = self.memo.get(key, _MISSING)
        if m is _MISSING:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            m = self.memo[key] = rx.search(span)
        return m


def compile_grammar() -> Grammar:
    compiled = [(r, re.compile(r.pattern)) for r in rules()]
    begins = [Beginnings.of(r.pattern) for r, _ in compiled]
    by_word: dict[str, set[int]] = {}
    for i, (r, _) in enumerate(compiled):
        for w in r.first:
            for form in with_proclitics(w):
                if begins[i].allow(form):  # ... when the rule can start with the word
                    by_word.setdefault(form, set()).add(i)
    by_digit = {n: [i for i, (r, _) in enumerate(compiled)
                    if r.digit and n in DIGIT_RUNS.get(r.name, (1, 2, 3, 4))]
                for n in (1, 2, 3, 4)}
    return Grammar(
        rules=compiled,
        by_word={w: sorted(ids) for w, ids in by_word.items()},
        keys=frozenset(by_word),
        by_digit=by_digit,
        by_bare_digit={n: [i for i in ids if begins[i].allow("0" * n)]
                       for n, ids in by_digit.items()},
        abs=re.compile(PART_ABS),
        deic=re.compile(PART_DEIC),
        wd=re.compile(PART_WD),
        pod=re.compile(PART_POD),
        rel=re.compile(PART_REL),
        year=re.compile(rf"{YEAR4}(?P<c>{CAL})"),
        gm=re.compile(rf"{L}{GM}{R}"),
        hm=re.compile(rf"{L}{HM}{R}"),
        pin=re.compile(rf"{L}[وف]?(?P<d>{DEIC}){R}\s*[،,]?\s*\(?\s*(?P<w>{WD}){R}"),
        # (صباح) اليوم التالي، العام التالي، مساء اليوم نفسه: read back from التالي / نفسه
        next_unit=re.compile(rf"(?<![^\W\d_])(?:[وف]?[بك]?)(?P<s>(?:(?P<pod>{POD})\s+(?:من\s+)?)?ال(?P<u>يوم|اسبوع|شهر|عام|سنه)"
                             rf"\s+(?P<w>التالي|التاليه|اللاحق|اللاحقه|الموالي|المواليه|نفسه|ذاته))(?![^\W\d_])"
                             rf"(?!\s+(?:ل|علي\s|من\s))"),
        # التسعة أشهر الأولى (من العام): the number first, read from the duration it opens
        first_months=re.compile(rf"(?P<s>{FIRST_MONTHS_N}\s+(?:اشهر|شهور)\s+(?:الاولي|الاخيره){R}{FIRST_MONTHS_TAIL}?)"),
        coordinated_month=re.compile(rf"\s*(?:و|الي\s|حتي\s|و\s*حتي\s)\s*(?:شهر\s+)?(?P<m>{GM}{R}{GM_GLOSS}?)"),
        # a plural direction word after one or two days or months: الأحد والاثنين
        # المقبلين، من الخميس إلى الأحد المقبلين، بين يناير ومارس المقبلين
        plural_dir=re.compile(rf"(?:\s+(?:و|الي|حتي|و\s*حتي)\s*(?:يوم\s+)?(?:{WD}|{GM}){R})?"
                              rf"\s+(?P<d>{alt(lx.PLURAL_DIRECTION)}){R}"),
    )
