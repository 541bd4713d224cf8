"""Checks on the shared corpora (skipped when ../shared/data is absent).

Kept small (a few files) so that the unit suite stays fast; the full sweep is
``scripts/check_corpus.py``.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from akhbar.article import Article
from akhbar.formats import ReadOptions, parse_file

pytestmark = pytest.mark.shared_data
_TIME_RE = re.compile(r"<TIME>\s*(\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4})")


def test_seed_article(shared_data):
    [path] = sorted((shared_data / "corpora" / "seed").glob("*"))
    with open(path, "rb") as fh:
        [art] = list(parse_file(str(path), fh, ReadOptions()))
    assert isinstance(art, Article)
    assert art.published == "2015-01-18" and art.title and art.lead
    assert art.dateline["city"] == "لندن" and art.dateline["start"] == 0
    assert art.metadata.get("label")


def test_ant_files_published_matches_time(shared_data):
    paths = sorted((shared_data / "corpora" / "ant-v1.1").glob("*/*.txt"))[::500]
    assert paths, "no ANT files"
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        m = _TIME_RE.search(raw)
        want = m.group(1)
        if "/" in want:
            d, mo, y = want.split("/")
            want = f"{y}-{mo}-{d}"
        with open(path, "rb") as fh:
            items = list(parse_file(str(path), fh, ReadOptions()))
        arts = [i for i in items if isinstance(i, Article)]
        if arts:
            assert arts[0].published == want, path.name
            assert arts[0].source_format == "trec"


def test_saudinewsnet_zip_counts(shared_data):
    zips = (shared_data / "corpora" / "saudinewsnet").glob("*.zip")
    path = min(zips, key=lambda p: p.stat().st_size)
    with zipfile.ZipFile(path) as zf:
        records = json.loads(zf.read(zf.namelist()[0]))
    with open(path, "rb") as fh:
        items = list(parse_file(str(path), fh, ReadOptions()))
    assert len(items) == len(records)
    empty = sum(1 for r in records if not r["content"].strip())
    assert sum(1 for i in items if not isinstance(i, Article)) == empty
    arts = [i for i in items if isinstance(i, Article)]
    assert all("#" in a.source_uri and a.published for a in arts)
    assert sum(1 for a in arts if a.dateline) > len(arts) // 2
