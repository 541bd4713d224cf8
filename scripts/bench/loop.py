"""(b) The plain multiprocessing loop: the same per-article functions as the pipeline.

It produces what the pipeline's default run produces, in two passes over the files, as
the pipeline does. First the duplicate pass: each of ``workers`` processes takes chunks of
files from a queue and returns ``akhbar.dedup.file_keys`` of each file (fingerprints, and
the near-duplicate records and band keys); the parent turns them into ``{id: first_id}``
(``duplicates_of``) and ``{id: (representative, similarity)}``
(``akhbar.neardup.cluster_records``) and hands both to every process. Then the main pass,
per file: read the bytes, ``parse_file``, ``normalize_article``, ``duplicate_of`` and
``near_duplicate_of`` from those maps; then ``find_entities_many`` on batches of
``ENTITY_BATCH`` articles, which may span files and chunks (as the pipeline's entities step
batches across a bundle; on a failure each article again alone), ``find_dates`` (failures
recorded in ``errors`` as the pipeline does), ``to_record`` + schema check, and append the
record to the process's own deflate Avro file (as ``WriteToAvro`` does). Left out: writing
the dead letters (they are only counted). The recognizer loads once per process.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import time
from collections.abc import Sequence
from typing import Any

CHUNK = 8  # files per task at most


def _worker(index: int, tasks, results, copies_queue, out_dir: str, level: str,
            keep_body: bool, near) -> None:
    import fastavro

    from akhbar.article import Article, StepError
    from akhbar.dedup import file_keys
    from akhbar.enrich import ENTITY_BATCH, find_dates, find_entities_many, normalize_article
    from akhbar.formats import ReadOptions, parse_file
    from akhbar.ner import load_recognizer
    from akhbar.schema import article_schema, misfit

    recognizer = load_recognizer("builtin")
    schema = article_schema()
    options = ReadOptions()
    counts = {"files": 0, "articles_read": 0, "articles_written": 0, "dead_letters": 0,
              "extractor_failures": 0, "duplicates_flagged": 0,
              "near_duplicates_flagged": 0}
    copies: dict[str, str] | None = None
    twins: dict[str, tuple[str, float]] = {}

    def failed(article: Article, step: str, exc: Exception) -> None:
        counts["extractor_failures"] += 1  # as ExtractFn does
        article.errors.append(StepError(step, "extractor_error", repr(exc)))

    def entities(batch: list[Article]) -> None:
        try:
            found = find_entities_many(batch, recognizer)
        except Exception:  # noqa: BLE001 - as BatchExtractFn does: again one by one
            for article in batch:
                try:
                    article.entities = find_entities_many([article], recognizer)[0]
                except Exception as exc:  # noqa: BLE001
                    failed(article, "entities", exc)
            return
        for article, mentions in zip(batch, found, strict=True):
            article.entities = mentions

    def finish(batch: list[Article], writer) -> None:
        entities(batch)
        for item in batch:
            try:
                item.dates = find_dates(item)
            except Exception as exc:  # noqa: BLE001
                failed(item, "dates", exc)
            record = item.to_record(keep_body)
            if misfit(record, schema):
                counts["dead_letters"] += 1
                continue
            writer.write(record)
            counts["articles_written"] += 1
            counts["duplicates_flagged"] += item.duplicate_of is not None
            counts["near_duplicates_flagged"] += item.near_duplicate_of is not None

    path = os.path.join(out_dir, f"articles-{index:05d}.avro")
    with open(path, "wb") as handle:
        writer = fastavro.write.Writer(handle, schema, codec="deflate")
        ready: list[Article] = []
        while True:
            task = tasks.get()
            if task is None:
                break
            kind, chunk = task
            if kind == "hash":
                keys = []
                for uri in chunk:
                    with open(uri, "rb") as f:
                        keys += file_keys(uri, io.BytesIO(f.read()), options, level,
                                          near=near)
                results.put(keys)
                continue
            if copies is None:  # the duplicate pass is over: its result comes first
                copies, twins = copies_queue.get()
            for uri in chunk:
                counts["files"] += 1
                with open(uri, "rb") as f:
                    data = f.read()
                for item in parse_file(uri, io.BytesIO(data), options):
                    if not isinstance(item, Article):
                        counts["dead_letters"] += 1
                        continue
                    counts["articles_read"] += 1
                    if not normalize_article(item, level):
                        counts["dead_letters"] += 1
                        continue
                    item.duplicate_of = copies.get(item.id)
                    twin = twins.get(item.id)
                    if twin is not None:
                        item.near_duplicate_of, item.near_duplicate_similarity = twin
                    ready.append(item)
                    if len(ready) == ENTITY_BATCH:
                        finish(ready, writer)
                        ready = []
        if ready:
            finish(ready, writer)
        writer.flush()
    results.put({**counts, "recognizer": type(recognizer).__name__})


def run_loop(files: Sequence[str], out_dir: str, workers: int, level: str = "light",
             keep_normalized_body: bool = True, dedup: bool = True,
             near_duplicates: bool = True) -> dict[str, Any]:
    """Process ``files`` with ``workers`` processes; counts and wall time (seconds).
    ``dedup=False`` skips the exact duplicates (as the pipeline's ``dedup.enabled: false``),
    ``near_duplicates=False`` the near ones (``dedup.near.enabled: false``); the duplicate
    pass runs when either is on."""
    from akhbar.dedup import duplicates_of
    from akhbar.neardup import NearParams, cluster_records

    near = NearParams() if near_duplicates else None
    ctx = mp.get_context("fork")
    tasks, results = ctx.Queue(), ctx.Queue()
    copies_queues = [ctx.Queue() for _ in range(workers)]
    started = time.perf_counter()
    procs = [ctx.Process(target=_worker, args=(i, tasks, results, copies_queues[i], out_dir,
                                                level, keep_normalized_body, near))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    # at least ~4 tasks per process, so that a few big files (zips) do not all land on one
    chunk = max(1, min(CHUNK, len(files) // (4 * workers)))
    chunks = [list(files[i:i + chunk]) for i in range(0, len(files), chunk)]
    copies: dict[str, str] = {}
    twins: dict[str, tuple[str, float]] = {}
    if dedup or near:
        for part in chunks:
            tasks.put(("hash", part))
        keys = [key for _ in chunks for key in results.get()]
        if dedup:
            copies = duplicates_of((fp, article_id) for fp, article_id, _ in keys)
        if near:
            twins = cluster_records((made for _, _, made in keys if made), near).flags
    for queue in copies_queues:
        queue.put((copies, twins))
    for part in chunks:
        tasks.put(("main", part))
    for _ in procs:
        tasks.put(None)
    per_worker = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    wall = time.perf_counter() - started
    if any(proc.exitcode for proc in procs):
        raise RuntimeError(f"loop worker failed: exit codes {[p.exitcode for p in procs]}")
    recognizers = sorted({c.pop("recognizer") for c in per_worker})
    totals = {key: sum(c[key] for c in per_worker) for key in per_worker[0]}
    return {**totals, "wall_seconds": wall, "workers": workers, "recognizer": recognizers,
            "dedup": dedup, "near_duplicates": near_duplicates}
