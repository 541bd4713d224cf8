#!/usr/bin/env python
"""Score akhbar.dates on one batch of a repository set (e.g. held-out docs h25-h36 only).

Usage:
    python scripts/score_batch.py --first h25 --last h36 [--set heldout] [--code DIR]
                                  [--errors] [--against FILE]

Prints one JSON object: strict and lenient precision/recall/F1 and value accuracy (on
lenient matches), for all types and per type, over the documents whose name starts with a
prefix between ``--first`` and ``--last`` (their numbers compared as numbers: ``h97`` to
``h108``). ``--code DIR`` scores the
``akhbar`` package found in DIR instead of this checkout's (an older commit unpacked with
``git archive COMMIT akhbar | tar -x -C DIR``), on this checkout's texts and gold, so a new
batch can be scored with old code for comparison without touching the gold.
``--against FILE`` scores a second human annotation of the same documents (a jsonl in the
gold's format, e.g. ``tests/data/dates/second/D.jsonl``) instead of the extractor: the
figures are then the agreement between two annotators, the ceiling a score against one of
them can be read against.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_eval(code: Path):
    """``scripts/eval_dates.py`` of this checkout, with ``akhbar`` imported from ``code``."""
    sys.path.insert(0, str(code))
    import akhbar.dates  # noqa: F401 - cached before eval_dates puts ROOT on sys.path

    spec = importlib.util.spec_from_file_location("eval_dates", ROOT / "scripts" / "eval_dates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_NUMBERED = re.compile(r"([^\W\d_]*)(\d+)")


def _doc_key(name: str) -> tuple[str, int] | str:
    """``h100_x`` -> ("h", 100): documents numbered past 99 sort after ``h97``."""
    m = _NUMBERED.match(name)
    return (m.group(1), int(m.group(2))) if m else name


def in_batch(doc: str, first: str, last: str) -> bool:
    """Whether document ``doc`` lies between the prefixes ``first`` and ``last`` (both
    included), numbers compared as numbers (``h97`` .. ``h108``), else as strings."""
    key, lo, hi = _doc_key(doc), _doc_key(first), _doc_key(last)
    if all(isinstance(k, tuple) for k in (key, lo, hi)):
        return lo <= key <= hi
    return first <= doc[:len(first)] <= last


def annotation(path: Path, names: set[str]) -> dict[str, list[dict]]:
    """A second annotation's records of the documents ``names``, by document.

    Every document gets a list (an empty one when the annotator found nothing in it), and a
    record of a document outside ``names`` is an error: the two annotations must cover the
    same batch for the agreement to mean anything.
    """
    preds: dict[str, list[dict]] = {name: [] for name in names}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["doc"] not in preds:
                raise SystemExit(f"{path}: {rec['doc']} is not in the scored batch")
            preds[rec["doc"]].append(rec)
    return preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", required=True, help="first document prefix, e.g. h25")
    ap.add_argument("--last", required=True, help="last document prefix, e.g. h36")
    ap.add_argument("--set", default="heldout", help="one of eval_dates.OWN_SETS")
    ap.add_argument("--code", default=str(ROOT), help="directory holding the akhbar package")
    ap.add_argument("--errors", action="store_true", help="print mismatches to stderr")
    ap.add_argument("--against", help="score this jsonl (a second annotation) instead of akhbar")
    args = ap.parse_args(argv)

    ev = _load_eval(Path(args.code).resolve())
    import akhbar

    docs, gold = ev.load_examples(name=args.set)
    docs = [d for d in docs if in_batch(d["doc"], args.first, args.last)]
    names = {d["doc"] for d in docs}
    gold = [g for g in gold if g["doc"] in names]
    if args.against:
        preds = annotation(Path(args.against), names)
    else:
        extractor = ev.DateExtractor()
        normalize = ev._normalizer()
        preds = {d["doc"]: ev.run_akhbar(extractor, d, normalize) for d in docs}

    def summary(g: list[dict], p: dict[str, list[dict]]) -> dict:
        s = ev.score(docs, g, p)["all"]
        return {"gold": s["strict"]["gold"], "pred": s["strict"]["pred"],
                "strict_p": s["strict"]["precision"], "strict_r": s["strict"]["recall"],
                "strict_f1": s["strict"]["f1"], "lenient_f1": s["lenient"]["f1"],
                "value_accuracy": s["value_accuracy"]}

    source = args.against or str(Path(akhbar.__file__).parent)
    report = {"set": args.set, "documents": len(docs), "code": source,
              "all": summary(gold, preds), "by_type": {}}
    for typ in ("DATE", "TIME", "DURATION", "SET"):
        g = [x for x in gold if x["type"] == typ]
        p = {k: [x for x in v if x["type"] == typ] for k, v in preds.items()}
        report["by_type"][typ] = summary(g, p)
    if args.errors:
        print("\n".join(ev.errors(docs, gold, preds)), file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
