"""Page faults, system CPU and the largest numpy blocks of the entity recognizer's batch
path, in one process, under the malloc settings of a pipeline worker or others.

Parses and normalizes ``--files`` ANT files, then times ``find_entities_many`` alone over
them in batches of ``ENTITY_BATCH`` articles (after one warm-up pass over the same
batches, so that the per-type caches are full, as in a long-running worker). Prints user
and system CPU, minor page faults and RSS of the timed pass; ``--top`` lists the
allocation sites of the largest blocks (``tracemalloc``, which numpy reports to).

    python scripts/bench/recognizer_faults.py --files 300 --mmap-threshold 65536
    python scripts/bench/recognizer_faults.py --files 300 --worker   # pipeline.worker's settings
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="ant-v1.1")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--mmap-threshold", type=int, default=0,
                    help="fix glibc's mmap threshold (bytes; 0: glibc's default)")
    ap.add_argument("--worker", action="store_true",
                    help="tune malloc as pipeline.worker does for its workers")
    ap.add_argument("--top", type=int, default=0, help="list the N largest allocation sites")
    args = ap.parse_args()

    from pipeline import worker

    if args.worker:
        worker.tune_malloc()
    elif args.mmap_threshold:
        worker.limit_malloc_arenas()
        worker.mmap_large_allocations(args.mmap_threshold)

    from benchmark import list_files, resolve_corpus

    from akhbar.article import Article
    from akhbar.enrich import ENTITY_BATCH, find_entities_many, normalize_article
    from akhbar.formats import ReadOptions, parse_file
    from akhbar.ner import load_recognizer

    files = list_files(resolve_corpus(args.corpus))[:args.files]
    articles = []
    for uri in files:
        with open(uri, "rb") as f:
            items = parse_file(uri, io.BytesIO(f.read()), ReadOptions())
            articles += [a for a in items if isinstance(a, Article)
                         and normalize_article(a, "light")]
    batches = [articles[i:i + ENTITY_BATCH] for i in range(0, len(articles), ENTITY_BATCH)]
    recognizer = load_recognizer("builtin")
    for batch in batches:  # warm-up: the per-type caches
        find_entities_many(batch, recognizer)
    if args.top:
        import tracemalloc

        tracemalloc.start(1)
    print("-- timed pass --", file=sys.stderr, flush=True)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    for batch in batches:
        find_entities_many(batch, recognizer)
    r1, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - t0
    out = {
        "articles": len(articles), "batches": len(batches),
        "user_s": round(r1.ru_utime - r0.ru_utime, 3),
        "sys_s": round(r1.ru_stime - r0.ru_stime, 3),
        "minor_faults": r1.ru_minflt - r0.ru_minflt,
        "wall_s": round(wall, 2),
        "rss_mib": round((worker.resident_bytes() or 0) / 2**20, 1),
        "max_rss_mib": round(r1.ru_maxrss / 1024, 1),
    }
    print(json.dumps(out))
    if args.top:
        peak = tracemalloc.get_traced_memory()[1]
        stats = tracemalloc.take_snapshot().statistics("lineno")
        print(f"tracemalloc peak {peak / 2**20:.1f} MiB")
        for s in sorted(stats, key=lambda s: -s.size)[:args.top]:
            print(s)


if __name__ == "__main__":
    main()
