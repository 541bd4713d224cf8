"""Containers (.gz, .bz2, .xz, .zip, .tar, .tar.gz), bounds, and source URIs."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile

import pytest

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_file
from tests.akhbar.formats.samples import json_array, jsonl, plain_article, trec_doc
from tests.helpers import tar_bytes, zip_bytes


class OneWayStream(io.RawIOBase):
    """A non-seekable stream that returns short reads (like a network stream)."""

    def __init__(self, data: bytes, chunk: int = 7) -> None:
        self._buf = io.BytesIO(data)
        self._chunk = chunk
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, b) -> int:
        data = self._buf.read(min(len(b), self._chunk))
        b[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


def run(uri: str, data: bytes, seekable: bool = True, **opts) -> list:
    stream = io.BytesIO(data) if seekable else OneWayStream(data)
    return list(parse_file(uri, stream, ReadOptions(**opts)))


MEMBERS = {
    "a/plain.txt": plain_article().encode("utf-8"),
    "b/doc.trec": trec_doc().encode("utf-8"),
    "c/array.json": json_array(2).encode("utf-8"),
    "d/lines.jsonl": jsonl(2).encode("utf-8"),
    "e/legacy.txt": plain_article().encode("cp1256"),
    "__MACOSX/a/._plain.txt": b"\x00\x05\x16\x07junk",
}
EXPECTED_URIS = [
    "x#a/plain.txt", "x#b/doc.trec", "x#c/array.json#0", "x#c/array.json#1",
    "x#d/lines.jsonl#0", "x#d/lines.jsonl#1", "x#e/legacy.txt",
]


@pytest.mark.parametrize("seekable", [True, False])
def test_zip_of_every_format(seekable):
    items = run("x", zip_bytes(MEMBERS), seekable=seekable)
    assert all(isinstance(i, Article) for i in items)
    assert [i.source_uri for i in items] == EXPECTED_URIS
    assert [i.source_format for i in items] == ["plain", "trec", "json", "json", "jsonl",
                                                "jsonl", "plain"]
    assert items[-1].encoding == "cp1256" and items[-1].body == items[0].body


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_variants_streamed(mode):
    items = run("x", tar_bytes(MEMBERS, mode), seekable=False)
    assert [i.source_uri for i in items] == EXPECTED_URIS


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress])
def test_single_file_wrappers_are_transparent(compress):
    items = run("dir/f.jsonl.gz", compress(jsonl(3).encode()), seekable=False)
    assert [i.source_uri for i in items] == [f"dir/f.jsonl.gz#{k}" for k in range(3)]
    [art] = run("dir/p.txt.gz", compress(plain_article().encode()))
    assert art.source_uri == "dir/p.txt.gz" and art.published == "2015-01-18"


def test_zip_inside_gzip_and_zip_inside_zip():
    inner = zip_bytes({"p.txt": plain_article().encode()})
    [art] = run("o.zip.gz", gzip.compress(inner))
    assert art.source_uri == "o.zip.gz#p.txt"
    [art] = run("o.zip", zip_bytes({"in.zip": inner}))
    assert art.source_uri == "o.zip#in.zip#p.txt"


def test_zip_bomb_member_is_dead_letter_not_oom():
    bomb = zip_bytes({"big.txt": b"\xd8\xa7" * (4 * 2**20), "ok.txt": plain_article().encode()})
    assert len(bomb) < 64 * 1024
    items = run("bomb.zip", bomb, max_member_bytes=2**20)
    reasons = [(i.source_uri, getattr(i, "reason", "article")) for i in items]
    assert reasons == [("bomb.zip#big.txt", "too_large"), ("bomb.zip#ok.txt", "article")]


def test_zip_member_lying_about_its_size_is_still_bounded():
    data = bytearray(zip_bytes({"big.txt": b"a" * 50_000}, zipfile.ZIP_DEFLATED))
    # Patch the declared sizes (local header + central directory) to claim 100 bytes.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)
        data[pos + off:pos + off + 4] = (100).to_bytes(4, "little")
    items = run("lie.zip", bytes(data), max_member_bytes=1000)
    assert len(items) == 1 and isinstance(items[0], DeadLetter)
    assert items[0].reason in ("too_large", "bad_container")


def test_gzip_bomb_is_too_large():
    bomb = gzip.compress(b"\xd8\xa7 " * (3 * 2**20))
    [dl] = run("g.txt.gz", bomb, seekable=False, max_member_bytes=2**20)
    assert dl.reason == "too_large" and dl.source_uri == "g.txt.gz"


def test_tar_gz_bomb_member():
    data = tar_bytes({"big.txt": b"x " * 2**20, "p.txt": plain_article().encode()}, "w:gz")
    items = run("t.tgz", data, seekable=False, max_member_bytes=2**19)
    assert [getattr(i, "reason", "article") for i in items] == ["too_large", "article"]


def test_file_over_max_file_bytes_reads_bounded():
    data = plain_article().encode() * 200
    stream = OneWayStream(data, chunk=4096)
    [dl] = list(parse_file("big.txt", stream, ReadOptions(max_file_bytes=10_000,
                                                           max_member_bytes=10_000)))
    assert dl.reason == "too_large"
    assert stream.read_bytes <= 10_001


def test_non_seekable_zip_over_max_file_bytes():
    data = zip_bytes({f"m{i}.txt": plain_article().encode() * 3 for i in range(20)},
                     zipfile.ZIP_STORED)
    [dl] = run("z.zip", data, seekable=False, max_file_bytes=len(data) // 2)
    assert dl.reason == "too_large"


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + b"\x00" * 40,                     # truncated zip
    gzip.compress(plain_article().encode())[:-30],     # truncated gzip
    b"\x1f\x8b\x08\x00" + b"garbage" * 10,             # corrupt gzip
    b"BZh9" + b"\x00" * 50,                             # corrupt bz2
])
def test_corrupt_containers_are_bad_container(data):
    items = run("broken", data)
    assert len(items) == 1 and isinstance(items[0], DeadLetter)
    assert items[0].reason == "bad_container" and items[0].step == "parse"


def test_truncated_tar_keeps_earlier_members():
    first = plain_article().encode()
    data = tar_bytes({"p.txt": first, "q.txt": b"y" * 5000})
    cut = 512 + -(-len(first) // 512) * 512 + 512 + 1000  # inside q.txt's data
    items = run("t.tar", data[:cut], seekable=False)
    assert len(items) == 2
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], DeadLetter) and items[-1].reason == "bad_container"


def test_encrypted_zip_member(monkeypatch):
    data = bytearray(zip_bytes({"p.txt": plain_article().encode()}))
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        data[pos + off] |= 0x1
    [dl] = run("e.zip", bytes(data))
    assert dl.reason == "bad_container" and "encrypted" in dl.message


def test_nesting_bound():
    data = plain_article().encode()
    for _ in range(5):
        data = gzip.compress(data)
    [dl] = run("deep.gz", data)
    assert dl.reason == "bad_container"


def test_unsupported_binary():
    [dl] = run("x.pdf", b"%PDF-1.4\n" + bytes(range(256)))
    assert dl.reason == "unknown_format" and dl.snippet_base64


class RecordingStream(io.BytesIO):
    """A stream that records the size of every read request."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.requests: list[int] = []

    def read(self, n: int = -1) -> bytes:
        self.requests.append(n)
        return super().read(n)


def test_a_small_file_is_not_read_into_a_buffer_the_size_of_the_bound():
    from akhbar.formats.containers import READ_CHUNK

    stream = RecordingStream(plain_article().encode("utf-8"))
    items = list(parse_file("a.txt", stream, ReadOptions()))
    assert [type(i) for i in items] == [Article]
    assert stream.requests and max(stream.requests) <= READ_CHUNK
    assert ReadOptions().max_member_bytes > 100 * READ_CHUNK


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 64 * 1024 + 3, 300_001])
@pytest.mark.parametrize("chunk", [7, 4096, 1 << 20])
def test_read_exact_returns_what_is_there_up_to_n(size: int, chunk: int):
    from akhbar.formats.containers import read_exact

    data = bytes(i % 251 for i in range(size))
    assert read_exact(OneWayStream(data, chunk), size + 1) == data
    assert read_exact(OneWayStream(data, chunk), size // 2) == data[: size // 2]
    assert read_exact(io.BytesIO(data), 200_000) == data[:200_000]
