"""parse_file contract: options, never raising, ids, detection, content_hash."""

from __future__ import annotations

import gzip
import io
import pickle

import pytest

from akhbar.article import Article, DeadLetter, article_id
from akhbar.formats import REASONS, ReadOptions, content_hash, parse_bytes, parse_file
from akhbar.formats.detect import detect_format
from tests.akhbar.formats.samples import BODY, json_array, jsonl, plain_article, trec_doc


def test_from_config():
    opts = ReadOptions.from_config({"format": "json", "max_member_bytes": 1000,
                                    "json_fields": {"body": "story", "published": ["d1", "d2"]},
                                    "encoding": "cp1256"})
    assert opts.format == "json" and opts.max_member_bytes == 1000
    assert opts.json_fields == (("body", ("story",)), ("published", ("d1", "d2")))
    assert opts.field_map["body"] == ("story",) and "title" in opts.field_map
    assert hash(opts) == hash(pickle.loads(pickle.dumps(opts)))
    assert ReadOptions.from_config({}) == ReadOptions()


@pytest.mark.parametrize("cfg,needle", [
    ({"fromat": "json"}, "fromat"),
    ({"format": "xml"}, "read.format"),
    ({"max_member_bytes": 0}, "max_member_bytes"),
    ({"max_file_bytes": "big"}, "max_file_bytes"),
    ({"encoding": "klingon"}, "klingon"),
    ({"json_fields": {"body": 3}}, "json_fields.body"),
])
def test_from_config_errors_name_the_key(cfg, needle):
    with pytest.raises(ValueError, match=needle):
        ReadOptions.from_config(cfg)


class Exploding(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        raise OSError("connection reset")


def test_never_raises_on_stream_errors():
    # An I/O error of the stream is not corrupt content nor a bug: step read, unreadable.
    [dl] = list(parse_file("gs://b/x.txt", Exploding(), ReadOptions()))
    assert isinstance(dl, DeadLetter)
    assert (dl.step, dl.reason) == ("read", "unreadable") and "connection reset" in dl.message
    assert dl.reason in REASONS


def test_empty_file():
    [dl] = list(parse_bytes("e.txt", b""))
    assert dl.reason == "empty_file"


def test_ids_are_stable_and_depend_on_source_and_body():
    a1 = next(parse_bytes("a.txt", plain_article().encode()))
    a2 = next(parse_bytes("a.txt", plain_article().encode("utf-16")))
    b = next(parse_bytes("b.txt", plain_article().encode()))
    assert a1.id == a2.id == article_id("a.txt", a1.body)
    assert a1.id != b.id


@pytest.mark.parametrize("text,uri,fmt", [
    (plain_article(), "x.txt", "plain"),
    (trec_doc(), "x.txt", "trec"),
    ('<?xml version="1.0"?>\n' + trec_doc(), "x.xml", "trec"),
    (json_array(2), "x.txt", "json"),
    (jsonl(2), "x.json", "jsonl"),
    ('{"content": "نص"}', "x.jsonl", "jsonl"),
    ('{"content": "نص"}', "x.json", "json"),
    ("\ufeff" + jsonl(2), "x", "jsonl"),
    ("[عاجل] نص عادي يبدأ بقوس", "x.txt", "plain"),
    ("{تحديث} نص عادي", "x.json", "plain"),
    ("[\n  {}]", "x.txt", "json"),
])
def test_detect_format(text, uri, fmt):
    assert detect_format(text, uri) == fmt


def test_forced_format_overrides_detection():
    [art] = list(parse_bytes("x.txt", trec_doc().encode(), ReadOptions(format="plain")))
    assert isinstance(art, Article) and art.source_format == "plain"


def test_content_hash():
    assert content_hash("نص") == content_hash("نص")
    assert content_hash("نص") != content_hash("نص ")
    assert len(content_hash("")) == 32


def _fields(item):
    if isinstance(item, Article):
        return ("article", item.id, item.source_uri, item.body, item.title, item.lead,
                item.metadata)
    return ("dead", item.source_uri, item.step, item.reason)


@pytest.mark.parametrize("name, data", [
    ("a.txt", plain_article().encode("utf-8")),
    ("a.sgml", (trec_doc("X-1", text=BODY) + trec_doc("X-2", author="لندن: فلان الفلاني")
                ).encode("utf-8")),
    ("a.json", json_array(3).encode("utf-8")),
    ("a.jsonl", jsonl(3).encode("utf-8")),
    ("a.txt.gz", gzip.compress(plain_article().encode("utf-8"))),
])
def test_light_parse_reads_the_same_articles_without_dateline_or_date(name, data):
    full = list(parse_bytes(name, data))
    light = list(parse_bytes(name, data, ReadOptions(light=True)))
    assert [_fields(i) for i in light] == [_fields(i) for i in full]
    assert any(isinstance(i, Article) and i.dateline for i in full)
    for item in light:
        if isinstance(item, Article):
            assert item.dateline is None
            if item.source_format != "plain":  # a plain header date is part of its layout
                assert item.published is None


def test_light_is_not_a_config_key():
    with pytest.raises(ValueError, match="light"):
        ReadOptions.from_config({"light": True})
