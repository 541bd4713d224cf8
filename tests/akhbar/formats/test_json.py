"""JSON arrays, single objects and JSON Lines, with field mapping."""

from __future__ import annotations

import json

import pytest

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_bytes
from tests.akhbar.formats.samples import BODY_NO_DATELINE, TITLE, json_array, json_record, jsonl


def parse(text: str, uri: str = "mem/x.json", **opts) -> list:
    return list(parse_bytes(uri, text.encode("utf-8"), ReadOptions(**opts)))


def test_array_of_records():
    arts = parse(json_array(3))
    assert [a.source_uri for a in arts] == [f"mem/x.json#{i}" for i in range(3)]
    a = arts[1]
    assert a.source_format == "json"
    assert a.title == f"{TITLE} 1"
    assert a.body == f"{BODY_NO_DATELINE} (1)"
    assert a.published == "2015-07-21" and a.published_raw == "2015-07-21 02:51:32"
    assert a.metadata == {"author": "جدة: «الشرق الأوسط»", "url": "http://example.org/article/1",
                          "source": "example"}
    assert a.dateline["field"] == "metadata:author"
    assert a.dateline["city"] == "جدة" and a.dateline["agency"] == "الشرق الأوسط"
    assert a.metadata["author"][a.dateline["start"]:a.dateline["end"]] == a.dateline["raw"]


def test_jsonl_detected_by_content_and_line_indexes():
    arts = parse(jsonl(3), uri="mem/x.txt")
    assert [a.source_format for a in arts] == ["jsonl"] * 3
    assert [a.source_uri for a in arts] == ["mem/x.txt#0", "mem/x.txt#1", "mem/x.txt#2"]


def test_jsonl_bad_line_costs_only_that_line():
    text = jsonl(2) + "{not json\n" + json.dumps(json_record(9), ensure_ascii=False) + "\n"
    items = parse(text, uri="mem/x.jsonl")
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert kinds == [("Article", None), ("Article", None), ("DeadLetter", "bad_json"),
                     ("Article", None)]
    assert items[2].source_uri == "mem/x.jsonl#2"


def test_single_object():
    [a] = parse(json.dumps(json_record(0), ensure_ascii=False))
    assert a.source_uri == "mem/x.json" and a.title.startswith(TITLE)


def test_truncated_array_keeps_good_records():
    text = json_array(3)
    cut = text[: text.rindex('"content"')]
    items = parse(cut)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "DeadLetter"]
    assert items[-1].reason == "bad_json" and items[-1].source_uri == "mem/x.json#2"


@pytest.mark.parametrize("record,reason", [
    (["not", "an", "object"], "bad_record"),
    ({"title": "x", "content": 42}, "bad_record"),
    ({"title": "x", "content": "  \u00a0 "}, "empty_body"),
    ({"title": "x"}, "empty_body"),
])
def test_bad_records(record, reason):
    [dl] = parse(json.dumps([record]))
    assert isinstance(dl, DeadLetter) and dl.reason == reason and dl.step == "parse"


def test_custom_field_mapping_with_nested_path():
    rec = {"headline": "عنوان", "story": {"text": "نص القصة الكامل هنا"}, "meta": {"when": "12/03/2016"},
           "by": "دبي - رويترز"}
    opts = {"json_fields": {"body": "story.text", "published": ["meta.when"], "author": "by"}}
    [a] = parse(json.dumps([rec]), **opts)
    assert isinstance(a, Article)
    assert a.title == "عنوان" and a.body == "نص القصة الكامل هنا"
    assert a.published == "2016-03-12"
    assert a.metadata["author"] == "دبي - رويترز"
    assert a.dateline["city"] == "دبي" and a.dateline["agency"] == "رويترز"


def test_epoch_number_date_and_scalar_metadata():
    [a] = parse(json.dumps([{"content": "نص الخبر", "date": 1437000000, "views": 12,
                             "tags": ["a", "b"], "nested": {"x": 1}}]))
    assert a.published == "2015-07-15" and a.published_raw == "1437000000"
    assert a.metadata == {"views": "12", "tags": "a, b"}


def test_wrapped_articles_list():
    [a, b] = parse(json.dumps({"articles": [json_record(0), json_record(1)]}, ensure_ascii=False))
    assert a.source_uri == "mem/x.json#0" and b.source_uri == "mem/x.json#1"


def test_empty_array_and_garbage():
    [dl] = parse("[]")
    assert dl.reason == "empty_file"
    [dl] = parse("{]", format="json")
    assert dl.reason == "bad_json"
