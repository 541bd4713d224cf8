"""akhbar.normalize on real news (ANT v1.1, SaudiNewsNet) from ../shared/data (skipped if absent)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from akhbar.normalize import normalize, split_sentences, tokenize

pytestmark = pytest.mark.shared_data

_TEXT_RE = re.compile(r"<(TITLE|ABSTRACT|TEXT)>(.*?)</\1>", re.S)
_LIGHT_FORBIDDEN = re.compile("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00a0"
                              "\u0660-\u0669\u06f0-\u06f9\r\t]")


def _ant_fields(root: Path, every: int = 250) -> list[str]:
    files = sorted((root / "corpora" / "ant-v1.1").rglob("*.txt"))
    if not files:
        pytest.skip("ANT v1.1 not found under shared data")
    out = []
    for path in files[::every]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        out.extend(m.group(2) for m in _TEXT_RE.finditer(raw) if m.group(2).strip())
    return out


def _saudi_fields(root: Path, n: int = 60) -> list[str]:
    zips = sorted((root / "corpora" / "saudinewsnet").glob("*.zip"))
    if not zips:
        pytest.skip("SaudiNewsNet not found under shared data")
    with zipfile.ZipFile(zips[0]) as zf:
        articles = json.loads(zf.read(zf.namelist()[0]))
    return [a.get(k) or "" for a in articles[:n] for k in ("title", "content")]


@pytest.fixture(scope="module")
def fields(shared_data: Path) -> list[str]:
    return _ant_fields(shared_data) + _saudi_fields(shared_data)


@pytest.mark.parametrize("level", ["light", "aggressive"])
def test_real_news_maps_and_idempotence(fields, level):
    assert len(fields) > 50
    for text in fields:
        nt = normalize(text, level)
        assert normalize(nt.text, level).text == nt.text
        prev = (0, 0)
        for i in range(len(nt.text)):
            s, e = nt.to_original(i, i + 1)
            assert 0 <= s < e <= len(text) and s >= prev[0] and e >= prev[1]
            prev = (s, e)
        for a, b in tokenize(nt.text):
            s, e = nt.to_original(a, b)
            assert nt.text[a:b] in normalize(text[s:e], level).text


def test_real_news_light_is_clean_and_keeps_letters(fields):
    for text in fields:
        out = normalize(text, "light").text
        assert not _LIGHT_FORBIDDEN.search(out)
        # light never changes Arabic letters: the multiset of hamza/teh-marbuta forms is kept
        for ch in "أإآةى":
            assert out.count(ch) >= text.count(ch)


def test_real_news_sentences_cover_the_text(fields):
    for text in fields:
        out = normalize(text, "light").text
        spans = split_sentences(out)
        covered = "".join(out[a:b] for a, b in spans)
        assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", out)
