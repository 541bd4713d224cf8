"""Rule-based extraction and resolution of Arabic temporal expressions.

``DateExtractor.extract(text, published, field)`` finds DATE, TIME, DURATION and SET
expressions with offsets into ``text`` and resolves them against ``published``. Matching
runs on a folded copy of the text (:mod:`akhbar.dates.fold`); values follow the TIMEX3
subset of the project's annotation guidelines (see ``docs/dates.md``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from akhbar.article import Timex
from akhbar.dates import calendar as cal
from akhbar.dates import lexicon as lx
from akhbar.dates.fold import fold, to_original
from akhbar.dates.grammar import Grammar, compile_grammar

Date = dt.date

_SENT_BREAK = re.compile(r"[.!?؟\n;؛]")
_FUTURE_CTX = re.compile(
    r"(?<![^\W\d_])(?:[وف]?س(?:ي|ت|ن)(?!ياس|يار|ياح|يد|يطر|يول|ينما|ينا|نه|نو|نين|نت|ته|تين|تا|تر|يف|يل)"
    r"[^\W\d_]{3,}|سوف|المقرر|المنتظر|المرتقب|المزمع|المبرمج|المبرمجه|يعتزم|تعتزم|يرتقب|"
    r"ينتظر|تنتظر|المتوقع|يتوقع|ينطلق|تنطلق|يعقد|تعقد|ينظم|تنظم|يستضيف|تستضيف|يلتقي|تلتقي|"
    r"يواجه|تواجه|يحتضن|تحتضن|يقام|تقام|ستقام|ينعقد|تنعقد|يخوض|تخوض|يبدا|تبدا|يستقبل|تستقبل|"
    r"يحتفل|تحتفل|يشارك|تشارك|يفتتح|تفتتح|موعد|اعتبارا|انطلاقا|بدايه\s+من)(?![^\W\d_])")
_TWO_CONTEXT = re.compile(r"(?:ال[^\s]+(?:ين|ان)|كلا|كلتا)\s+$")
_AGE_BEFORE = re.compile(
    r"(?<![^\W\d_])[وب]?(?:عمر[^\s]*|العمر|اعمار[^\s]*|سن|البالغ|البالغه|بالغ[^\s]*|يبلغ|تبلغ"
    r"|يناهز|تناهز|ناهز|ابن|ابنه|تحت|دون)\s+(?:من\s+)?(?:العمر\s+)?(?:[^\s]+\s+){0,2}[وفب]?$")
_NISBA_AFTER = re.compile(r"^\s+ال[^\W\d_]{2,}ي(?![^\W\d_])")
_NEG_YEAR_BEFORE = re.compile(r"(?:رقم|عدد|الرقم|الفصل|المرتبه|بـ?|قيمه|مبلغ|بقيمه|بمبلغ)\s+$")
_ADVERBS_A = frozenset({"ايضا", "تقريبا", "حاليا", "سابقا", "مجددا", "مؤخرا", "تحديدا",
                        "خصوصا", "رسميا", "فعلا", "حتما", "دوليا", "محليا", "عالميا"})
_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_TWO_AFTER = re.compile(r"\s+(?:معا|و\s*(?:ال)?(?:عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين))")
_SERMON_BEFORE = re.compile(r"(?:خطبه|خطب|خطيب|خطباء)\s+$")
_THAT_BEFORE = re.compile(r"(?:تلك|ذلك|تلكم)\s+$")
_SAME_AFTER = re.compile(r"\s+(?:ذاته|نفسه)(?![^\W\d_])")
_CLOCK_POD = re.compile(r"\s(?:من\s+)?((?:صباح|مساء|فجر|ظهر|عصر|ليل|ليله|ضحي|عشيه|صبيحه)\s+\S)")
_YEAR_TAIL = re.compile(r"من\s+(?:(?:ال|لل)(?:عام|سنه)|(?:هذا|هذه))\s+\S+")
_NOWADAYS_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:[وف]?(?:يعد|تعد|يعتبر|تعتبر|نعرف|نعيش|يعيش|تعيش|بات|باتت|اصبح|اصبحت)"
    r"|عالم|جيل|شباب|انسان|مجتمع|اطفال|اجيال)\s+$")
_DIGIT_AFTER = re.compile(r"\s*\d")
_THIS_BEFORE = re.compile(r"(?:هذا|ذلك|ذاك)\s+$")
_DAILY_CTX = re.compile(r"يوميا|كل\s+يوم|يوميه")
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_RUN = re.compile(r"\d+")
_TIME_HM = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")


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


@dataclass
class _Ctx:
    text: str  # folded text
    dct: Date | None


def _words_before(text: str, start: int, n: int = 60) -> str:
    """The text of the same sentence before ``start`` (at most ``n`` characters)."""
    window = text[max(0, start - n):start]
    cut = None
    for m in _SENT_BREAK.finditer(window):
        cut = m.end()
    return window[cut:] if cut is not None else window


def _words_after(text: str, end: int, n: int = 40) -> str:
    window = text[end:end + n]
    m = _SENT_BREAK.search(window)
    return window[:m.start()] if m else window


def _is_future_ctx(text: str, start: int, end: int) -> bool:
    return bool(_FUTURE_CTX.search(_words_before(text, start, 80)))


def parse_number(words: str) -> int | None:
    """Value of digits or a written-out Arabic number (None for vague quantities)."""
    words = words.strip()
    if words[:1].isdigit():
        try:
            return int(float(words.replace(",", ".")))
        except ValueError:
            return None
    total = 0
    found = False
    for tok in re.split(r"\s+|(?<=\s)و", words):
        tok = tok.removeprefix("و") if tok not in lx.UNITS_WORDS else tok
        tok = tok.removeprefix("ال") if tok.startswith("ال") and len(tok) > 4 else tok
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


def _ordinal_value(words: str) -> int | None:
    if words.strip() == "غره":  # Maghrebi: the first day of the month
        return 1
    total = 0
    for tok in re.split(r"\s+", words.strip()):
        tok = tok.removeprefix("و")
        if tok in lx.ORDINALS:
            total += lx.ORDINALS[tok]
        elif tok in lx.ORDINAL_TENS:
            total += lx.ORDINAL_TENS[tok]
        elif tok in ("عشر", "عشره"):
            total += 10
    return total or None


def _month_number(name: str, table: Mapping[str, int]) -> int | None:
    key = re.sub(r"\s+", " ", name.strip())
    key = re.sub(r"\s+(?:المبارك|الكريم|المعظم|الحرام)$", "", key)
    return table.get(key)


def _duration_value(count: int | None, unit: str) -> str:
    n = "X" if count is None else str(count)
    if unit == "DE":
        return "PXDE" if count is None else f"P{count * 10}Y"
    if unit == "CE":
        return "PXCE" if count is None else f"P{count * 100}Y"
    if unit == "SEASON":
        return f"P{n}Y"
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


class DateExtractor:
    """Finds and resolves temporal expressions. Build once, call :meth:`extract` often."""

    def __init__(self) -> None:
        self.g: Grammar = compile_grammar()
        self._handlers = {
            "day": self._day, "month_year": self._month, "month_rel": self._month,
            "month_bare": self._month, "year_head": self._year, "year_bare": self._year,
            "year_rel": self._year_rel, "unit_rel": self._unit_rel, "day_null": self._day_null,
            "part_year": self._part_year, "same_period": self._same_period,
            "season": self._season, "decade": self._decade, "century": self._century,
            "millennium": self._millennium, "ref": self._ref, "duration": self._duration,
            "duration_ctx": self._duration_ctx, "ago": self._ago, "set": self._set,
            "set_date": self._set_date, "clock": self._clock, "prayer": self._prayer,
            "pod_alone": self._pod_alone, "sport_season": self._sport_season,
            "hajj": self._hajj, "mod_unit": self._mod_unit, "part_rel": self._part_rel,
            "umrah": self._umrah, "match_clock": self._match_clock,
        }

    # --- public API -----------------------------------------------------------------
    def extract(self, text: str, published: Date | None, field: str = "body") -> list[Timex]:
        """Temporal expressions of one field; ``start``/``end`` index ``text``."""
        folded, index = fold(text)
        dct = self.effective_dct([folded], published)
        return self._extract_folded(text, folded, index, dct, field)

    def extract_fields(self, fields: Mapping[str, str | None],
                       published: Date | None) -> list[Timex]:
        """All fields of one article; a weekday pinned in one field fixes the DCT for all."""
        folded = {name: fold(t) for name, t in fields.items() if t}
        dct = self.effective_dct([f for f, _ in folded.values()], published)
        out: list[Timex] = []
        for name, (ftext, index) in folded.items():
            out.extend(self._extract_folded(fields[name] or "", ftext, index, dct, name))
        return out

    def effective_dct(self, folded_texts: Iterable[str], published: Date | None) -> Date | None:
        """The publication date, corrected when the text pins it (``اليوم الأربعاء``).

        Crawl dates can trail the real publication by a day or more. When a deictic is
        glossed with a weekday that disagrees with ``published``, the closest earlier date
        (up to three days) that agrees is used instead.
        """
        if published is None:
            return None
        for text in folded_texts:
            if not ("اليوم" in text or "امس" in text or "غد" in text or "البارحه" in text):
                continue
            for m in self.g.pin.finditer(text):
                offset = lx.DEICTIC_DAYS.get(re.sub(r"\s+", " ", m.group("d")))
                weekday = lx.WEEKDAYS.get(m.group("w"))
                if offset is None or weekday is None:
                    continue
                if (published + dt.timedelta(days=offset)).weekday() == weekday:
                    return published
                for shift in (-1, -2, -3, 1):
                    cand = published + dt.timedelta(days=shift)
                    if (cand + dt.timedelta(days=offset)).weekday() == weekday:
                        return cand
        return published

    # --- core -----------------------------------------------------------------------
    def _extract_folded(self, original: str, text: str, index: list[int] | None,
                        dct: Date | None, field_name: str) -> list[Timex]:
        ctx = _Ctx(text, dct)
        cands: list[Cand] = []
        rules = self.g.rules
        handlers = self._handlers
        by_word = self.g.by_word
        by_digit = self.g.by_digit
        n = len(text)
        triggers: list[tuple[int, list[int], tuple[int, ...]]] = []
        for w in self.g.keys.intersection(_WORD.findall(text)):
            ids = by_word[w]
            lw = len(w)
            i = text.find(w)
            while i >= 0:
                j = i + lw
                if (i == 0 or not text[i - 1].isalpha()) and (j == n or not text[j].isalpha()):
                    triggers.append((i, ids, (i,)))
                i = text.find(w, j)
        for dm in _DIGIT_RUN.finditer(text):
            ids_d = by_digit.get(dm.end() - dm.start())
            if not ids_d:
                continue
            pos = dm.start()
            k = pos  # a proclitic glued to the number: و1953، ل2016
            while k > 0 and pos - k < 2 and text[k - 1] in "وفبلك":
                k -= 1
            starts = (k, pos) if k < pos and (k == 0 or not text[k - 1].isalpha()) else (pos,)
            triggers.append((pos, ids_d, starts))
        for _pos, ids, starts in triggers:
            for i in ids:
                rule, rx = rules[i]
                for p in starts:
                    m = rx.match(text, p)
                    if m is not None:
                        break
                if m is None:
                    continue
                s, e = m.span("s")
                if s == e:
                    continue
                c = handlers[rule.name](m, s, e, ctx)
                if c is None:
                    continue
                c.start, c.end = s, e
                c.priority = c.priority or rule.priority
                c.kind = c.kind or rule.name
                cands.append(c)
        chosen = self._select(cands)
        self._apply_modifiers(chosen, text)
        chosen.extend(self._ranges(chosen, text, ctx))
        chosen.sort(key=lambda c: c.start)
        self._resolve_anaphora(chosen, ctx)
        self._anchor_clocks(chosen, ctx)
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

    # --- post passes ------------------------------------------------------------------
    _MOD_RE = re.compile(
        r"(?<![^\W\d_])(?P<w>مطلع|بدايه|بدايات|اوائل|مستهل|مفتتح|منتصف|اواسط|نهايه|نهايات|اواخر"
        r"|ختام|موفي|اخر)\s+(?:شهر\s+)?$")
    _APPROX_RE = re.compile(r"(?<![^\W\d_])(?P<w>نحو|حوالي|حوالى|قرابه|زهاء)\s+$")

    def _apply_modifiers(self, chosen: list[Cand], text: str) -> None:
        for c in chosen:
            before = text[max(0, c.start - 14):c.start]
            if c.type in ("DATE", "TIME") and c.mod is None and c.kind not in ("ref", "ago"):
                m = self._MOD_RE.search(before)
                if m and not (m.group("w") == "اخر" and c.type == "TIME"):
                    c.mod = lx.MOD_WORDS[m.group("w")]
                    c.start -= len(before) - m.start()
                    if c.mod == "END" and c.info.get("hijri_month"):
                        y, mo = c.info["hijri_month"]
                        end = cal.hijri_month_end(y, mo)
                        c.value = cal.fmt_day(end) if end else c.value
            elif c.type == "DURATION" and c.mod is None:
                m = self._APPROX_RE.search(before)
                if m:
                    c.mod = "APPROX"
                    c.start -= len(before) - m.start()

    _RANGE_RE = re.compile(
        r"(?:(?<![^\W\d_])(?:من|بين|(?P<head>يومي|ايام))\s+)(?P<d>\d{1,2})(?:\s*[/\\.-]\s*(?P<m>\d{1,2}))?(?!\d)"
        r"\s*(?:الي|حتي|لغايه|و|-|–|—)\s*$")

    def _ranges(self, chosen: list[Cand], text: str, ctx: _Ctx) -> list[Cand]:
        """``من 2 إلى 5 / 11 / 1436 هـ``: the bare start takes month and year from the end."""
        extra = []
        for c in chosen:
            parts = c.info.get("ymd")
            if not parts:
                continue
            before = text[max(0, c.start - 24):c.start]
            m = self._RANGE_RE.search(before)
            if not m:
                continue
            y, mo, _d = parts
            day = int(m.group("d"))
            mo = int(m.group("m")) if m.group("m") else mo
            value = None
            if c.calendar == "hijri":
                g = cal.hijri_to_gregorian(y, mo, day) if y else None
                value = cal.fmt_day(g) if g else None
            else:
                g = cal.safe_date(y, mo, day) if y else None
                value = cal.fmt_day(g) if g else None
            base = c.start - len(before)
            s = base + (m.start("head") if m.group("head") else m.start("d"))
            e = base + (m.end("m") if m.group("m") else m.end("d"))
            if any(not (e <= o.start or s >= o.end) for o in chosen):
                continue
            extra.append(Cand(s, e, "DATE", value, calendar=c.calendar, kind="range"))
        return extra

    def _resolve_anaphora(self, chosen: list[Cand], ctx: _Ctx) -> None:
        """``نفس الفترة من 2015``, ``العام نفسه``, ``اليوم ذاته``: copy from the antecedent."""
        for i, c in enumerate(chosen):
            need = c.info.get("anaphor")
            if not need:
                continue
            prev = [p.value for p in chosen[:i] if p.value and p.value[:4].isdigit()]
            value = None
            if need == "period":
                year = c.info.get("year")
                sub = next((v for v in reversed(prev) if len(v) > 4 and v[4] == "-"), None)
                if year is not None:
                    value = f"{year:04d}{sub[4:] if sub else ''}"
                else:  # "during the same period": the antecedent itself
                    value = sub
            elif need == "month_of_year":
                year = c.info.get("year")
                month = next((v[5:7] for v in reversed(prev) if re.match(r"\d{4}-\d\d", v)), None)
                value = f"{year:04d}-{month}" if year is not None and month else None
            elif need == "year":
                value = next((v[:4] for v in reversed(prev)), None)
            elif need == "month":
                value = next((v[:7] for v in reversed(prev) if re.match(r"\d{4}-\d\d", v)), None)
            elif need == "day":
                value = next((v[:10] for v in reversed(prev)
                              if re.match(r"\d{4}-\d\d-\d\d", v)), None)
            elif need == "week":
                value = next((v for v in reversed(prev) if "-W" in v), None)
            c.value = value

    def _anchor_clocks(self, chosen: list[Cand], ctx: _Ctx) -> None:
        """A clock time takes the day of the nearest earlier full date (or the DCT)."""
        for i, c in enumerate(chosen):
            if c.info.get("clock") is None:
                continue
            hhmm = c.info["clock"]
            if _DAILY_CTX.search(_words_before(ctx.text, c.start, 120) + " "
                                 + _words_after(ctx.text, c.end, 60)):
                c.value = f"XXXX-XX-XXT{hhmm}"
                continue
            if c.info.get("day"):
                c.value = f"{c.info['day']}T{hhmm}"
                continue
            day = None
            for p in reversed(chosen[:i]):
                if c.start - p.end > 300:
                    break
                if p.value and re.match(r"\d{4}-\d\d-\d\d$", p.value[:10]) and p.type in (
                        "DATE", "TIME"):
                    day = p.value[:10]
                    break
            if day is None and ctx.dct is not None:
                day = cal.fmt_day(ctx.dct)
            c.value = f"{day}T{hhmm}" if day else None

    # --- helpers for handlers ----------------------------------------------------------------
    def _parse_abs(self, span: str, ctx: _Ctx, start: int, end: int,
                   weekday: int | None, direction: str | None) -> tuple | None:
        """Parse an absolute date inside ``span``: (value, calendar, ymd, hijri_month)."""
        m = self.g.abs.search(span)
        if m is None:
            return None
        gd = m.groupdict()
        if gd["g_m"] is not None or gd["h_m"] is not None:
            hijri = gd["g_m"] is None
            p = "h_" if hijri else "g_"
            day = int(gd[p + "d"]) if gd[p + "d"] else _ordinal_value(gd[p + "o"] or "")
            mname = gd[p + "m"]
            if hijri:
                month = _month_number(mname, lx.HIJRI_MONTHS)
            else:
                first = self.g.gm.search(mname)
                month = _month_number(first.group(0), lx.GREGORIAN_MONTHS) if first else None
            year = int(gd[p + "y"]) if gd[p + "y"] else None
            marker = (gd[p + "c"] or "").strip()
            if gd[p + "r"]:
                if ctx.dct is None:
                    return (None, "hijri" if hijri else "gregorian", None, None)
                year = self._relative_year(gd[p + "r"], ctx.dct, hijri)
        elif gd["l_m"] is not None:
            day, year = int(gd["l_d"]), int(gd["l_y"])
            month = _month_number(gd["l_m"], lx.LIBYAN_MONTHS)
            marker = (gd["l_c"] or "").strip()
            hijri = False
        elif gd["n_d"] is not None:
            if gd["n_s1"] != gd["n_s2"]:
                return None
            day, month, year = int(gd["n_d"]), int(gd["n_m"]), int(gd["n_y"])
            marker = (gd["n_c"] or "").strip()
            hijri = marker.startswith("ه") or 1300 <= year < 1500
        else:
            if gd["i_s1"] != gd["i_s2"]:
                return None
            day, month, year = int(gd["i_d"]), int(gd["i_m"]), int(gd["i_y"])
            marker = (gd["i_c"] or "").strip()
            hijri = marker.startswith("ه") or 1300 <= year < 1500
        if not month or not day or day > 31 or month > 12:
            return None
        if year is not None and not hijri and marker.startswith("ه"):
            return None
        if hijri:
            if year is None:
                if ctx.dct is None:
                    return (None, "hijri", None, None)
                h = cal.gregorian_to_hijri(ctx.dct)
                year = h[0] if h else None
                if year is None:
                    return (None, "hijri", None, None)
                if direction == "past" and (month, day) > (h[1], h[2]):
                    year -= 1
                elif direction == "future" and (month, day) < (h[1], h[2]):
                    year += 1
            g = cal.hijri_to_gregorian(year, month, day)
            return (cal.fmt_day(g) if g else None, "hijri", (year, month, day), None)
        if year is None:
            if ctx.dct is None:
                return (None, "gregorian", None, None)
            year = self._context_year(ctx, start)
            if year is None:
                if weekday is not None:
                    year = self._year_by_weekday(month, day, weekday, ctx.dct)
                if year is None:
                    if direction is None and _is_future_ctx(ctx.text, start, end):
                        direction = "future_ctx"
                    year = cal.infer_year(month, day, ctx.dct, direction)
        d = cal.safe_date(year, month, day)
        if d is None:
            return None
        return (cal.fmt_day(d), "gregorian", (year, month, day), None)

    def _relative_year(self, tail: str, dct: Date, hijri: bool) -> int:
        """The year of ``من العام الماضي`` / ``من هذا العام`` (Hijri year for Hijri months)."""
        d = self._direction(tail)
        base = dct.year
        if hijri:
            h = cal.gregorian_to_hijri(dct)
            base = h[0] if h else base
        return base + (-1 if d == "past" else 1 if d == "future" else 0)

    @staticmethod
    def _year_by_weekday(month: int, day: int, weekday: int, dct: Date) -> int | None:
        best = None
        for y in (dct.year, dct.year - 1, dct.year + 1):
            d = cal.safe_date(y, month, day)
            if d and d.weekday() == weekday:
                if best is None or abs((d - dct).days) < abs((best - dct).days):
                    best = d
        return best.year if best else None

    _YEAR_IN_SENT = re.compile(r"(?<![\d.,/\\])(1[5-9]\d\d|20\d\d)(?![\d.,/\\])(?!\s*ه)")

    def _context_year(self, ctx: _Ctx, start: int) -> int | None:
        """An explicit Gregorian year earlier in the same sentence, if far from the DCT."""
        before = _words_before(ctx.text, start, 160)
        years = self._YEAR_IN_SENT.findall(before)
        if not years:
            return None
        y = int(years[-1])
        if ctx.dct is not None and abs(y - ctx.dct.year) <= 1:
            return None
        return y

    def _direction(self, span: str) -> str | None:
        m = self.g.rel.search(span)
        if not m:
            return None
        w = m.group(0)
        if w in lx.PAST_WORDS:
            return "past"
        if w in lx.FUTURE_WORDS:
            return "future"
        return "current"

    # --- handlers ------------------------------------------------------------------------
    def _day(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        text = ctx.text
        span = text[s:e]
        pod = self.g.pod.search(span)
        deic = self.g.deic.search(span)
        wdm = self.g.wd.search(span)
        weekday = None
        if wdm:
            name = wdm.group(0)
            weekday = lx.WEEKDAYS.get(name, lx.WEEKDAYS_BARE.get(name))
        direction = self._direction(span[wdm.end():] if wdm else span)
        abs_ = self._parse_abs(span, ctx, s, e, weekday, direction)
        only_wd = wdm is not None and deic is None and abs_ is None
        if only_wd and wdm.group(0) in ("الاثنين", "الاتنين"):
            if _TWO_CONTEXT.search(text[max(0, s - 30):s]) or _TWO_AFTER.match(text, e):
                return None
        if only_wd and wdm.group(0) == "الجمعه" and _SERMON_BEFORE.search(text[max(0, s - 8):s]):
            return None  # خطبة الجمعة: the Friday sermon, not a date
        if deic and abs_ is None and wdm is None and deic.group(0) == "اليوم" and (
                _NISBA_AFTER.match(text[e:e + 30]) or _THIS_BEFORE.search(text[max(0, s - 6):s])):
            return None  # اليوم العالمي / هذا اليوم: not today
        if pod is None and deic is None and wdm is None and abs_ is None:
            return None
        if (deic is not None and pod is None and wdm is None and abs_ is None
                and deic.group(0) == "اليوم" and _NOWADAYS_BEFORE.search(text[max(0, s - 12):s])):
            return Cand(s, e, "DATE", "PRESENT_REF")  # تعد اليوم، عالم اليوم: "nowadays"
        if (pod is not None and deic is None and wdm is None and abs_ is None):
            return None
        value: str | None = None
        calendar = "gregorian"
        info: dict = {}
        if abs_ is not None:
            value, calendar, ymd, _ = abs_
            if ymd:
                info["ymd"] = ymd
        elif deic is not None:
            if ctx.dct is not None:
                offset = lx.DEICTIC_DAYS[re.sub(r"\s+", " ", deic.group(0))]
                day = ctx.dct + dt.timedelta(days=offset)
                if weekday is not None and day.weekday() != weekday:
                    day = cal.nearest_weekday(day, weekday)
                value = cal.fmt_day(day)
        elif weekday is not None:
            if ctx.dct is not None:
                value = cal.fmt_day(self._resolve_weekday(weekday, direction, ctx, s, e))
        elif abs_ is None and deic is None:
            return None
        mod = None
        typ = "DATE"
        if pod is not None:
            typ = "TIME"
            code = lx.PARTS_OF_DAY.get(re.sub(r"\s+", " ", pod.group("pod")))
            pre = pod.group("pre") or ""
            if pre == "بعيد" and code == "MI":
                code = "AF"  # shortly after noon
            if pre == "بعيد":
                mod = "START"
            elif pre.startswith(("وقت", "ساعه")) or pre == "قبيل":
                mod = "END"
            value = f"{value}T{code}" if value and len(value) == 10 else value
        elif span.startswith(("وقت", "ساعه")):
            mod = "END"
        return Cand(s, e, typ, value, mod=mod, calendar=calendar, info=info)

    def _resolve_weekday(self, weekday: int, direction: str | None, ctx: _Ctx,
                         s: int, e: int) -> Date:
        dct = ctx.dct
        assert dct is not None
        if direction == "past":
            return cal.weekday_before(dct, weekday, include_anchor=False)
        if direction == "future":
            return cal.weekday_after(dct, weekday, include_anchor=False)
        if _is_future_ctx(ctx.text, s, e):
            return cal.weekday_after(dct, weekday)
        return cal.weekday_before(dct, weekday)

    def _day_null(self, m, s, e, ctx) -> Cand:
        return Cand(s, e, "DATE", None)

    def _month(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        gm = self.g.gm.search(span)
        hm = self.g.hm.search(span)
        if hm and (not gm or hm.start() < gm.start()):
            month = _month_number(hm.group(0), lx.HIJRI_MONTHS)
            hijri = True
        elif gm:
            month = _month_number(gm.group(0), lx.GREGORIAN_MONTHS)
            hijri = False
        else:
            return None
        if month is None:
            return None
        ym = self.g.year.search(span)
        year = int(ym.group(0)[:4]) if ym else None
        direction = self._direction(span)
        tail = _YEAR_TAIL.search(span)
        if tail and year is None:
            if ctx.dct is None:
                return Cand(s, e, "DATE", None, calendar="hijri" if hijri else "gregorian")
            year = self._relative_year(tail.group(0), ctx.dct, hijri)
        if hijri:
            info: dict = {}
            if year is None:
                if ctx.dct is None:
                    return Cand(s, e, "DATE", None, calendar="hijri")
                h = cal.gregorian_to_hijri(ctx.dct)
                if h is None:
                    return Cand(s, e, "DATE", None, calendar="hijri")
                year = h[0]
                if direction == "past" and month >= h[1]:
                    year -= 1
                elif direction == "future" and month <= h[1]:
                    year += 1
            info["hijri_month"] = (year, month)
            return Cand(s, e, "DATE", cal.hijri_month_value(year, month), calendar="hijri",
                        info=info)
        if ym is not None and ym.group("c").strip().startswith("ه"):
            return None
        if year is None:
            if ctx.dct is None:
                return Cand(s, e, "DATE", None)
            year = self._context_year(ctx, s) if direction is None else None
            if year is None:
                if direction == "current":
                    year = ctx.dct.year
                else:
                    if direction is None and _is_future_ctx(ctx.text, s, e):
                        direction = "future_ctx"
                    year = cal.infer_year(month, None, ctx.dct, direction)
        return Cand(s, e, "DATE", cal.fmt_month(year, month))

    def _year(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        ym = self.g.year.search(span)
        if ym is None:
            return None
        year = int(ym.group(0)[:4])
        marker = ym.group("c").strip()
        headed = not span[:1].isdigit()
        if marker.startswith("ه"):
            if not 1 <= year < 1600:
                return None
            return Cand(s, e, "DATE", None, calendar="hijri")
        if headed and 1300 <= year < 1500 and not marker and ctx.dct is not None:
            h = cal.gregorian_to_hijri(ctx.dct)
            if h and abs(h[0] - year) <= 40:
                return Cand(s, e, "DATE", None, calendar="hijri")
        if headed or marker:
            if not 1000 <= year <= 2100:
                return None
            return Cand(s, e, "DATE", f"{year:04d}")
        # a bare number: only plausible years, not amounts
        if not 1900 <= year <= 2099:
            return None
        text = ctx.text
        after = text[e:e + 14].lstrip()
        nm = _NEXT_WORD.match(text, e)
        nxt = nm.group(1) if nm else ""
        if nxt in lx.NOT_YEAR_NEXT or after.startswith(("%", "٪")):
            return None
        if len(nxt) >= 4 and nxt.endswith("ا") and not nxt.startswith("ال") and (
                nxt not in _ADVERBS_A):
            return None  # 2070 مواطنا: a count with its accusative noun
        if _NEG_YEAR_BEFORE.search(text[max(0, s - 10):s]):
            return None
        return Cand(s, e, "DATE", f"{year:04d}")

    def _year_rel(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        ym = self.g.year.search(span)
        if ym is not None:
            if ym.group("c").strip().startswith("ه") or 1300 <= int(ym.group(0)[:4]) < 1500:
                return Cand(s, e, "DATE", None, calendar="hijri")
            return Cand(s, e, "DATE", ym.group(0)[:4])
        if re.search(r"نفس|ذات", span):
            return Cand(s, e, "DATE", None, info={"anaphor": "year"})
        if "المالي" in span and "العام المالي" in span and not re.search(r"الحالي|الجاري|هذا", span):
            return Cand(s, e, "DATE", None)
        if ctx.dct is None:
            return Cand(s, e, "DATE", None)
        direction = self._direction(span)
        if "الجديد" in span:
            year = ctx.dct.year + (1 if ctx.dct.month >= 11 else 0)
        elif direction == "past":
            year = ctx.dct.year - 1
        elif direction == "future":
            year = ctx.dct.year + 1
        else:
            year = ctx.dct.year
        return Cand(s, e, "DATE", f"{year:04d}")

    def _unit_rel(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        unit = "W" if "اسبوع" in span else "M" if "شهر" in span else "D"
        if re.search(r"نفس|ذات", span):
            need = {"W": "week", "M": "month", "D": "day"}[unit]
            return Cand(s, e, "DATE", None, info={"anaphor": need})
        if ctx.dct is None:
            return Cand(s, e, "DATE", None)
        direction = self._direction(span)
        step = -1 if direction == "past" else 1 if direction == "future" else 0
        if unit == "W":
            return Cand(s, e, "DATE", cal.fmt_week(ctx.dct + dt.timedelta(weeks=step)))
        y, mo = cal.add_months(ctx.dct.year, ctx.dct.month, step)
        return Cand(s, e, "DATE", cal.fmt_month(y, mo))

    def _year_of(self, span: str, ctx: _Ctx) -> int | None:
        """The year named or implied at the end of a span (2016, هذا العام, العام الماضي)."""
        ym = self.g.year.search(span)
        if ym:
            return int(ym.group(0)[:4])
        if ctx.dct is None:
            return None
        if re.search(r"(?:عام|سنه)\s+\S+", span) or re.search(r"هذا\s+العام|هذه\s+السنه", span):
            d = self._direction(span.split("من")[-1]) if "من" in span else None
            return ctx.dct.year + (-1 if d == "past" else 1 if d == "future" else 0)
        return None

    def _part_year(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        words = span.split()
        head = words[0]
        if "اشهر" in head or "شهور" in head:
            n = {"الثلاثه": 3, "السته": 6, "التسعه": 9}.get(words[1], 0)
            first = words[2] == "الاولي"
            if n == 6:
                part = "H1" if first else "H2"
            elif n == 3:
                part = "Q1" if first else "Q4"
            else:
                return None
        else:
            ordw = words[1]
            last = ordw in lx.LAST_WORDS
            num = 0 if last else lx.ORDINALS.get(ordw, 0)
            if "نصف" in head or "سداسي" in head:
                part = "H" + ("2" if last else str(num))
                if num > 2:
                    return None
            else:
                part = "Q" + ("4" if last else str(num))
                if num > 4:
                    return None
        year = self._year_of(span[len(head):], ctx)
        if year is None:
            if ctx.dct is None:
                return Cand(s, e, "DATE", None)
            year = ctx.dct.year
            qstart = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7}[part]
            if qstart > ctx.dct.month and not _is_future_ctx(ctx.text, s, e):
                year -= 1
        return Cand(s, e, "DATE", f"{year:04d}-{part}")

    def _part_rel(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand:
        """``الربع الحالي``, ``النصف الماضي``: the current quarter or half, or one step away."""
        span = ctx.text[s:e]
        if ctx.dct is None:
            return Cand(s, e, "DATE", None)
        d = self._direction(span)
        step = -1 if d == "past" else 1 if d == "future" else 0
        size, code = (6, "H") if ("نصف" in span or "سداسي" in span) else (3, "Q")
        index = ctx.dct.year * (12 // size) + (ctx.dct.month - 1) // size + step
        per_year = 12 // size
        return Cand(s, e, "DATE", f"{index // per_year:04d}-{code}{index % per_year + 1}")

    def _same_period(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand:
        span = ctx.text[s:e]
        year = self._year_of(span, ctx)
        need = "month_of_year" if span.startswith(("الشهر", "للشهر")) else "period"
        return Cand(s, e, "DATE", None, info={"anaphor": need, "year": year})

    def _season(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        sm = re.search(r"صيف|شتاء|ربيع|خريف", span)
        code = lx.SEASONS[sm.group(0)]
        ym = self.g.year.search(span)
        if ym:
            return Cand(s, e, "DATE", cal.season_value(int(ym.group(0)[:4]), code))
        if ctx.dct is None:
            return Cand(s, e, "DATE", None)
        direction = self._direction(span)
        first, last = lx.SEASON_MONTHS[code]
        y, mo = ctx.dct.year, ctx.dct.month
        if direction == "past":
            ended = mo > last if code != "WI" else mo > 2
            year = y if ended and code != "WI" else y - 1 if code != "WI" else (y if mo > 2 else y - 1)
        elif direction == "future":
            year = y if mo < first else y + 1
        else:
            year = y
        return Cand(s, e, "DATE", cal.season_value(year, code))

    def _decade(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        stem = re.search("|".join(lx.DECADE_STEMS), span)
        tens = lx.DECADE_STEMS[stem.group(0)]
        century = None
        if "قرن" in span:
            c = self._century_number(span[span.index("قرن"):], ctx)
            century = c - 1 if c else None
        if century is None:
            base = ctx.dct.year if ctx.dct else 2000
            century = base // 100
            if century * 100 + tens * 10 > base:
                century -= 1
        return Cand(s, e, "DATE", f"{century * 10 + tens:03d}")

    def _century_number(self, span: str, ctx: _Ctx) -> int | None:
        """1-based century number named in ``span``."""
        d = re.search(r"\d{1,2}", span)
        if d:
            return int(d.group(0))
        if "الحادي" in span and "العشرين" in span:
            return 21
        if "العشرين" in span:
            return 20
        direction = self._direction(span)
        if direction is not None:
            if ctx.dct is None:
                return None
            cur = ctx.dct.year // 100 + 1
            return cur - 1 if direction == "past" else cur + 1 if direction == "future" else cur
        return _ordinal_value(span.split(None, 1)[1] if " " in span else "")

    def _century(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand:
        n = self._century_number(ctx.text[s:e], ctx)
        return Cand(s, e, "DATE", f"{n - 1:02d}" if n else None)

    def _millennium(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand:
        span = ctx.text[s:e]
        n = {"الاولي": 1, "الثانيه": 2, "الثالثه": 3}.get(span.split()[-1])
        if n is None and ctx.dct is not None:
            cur = ctx.dct.year // 1000 + 1
            d = self._direction(span)
            n = cur - 1 if d == "past" else cur + 1 if d == "future" else cur
        return Cand(s, e, "DATE", str(n - 1) if n else None)

    _REF_VALUES = {
        "الان": "PRESENT_REF", "حاليا": "PRESENT_REF", "راهنا": "PRESENT_REF",
        "مؤخرا": "PAST_REF", "حديثا": "PAST_REF", "سابقا": "PAST_REF", "السابق": "PAST_REF",
        "الماضي": "PAST_REF", "مستقبلا": "FUTURE_REF", "قريبا": "FUTURE_REF",
        "المستقبل": "FUTURE_REF",
    }

    def _ref(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        if span == "الان" and _SAME_AFTER.match(ctx.text, e):
            return None  # في الآن ذاته: "at the same time"
        v = self._REF_VALUES.get(span)
        if v is None:
            if "قليل" in span:
                return Cand(s, e, "DATE", cal.fmt_day(ctx.dct) if ctx.dct else None)
            if "وقت" in span:
                v = "PRESENT_REF"
            elif "مستقبل" in span:
                v = "FUTURE_REF"
            elif span.startswith(("قبل", "منذ")):
                v = "PAST_REF"
            else:
                last = span.split()[-1]
                v = ("PAST_REF" if last in lx.PAST_WORDS else "FUTURE_REF"
                     if last in lx.FUTURE_WORDS else "PRESENT_REF")
        return Cand(s, e, "DATE", v)

    def _count_unit(self, span: str) -> tuple[int | None, str] | None:
        """(count, unit) of a duration-like span; count None means unknown (X)."""
        toks = span.split()
        unit = None
        count: int | None = None
        for i, tok in enumerate(toks):
            t = tok.removeprefix("ال") if tok not in lx.UNIT_FORMS else tok
            if t in lx.UNIT_FORMS or tok in lx.UNIT_FORMS:
                code, implied, plural = lx.UNIT_FORMS.get(tok) or lx.UNIT_FORMS[t]
                unit = code
                if implied:
                    count = implied
                else:
                    before = " ".join(toks[:i])
                    after = " ".join(toks[i + 1:])
                    count = parse_number(before) if before else None
                    if count is None and after:
                        count = parse_number(after)
                    if count is None and not plural and not re.search(
                            r"\d|" + "|".join(lx.VAGUE_QUANTITY), before):
                        count = 1
                break
            d = re.match(r"(\d+)(\D+)$", tok)  # glued number + unit
            if d and d.group(2) in lx.UNIT_FORMS:
                unit = lx.UNIT_FORMS[d.group(2)][0]
                count = int(d.group(1))
                break
        return (count, unit) if unit else None

    def _duration(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        text = ctx.text
        span = text[s:e]
        cu = self._count_unit(re.sub(r"^(?:نحو|حوالي|حوالى|قرابه|زهاء)\s+", "", span))
        if cu is None:
            return None
        count, unit = cu
        if span.startswith("ال") and _DIGIT_AFTER.match(text, e):
            return None  # في الدقيقتين 43 و57: match minutes, not a length of time
        if unit in ("Y", "M", "W", "D") and _AGE_BEFORE.search(text[max(0, s - 40):s]):
            return None
        if text[max(0, s - 2):s].rstrip().endswith("("):
            return None  # (30 عاما), (6 أشهر): an age after a name
        mod = "APPROX" if re.match(r"(?:نحو|حوالي|حوالى|قرابه|زهاء)\s", span) else None
        if "من الزمن" in span and unit == "DE" and count is None:
            return Cand(s, e, "DURATION", "PXDE", mod=mod)
        return Cand(s, e, "DURATION", _duration_value(count, unit), mod=mod)

    def _duration_ctx(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        if span == "الساعه" and ctx.text[max(0, s - 7):s].rstrip().endswith("مدار"):
            return None  # على مدار الساعة: "around the clock"
        after = ctx.text[e:e + 20]
        if re.match(r"\s+(?:" + "|".join(lx.PAST_WORDS | lx.FUTURE_WORDS | lx.CURRENT_WORDS
                                          | lx.SAME_WORDS) + r"|\d)", after):
            return None
        if span in ("العام",) and not re.match(r"\s+(?:و|،|\.|$)", after):
            return None
        cu = self._count_unit(span)
        if cu is None:
            return None
        return Cand(s, e, "DURATION", _duration_value(1, cu[1]), priority=6)

    def _ago(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        text = ctx.text
        span = text[s:e]
        after = text[e:e + 12]
        prep, rest = span.split(None, 1)
        if re.match(r"\s+(?:من|على|علي)(?![^\W\d_])", after):
            return None  # relational: "before/after N days of ..."
        if prep == "بعد" and not _is_future_ctx(text, s, e):
            return None  # "after 3 years (of detention)": a duration, not a future date
        mod = None
        mm = re.match(r"(?:نحو|حوالي|حوالى|قرابه|زهاء)\s+", rest)
        if mm:
            mod = "APPROX"
            rest = rest[mm.end():]
        cu = self._count_unit(rest)
        if cu is None:
            return None
        count, unit = cu
        if ctx.dct is None or count is None:
            if count is None and ctx.dct is not None:
                return Cand(s, e, "DATE", "PAST_REF" if prep == "قبل" else "FUTURE_REF", mod=mod)
            return Cand(s, e, "DATE", None, mod=mod)
        sign = -1 if prep == "قبل" else 1
        d = ctx.dct
        if unit == "Y":
            value = f"{d.year + sign * count:04d}"
        elif unit == "DE":
            value = f"{d.year + sign * count * 10:04d}"
        elif unit == "M":
            y, mo = cal.add_months(d.year, d.month, sign * count)
            value = cal.fmt_month(y, mo)
        elif unit == "W":
            value = cal.fmt_week(d + dt.timedelta(weeks=sign * count))
        elif unit == "D":
            value = cal.fmt_day(d + dt.timedelta(days=sign * count))
        elif unit in ("H", "MIN", "S"):
            value = cal.fmt_day(d)
        else:
            value = None
        return Cand(s, e, "DATE", value, mod=mod)

    def _set(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        if span in lx.SET_ADVERBS:
            return Cand(s, e, "SET", lx.SET_ADVERBS[span])
        if re.search(r"(?:اول|اخر|ثاني|ثالث|رابع)\s", span):
            return Cand(s, e, "SET", "P1Y")
        if self.g.wd.search(span):
            return Cand(s, e, "SET", "P1W")
        cu = self._count_unit(span[3:].strip())
        if cu is None:
            return None
        count, unit = cu
        return Cand(s, e, "SET", _duration_value(count or 1, unit))

    def _set_date(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        parsed = self._parse_abs(span, _Ctx(ctx.text, dt.date(2000, 1, 1)), s, e, None, None)
        if not parsed or not parsed[2]:
            return None
        _, calendar, (_, mo, d), _ = parsed
        if calendar == "hijri":
            return Cand(s, e, "SET", "P1Y", calendar="hijri")
        return Cand(s, e, "SET", f"XXXX-{mo:02d}-{d:02d}")

    _clock_suffix = re.compile(
        r"(?<![^\W\d_])(" + "|".join(sorted((k.replace(" ", r"\s+") for k in lx.CLOCK_SUFFIX),
                                             key=len, reverse=True)) + r")(?![^\W\d_])")
    _HOUR_WORDS = {"الواحده": 1, "واحده": 1, "الحاديه عشره": 11, "الثانيه عشره": 12,
                   "حاديه عشره": 11, "ثانيه عشره": 12}

    def _clock(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        hm = _TIME_HM.search(span)
        minute = 0
        if hm and (":" in span or not re.search(r"ساعه\s+ال", span)):
            hour = int(hm.group(1))
            minute = int(hm.group(2)) if hm.group(2) else 0
        else:
            w = re.search(r"ساعه\s+(\S+(?:\s+عشره)?)", span)
            if not w:
                return None
            word = re.sub(r"\s+", " ", w.group(1))
            hour = self._HOUR_WORDS.get(word) or lx.ORDINALS.get(word.split()[0])
            if hour is None:
                return None
            if "عشره" in word and hour < 10:
                hour += 10
            if "النصف" in span:
                minute = 30
            elif "الربع" in span and "الا" not in span:
                minute = 15
            elif re.search(r"الا\s+(?:ال)?ربع", span):
                hour, minute = hour - 1, 45
            else:
                mm = re.search(r"و\s*(\d{1,2}|[^\d]+?)\s+دقيقه", span)
                minute = (parse_number(mm.group(1)) or 0) if mm else 0
        if hour > 24 or minute > 59:
            return None
        suffix = self._clock_suffix.search(span)
        if suffix and not re.search(r"ت\s*\.?\s*م(?![^\W\d_])|توقيت", span):
            kind = lx.CLOCK_SUFFIX.get(re.sub(r"\s+", " ", suffix.group(1)))
            if kind == "pm" and hour < 12:
                hour += 12
            if kind == "am" and hour == 12:
                hour = 0
        info = {"clock": f"{hour % 24:02d}:{minute:02d}"}
        pod = _CLOCK_POD.search(span)
        if pod:  # الساعة العاشرة من صباح اليوم الخميس: the day comes from the tail
            day = self._day(None, s + pod.start(1), e, ctx)
            if day is not None and day.value and day.value[:4].isdigit():
                info["day"] = day.value[:10]
                if day.calendar == "hijri":
                    return Cand(s, e, "TIME", None, calendar="hijri", info=info)
        return Cand(s, e, "TIME", None, info=info)

    def _prayer(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        code = lx.PRAYER_TIMES.get(span.split()[-1])
        if code is None:
            return None
        return Cand(s, e, "TIME", f"XXXX-XX-XXT{code}")

    def _pod_alone(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        if _THAT_BEFORE.search(ctx.text[max(0, s - 6):s]):
            return None  # تلك الليلة: anaphoric
        if ctx.dct is not None and span.startswith("الليله") and " " in span:
            step = -1 if self._direction(span) == "past" else 1
            return Cand(s, e, "TIME", f"{cal.fmt_day(ctx.dct + dt.timedelta(days=step))}TNI")
        code = ("MO" if "صباح" in span else "EV" if "مساء" in span else "AF"
                if ("الظهر" in span or "الزوال" in span) else "NI")
        value = f"{cal.fmt_day(ctx.dct)}T{code}" if ctx.dct else None
        return Cand(s, e, "TIME", value)

    def _mod_unit(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand:
        """``بداية العام``, ``نهاية الشهر``: a modifier on the current year/month/week."""
        span = ctx.text[s:e]
        word = span.split()[0]
        mod = lx.MOD_WORDS.get(word)
        if ctx.dct is None:
            return Cand(s, e, "DATE", None, mod=mod)
        if "اسبوع" in span:
            value = cal.fmt_week(ctx.dct)
        elif "شهر" in span:
            value = cal.fmt_month(ctx.dct.year, ctx.dct.month)
        else:
            value = f"{ctx.dct.year:04d}"
        return Cand(s, e, "DATE", value, mod=mod)

    def _sport_season(self, m, s, e, ctx) -> Cand:
        return Cand(s, e, "DATE", None)

    def _hajj(self, m: re.Match, s: int, e: int, ctx: _Ctx) -> Cand | None:
        span = ctx.text[s:e]
        ym = re.search(r"(\d{4})\s*ه", span)
        if ym:
            return Cand(s, e, "DATE", cal.hajj_month(int(ym.group(1))), calendar="hijri")
        if ctx.dct is None:
            return Cand(s, e, "DATE", None, calendar="hijri")
        h = cal.gregorian_to_hijri(ctx.dct)
        if h is None:
            return Cand(s, e, "DATE", None, calendar="hijri")
        year = h[0]
        direction = self._direction(span)
        passed = (h[1], h[2]) > (12, 13)
        if direction == "past":
            year = year - 1 if not passed else year
        elif direction == "future" or "هذا" in span or direction == "current":
            year = year + 1 if passed else year
        else:
            year = year - 1 if not passed else year  # a bare "the Hajj season": the last one
        return Cand(s, e, "DATE", cal.hajj_month(year), calendar="hijri")

    def _umrah(self, m, s, e, ctx) -> Cand:
        return Cand(s, e, "DATE", None, calendar="hijri")

    def _match_clock(self, m, s, e, ctx) -> Cand:
        return Cand(s, e, "TIME", None)


_SHARED: DateExtractor | None = None


def shared_extractor() -> DateExtractor:
    """The process-wide extractor, built on first use."""
    global _SHARED
    if _SHARED is None:
        _SHARED = DateExtractor()
    return _SHARED
