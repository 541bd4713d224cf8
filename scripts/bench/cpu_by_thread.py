"""CPU seconds of one benchmark run, per process and per thread (for A/B comparisons).

Runs ``scripts/benchmark.py --child KIND`` ((a) ``pipeline`` or (b) ``loop``) on N files
of a corpus, picked as the benchmark picks them, and samples the CPU time of every
thread of the process tree (psutil, every 0.25 s; a thread's last sample is kept). It
prints the CPU of each process split into its main thread, its busiest other thread
(a Beam SDK worker processes its bundles there) and the rest, the tree total, and the
load average before and after. Wall clock is printed too but is only comparable on an
idle machine; CPU seconds are far less sensitive to other load.

Usage (from the repository root)::

    python scripts/bench/cpu_by_thread.py pipeline 3000
    python scripts/bench/cpu_by_thread.py loop 3000 --corpus saudinewsnet
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "scripts")]


def sample_threads(pid: int, interval: float = 0.25) -> dict[tuple[int, int], float]:
    """``(pid, tid) -> CPU seconds`` of every thread of ``pid``'s tree until it exits."""
    last: dict[tuple[int, int], float] = {}
    root = psutil.Process(pid)
    while True:
        try:
            if root.status() == psutil.STATUS_ZOMBIE:
                break
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for proc in procs:
            try:
                for thread in proc.threads():
                    last[(proc.pid, thread.id)] = thread.user_time + thread.system_time
            except psutil.Error:
                continue
        time.sleep(interval)
    return last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("pipeline", "loop"))
    parser.add_argument("files", type=int, help="number of files, spread over the corpus")
    parser.add_argument("--corpus", default="ant-v1.1")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    args = parser.parse_args(argv)

    import benchmark

    files = benchmark.pick(benchmark.list_files(benchmark.resolve_corpus(args.corpus)),
                           str(args.files))
    workers = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="akhbar-cpu-") as tmp:
        work = Path(tmp)
        (work / "out").mkdir()
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc, result_file = benchmark.start_child(
            args.kind, {"files": files, "out_dir": str(work / "out"), "workers": workers},
            work, subprocess.DEVNULL)
        names: dict[int, str] = {}
        cpu = sample_threads(proc.pid)
        code = proc.wait()
        wall = time.perf_counter() - started
        if code != 0:
            raise SystemExit(f"{args.kind} run failed (exit {code})")
        result = json.loads(result_file.read_text())
    by_proc: dict[int, list[tuple[float, bool]]] = {}
    for (pid, tid), seconds in cpu.items():
        by_proc.setdefault(pid, []).append((seconds, pid == tid))
    total = sum(cpu.values())
    written = result.get("articles_written", 0)
    print(f"{args.kind}: {len(files)} files, {written} articles, wall {wall:.1f} s, "
          f"CPU {total:.2f} s = {1000 * total / max(written, 1):.2f} ms/article, "
          f"load {load_before[0]:.2f} -> {os.getloadavg()[0]:.2f}")
    for pid, threads in sorted(by_proc.items(), key=lambda kv: -sum(s for s, _ in kv[1])):
        main_cpu = sum(s for s, is_main in threads if is_main)
        others = sorted((s for s, is_main in threads if not is_main), reverse=True)
        busiest = others[0] if others else 0.0
        proc_total = main_cpu + sum(others)
        if proc_total < 0.05:
            continue
        names.setdefault(pid, "driver" if pid == proc.pid else "worker")
        print(f"  {names[pid]:6s} pid {pid}: {proc_total:6.2f} s = main thread {main_cpu:.2f}"
              f" + busiest other thread {busiest:.2f} + {len(others) - 1 if others else 0}"
              f" more threads {sum(others[1:]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
