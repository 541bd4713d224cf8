"""Local runs tune glibc malloc: two arenas, large blocks mapped (``pipeline.worker``)."""

from __future__ import annotations

import gc
import sys
import textwrap

import pytest

from tests.helpers import run_probe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")

# Start 6 threads that are alive together and each allocate from malloc, then count the
# heaps (arenas) glibc reports. ``LIMIT`` says whether to cap the arenas first.
PROBE = textwrap.dedent("""
    import ctypes, os, sys, threading
    from pipeline.worker import limit_malloc_arenas
    limited = limit_malloc_arenas() if os.environ["LIMIT"] == "1" else False
    barrier = threading.Barrier(7)
    keep = []
    def work():
        keep.append([bytearray(20_000) for _ in range(50)])  # malloc, not pymalloc
        barrier.wait()
        barrier.wait()
    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    barrier.wait()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    fp = libc.fopen(sys.argv[1].encode(), b"w")
    libc.malloc_info(0, fp)
    libc.fclose(fp)
    barrier.wait()
    for t in threads:
        t.join()
    print(limited)
""")


def _arenas(tmp_path, limit: bool) -> tuple[int, str]:
    out = tmp_path / f"info-{int(limit)}.xml"
    done = run_probe(PROBE, str(out), without=["MALLOC_ARENA_MAX"],
                     env={"LIMIT": "1" if limit else "0"})
    return out.read_text().count("<heap nr="), done.stdout.strip()


def test_limit_malloc_arenas_caps_the_arenas_threads_get(tmp_path):
    unlimited, _ = _arenas(tmp_path, limit=False)
    limited, said = _arenas(tmp_path, limit=True)
    assert unlimited > 2  # glibc gives these threads arenas of their own by default
    assert said == "True"
    assert limited <= 2


def test_an_arena_limit_set_in_the_environment_is_kept(monkeypatch):
    from pipeline.worker import limit_malloc_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert limit_malloc_arenas() is False


# Free a 1 MiB block (glibc then serves blocks of that size from the heap), allocate 40
# blocks of 512 KiB interleaved with 32 KiB long-lived ones, free the big blocks, and print
# how much RSS they left behind (MiB). ``TUNE`` says whether to fix the mmap threshold.
RETAIN_PROBE = textwrap.dedent("""
    import ctypes, os
    from pipeline.worker import mmap_large_allocations
    tuned = mmap_large_allocations() if os.environ["TUNE"] == "1" else False
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    libc.free(libc.malloc(1 << 20))
    before = rss()
    big, small = [], []
    for _ in range(40):
        block = libc.malloc(512 << 10)
        ctypes.memset(block, 1, 512 << 10)
        big.append(block)
        small.append(libc.malloc(32 << 10))
    for block in big:
        libc.free(block)
    print(tuned, round(rss() - before, 1))
""")


def _retained(tune: bool) -> tuple[str, float]:
    done = run_probe(RETAIN_PROBE, without=["MALLOC_MMAP_THRESHOLD_"],
                     env={"TUNE": "1" if tune else "0"})
    said, mib = done.stdout.split()
    return said, float(mib)


def test_freed_large_blocks_go_back_to_the_system():
    """Without a fixed mmap threshold the heap keeps the ~20 MiB of freed 512 KiB blocks
    (pinned by the smaller blocks between them); with it they were mappings, given back."""
    _, untuned = _retained(False)
    said, tuned = _retained(True)
    assert untuned > 15
    assert said == "True"
    assert tuned < 2


def test_an_mmap_threshold_set_in_the_environment_is_kept(monkeypatch):
    from pipeline.worker import mmap_large_allocations

    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1048576")
    assert mmap_large_allocations() is False


# Allocate ~40 MiB in 8 KiB blocks (under the mmap threshold: from the heap), free all
# but every 64th (they pin the pages around them) and print the RSS (MiB) after the free,
# after a call of ``HeapTrimmer`` with a 1 GiB threshold and after one with ``THRESHOLD``.
TRIM_PROBE = textwrap.dedent("""
    import ctypes, os
    from pipeline.worker import HeapTrimmer, mmap_large_allocations, resident_bytes
    mmap_large_allocations()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    rss = lambda: round(resident_bytes() / 2**20, 1)
    lazy, eager = HeapTrimmer(1 << 30), HeapTrimmer(int(os.environ["THRESHOLD"]))
    lazy(), eager()  # their baselines
    blocks = []
    for _ in range(5120):
        block = libc.malloc(8 << 10)
        ctypes.memset(block, 1, 8 << 10)
        blocks.append(block)
    for i, block in enumerate(blocks):
        if i % 64:
            libc.free(block)
    freed = rss()
    print(freed, lazy(), rss(), eager(), rss(), eager.trims, round(eager.freed / 2**20))
""")


def _trim_probe(threshold: int) -> list[str]:
    done = run_probe(TRIM_PROBE, without=["MALLOC_*"], env={"THRESHOLD": str(threshold)})
    return done.stdout.split()


def test_heap_trimmer_gives_back_the_pages_freed_blocks_left():
    """Freed small blocks pinned by a few live ones stay in the RSS until the heap is
    trimmed; the trimmer trims once the RSS grew by its threshold, not before."""
    freed, lazy, after_lazy, eager, after_eager, trims, given = _trim_probe(16 << 20)
    assert lazy == "False" and float(after_lazy) > float(freed) - 2  # under 1 GiB: kept
    assert eager == "True" and trims == "1"
    assert float(freed) - float(after_eager) > 25  # of the ~39 MiB freed
    assert int(given) > 25


def test_heap_trimmer_leaves_a_process_that_did_not_grow():
    *_, eager, _, trims, _ = _trim_probe(64 << 20)  # the probe grows by ~40 MiB only
    assert eager == "False" and trims == "0"


def test_the_harness_tunes_malloc_for_a_worker(monkeypatch):
    from apache_beam.runners.worker import sdk_worker_main

    from pipeline import worker

    tuned, ran = [], []
    monkeypatch.setattr(worker, "tune_malloc", lambda *args: tuned.append(args))
    monkeypatch.setattr(sdk_worker_main, "main",
                        lambda argv: ran.append((argv, gc.get_freeze_count())))
    try:
        worker._run_harness(["harness"])
    finally:
        gc.unfreeze()
    assert tuned == [()]  # the driver's settings: large blocks mapped
    # the harness starts with what the process holds already frozen, out of the collector
    [(argv, frozen)] = ran
    assert argv == ["harness"]
    assert frozen > 1000


# A local run given a list of files, stopped when the graph is built: whether the worker
# pool was open when the driver checked the inputs, and what the graph was given to read.
LISTING_PROBE = textwrap.dedent("""
    import json, os, sys
    from pipeline import run as run_mod
    from pipeline.config import resolve
    from pipeline.worker import POOL_ENV
    from transforms.read import read_listing

    class Built(Exception):
        pass

    seen = {}
    checks = run_mod.preflight
    def preflight(*args, **kwargs):
        seen["pool_open_at_check"] = bool(os.environ.get(POOL_ENV))
        return checks(*args, **kwargs)
    def build(p, cfg, progress_dir=None, commit=None, inputs=None, **kwargs):
        seen["files_in_graph"] = inputs.files is not None
        seen["shards"] = len(inputs.listing)
        seen["listed"] = [m.path for shard in inputs.listing for m in read_listing(shard)]
        seen["pool_open_at_build"] = bool(os.environ.get(POOL_ENV))
        raise Built
    run_mod.preflight, run_mod.graph.build = preflight, build
    files = json.loads(sys.argv[1])
    cfg = resolve({"input": {"patterns": ["unused"]}, "output": {"prefix": sys.argv[2]},
                   "report": {"progress": False}})
    try:
        run_mod.run_pipeline(cfg, ["--direct_num_workers=2"], quiet=True, files=files)
    except Built:
        print(json.dumps(seen))
""")


def test_a_local_run_forks_its_workers_first_and_gives_them_the_file_list_as_shards(
        tmp_path):
    """The workers are forked before the driver checks the inputs and builds the graph
    (a worker forked later holds all of that too), and a list of local files reaches the
    graph as listing shards the workers read, not inside the graph."""
    import json

    from transforms import read

    files = []
    for i in range(7):
        path = tmp_path / f"{i}.txt"
        path.write_text("x" * i, encoding="utf-8")
        files.append(str(path))
    done = run_probe(LISTING_PROBE, json.dumps(files), str(tmp_path / "out"),
                     without=["AKHBAR_WORKER_POOL", "AKHBAR_FORK_WORKERS"], timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["pool_open_at_check"] and seen["pool_open_at_build"]
    assert not seen["files_in_graph"]
    assert seen["listed"] == files
    assert seen["shards"] == -(-len(files) // read.LISTING_SHARD_FILES)


def test_a_run_does_not_keep_the_files_its_patterns_listed(tmp_path, monkeypatch):
    """The pre-flight check lists what the patterns match; only a dry run prints that list,
    so a run drops it instead of holding it to the end (~120 bytes a file)."""
    from pipeline import run as run_mod
    from pipeline.config import resolve

    class Built(Exception):
        pass

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("x", encoding="utf-8")
    checks, seen = run_mod.preflight, []

    def preflight(*args, **kwargs):
        seen.append(checks(*args, **kwargs))
        return seen[-1]

    def build(*args, **kwargs):
        raise Built

    monkeypatch.setattr(run_mod, "preflight", preflight)
    monkeypatch.setattr(run_mod.graph, "build", build)
    cfg = resolve({"input": {"patterns": [str(tmp_path / "*.txt")]},
                   "output": {"prefix": str(tmp_path / "out")}, "report": {"progress": False}})
    with pytest.raises(Built):
        run_mod.run_pipeline(cfg, ["--direct_running_mode=in_memory"], quiet=True)
    [checked] = seen
    assert checked.n_files == 3 and checked.files is None
    assert len(run_mod.preflight(cfg, probe=False).files) == 3  # what a dry run prints


def test_the_local_runner_encodes_each_shuffle_before_its_stage_and_loses_nothing():
    """``LocalRunner`` encodes a stage's shuffled input into the parts its bundle manager
    sends (then trims the heap): every element still arrives, also through a shuffle whose
    grouped output feeds both a side input and the main input of later stages."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.util import assert_that, equal_to

    from pipeline.run import LocalRunner, local_runner

    options = PipelineOptions(["--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    runner = local_runner(options)
    assert isinstance(runner, LocalRunner)
    with beam.Pipeline(runner=runner, options=options) as p:
        grouped = (p | beam.Create([(i % 13, i) for i in range(600)])
                   | "ByKey" >> beam.GroupByKey())
        sizes = grouped | "Sizes" >> beam.Map(lambda kv: (kv[0], len(list(kv[1]))))
        sums = (grouped
                | "Sum" >> beam.Map(lambda kv, n: (kv[0], sum(kv[1]), n[kv[0]]),
                                    beam.pvalue.AsDict(sizes))
                | "All" >> beam.Map(lambda t: (0, t)) | "Again" >> beam.GroupByKey()
                | "Sorted" >> beam.FlatMap(lambda kv: sorted(kv[1])))
        assert_that(sums, equal_to([(k, sum(range(k, 600, 13)), len(range(k, 600, 13)))
                                    for k in range(13)]))
    assert runner.trim.baseline is not None  # the trimmer ran before the stages
