"""Scheduling artifacts of the refresh: the Airflow DAG, the cron wrapper, the Cloud
Scheduler script.

The DAG is checked without Airflow by default: installing apache-airflow 3 with the Beam
provider takes ~3 minutes and ~700 MB (measured), and it pins dependencies shared with
apache-beam[gcp], so it does not go into the test extras. Instead the DAG file runs here
against a stand-in of the two Airflow classes it uses, and the command line the Beam
operator would build is parsed by the real ``akhbar`` CLI. With ``AKHBAR_AIRFLOW_PYTHON``
pointing at a Python that has Airflow (+ the Beam and Google providers), the file is also
loaded by Airflow's own DagBag.
"""

from __future__ import annotations

import fcntl
import importlib.machinery
import json
import os
import re
import runpy
import subprocess
import sys
import types
from pathlib import Path

import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import cli
from tests.conftest import REPO

DAG_FILE = REPO / "scripts" / "airflow" / "akhbar_refresh_dag.py"
CRON_DIR = REPO / "scripts" / "cron"
SCHEDULER = REPO / "scripts" / "schedule_dataflow.sh"


class FakeDAG:
    def __init__(self, dag_id: str, **kwargs) -> None:
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeBeamOperator:
    def __init__(self, *, task_id: str, dag: FakeDAG, **kwargs) -> None:
        self.task_id, self.kwargs = task_id, kwargs
        dag.tasks.append(self)


def _module(name: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.__dict__.update(attrs)
    return module


def load_dag_file(monkeypatch, with_google: bool) -> dict:
    names = ["airflow", "airflow.providers", "airflow.providers.apache",
             "airflow.providers.apache.beam", "airflow.providers.apache.beam.operators"]
    for name in names:  # packages: find_spec looks for submodules on their (empty) path
        monkeypatch.setitem(sys.modules, name, _module(name, __path__=[]))
    monkeypatch.setattr(sys.modules["airflow"], "DAG", FakeDAG, raising=False)
    monkeypatch.setitem(sys.modules, "airflow.providers.apache.beam.operators.beam", _module(
        "airflow.providers.apache.beam.operators.beam",
        BeamRunPythonPipelineOperator=FakeBeamOperator))
    if with_google:
        monkeypatch.setitem(sys.modules, "airflow.providers.google",
                            _module("airflow.providers.google"))
    else:
        monkeypatch.delitem(sys.modules, "airflow.providers.google", raising=False)
    return runpy.run_path(str(DAG_FILE))


def render(value: object, ds: str, variables: dict[str, str]) -> str:
    """Enough of Airflow's Jinja rendering for the templates the DAG uses."""
    text = str(value).replace("{{ ds }}", ds)
    text = re.sub(r"\{\{ var\.value\.get\('(\w+)', '([^']*)'\) \}\}",
                  lambda m: variables.get(m.group(1), m.group(2)), text)
    text = re.sub(r"\{\{ var\.value\.(\w+) \}\}", lambda m: variables[m.group(1)], text)
    assert "{{" not in text, text
    return text


def operator_argv(op: FakeBeamOperator, ds: str, variables: dict[str, str]) -> list[str]:
    """The command line BeamHook builds: python [py_options] py_file --k=v (True: --k)."""
    args = []
    for key, value in op.kwargs["pipeline_options"].items():
        if value is True:
            args.append(f"--{key}")
        else:
            args.append(f"--{key}={render(value, ds, variables)}")
    return [*op.kwargs["py_options"], op.kwargs["py_file"], *args]


VARIABLES = {"akhbar_config": "/etc/akhbar/refresh.yaml", "akhbar_output": "gs://b/akhbar",
             "akhbar_temp_location": "gs://b/tmp", "akhbar_service_account": "w@p.iam",
             "akhbar_gcp_project": "p", "akhbar_gcp_region": "europe-west1"}


def test_dag_file_defines_both_runner_variants_with_safe_scheduling(monkeypatch):
    namespace = load_dag_file(monkeypatch, with_google=True)
    dags = {d.dag_id: d for d in namespace.values() if isinstance(d, FakeDAG)}
    assert set(dags) == {"akhbar_refresh_direct", "akhbar_refresh_dataflow"}
    runners = {}
    for dag in dags.values():
        assert dag.kwargs["max_active_runs"] == 1 and dag.kwargs["catchup"] is False
        assert len(dag.kwargs["schedule"].split()) == 5
        (task,) = dag.tasks
        runners[dag.dag_id] = task.kwargs["runner"]
        assert task.kwargs["py_options"] == ["-m"] and task.kwargs["py_file"] == "pipeline.refresh"
    assert runners == {"akhbar_refresh_direct": "DirectRunner",
                       "akhbar_refresh_dataflow": "DataflowRunner"}
    dataflow = dags["akhbar_refresh_dataflow"].tasks[0].kwargs["dataflow_config"]
    assert dataflow["wait_until_finished"] is True  # the refresh commits after the job


def test_dag_without_google_provider_defines_only_the_direct_variant(monkeypatch):
    namespace = load_dag_file(monkeypatch, with_google=False)
    assert [d.dag_id for d in namespace.values() if isinstance(d, FakeDAG)] == [
        "akhbar_refresh_direct"]


def test_the_operator_command_line_is_a_valid_akhbar_refresh(monkeypatch):
    namespace = load_dag_file(monkeypatch, with_google=True)
    parser, handlers = cli._parser()
    for dag in (d for d in namespace.values() if isinstance(d, FakeDAG)):
        argv = operator_argv(dag.tasks[0], "2024-05-01", VARIABLES)
        assert argv[:2] == ["-m", "pipeline.refresh"]
        args, extra = parser.parse_known_args(["refresh", *argv[2:]])
        assert handlers[args.command].__name__ == "pipeline.refresh"
        assert (args.run_date, args.config, args.output, args.quiet) == (
            "2024-05-01", VARIABLES["akhbar_config"], VARIABLES["akhbar_output"], True)
        # everything else is a Beam option Beam understands
        options = PipelineOptions(extra).get_all_options(retain_unknown_options=True)
        for flag in extra:
            key = flag[2:].split("=", 1)[0]
            assert key in options, flag


def test_refresh_module_runs_as_a_script():
    proc = subprocess.run([sys.executable, "-m", "pipeline.refresh", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_GCE_CHECK": "true"})
    assert proc.returncode == 0, proc.stderr
    assert "--run-date" in proc.stdout and "--dry-run" in proc.stdout


@pytest.mark.skipif(not os.environ.get("AKHBAR_AIRFLOW_PYTHON"),
                    reason="set AKHBAR_AIRFLOW_PYTHON to a python with apache-airflow and the "
                           "apache-beam/google providers to load the DAG with Airflow itself")
def test_airflow_dagbag_loads_the_dag_file(tmp_path: Path):
    script = (
        "import sys\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        "bag = DagBag(dag_folder=sys.argv[1])\n"
        "assert not bag.import_errors, bag.import_errors\n"
        "print(sorted(bag.dags))\n")
    proc = subprocess.run([os.environ["AKHBAR_AIRFLOW_PYTHON"], "-c", script, str(DAG_FILE)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "AIRFLOW_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "akhbar_refresh_direct" in proc.stdout


def test_cron_line_and_wrapper():
    lines = [ln for ln in (CRON_DIR / "akhbar-refresh.cron").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert "CRON_TZ=UTC" in lines
    (entry,) = [ln for ln in lines if not ln.startswith("CRON_TZ")]
    fields = entry.split()
    assert all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5])
    assert "scripts/cron/refresh.sh" in entry
    subprocess.run(["bash", "-n", str(CRON_DIR / "refresh.sh")], check=True)
    assert os.access(CRON_DIR / "refresh.sh", os.X_OK)


def test_cron_wrapper_skips_while_the_previous_refresh_holds_the_lock(tmp_path: Path):
    lock = tmp_path / "refresh.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        proc = subprocess.run([str(CRON_DIR / "refresh.sh")], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "AKHBAR_LOCK": str(lock),
                                               "RUN_DATE": "2024-05-01"})
    assert proc.returncode == 75, proc.stderr
    assert "run-date=2024-05-01" in proc.stdout


def test_cloud_scheduler_script_launches_the_template_in_refresh_mode():
    env = {**os.environ, "DRY_RUN": "1", "PROJECT": "proj", "REGION": "europe-west1",
           "TEMPLATE": "gs://b/templates/akhbar.json", "CONFIG": "gs://b/refresh.yaml",
           "OUTPUT": "gs://b/akhbar", "SERVICE_ACCOUNT": "sched@proj.iam.gserviceaccount.com"}
    proc = subprocess.run(["bash", str(SCHEDULER)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    command, _, body = proc.stdout.partition("\n")
    assert command.startswith("gcloud scheduler jobs create http akhbar-refresh ")
    assert ("--uri=https://dataflow.googleapis.com/v1b3/projects/proj/locations/europe-west1/"
            "flexTemplates:launch") in command
    assert "--oauth-service-account-email=sched@proj.iam.gserviceaccount.com" in command
    launch = json.loads(body)["launchParameter"]
    assert launch["containerSpecGcsPath"] == env["TEMPLATE"]
    assert launch["parameters"] == {"command": "refresh", "config": env["CONFIG"],
                                    "output": env["OUTPUT"]}
    assert launch["environment"]["tempLocation"] == "gs://b/akhbar/_tmp"
    missing = subprocess.run(["bash", str(SCHEDULER)], capture_output=True, text=True,
                             timeout=60, env={k: v for k, v in env.items() if k != "OUTPUT"})
    assert missing.returncode != 0 and "OUTPUT" in missing.stderr
