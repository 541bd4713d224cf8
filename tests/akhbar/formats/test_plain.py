"""Plain article files: title, date line, lead, body with dateline, label line."""

from __future__ import annotations

import pytest

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_bytes
from tests.akhbar.formats.samples import BODY, LEAD, TITLE, plain_article


def one(data: bytes, uri: str = "mem/a.txt", **opts) -> Article | DeadLetter:
    items = list(parse_bytes(uri, data, ReadOptions(**opts)))
    assert len(items) == 1
    return items[0]


def test_seed_layout():
    art = one(plain_article().encode())
    assert isinstance(art, Article)
    assert art.source_format == "plain"
    assert art.source_uri == "mem/a.txt"
    assert art.title == TITLE
    assert art.lead == LEAD
    assert art.published == "2015-01-18"
    assert art.published_raw == "الأحد 2015/01/18"
    assert art.body == BODY  # unchanged, label line excluded
    assert art.metadata == {"label": "3"}
    assert art.dateline["city"] == "الرياض" and art.dateline["agency"] == "واس"
    d = art.dateline
    assert art.body[d["start"]:d["end"]] == d["raw"]
    assert art.encoding == "utf-8"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_line_endings(newline):
    art = one(plain_article(newline).encode())
    assert art.title == TITLE and art.lead == LEAD and art.published == "2015-01-18"
    assert art.body == BODY.replace("\n", newline)


def test_invisible_characters_do_not_break_structure():
    text = plain_article().replace(TITLE, "\u200f" + TITLE).replace("\n\n", "\n\u00a0\u200b\n")
    text = "\ufeff" + text.replace("2015/01/18", "\u200e2015/01/18")
    art = one(text.encode())
    assert art.title == "\u200f" + TITLE
    assert art.published == "2015-01-18"
    assert art.lead == LEAD
    assert art.metadata == {"label": "3"}


@pytest.mark.parametrize("date_line,iso", [
    ("الأربعاء 18 جانفي 2017", "2017-01-18"),
    ("الخميس ١٢ كانون الثاني ٢٠١٧", "2017-01-12"),
    ("25 شوال 1436 هـ", "2015-08-10"),
    ("2016-03-05", "2016-03-05"),
])
def test_date_line_forms(date_line, iso):
    art = one(plain_article(date_line=date_line).encode())
    assert art.published == iso
    assert art.title == TITLE


def test_no_date_no_label():
    text = f"{TITLE}\n\n{BODY}\n"
    art = one(text.encode())
    assert art.title == TITLE
    assert art.published is None and art.published_raw is None
    assert art.lead is None
    assert art.body == BODY
    assert art.metadata == {}


def test_key_value_label_line():
    art = one(plain_article(label="category: sport").encode())
    assert art.metadata == {"category": "sport"}
    assert art.body == BODY


def test_date_line_before_title():
    text = f"2015/01/18\n{TITLE}\n\n{BODY}\n"
    art = one(text.encode())
    assert art.published == "2015-01-18"
    assert art.title == TITLE


@pytest.mark.parametrize("text", [
    f"{TITLE}\n",                               # only a headline
    f"\n  {TITLE}  \n\n",                       # ... padded with blank lines
    f"{TITLE}\n\nالأحد 2015/01/18\n",            # a headline and a date line
    f"الأحد 2015/01/18\n{TITLE}\n",              # the other way round
])
def test_a_headline_without_body_is_a_dead_letter(text):
    item = one(text.encode())
    assert isinstance(item, DeadLetter)
    assert item.reason == "empty_body" and "headline" in item.message
    assert TITLE in item.snippet


@pytest.mark.parametrize("line", [
    "الرياض - افتتح وزير الثقافة معرض الكتاب",  # opens with a dateline
    "افتتح وزير الثقافة مساء أمس معرض الكتاب.",  # a full stop
    " ".join(["افتتح وزير الثقافة مساء أمس معرض الكتاب الدولي"] * 3),  # > 15 words
])
def test_a_one_line_article_is_a_body_not_a_title(line):
    art = one(f"{line}\n".encode())
    assert isinstance(art, Article)
    assert art.body == line and art.title is None


def test_whitespace_only_file_is_empty():
    item = one("\ufeff \n\u00a0\n".encode())
    assert isinstance(item, DeadLetter)
    assert item.reason == "empty_file"
