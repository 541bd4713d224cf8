"""Akhbar benchmark: pipeline vs. plain multiprocessing loop, per-stage cost, memory, scaling.

One invocation, on one machine, at each corpus size:

(a) the Akhbar pipeline (``run_pipeline``, DirectRunner, multi_processing, all cores);
(b) a plain multiprocessing loop over the same files calling the same per-article
    functions with the same number of processes (see ``scripts/bench/loop.py``);
and once, on a sample of the corpus:
(c) the CPU cost per article of each step on one core (``scripts/bench/stages.py``).

Each measured run is a fresh child process; its peak memory is the summed RSS of the
child and all its descendants (Beam's SDK workers, the loop's workers), sampled with
psutil every 0.1 s. Writes ``results.json`` and ``benchmark.png`` (default
``benchmarks/``) and the "Performance" markdown (default ``docs/performance.md``).

Usage:
    python scripts/benchmark.py                      # ANT v1.1: 1/4 of the files, then all
    python scripts/benchmark.py --corpus saudinewsnet --sizes 0.25,1
    python scripts/benchmark.py --smoke --out-dir /tmp/bench   # tiny CI run on sample/corpus

The corpus is ``--corpus`` (a directory, or a name under ``$AKHBAR_SHARED_DATA/corpora``
or ``../shared/data/corpora``); ``--smoke`` uses the repository's ``sample/corpus``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from bench.memory import TreeRSSSampler  # noqa: E402

from scripts.datadir import shared_data  # noqa: E402

SKIP_NAMES = ("readme", "license", "provenance")
MIB = 2**20

TARGETS = {
    "pipeline_vs_loop_min_ratio": 0.80,
    "total_cpu_ms_per_400_words_max": 10.0,
    "peak_rss_growth_max": 1.10,
    "ms_per_article_growth_max": 1.10,
}


# --------------------------------------------------------------------------- corpus


def resolve_corpus(name: str) -> Path:
    """A corpus directory from a path or a name under the shared data's ``corpora/``."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    shared = shared_data()
    if shared is not None:
        for candidate in (shared / "corpora" / name, shared / name):
            if candidate.is_dir():
                return candidate.resolve()
    raise SystemExit(f"corpus {name!r} not found: pass a directory, or set AKHBAR_SHARED_DATA "
                     "(or put the data at ../shared/data) and pass a name under corpora/")


def list_files(corpus: Path) -> list[str]:
    """Every input file under ``corpus``, sorted; README/LICENSE/PROVENANCE files skipped."""
    out = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and not path.name.lower().startswith(SKIP_NAMES):
            out.append(str(path))
    return out


def pick(files: list[str], size: str) -> list[str]:
    """``size``: a fraction (``0.25``, ``1``) or a number of files (``2500``), spread
    evenly; or ``Nx`` (``4x``): every file N times, a corpus N times as large (each copy is
    read, parsed and written again; copies keep their ids, so none is flagged a duplicate
    of another)."""
    if size.endswith("x"):
        return list(files) * max(1, int(size[:-1]))
    n = len(files)
    value = float(size)
    count = round(value * n) if value <= 1 else int(value)
    count = max(1, min(n, count))
    return [files[i * n // count] for i in range(count)]


def warm_page_cache(files: list[str]) -> None:
    """Read every file once, so that neither (a) nor (b) pays for a cold disk."""
    for path in files:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass


# --------------------------------------------------------------------------- children


def child_pipeline(args: dict[str, Any]) -> dict[str, Any]:
    """(a) Run the pipeline over ``args["files"]``; counts, wall time, engine used."""
    import logging

    from pipeline.config import resolve
    from pipeline.run import run_pipeline

    messages: list[str] = []

    class Grab(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    direct_log = logging.getLogger("apache_beam.runners.direct.direct_runner")
    direct_log.setLevel(logging.INFO)
    direct_log.addHandler(Grab())
    cfg = resolve({
        "input": {"patterns": ["unused"]},
        "output": {"prefix": args["out_dir"], "overwrite": True},
        "report": {"progress": False},
    })
    started = time.perf_counter()
    summary = run_pipeline(cfg, [f"--direct_num_workers={args['workers']}"], quiet=True,
                           files=args["files"])
    wall = time.perf_counter() - started
    prism = any("Running pipeline with PrismRunner" in m for m in messages)
    fell_back = any("Falling back" in m or "falling back" in m for m in messages)
    return {
        "wall_seconds": wall,
        "files": len(args["files"]),
        "articles_read": summary["articles_read"],
        "articles_written": summary["articles_written"],
        "dead_letters": summary["dead_letters"]["total"],
        "duplicates_flagged": summary["duplicates_flagged"],
        "near_duplicates_flagged": summary["near_duplicates"]["flagged"],
        "accounting_ok": summary["accounting"]["ok"],
        "engine": "PrismRunner" if prism and not fell_back else "FnApiRunner",
        "prism_attempted": prism,
        "workers": args["workers"],
    }


def child_loop(args: dict[str, Any]) -> dict[str, Any]:
    from bench.loop import run_loop

    return run_loop(args["files"], args["out_dir"], args["workers"])


def child_stages(args: dict[str, Any]) -> dict[str, Any]:
    from bench.stages import measure_stages

    return measure_stages(args["files"], warmup=args.get("warmup", ()))


CHILDREN = {"pipeline": child_pipeline, "loop": child_loop, "stages": child_stages}


def start_child(kind: str, args: dict[str, Any], work: Path, output) -> tuple[
        subprocess.Popen, Path]:
    """Start one measurement (``--child KIND``) in a fresh process, its output to
    ``output``; the process and the file its result will be written to."""
    arg_file = work / f"{kind}-args.json"
    result_file = work / f"{kind}-result.json"
    if "files" in args:
        args = {**args, "files": pack_files(args["files"])}
    arg_file.write_text(json.dumps(args))
    env = dict(os.environ)
    # Beam's SDK worker processes import pipeline/ and transforms/ from the repo.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(arg_file), str(result_file)],
        cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    return proc, result_file


def run_child(kind: str, args: dict[str, Any], work: Path) -> dict[str, Any]:
    """Run one measurement in a fresh process; add its peak tree RSS and the load."""
    log_file = work / f"{kind}.log"
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log_file, "wb") as log:
        proc, result_file = start_child(kind, args, work, log)
        sampler = TreeRSSSampler(proc.pid).start()
        code = proc.wait()
        sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0 or not result_file.exists():
        tail = log_file.read_text(errors="replace")[-4000:]
        raise SystemExit(f"{kind} run failed (exit {code}); last output:\n{tail}")
    result = json.loads(result_file.read_text())
    result["peak_rss_mib"] = round(sampler.peak_bytes / MIB, 1)
    result["peak_processes"] = sampler.peak_processes
    result["peak_rss_by_process"] = sampler.process_peaks()
    # CPU of the whole tree (every descendant is waited for): far less sensitive to other
    # load on the machine than wall time.
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime
                                  - usage_before.ru_utime - usage_before.ru_stime, 2)
    result["loadavg_before"] = [round(x, 2) for x in load_before]
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def pack_files(files: list[str]) -> dict[str, Any]:
    """The files a child reads, for its argument file: a list that is the corpus ``N``
    times (``pick``'s ``Nx``) as the corpus once and ``N``."""
    for period in range(1, len(files) + 1):
        if len(files) % period == 0 and files == files[:period] * (len(files) // period):
            return {"paths": files[:period], "repeat": len(files) // period}
    return {"paths": files, "repeat": 1}  # unreachable: period len(files) always fits


def unpack_files(packed: dict[str, Any]) -> list[str]:
    """The list ``pack_files`` packed, its copies the same string objects (as ``pick``
    made it): JSON would make every copy a string of its own, ~120 bytes a file that the
    child, and every worker it forks, would hold (~20 MiB each at 16x ANT)."""
    return packed["paths"] * packed["repeat"]


def child_main(kind: str, arg_file: str, result_file: str) -> int:
    args = json.loads(Path(arg_file).read_text())
    if "files" in args:
        args["files"] = unpack_files(args["files"])
    result = CHILDREN[kind](args)
    Path(result_file).write_text(json.dumps(result))
    return 0


# --------------------------------------------------------------------------- machine


def machine_info() -> dict[str, Any]:
    import apache_beam
    import fastavro
    import psutil

    cpu_model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu_model": cpu_model,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "apache_beam": apache_beam.__version__,
        "fastavro": fastavro.__version__,
    }


def git_info() -> dict[str, Any]:
    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True,
                                  check=True).stdout.rstrip("\n")
        except (OSError, subprocess.CalledProcessError):
            return ""

    dirty = git("status", "--porcelain", "--", "akhbar", "pipeline", "transforms")
    return {"commit": git("rev-parse", "HEAD").strip(),
            "uncommitted_code_files": [line[3:] for line in dirty.splitlines()]}


# --------------------------------------------------------------------------- main


def measure_size(label: str, files: list[str], workers: int, work: Path,
                 parts: set[str], repeat: int = 1) -> dict[str, Any]:
    """(a) and (b) on ``files``; with ``repeat`` > 1 they alternate (a, b, a, b, ...), so
    that a slow spell of the machine does not fall on one side only, and the fastest run of
    each is kept."""
    out: dict[str, Any] = {"label": label, "files": len(files)}
    sides = [(part, kind) for part, kind in (("a", "pipeline"), ("b", "loop")) if part in parts]
    runs: dict[str, list[dict[str, Any]]] = {part: [] for part, _ in sides}
    for i in range(repeat):
        for part, kind in sides:
            out_dir = work / f"{label}-{kind}-out"
            out_dir.mkdir(parents=True, exist_ok=True)
            print(f"  ({part}) {kind}: {len(files)} files (run {i + 1}/{repeat}) ...", flush=True)
            runs[part].append(run_child(kind, {"files": files, "out_dir": str(out_dir),
                                               "workers": workers}, work))
            shutil.rmtree(out_dir, ignore_errors=True)
    for part, _kind in sides:
        res = min(runs[part], key=lambda r: r["wall_seconds"])
        res["all_wall_seconds"] = [round(r["wall_seconds"], 3) for r in runs[part]]
        res["all_peak_rss_mib"] = [r["peak_rss_mib"] for r in runs[part]]
        res["articles_per_second"] = round(res["articles_written"] / res["wall_seconds"], 2)
        res["ms_per_article"] = round(1000 * res["wall_seconds"] / max(res["articles_written"], 1),
                                      3)
        res["wall_seconds"] = round(res["wall_seconds"], 3)
        res["cpu_ms_per_article"] = round(
            1000 * res["cpu_seconds"] / max(res["articles_written"], 1), 3)
        out[part] = res
        print(f"      ({part}) {res['articles_written']} articles in {res['wall_seconds']} s = "
              f"{res['articles_per_second']} articles/s, {res['cpu_ms_per_article']} CPU ms/article, "
              f"peak RSS {res['peak_rss_mib']} MiB, "
              f"load {res['loadavg_before'][0]} -> {res['loadavg_after'][0]}", flush=True)
    if "a" in out and "b" in out:
        out["ratio_a_over_b"] = round(
            out["a"]["articles_per_second"] / out["b"]["articles_per_second"], 3)
        out["cpu_ratio_b_over_a"] = round(
            out["b"]["cpu_ms_per_article"] / out["a"]["cpu_ms_per_article"], 3)
        # the two must do the same work: same articles, same duplicate flags
        out["same_output"] = all(out["a"][k] == out["b"][k] for k in (
            "articles_written", "duplicates_flagged", "near_duplicates_flagged",
            "dead_letters"))
        print(f"      ratio (a)/(b) = {out['ratio_a_over_b']}; CPU per article (b)/(a) = "
              f"{out['cpu_ratio_b_over_a']}; same output: {out['same_output']}", flush=True)
    return out


def scaling(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Marginal cost between the smallest and largest size, which removes the fixed costs
    (process start, imports, model loading) that a small run amortizes less."""
    out: dict[str, Any] = {}
    if len(sizes) < 2:
        return out
    small, large = sizes[0], sizes[-1]
    for part in ("a", "b"):
        if part not in small or part not in large:
            continue
        dn = large[part]["articles_written"] - small[part]["articles_written"]
        dt_s = large[part]["wall_seconds"] - small[part]["wall_seconds"]
        if dn <= 0:
            continue
        marginal = dt_s / dn
        out[part] = {
            "marginal_ms_per_article": round(1000 * marginal, 3),
            "fixed_seconds": round(small[part]["wall_seconds"]
                                   - marginal * small[part]["articles_written"], 2),
            "peak_rss_growth": round(large[part]["peak_rss_mib"] / small[part]["peak_rss_mib"],
                                     3),
        }
    if "a" in out and "b" in out and out["a"]["marginal_ms_per_article"] > 0:
        out["marginal_ratio_a_over_b"] = round(
            out["b"]["marginal_ms_per_article"] / out["a"]["marginal_ms_per_article"], 3)
    return out


def check_targets(results: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    sizes = results["sizes"]
    compared = [s for s in sizes if "ratio_a_over_b" in s]
    if compared:
        low = min(s["ratio_a_over_b"] for s in compared)
        same = all(s["same_output"] for s in compared)
        checks["pipeline_vs_loop"] = {
            "value": low, "target": f">= {TARGETS['pipeline_vs_loop_min_ratio']}, same output",
            "same_output": same,
            "ok": same and low >= TARGETS["pipeline_vs_loop_min_ratio"]}
    stages = results.get("stages")
    if stages:
        # Measured on the articles of 300-500 words when there are enough of them,
        # otherwise every article's cost scaled linearly to 400 words (pessimistic: the
        # per-article fixed costs get scaled too).
        value = stages.get("total_median_ms_300_500_words")
        basis = "median of articles with 300-500 words"
        if value is None:
            value = stages["total_median_ms_per_400_words"]
            basis = "median cost scaled linearly to 400 words"
        checks["cpu_per_400_words"] = {
            "value": value, "target": f"<= {TARGETS['total_cpu_ms_per_400_words_max']} ms",
            "basis": basis, "ok": value <= TARGETS["total_cpu_ms_per_400_words_max"]}
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for part in ("a", "b"):
            if part in small and part in large:
                growth = large[part]["peak_rss_mib"] / small[part]["peak_rss_mib"]
                checks[f"peak_rss_growth_{part}"] = {
                    "value": round(growth, 3),
                    "target": f"<= {TARGETS['peak_rss_growth_max']}",
                    "ok": growth <= TARGETS["peak_rss_growth_max"]}
                per = large[part]["ms_per_article"] / small[part]["ms_per_article"]
                checks[f"ms_per_article_growth_{part}"] = {
                    "value": round(per, 3),
                    "target": f"<= {TARGETS['ms_per_article_growth_max']}",
                    "ok": per <= TARGETS["ms_per_article_growth_max"]}
    return checks


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="ant-v1.1",
                        help="corpus directory or name under shared data corpora/ "
                             "(default: ant-v1.1)")
    parser.add_argument("--sizes", default=None,
                        help="comma-separated sizes: fractions of the files (0.25), file "
                             "counts (2500) or copies of the corpus (4x); default 1,4x "
                             "(smoke: 1, one size)")
    parser.add_argument("--stage-sample", type=int, default=3000,
                        help="files measured by (c), spread over the corpus (default 3000: "
                             "~90 ANT articles of 300-500 words for the 400-word median)")
    parser.add_argument("--stage-warmup", type=int, default=1000,
                        help="other files (c) runs first, unmeasured, so that the NER "
                             "caches are as warm as in a long-running worker; 0 = a "
                             "5-file warm-up only (default 1000)")
    parser.add_argument("--workers", type=int, default=0,
                        help="processes for (a) and (b); 0 = one per core (default)")
    parser.add_argument("--parts", default="a,b,c", help="which of a,b,c to run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of (a) and (b) per size; the fastest is kept (default 1)")
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="where results.json and benchmark.png go (default benchmarks/; "
                             "smoke: a temporary directory)")
    parser.add_argument("--markdown", type=Path, default=None,
                        help="write the Performance section here (default docs/performance.md;"
                             " smoke: OUT_DIR/performance.md)")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny run on sample/corpus (CI: it must run, not be fast)")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child_main(*sys.argv[2:5])
    args = parse_args(argv)
    import multiprocessing

    from bench.report import write_chart, write_markdown

    corpus = REPO / "sample" / "corpus" if args.smoke else resolve_corpus(args.corpus)
    sizes = (args.sizes or ("1" if args.smoke else "1,4x")).split(",")
    parts = set(args.parts.split(","))
    workers = args.workers or multiprocessing.cpu_count()
    out_dir = args.out_dir or (Path(tempfile.mkdtemp(prefix="akhbar-bench-")) if args.smoke
                               else REPO / "benchmarks")
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = args.markdown or (out_dir / "performance.md" if args.smoke
                                 else REPO / "docs" / "performance.md")

    files = list_files(corpus)
    if not files:
        raise SystemExit(f"no files under {corpus}")
    command = "python scripts/benchmark.py" + "".join(
        " " + shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    results: dict[str, Any] = {
        "schema": 1,
        "command": command,
        "started_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "smoke": args.smoke,
        "machine": machine_info(),
        "git": git_info(),
        "corpus": {"path": str(corpus), "name": corpus.name, "files": len(files)},
        "workers": workers,
        "config": "defaults: normalize light, entities builtin CRF, dates, dedup and near "
                  "duplicates on, "
                  "keep_normalized_body; DirectRunner multi_processing",
        "loop_notes": "(b) runs the same duplicate pass (light parse + fingerprint and "
                      "near-duplicate record of every file, then {id: first_id} and the "
                      "near-duplicate clusters in memory), then reads, parses, normalizes, flags "
                      "duplicates, finds entities and dates, validates and writes deflate Avro "
                      "per process; it does not write dead letters.",
        "targets": TARGETS,
        "sizes": [],
    }
    print(f"corpus {corpus} ({len(files)} files), workers {workers}, "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    warm_page_cache(files)
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-work-") as tmp:
        work = Path(tmp)
        for size in sizes:
            chosen = pick(files, size)
            label = f"{len(chosen)}files"
            print(f"size {size}: {len(chosen)} files", flush=True)
            results["sizes"].append(measure_size(label, chosen, workers, work, parts,
                                                args.repeat))
        if "c" in parts:
            sample = pick(files, str(min(args.stage_sample, len(files))))
            chosen = set(sample)
            rest = [f for f in files if f not in chosen]
            warmup = pick(rest, str(min(args.stage_warmup, len(rest)))) if (
                rest and args.stage_warmup) else []
            print(f"(c) stage costs on one core: {len(sample)} files, after a warm-up on "
                  f"{len(warmup)} others ...", flush=True)
            stages = run_child("stages", {"files": sample, "warmup": warmup}, work)
            results["stages"] = stages
            print("      " + ", ".join(
                f"{k} {v['median_ms']}/{v['p95_ms']}" for k, v in stages["stages"].items())
                + f" ms (median/p95); total median {stages['total']['median_ms']} ms, "
                f"{stages['total_median_ms_per_400_words']} ms per 400 words", flush=True)
    results["scaling"] = scaling(results["sizes"])
    results["finished_utc"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["checks"] = check_targets(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False)
                                          + "\n")
    if not args.no_chart:
        write_chart(results, out_dir / "benchmark.png")
    write_markdown(results, markdown)
    for name, check in results["checks"].items():
        print(f"{'ok  ' if check['ok'] else 'MISS'} {name}: {check['value']} "
              f"(target {check['target']})")
    print(f"results: {out_dir / 'results.json'}  markdown: {markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
