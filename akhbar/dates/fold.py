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
    ord("\u060c"): "،",
}
_REMOVABLE = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return the folded text and, if characters were deleted, a map folded→original index.

    The map has ``len(folded) + 1`` entries so that an exclusive end offset maps too.
    """
    folded = text.translate(_ONE_TO_ONE)
    if _REMOVABLE.search(folded) is None:
        return folded, None
    kept: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(folded):
        if _REMOVABLE.match(ch) is None:
            kept.append(ch)
            index.append(i)
    index.append(len(folded))
    return "".join(kept), index


def fold_word(word: str) -> str:
    """Fold a single lexicon word (used when building patterns)."""
    return _REMOVABLE.sub("", word.translate(_ONE_TO_ONE))
