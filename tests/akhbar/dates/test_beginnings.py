"""The start filter: a rule is skipped only at words (and digits) where it cannot match, and
the part readers' remembered searches equal plain searches."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.dates import grammar as gm
from akhbar.dates.fold import fold
from akhbar.dates.grammar import Beginnings, compile_grammar, with_proclitics

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "dates" / "heldout"
_WORD = re.compile(r"[^\W\d_]+")


def _texts() -> list[str]:
    return [fold(p.read_text(encoding="utf-8"))[0] for p in sorted(HELDOUT.glob("*.txt"))]


def test_every_match_of_every_rule_starts_where_the_rule_is_tried():
    g = compile_grammar()
    texts = _texts()
    assert len(texts) > 50
    checked = 0
    for i, (rule, rx) in enumerate(g.rules):
        begins = Beginnings.of(rule.pattern)
        forms = {f for w in rule.first for f in with_proclitics(w)}
        for text in texts:
            for m in rx.finditer(text):
                p = m.start()
                assert begins.allow(text[p:p + 12]), (rule.name, text[p:p + 30])
                word = _WORD.match(text, p)
                if word and word.group(0) in forms and (p == 0 or not text[p - 1].isalpha()):
                    assert i in g.by_word[word.group(0)], (rule.name, word.group(0))
                digits = re.match(r"\d{1,4}(?!\d)", text[p:])
                if digits and rule.digit and i in g.by_digit[len(digits.group(0))]:
                    assert i in g.by_bare_digit[len(digits.group(0))], (rule.name, text[p:p + 30])
                checked += 1
    assert checked > 1000


def test_filter_drops_rules_that_cannot_start_at_a_word():
    g = compile_grammar()
    unfiltered = sum(len({f for w in r.first for f in with_proclitics(w)}) for r, _ in g.rules)
    assert sum(map(len, g.by_word.values())) < unfiltered * 0.8
    # a duration said after a lasting verb (قضى عاما) never starts at اليوم or a digit
    lasting = [i for i, (r, _) in enumerate(g.rules) if "(?P<s>(?:يوما|اسبوعا" in r.pattern]
    assert len(lasting) == 1
    assert lasting[0] not in g.by_word["اليوم"] and lasting[0] not in g.by_bare_digit[2]
    assert lasting[0] in g.by_word["دام"]


_ATOMS = ["ا", "ب", "و", "ال", "يوم", r"\d", r"\d{1,2}", "[وف]", "[0-9]", r"\s+", r"\s*", "."]


@st.composite
def patterns(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5 if depth < 2 else 0))
        if kind == 0:
            parts.append(draw(st.sampled_from(_ATOMS)))
        elif kind == 1:
            parts.append(f"(?:{draw(patterns(depth + 1))})?")
        elif kind == 2:
            parts.append(f"(?:{draw(patterns(depth + 1))}|{draw(patterns(depth + 1))})")
        elif kind == 3:
            lo = draw(st.integers(0, 2))
            parts.append(f"(?:{draw(patterns(depth + 1))}){{{lo},{lo + draw(st.integers(0, 3))}}}")
        elif kind == 4:
            parts.append(draw(st.sampled_from([r"(?<![^\W\d_])", r"(?!ا)", "(?=و)", r"\b"])))
        else:
            parts.append(f"(?P<g{depth}_{len(parts)}>{draw(patterns(depth + 1))})+")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(patterns(), st.text(alphabet="ابوفيلم01 ٣", min_size=0, max_size=10))
def test_a_match_is_never_excluded(pattern, text):
    """Metamorphic: wherever a pattern matches, its beginnings allow the text there."""
    try:
        rx = re.compile(pattern)
    except re.error:
        return
    begins = Beginnings.of(pattern)
    for p in range(len(text) + 1):
        if rx.match(text, p):
            assert begins.allow(text[p:]), (pattern, text, p)


def test_search_span_equals_search_and_stays_bounded(monkeypatch):
    g = compile_grammar()
    monkeypatch.setattr(gm, "MEMO_SIZE", 8)
    spans = ["اليوم", "امس الخميس", "الخميس 5 يناير 2017", "صباح اليوم", "غدا", "الاحد المقبل"] * 3
    spans += [f"{d} مارس" for d in range(1, 20)]
    for span in spans:
        for rx in (g.abs, g.deic, g.wd, g.pod, g.rel):
            got, want = g.search_span(rx, span), rx.search(span)
            assert (got and (got.span(), got.group(0))) == (want and (want.span(), want.group(0)))
            assert len(g.memo) <= 8


def test_a_parser_that_fails_means_any_beginning(monkeypatch):
    """The analysis reads Python's private regex parser; if that ever breaks, no rule may be
    skipped: every word is allowed."""
    def broken(pattern, k=gm.PREFIX_CHARS):
        raise AttributeError("parser changed")

    monkeypatch.setattr(gm, "match_prefixes", broken)
    b = Beginnings.of(r"(?:يناير|فبراير)\s+\d{4}")
    assert b.allow("مارس") and b.allow("") and b.allow("2015")
