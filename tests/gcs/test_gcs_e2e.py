"""End to end on Google Cloud Storage, without the cloud: ``akhbar run gs://… -> gs://…``
on the multi-process DirectRunner against a real GCS emulator, through a proxy that
injects faults. The Avro output is read back from the bucket and checked, record by
record, against what the format library makes of the same bytes.

One full run carries both the end-to-end and the transient-fault checks (each run of
the multi-process DirectRunner costs ~25 s of fixed start-up on this machine); the
permanent-failure tests stop early and are cheap.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import fastavro
import pytest

from akhbar.article import Article, DeadLetter
from akhbar.formats import ReadOptions, parse_file
from pipeline import config
from tests.conftest import SAMPLE
from tests.gcs.conftest import GcsSandbox, open_sandbox, subprocess_env
from tests.gcs.emulator import Faults
from tests.helpers import run_cli, zip_bytes

pytestmark = pytest.mark.slow

# Request kinds the run must have survived faults in: every way Beam's GcsIO talks to
# GCS here (match/list, object metadata, media download, resumable upload start and
# data, batched copy/delete for the atomic rename of the output files, bucket lookup).
FAULTED_KINDS = {"list", "metadata", "download", "upload_start", "upload_data", "batch",
                 "bucket"}
ZIP_MEMBERS = ("01_london_coasts.txt", "06_dubai_dust.txt", "14_kuwait_budget.txt")
FORBIDDEN = "in/forbidden/secret.txt"


def akhbar(gcs: GcsSandbox, *args: str, timeout: int = 300,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, pointed at the emulator through the environment."""
    return run_cli(*args, env=subprocess_env({**gcs.env, **(env or {})}), timeout=timeout)


# The Cloud Storage clients retry a request for up to 120 s. Where a test waits for that
# budget to run out, its processes get a shorter one (tests/gcs/short_retry/sitecustomize.py).
RETRY_S = 10


def short_retry_env() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(Path(__file__).parent / "short_retry"),
                                       os.environ.get("PYTHONPATH")) if p)
    return {"PYTHONPATH": path, "AKHBAR_TEST_GCS_RETRY_S": str(RETRY_S)}


def read_avro(data: bytes) -> list[dict]:
    return list(fastavro.reader(io.BytesIO(data)))


def build_zip() -> bytes:
    return zip_bytes({f"bundle/{name}": (SAMPLE / "corpus" / name).read_bytes()
                      for name in ZIP_MEMBERS})


def upload_corpus(gcs: GcsSandbox) -> dict[str, bytes]:
    """Plain files, broken files, a zip and one unreadable object; returns name -> bytes."""
    objects: dict[str, bytes] = {}
    for path in sorted((SAMPLE / "corpus").glob("*.txt")):
        objects[f"in/plain/{path.name}"] = path.read_bytes()
    for path in sorted((SAMPLE / "broken").iterdir()):
        objects[f"in/plain/broken-{path.name}"] = path.read_bytes()
    objects["in/archive/bundle.zip"] = build_zip()
    objects[FORBIDDEN] = (SAMPLE / "corpus" / "02_cairo_metro.txt").read_bytes()
    for name, data in objects.items():
        gcs.upload(name, data)
    return objects


def expected_items(gcs: GcsSandbox, objects: dict[str, bytes]) -> tuple[set, Counter]:
    """Article ids, and (source_uri, step, reason) of read/parse dead letters, that the
    format library makes of the uploaded bytes (no Beam, no GCS involved)."""
    read_cfg = dict(config.resolve()["read"])
    read_cfg.pop("rebalance")
    options = ReadOptions.from_config(read_cfg)
    ids, dead = set(), Counter()
    for name, data in objects.items():
        if name == FORBIDDEN:
            continue
        for item in parse_file(gcs.url(name), io.BytesIO(data), options, len(data)):
            if isinstance(item, Article):
                ids.add(item.id)
            else:
                assert isinstance(item, DeadLetter)
                dead[(item.source_uri, item.step, item.reason)] += 1
    dead[(gcs.url(FORBIDDEN), "read", "unreadable")] += 1
    return ids, dead


@pytest.fixture(scope="module")
def faulty_run(gcs_emulator, tmp_path_factory):
    """Upload, then one CLI run with transient faults on every kind of request and one
    object that is permanently forbidden (403)."""
    with open_sandbox(gcs_emulator, tmp_path_factory.mktemp("gcs")) as gcs:
        yield from _faulty_run(gcs)


def _faulty_run(gcs: GcsSandbox):
    objects = upload_corpus(gcs)
    faults = Faults(transient_every=6,
                    forbidden=lambda kind, obj: kind == "download" and obj == FORBIDDEN)
    started = time.monotonic()
    with gcs.faults(faults) as stats:
        proc = akhbar(gcs, "run",
                      "--input", gcs.url("in/plain/*"), gcs.url("in/archive/*.zip"),
                      gcs.url("in/forbidden/*"),
                      "--output", gcs.url("out/run1"),
                      "--direct_running_mode=multi_processing", "--direct_num_workers=2",
                      "--quiet")
    wall = time.monotonic() - started
    yield gcs, objects, proc, stats, wall


def test_gs_to_gs_run_survives_transient_faults_with_exact_results(faulty_run):
    gcs, objects, proc, stats, wall = faulty_run
    assert proc.returncode == 0, proc.stderr[-4000:]
    print(f"gs:// run with faults: {wall:.1f} s; requests {dict(stats.requests)}; "
          f"injected {dict(stats.injected)}")

    # Every kind of request failed at least once, and the run went on.
    assert FAULTED_KINDS <= set(stats.injected), (stats.injected, stats.requests)
    assert sum(stats.injected.values()) >= 20
    # The pipeline authenticated (service-account token on every GCS request).
    assert stats.requests["token"] >= 1
    assert stats.authorized["download"] == stats.requests["download"]

    names = gcs.names("out/run1/")
    articles_files = [n for n in names if n.startswith("out/run1/articles-")]
    dead_files = [n for n in names if n.startswith("out/run1/dead_letter-")]
    assert articles_files and dead_files and "out/run1/summary.json" in names
    # Only the final files: no temporary files or write probe left behind.
    assert set(names) == set(articles_files) | set(dead_files) | {"out/run1/summary.json"}

    articles = [r for n in articles_files for r in read_avro(gcs.read(n))]
    dead = [r for n in dead_files for r in read_avro(gcs.read(n))]
    summary = json.loads(gcs.read("out/run1/summary.json"))

    expected_ids, expected_dead = expected_items(gcs, objects)
    written_ids = [a["id"] for a in articles]
    assert len(written_ids) == len(set(written_ids)), "a retried write duplicated records"
    later_dead_ids = {d["article_id"] for d in dead if d["step"] not in ("read", "parse")}
    assert set(written_ids) | later_dead_ids == expected_ids
    assert not set(written_ids) & later_dead_ids
    early_dead = Counter((d["source_uri"], d["step"], d["reason"]) for d in dead
                         if d["step"] in ("read", "parse"))
    assert early_dead == expected_dead

    # The permanently unreadable object is a dead letter that says why.
    (forbidden,) = [d for d in dead if d["source_uri"] == gcs.url(FORBIDDEN)]
    assert "403" in forbidden["message"] and "injected permanent failure" in forbidden["message"]

    # Zip members read from GCS carry their member name.
    zipped = {a["source_uri"] for a in articles if "bundle.zip#" in a["source_uri"]}
    assert len(zipped) == len(ZIP_MEMBERS)
    assert all(uri.startswith(gcs.url("in/archive/bundle.zip#")) for uri in zipped)

    assert summary["accounting"]["ok"], summary["accounting"]
    assert summary["files_read"] == len(objects)
    assert summary["articles_read"] == len(expected_ids)
    assert summary["articles_written"] == len(articles)
    assert summary["dead_letters"]["total"] == len(dead)
    assert summary["output_prefix"] == gcs.url("out/run1")
    assert "output: " + gcs.url("out/run1") in proc.stdout


def test_existing_gs_output_is_refused_without_overwrite(gcs):
    gcs.upload("in/a.txt", (SAMPLE / "corpus" / "03_riyadh_tech_forum.txt").read_bytes())
    gcs.upload("out/summary.json", b'{"files_read": 1, "accounting": {"ok": true}}')
    gcs.upload("out/articles-00000-of-00001.avro", b"earlier")
    proc = akhbar(gcs, "run", "--input", gcs.url("in/*"), "--output", gcs.url("out"))
    assert proc.returncode == 2
    assert "already holds a run (2 files)" in proc.stderr and "--overwrite" in proc.stderr
    assert gcs.read("out/articles-00000-of-00001.avro") == b"earlier"


def test_a_gs_summary_akhbar_did_not_write_is_never_overwritten(gcs):
    gcs.upload("in/a.txt", (SAMPLE / "corpus" / "03_riyadh_tech_forum.txt").read_bytes())
    gcs.upload("out/summary.json", b"{}")
    proc = akhbar(gcs, "run", "--input", gcs.url("in/*"), "--output", gcs.url("out"),
                  "--overwrite")
    assert proc.returncode == 2
    assert "summary.json was not written by akhbar" in proc.stderr
    assert gcs.read("out/summary.json") == b"{}"


def test_missing_gs_input_fails_before_the_run(gcs):
    proc = akhbar(gcs, "run", "--input", gcs.url("nothing/*"), "--output", gcs.url("out"))
    assert proc.returncode == 2
    assert f"no input files match: {gcs.url('nothing/*')}" in proc.stderr
    assert gcs.names("out") == []


def test_unwritable_gs_output_fails_before_the_run(gcs):
    gcs.upload("in/a.txt", (SAMPLE / "corpus" / "03_riyadh_tech_forum.txt").read_bytes())
    faults = Faults(forbidden=lambda kind, obj: kind.startswith("upload")
                    and obj.startswith("out/"))
    with gcs.faults(faults) as stats:
        proc = akhbar(gcs, "run", "--input", gcs.url("in/*"), "--output", gcs.url("out"))
    assert proc.returncode == 2, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"akhbar: error: output prefix {gcs.url('out')} is not writable")
    assert "403" in last
    assert 1 <= stats.forbidden["upload_start"] <= 2  # a 403 is not retried
    assert gcs.names("out") == []


def test_permanent_write_failure_mid_run_fails_the_run(gcs):
    """Writable at pre-flight, then every upload of the articles is refused: the run
    fails with exit code 3 and a last line naming the error, and writes no summary."""
    gcs.upload("in/a.txt", (SAMPLE / "corpus" / "03_riyadh_tech_forum.txt").read_bytes())
    faults = Faults(forbidden=lambda kind, obj: kind == "upload_start"
                    and "beam-temp-articles" in obj)
    with gcs.faults(faults) as stats:
        proc = akhbar(gcs, "run", "--input", gcs.url("in/*"), "--output", gcs.url("out"),
                      "--direct_running_mode=multi_processing", "--direct_num_workers=2",
                      "--quiet")
    assert proc.returncode != 0
    assert stats.forbidden["upload_start"] >= 1
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert stats.forbidden["upload_start"] >= 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("akhbar: error: the run failed: ")
    assert "403" in last, last
    assert "out/summary.json" not in gcs.names("out/")
    assert not [n for n in gcs.names("out/") if Path(n).name.startswith("articles-")]


def test_config_is_read_from_gs(gcs):
    config = f"input:\n  patterns: ['{gcs.url('from-config/*')}']\noutput:\n  prefix: {gcs.url('out')}\n"
    gcs.upload("configs/run.yaml", config.encode("utf-8"))
    proc = akhbar(gcs, "run", "--config", gcs.url("configs/run.yaml"))
    assert proc.returncode == 2
    assert f"no input files match: {gcs.url('from-config/*')}" in proc.stderr
    missing = akhbar(gcs, "run", "--config", gcs.url("configs/none.yaml"))
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def test_storage_gone_mid_run_fails_fast_with_exit_3(gcs):
    """The store stops answering after a few downloads (the emulator stopped): the run
    stops once one read has failed after the client's retries (120 s, here RETRY_S), with
    exit 3 and a last line that says so, instead of retrying as long for each of the other
    files."""
    body = (SAMPLE / "corpus" / "03_riyadh_tech_forum.txt").read_bytes()
    files = 40
    for i in range(files):
        gcs.upload(f"in/{i:02d}.txt", body + f"\n{i}\n".encode())
    started = time.monotonic()
    with gcs.faults(Faults(down_after_downloads=4)) as stats:
        proc = akhbar(gcs, "run", "--input", gcs.url("in/*"), "--output", gcs.url("out"),
                      "--direct_running_mode=multi_processing", "--direct_num_workers=2",
                      "--quiet", timeout=900, env=short_retry_env())
    wall = time.monotonic() - started
    print(f"storage gone after 4 downloads: exit {proc.returncode} after {wall:.0f} s; "
          f"requests {dict(stats.requests)}")
    assert stats.injected["down"] >= 1
    assert proc.returncode == 3, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("akhbar: error: the run failed: "), last
    assert "storage unreachable" in last, last
    # One client retry budget (in parallel on the workers) and the start-up, not one per
    # remaining file (36 x RETRY_S on 2 workers: 180 s more).
    assert wall < 60 + 6 * RETRY_S, wall
