"""The resolution gold and its scorer (scripts/eval_index.py)."""

from __future__ import annotations

import json
from collections import Counter

from akhbar.index.resolve import entity_id
from tests.helpers import load_script

eval_index = load_script("eval_index")
_gold = load_script("make_index_gold")
DATA, build = _gold.DATA, _gold.build


def _pairs() -> list[dict]:
    return [json.loads(line) for line in open(DATA / "pairs.jsonl", encoding="utf-8")]


def test_gold_is_generated_from_the_groups_and_has_hard_negatives():
    groups = json.loads((DATA / "groups.json").read_text(encoding="utf-8"))
    pairs = _pairs()
    assert pairs == build(groups)  # pairs.jsonl is up to date
    kinds = Counter(p["kind"] for p in pairs if not p["same"])
    assert len(pairs) >= 300
    assert kinds["hard_negative_surname"] >= 30 and kinds["hard_negative_type"] >= 10
    assert kinds["hard_negative_father"] >= 10


def test_scorer_counts_pairs_against_an_index():
    pairs = [p for p in _pairs() if p["corpus"] == "snn"]
    # an index that knows nothing: each key is its own entity; in-article links still hold
    empty = eval_index.score(pairs, {"snn": {}})
    assert empty["recall"] < 1.0 and empty["tp"] > 0
    assert empty["tp"] + empty["fn"] == sum(p["same"] for p in pairs)
    # an index that puts every entity of a type in one: recall 1, precision poor
    lumped = {f"{t}\t{k}": "X" for t in ("PERS", "LOC", "ORG", "MISC")
              for k in _all_keys(pairs, t)}
    everything = eval_index.score(pairs, {"snn": lumped})
    assert everything["recall"] == 1.0 and everything["precision"] < 0.8
    assert entity_id("PERS", "x") != "X"


def _all_keys(pairs: list[dict], etype: str) -> set[str]:
    from akhbar.index.resolve import article_observations
    keys = set()
    for p in pairs:
        for m in (p["a"], p["b"]):
            ents = [{"text": m["form"], "type": m["type"], "cluster": "m"}]
            ents += [{"text": w, "type": m["type"], "cluster": f"w{i}"}
                     for i, w in enumerate(m["with"])]
            keys |= {o.key for o in article_observations(ents) if o.type == etype}
    return keys
