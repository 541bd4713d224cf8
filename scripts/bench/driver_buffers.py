"""What a local run's driver holds in the FnApiRunner's buffers, per buffer, and the peak
RSS of every process per stage (for finding what grows with the corpus).

The local FnApiRunner keeps every shuffle (``GroupingBuffer``: decoded while it fills,
then encoded) and every PCollection that crosses stages (``ListBuffer``) in the driver
process. This runs ``akhbar run`` in-process over N files of a corpus (the copies keep
their ids, as ``scripts/benchmark.py --sizes Nx`` makes them), samples those buffers
every 0.5 s (sizes of the Python objects while decoded, of the bytes once encoded) and
the RSS of the driver and of each worker, and prints one JSON line: the peak tree RSS,
the peak per process, the buffers at the moment their sum peaked, the largest size each
buffer reached, and the stages at which the tree RSS was highest. Run it at 1x and Nx
and divide the difference by the extra files to get bytes per file.

Usage (from the repository root)::

    python scripts/bench/driver_buffers.py --limit 1000 --copies 16 --no-entities
    python scripts/bench/driver_buffers.py --copies 1 --no-near-duplicates
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any

import psutil
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "scripts"), str(REPO)]

from bench.memory import TreeRSSSampler  # noqa: E402

MIB = 2**20


class BufferWatch:
    """Tags the runner's buffers with their PCollection or shuffle name, remembers the
    stage running, and samples sizes and RSS in a thread."""

    def __init__(self) -> None:
        self.live: weakref.WeakSet = weakref.WeakSet()
        self.stage = "start"
        self.peak: dict[str, Any] = {"total": 0, "rows": []}
        self.largest: dict[str, int] = {}
        self.by_stage: dict[str, list[int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def install(self) -> None:
        watch = self
        get_buffer = execution.BundleContextManager.get_buffer
        execute = fn_runner.FnApiRunner._execute_bundle

        def tagged(self, buffer_id, transform_id):  # noqa: ANN001, ANN202
            buf = get_buffer(self, buffer_id, transform_id)
            kind, name = execution.split_buffer_id(buffer_id)
            pcoll = self.execution_context.pipeline_components.pcollections.get(name)
            buf.akhbar_name = f"{kind}:{pcoll.unique_name if pcoll is not None else name}"
            watch.live.add(buf)
            return buf

        def executing(self, context, bundle_manager, bundle_input):  # noqa: ANN001, ANN202
            watch.stage = bundle_manager.stage.name
            return execute(self, context, bundle_manager, bundle_input)

        execution.BundleContextManager.get_buffer = tagged
        fn_runner.FnApiRunner._execute_bundle = executing

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            rows = [(held_bytes(buf), buf.akhbar_name) for buf in list(self.live)]
            for size, name in rows:
                self.largest[name] = max(self.largest.get(name, 0), size)
            total = sum(size for size, _ in rows)
            if total > self.peak["total"]:
                self.peak = {"total": total, "rows": sorted(rows, reverse=True)[:12]}
            try:
                driver = me.memory_info().rss
                workers = [c.memory_info().rss for c in me.children(recursive=True)]
            except psutil.Error:
                continue
            row = self.by_stage.setdefault(self.stage, [0, 0, 0])
            row[0] = max(row[0], driver + sum(workers))
            row[1] = max(row[1], driver)
            row[2] = max(row[2], max(workers, default=0))
            self._stop.wait(0.5)


def deep_size(obj: object, depth: int = 0) -> int:
    """``sys.getsizeof`` of ``obj`` and of what its lists, tuples and dicts hold."""
    size = sys.getsizeof(obj)
    if depth < 4 and isinstance(obj, (list, tuple)):
        size += sum(deep_size(x, depth + 1) for x in obj)
    elif depth < 4 and isinstance(obj, dict):
        size += sum(deep_size(k, depth + 1) + deep_size(v, depth + 1) for k, v in obj.items())
    return size


def held_bytes(buf: object) -> int:
    """What one runner buffer holds now: its encoded bytes, or its decoded table."""
    grouped = getattr(buf, "_grouped_output", None)
    if grouped:
        return sum(len(chunk) for part in grouped for chunk in part)
    if isinstance(buf, execution.GroupingBuffer):
        return deep_size(buf._table)
    return sum(sys.getsizeof(chunk) for chunk in getattr(buf, "_inputs", ()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="ant-v1.1", help="directory or name under corpora/")
    ap.add_argument("--limit", type=int, default=0, help="the first N files only")
    ap.add_argument("--copies", type=int, default=1, help="every file this many times")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-entities", action="store_true")
    ap.add_argument("--no-near-duplicates", action="store_true")
    ap.add_argument("--listing", action="store_true",
                    help="pass the files as a listing file (as refresh does), not in the graph")
    args = ap.parse_args(argv)

    from benchmark import list_files, resolve_corpus

    from pipeline.config import resolve
    from pipeline.run import run_pipeline

    files = list_files(resolve_corpus(args.corpus))
    files = (files[:args.limit] if args.limit else files) * args.copies
    overrides: dict[str, Any] = {"input": {"patterns": ["unused"]},
                                 "output": {"prefix": tempfile.mkdtemp(prefix="akhbar-held-"),
                                            "overwrite": True},
                                 "report": {"progress": False}}
    if args.no_entities:
        overrides["entities"] = {"enabled": False}
    if args.no_near_duplicates:
        overrides["dedup"] = {"near": {"enabled": False}}
    listing = None
    if args.listing:
        listing = os.path.join(overrides["output"]["prefix"] + "-listing.json")
        with open(listing, "w", encoding="utf-8") as f:
            json.dump({"inputs": [{"uri": path, "size": os.path.getsize(path),
                                   "mtime": os.path.getmtime(path)} for path in files]}, f)
    watch = BufferWatch()
    watch.install()
    tree = TreeRSSSampler(os.getpid(), 0.2).start()
    watch.start()
    me = psutil.Process()
    cpu0, started = me.cpu_times(), time.monotonic()
    summary = run_pipeline(resolve(overrides), [f"--direct_num_workers={args.workers}"],
                           quiet=True, files=files, listing=listing, announce=False)
    wall = time.monotonic() - started
    watch.stop()
    tree.stop()
    cpu1 = me.cpu_times()
    procs = tree.process_peaks()
    cpu = (cpu1.user + cpu1.system - cpu0.user - cpu0.system
           + sum(p["cpu_seconds_seen"] for p in procs if p["pid"] != os.getpid()))
    print(json.dumps({
        "files": len(files), "articles": summary["articles_written"],
        "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
        "peak_tree_mib": round(tree.peak_bytes / MIB, 1),
        "process_peaks_mib": [[p["process"][:24], p["peak_rss_mib"]] for p in procs],
        "buffers_at_peak_mib": [[round(size / MIB, 2), name] for size, name in
                                watch.peak["rows"] if size >= MIB // 100],
        "largest_buffers_mib": sorted(([round(v / MIB, 2), k] for k, v in watch.largest.items()
                                       if v >= MIB // 100), reverse=True),
        "stages_by_tree_rss_mib": sorted(([v[0] // MIB, v[1] // MIB, v[2] // MIB, k[-80:]]
                                          for k, v in watch.by_stage.items()),
                                         reverse=True)[:8],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
