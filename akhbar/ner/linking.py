"""Per-article mention linking: normalized forms and cluster keys."""

from __future__ import annotations

import re

from akhbar.article import Mention
from akhbar.fold import strip_marks, unify_alef
from akhbar.ner.text import strip_article

# proclitics before the definite article: وبالقاهرة -> القاهرة, للأمم -> الأمم
_DEF_RE = re.compile(r"^[وف]?[بك]?(ال|ٱل)(?=\w\w\w)")
_LL_RE = re.compile(r"^[وف]?لل(?=\w\w\w)")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")
_CONJ_PREP = re.compile(r"^(?:[وف][بلك]?|[بلك])")


def strip_proclitics(word: str) -> str:
    """Drop the proclitics that can be told apart without a lexicon: و/ف/ب/ك before
    ``ال`` and ``لل`` (= ل + ال). Other words are returned unchanged."""
    m = _DEF_RE.match(word)
    if m:
        return word[m.start(1):]
    m = _LL_RE.match(word)
    if m:
        return "ال" + word[m.end():]
    return word


def normalize_mention(text: str) -> str:
    """Display form of a mention: edge punctuation trimmed, whitespace single, proclitics of
    the first word removed (the definite article is kept: ``بالقاهرة`` -> ``القاهرة``)."""
    words = _EDGE_PUNCT.sub("", text).split()
    if not words:
        return text.strip()
    words[0] = strip_proclitics(words[0])
    return " ".join(words)


def _key(word: str) -> str:
    """A word as a name is matched: no marks, hamzated alefs unified, no article; ى/ي and
    ة/ه stay apart (``على`` is not ``علي``)."""
    return strip_article(unify_alef(strip_marks(word)[0]))


def _bare(word: str) -> str | None:
    """``word`` without a leading و/ف/ب/ل/ك when at least three letters remain (the
    recognizer cannot always split those off a bare name, e.g. ``وهاموند``)."""
    m = _CONJ_PREP.match(word)
    return word[m.end():] if m and len(word) - m.end() >= 3 else None


Word = tuple[str, str | None]  # a word's key and its ``_bare`` form


def _contains(big: list[Word], small: list[Word]) -> bool:
    """``small`` is a contiguous run of ``big``: word by word the same key, or equal once
    one of the two loses its leading و/ف/ب/ل/ك."""
    n = len(small)
    if n == 0:
        return False
    for i in range(len(big) - n + 1):
        for (a, a_bare), (b, b_bare) in zip(big[i:i + n], small, strict=True):
            if a != b and a_bare != b and b_bare != a:
                break
        else:
            return True
    return False


def link_mentions(mentions: list[Mention]) -> None:
    """Set ``normalized`` (if empty) and ``cluster`` on one article's mentions, in place.

    Mentions of one type link when one's words are a contiguous run of another's
    (``هاموند`` -> ``فيليب هاموند``); the cluster key is ``TYPE:`` plus the article-less
    words (``_key``) of the longest name, so it is stable across the article.
    """
    words: list[list[Word]] = []
    for m in mentions:
        if not m.normalized:
            m.normalized = normalize_mention(m.text)
        words.append([(k, _bare(k)) for k in map(_key, m.normalized.split())])
    order = sorted(range(len(mentions)),
                   key=lambda i: (-len(words[i]), mentions[i].field, mentions[i].start))
    heads: list[int] = []
    for i in order:
        typ = mentions[i].type
        head = next((h for h in heads if mentions[h].type == typ
                     and _contains(words[h], words[i])), i)
        if head == i:
            heads.append(i)
        mentions[i].cluster = typ + ":" + " ".join(k for k, _ in words[head])
