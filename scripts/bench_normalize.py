"""Per-article cost of akhbar.normalize on the ANT v1.1 corpus (one core, one process).

Usage:
    python scripts/bench_normalize.py [--data DIR] [--limit N] [--repeat R] [--levels light,...]

Reads the text between <TEXT> and </TEXT> of every ANT file, times ``normalize`` at each level
(best of ``--repeat`` runs per article, after a warm-up that loads camel-tools) and, for the
light output, ``tokenize`` and ``split_sentences``. Prints JSON: median / p95 ms per article,
median words per article, and the median cost scaled to a 400-word article.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from akhbar.normalize import LEVELS, normalize, split_sentences, tokenize  # noqa: E402
from scripts.datadir import NEXT_TO_REPO, shared_data  # noqa: E402

_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def default_data_dir() -> Path | None:
    """``corpora/ant-v1.1`` of the shared data; None when the shared data is not found."""
    shared = shared_data()
    return None if shared is None else shared / "corpora" / "ant-v1.1"


def load_texts(folder: Path, limit: int | None) -> list[str]:
    """The TEXT field of each ANT document (files sorted for a stable sample)."""
    texts = []
    for path in sorted(folder.rglob("*.txt")):
        if path.name in ("README.md", "LICENSE"):
            continue
        m = _TEXT_RE.search(path.read_text(encoding="utf-8", errors="replace"))
        if m and m.group(1).strip():
            texts.append(m.group(1))
            if limit and len(texts) >= limit:
                break
    return texts


def time_ms(fn, arg, repeat: int) -> float:
    """Best-of-``repeat`` wall time of ``fn(arg)`` in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        fn(arg)
        best = min(best, time.perf_counter_ns() - t0)
    return best / 1e6


def summarize(costs: list[float], words: list[int]) -> dict[str, float]:
    """Median, p95 and 400-word-scaled median of per-article costs."""
    ordered = sorted(costs)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    per400 = [c * 400 / max(w, 1) for c, w in zip(costs, words, strict=True)]
    return {
        "median_ms": round(statistics.median(costs), 4),
        "p95_ms": round(p95, 4),
        "mean_ms": round(statistics.fmean(costs), 4),
        "median_ms_per_400_words": round(statistics.median(per400), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="ANT v1.1 folder")
    parser.add_argument("--limit", type=int, default=None, help="at most N articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per article (best kept)")
    parser.add_argument("--levels", default=",".join(LEVELS[1:]), help="comma-separated levels")
    args = parser.parse_args(argv)

    folder = args.data or default_data_dir()
    if folder is None or not folder.is_dir():
        where = folder or NEXT_TO_REPO / "corpora" / "ant-v1.1"
        print(f"ANT v1.1 not found at {where} (set AKHBAR_SHARED_DATA)", file=sys.stderr)
        return 2
    texts = load_texts(folder, args.limit)
    words = [len(t.split()) for t in texts]
    for level in LEVELS:  # warm-up: camel-tools import, tables, regexes
        normalize("كـتاب ﻻ ٣", level)

    result: dict[str, object] = {
        "corpus": str(folder),
        "articles": len(texts),
        "median_words": statistics.median(words),
        "p95_words": sorted(words)[int(0.95 * (len(words) - 1))],
        "median_chars": statistics.median(len(t) for t in texts),
        "repeat": args.repeat,
        "python": sys.version.split()[0],
        "levels": {},
    }
    for level in args.levels.split(","):
        costs = [time_ms(lambda t, lv=level: normalize(t, lv), t, args.repeat) for t in texts]
        changed = sum(normalize(t, level).text != t for t in texts)
        stats = summarize(costs, words)
        near400 = [c for c, w in zip(costs, words, strict=True) if 350 <= w <= 450]
        if near400:
            stats["articles_350_450_words"] = len(near400)
            stats["median_ms_350_450_words"] = round(statistics.median(near400), 4)
            stats["p95_ms_350_450_words"] = round(
                sorted(near400)[int(0.95 * (len(near400) - 1))], 4)
        result["levels"][level] = {**stats, "changed_articles": changed}
    light = [normalize(t, "light").text for t in texts]
    result["tokenize"] = summarize([time_ms(tokenize, t, args.repeat) for t in light], words)
    result["split_sentences"] = summarize(
        [time_ms(split_sentences, t, args.repeat) for t in light], words)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
