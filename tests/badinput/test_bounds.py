"""Fast unit tests behind the bad-input run: how much is read, what is held, what is found.

A huge file is refused without reading it when its size is known, and after at most
``max_member_bytes + 1`` bytes when not; a container is streamed, so its raw size is not
a memory bound; an article is bounded in characters; odd file names round-trip through
``source_uri``; entries Beam's match drops (symlink loops) are found; a named pipe is
refused without blocking.
"""

from __future__ import annotations

import io
import json
import os
import random
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_file, source_uri, split_source_uri
from pipeline.config import DEFAULTS
from tests.badinput.corpus import _article
from tests.helpers import tar_bytes, zip_bytes
from transforms.read import NotRegularFile, list_matches, open_input, unlisted_local


class CountingStream(io.RawIOBase):
    """A non-seekable stream of ``size`` bytes (a repeated article) that counts reads."""

    def __init__(self, size: int, unit: bytes = _article(1, "عمان", "الشعر").encode()) -> None:
        self.size, self.unit, self.pos = size, unit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.pos, 1 << 16)
        if n <= 0:
            return 0
        start = self.pos % len(self.unit)
        chunk = (self.unit[start:] + self.unit * (n // len(self.unit) + 1))[:n]
        buffer[:n] = chunk
        self.pos += n
        return n


def test_defaults_hold_one_member_in_memory_and_let_containers_be_large():
    opts = ReadOptions()
    assert opts.max_member_bytes == DEFAULTS["read"]["max_member_bytes"] == 64 * 2**20
    assert opts.max_file_bytes == DEFAULTS["read"]["max_file_bytes"] == 4 * 2**30
    assert opts.max_article_chars == DEFAULTS["read"]["max_article_chars"] == 1_000_000
    assert ReadOptions.from_config({"max_article_chars": 10}).max_article_chars == 10


def test_a_file_known_to_be_too_large_is_refused_after_its_first_bytes():
    stream = CountingStream(200 * 2**20)
    [item] = parse_file("big.txt", stream, ReadOptions(), size=200 * 2**20)
    assert (item.reason, item.step) == ("too_large", "parse")
    assert stream.pos <= 4096  # only the head, to tell a container from a text


def test_a_file_of_unknown_size_is_read_only_up_to_the_bound():
    stream = CountingStream(5 * 2**20)
    [item] = parse_file("big.txt", stream, ReadOptions(max_member_bytes=100_000))
    assert item.reason == "too_large"
    assert stream.pos <= 100_001 + 2**16


def test_a_streamed_container_is_not_bounded_by_one_member():
    members = {f"m{i}.txt": _article(i, "تونس", "الرواية").encode() for i in range(12)}
    raw = tar_bytes(members, "w:gz")
    opts = ReadOptions(max_member_bytes=2000)  # each member fits, the whole tar does not
    assert sum(map(len, members.values())) > 4 * opts.max_member_bytes
    items = list(parse_file("c.tar.gz", io.BytesIO(raw), opts, size=len(raw)))
    assert [i.source_uri for i in items] == [f"c.tar.gz#{n}" for n in members]
    assert all(isinstance(i, Article) for i in items)


def test_a_non_seekable_zip_larger_than_a_member_is_spooled_not_refused():
    members = {f"m{i}.txt": random.Random(i).randbytes(3000) + _article(i, "تونس", "الرواية")
               .encode() for i in range(3)}
    data = zip_bytes(members, zipfile.ZIP_STORED)

    class OneWay(io.BytesIO):
        def seekable(self) -> bool:
            return False

    items = list(parse_file("c.zip", OneWay(data), ReadOptions(max_member_bytes=5000)))
    assert [i.source_uri for i in items] == [f"c.zip#{n}" for n in members]
    assert {i.reason for i in items} == {"undecodable"}  # random head: read, not refused


def test_an_article_over_max_article_chars_is_too_large():
    body = "نص " * 600
    data = json.dumps([{"content": body}, {"content": "نص قصير"}], ensure_ascii=False).encode()
    items = list(parse_file("a.json", io.BytesIO(data), ReadOptions(max_article_chars=1000)))
    assert isinstance(items[0], DeadLetter) and items[0].reason == "too_large"
    assert "1800 characters" in items[0].message and items[0].source_uri == "a.json#0"
    assert isinstance(items[1], Article)


@given(st.text(), st.lists(st.text(), max_size=3))
def test_source_uri_round_trips_any_name(path, inner):
    uri = source_uri(path, *inner)
    assert split_source_uri(uri) == [path, *inner]
    assert uri.count("#") == len(inner)
    assert not any(ch in uri for ch in "\n\r\t\x00")


def test_names_without_odd_characters_keep_their_uri():
    assert source_uri("gs://b/2015/a b.zip", "x/y.json", "3") == "gs://b/2015/a b.zip#x/y.json#3"
    assert source_uri("/data/خبر [1]?*.txt") == "/data/خبر [1]?*.txt"


def test_unstatable_entries_are_found_for_every_pattern_form(tmp_path: Path):
    (tmp_path / "ok.txt").write_text("x")
    os.symlink("loop", tmp_path / "loop")
    (tmp_path / "sub").mkdir()
    os.symlink("nowhere", tmp_path / "sub" / "dangling.txt")
    os.symlink("..", tmp_path / "sub" / "up")  # a directory loop: not followed
    found = lambda pattern: sorted(m.path for m in unlisted_local(pattern))  # noqa: E731
    assert found(f"{tmp_path}/*") == [f"{tmp_path}/loop"]
    assert found(f"{tmp_path}/**") == [f"{tmp_path}/loop", f"{tmp_path}/sub/dangling.txt"]
    assert found(f"{tmp_path}/sub/*.txt") == [f"{tmp_path}/sub/dangling.txt"]
    assert found(f"{tmp_path}/loop") == [f"{tmp_path}/loop"]
    assert found(f"{tmp_path}/ok.txt") == []
    assert found("gs://bucket/*") == []
    # Preflight counts them too: a pattern matching only a symlink loop is not "missing".
    assert list_matches([f"{tmp_path}/loop"]) == {f"{tmp_path}/loop": [f"{tmp_path}/loop"]}


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path):
    from apache_beam.io.filesystem import FileMetadata

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    class Readable:
        metadata = FileMetadata(str(fifo), 0)

        def open(self, **_):
            raise AssertionError("must not open a fifo")

    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(
        exc=pytest.raises(NotRegularFile, open_input, Readable()).value), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert "named pipe" in str(result["exc"])
