"""``akhbar run --runner PortableRunner`` through Beam's portable job API.

Beam's own local job service plays the part of a Flink or Spark job server, and an
EXTERNAL worker pool runs the SDK harnesses, so the pipeline goes through job submission,
artifact staging and the Fn API exactly as on a cluster (docs/runners.md). Both services
are started here on free ports and stopped at the end; the test is skipped, with the
reason, when they cannot start.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import fastavro
import pytest

from tests.conftest import REPO
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

START_TIMEOUT_S = 60
RUN_TIMEOUT_S = 300
FILES = "0[1-3]*.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("localhost", port)) == 0


def _env() -> dict[str, str]:
    """The worker pool starts harnesses with ``python`` from PATH: this interpreter's."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def _stop(proc: subprocess.Popen) -> None:
    """Stop a service and the harnesses it started (its own process group)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@pytest.fixture
def portable_services(tmp_path: Path) -> Iterator[tuple[int, int, dict[str, Path]]]:
    job_port, pool_port = _free_port(), _free_port()
    commands = {
        "job service": [sys.executable, "-m",
                        "apache_beam.runners.portability.local_job_service_main",
                        f"--port={job_port}"],
        "worker pool": [sys.executable, "-m", "apache_beam.runners.worker.worker_pool_main",
                        f"--service_port={pool_port}"],
    }
    procs: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {}
    try:
        for name, cmd in commands.items():
            logs[name] = tmp_path / f"{name.replace(' ', '_')}.log"
            with open(logs[name], "wb") as log:
                procs[name] = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stdout=log,
                                               stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        for name, port in (("job service", job_port), ("worker pool", pool_port)):
            while not _listening(port):
                if procs[name].poll() is not None or time.monotonic() > deadline:
                    tail = logs[name].read_text(errors="replace")[-500:]
                    pytest.skip(f"Beam's {name} did not start on port {port} within "
                                f"{START_TIMEOUT_S}s: {tail}")
                time.sleep(0.2)
        yield job_port, pool_port, logs
    finally:
        for proc in procs.values():
            _stop(proc)


def test_portable_runner_with_external_worker_pool(portable_services, tmp_path: Path):
    job_port, pool_port, logs = portable_services
    out = tmp_path / "run"
    # Absolute input: the harnesses run in the worker pool's directory, not here.
    pattern = str(REPO / "sample" / "corpus" / FILES)
    proc = run_cli(
        "run", "--input", pattern, "--output", str(out),
        "--runner", "PortableRunner", f"--job_endpoint=localhost:{job_port}",
        "--environment_type=EXTERNAL", f"--environment_config=localhost:{pool_port}",
        env=_env(), timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the job went through the job service and ran on harnesses of the worker pool
    assert "with state DONE" in logs["job service"].read_text(errors="replace")
    assert "Starting worker" in logs["worker pool"].read_text(errors="replace")

    files = sorted((REPO / "sample" / "corpus").glob(FILES))
    with open(next(out.glob("articles-*.avro")), "rb") as f:
        records = {Path(r["source_uri"]).name: r for r in fastavro.reader(f)}
    assert sorted(records) == [p.name for p in files]
    golden = json.loads((REPO / "tests" / "data" / "dates" / "golden_sample.json")
                        .read_text(encoding="utf-8"))
    for name, rec in records.items():
        expected = golden[f"{name}#0"]
        assert rec["published"] == expected["published"]
        assert rec["dateline"]["city"] == expected["dateline"][3]
        assert [(t["start"], t["end"], t["value"]) for t in rec["dates"] if t["field"] == "body"] \
            == [(d[1], d[2], d[4]) for d in expected["dates"] if d[0] == "body"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles_written"] == len(files) and summary["files_read"] == len(files)
    assert summary["accounting"]["ok"]
