"""TREC <DOC> files (ANT layout and variants)."""

from __future__ import annotations

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_bytes
from tests.akhbar.formats.samples import BODY, BODY_NO_DATELINE, LEAD, TITLE, trec_doc


def parse(text: str, uri: str = "mem/doc.txt", **opts) -> list:
    return list(parse_bytes(uri, text.encode("utf-8"), ReadOptions(**opts)))


def test_ant_layout_fields():
    [art] = parse(trec_doc(abstract=LEAD))
    assert isinstance(art, Article)
    assert art.source_format == "trec"
    assert art.title == TITLE
    assert art.lead == LEAD
    assert art.body == BODY_NO_DATELINE  # minus exactly one leading/trailing newline
    assert art.published == "2017-01-20"
    assert art.published_raw == "2017-01-20T21:43:00+01:00"
    assert art.metadata == {"docno": "XX-test-1", "url": "http://example.org/ar/article/1",
                            "source": "Example FM", "category": "culture"}
    assert art.source_uri == "mem/doc.txt"


def test_empty_abstract_is_no_lead_and_dmy_time():
    [art] = parse(trec_doc(time="09/01/2017"))
    assert art.lead is None
    assert art.published == "2017-01-09"


def test_tunisian_month_time_and_author_dateline():
    [art] = parse(trec_doc(time="الإثنين 9 جانفي 2017", author="تونس - وات"))
    assert art.published == "2017-01-09"
    assert art.metadata["author"] == "تونس - وات"
    assert art.dateline == {"raw": "تونس - وات", "city": "تونس", "agency": "وات",
                            "field": "metadata:author", "start": 0, "end": 10}


def test_body_dateline_offsets():
    [art] = parse(trec_doc(text=BODY))
    d = art.dateline
    assert d["field"] == "body" and d["city"] == "الرياض" and d["agency"] == "واس"
    assert art.body[d["start"]:d["end"]] == d["raw"]


def test_many_docs_per_file_get_indexed_uris():
    text = trec_doc("A-1") + trec_doc("A-2") + trec_doc("A-3")
    arts = parse(text)
    assert [a.source_uri for a in arts] == ["mem/doc.txt#0", "mem/doc.txt#1", "mem/doc.txt#2"]
    assert [a.metadata["docno"] for a in arts] == ["A-1", "A-2", "A-3"]
    assert len({a.id for a in arts}) == 3


def test_aliases_lowercase_and_unclosed_tags():
    text = ("<doc>\n<docno>B-1</docno>\n<HEADLINE>عنوان الخبر</HEADLINE>\n"
            "<DATE>2016/05/04</DATE>\n<BODY>\nنص الخبر الأول هنا\n</BODY>\n<EXTRA>x</doc>")
    [art] = parse(text)
    assert art.title == "عنوان الخبر"
    assert art.published == "2016-05-04"
    assert art.body == "نص الخبر الأول هنا"
    assert art.metadata["extra"] == "x"


def test_nested_markup_kept_in_body():
    [art] = parse(trec_doc(text="<P>فقرة أولى من الخبر</P>\n<P>فقرة ثانية</P>"))
    assert art.body == "<P>فقرة أولى من الخبر</P>\n<P>فقرة ثانية</P>"


def test_empty_text_is_empty_body():
    [dl] = parse(trec_doc(text=""))
    assert isinstance(dl, DeadLetter) and dl.reason == "empty_body"


def test_forced_trec_on_plain_text_is_unparseable():
    [dl] = parse("نص عادي بلا وسوم", format="trec")
    assert isinstance(dl, DeadLetter) and dl.reason == "unparseable"


def test_crlf_trec():
    [art] = parse(trec_doc().replace("\n", "\r\n"))
    assert art.title == TITLE
    assert art.body == BODY_NO_DATELINE.replace("\n", "\r\n")
    assert art.published == "2017-01-20"
