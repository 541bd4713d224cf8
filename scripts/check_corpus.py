"""Library-level sweep over the shared corpora with ``akhbar.formats.parse_file``.

Parses every ANT v1.1 file and every SaudiNewsNet zip, and prints JSON with, per corpus:
files, articles, dead letters by reason, formats, encodings, how many articles have a
title / lead / published / dateline, exact duplicates (same whitespace-collapsed body),
and for ANT a check of ``published`` against the TIME field on a seeded random sample
(the expected date is computed here independently, with ``datetime.strptime``).

    python scripts/check_corpus.py [--data DIR] [--sample 100] [--seed 13]
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from akhbar.article import Article  # noqa: E402
from akhbar.formats import ReadOptions, parse_file  # noqa: E402
from scripts.datadir import shared_data  # noqa: E402

_TIME_RE = re.compile(r"<TIME>\s*(.*?)\s*</TIME>", re.DOTALL)
_WS_RE = re.compile(r"\s+")


def sweep(name: str, paths: list[str], options: ReadOptions) -> tuple[dict, dict[str, Article]]:
    """Parse ``paths``; counts plus the articles by source URI (bodies dropped)."""
    stats: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    dateline_fields: Counter[str] = Counter()
    hashes: set[str] = set()
    by_uri: dict[str, Article] = {}
    started = time.perf_counter()
    for path in paths:
        stats["files"] += 1
        with open(path, "rb") as stream:
            for item in parse_file(path, stream, options):
                if not isinstance(item, Article):
                    reasons[item.reason] += 1
                    stats["dead_letters"] += 1
                    continue
                stats["articles"] += 1
                formats[item.source_format] += 1
                encodings[item.encoding or "?"] += 1
                for key in ("title", "lead", "published"):
                    stats[f"with_{key}"] += getattr(item, key) is not None
                if item.dateline:
                    stats["with_dateline"] += 1
                    dateline_fields[item.dateline["field"]] += 1
                digest = hashlib.sha1(_WS_RE.sub(" ", item.body).strip().encode()).hexdigest()
                if digest in hashes:
                    stats["duplicates"] += 1
                hashes.add(digest)
                item.body = ""
                by_uri[item.source_uri] = item
    elapsed = time.perf_counter() - started
    result = {
        "corpus": name,
        **dict(stats),
        "dead_letters_by_reason": dict(reasons),
        "formats": dict(formats),
        "encodings": dict(encodings),
        "dateline_fields": dict(dateline_fields),
        "seconds": round(elapsed, 1),
        "articles_per_second": round(stats["articles"] / elapsed, 1) if elapsed else None,
    }
    if stats["articles"]:
        result["published_rate"] = round(stats["with_published"] / stats["articles"], 4)
    return result, by_uri


def expected_time(raw: str) -> str | None:
    """The date of an ANT TIME value, parsed independently of ``akhbar.published``."""
    for fmt, width in (("%Y-%m-%d", 10), ("%d/%m/%Y", 10)):
        try:
            return dt.datetime.strptime(raw[:width], fmt).date().isoformat()
        except ValueError:
            continue
    return None


def check_published(paths: list[str], by_uri: dict[str, Article], n: int, seed: int) -> dict:
    """``published`` vs the TIME field on ``n`` random files."""
    rng = random.Random(seed)
    sample = rng.sample(paths, min(n, len(paths)))
    agree, mismatches = 0, []
    for path in sample:
        with open(path, encoding="utf-8-sig") as fh:
            m = _TIME_RE.search(fh.read())
        want = expected_time(m.group(1)) if m else None
        got = by_uri[path].published if path in by_uri else None
        if want is not None and want == got:
            agree += 1
        else:
            mismatches.append({"file": os.path.basename(path), "time": m and m.group(1),
                               "expected": want, "published": got})
    return {"sample": len(sample), "seed": seed, "correct": agree,
            "mismatches": mismatches[:20]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="shared data dir (default: $AKHBAR_SHARED_DATA "
                        "or ../shared/data)")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", choices=("ant", "saudinewsnet"))
    args = parser.parse_args(argv)
    data = shared_data(args.data)
    if data is None:
        print(json.dumps({"error": "shared data not found (set AKHBAR_SHARED_DATA)"}))
        return 2
    options = ReadOptions()
    report = {}
    if args.only in (None, "ant"):
        ant = sorted(glob.glob(str(data / "corpora/ant-v1.1/*/*.txt")))
        stats, by_uri = sweep("ant-v1.1", ant, options)
        stats["published_vs_time"] = check_published(ant, by_uri, args.sample, args.seed)
        report["ant"] = stats
    if args.only in (None, "saudinewsnet"):
        snn = sorted(glob.glob(str(data / "corpora/saudinewsnet/*.zip")))
        report["saudinewsnet"], _ = sweep("saudinewsnet", snn, options)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
