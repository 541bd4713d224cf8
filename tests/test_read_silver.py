"""scripts/train_ner.py ``read_silver``: the silver folder ``scripts/ner_silver.py`` writes
(``akhbar.ner.silver.MANIFEST`` and ``chunk_file``), read as a token-bounded prefix of the
sample, filtered by teacher confidence; chunks past the prefix are never opened."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.ner.silver import MANIFEST, chunk_file
from tests.helpers import load_script


@pytest.fixture(scope="module")
def train_ner():
    return load_script("train_ner")


def _write(folder: Path, rows: list[dict], chunk: int) -> int:
    """A silver folder of ``rows`` in chunks of ``chunk`` sentences; the number of chunks."""
    folder.mkdir()
    (folder / MANIFEST).write_text(json.dumps({
        "sources": ["ant"], "seed": 13, "decode": "test", "min_len": 1, "max_len": 80,
        "chunk": chunk, "sentences": len(rows), "teachers": []}), "utf-8")
    starts = range(0, len(rows), chunk)
    for j, s in enumerate(starts):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows[s:s + chunk]]
        (folder / chunk_file(j)).write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return len(starts)


ROWS = st.lists(st.tuples(st.integers(1, 9), st.sampled_from([0.1, 0.5, 0.9, 1.0])),
                min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(ROWS, st.integers(1, 7), st.one_of(st.none(), st.integers(0, 200)),
       st.sampled_from([0.0, 0.5, 0.95]))
def test_a_token_bounded_prefix_filtered_by_confidence(train_ner, spec, chunk, max_tokens,
                                                       min_conf):
    rows = [{"tokens": [f"w{i}"] * n, "tags": ["O"] * n, "conf": c}
            for i, (n, c) in enumerate(spec)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "silver"
        n_chunks = _write(folder, rows, chunk)
        kept, card = train_ner.read_silver(folder, min_conf, max_tokens)
        # the shortest prefix holding max_tokens tokens (or all of the sample)
        taken, n_tok = [], 0
        for r in rows:
            if max_tokens is not None and n_tok >= max_tokens:
                break
            taken.append(r)
            n_tok += len(r["tokens"])
        assert kept == [(r["tokens"], r["tags"]) for r in taken if r["conf"] >= min_conf]
        assert (card["sample_sentences"], card["sample_tokens"]) == (len(taken), n_tok)
        assert card["kept_tokens"] == sum(len(t) for t, _ in kept)
        # the chunks after the prefix's last are not read: gone, nothing changes ...
        needed = -(-len(taken) // chunk)
        for j in range(needed, n_chunks):
            (folder / chunk_file(j)).unlink()
        assert train_ner.read_silver(folder, min_conf, max_tokens) == (kept, card)
        # ... while a missing one inside it is an error that names it
        if needed:
            (folder / chunk_file(needed - 1)).unlink()
            with pytest.raises(SystemExit, match=chunk_file(needed - 1)):
                train_ner.read_silver(folder, min_conf, max_tokens)
