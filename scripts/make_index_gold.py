"""tests/data/index/groups.json (hand-written entity groups and negatives) ->
tests/data/index/pairs.jsonl (the mention pairs that scripts/eval_index.py scores).

Positive pairs: every two mentions of one group. Negative pairs: the listed hard
negatives, and the first two mentions of each group against those of the next group of
the same type and corpus (easy negatives). Deterministic: rerun after editing the groups.

    python scripts/make_index_gold.py
"""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "index"
TITLES = ("الرئيس", "الملك", "الأمير", "الشيخ", "وزير", "المستشارة", "رئيس", "خادم", "ولي",
          "المخلوع")


def mention(item: Any, etype: str) -> dict[str, Any]:
    if isinstance(item, str):
        return {"form": item, "type": etype, "with": []}
    return {"form": item["form"], "type": item.get("type", etype), "with": item.get("with", [])}


def kind_of(a: dict[str, Any], b: dict[str, Any]) -> str:
    """The kind of variation between two mentions of one entity (from their text)."""
    if a["with"] or b["with"]:
        return "in_article"
    fa, fb = a["form"].split(), b["form"].split()
    if ("آل" in fa) != ("آل" in fb):
        return "family"
    if (fa[0] in TITLES) != (fb[0] in TITLES) or (fa[0] in TITLES and fb[0] in TITLES):
        return "title"
    if len(fa) == len(fb) or "".join(fa) == "".join(fb):
        return "spelling_clitic"
    return "short_full"


def build(groups: dict[str, Any]) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = []

    def add(corpus: str, a: dict, b: dict, same: bool, kind: str) -> None:
        pairs.append({"id": f"p{len(pairs) + 1:04d}", "corpus": corpus, "same": same,
                      "kind": kind, "a": a, "b": b})

    items = groups["groups"]
    for group in items:
        mentions = [mention(f, group["type"]) for f in group["forms"]]
        for a, b in combinations(mentions, 2):
            add(group["corpus"], a, b, True, kind_of(a, b))
    for neg in groups["negatives"]:
        for left, right in neg["pairs"]:
            add(neg["corpus"], mention(left, "PERS"), mention(right, "PERS"), False, neg["kind"])
    for g1, g2 in zip(items, items[1:], strict=False):
        if (g1["type"], g1["corpus"]) != (g2["type"], g2["corpus"]):
            continue
        for f1, f2 in zip(g1["forms"][:2], g2["forms"][:2], strict=False):
            add(g1["corpus"], mention(f1, g1["type"]), mention(f2, g2["type"]), False,
                "different")
    return pairs


def main() -> int:
    groups = json.loads((DATA / "groups.json").read_text(encoding="utf-8"))
    pairs = build(groups)
    with open(DATA / "pairs.jsonl", "w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair, ensure_ascii=False) + "\n")
    same = sum(p["same"] for p in pairs)
    print(f"{len(pairs)} pairs: {same} same, {len(pairs) - same} different")
    return 0


if __name__ == "__main__":
    sys.exit(main())
