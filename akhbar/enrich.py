"""Per-article steps as plain functions: normalize, find entities, find dates.

The Beam DoFns in ``transforms/`` are thin wrappers around these, and the
benchmark's plain multiprocessing loop calls exactly the same functions.
Extractors work on the normalized text of a field; ``map_spans`` moves their
spans back onto the original text, so that ``field_text[start:end] == text``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from akhbar.article import FIELDS, Article, Mention, Timex
from akhbar.formats import content_hash
from akhbar.normalize import NormalizedText, normalize, tokenize


def normalize_article(article: Article, level: str, keep_tokens: bool = False) -> bool:
    """Fill ``article.normalized``, ``content_hash`` (and ``tokens``).

    Returns False when the body is empty after normalization.
    """
    for name in FIELDS:
        text = article.field_text(name)
        if text:
            article.normalized[name] = normalize(text, level)
    body = article.normalized.get("body")
    if body is None or not body.text.strip():
        return False
    article.content_hash = content_hash(body.text)
    if keep_tokens:
        article.tokens = [body.text[s:e] for s, e in tokenize(body.text)]
    return True


# What light normalization deletes after a letter and that still belongs to it
# (tatweel, Arabic combining marks, bidi and zero-width controls): ``1436هـ`` stays whole.
_TRAILING_MARKS = re.compile("[\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                             "\u200b-\u200f\u202a-\u202e\u2066-\u2069]*")


def map_spans(article: Article, field: str, spans: list[Any]) -> list[Any]:
    """Rewrite ``start``/``end``/``text``/``field`` of spans found on the normalized field.

    The original span is the exact one the normalized characters came from, extended over
    marks the normalizer deleted right after it, so a span never cuts a letter from its marks.
    """
    norm = article.normalized[field]
    original = article.field_text(field) or ""
    for span in spans:
        start, end = original_span(norm, span.start, span.end)
        span.start, span.end, span.text = start, end, original[start:end]
        span.field = field
    return spans


def original_span(norm: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """The original span of ``norm.text[start:end]``, extended over the marks the
    normalizer deleted right after it."""
    start, end = norm.to_original(start, end)
    if end > start:
        end = _TRAILING_MARKS.match(norm.original, end).end()
    return start, end


def _normalized_fields(article: Article):
    for field in FIELDS:
        norm = article.normalized.get(field)
        if norm is not None and norm.text:
            yield field, norm.text


def find_entities(article: Article, recognizer) -> list[Mention]:
    """Entity mentions of all fields, linked per article, with original offsets."""
    return find_entities_many([article], recognizer)[0]


# Articles per ``find_entities_many`` call in the pipeline and the benchmark loop. The
# BiLSTM and the CRF decoding cost per time step more than per sentence, so a batch shares
# that cost (16 articles of 300-500 words: about half the CPU of one at a time).
ENTITY_BATCH = 16


def find_entities_many(articles: list[Article], recognizer) -> list[list[Mention]]:
    """``find_entities`` for several articles, tagged in one batch when the recognizer
    offers ``find_many``: the tagger's per-step cost is then shared by the batch (16
    articles cost far less than 16 calls) and the mentions are the same."""
    from akhbar.ner import link_mentions

    fields = [list(_normalized_fields(article)) for article in articles]
    texts = [(text, field) for fs in fields for field, text in fs]
    many = getattr(recognizer, "find_many", None)
    results = many(texts) if many is not None else [recognizer.find(*t) for t in texts]
    out: list[list[Mention]] = []
    pos = 0
    for article, fs in zip(articles, fields, strict=True):
        found: list[Mention] = []
        for (field, _), mentions in zip(fs, results[pos:pos + len(fs)], strict=True):
            found.extend(map_spans(article, field, mentions))
        pos += len(fs)
        link_mentions(found)
        out.append(found)
    return out


def published_date(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None


def find_dates(article: Article) -> list[Timex]:
    """Temporal expressions of all fields, resolved against ``published``.

    All fields are read together: a deictic pinned to a weekday in one field
    (``اليوم الأربعاء``) corrects a publication date that trails the real one.
    """
    from akhbar.dates import extract_article_dates

    fields = dict(_normalized_fields(article))
    found = extract_article_dates(fields, published_date(article))
    by_field: dict[str, list[Timex]] = {}
    for timex in found:
        by_field.setdefault(timex.field, []).append(timex)
    for field, spans in by_field.items():
        map_spans(article, field, spans)
    return found
