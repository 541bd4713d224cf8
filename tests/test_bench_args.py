"""The benchmark hands its children their files compactly: a corpus listed N times arrives
as N references to the same strings, not as N copies of every path."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import load_script


@pytest.fixture(scope="module")
def benchmark():
    return load_script("benchmark", "benchmark_script")


@given(files=st.lists(st.text(min_size=1, max_size=8), max_size=12), copies=st.integers(1, 5))
def test_files_survive_the_argument_file(benchmark, files, copies):
    listed = files * copies
    packed = json.loads(json.dumps(benchmark.pack_files(listed)))
    assert benchmark.unpack_files(packed) == listed
    assert len(packed["paths"]) <= len(files) or not files


def test_copies_of_a_corpus_travel_once_and_share_their_strings(benchmark):
    corpus = [f"/data/ant/{i:05d}.txt" for i in range(1000)]
    packed = json.loads(json.dumps(benchmark.pack_files(benchmark.pick(corpus, "16x"))))
    assert packed == {"paths": corpus, "repeat": 16}
    files = benchmark.unpack_files(packed)
    assert files == corpus * 16
    assert files[0] is files[1000] is files[15000]
    spread = benchmark.pick(corpus, "0.5")  # a fraction: distinct files, as they are
    assert benchmark.pack_files(spread) == {"paths": spread, "repeat": 1}
