"""Plain article files: headline; a date line; lead; body (dateline first); label line.

The layout is found line by line, ignoring invisible characters (BOM, bidi and
zero-width marks, NBSP, tatweel) and any line-break convention:

* title: the first non-blank line, unless it is itself the date line;
* date line: a short line among the first few that holds a date (any form that
  ``akhbar.published`` understands) and otherwise only date-line words (weekday, time,
  "نشر في", a place or agency) -> ``published``/``published_raw``. A headline that
  mentions a date (``ذكرى ثورة 14 تموز 1958``) is not a date line: without one,
  ``published`` stays empty and ``metadata["published_note"]`` says why, unless the
  dateline opening the body carries a date (``لندن 23-7-2012 وفا-``);
* counter lines in the header (``تم قراءة الموضوع 0 مرة``) -> ``metadata["counter"]``;
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
from akhbar.dateline import AGENCIES, PLACES, find_dateline, fold, is_counter_line
from akhbar.dates import lexicon as lx
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


_PUNCT_RE = re.compile(r"^[^\w]+|[^\w]+$")
_TIME_RE = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?$|^\d+$")


def _date_word(word: str) -> bool:
    """A word that may stand beside the date on a date line (weekday, time, "نشر في"...)."""
    w = fold(_PUNCT_RE.sub("", word))
    return (not w or w in lx.DATE_LINE_WORDS or w in lx.WEEKDAYS or w.removeprefix("و")
            in lx.WEEKDAYS or _TIME_RE.match(w) is not None or w in PLACES or w in AGENCIES)


def _dated_line(line: str) -> tuple[str, str, bool] | None:
    """``(iso, raw, is_date_line)`` for a short line holding a date: a date line when the
    other words are date-line words (weekday, time, "نشر في"...), else a headline that
    mentions a date (``ذكرى ثورة 14 تموز 1958``); None without a date."""
    visible = skeleton(line, 500).text.strip()
    if not visible or len(visible) > MAX_DATE_LINE_CHARS:
        return None
    found = find_date(line, 500)
    if not found:
        return None
    rest = visible.replace(skeleton(found.raw).text.strip(), " ").split()
    if len(rest) > 6:  # a sentence that mentions a date, not a date line
        return None
    return found.iso, line.strip(), all(_date_word(w) for w in rest)


def _date_line(line: str) -> tuple[str, str] | None:
    """``(iso, raw)`` when the line is a short date line (weekday + date, etc.)."""
    found = _dated_line(line)
    return (found[0], found[1]) if found and found[2] else None


def _dateline_date(body: str) -> tuple[str | None, str | None]:
    """``(iso, raw)`` of a date inside or right after the dateline that opens ``body``."""
    first = body.split("\n", 1)[0]
    line = find_dateline(body)
    if line is None or line["end"] > len(first):
        return None, None
    found = find_date(first, 300)
    if found is None or found.start > line["end"] + 3:
        return None, None
    return found.iso, found.raw.strip()


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

    # Header: title and date line in either order, within the first few lines; counter
    # lines ("تم قراءة الموضوع 0 مرة") between them are kept as metadata.
    for _ in range(2):
        while (idx < len(content) - 1 and idx < HEADER_LINES
               and is_counter_line(lines[content[idx]][2])):
            metadata.setdefault("counter", lines[content[idx]][2].strip())
            idx += 1
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
    while (published is None and idx < len(content) - 1 and idx < HEADER_LINES
           and is_counter_line(lines[content[idx]][2])):
        metadata.setdefault("counter", lines[content[idx]][2].strip())
        idx += 1
    if published is None and title is not None and idx < len(content) - 1:
        date = _date_line(lines[content[idx]][2])
        if date:
            published, published_raw = date
            idx += 1
    if published is None and title is not None:
        in_title = _dated_line(title)
        if in_title:  # prefer no date to a historical one: say why
            metadata["published_note"] = (
                f"no date line; the date in the headline ({in_title[0]}) is not taken as the "
                "publication date")

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
    if published is None and body:  # "لندن 23-7-2012 وفا- ...": the dateline's date
        published, published_raw = _dateline_date(body)
        if published is not None:
            metadata.pop("published_note", None)
    yield make_article(uri, FORMAT, body, title=title, lead=lead, published_raw=published_raw,
                       published_iso=published, metadata=metadata, encoding=encoding,
                       light=light)
