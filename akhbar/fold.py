"""One orthographic folding for every step that matches Arabic text, with one offset map.

Matching (entities, dates, publication dates, datelines) runs on a folded copy of a text
and reports what it finds on the original text. Two kinds of change are made:

* **deletions**: every combining mark (Unicode categories Mn, Mc, Me: harakat, shadda,
  sukun, dagger alef, Quranic marks...), every format character (Cf: zero-width and bidi
  controls, soft hyphen, BOM) and tatweel. A deleted character never separates two
  letters, so ``اللَّه``, ``المتحدّة`` and ``عـــلي`` are whole words after folding. The
  sorted original positions of the deleted characters are the offset map
  (:func:`to_original`).
* **one-for-one replacements** (offsets unchanged): hamzated alefs and alef wasla → ا,
  ة → ه, ى → ي, Persian yeh/keheh → ي/ك, Arabic-Indic/Persian digits → ASCII,
  NBSP-like spaces → space, the Arabic decimal separator → ``.``.

:func:`strip_marks` makes only the deletions (the letters stay as written: entity display
forms keep their hamza); :func:`fold` makes both. A span found on either maps back with
:func:`to_original` onto whole original characters: the deleted marks right after its last
letter stay inside it, so a span never ends between a letter and its marks.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import chain, pairwise

__all__ = ["LETTERS", "ONE_TO_ONE", "deletions", "fold", "fold_word", "is_deletable",
           "kept_positions", "strip_marks", "to_original", "unify_alef", "without"]

TATWEEL = "\u0640"
ONE_TO_ONE = {
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
# The letters whose folding matters for words (a word has no spaces or Arabic digits).
LETTERS = "أإآٱةىیک"
# The common one-for-one replacements, done with str.replace (much faster than translate).
_REPLACE = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ة", "ه"), ("ى", "ي"), ("\u00a0", " "))
_RARE = re.compile("[\u0671\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9\u2007\u202f\u2009"
                   "\u200a\u3000\t\u066b]")
_ALEF_TABLE = str.maketrans("أإآٱ", "اااا")
_ALEF_RE = re.compile("[أإآٱ]")
_DELETED_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf"})


# Characters outside the Basic Multilingual Plane are all matched, then checked one by one:
# a class with astral ranges is a linear scan in ``re`` (a BMP-only class is a bitmap).
_ASTRAL = "\U00010000-\U0010ffff"


@cache
def _delete_re() -> re.Pattern[str]:
    """Deleted characters of the BMP, or any astral character (built on first use)."""
    return re.compile(f"[{_delete_class()}]|[{_ASTRAL}]")


@cache
def _word_re() -> re.Pattern[str]:
    """Any character that :func:`fold_word` may change (most words have none)."""
    return re.compile(f"[{LETTERS}{_RARE.pattern[1:-1]}{_delete_class()}{_ASTRAL}]")


@cache
def _delete_class() -> str:
    """The regex class body of the deleted characters of the BMP (scans it once)."""
    ranges: list[list[int]] = []
    for cp in range(0x10000):
        if cp == 0x0640 or unicodedata.category(chr(cp)) in _DELETED_CATEGORIES:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


def is_deletable(ch: str) -> bool:
    """Whether folding deletes the character ``ch`` (a mark, a format character, tatweel)."""
    return ch == TATWEEL or unicodedata.category(ch) in _DELETED_CATEGORIES


def deletions(text: str) -> list[int]:
    """The sorted positions of the characters of ``text`` that folding deletes."""
    first = _delete_re().search(text)
    if first is None:
        return []
    return [m.start() for m in _delete_re().finditer(text, first.start())
            if m.group() < "\U00010000" or is_deletable(m.group())]


def without(text: str, deleted: list[int]) -> str:
    """``text`` without the characters at the sorted positions ``deleted``: the folded
    text that :func:`to_original` maps back (callers may delete more than marks)."""
    return "".join(text[a + 1:b] for a, b in pairwise([-1, *deleted, len(text)]))


def strip_marks(text: str) -> tuple[str, list[int] | None]:
    """``text`` without marks, format characters and tatweel, and the sorted original
    positions of the deleted characters (None when nothing was deleted, the usual case)."""
    deleted = deletions(text)
    return (without(text, deleted), deleted) if deleted else (text, None)


def fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text (deletions and one-for-one replacements, see the module doc) and
    the sorted original positions of deleted characters (None when nothing was deleted)."""
    folded = text
    for a, b in _REPLACE:
        if a in folded:
            folded = folded.replace(a, b)
    if _RARE.search(folded) is not None:
        folded = folded.translate(ONE_TO_ONE)
    return strip_marks(folded)


def fold_word(word: str) -> str:
    """The folded form of one word or lexicon entry (no offsets kept)."""
    if _word_re().search(word) is None:
        return word
    return strip_marks(word.translate(ONE_TO_ONE))[0]


def unify_alef(text: str) -> str:
    """Hamzated alefs and alef wasla → ا, nothing else (one for one): the folding under
    which two spellings are the same *name* (``أحمد`` = ``احمد``) while ى/ي and ة/ه stay
    apart (the preposition ``على`` is not the name ``علي``)."""
    return text.translate(_ALEF_TABLE) if _ALEF_RE.search(text) is not None else text


def kept_positions(length: int, deleted: list[int] | None) -> list[int] | None:
    """For a text of ``length`` characters, the original position of every character
    :func:`strip_marks`/:func:`fold` kept (None when nothing was deleted). With it, folded
    ``[start, end)`` maps to ``kept[start]`` and ``kept[end]`` (or ``length`` at the
    end): the same as :func:`to_original`, in constant time per span."""
    if not deleted:
        return None
    return list(chain.from_iterable(range(a + 1, b)
                                    for a, b in pairwise([-1, *deleted, length])))


def _original(pos: int, deleted: list[int]) -> int:
    """Original index of the folded character at ``pos``: ``pos`` plus the number of
    deleted characters before it (``deleted[j] - j`` kept characters precede
    ``deleted[j]``, a non-decreasing count, hence the bisection)."""
    return pos + bisect_right(range(len(deleted)), pos, key=lambda j: deleted[j] - j)


def to_original(start: int, end: int, deleted: list[int] | None) -> tuple[int, int]:
    """Map a span of the folded text back to the text given to :func:`fold`/:func:`strip_marks`.

    The deleted characters right after the span's last letter (tanween, shadda, tatweel…)
    stay in the span, so it ends where the original word does.
    """
    if not deleted or start >= end:
        return start, end
    s = _original(start, deleted)
    e = _original(end - 1, deleted) + 1
    j = bisect_left(deleted, e)
    while j < len(deleted) and deleted[j] == e:
        e += 1
        j += 1
    return s, e
