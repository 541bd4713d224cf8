"""File and pattern batches cross the shuffles packed into one string
(``transforms.read.pack_batch``; file batches compressed, ``pack_files``), and a long file list reaches the workers as listing shards
(``write_listings``): every path, size and mtime comes back as it was."""

from __future__ import annotations

import os
import zlib

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
    read_listing,
    unbatch_metadata,
    unpack_batch,
    wire_path,
    write_listings,
)

# Any name a filesystem can give: any text, or any bytes as ``os.fsdecode`` gives them
# (a name that is not UTF-8 comes with lone surrogates).
paths = (st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)
         | st.binary(min_size=1).map(os.fsdecode))
files = st.lists(st.tuples(paths, st.integers(0, 2**62),
                           st.floats(0, 4e9) | st.none()), max_size=40)


def _fields(meta):  # noqa: ANN001, ANN202
    return meta.path, meta.size_in_bytes, meta.last_updated_in_seconds


@given(files)
def test_a_packed_batch_gives_back_every_file_as_it_was(batch):
    wired = [(wire_path(path), size, mtime) for path, size, mtime in batch]  # as Light makes
    packed = pack_files(wired)
    assert isinstance(packed, bytes)  # one compressed ASCII string, any path
    assert zlib.decompress(packed).isascii()
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


def test_a_packed_file_batch_is_a_fraction_of_its_json():
    """What the spread holds per file of a corpus (paths of a batch share a directory and
    a name pattern): under a quarter of the JSON string."""
    batch = [(f"/work/shared/data/corpora/ant-v1.1/localNews/JA-localNews-{4700 + i}-2016"
              f"{i % 12 + 1:02d}07.txt", 1000 + 37 * i, 1796489624.5 + i / 7) for i in range(32)]
    json_bytes = len(pack_batch(batch))
    assert len(pack_files(batch)) * 4 < json_bytes
    assert [_fields(m) for m in unbatch_metadata(pack_files(batch))] == [
        (p, z, m) for p, z, m in batch]


def _corpus(tmp_path):  # noqa: ANN001, ANN202
    """A file whose name is not UTF-8 (cp1256 bytes) and 300 others: their names."""
    odd = os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), "خبر".encode("cp1256") + b".txt"))
    with open(odd, "wb") as f:
        f.write(b"odd")
    names = [odd]
    for i in range(300):
        name = str(tmp_path / f"{i:03d}.txt")
        with open(name, "wb") as f:
            f.write(str(i).encode())
        names.append(name)
    return names


def test_listing_shards_give_back_every_file_in_order_with_its_size(tmp_path):
    names = [*_corpus(tmp_path), str(tmp_path / "vanished.txt")]
    shards_dir = tmp_path / "shards"
    shards_dir.mkdir()
    shards = write_listings(names, str(shards_dir), per_shard=64)
    assert len(shards) == 5  # 302 files, 64 a shard
    listed = [m for shard in shards for m in read_listing(shard)]
    assert [m.path for m in listed] == names
    assert [m.size_in_bytes for m in listed] == [
        os.path.getsize(n) if os.path.exists(n) else 0 for n in names]


def test_listed_files_reach_the_readers_with_names_that_are_not_utf8(tmp_path):
    """Through the real shuffles, as a list in the graph and as listing shards: a file
    whose name is not UTF-8 and 300 others (several batches) are all read, each with its
    own content."""
    names = _corpus(tmp_path)
    shards_dir = tmp_path / "shards"
    shards_dir.mkdir()
    shards = write_listings(names, str(shards_dir), per_shard=64)

    def content(readable):  # noqa: ANN001, ANN202 - bytes: the test's own output is encoded
        return os.fsencode(readable.metadata.path), readable.read()

    expected = [(os.fsencode(names[0]), b"odd")] + [
        (os.fsencode(n), str(i).encode()) for i, n in enumerate(names[1:])]
    for inputs in (Inputs(files=names), Inputs(listing=shards)):
        with TestPipeline() as p:
            read = (p
                    | MatchArticles(inputs)
                    | ReadArticles()
                    | beam.Map(content))
            assert_that(read, equal_to(expected))
