"""Per-article mention linking: normalized forms and cluster keys."""

from __future__ import annotations

import re

from akhbar.article import Mention
from akhbar.ner.text import fold, strip_article

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
    return strip_article(fold(word))


def _word_match(a: str, b: str) -> bool:
    """Same key, or equal after one of them loses a leading و/ف/ب/ل/ك (the recognizer
    cannot always split those off a bare name, e.g. ``وهاموند``)."""
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        m = _CONJ_PREP.match(x)
        if m and len(x) - m.end() >= 3 and x[m.end():] == y:
            return True
    return False


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    if n == 0 or n > len(big):
        return False
    return any(all(_word_match(big[i + j], small[j]) for j in range(n))
               for i in range(len(big) - n + 1))


def link_mentions(mentions: list[Mention]) -> None:
    """Set ``normalized`` (if empty) and ``cluster`` on one article's mentions, in place.

    Mentions of one type link when one's words are a contiguous run of another's
    (``هاموند`` -> ``فيليب هاموند``); the cluster key is ``TYPE:`` plus the folded,
    article-less words of the longest name, so it is stable across the article.
    """
    keys: list[list[str]] = []
    for m in mentions:
        if not m.normalized:
            m.normalized = normalize_mention(m.text)
        keys.append([_key(w) for w in m.normalized.split()])
    order = sorted(range(len(mentions)),
                   key=lambda i: (-len(keys[i]), mentions[i].field, mentions[i].start))
    heads: list[int] = []
    for i in order:
        head = next((h for h in heads if mentions[h].type == mentions[i].type
                     and _contains(keys[h], keys[i])), i)
        if head == i:
            heads.append(i)
        mentions[i].cluster = mentions[i].type + ":" + " ".join(keys[head])
