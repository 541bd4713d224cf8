"""Cost of ``akhbar index``: wall time, CPU, and peak memory of the whole process tree
(driver + local workers), at 1x and at Nx the same corpus.

Nx is the same articles written N times with distinct ids (``<id>~k``) and source URIs, so
the entity vocabulary stays the same while the number of articles, links and mentions
grows N-fold: memory that grows with the corpus shows up, memory that grows with the
vocabulary does not.

    python scripts/bench_index.py --prefix /tmp/ant --work /tmp/bench --copies 1,4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import fastavro

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.corpus import open_corpus  # noqa: E402
from scripts.bench.memory import TreeRSSSampler  # noqa: E402


def replicate(prefix: str, target: str, copies: int) -> int:
    """Write the current corpus of ``prefix`` ``copies`` times into the run prefix
    ``target``; returns the number of articles written."""
    os.makedirs(target, exist_ok=True)
    corpus = open_corpus(prefix)
    written = 0
    for i, cf in enumerate(corpus.files):
        with open(cf.path, "rb") as handle:
            reader = fastavro.reader(handle)
            schema = reader.writer_schema
            records = [r for r in reader if r["id"] not in cf.exclude]
        for k in range(copies):
            out = []
            for rec in records:
                out.append({**rec, "id": f"{rec['id']}~{k}" if copies > 1 else rec["id"],
                            "source_uri": f"{rec['source_uri']}~{k}"})
            path = os.path.join(target, f"articles-{i:05d}-{k:03d}.avro")
            with open(path, "wb") as handle:
                fastavro.writer(handle, schema, out, codec="deflate")
            written += len(out)
    return written


def measure(prefix: str, extra: list[str]) -> dict:
    cmd = [sys.executable, "-m", "pipeline", "index", prefix, "--quiet", "--full", *extra]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env)
    sampler = TreeRSSSampler(proc.pid, interval=0.25).start()
    rc = proc.wait()
    sampler.stop()
    wall = time.monotonic() - started
    cpu = sum(entry[2] for entry in sampler.per_process.values())
    if rc:
        raise SystemExit(f"akhbar index failed ({rc})")
    others = [e[0] for pid, e in sampler.per_process.items() if pid != proc.pid]
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_tree_rss_mib": round(sampler.peak_bytes / 2**20),
            "peak_process_rss_mib": round(max(e[0] for e in sampler.per_process.values())
                                          / 2**20),
            "peak_driver_rss_mib": round(sampler.per_process[proc.pid][0] / 2**20),
            "peak_worker_rss_mib": round(max(others, default=0) / 2**20)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", required=True, help="a run or refresh prefix")
    parser.add_argument("--work", required=True, help="scratch directory for the copies")
    parser.add_argument("--copies", default="1,4", help="comma-separated, e.g. 1,4")
    args, extra = parser.parse_known_args(argv)
    results = {}
    for n in (int(c) for c in args.copies.split(",")):
        target = os.path.join(args.work, f"x{n}")
        articles = replicate(args.prefix, target, n)
        result = measure(target, extra)
        result["articles"] = articles
        result["wall_s_per_10k_articles"] = round(result["wall_s"] * 10000 / articles, 1)
        results[f"{n}x"] = result
        print(json.dumps({f"{n}x": result}), flush=True)
    if len(results) > 1:
        first, last = list(results.values())[0], list(results.values())[-1]
        print(json.dumps({"peak_tree_rss_growth": round(
            last["peak_tree_rss_mib"] / first["peak_tree_rss_mib"], 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
