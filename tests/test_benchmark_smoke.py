"""CI smoke run of scripts/benchmark.py on sample/corpus: it must run, not be fast.

No timing is asserted here: speed and memory targets are measured by the benchmark itself.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_benchmark_smoke_writes_sane_results(tmp_path):
    out = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "benchmark.py"), "--smoke",
         "--out-dir", str(out), "--markdown", str(out / "performance.md")],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["smoke"] is True
    assert results["workers"] >= 1
    assert results["machine"]["logical_cpus"] >= 1
    assert results["command"].startswith("python scripts/benchmark.py")

    [size] = results["sizes"]
    a, b = size["a"], size["b"]
    assert a["articles_written"] > 0
    assert a["articles_written"] == b["articles_written"]
    assert a["articles_read"] == b["articles_read"]
    # the sample corpus holds a repost and a mirror of one article: both sides flag them
    assert a["duplicates_flagged"] == b["duplicates_flagged"] == 2
    assert a["near_duplicates_flagged"] == b["near_duplicates_flagged"] >= 2
    assert size["same_output"] is True
    assert a["accounting_ok"] is True
    for run in (a, b):
        assert run["wall_seconds"] > 0
        assert run["articles_per_second"] > 0
        assert run["peak_rss_mib"] > 0
        assert run["cpu_seconds"] > 0
        assert run["cpu_ms_per_article"] > 0
        assert run["peak_processes"] >= 1
        assert len(run["loadavg_before"]) == 3
    assert a["peak_processes"] > 1  # the Beam SDK workers are counted too
    assert any(p["process"] == "beam sdk worker" for p in a["peak_rss_by_process"])
    # where the peak is: the processes' RSS in the sample that peaked add up to it (but for
    # the tiny ones left out), each at most its own peak
    at_peak = [p["rss_at_tree_peak_mib"] for p in a["peak_rss_by_process"]]
    assert a["peak_rss_mib"] - 16 <= sum(at_peak) <= a["peak_rss_mib"] + 0.5
    assert all(p["rss_at_tree_peak_mib"] <= p["peak_rss_mib"] for p in a["peak_rss_by_process"])
    assert size["ratio_a_over_b"] > 0
    assert size["cpu_ratio_b_over_a"] > 0

    stages = results["stages"]
    assert stages["articles"] > 0
    for name in ("parse", "normalize", "entities", "dates", "write"):
        cost = stages["stages"][name]
        assert 0 <= cost["median_ms"] <= cost["p95_ms"]
    assert stages["total"]["median_ms"] > 0
    assert stages["total_median_ms_per_400_words"] > 0
    assert "pipeline_vs_loop" in results["checks"]

    assert (out / "benchmark.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markdown = (out / "performance.md").read_text(encoding="utf-8")
    assert markdown.startswith("## Performance")
    assert "python scripts/benchmark.py --smoke" in markdown


def _records(pattern: str) -> dict[str, dict]:
    import glob

    import fastavro

    out = {}
    for path in glob.glob(pattern):
        with open(path, "rb") as fh:
            out.update((r["id"], r) for r in fastavro.reader(fh))
    return out


@pytest.mark.slow
def test_the_loop_writes_what_the_pipeline_writes(tmp_path):
    """(b) is only an upper bound for (a) if it does the same work: same records, same
    duplicate flags, same entities and dates."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench.loop import run_loop

    from pipeline.config import resolve
    from pipeline.run import run_pipeline

    files = sorted(str(p) for p in (REPO / "sample" / "corpus").iterdir())
    (tmp_path / "b").mkdir()
    loop = run_loop(files, str(tmp_path / "b"), workers=2)
    cfg = resolve({"input": {"patterns": ["unused"]},
                   "output": {"prefix": str(tmp_path / "a")}, "report": {"progress": False}})
    summary = run_pipeline(cfg, ["--direct_num_workers=2"], quiet=True, files=files)

    a, b = _records(str(tmp_path / "a" / "articles-*")), _records(str(tmp_path / "b" / "*.avro"))
    assert len(a) == summary["articles_written"] == loop["articles_written"] > 20
    assert sum(r["duplicate_of"] is not None for r in b.values()) == 2
    assert sum(r["near_duplicate_of"] is not None for r in b.values()) >= 2
    assert a == b
