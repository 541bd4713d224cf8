"""Fuzzing (hypothesis) of everything an input passes through, outside Beam: parse_file
(every format and container, any bytes), the encoding detector, the publication-date and
dateline finders, the normalizer, both extractors, and the Avro record.

Properties: no exception escapes (``parse_file`` returns dead letters instead), every
item is well formed, and every offset is valid: ``field_text[start:end] == text``.

Default example counts keep this to seconds; ``AKHBAR_HYPOTHESIS_EXAMPLES=2000`` (or any
number) runs a deeper search.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os

import fastavro
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from akhbar.article import SNIPPET_CHARS, Article, DeadLetter, article_id
from akhbar.dateline import find_byline_dateline, find_dateline
from akhbar.encoding import UndecodableError, decode_bytes
from akhbar.enrich import find_dates, find_entities, normalize_article
from akhbar.formats import REASONS, ReadOptions, parse_bytes, parse_file, quote_part
from akhbar.published import find_date, parse_date
from akhbar.schema import article_schema, dead_letter_schema, misfit
from tests.helpers import tar_bytes, zip_bytes

EXAMPLES = int(os.environ.get("AKHBAR_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

# Words that steer the generator into the interesting code paths: datelines, agencies,
# dates in several calendars and notations, markup, JSON punctuation, invisible marks.
WORDS = [
    "الرياض", "القاهرة", "لندن", "جدة", "-", "–", ":", "،", "(", ")", "«", "»", "واس", "رويترز",
    "أ ف ب", "د.ب.أ", "وكالة", "الأنباء", "كتب", "بقلم", "الأحد", "الخميس", "2019/03/12",
    "12/03/2019", "2021-04-07", "12 مارس 2020", "25 شوال 1436 هـ", "الموافق", "كانون الثاني",
    "جانفي", "أمس", "غدا", "اليوم", "المقبل", "الماضي", "منتصف", "العام", "الساعة", "10:30",
    "صباحا", "قبل", "أسبوعين", "كل", "أسبوع", "٢٠٢٢/٠٥/١٤", "وزير", "الخارجية", "محمد", "بن",
    "سلمان", "شركة", "أرامكو", "الأمم", "المتحدة", "قال", "إن", "في", "من", "إلى", ".", "؟",
    "\n", "\n\n", "\r\n", " ", "\u200f", "\u0640", "\ufeff", "\u00a0", "ً", "ّ", "<DOC>",
    "</DOC>", "<TEXT>", "</TEXT>", "<TITLE>", "<P>", '{"', '":', '"}', "[", "]", "ﻻ", "ﷺ",
    "\u2028", "&nbsp;", "\x00",
]
words_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=40).map(
    " ".join)
lines_text = st.lists(words_text, min_size=1, max_size=6).map("\n".join)
any_text = st.one_of(words_text, lines_text, st.text(max_size=200))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              words_text, st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(
                                   ["title", "content", "body", "date", "author", "lead",
                                    "url", "articles", "x"]) | st.text(max_size=5),
                                   children, max_size=5)),
    max_leaves=12)
CODECS = ["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-16-le", "latin-1"]


def encode(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace")


@st.composite
def file_bytes(draw) -> bytes:
    """Bytes of one input file: text in some encoding, JSON, TREC, raw binary, or cut."""
    kind = draw(st.sampled_from(["text", "plain", "json", "jsonl", "trec", "binary"]))
    if kind == "binary":
        return draw(st.binary(max_size=400))
    if kind == "plain":
        text = "\n\n".join([draw(words_text), draw(st.sampled_from(WORDS[20:27])),
                            draw(lines_text), draw(st.sampled_from(["سياسة", "", "3"]))])
    elif kind == "json":
        text = json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))
    elif kind == "jsonl":
        text = "\n".join(json.dumps(v, ensure_ascii=False)
                         for v in draw(st.lists(json_values, max_size=4)))
    elif kind == "trec":
        tags = draw(st.lists(st.sampled_from(["TITLE", "TEXT", "DOCNO", "TIME", "ABSTRACT",
                                              "AUTHOR", "P"]), max_size=5))
        body = "".join(f"<{t}>{draw(words_text)}</{t}>" if draw(st.booleans()) else
                       f"<{t}>{draw(words_text)}" for t in tags)
        text = ("<DOC>" + body + ("</DOC>" if draw(st.booleans()) else "")) * draw(
            st.integers(1, 3))
    else:
        text = draw(any_text)
    data = encode(text, draw(st.sampled_from(CODECS)))
    if draw(st.integers(0, 4)) == 0:  # cut anywhere, possibly inside a character
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def container_bytes(draw) -> bytes:
    """A zip, tar.gz or gzip of generated files, sometimes corrupted or cut."""
    members = draw(st.lists(st.tuples(st.text(min_size=1, max_size=12).filter(
        lambda n: "\x00" not in n and not n.startswith("/")), file_bytes()), max_size=3,
        unique_by=lambda member: member[0]))
    kind = draw(st.sampled_from(["zip", "tgz", "gz"]))
    if kind == "zip":
        data = bytearray(zip_bytes(members))
    elif kind == "tgz":
        data = bytearray(tar_bytes(members, "w:gz"))
    else:
        data = bytearray(gzip.compress(members[0][1] if members else b"", mtime=0))
    damage = draw(st.sampled_from(["none", "cut", "flip"]))
    if damage == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip" and data:
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] ^= draw(st.integers(1, 255))
    return bytes(data)


@pytest.fixture(scope="module")
def recognizer():
    from akhbar.ner import load_recognizer

    return load_recognizer("builtin")


def _check_span(article: Article, span) -> None:
    text = article.field_text(span.field)
    assert text is not None, span
    assert 0 <= span.start <= span.end <= len(text), span
    assert text[span.start:span.end] == span.text, span


def _check_dateline(article: Article) -> None:
    d = article.dateline
    if d is None:
        return
    field = d["field"]
    text = (article.metadata.get(field.split(":", 1)[1]) if field.startswith("metadata:")
            else article.field_text(field))
    assert text is not None and 0 <= d["start"] < d["end"] <= len(text), d
    assert text[d["start"]:d["end"]] == d["raw"], d


def _avro_ok(record: dict, schema: dict) -> None:
    assert misfit(record, schema) is None, misfit(record, schema)
    fastavro.schemaless_writer(io.BytesIO(), schema, record)


def check_items(uri: str, items: list, recognizer=None) -> None:
    """Every item is a well-formed article or dead letter; articles survive the chain."""
    assert items, "a file always yields at least one item"
    for item in items:
        assert item.source_uri.startswith(quote_part(uri))
        if isinstance(item, DeadLetter):
            assert item.reason in REASONS and item.step in ("parse", "read"), item
            assert len(item.message) <= 1000 and item.message
            assert item.snippet is None or len(item.snippet) <= SNIPPET_CHARS
            _avro_ok(item.to_record(), dead_letter_schema())
            continue
        assert isinstance(item, Article)
        assert item.body.strip() and item.id == article_id(item.source_uri, item.body)
        if item.published is not None:
            dt.date.fromisoformat(item.published)
        _check_dateline(item)
        if recognizer is None:
            continue
        if not normalize_article(item, "light"):
            continue
        item.entities = find_entities(item, recognizer)
        item.dates = find_dates(item)
        for span in item.entities + item.dates:
            _check_span(item, span)
        _avro_ok(item.to_record(), article_schema())


@SETTINGS
@given(file_bytes())
@example(b'[{"content": "\\ud800 \xd9\x86\xd8\xb5"}]')  # a lone surrogate escape
@example("وزير المالية يعرض الموازنة\n".encode())        # a headline only
@example(b"\xef\xbb\xbf")
def test_any_file_parses_into_well_formed_items(recognizer, data):
    check_items("fuzz/in#put%.txt", list(parse_bytes("fuzz/in#put%.txt", data)), recognizer)


@SETTINGS
@given(container_bytes())
def test_any_container_parses_into_well_formed_items(data):
    items = list(parse_file("c.bin", io.BytesIO(data), ReadOptions(max_member_bytes=4096)))
    check_items("c.bin", items)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["auto", "utf-8", "cp1256", "utf-16"]))
def test_decode_bytes_decodes_or_refuses(data, forced):
    try:
        decoded = decode_bytes(data, forced)
    except UndecodableError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str) and decoded.encoding
    decoded.text.encode("utf-8")  # never a lone surrogate


@SETTINGS
@given(any_text, st.sampled_from(["body", "lead"]))
def test_dateline_offsets_index_the_text(text, field):
    for found in (find_dateline(text, field), find_byline_dateline(text, "metadata:author")):
        if found is not None:
            assert 0 <= found["start"] < found["end"] <= len(text)
            assert text[found["start"]:found["end"]] == found["raw"]


@SETTINGS
@given(any_text)
def test_publication_dates_are_valid_iso_dates(text):
    iso = parse_date(text)
    if iso is not None:
        dt.date.fromisoformat(iso)
    found = find_date(text)
    if found is not None:
        dt.date.fromisoformat(found.iso)
        assert 0 <= found.start < found.end <= len(text)
