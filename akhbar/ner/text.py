"""Tokenization, orthographic folding and clitic splitting for the NER models.

Tokens follow ANERcorp: whole whitespace tokens (clitics stay attached, ``ولندن`` is one
token) with punctuation split off; numbers keep their decimal point and a trailing ``%``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A number (with decimals / thousands and an optional percent), a run of letters, marks and
# digits, or one other visible character.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+|[^\w\s]|_", re.UNICODE)
_SENT_END = frozenset({".", "!", "?", "؟", "…"})
# folding deletes the diacritics and tatweel and unifies a few letters, in one translate()
_DIACRITICS = "".join(map(chr, [*range(0x64B, 0x660), 0x670, 0x640, 0x6E1]))
_LETTERS, _FOLDED = "أإآٱىة", "اااايه"
_FOLD_TABLE = str.maketrans(_LETTERS, _FOLDED, _DIACRITICS)
_NEEDS_FOLD_RE = re.compile(f"[{_DIACRITICS}{_LETTERS}]")  # most words need no folding
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")

Token = tuple[str, int, int]


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into ``(token, start, end)`` triples (end exclusive)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def sentences(tokens: list[Token], text: str, max_len: int = 120) -> list[list[Token]]:
    """Group tokens into sentences: after . ! ? ؟, at blank-line or newline breaks, or
    every ``max_len`` tokens so that very long runs stay bounded."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    nl = text.find("\n")  # the first newline after the previous token (tokens hold none)
    for tok in tokens:
        if 0 <= nl < tok[1]:
            if cur:
                out.append(cur)
                cur = []
            nl = text.find("\n", tok[1])
        cur.append(tok)
        if tok[0] in _SENT_END or len(cur) >= max_len:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def fold(word: str) -> str:
    """Orthographic folding used for every lexical lookup: no diacritics or tatweel,
    hamzated alefs to ا, ى to ي, ة to ه."""
    return word.translate(_FOLD_TABLE) if _NEEDS_FOLD_RE.search(word) else word


# Proclitic analyses of a folded word: (prefix, rest). Conjunction و/ف, then a preposition
# ب/ل/ك, then the article ال (ل + ال is written لل).
_PROCLITIC_RE = re.compile(r"^([وف]?)([بلك]?)(ال)?(.+)$")
_LL_RE = re.compile(r"^([وف]?)لل(.+)$")
_VALID_PREFIXES = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})


def clitic_analyses(folded: str) -> list[tuple[str, str]]:
    """All (prefix, stem) splits of a folded word, from none to the longest, stem ≥ 2 chars.

    The stem of an ``ال`` split keeps the article (``والرئيس`` -> ``الرئيس``), so it names
    the bare definite noun; the caller picks among them (e.g. by corpus frequency).
    """
    cands = [("", folded)]
    n = len(folded)
    # every two-letter prefix starts with a one-letter one; the splits' stems all differ
    if n >= 3 and folded[0] in _VALID_PREFIXES:
        cands.append((folded[0], folded[1:]))
        if n >= 4 and folded[:2] in _VALID_PREFIXES:
            cands.append((folded[:2], folded[2:]))
    if "لل" in folded[:3]:
        m = _LL_RE.match(folded)
        if m and len(m.group(2)) >= 2:
            cands.append((m.group(1) + "ل", "ال" + m.group(2)))
    return cands


def best_stem(folded: str, freq: Callable[[str], int]) -> tuple[str, str]:
    """Choose the (prefix, stem) split whose stem is most frequent in unlabeled text.

    Unsplit words win ties, so ``وزير`` stays ``وزير`` and ``ولندن`` becomes ``لندن``.
    """
    best = ("", folded)
    best_f = freq(folded)
    for pre, stem in clitic_analyses(folded)[1:]:
        f = freq(stem)
        # a split must be clearly better than keeping the letters
        if f > 2 * best_f + 2:
            best, best_f = (pre, stem), f
    return best


def strip_article(stem: str) -> str:
    """``الرئيس`` -> ``رئيس`` (only when at least two letters remain)."""
    if stem.startswith("ال") and len(stem) >= 4:
        return stem[2:]
    return stem


def shape(word: str) -> str:
    """A coarse word shape: arabic, latin, digit, punct or mixed."""
    a = bool(_ARABIC_RE.search(word))
    lat = bool(_LATIN_RE.search(word))
    d = bool(_DIGIT_RE.search(word))
    if a and not (lat or d):
        return "A"
    if lat and not (a or d):
        return "L" if not word[:1].isupper() else "LU"
    if d and not (a or lat):
        return "D"
    if not (a or lat or d):
        return "P"
    return "M"
