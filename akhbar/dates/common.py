"""What every family of date rules shares: the candidate, the matched span and its context.

A rule of :mod:`akhbar.dates.grammar` that matched gives a :class:`Hit` (the folded text,
the publication date and the span); the rule's handler, in the module of its family
(:mod:`~akhbar.dates.absolute`, :mod:`~akhbar.dates.relative`,
:mod:`~akhbar.dates.weekdays`, :mod:`~akhbar.dates.times`, :mod:`~akhbar.dates.durations`,
:mod:`~akhbar.dates.hijri`), turns it into a :class:`Cand` or rejects it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from akhbar.dates import lexicon as lx
from akhbar.dates.grammar import Grammar

Date = dt.date

# a value naming one whole day (``2024-03-05``)
DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d$")
_SENT_BREAK = re.compile(r"[.!?؟\n;؛]")


def word_alt(words: Iterable[str]) -> str:
    """Alternation of folded words or phrases (inner spaces match any whitespace)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


# a verb with the future prefix سـ (سيعقد، ستبدأ، سيصل، سيتم), not سياسة، سيارة، لا سيما...
FUTURE_VERB = (r"[وف]?س(?!" + "|".join(w[1:] for w in lx.NOT_FUTURE_WORD_STARTS)
               + r")(?!(?:" + "|".join(w[1:] for w in lx.NOT_FUTURE_WORDS) + r")(?![^\W\d_]))"
               r"(?:ي|ت|ن)(?:[^\W\d_]{3,}|(?:" + "|".join(lx.SHORT_FUTURE_STEMS) + r")(?![^\W\d_]))")
_FUTURE_CTX = re.compile(
    r"(?<![^\W\d_])(?:" + FUTURE_VERB + "|[وف]?(?:" + word_alt(lx.FUTURE_CONTEXT_WORDS)
    + r"))(?![^\W\d_])")
# قد + a present verb (قد يمتد: may, to come), nearer than the other future words; only
# the ي form: تـ and نـ also open past verbs (قد تم، قد نشرت)
_STARTING_WORDS = ("اعتبارا", "انطلاقا", "بدايه من")
_DONE_BEFORE = re.compile(r"(?<![^\W\d_])[وف]?(?:جري|جرت|تم|تمت)\s+[^\W\d_]+")
_MAY = re.compile(r"(?<![^\W\d_])[وف]?قد\s+ي[^\W\d_]{3,}(?![^\W\d_])")


@dataclass
class Cand:
    """A candidate expression (offsets into the folded text)."""

    start: int
    end: int
    type: str
    value: str | None
    priority: int = 0
    mod: str | None = None
    calendar: str = "gregorian"
    kind: str = ""
    info: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """A rule's match: the folded text, the publication date and the span ``[s, e)``."""

    g: Grammar
    text: str
    dct: Date | None
    s: int
    e: int

    @property
    def span(self) -> str:
        return self.text[self.s:self.e]

    def at(self, s: int, e: int) -> Hit:
        """The same text and DCT, another span."""
        return Hit(self.g, self.text, self.dct, s, e)

    def cand(self, type_: str, value: str | None, **kw) -> Cand:
        """A candidate over this hit's span."""
        return Cand(self.s, self.e, type_, value, **kw)

    def before(self, n: int) -> str:
        """Up to ``n`` characters right before the span (across sentences)."""
        return self.text[max(0, self.s - n):self.s]

    def direction(self, span: str | None = None) -> str | None:
        return direction(self.g, self.span if span is None else span)

    def future_ctx(self) -> bool:
        return self._future_ctx

    @cached_property
    def _future_ctx(self) -> bool:  # a handler may ask twice (a weekday's day and its mark)
        return is_future_ctx(self.text, self.s)


def words_before(text: str, start: int, n: int = 60) -> str:
    """The text of the same sentence before ``start`` (at most ``n`` characters)."""
    window = text[max(0, start - n):start]
    cut = None
    for m in _SENT_BREAK.finditer(window):
        cut = m.end()
    return window[cut:] if cut is not None else window


def words_after(text: str, end: int, n: int = 40) -> str:
    window = text[end:end + n]
    m = _SENT_BREAK.search(window)
    return window[:m.start()] if m else window


# a past verb after the future word takes over: سيتم في ديسمبر، وذلك في بيان صدر الاثنين
_PAST_AFTER = re.compile(r"(?<![^\W\d_])[وف]?(?:" + word_alt(lx.PUNCTUAL_PAST_VERBS + lx.REPORTING_PAST_VERBS)
                         + r")(?![^\W\d_])")


def is_future_ctx(text: str, start: int) -> bool:
    """A future verb or announcement word earlier in the sentence (``سيعقد``, ``المقرر``)
    with no past verb after it (``سيتم ..., في بيان صدر الاثنين``)."""
    before = words_before(text, start, 80)
    m = _FUTURE_CTX.search(before) or (
        _MAY.search(before, max(0, len(before) - 60)) if "قد " in before else None)
    while m is not None:
        past = _PAST_AFTER.search(before, m.end())
        if past is None:
            # اعتبارا من after a done act (الهدنة التي جرى تمديدها اعتبارا من الخميس) starts
            # in the past: it follows the act's tense
            return not (m.group(0).endswith(_STARTING_WORDS)
                        and _DONE_BEFORE.search(before, max(0, m.start() - 50), m.start()))
        m = _FUTURE_CTX.search(before, past.end())  # a future word after that past verb
    return False


def direction(g: Grammar, span: str) -> str | None:
    """"past", "future" or "current" from the first direction word in ``span``."""
    m = g.search_span(g.rel, span)
    if not m:
        return None
    w = m.group(0)
    if w in lx.PAST_WORDS:
        return "past"
    if w in lx.FUTURE_WORDS:
        return "future"
    return "current"


def parse_number(words: str) -> int | None:
    """Value of digits or a written-out Arabic number (None for vague quantities)."""
    words = words.strip()
    if words.startswith("ال") and words[2:].lstrip()[:1].isdigit():
        words = words[2:].lstrip()  # الـ24 (tatweel folded away)
    if words[:1].isdigit():
        try:
            return int(float(words.replace(",", ".")))
        except ValueError:
            return None
    total = 0
    found = False
    for tok in re.split(r"\s+|(?<=\s)و", words):
        tok = tok.removeprefix("و") if tok not in lx.UNITS_WORDS else tok
        tok = tok.removeprefix("ال") if tok.startswith("ال") and (
            len(tok) > 4 or tok == "الست") else tok
        if tok in lx.UNITS_WORDS:
            total += lx.UNITS_WORDS[tok]
        elif tok in lx.TEN_WORDS:
            total += 10
        elif tok in lx.TENS_WORDS:
            total += lx.TENS_WORDS[tok]
        elif tok in lx.HUNDREDS_WORDS:
            total += lx.HUNDREDS_WORDS[tok]
        elif tok in lx.VAGUE_QUANTITY:
            return None
        else:
            continue
        found = True
    return total if found else None


def ordinal_value(words: str) -> int | None:
    """Value of a written ordinal (``الحادي والعشرين`` = 21; ``غره``, ``فاتح`` = 1)."""
    if words.strip() in ("غره", "فاتح", "الفاتح", "اول"):  # غرة، فاتح، أول فبراير: the first day
        return 1
    total = 0
    for tok in re.split(r"\s+", words.strip()):
        tok = tok.removeprefix("و")
        if tok in lx.ORDINALS:
            total += lx.ORDINALS[tok]
        elif tok in lx.ORDINAL_TENS:
            total += lx.ORDINAL_TENS[tok]
        elif tok in lx.TEN_WORDS:
            total += 10
    return total or None


_MONTH_EPITHET = re.compile(r"\s+(?:" + word_alt(lx.MONTH_EPITHETS) + ")$")


def month_number(name: str, table: Mapping[str, int]) -> int | None:
    """Month number of a (folded) month name; ``رمضان المبارك`` is ``رمضان``."""
    key = re.sub(r"\s+", " ", name.strip())
    key = _MONTH_EPITHET.sub("", key)
    return table.get(key)
