"""Golden outputs of the date extractor, datelines and ``published``.

Two golden files under ``tests/data/dates/``:

* ``golden_sample.json``: every article of ``sample/corpus`` parsed as the pipeline does
  (``parse_file``), with its ``published``, ``dateline`` and temporal expressions
  (``akhbar.enrich.find_dates``). The sample texts are ours, so spans are kept verbatim.
* ``golden_dev.json``: the shared dev set (``../shared/data/dates``) and the articles
  labelled for datelines. That text is not ours: only offsets, values and short SHA-1
  digests of strings are stored, never the text.

Regenerate after an *intended* change with
``AKHBAR_UPDATE_GOLDEN=1 python -m pytest tests/akhbar/dates/test_golden.py`` and explain
the difference in the commit message.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from akhbar.article import Article
from akhbar.enrich import find_dates, normalize_article
from akhbar.formats import ReadOptions, parse_file
from tests.helpers import load_script

REPO = Path(__file__).resolve().parents[3]
GOLDEN_DIR = REPO / "tests" / "data" / "dates"
SAMPLE_GOLDEN = GOLDEN_DIR / "golden_sample.json"
DEV_GOLDEN = GOLDEN_DIR / "golden_dev.json"
DATELINE_LABELS = REPO / "scripts" / "data" / "datelines_labels.jsonl"


def digest(text: str | None) -> str | None:
    """A short stable digest of a string taken from data we may not copy."""
    if text is None:
        return None
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _timexes(found: list, keep_text: bool) -> list[list[Any]]:
    return [[t.field, t.start, t.end, t.type, t.value, t.mod, t.calendar]
            + ([t.text] if keep_text else []) for t in found]


def _dateline(d: dict | None, keep_text: bool) -> list[Any] | None:
    if d is None:
        return None
    strings = [d.get("city"), d.get("agency")]
    if not keep_text:
        strings = [digest(s) for s in strings]
    return [d["field"], d["start"], d["end"], *strings]


def article_record(art: Article, keep_text: bool) -> dict[str, Any]:
    """What the pipeline derives from one article's dates: published, dateline, timexes
    (the fields normalized at the default ``light`` level first, as the pipeline does)."""
    normalize_article(art, "light")
    return {
        "published": art.published,
        "published_raw": art.published_raw if keep_text else digest(art.published_raw),
        "published_note": art.metadata.get("published_note"),
        "dateline": _dateline(art.dateline, keep_text),
        "dates": _timexes(find_dates(art), keep_text),
    }


def _parse(uri: str, data: bytes) -> list[Article]:
    return [a for a in parse_file(uri, io.BytesIO(data), ReadOptions()) if isinstance(a, Article)]


def sample_outputs(sample: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in sorted((sample / "corpus").iterdir()):
        for k, art in enumerate(_parse(path.name, path.read_bytes())):
            out[f"{path.name}#{k}"] = article_record(art, keep_text=True)
    return out


def _eval_dates_module():
    return load_script("eval_dates")


def _snn_item_bytes(data: Path, zip_name: str, member: str, index: int,
                    cache: dict[str, list]) -> bytes:
    if zip_name not in cache:
        with zipfile.ZipFile(data / "corpora" / "saudinewsnet" / zip_name) as z:
            cache[zip_name] = json.loads(z.read(member).decode("utf-8"))
    return json.dumps([cache[zip_name][index]], ensure_ascii=False).encode("utf-8")


def dev_outputs(data: Path) -> dict[str, Any]:
    """Date extractor on the dev docs (as ``scripts/eval_dates.py`` runs it, gold DCT) and
    the pipeline's parse + dates on the dev docs and the dateline-labelled articles."""
    ev = _eval_dates_module()
    docs, _ = ev.load_dev(data)
    extractor = ev.DateExtractor()
    normalize = ev._normalizer()
    out: dict[str, Any] = {"eval": {}, "parsed": {}}
    for d in docs:
        preds = ev.run_akhbar(extractor, d, normalize)
        out["eval"][d["doc"]] = [[p["field"], p["start"], p["end"], p["type"], p["value"],
                                  p["mod"], p["calendar"]] for p in preds]
    cache: dict[str, list] = {}
    items: list[tuple[str, bytes]] = []
    for d in docs:
        if d["corpus"].startswith("ant"):
            path = data / "corpora" / "ant-v1.1" / d["doc"]
            items.append((d["doc"], path.read_bytes()))
        else:
            member, idx = d["doc"].split("#")
            zip_name = member.removesuffix(".json") + ".zip"
            items.append((d["doc"], _snn_item_bytes(data, zip_name, member, int(idx), cache)))
    for line in DATELINE_LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lab = json.loads(line)
            member = lab["doc"].split("#")[0]
            items.append((lab["doc"], _snn_item_bytes(data, lab["zip"], member, lab["index"],
                                                       cache)))
    for name, raw in items:
        suffix = ".json" if name.split("#")[0].endswith(".json") else ".txt"
        arts = _parse(name.replace("/", "_").replace("#", "_") + suffix, raw)
        out["parsed"][name] = [article_record(a, keep_text=False) for a in arts]
    return out


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def save(path: Path, value: dict[str, Any]) -> None:
    """One key per line, so that a change shows as a one-line diff."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(value[k], ensure_ascii=False)}"
             for k in sorted(value)]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def diff(expected: dict[str, Any], actual: dict[str, Any], limit: int = 20) -> list[str]:
    """Human-readable differences, key by key."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            lines.append(f"{key}:\n  golden: {expected.get(key)}\n  now:    {actual.get(key)}")
            if len(lines) >= limit:
                break
    return lines

