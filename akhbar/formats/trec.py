"""TREC/SGML-style ``<DOC>`` files (ANT, TREC, CLEF): one or many documents per file.

``TITLE`` -> title, ``ABSTRACT`` -> lead, ``TEXT`` -> body, ``TIME`` -> published (with
the usual aliases: HEADLINE/HL, LEAD/LP/SUMMARY, BODY, DATE/DATE_TIME/PUBDATE). Every
other tag becomes metadata (lower-case key, stripped value). A field's text is the text
between its tags minus exactly one leading and one trailing newline (the offset
convention of the shared gold annotations); nested markup inside TEXT is kept as is.
Unclosed tags are tolerated: the field runs to the next top-level tag.

Parsing is linear in the text (every tag and close tag is found in one scan each, never
searched for again from every open tag), and so is ``starts_with_doc``: a file of
thousands of unclosed tags or comments costs what its size costs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from akhbar.article import Article, DeadLetter
from akhbar.formats.build import Tally, contained, dead, make_article

FORMAT = "trec"
TITLE_TAGS = ("title", "headline", "hl", "head")
LEAD_TAGS = ("abstract", "lead", "lp", "summary", "description")
BODY_TAGS = ("text", "body", "content")
TIME_TAGS = ("time", "date", "date_time", "datetime", "pubdate", "published")
META_NAMES = {"docno": "docno", "docid": "docid", "url": "url", "src": "source",
              "source": "source", "cat": "category", "category": "category",
              "author": "author", "byline": "author", "dateline": "dateline"}

# No '<' inside a tag: a match never spans another tag, and a tag without its '>' costs a
# scan up to the next '<', not to the end of the text.
_DOC_RE = re.compile(r"<DOC(?:\s[^<>]*)?>", re.IGNORECASE)
_DOC_END_RE = re.compile(r"</DOC\s*>", re.IGNORECASE)
_OPEN_RE = re.compile(r"<([A-Za-z][\w.:-]{0,40})(?:\s[^<>]*)?>")
_CLOSE_RE = re.compile(r"</([A-Za-z][\w.:-]{0,40})\s*>")
_ONE_NL_START = re.compile(r"^\r?\n")
_ONE_NL_END = re.compile(r"\r?\n$")
_SPACE_RE = re.compile(r"\s*")
_XML_DECL = "<?xml"
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"


def starts_with_doc(text: str) -> bool:
    """The text opens with a ``<DOC>`` tag, after whitespace, an XML declaration and any
    number of comments (a scan, not a regular expression: ``(?:<!--.*?-->\\s*)*`` takes
    exponential time on a run of comments that is not followed by ``<DOC``)."""
    pos = _SPACE_RE.match(text).end()
    if text.startswith(_XML_DECL, pos):
        end = text.find(">", pos)
        if end < 0:
            return False
        pos = _SPACE_RE.match(text, end + 1).end()
    while text.startswith(_COMMENT_OPEN, pos):
        end = text.find(_COMMENT_CLOSE, pos + len(_COMMENT_OPEN))
        if end < 0:
            return False
        pos = _SPACE_RE.match(text, end + len(_COMMENT_CLOSE)).end()
    return text[pos:pos + 4].upper() == "<DOC" and len(text) > pos + 4 \
        and (text[pos + 4] == ">" or text[pos + 4].isspace())


def _trim(value: str) -> str:
    return _ONE_NL_END.sub("", _ONE_NL_START.sub("", value, count=1), count=1)


def split_docs(text: str) -> list[str]:
    """The contents of each ``<DOC>`` element (an unclosed DOC runs to the next one, the
    last to the end)."""
    opens = [(m.start(), m.end()) for m in _DOC_RE.finditer(text)]
    ends = [m.start() for m in _DOC_END_RE.finditer(text)]
    docs = []
    j = 0  # the first close tag not yet used
    for i, (_start, end_of_open) in enumerate(opens):
        while j < len(ends) and ends[j] < end_of_open:
            j += 1
        nxt = opens[i + 1][0] if i + 1 < len(opens) else len(text)
        if j < len(ends) and ends[j] < nxt:
            docs.append(text[end_of_open:ends[j]])
            j += 1
        else:
            docs.append(text[end_of_open:nxt])
    return docs


def fields_of(doc: str) -> dict[str, str]:
    """Top-level ``<TAG>value</TAG>`` pairs of one document (lower-case tag names)."""
    closes: dict[str, list[tuple[int, int]]] = {}
    for m in _CLOSE_RE.finditer(doc):
        closes.setdefault(m.group(1).lower(), []).append((m.start(), m.end()))
    fields: dict[str, str] = {}
    pos = 0
    while True:
        m = _OPEN_RE.search(doc, pos)
        if not m:
            break
        name = m.group(1).lower()
        spans = closes.get(name, ())
        k = bisect_left(spans, (m.end(), -1))
        if k < len(spans):
            (close_start, close_end) = spans[k]
            value, pos = doc[m.end():close_start], close_end
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


def parse_trec(uri: str, text: str, encoding: str | None, light: bool = False,
               tally: Tally | None = None) -> Iterator[Article | DeadLetter]:
    """Every ``<DOC>`` of a decoded TREC file (``light``: see ``make_article``;
    ``tally`` counts the documents as delimited, before any is parsed)."""
    docs = split_docs(text)
    if not docs:
        yield dead(uri, "unparseable", "no <DOC> element found", text)
        return
    (tally or Tally()).split(len(docs))
    for i, doc in enumerate(docs):
        doc_uri = uri if len(docs) == 1 else f"{uri}#{i}"
        yield contained(doc_uri, _doc_article, doc_uri, doc, encoding, light)


def _doc_article(uri: str, doc: str, encoding: str | None, light: bool
                 ) -> Article | DeadLetter:
    fields = fields_of(doc)
    if not fields:
        return dead(uri, "unparseable", "<DOC> without any tagged field", doc)
    used = set(TITLE_TAGS + LEAD_TAGS + BODY_TAGS + TIME_TAGS)
    metadata = {}
    for name, value in fields.items():
        if name not in used and value.strip():
            metadata[META_NAMES.get(name, name)] = value.strip()
    return make_article(
        uri, FORMAT, _first(fields, BODY_TAGS),
        title=_first(fields, TITLE_TAGS), lead=_first(fields, LEAD_TAGS),
        published_raw=_first(fields, TIME_TAGS), metadata=metadata, encoding=encoding,
        light=light)
