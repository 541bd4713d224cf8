"""Score cross-article entity resolution on the gold mention pairs.

Each line of the gold (``tests/data/index/pairs.jsonl``) is a pair of mentions, each a
surface ``form`` with its ``type`` and the full names written in the same article
(``with``), the corpus they come from, whether they are the same entity (``same``) and
the kind of pair (spelling, title, family, short_full, hard_negative_surname, ...). A
mention gets the entity id that the index of its corpus gives its key (its own id when
the corpus index does not know the key). Pairwise precision and recall:

    python scripts/eval_index.py --index snn=/tmp/snn/index --index ant=/tmp/ant/index
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from akhbar.index.resolve import article_observations, decide, entity_id, offers  # noqa: E402
from akhbar.index.stats import kkey  # noqa: E402
from pipeline.index_store import iter_table  # noqa: E402

GOLD = REPO / "tests" / "data" / "index" / "pairs.jsonl"


class Index(dict):
    """``TYPE<TAB>key`` -> entity id from an index's keys table; a key the corpus never
    had alone is resolved as the index would resolve it (``decide`` with the corpus's
    candidates and no articles of its own)."""

    def __init__(self, ids: dict[str, str], candidates: dict[str, dict[str, int]]):
        super().__init__(ids)
        self.candidates = candidates

    def __missing__(self, kk: str) -> str:
        etype, _, key = kk.partition("\t")
        target = decide(etype, key, 0, self.candidates.get(kk, {}))
        return self.get(kkey(etype, target)) or entity_id(etype, target)


def load_ids(index_dir: str) -> Index:
    """The index's key -> entity id table (see ``Index``)."""
    ids: dict[str, str] = {}
    candidates: dict[str, dict[str, int]] = {}
    for row in iter_table(index_dir, "keys"):
        if not row["entity_id"]:
            continue
        ids[kkey(row["type"], row["key"])] = row["entity_id"]
        for target, cand, n in offers(row["type"], row["key"], row["articles"]):
            candidates.setdefault(kkey(row["type"], target), {})[cand] = n
    if not ids:
        raise SystemExit(f"no keys-*.avro under {index_dir}: run `akhbar index` first")
    return Index(ids, candidates)


def resolve_mention(mention: dict[str, Any], ids: dict[str, str]) -> str:
    """The entity id of a gold mention, in its article context."""
    ents = [{"text": mention["form"], "type": mention["type"], "cluster": "m"}]
    ents += [{"text": w, "type": mention.get("with_type", mention["type"]),
              "cluster": f"w{i}"} for i, w in enumerate(mention.get("with") or ())]
    for obs in article_observations(ents):
        if "m" in obs.clusters:
            kk = kkey(obs.type, obs.key)
            if isinstance(ids, Index):
                return ids[kk]
            return ids.get(kk) or entity_id(obs.type, obs.key)
    raise ValueError(f"no key for {mention}")


def score(pairs: list[dict[str, Any]], indexes: dict[str, dict[str, str]]) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    by_kind: Counter = Counter()
    errors = []
    for pair in pairs:
        ids = indexes[pair["corpus"]]
        same = resolve_mention(pair["a"], ids) == resolve_mention(pair["b"], ids)
        gold = pair["same"]
        tp += same and gold
        fp += same and not gold
        fn += gold and not same
        tn += not gold and not same
        by_kind[(pair["kind"], "ok" if same == gold else "wrong")] += 1
        if same != gold:
            errors.append({"id": pair["id"], "kind": pair["kind"], "gold": gold,
                           "a": pair["a"]["form"], "b": pair["b"]["form"]})
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    kinds = sorted({k for k, _ in by_kind})
    return {
        "pairs": len(pairs), "positives": tp + fn, "negatives": fp + tn,
        "precision": round(precision, 4), "recall": round(recall, 4),
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "by_kind": {k: {"ok": by_kind[(k, "ok")], "wrong": by_kind[(k, "wrong")]}
                    for k in kinds},
        "errors": errors,
    }


def top_people(index_dir: str, n: int) -> list[dict[str, Any]]:
    """The ``n`` people with most articles: how many report rows (distinct normalized
    forms, the key of the per-article report) each entity collapses, and its aliases."""
    rows = []
    rows += [r for r in iter_table(index_dir, "entities") if r["type"] == "PERS"]
    rows.sort(key=lambda r: (-r["articles"], r["entity_id"]))
    return [{"canonical": r["canonical"], "articles": r["articles"],
             "rows_before": r["distinct_forms"], "keys": r["keys"],
             "aliases": [f"{a['form']} ({a['count']})" for a in r["aliases"][:12]]}
            for r in rows[:n]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--index", action="append", required=True, metavar="CORPUS=DIR",
                        help="the index of each corpus named in the gold (repeatable)")
    parser.add_argument("--top-people", type=int, default=0, metavar="N",
                        help="instead: list the N people with most articles of the first "
                             "index, with the report rows they collapse")
    args = parser.parse_args(argv)
    if args.top_people:
        top = top_people(args.index[0].partition("=")[2] or args.index[0], args.top_people)
        print(json.dumps(top, ensure_ascii=False, indent=1))
        print(f"report rows before: {sum(t['rows_before'] for t in top)}, after: {len(top)}")
        return 0
    pairs = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    indexes = {}
    for spec in args.index:
        name, _, path = spec.partition("=")
        indexes[name] = load_ids(path)
    result = score([p for p in pairs if p["corpus"] in indexes], indexes)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
