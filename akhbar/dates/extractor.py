"""Rule-based extraction and resolution of Arabic temporal expressions.

``DateExtractor.extract(text, published, field)`` finds DATE, TIME, DURATION and SET
expressions with offsets into ``text`` and resolves them against ``published``. Matching
runs on a folded copy of the text (:mod:`akhbar.dates.fold`); values follow the TIMEX3
subset of the project's annotation guidelines (see ``docs/dates.md``).

This module only scans and arbitrates: each rule of :mod:`akhbar.dates.grammar` is tried
where one of its first words (or a digit) occurs; its handler, found by the rule's name
in the module of its family, reads the match:

* :mod:`akhbar.dates.absolute`: day-month-year, months, years, ranges;
* :mod:`akhbar.dates.weekdays`: days named by a weekday or deictic (``أمس الأربعاء``);
* :mod:`akhbar.dates.relative`: ``العام الماضي``, quarters, seasons, decades, ``قبل عامين``,
  references, anaphora and modifiers;
* :mod:`akhbar.dates.times`: clock times, parts of day, prayer and match clock;
* :mod:`akhbar.dates.durations`: durations and sets;
* :mod:`akhbar.dates.hijri`: Hijri days, months and years, Hajj and Umrah.

Overlapping candidates are settled longest first, then by rule priority.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

from akhbar.article import Timex
from akhbar.dates import absolute, durations, hijri, relative, times, weekdays
from akhbar.dates.common import Cand, Hit
from akhbar.dates.fold import fold, to_original
from akhbar.dates.grammar import Grammar, compile_grammar

Date = dt.date
Handler = Callable[[Hit], Cand | None]

# Rule name -> the function that reads its match (one per rule name in the grammar).
HANDLERS: dict[str, Handler] = {
    **absolute.HANDLERS, **weekdays.HANDLERS, **relative.HANDLERS, **times.HANDLERS,
    **durations.HANDLERS, **hijri.HANDLERS,
}

_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_RUN = re.compile(r"\d+")


class DateExtractor:
    """Finds and resolves temporal expressions. Build once, call :meth:`extract` often."""

    def __init__(self) -> None:
        self.g: Grammar = compile_grammar()
        missing = {r.name for r, _ in self.g.rules} - set(HANDLERS)
        if missing:
            raise ValueError(f"grammar rules without a handler: {sorted(missing)}")
        # per rule id: its compiled pattern's match method, its handler, its name and priority
        # (looked up once here, not at each of the ~100k attempts of a corpus pass)
        self._rule_steps = [(rx.match, HANDLERS[r.name], r.name, r.priority) for r, rx in self.g.rules]

    # --- public API -----------------------------------------------------------------
    def extract(self, text: str, published: Date | None, field: str = "body") -> list[Timex]:
        """Temporal expressions of one field; ``start``/``end`` index ``text``."""
        return self.extract_fields({field: text}, published)

    def extract_fields(self, fields: Mapping[str, str | None],
                       published: Date | None) -> list[Timex]:
        """All fields of one article; a weekday pinned in one field fixes the DCT for all."""
        folded = {name: fold(t) for name, t in fields.items() if t}
        dct = self.effective_dct([f for f, _ in folded.values()], published)
        chosen = {name: self._candidates(ftext, dct) for name, (ftext, _) in folded.items()}
        weekdays.unify_weekdays(chosen.values(), dct)
        if any(c.calendar == "hijri" for cs in chosen.values() for c in cs):
            hijri.observed_days({name: (folded[name][0], cs) for name, cs in chosen.items()})
        out: list[Timex] = []
        for name, (ftext, index) in folded.items():
            out.extend(self._finish(fields[name] or "", ftext, index, dct, name, chosen[name]))
        return out

    def effective_dct(self, folded_texts: Iterable[str], published: Date | None) -> Date | None:
        """The publication date, corrected when the text pins it (``اليوم الأربعاء``);
        see :func:`akhbar.dates.weekdays.effective_dct`."""
        return weekdays.effective_dct(self.g, folded_texts, published)

    # --- core -----------------------------------------------------------------------
    def _triggers(self, text: str) -> list[tuple[list[int], tuple[int, ...]]]:
        """(rule ids, start positions) wherever a rule's first word or a digit run begins (only
        the rules whose pattern can begin with that word's first character or a digit)."""
        by_word = self.g.by_word
        by_digit = self.g.by_digit
        by_bare_digit = self.g.by_bare_digit
        n = len(text)
        triggers: list[tuple[list[int], tuple[int, ...]]] = []
        for w in self.g.keys.intersection(_WORD.findall(text)):
            ids = by_word[w]
            lw = len(w)
            i = text.find(w)
            while i >= 0:
                j = i + lw
                if (i == 0 or not text[i - 1].isalpha()) and (j == n or not text[j].isalpha()):
                    triggers.append((ids, (i,)))
                i = text.find(w, j)
        for dm in _DIGIT_RUN.finditer(text):
            ids_d = by_digit.get(dm.end() - dm.start())
            if not ids_d:
                continue
            pos = dm.start()
            k = pos  # a proclitic glued to the number: و1953، ل2016
            while k > 0 and pos - k < 2 and text[k - 1] in "وفبلك":
                k -= 1
            if k < pos and (k == 0 or not text[k - 1].isalpha()):
                triggers.append((ids_d, (k, pos)))
            elif ids_bare := by_bare_digit[dm.end() - dm.start()]:
                triggers.append((ids_bare, (pos,)))  # only the rules that can start at a digit
        return triggers

    def _candidates(self, text: str, dct: Date | None) -> list[Cand]:
        """The chosen expressions of one folded field, by position, before the passes that
        depend on their neighbours (anaphora, clock days)."""
        cands: list[Cand] = []
        steps = self._rule_steps
        g = self.g
        for ids, starts in self._triggers(text):
            one = starts[0] if len(starts) == 1 else None
            for i in ids:
                match, handler, name, priority = steps[i]
                if one is not None:
                    m = match(text, one)
                else:
                    for p in starts:
                        m = match(text, p)
                        if m is not None:
                            break
                if m is None:
                    continue
                s, e = m.span("s")
                if s == e:
                    continue
                c = handler(Hit(g, text, dct, s, e))
                if c is None:
                    continue
                c.start, c.end = s, e
                c.priority = c.priority or priority
                c.kind = c.kind or name
                cands.append(c)
        chosen = self._select(cands)
        chosen.extend(relative.next_units(self.g, chosen, text, dct))
        if not chosen and "نصف" not in text:
            return chosen  # nothing found (most titles): no pass below adds to nothing but and_a_half
        chosen.sort(key=lambda c: c.start)
        relative.number_first_months(self.g, chosen, text, dct)
        relative.apply_modifiers(chosen, text)
        durations.every_year_months(chosen, text)
        durations.heads_of_sets(chosen, text)
        chosen.extend(durations.and_a_half(chosen, text))
        relative.first_or_last_day(chosen, text)
        chosen.extend(absolute.ranges(chosen, text))
        chosen.extend(relative.second_centuries(chosen, text))
        chosen.extend(absolute.coordinated_months(self.g, chosen, text, dct))
        chosen.sort(key=lambda c: c.start)
        absolute.share_month_years(chosen, text)
        chosen.extend(times.clock_ranges(chosen, text))
        chosen.extend(times.match_clock_pairs(chosen, text))
        chosen.extend(durations.duration_ranges(chosen, text))
        chosen.sort(key=lambda c: c.start)
        weekdays.days_of_weeks(chosen, text)
        absolute.place_names(chosen, text)
        return absolute.parts_of_split_years(chosen, text)

    @staticmethod
    def _finish(original: str, text: str, index: list[int] | None, dct: Date | None,
                field_name: str, chosen: list[Cand]) -> list[Timex]:
        """Resolve anaphora and clock days, and map the spans back to ``original``."""
        if not chosen:
            return []
        relative.resolve_anaphora(chosen, text)
        relative.same_date_of_year(chosen, text, dct)
        weekdays.weekly_days(chosen, text, after_clocks=False)
        times.anchor_clocks(chosen, text, dct)
        weekdays.weekly_days(chosen, text, after_clocks=True)
        weekdays.follow_future_days(chosen, text, dct)
        weekdays.quoted_today(chosen, text, dct)
        weekdays.midnights(chosen, text)
        out = []
        for c in chosen:
            s, e = to_original(c.start, c.end, index)
            # trailing blanks never belong to a span
            while e > s and original[e - 1].isspace():
                e -= 1
            out.append(Timex(original[s:e], c.type, c.value, field_name, s, e, c.mod, c.calendar))
        return out

    @staticmethod
    def _select(cands: list[Cand]) -> list[Cand]:
        """Longest, then highest-priority, non-overlapping candidates."""
        cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
        starts: list[int] = []  # taken spans, sorted and non-overlapping
        taken: list[Cand] = []
        for c in cands:
            i = bisect.bisect_left(starts, c.start)
            if i > 0 and taken[i - 1].end > c.start:
                continue
            if i < len(taken) and taken[i].start < c.end:
                continue
            starts.insert(i, c.start)
            taken.insert(i, c)
        return taken


_SHARED: DateExtractor | None = None


def shared_extractor() -> DateExtractor:
    """The process-wide extractor, built on first use."""
    global _SHARED
    if _SHARED is None:
        _SHARED = DateExtractor()
    return _SHARED
