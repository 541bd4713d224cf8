"""Count the entity mentions that are function words, titles or common nouns.

Reads articles from files, directories or containers (any format ``akhbar`` reads), at
most ``--limit`` of them per input (spread over its files), finds their entities as
the pipeline does (light normalization, ``find_entities_many``) and counts the mentions
whose words are all on the list of ``akhbar.ner.stopwords`` (one listed word, or only
function words, titles and honorifics). The goal is 0. Prints JSON.

    python scripts/count_nonentities.py /path/to/ant-v1.1 /path/to/saudinewsnet --limit 2000
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from akhbar.article import Article  # noqa: E402
from akhbar.enrich import ENTITY_BATCH, find_entities_many, normalize_article  # noqa: E402
from akhbar.formats import parse_file  # noqa: E402
from akhbar.ner.stopwords import non_entity_mentions  # noqa: E402


def articles(path: Path, limit: int):
    """Up to ``limit`` articles under ``path`` (a file or a directory tree), spread over
    its files: every k-th file of a corpus of more files than ``limit`` (ANT: one article
    a file), else the same share of each file (SaudiNewsNet: one container a day)."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files = [f for f in files
             if not f.name.upper().startswith(("README", "LICENSE", "PROVENANCE", "UPSTREAM"))]
    if len(files) > limit:
        files = files[::len(files) // limit]
    share = -(-limit // len(files))
    n = 0
    for file in files:
        k = 0
        for item in parse_file(str(file), io.BytesIO(file.read_bytes())):
            if isinstance(item, Article) and normalize_article(item, "light"):
                yield item
                n += 1
                k += 1
                if n >= limit:
                    return
                if k >= share:
                    break


def count(path: Path, limit: int, recognizer) -> dict:
    """Mentions, non-entity mentions and the most frequent of them for one input."""
    total, bad, words = 0, 0, Counter()
    batch: list[Article] = []
    n = 0
    t0 = time.process_time()

    def flush() -> None:
        nonlocal total, bad
        for found in find_entities_many(batch, recognizer):
            total += len(found)
            wrong = non_entity_mentions(found)
            bad += len(wrong)
            words.update(f"{m.type}:{m.normalized or m.text}" for m in wrong)
        batch.clear()

    for article in articles(path, limit):
        n += 1
        batch.append(article)
        if len(batch) == ENTITY_BATCH:
            flush()
    flush()
    return {"input": str(path), "articles": n, "mentions": total, "non_entity_mentions": bad,
            "top": words.most_common(20), "cpu_s": round(time.process_time() - t0, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=2000, help="articles per input")
    ap.add_argument("--backend", default="builtin")
    args = ap.parse_args()
    from akhbar.ner import load_recognizer

    rec = load_recognizer(args.backend)
    print(json.dumps([count(p, args.limit, rec) for p in args.inputs], ensure_ascii=False,
                     indent=2))


if __name__ == "__main__":
    main()
