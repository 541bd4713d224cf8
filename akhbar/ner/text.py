"""Tokenization, orthographic folding and clitic splitting for the NER models.

Tokens follow ANERcorp: whole whitespace tokens (clitics stay attached, ``ولندن`` is one
token) with punctuation split off; numbers keep their decimal point and a trailing ``%``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from akhbar.fold import fold_word, kept_positions, strip_marks, unify_alef

# A web or e-mail address (one token: no name is found inside ``www.gdp.gov.sa``), a number
# (with decimals / thousands and an optional percent) not glued to letters, a run of
# letters and digits, or one other visible character. Runs on the text without marks
# (``akhbar.fold.strip_marks``), so a shadda or a kasra never splits a word.
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*%?(?![^\W_])|[^\W_]+|[^\w\s]|_")
_TOKEN_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'«»()\[\]{}،]+[^\s<>\"'«»()\[\]{}،.,:;!?]"
    r"|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|gov|edu|info|int|[a-z]{2})\b|"
    + _WORD_RE.pattern)
_MAY_HAVE_ADDRESS = re.compile(r"@|[A-Za-z0-9-]\.[a-z]")  # most texts: no address
_SENT_END = frozenset({".", "!", "?", "؟", "…"})
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")

Token = tuple[str, int, int]


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into ``(token, start, end)`` triples (end exclusive).

    Marks, format characters and tatweel are invisible: the token is the word without
    them (``اللَّهِ`` -> ``الله``) and ``start``/``end`` cover the whole original word,
    its marks included (``akhbar.fold``), so a span of tokens never starts or ends
    inside a word.
    """
    stripped, deleted = strip_marks(text)
    rx = _TOKEN_RE if _MAY_HAVE_ADDRESS.search(stripped) else _WORD_RE
    if not deleted:
        return [(m.group(), m.start(), m.end()) for m in rx.finditer(text)]
    kept = kept_positions(len(text), deleted)
    kept.append(len(text))
    return [(m.group(), kept[m.start()], kept[m.end()]) for m in rx.finditer(stripped)]


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
    """Orthographic folding used for every lexical lookup (``akhbar.fold.fold_word``): no
    marks or tatweel, hamzated alefs to ا, ى to ي, ة to ه."""
    return fold_word(word)


def name_key(token: str, folded_key: str) -> str:
    """The form under which two tokens are the same name: ``folded_key`` (a suffix of the
    folded token: its stem without clitics or article) respelled with the token's own
    letters, hamzated alefs unified only. ``على`` and ``علي`` fold alike but are not the
    same name."""
    w = unify_alef(strip_marks(token)[0])
    return w[len(w) - len(folded_key):] if 0 < len(folded_key) <= len(w) else folded_key


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


def name_stem(folded: str, freq: Callable[[str], int], listed: Callable[[str], bool],
              known: Callable[[str], bool] = lambda _: False) -> tuple[str, str]:
    """The (prefix, stem) split of the first word of a *name*: a leading و/ف/ب/ل/ك is
    split off only when what remains is the better reading. As ``best_stem``, and the stem
    must not be a listed function word (``listed``) or shorter than three letters unless
    it keeps the article (``فان`` is not ف + أن, ``وام`` not و + أم, ``بور`` not ب + ور),
    and a preposition needs five times (not twice) the stem's frequency, since a name
    follows ب/ل/ك far less often than و (``بايلي`` stays), unless the stem is a ``known``
    name (a gazetteer entry: ``بجدة`` -> ``جدة``)."""
    best = ("", folded)
    best_f = freq(folded)
    for pre, stem in clitic_analyses(folded)[1:]:
        if listed(stem) or (len(stem) < 3 and not stem.startswith("ال")):
            continue
        f = freq(stem)
        k = 2 if pre in ("و", "ف") or stem.startswith("ال") or known(stem) else 5
        if f > k * best_f + k:
            best, best_f = (pre, stem), f
    return best


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
