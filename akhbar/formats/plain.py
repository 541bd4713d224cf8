"""Plain article files: headline; a date line; lead; body (dateline first); label line.

The layout is found line by line, ignoring invisible characters (BOM, bidi and
zero-width marks, NBSP, tatweel) and any line-break convention:

* title: the first non-blank line, unless it is itself the date line;
* date line: a short line among the first few that holds a date (any form that
  ``akhbar.published`` understands) -> ``published``/``published_raw``;
* lead: the next paragraph when it is a single short line, more text follows and it
  does not open with a dateline;
* label: a last short line (a number, a word, or ``key: value``) -> metadata;
* body: the original text from the first body line to the end (label excluded).

A body must read as text, not as a headline: a body of one line that has at most
``MAX_HEADLINE_WORDS`` words, no full stop and no dateline (a file that is only a
headline, or a headline and a date line) is an ``empty_body`` dead letter. A one-line
article with a dateline, a full stop or more words is a body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from akhbar.article import Article, DeadLetter
from akhbar.dateline import find_dateline
from akhbar.encoding import skeleton
from akhbar.formats.build import dead, make_article, strip_controls
from akhbar.published import find_date

FORMAT = "plain"
MAX_TITLE_CHARS = 300
MAX_DATE_LINE_CHARS = 80
MAX_LEAD_CHARS = 400
MAX_LABEL_CHARS = 60
HEADER_LINES = 4
MAX_HEADLINE_WORDS = 15

_LINE_RE = re.compile(r"[^\r\n\u2028\u2029\x85]*(?:\r\n|[\r\n\u2028\u2029\x85]|$)")
_KEY_VALUE_RE = re.compile(r"^\s*([A-Za-z][\w-]{0,30})\s*[:=]\s*(\S.*?)\s*$")
_SENTENCE_END_RE = re.compile(r"[.!?؟…»\"”]\s*$")
_FULL_STOP_RE = re.compile(r"[.…\u06d4]")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, content)`` per line; ``end`` excludes the line break."""
    out = []
    for m in _LINE_RE.finditer(text):
        if m.start() == m.end():
            break
        content = m.group().rstrip("\r\n\u2028\u2029\x85")
        out.append((m.start(), m.start() + len(content), content))
    return out


def _blank(line: str) -> bool:
    """Nothing visible: whitespace, invisible marks, control characters (a NUL)."""
    return not strip_controls(skeleton(line, 2000).text).strip()


def _date_line(line: str) -> tuple[str, str] | None:
    """``(iso, raw)`` when the line is a short date line (weekday + date, etc.)."""
    visible = skeleton(line, 500).text.strip()
    if not visible or len(visible) > MAX_DATE_LINE_CHARS:
        return None
    found = find_date(line, 500)
    if not found:
        return None
    rest = visible.replace(skeleton(found.raw).text.strip(), " ")
    if len(rest.split()) > 6:  # a sentence that mentions a date, not a date line
        return None
    return found.iso, line.strip()


def _label(line: str) -> tuple[str, str] | None:
    visible = skeleton(line, 500).text.strip()
    if not visible or len(visible) > MAX_LABEL_CHARS or len(visible.split()) > 5:
        return None
    if _SENTENCE_END_RE.search(visible):
        return None
    m = _KEY_VALUE_RE.match(visible)
    if m:
        return m.group(1).lower(), m.group(2)
    return "label", visible


def _headline_like(line: str) -> bool:
    """A short line that reads as a headline rather than a sentence of a story."""
    visible = skeleton(line, 2000).text.strip()
    return (len(visible.split()) <= MAX_HEADLINE_WORDS and not _FULL_STOP_RE.search(visible)
            and find_dateline(line) is None)


def parse_plain(uri: str, text: str, encoding: str | None, light: bool = False
                ) -> Iterator[Article | DeadLetter]:
    """One article from a plain text file (``light``: see ``make_article``)."""
    lines = [ln for ln in _lines(text)]
    content = [i for i, ln in enumerate(lines) if not _blank(ln[2])]
    metadata: dict[str, str] = {}
    title = published = published_raw = lead = None
    idx = 0  # position in ``content``

    # Header: title and date line in either order, within the first few lines.
    for _ in range(2):
        if idx >= len(content) - 1 or idx >= HEADER_LINES:
            break
        line = lines[content[idx]][2]
        date = _date_line(line) if published is None else None
        if date:
            published, published_raw = date
            idx += 1
        elif title is None and len(line.strip()) <= MAX_TITLE_CHARS \
                and find_dateline(line) is None:
            title = line.strip()
            idx += 1
        else:
            break
    if published is None and title is not None and idx < len(content) - 1:
        date = _date_line(lines[content[idx]][2])
        if date:
            published, published_raw = date
            idx += 1

    # Trailing label line.
    last = len(content)
    if last - idx >= 2:
        label = _label(lines[content[-1]][2])
        if label:
            metadata[label[0]] = label[1]
            last -= 1

    # Lead: one short line followed by a paragraph break and more text.
    if last - idx >= 2:
        i = content[idx]
        line = lines[i][2]
        next_is_blank = i + 1 < len(lines) and _blank(lines[i + 1][2])
        if (next_is_blank and len(line.strip()) <= MAX_LEAD_CHARS
                and find_dateline(line) is None):
            lead = line.strip()
            idx += 1

    if idx >= last:
        body = ""
    else:
        start = lines[content[idx]][0]
        end = lines[content[last - 1]][1]
        body = text[start:end]
        if last - idx == 1 and _headline_like(body):
            yield dead(uri, "empty_body", "only a headline, no body text (one line of at most "
                       f"{MAX_HEADLINE_WORDS} words, without a full stop or a dateline)", text)
            return
    yield make_article(uri, FORMAT, body, title=title, lead=lead, published_raw=published_raw,
                       published_iso=published, metadata=metadata, encoding=encoding,
                       light=light)
