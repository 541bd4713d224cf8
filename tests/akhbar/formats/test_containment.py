"""One bad record or member costs only itself, every item is counted before it is parsed,
and odd members (links, devices, repeated or non-UTF-8 names) are items of their own."""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.article import Article, DeadLetter
from akhbar.formats import Tally, jsonrec, parse_bytes, source_uri, split_source_uri
from akhbar.formats.jsonrec import array_elements
from tests.badinput.corpus import _article, tar_entries, tar_special
from tests.helpers import zip_bytes

GOOD = json.dumps({"title": "عنوان", "content": _article(1, "عمان", "الشعر")},
                  ensure_ascii=False)
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"content": "نص", "n": ' + "7" * 5000 + "}"


def outcomes(uri: str, data: bytes) -> tuple[list[tuple[str, str | None]], Tally]:
    tally = Tally()
    items = list(parse_bytes(uri, data, tally=tally))
    return [(i.source_uri, None if isinstance(i, Article) else i.reason) for i in items], tally


@pytest.mark.parametrize("bad", [DEEP, HUGE_INT, "{broken", "[1, 2]"])
def test_a_bad_json_line_costs_that_line_only(bad):
    got, tally = outcomes("f.jsonl", "\n".join([GOOD, bad, GOOD.replace("عنوان", "آخر")])
                          .encode())
    reason = "bad_record" if bad == "[1, 2]" else "bad_json"
    assert got == [("f.jsonl#0", None), ("f.jsonl#1", reason), ("f.jsonl#2", None)]
    assert tally.items == 3


@pytest.mark.parametrize("bad", [DEEP, HUGE_INT, '{"a": tru}', '"text"', ""])
def test_a_bad_array_element_costs_that_element_only(bad):
    text = "[" + ", ".join([GOOD, bad, GOOD.replace("عنوان", "آخر")]) + "]"
    got, tally = outcomes("f.json", text.encode())
    reason = "bad_record" if bad == '"text"' else "bad_json"
    assert got == [("f.json#0", None), ("f.json#1", reason), ("f.json#2", None)]
    assert tally.items == 3


def test_messages_say_why_json_could_not_be_read():
    items = list(parse_bytes("f.jsonl", "\n".join([GOOD, DEEP, HUGE_INT]).encode()))
    assert "nested too deeply" in items[1].message
    assert "digits" in items[2].message


def test_an_array_that_breaks_off_keeps_the_elements_before_it():
    text = "[" + GOOD + ", " + GOOD.replace("عنوان", "آخر") + ', {"title": "x", "content": '
    got, tally = outcomes("f.json", text.encode())
    assert got == [("f.json#0", None), ("f.json#1", None), ("f.json#2", "bad_json")]
    assert tally.items == 3


@given(st.lists(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=4), kids,
                                                               max_size=3),
    max_leaves=8), max_size=6))
@settings(max_examples=200, deadline=None)
def test_array_elements_delimits_what_json_parses(values):
    text = json.dumps(values, ensure_ascii=False)
    spans, broken = array_elements(text, 1)
    assert broken is None
    assert [json.loads(text[a:b]) for a, b in spans] == values


def test_a_bad_zip_member_does_not_lose_the_members_after_it():
    data = zip_bytes([("a.txt", _article(1, "عمان", "الشعر").encode()),
                      ("b.jsonl", "\n".join([GOOD, HUGE_INT, DEEP]).encode()),
                      ("c.txt", _article(2, "تونس", "الرواية").encode()),
                      ("d.txt", _article(3, "بيروت", "المسرح").encode())], zipfile.ZIP_STORED)
    got, tally = outcomes("z.zip", data)
    assert got == [("z.zip#a.txt", None), ("z.zip#b.jsonl#0", None),
                   ("z.zip#b.jsonl#1", "bad_json"), ("z.zip#b.jsonl#2", "bad_json"),
                   ("z.zip#c.txt", None), ("z.zip#d.txt", None)]
    assert tally.items == len(got)


def test_a_parser_that_fails_mid_file_is_contained_and_visible_in_the_tally(monkeypatch):
    """A record whose conversion raises is that record's parse_error; a parser that dies
    in its loop loses records, which the tally (counted before parsing) shows."""
    calls = []

    def flaky(uri, *args):
        calls.append(uri)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return original(uri, *args)

    original = jsonrec.record_to_article
    monkeypatch.setattr(jsonrec, "record_to_article", flaky)
    lines = "\n".join([GOOD, GOOD.replace("عنوان", "ب"), GOOD.replace("عنوان", "ج")])
    got, tally = outcomes("f.jsonl", lines.encode())
    assert got == [("f.jsonl#0", None), ("f.jsonl#1", "parse_error"), ("f.jsonl#2", None)]
    assert tally.items == 3

    def dies(uri, text, *args, **kwargs):
        tally = kwargs["tally"]
        tally.split(3)
        yield original(f"{uri}#0", "jsonl", json.loads(GOOD), jsonrec.DEFAULT_FIELDS, None)
        raise RecursionError("the loop is gone")

    import akhbar.formats as formats
    monkeypatch.setattr(formats, "parse_jsonl", dies)
    data = zip_bytes([("b.jsonl", lines.encode()),
                      ("c.txt", _article(2, "تونس", "الرواية").encode())], zipfile.ZIP_STORED)
    got, tally = outcomes("z.zip", data)
    assert got == [("z.zip#b.jsonl#0", None), ("z.zip#b.jsonl", "parse_error"),
                   ("z.zip#c.txt", None)]
    # 4 items (the zip as c.txt and b.jsonl's 3 lines) but 3 out: the accounting says so.
    assert tally.items == 4 > len(got) == 3


def test_tar_links_devices_and_fifos_are_items():
    body = _article(1, "عمان", "الشعر").encode()
    data = tar_entries([("t/a.txt", body), tar_special("t/hard", tarfile.LNKTYPE, "t/a.txt"),
                 tar_special("t/soft", tarfile.SYMTYPE, "a.txt"),
                 tar_special("t/tty", tarfile.CHRTYPE), tar_special("t/disk", tarfile.BLKTYPE),
                 tar_special("t/pipe", tarfile.FIFOTYPE), tar_special("t/dir", tarfile.DIRTYPE)])
    items = list(parse_bytes("x.tar", data))
    got = [(i.source_uri, None if isinstance(i, Article) else i.reason) for i in items]
    assert got == [("x.tar#t/a.txt", None)] + [
        (f"x.tar#t/{n}", "not_a_file") for n in ("hard", "soft", "tty", "disk", "pipe")]
    messages = [i.message for i in items[1:]]
    assert "hard link to 't/a.txt'" in messages[0] and "symbolic link" in messages[1]
    assert [m.split(" (")[0] for m in messages[2:]] == ["character device", "block device",
                                                         "fifo"]


def test_zip_symlink_is_an_item():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "../../etc/passwd")
        zf.writestr("a.txt", _article(1, "عمان", "الشعر"))
    got, tally = outcomes("z.zip", buf.getvalue())
    assert got == [("z.zip#link.txt", "not_a_file"), ("z.zip#a.txt", None)]
    assert tally.items == 2


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_members_with_the_same_name_and_bytes_get_distinct_ids(kind):
    body = _article(1, "عمان", "الشعر").encode()
    members = [("same.txt", body), ("same.txt", body), ("other.txt", body),
               ("same.txt", body)]
    data = zip_bytes(members, zipfile.ZIP_STORED) if kind == "zip" else tar_entries(members)
    items = list(parse_bytes(f"x.{kind}", data))
    assert all(isinstance(i, Article) for i in items) and len(items) == 4
    assert len({i.id for i in items}) == 4
    # Stable: the same container gives the same ids on every run.
    assert [i.id for i in parse_bytes(f"x.{kind}", data)] == [i.id for i in items]


CP1256_NAME = os.fsdecode("خبر عاجل.txt".encode("cp1256"))  # lone surrogates, as os gives


def test_a_cp1256_member_name_does_not_break_the_tar():
    body = _article(1, "عمان", "الشعر").encode()
    data = tar_entries([(CP1256_NAME, body), ("ok.txt", _article(2, "تونس", "الرواية").encode())])
    items = list(parse_bytes("x.tar", data))
    assert [type(i) for i in items] == [Article, Article]
    uri = items[0].source_uri
    uri.encode("utf-8")  # valid UTF-8: Avro can hold it
    assert uri.startswith("x.tar#%") and "\\u" not in uri
    assert split_source_uri(uri) == ["x.tar", CP1256_NAME]


@given(st.lists(st.text(min_size=1) | st.binary(min_size=1).map(os.fsdecode), min_size=1,
                max_size=4))
def test_source_uri_round_trips_any_name(parts):
    uri = source_uri(*parts)
    uri.encode("utf-8")
    assert split_source_uri(uri) == parts
    assert "\n" not in uri and uri.count("#") == len(parts) - 1


def test_a_dead_letter_naming_a_non_utf8_member_is_valid_utf8():
    data = tar_entries([tar_special(CP1256_NAME, tarfile.SYMTYPE, CP1256_NAME)])
    [letter] = list(parse_bytes("x.tar", data))
    assert isinstance(letter, DeadLetter) and letter.reason == "not_a_file"
    letter.message.encode("utf-8")


def test_nul_and_c0_controls_leave_the_structural_fields():
    """The cp1256 newspaper files end with a NUL after their label line."""
    [art] = parse_bytes("x.txt", _article(3, "بيروت", "المسرح").encode("cp1256") + b"\x00")
    assert art.metadata == {"label": "ثقافة"} and "\x00" not in art.body
    record = {"title": "عنوان\u0000 الخبر\u001b", "content": "نص الخبر. وقال إن",
              "category": "\u0000", "source\u0007": "وكالة\u0001", "date": "2019-03-12\u0000"}
    [art] = parse_bytes("x.json", json.dumps(record).encode())
    assert art.title == "عنوان الخبر" and art.published_raw == "2019-03-12"
    assert art.metadata == {"source": "وكالة"}
    assert art.body == record["content"]  # the text itself is kept as it is
