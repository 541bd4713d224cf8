"""TREC/SGML-style ``<DOC>`` files (ANT, TREC, CLEF): one or many documents per file.

``TITLE`` -> title, ``ABSTRACT`` -> lead, ``TEXT`` -> body, ``TIME`` -> published (with
the usual aliases: HEADLINE/HL, LEAD/LP/SUMMARY, BODY, DATE/DATE_TIME/PUBDATE). Every
other tag becomes metadata (lower-case key, stripped value). A field's text is the text
between its tags minus exactly one leading and one trailing newline (the offset
convention of the shared gold annotations); nested markup inside TEXT is kept as is.
Unclosed tags are tolerated: the field runs to the next top-level tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from akhbar.article import Article, DeadLetter
from akhbar.formats.build import dead, make_article

FORMAT = "trec"
TITLE_TAGS = ("title", "headline", "hl", "head")
LEAD_TAGS = ("abstract", "lead", "lp", "summary", "description")
BODY_TAGS = ("text", "body", "content")
TIME_TAGS = ("time", "date", "date_time", "datetime", "pubdate", "published")
META_NAMES = {"docno": "docno", "docid": "docid", "url": "url", "src": "source",
              "source": "source", "cat": "category", "category": "category",
              "author": "author", "byline": "author", "dateline": "dateline"}

_DOC_RE = re.compile(r"<DOC(?:\s[^>]*)?>", re.IGNORECASE)
_DOC_END_RE = re.compile(r"</DOC\s*>", re.IGNORECASE)
_OPEN_RE = re.compile(r"<([A-Za-z][\w.:-]{0,40})(?:\s[^<>]*)?>")
_ONE_NL_START = re.compile(r"^\r?\n")
_ONE_NL_END = re.compile(r"\r?\n$")
DOC_MARKER_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<DOC[\s>]",
                           re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=256)
def _close_re(name: str) -> re.Pattern[str]:
    return re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)


def _trim(value: str) -> str:
    return _ONE_NL_END.sub("", _ONE_NL_START.sub("", value, count=1), count=1)


def split_docs(text: str) -> list[str]:
    """The contents of each ``<DOC>`` element (an unclosed last DOC runs to the end)."""
    docs = []
    pos = 0
    while True:
        m = _DOC_RE.search(text, pos)
        if not m:
            break
        end = _DOC_END_RE.search(text, m.end())
        nxt = _DOC_RE.search(text, m.end())
        if end and (not nxt or end.start() < nxt.start()):
            docs.append(text[m.end():end.start()])
            pos = end.end()
        else:
            stop = nxt.start() if nxt else len(text)
            docs.append(text[m.end():stop])
            pos = stop
    return docs


def fields_of(doc: str) -> dict[str, str]:
    """Top-level ``<TAG>value</TAG>`` pairs of one document (lower-case tag names)."""
    fields: dict[str, str] = {}
    pos = 0
    while True:
        m = _OPEN_RE.search(doc, pos)
        if not m:
            break
        name = m.group(1).lower()
        close = _close_re(m.group(1)).search(doc, m.end())
        if close:
            value, pos = doc[m.end():close.start()], close.end()
        else:  # unclosed: up to the next tag
            nxt = _OPEN_RE.search(doc, m.end())
            stop = nxt.start() if nxt else len(doc)
            value, pos = doc[m.end():stop], stop
        fields.setdefault(name, _trim(value))
    return fields


def _first(fields: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in fields:
            return fields[name]
    return None


def parse_trec(uri: str, text: str, encoding: str | None, light: bool = False
               ) -> Iterator[Article | DeadLetter]:
    """Every ``<DOC>`` of a decoded TREC file (``light``: see ``make_article``)."""
    docs = split_docs(text)
    if not docs:
        yield dead(uri, "unparseable", "no <DOC> element found", text)
        return
    for i, doc in enumerate(docs):
        doc_uri = uri if len(docs) == 1 else f"{uri}#{i}"
        fields = fields_of(doc)
        if not fields:
            yield dead(doc_uri, "unparseable", "<DOC> without any tagged field", doc)
            continue
        used = set(TITLE_TAGS + LEAD_TAGS + BODY_TAGS + TIME_TAGS)
        metadata = {}
        for name, value in fields.items():
            if name not in used and value.strip():
                metadata[META_NAMES.get(name, name)] = value.strip()
        time = _first(fields, TIME_TAGS)
        yield make_article(
            doc_uri, FORMAT, _first(fields, BODY_TAGS),
            title=_first(fields, TITLE_TAGS), lead=_first(fields, LEAD_TAGS),
            published_raw=time, metadata=metadata, encoding=encoding, light=light)
