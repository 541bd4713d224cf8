"""The Airflow DAG under real Apache Airflow 3: ``airflow dags test akhbar_refresh_direct``
over the sample corpus (the refresh, then the corpus index of the committed night), with Airflow in its own environment and Akhbar in this one (the
Variable ``akhbar_python``), as in production.

Needs ``AKHBAR_AIRFLOW_PYTHON``: the python of an environment with apache-airflow (only;
no provider beyond the standard one). ``make test-airflow`` creates it and runs this file;
CI does that (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import index_store
from pipeline import state as st
from tests.conftest import REPO

AIRFLOW_PYTHON = os.environ.get("AKHBAR_AIRFLOW_PYTHON")
DAG_FILE = REPO / "scripts" / "airflow" / "akhbar_refresh_dag.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not AIRFLOW_PYTHON, reason="set AKHBAR_AIRFLOW_PYTHON to the python of "
                       "a venv with apache-airflow 3 (make test-airflow creates one)"),
]


class Airflow:
    """An Airflow home in a temp dir (sqlite, the DAG file only) and its CLI."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.out = home / "out"
        self.inputs = home / "in"
        (home / "dags").mkdir(parents=True)
        shutil.copy(DAG_FILE, home / "dags")
        self.env = {**os.environ, "AIRFLOW_HOME": str(home),
                    "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
                    "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "NO_GCE_CHECK": "true"}
        self.bin = str(Path(AIRFLOW_PYTHON).parent / "airflow")

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([self.bin, *args], env=self.env, capture_output=True, text=True,
                              timeout=600, cwd=self.home)
        if check:
            assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
        return proc


@pytest.fixture(scope="module")
def airflow(tmp_path_factory) -> Airflow:
    af = Airflow(tmp_path_factory.mktemp("airflow"))
    shutil.copytree(REPO / "sample" / "corpus", af.inputs)
    shutil.copytree(REPO / "sample" / "broken", af.inputs / "broken")
    config = af.home / "refresh.yaml"
    config.write_text(f"input:\n  patterns:\n    - {af.inputs}/*.txt\n    - {af.inputs}/broken/*\n"
                      "report:\n  progress: false\n", encoding="utf-8")
    # Variables from the environment (AIRFLOW_VAR_<KEY>): Airflow reads them as it reads
    # those of its database, without a CLI start-up per variable.
    af.env.update({"AIRFLOW_VAR_AKHBAR_CONFIG": str(config),
                   "AIRFLOW_VAR_AKHBAR_OUTPUT": str(af.out),
                   "AIRFLOW_VAR_AKHBAR_PYTHON": sys.executable})
    af("db", "migrate")
    return af


def committed_partitions(prefix: Path) -> list[str]:
    return [ref.partition(str(prefix)) for ref in st.committed_runs(str(prefix))]


def test_dags_test_commits_the_night_then_writes_nothing_on_a_rerun(airflow: Airflow):
    first = airflow("dags", "test", "akhbar_refresh_direct", "2026-12-05")
    log = first.stdout + first.stderr
    assert "refresh: committed" in log and "state=success" in log, log[-4000:]
    (partition,) = committed_partitions(airflow.out)
    assert "/dt=2026-12-05/run=000001-" in partition
    manifest = st.read_json(st.join(partition, st.MANIFEST))
    expected = len(list((REPO / "sample" / "corpus").glob("*.txt"))) + len(
        list((REPO / "sample" / "broken").iterdir()))
    assert manifest["counts"]["files_processed"] == expected
    assert manifest["run"]["run_date"] == "2026-12-05" and manifest["accounting"]["ok"]
    state_before = (airflow.out / "_state" / "state.json").read_bytes()
    # the index task ran after the commit: the corpus index of the prefix covers the run
    index = airflow.out / "index"
    index_info = index_store.read_manifest(str(index))
    assert index_info and index_info["runs"] == [manifest["run"]["run_id"]], log[-4000:]
    entities = index_store.read_table(str(index), "entities")
    links = index_store.read_table(str(index), "links")
    assert entities and {r["entity_id"] for r in links} <= {e["entity_id"] for e in entities}
    index_before = (index / index_store.INDEX_FILE).read_bytes()

    second = airflow("dags", "test", "akhbar_refresh_direct", "2026-12-05")
    log = second.stdout + second.stderr
    assert "nothing to do" in log and "state=success" in log, log[-4000:]
    assert committed_partitions(airflow.out) == [partition]
    assert (airflow.out / "_state" / "state.json").read_bytes() == state_before
    # nothing committed: the index task is skipped, the index untouched
    assert "the refresh committed nothing" in log, log[-4000:]
    assert (index / index_store.INDEX_FILE).read_bytes() == index_before


def test_an_earlier_date_fails_the_task_without_retry_and_is_reported(airflow: Airflow):
    if not committed_partitions(airflow.out):  # this test alone: commit a night first
        airflow("dags", "test", "akhbar_refresh_direct", "2026-12-05")
    shutil.copy(airflow.inputs / "01_london_coasts.txt", airflow.inputs / "late_arrival.txt")
    proc = airflow("dags", "test", "akhbar_refresh_direct", "2026-11-30", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "AirflowFailException: akhbar refresh exited 2" in log, log[-4000:]
    assert "new_state=failed" in log and "up_for_retry" not in log
    assert "Akhbar refresh FAILED: dag=akhbar_refresh_direct" in log  # the failure callback
    assert all("dt=2026-11-30" not in p for p in committed_partitions(airflow.out))


def test_the_0215_utc_run_is_stamped_with_its_own_date(airflow: Airflow):
    script = (
        "import datetime as dt, runpy, sys\n"
        "from airflow.timetables.base import TimeRestriction\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "for dag in (ns['direct_dag'], ns['dataflow_dag']):\n"
        "    info = dag.timetable.next_dagrun_info(last_automated_data_interval=None,\n"
        "        restriction=TimeRestriction(dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC),\n"
        "                                    None, True))\n"
        "    print(dag.dag_id, info.run_after.isoformat(), ns['run_date_of'](info.logical_date))\n")
    proc = subprocess.run([AIRFLOW_PYTHON, "-c", script, str(DAG_FILE)], env=airflow.env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.split("\n")
    for dag_id in ("akhbar_refresh_direct", "akhbar_refresh_dataflow"):
        assert f"{dag_id} 2026-12-05T02:15:00+00:00 2026-12-05" in lines, proc.stdout
