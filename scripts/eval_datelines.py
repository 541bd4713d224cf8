"""Dateline extraction precision/recall on hand-labelled SaudiNewsNet articles.

Labels (``scripts/data/datelines_labels.jsonl``) hold references only: the zip, the
0-based index in its JSON array, the field (``body`` or ``metadata:author``, or null
when the article has no dateline), character offsets into that field and the short
city/agency strings. Articles are parsed with ``akhbar.formats.parse_file`` exactly as
the pipeline does, so the choice between body and byline is evaluated too.

Metrics: *detection* (a predicted dateline in the same field overlapping the gold span),
*city* and *agency* (the predicted string equals the gold one after folding alef/ta
marbuta/ya variants, dots and spaces), and *exact* (detection + city + agency).

    python scripts/eval_datelines.py [--data DIR] [--split dev|test|all] [--errors]
                                     [--no-examples]

The repository's own examples of other layouts (``tests/data/dates/datelines``, texts
written for it, labelled with the publication date too) are scored under ``examples``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from akhbar.article import Article  # noqa: E402
from akhbar.dateline import fold  # noqa: E402
from akhbar.formats import ReadOptions, parse_file  # noqa: E402
from scripts.datadir import shared_data  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "datelines_labels.jsonl"
EXAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "dates" / "datelines"


def _key(value: str | None) -> str | None:
    if value is None:
        return None
    return re.sub(r"[\s.«»\"()]", "", fold(value)) or None


def _prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else None
    r = tp / gold if gold else None
    f = 2 * p * r / (p + r) if p and r else None
    return {"tp": tp, "predicted": pred, "gold": gold,
            "precision": p and round(p, 3), "recall": r and round(r, 3), "f1": f and round(f, 3)}


def _snn_key(lab: dict) -> str:
    return f"{lab['zip']}#{lab['doc'].split('#')[0]}#{lab['index']}"


def evaluate(labels: list[dict], articles: dict[str, Article], key=_snn_key
             ) -> tuple[dict, list[dict]]:
    counts: dict[str, int] = defaultdict(int)
    errors = []
    for lab in labels:
        art = articles.get(key(lab))
        pred = art.dateline if art else None
        gold = lab if lab["field"] else None
        hit = bool(pred and gold and pred["field"] == gold["field"]
                   and pred["start"] < gold["end"] and gold["start"] < pred["end"])
        counts["pred"] += pred is not None
        counts["gold"] += gold is not None
        counts["tp"] += hit
        ok = hit or (pred is None and gold is None)
        for part in ("city", "agency"):
            p = _key(pred and pred[part])
            g = _key(gold and gold[part])
            counts[f"{part}_pred"] += p is not None
            counts[f"{part}_gold"] += g is not None
            counts[f"{part}_tp"] += p is not None and p == g
            ok = ok and p == g
        if "published" in lab:  # the repository's examples also label the publication date
            counts["published_labelled"] += 1
            counts["published_ok"] += (art.published if art else None) == lab["published"]
            ok = ok and (art.published if art else None) == lab["published"]
        counts["exact"] += ok
        if not ok:
            errors.append({"doc": lab["doc"], "gold": gold and {k: gold[k] for k in (
                "field", "start", "end", "city", "agency")}, "predicted": pred})
    result = {
        "articles": len(labels),
        "detection": _prf(counts["tp"], counts["pred"], counts["gold"]),
        "city": _prf(counts["city_tp"], counts["city_pred"], counts["city_gold"]),
        "agency": _prf(counts["agency_tp"], counts["agency_pred"], counts["agency_gold"]),
        "exact_match_rate": round(counts["exact"] / len(labels), 3) if labels else None,
    }
    if counts["published_labelled"]:
        result["published_accuracy"] = round(counts["published_ok"]
                                             / counts["published_labelled"], 3)
    return result, errors


def evaluate_examples(folder: Path = EXAMPLES) -> tuple[dict, list[dict]]:
    """The repository's own plain-text examples of dateline layouts (texts written for it),
    labelled in ``datelines_examples.jsonl`` with the publication date too."""
    labels = [json.loads(line) for line in (folder.parent / "datelines_examples.jsonl")
              .read_text(encoding="utf-8").splitlines() if line.strip()]
    articles: dict[str, Article] = {}
    for lab in labels:
        path = folder / lab["doc"]
        with open(path, "rb") as stream:
            for item in parse_file(path.name, stream, ReadOptions()):
                if isinstance(item, Article):
                    articles[lab["doc"]] = item
    return evaluate(labels, articles, key=lambda lab: lab["doc"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--split", default="all")
    parser.add_argument("--errors", action="store_true", help="list the disagreements")
    parser.add_argument("--no-examples", action="store_true",
                        help="skip the repository's own examples (tests/data/dates/datelines)")
    args = parser.parse_args(argv)
    data = shared_data(args.data)
    if data is None:
        print(json.dumps({"error": "shared data not found (set AKHBAR_SHARED_DATA)"}))
        return 2
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    if args.split != "all":
        labels = [lab for lab in labels if lab["split"] == args.split]
    articles: dict[str, Article] = {}
    options = ReadOptions()
    for zip_name in sorted({lab["zip"] for lab in labels}):
        path = data / "corpora" / "saudinewsnet" / zip_name
        with open(path, "rb") as stream:
            for item in parse_file(str(path), stream, options):
                if isinstance(item, Article):
                    articles[f"{zip_name}#{item.source_uri.split('.zip#', 1)[1]}"] = item
    result, errors = evaluate(labels, articles)
    result["split"] = args.split
    if args.errors:
        result["errors"] = errors
    if not args.no_examples:
        ex_result, ex_errors = evaluate_examples()
        result["examples"] = ex_result
        if args.errors:
            ex_result["errors"] = ex_errors
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
