"""Spelling folding for matching: one canonical form per letter, offsets kept.

Matching runs on a folded copy of the text: hamza/madda alefs → ا, ة → ه, ى → ي, Persian
yeh/kaf → Arabic, Arabic-Indic/Persian digits → ASCII, NBSP-like spaces → space. These
replacements are one character for one character, so offsets stay valid. Diacritics,
tatweel and invisible marks are deleted; only then is an offset map kept.
"""

from __future__ import annotations

import re

_ONE_TO_ONE = {
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ة"): "ه",
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ک"): "ك",
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u3000\t"},
    ord("\u066b"): ".",  # Arabic decimal separator
}
# The common one-for-one replacements, done with str.replace (much faster than translate).
_REPLACE = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ة", "ه"), ("ى", "ي"), ("\u00a0", " "))
_RARE = re.compile("[\u0671\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9\u2007\u202f\u2009"
                   "\u200a\u3000\t\u066b]")
_REMOVABLE = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return the folded text and the sorted original positions of deleted characters.

    The second item is None when nothing was deleted (the usual case after light
    normalization, which already removes tatweel and invisible marks).
    """
    folded = text
    for a, b in _REPLACE:
        if a in folded:
            folded = folded.replace(a, b)
    if _RARE.search(folded) is not None:
        folded = folded.translate(_ONE_TO_ONE)
    deleted = [m.start() for m in _REMOVABLE.finditer(folded)]
    if not deleted:
        return folded, None
    return _REMOVABLE.sub("", folded), deleted


def to_original(start: int, end: int, deleted: list[int] | None) -> tuple[int, int]:
    """Map a span of the folded text back to the text given to :func:`fold`.

    Deleted marks right after the span's last letter (tanween, shadda…) stay in the span.
    """
    if not deleted or start >= end:
        return start, end

    def orig(f: int) -> int:
        k = 0
        for d in deleted:
            if d <= f + k:
                k += 1
            else:
                break
        return f + k

    s = orig(start)
    e = orig(end - 1) + 1
    marks = set(deleted)
    while e in marks:
        e += 1
    return s, e


def fold_word(word: str) -> str:
    """Fold a single lexicon word (used when building patterns)."""
    return _REMOVABLE.sub("", word.translate(_ONE_TO_ONE))
