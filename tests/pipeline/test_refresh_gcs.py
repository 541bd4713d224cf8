"""``akhbar refresh`` against the GCS emulator (``gs://`` input, output and state): the same
sequence as on local disk, a commit whose copy fails half-way, and a refresh killed
mid-run. Uses the ``gcs`` fixture of ``tests/gcs/conftest.py``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from pipeline import state as st
from tests.conftest import REPO
from tests.pipeline.refresh_helpers import (
    BEAM_ARGS,
    article_text,
    check_partition_matches_manifest,
    committed,
    do_refresh,
    make_cfg,
    manifest,
    partitions,
    state_json,
    view_ids,
)

try:  # the emulator fixtures of issue 7
    from tests.gcs.conftest import gcs, gcs_emulator, subprocess_env  # noqa: F401 (fixtures)
except ImportError:  # pragma: no cover - only while tests/gcs/conftest.py is not committed
    pytest.skip("tests/gcs/conftest.py (GCS emulator fixtures) is not available",
                allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture
def gcs_env(gcs, monkeypatch):  # noqa: F811
    """Point this process (and Beam in it) at the emulator."""
    for key, value in gcs.env.items():
        monkeypatch.setenv(key, value)
    return gcs


def upload_articles(box, numbers, version: int = 0) -> None:
    for n in numbers:
        box.upload(f"in/article-{n:03d}.txt", article_text(n, version).encode("utf-8"))


def test_refresh_sequence_on_gcs_with_a_commit_failing_half_way(gcs_env):
    box = gcs_env
    prefix = box.url("out")
    upload_articles(box, range(4))
    cfg = make_cfg([box.url("in/*.txt")], prefix)

    # 1. all four files
    first = do_refresh(cfg, "2024-05-01")
    assert first["plan"]["new"] == 4
    man1 = manifest(first["partition"])
    assert man1["counts"]["articles_written"] == 4
    assert all(i["checksum"].startswith("crc32c:") for i in man1["inputs"])
    assert box.names("out/_staging/") == []
    assert "out/_state/state.json" in box.names("out/_state/")

    # 2. nothing new
    assert do_refresh(cfg, "2024-05-01")["status"] == "up_to_date"
    assert len(committed(prefix)) == 1

    # 3. three new files; the commit's copy fails half-way (articles-* copied, then the
    #    dead_letter-* copy refused): no _SUCCESS, no state update ...
    upload_articles(box, range(4, 7))
    state_before = state_json(prefix)
    box.proxy.faults.forbidden = (
        lambda kind, name: kind == "copy" and "/_staging/" in name and "dead_letter" in name)
    with pytest.raises(Exception):  # noqa: B017 - whatever error the copy raises
        do_refresh(cfg, "2024-05-02")
    box.proxy.faults.forbidden = None
    half = [p for p in partitions(prefix) if p not in committed(prefix)]
    assert len(half) == 1 and box.names(half[0][len(box.url()):] + "/articles-")
    assert len(committed(prefix)) == 1 and state_json(prefix) == state_before

    # ... and the next refresh removes the half-copied partition and does exactly those 3
    third = do_refresh(cfg, "2024-05-02")
    assert third["plan"] == {"new": 3, "changed": 0, "deleted": 0, "unchanged": 4}
    assert manifest(third["partition"])["counts"]["files_processed"] == 3
    assert partitions(prefix) == committed(prefix) and len(committed(prefix)) == 2

    # 4. one file changed: only it, superseding its first version
    old = next(i for i in man1["inputs"] if i["uri"].endswith("article-001.txt"))
    upload_articles(box, [1], version=1)
    fourth = do_refresh(cfg, "2024-05-02")
    assert fourth["plan"] == {"new": 0, "changed": 1, "deleted": 0, "unchanged": 6}
    item = manifest(fourth["partition"])["inputs"][0]
    assert item["uri"] == old["uri"] and item["supersedes"]["articles"] == old["articles"]

    assert partitions(prefix) == committed(prefix) and len(committed(prefix)) == 3
    assert box.names("out/_staging/") == []
    for part in committed(prefix):
        check_partition_matches_manifest(part)
    assert Counter(view_ids(prefix).values()) == Counter({1: 7})


def test_refresh_killed_mid_run_on_gcs(gcs_env, tmp_path):
    box = gcs_env
    prefix = box.url("out")
    upload_articles(box, range(5))
    argv = [sys.executable, "-m", "pipeline", "refresh", "--input", box.url("in/*.txt"),
            "--output", prefix, "--run-date", "2024-06-01", "--quiet", *BEAM_ARGS]
    proc = subprocess.Popen(argv, cwd=REPO, env=subprocess_env(box.env),
                            start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    started = False
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any("/beam-temp-" in n for n in box.names("out/_staging/")):
                started = True
                break
            time.sleep(0.1)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert started, f"refresh ended before it could be killed: {proc.stderr.read()[-2000:]}"
    assert committed(prefix) == [] and state_json(prefix) is None
    assert box.names("out/_staging/")

    cfg = make_cfg([box.url("in/*.txt")], prefix)
    again = do_refresh(cfg, "2024-06-01")
    assert again["plan"]["new"] == 5
    assert manifest(again["partition"])["counts"]["articles_written"] == 5
    assert box.names("out/_staging/") == []
    assert Counter(view_ids(prefix).values()) == Counter({1: 5})
    assert do_refresh(cfg, "2024-06-01")["status"] == "up_to_date"
    assert [r.run_id for r in st.committed_runs(prefix)] == [
        manifest(again["partition"])["run"]["run_id"]]
