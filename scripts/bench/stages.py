"""(c) CPU cost per article of each step, in one process on one core.

CPU time (``time.thread_time_ns``) rather than wall time, so that other load on a shared
machine inflates the numbers less. ``parse`` is the file's parse time divided by its
articles; ``entities`` runs on batches of ``ENTITY_BATCH`` articles, as in the pipeline,
and a batch's CPU is shared out by the articles' token counts; ``write`` is
``to_record`` + schema check + Avro serialization (deflate block).
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Sequence
from typing import Any

STAGES = ("parse", "normalize", "entities", "dates", "write")
WARMUP_FILES = 5


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 4),
        "p95_ms": round(_percentile(values, 0.95), 4),
        "mean_ms": round(statistics.fmean(values), 4),
    }


def measure_stages(files: Sequence[str], level: str = "light",
                   keep_normalized_body: bool = True,
                   warmup: Sequence[str] = ()) -> dict[str, Any]:
    """Per-stage and total CPU ms per article over ``files``.

    ``warmup`` files run first, unmeasured (default: the first ``WARMUP_FILES`` of
    ``files``): with a disjoint set of ~1,000 files the recognizer's per-word-type caches
    are as full as in a long-running worker, which is where a large run spends its time.
    """
    import fastavro

    from akhbar.article import Article
    from akhbar.enrich import (
        ENTITY_BATCH,
        find_dates,
        find_entities_many,
        normalize_article,
    )
    from akhbar.formats import ReadOptions, parse_file
    from akhbar.ner import load_recognizer
    from akhbar.schema import article_schema, misfit

    clock = time.thread_time_ns
    t0 = clock()
    recognizer = load_recognizer("builtin")
    load_ms = (clock() - t0) / 1e6
    schema = article_schema()
    options = ReadOptions()
    sink = io.BytesIO()
    writer = fastavro.write.Writer(sink, schema, codec="deflate")
    costs: dict[str, list[float]] = {stage: [] for stage in STAGES}
    words: list[int] = []

    def finish(batch: list[tuple[Article, float, float]], record: bool) -> None:
        """Entities for the batch (one call, as the pipeline does; its CPU is shared out
        by the articles' token counts), then dates and write article by article."""
        t = clock()
        found = find_entities_many([a for a, _, _ in batch], recognizer)
        ent_ns = clock() - t
        sizes = [sum(len(n.text.split()) for n in a.normalized.values()) for a, _, _ in batch]
        for (article, parse_ms, norm_ms), mentions, size in zip(batch, found, sizes,
                                                                strict=True):
            article.entities = mentions
            t3 = clock()
            article.dates = find_dates(article)
            t4 = clock()
            rec = article.to_record(keep_normalized_body)
            if misfit(rec, schema) is None:
                writer.write(rec)
                if sink.tell() > 1 << 20:  # keep the buffer small, as a file would
                    writer.flush()
                    sink.seek(0)
                    sink.truncate()
            t5 = clock()
            if record:
                costs["parse"].append(parse_ms)
                costs["normalize"].append(norm_ms)
                costs["entities"].append(ent_ns * size / max(sum(sizes), 1) / 1e6)
                costs["dates"].append((t4 - t3) / 1e6)
                costs["write"].append((t5 - t4) / 1e6)
                words.append(len(article.body.split()))

    def run(paths: Sequence[str], record: bool) -> None:
        batch: list[tuple[Article, float, float]] = []
        for uri in paths:
            with open(uri, "rb") as f:
                data = f.read()
            t = clock()
            items = list(parse_file(uri, io.BytesIO(data), options))
            parse_ns = clock() - t
            articles = [a for a in items if isinstance(a, Article)]
            for article in articles:
                t1 = clock()
                if not normalize_article(article, level):
                    continue
                t2 = clock()
                batch.append((article, parse_ns / len(articles) / 1e6, (t2 - t1) / 1e6))
                if len(batch) == ENTITY_BATCH:
                    finish(batch, record)
                    batch = []
        if batch:
            finish(batch, record)

    run(warmup or files[:WARMUP_FILES], record=False)
    run(files, record=True)
    totals = [sum(costs[s][i] for s in STAGES) for i in range(len(words))]
    per400 = [t * 400 / max(w, 1) for t, w in zip(totals, words, strict=True)]
    near400 = [t for t, w in zip(totals, words, strict=True) if 300 <= w <= 500]
    return {
        "files": len(files),
        "articles": len(words),
        "median_words": statistics.median(words) if words else 0,
        "recognizer_load_cpu_ms": round(load_ms, 1),
        "warmup_files": len(warmup) if warmup else min(WARMUP_FILES, len(files)),
        "stages": {stage: _summary(costs[stage]) for stage in STAGES},
        "total": _summary(totals),
        "total_median_ms_per_400_words": round(statistics.median(per400), 4),
        "articles_300_500_words": len(near400),
        "total_median_ms_300_500_words": (round(statistics.median(near400), 4)
                                          if len(near400) >= 20 else None),
        "stages_300_500_words": {
            stage: round(statistics.median(
                [c for c, w in zip(costs[stage], words, strict=True) if 300 <= w <= 500]), 4)
            for stage in STAGES} if near400 else {},
        "clock": "thread_time (CPU)",
        "recognizer": type(recognizer).__name__,
    }
