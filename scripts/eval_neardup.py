"""Near-duplicate quality against brute-force exact Jaccard, and corpus counts.

Reads a corpus with the pipeline's light pass (``akhbar.dedup.file_keys``: the same ids,
normalized bodies and signatures as ``akhbar run``), runs the in-memory form of the
near-duplicate step (``akhbar.neardup.find_near_duplicates``) and compares:

- on a random sample (``--sample N``, seeded): the exact Jaccard of the shingle sets of
  every pair, by brute force (a sparse product), against the pairs the step verified and
  against the pairs its clusters put together; precision and recall at the threshold;
- on the whole corpus: flagged articles, clusters, cross-source clusters, skipped buckets.

``--pairs FILE`` writes verified pairs whose exact Jaccard is below ``--below`` (default
0.9) as JSON lines with both texts, for a hand check (keep that file out of the repo).

    python scripts/eval_neardup.py ../shared/data/corpora/saudinewsnet --sample 3000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

from akhbar.article import Article
from akhbar.formats import ReadOptions, parse_file
from akhbar.neardup import NearParams, find_near_duplicates, near_record
from akhbar.normalize import normalize


def load(root: Path, params: NearParams, level: str) -> list[dict]:
    """Every article of the corpus: id, source, published, normalized body, signature
    (the light parse and the record of the pipeline's duplicate pass)."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".zip", ".txt",
                                                                             ".json", ".gz"))
    out: list[dict] = []
    light = ReadOptions(light=True)
    for path in files:
        if path.name in ("LICENSE", "README.md", "PROVENANCE.txt"):
            continue
        with path.open("rb") as stream:
            for item in parse_file(str(path), stream, light):
                if not isinstance(item, Article) or not item.body.strip():
                    continue
                text = normalize(item.body, level).text
                made = near_record(item, text, params)
                if made is None:
                    continue
                rec = made[0]
                out.append({"id": item.id, "shingles": rec[1], "published": rec[2],
                            "source": rec[3], "text": text, "title": item.title,
                            "uri": item.source_uri})
    return out


def reference_shingles(text: str, size: int) -> set[int]:
    """The word shingles of a text, hashed independently of ``akhbar.neardup`` (Python's
    64-bit string hash of the joined words): the brute force checks the hashing too."""
    words = text.split()
    k = min(size, len(words))
    return {hash(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)} if words else set()


def exact_pairs(texts: list[str], size: int, threshold: float) -> dict[tuple[int, int], float]:
    """All pairs (i < j) with exact shingle Jaccard >= ``threshold``, by brute force."""
    sets = [np.fromiter(reference_shingles(t, size), dtype=np.int64) for t in texts]
    vocab: dict[int, int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for h in s.tolist():
            rows.append(i)
            cols.append(vocab.setdefault(h, len(vocab)))
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                          shape=(len(sets), len(vocab)))
    sizes = np.array([s.size for s in sets], dtype=np.float64)
    found: dict[tuple[int, int], float] = {}
    step = 1000
    for start in range(0, len(sets), step):
        inter = (x[start:start + step] @ x.T).tocoo()
        for i, j, v in zip(inter.row + start, inter.col, inter.data, strict=True):
            if i < j:
                jac = v / (sizes[i] + sizes[j] - v)
                if jac >= threshold:
                    found[(int(i), int(j))] = float(jac)
    return found


def pair_jaccard(a: str, b: str, size: int) -> float:
    sa, sb = reference_shingles(a, size), reference_shingles(b, size)
    return len(sa & sb) / max(1, len(sa | sb))


def quality(arts: list[dict], params: NearParams, sample: int, seed: int) -> dict:
    rng = random.Random(seed)
    chosen = rng.sample(arts, sample) if 0 < sample < len(arts) else list(arts)
    index = {a["id"]: i for i, a in enumerate(chosen)}
    t0 = time.perf_counter()
    truth = exact_pairs([a["text"] for a in chosen], params.shingle, params.threshold)
    brute = time.perf_counter() - t0
    result = find_near_duplicates(((a["id"], a["published"], a["shingles"]) for a in chosen), params)
    verified = {tuple(sorted((index[a], index[b]))) for a, b in result.pairs}
    clustered = set()
    for members in result.clusters:
        ids = sorted(index[m] for m in members)
        clustered.update((i, j) for k, i in enumerate(ids) for j in ids[k + 1:])

    def pr(found: set) -> dict:
        tp = len(found & set(truth))
        return {"found": len(found), "true_positives": tp,
                "precision": round(tp / len(found), 4) if found else None,
                "recall": round(tp / len(truth), 4) if truth else None}

    # Jaccard of the false positives (how far below the threshold they are).
    texts = [a["text"] for a in chosen]
    fp = sorted(round(pair_jaccard(texts[i], texts[j], params.shingle), 3)
                for i, j in verified - set(truth))
    fn = sorted(round(truth[p], 3) for p in set(truth) - verified)
    return {"sample": len(chosen), "seed": seed, "true_pairs": len(truth),
            "brute_force_seconds": round(brute, 1),
            "verified_pairs": pr(verified), "cluster_pairs": pr(clustered),
            "false_positive_jaccards": fp, "missed_pair_jaccards": fn}


def counts(arts: list[dict], params: NearParams) -> tuple[dict, object]:
    t0 = time.perf_counter()
    result = find_near_duplicates(((a["id"], a["published"], a["shingles"]) for a in arts), params)
    by_id = {a["id"]: a for a in arts}
    multi = [c for c in result.clusters if len(c) > 1]
    cross = [c for c in multi if len({by_id[m]["source"] for m in c}) > 1]
    sizes = Counter(len(c) for c in multi)
    return {"articles": len(arts), "flagged": len(result.flags), "clusters": len(multi),
            "cross_source_clusters": len(cross),
            "articles_with_a_near_twin": sum(len(c) for c in multi),
            "verified_pairs": len(result.pairs),
            "cross_source_pairs": sum(by_id[a]["source"] != by_id[b]["source"]
                                      for a, b in result.pairs),
            "skipped_oversize_buckets": result.skipped_buckets,
            "largest_clusters": sorted(sizes.items(), reverse=True)[:5],
            "seconds": round(time.perf_counter() - t0, 1)}, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--sample", type=int, default=3000,
                    help="articles drawn at random for the brute force; 0: all of them")
    ap.add_argument("--cache", type=Path, help="pickle of the loaded corpus (made if absent)")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--level", default="light")
    ap.add_argument("--pairs", type=Path, help="write verified pairs below --below here")
    ap.add_argument("--below", type=float, default=0.9)
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--no-counts", action="store_true")
    args = ap.parse_args(argv)
    params = NearParams()
    t0 = time.perf_counter()
    if args.cache and args.cache.exists():
        arts = pickle.loads(args.cache.read_bytes())
    else:
        arts = load(args.corpus, params, args.level)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(arts))
    report: dict = {"corpus": str(args.corpus), "params": dataclasses.asdict(params),
                    "load_seconds": round(time.perf_counter() - t0, 1)}
    if args.sample >= 0:
        report["quality"] = quality(arts, params, args.sample, args.seed)
    if not args.no_counts:
        report["counts"], result = counts(arts, params)
        if args.pairs:
            by_id = {a["id"]: a for a in arts}
            rows = []
            pairs = sorted(result.pairs)
            random.Random(args.seed).shuffle(pairs)
            for a, b in pairs:
                jac = pair_jaccard(by_id[a]["text"], by_id[b]["text"], params.shingle)
                if jac < args.below:
                    rows.append({"jaccard": round(jac, 3), "a": a, "b": b,
                                 "sources": [by_id[a]["source"], by_id[b]["source"]],
                                 "titles": [by_id[a]["title"], by_id[b]["title"]],
                                 "texts": [by_id[a]["text"], by_id[b]["text"]]})
                if len(rows) == args.limit:
                    break
            with args.pairs.open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            report["hand_check_pairs_written"] = len(rows)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
