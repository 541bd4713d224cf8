"""Property tests (hypothesis) for akhbar.normalize over messy mixed-script Unicode."""

from __future__ import annotations

import os
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from akhbar.normalize import LEVELS, normalize, split_sentences, tokenize

_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةپچژکگی"
_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪"
_MARKS = ("\u0640\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
          "\u200b\u200c\u200d\u2060\ufeff\u00ad\x00\x07\x1b\x7f\x9f")
_SPACES = " \t\n\r\x0b\x0c\x1c\x85\u00a0\u1680\u2000\u2003\u200a\u2028\u2029\u202f\u205f\u3000"
_PUNCT = ".,;:!?،؛؟۔…«»\"'()-/%"
_LATIN = "abcXYZéİßÅ\u0301\u0308\u0327"
_COMPAT = ("\ufefb\ufef5\ufe8d\ufedf\ufe94\ufe72\ufe71\ufc5e\ufdfa\ufdfb\ufdfc\ufdfd\ufb50"
           "\ufe80\u2460\u00b2\uff11\ufb01\u1100\u1161\u11a8\u0b47\u0b3e")

_mixed = st.text(
    alphabet=st.sampled_from(_ARABIC + _DIACRITICS + _DIGITS + _MARKS + _SPACES + _PUNCT
                             + _LATIN + _COMPAT),
    max_size=60,
)
_any = st.text(max_size=40)  # arbitrary code points, incl. surrogates-free astral chars
_texts = st.one_of(_mixed, _any, st.lists(st.one_of(_mixed, _any), max_size=3).map("".join))
_levels = st.sampled_from(LEVELS)
# AKHBAR_HYPOTHESIS_EXAMPLES raises the number of examples for a deeper (slower) run.
_EXAMPLES = int(os.environ.get("AKHBAR_HYPOTHESIS_EXAMPLES", "200"))
_SETTINGS = settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _nows(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


@_SETTINGS
@given(_texts, _levels)
@example("a\u200b\u0301", "light")
@example(" \ufe72x", "aggressive")
@example("ا\u0651\u0654", "light")
def test_never_raises_and_idempotent(text, level):
    nt = normalize(text, level)
    assert isinstance(nt.text, str)
    assert normalize(nt.text, level).text == nt.text


@_SETTINGS
@given(_texts, _levels)
def test_every_char_maps_to_the_chars_it_came_from(text, level):
    nt = normalize(text, level)
    n = len(nt.text)
    spans = [nt.to_original(i, i + 1) for i in range(n)]
    covered = [False] * len(text)
    prev = (0, 0)
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        assert s >= prev[0] and e >= prev[1]  # monotone
        for k in range(s, e):
            covered[k] = True
        prev = (s, e)
    # Group consecutive chars sharing one original span: the group is what that original
    # substring normalizes to (up to whitespace, which depends on context).
    i = 0
    while i < n:
        j = i
        while j < n and spans[j] == spans[i]:
            j += 1
        s, e = spans[i]
        group = _nows(nt.text[i:j])
        if group:
            assert group == _nows(normalize(text[s:e], level).text), (i, j, s, e)
            # groups do not overlap in the original
            if j < n and _nows(nt.text[j:j + 1]):
                assert spans[j][0] >= e
        i = j
    # An original char that no normalized char maps to is one that normalizes to nothing.
    for k, ch in enumerate(text):
        if not covered[k]:
            assert _nows(normalize(ch, level).text) == "", (k, ch)


@_SETTINGS
@given(_texts, _levels, st.data())
def test_any_span_maps_to_tight_original_span(text, level, data):
    nt = normalize(text, level)
    n = len(nt.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = nt.to_original(start, end)
    assert 0 <= s <= e <= len(text)
    if start < end:
        assert (s, e) == (nt.to_original(start, start + 1)[0], nt.to_original(end - 1, end)[1])
        # the normalized span is recovered from its original span
        ls, le = nt.to_normalized(s, e)
        assert ls <= start and le >= end
    else:
        assert s == e


@_SETTINGS
@given(_texts, _levels)
def test_tokens_map_back_to_their_source(text, level):
    nt = normalize(text, level)
    for a, b in tokenize(nt.text):
        token = nt.text[a:b]
        assert token.strip() == token and token
        s, e = nt.to_original(a, b)
        assert token in normalize(text[s:e], level).text


@_SETTINGS
@given(_texts)
def test_tokens_and_sentences_are_ordered_and_nonempty(text):
    for spans in (tokenize(text), split_sentences(text)):
        prev = 0
        for a, b in spans:
            assert prev <= a < b <= len(text)
            prev = b
    # every token lies inside one sentence unless it spans a line break
    for a, b in split_sentences(text):
        piece = text[a:b]
        assert piece == piece.strip()


@_SETTINGS
@given(_texts)
def test_light_output_is_clean(text):
    out = normalize(text, "light").text
    assert out == out.strip()
    assert "  " not in out and "\n\n\n" not in out and " \n" not in out and "\n " not in out
    assert not any(ch in out for ch in "\u0640\u200e\u200f\u200b\ufeff\r\t\u00a0")
    assert not any("\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9" for ch in out)
    assert unicodedata.is_normalized("NFKC", out)
