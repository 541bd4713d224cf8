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


def _gold_field(root: Path, rec: dict, cache: dict) -> str:
    """The field text of a gold date expression, per dates/GUIDELINES.md offsets."""
    if rec["corpus"] == "ant_v1.1":
        raw = (root / "corpora" / "ant-v1.1" / rec["doc"]).read_text(encoding="utf-8")
        tag = rec["field"].upper()
        body = raw.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]
        body = body[1:] if body.startswith("\n") else body
        return body[:-1] if body.endswith("\n") else body
    name, index = rec["doc"].split("#")
    if name not in cache:
        zpath = root / "corpora" / "saudinewsnet" / name.replace(".json", ".zip")
        with zipfile.ZipFile(zpath) as zf:
            cache[name] = json.loads(zf.read(name))
    return cache[name][int(index)][rec["field"]] or ""


@pytest.mark.parametrize("level", ["light", "aggressive"])
def test_gold_date_spans_survive_the_round_trip(shared_data, level):
    """Gold spans (original offsets) -> normalized span -> original span again."""
    path = shared_data / "dates" / "dev.jsonl"
    if not path.exists():
        pytest.skip("dates/dev.jsonl not found under shared data")
    cache: dict = {}
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert len(records) > 100
    for rec in records:
        text = _gold_field(shared_data, rec, cache)
        s, e = rec["start"], rec["end"]
        assert text[s:e] == rec["text"]
        nt = normalize(text, level)
        ns, ne = nt.to_normalized(s, e)
        # the expression, found on the normalized text, is the normalized expression...
        assert nt.text[ns:ne] == normalize(rec["text"], level).text
        # ...and maps back to the gold span, minus any deleted chars at its edges
        os_, oe = nt.to_original(ns, ne)
        assert s <= os_ < oe <= e
        assert normalize(text[s:os_] + text[oe:e], level).text == ""
