"""File and pattern batches cross the shuffles packed into one string
(``transforms.read.pack_batch``): every path, size and mtime comes back as it was."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given
from hypothesis import strategies as st

from transforms.read import (
    Inputs,
    MatchArticles,
    ReadArticles,
    pack_batch,
    pack_files,
    unbatch_metadata,
    unpack_batch,
    wire_path,
)

# Any path Python can hold, also the lone surrogates of a name that is not UTF-8
# (``os.fsdecode`` of such bytes gives them).
paths = st.text(st.characters(blacklist_categories=()), min_size=1)
files = st.lists(st.tuples(paths, st.integers(0, 2**62),
                           st.floats(0, 4e9) | st.none()), max_size=40)


def _fields(meta):  # noqa: ANN001, ANN202
    return meta.path, meta.size_in_bytes, meta.last_updated_in_seconds


@given(files)
def test_a_packed_batch_gives_back_every_file_as_it_was(batch):
    wired = [(wire_path(path), size, mtime) for path, size, mtime in batch]  # as Light makes
    packed = pack_files(wired)
    assert isinstance(packed, str) and packed.isascii()  # one ASCII string, any path
    assert [_fields(m) for m in unbatch_metadata(packed)] == batch


@given(st.lists(paths, max_size=40))
def test_a_packed_pattern_batch_gives_back_the_patterns(patterns):
    assert unpack_batch(pack_batch(patterns)) == patterns


def test_a_path_that_is_not_utf8_survives():
    path = b"/corpus/\xff\xfe-news.txt".decode("utf-8", "surrogateescape")
    (meta,) = unbatch_metadata(pack_files([(wire_path(path), 3, 1.5)]))
    assert meta.path == path and meta.size_in_bytes == 3 and meta.last_updated_in_seconds == 1.5


def test_a_packed_batch_is_smaller_than_its_tuples():
    """What a shuffle holds per file: the packed string against the tuples it replaces."""
    import sys

    batch = [(f"/data/corpora/ant-v1.1/{i:05d}.txt", 1000 + i, 1.7e9 + i) for i in range(32)]
    as_tuples = sys.getsizeof(batch) + sum(
        sys.getsizeof(t) + sum(sys.getsizeof(v) for v in t) for t in batch)
    assert sys.getsizeof(pack_batch(batch)) * 2 < as_tuples


def test_listed_files_reach_the_readers_with_names_that_are_not_utf8(tmp_path):
    """Through the real shuffles: a listed file whose name is not UTF-8 (cp1256 bytes)
    and 300 others (several batches) are all read, each with its own content."""
    import os

    odd = os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), "خبر".encode("cp1256") + b".txt"))
    with open(odd, "wb") as f:
        f.write(b"odd")
    names = [odd]
    for i in range(300):
        name = str(tmp_path / f"{i:03d}.txt")
        with open(name, "wb") as f:
            f.write(str(i).encode())
        names.append(name)

    def content(readable):  # noqa: ANN001, ANN202 - bytes: the test's own output is encoded
        return os.fsencode(readable.metadata.path), readable.read()

    expected = [(os.fsencode(odd), b"odd")] + [
        (os.fsencode(n), str(i).encode()) for i, n in enumerate(names[1:])]
    with TestPipeline() as p:
        read = (p
                | MatchArticles(Inputs(files=names))
                | ReadArticles()
                | beam.Map(content))
        assert_that(read, equal_to(expected))
