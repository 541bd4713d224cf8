"""Scheduling artifacts of the refresh: the Airflow DAG, the cron wrapper, the Cloud
Scheduler script.

Here the DAG file runs against a stand-in of the few Airflow names it imports, to check
what it decides (schedule, timeouts, the command line, exit codes -> retry or not) with
the real ``akhbar`` CLI and real subprocesses. Real Airflow runs the DAG in
``tests/pipeline/test_refresh_airflow.py`` (``make test-airflow``, run by CI).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import importlib.machinery
import json
import os
import re
import runpy
import subprocess
import sys
import time
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
    current: FakeDAG | None = None

    def __init__(self, dag_id: str, **kwargs) -> None:
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []

    def __enter__(self):
        FakeDAG.current = self
        return self

    def __exit__(self, *exc):
        FakeDAG.current = None
        return False


class FakePythonOperator:
    def __init__(self, *, task_id: str, **kwargs) -> None:
        self.task_id, self.kwargs, self.downstream = task_id, kwargs, []
        FakeDAG.current.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class FakeTimetable:
    def __init__(self, cron: str, *, timezone: str) -> None:
        self.cron, self.timezone = cron, timezone


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class AirflowSkipException(AirflowException):
    pass


class FakeVariable:
    values: dict[str, str] = {}

    @classmethod
    def get(cls, key: str, default=None):
        return cls.values.get(key, default)


def _module(name: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.__dict__.update(attrs)
    return module


def load_dag_file(monkeypatch) -> dict:
    modules = {
        "airflow": {}, "airflow.providers": {}, "airflow.providers.standard": {},
        "airflow.providers.standard.operators": {},
        "airflow.providers.standard.operators.python": {"PythonOperator": FakePythonOperator},
        "airflow.sdk": {"DAG": FakeDAG, "Param": lambda default, **kw: default,
                        "Variable": FakeVariable},
        "airflow.sdk.exceptions": {"AirflowException": AirflowException,
                                   "AirflowFailException": AirflowFailException,
                                   "AirflowSkipException": AirflowSkipException},
        "airflow.timetables": {}, "airflow.timetables.trigger": {
            "CronTriggerTimetable": FakeTimetable},
    }
    for name, attrs in modules.items():
        monkeypatch.setitem(sys.modules, name, _module(name, __path__=[], **attrs))
    monkeypatch.delitem(sys.modules, "airflow.providers.google", raising=False)
    return runpy.run_path(str(DAG_FILE))


def dags(namespace: dict) -> dict[str, FakeDAG]:
    return {d.dag_id: d for d in namespace.values() if isinstance(d, FakeDAG)}


VARIABLES = {"akhbar_config": "/etc/akhbar/refresh.yaml", "akhbar_output": "gs://b/akhbar",
             "akhbar_temp_location": "gs://b/tmp", "akhbar_service_account": "w@p.iam",
             "akhbar_gcp_project": "p", "akhbar_gcp_region": "europe-west1"}


def test_dag_file_defines_both_runner_variants_without_the_google_provider(monkeypatch):
    found = dags(load_dag_file(monkeypatch))
    assert set(found) == {"akhbar_refresh_direct", "akhbar_refresh_dataflow"}
    for dag in found.values():
        kwargs = dag.kwargs
        assert kwargs["max_active_runs"] == 1 and kwargs["catchup"] is False
        assert kwargs["schedule"].timezone == "UTC" and len(kwargs["schedule"].cron.split()) == 5
        assert kwargs["start_date"].utcoffset() == dt.timedelta(0)  # not the server's zone
        assert kwargs["dagrun_timeout"] < dt.timedelta(hours=24)  # before the next night
        assert kwargs["default_args"]["execution_timeout"] <= kwargs["dagrun_timeout"]
        refresh, index = dag.tasks
        assert (refresh.task_id, index.task_id) == ("refresh", "index")
        assert refresh.downstream == [index]  # the index runs after the refresh
        assert all(callable(t.kwargs["on_failure_callback"]) for t in dag.tasks)
        assert index.kwargs["op_kwargs"] == refresh.kwargs["op_kwargs"]
    assert {d: found[d].tasks[0].kwargs["op_kwargs"]["runner"] for d in found} == {
        "akhbar_refresh_direct": "DirectRunner", "akhbar_refresh_dataflow": "DataflowRunner"}


@pytest.mark.parametrize("logical, expected", [
    (dt.datetime(2026, 12, 5, 2, 15, tzinfo=dt.UTC), "2026-12-05"),
    # the same instant seen from another zone is the same night
    (dt.datetime(2026, 12, 5, 5, 15, tzinfo=dt.timezone(dt.timedelta(hours=3))), "2026-12-05"),
    (dt.datetime(2026, 12, 4, 21, 15, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
     "2026-12-05"),
])
def test_run_date_is_the_utc_date_of_the_scheduled_start(monkeypatch, logical, expected):
    namespace = load_dag_file(monkeypatch)
    assert namespace["run_date_of"](logical) == expected
    with pytest.raises(ValueError):
        namespace["run_date_of"](logical.replace(tzinfo=None))


def test_the_task_command_line_is_a_valid_akhbar_refresh(monkeypatch):
    namespace = load_dag_file(monkeypatch)
    parser, handlers = cli._parser()
    for runner in ("DirectRunner", "DataflowRunner"):
        for backfill in (False, True):
            argv = namespace["refresh_command"]("/srv/py", runner, VARIABLES, "2026-12-05",
                                                backfill)
            assert argv[:3] == ["/srv/py", "-m", "pipeline.refresh"]
            args, extra = parser.parse_known_args(["refresh", *argv[3:]])
            assert handlers[args.command].__name__ == "pipeline.refresh"
            assert (args.run_date, args.config, args.output, args.quiet, args.runner,
                    args.backfill) == ("2026-12-05", VARIABLES["akhbar_config"],
                                       VARIABLES["akhbar_output"], True, runner, backfill)
            options = PipelineOptions(extra).get_all_options(retain_unknown_options=True)
            for flag in extra:  # everything else is a Beam option Beam understands
                assert flag[2:].split("=", 1)[0] in options, flag


def test_the_index_command_line_is_a_valid_akhbar_index(monkeypatch):
    namespace = load_dag_file(monkeypatch)
    parser, handlers = cli._parser()
    for runner in ("DirectRunner", "DataflowRunner"):
        argv = namespace["index_command"]("/srv/py", runner,
                                          {**VARIABLES, "akhbar_beam_args": "--max_num_workers=3"})
        assert argv[:4] == ["/srv/py", "-m", "pipeline", "index"]
        args, extra = parser.parse_known_args(argv[3:])
        assert handlers[args.command].__name__ == "pipeline.index"
        assert (args.prefix, args.runner) == (VARIABLES["akhbar_output"], runner)
        assert "--max_num_workers=3" in extra
        assert ("--project=p" in extra) == (runner == "DataflowRunner")
        options = PipelineOptions(extra).get_all_options(retain_unknown_options=True)
        for flag in extra:
            assert flag[2:].split("=", 1)[0] in options, flag


class FakeTI:
    def __init__(self, refresh_result) -> None:
        self.refresh_result = refresh_result

    def xcom_pull(self, task_ids: str):
        assert task_ids == "refresh"
        return self.refresh_result


@pytest.mark.parametrize("refresh_printed, switch, runs", [
    ("refresh: committed /out/dt=2026-12-05/run=000001-ab: 3 files", None, True),
    ("refresh: nothing to do (0 new); no partition written", None, False),
    ("refresh: committed /out/dt=2026-12-05/run=000001-ab: 3 files", "false", False),
])
def test_the_index_task_runs_only_after_a_committed_refresh(monkeypatch, tmp_path, caplog,
                                                           refresh_printed, switch, runs):
    namespace = load_dag_file(monkeypatch)
    script = tmp_path / "python"
    script.write_text(f"#!/bin/sh\necho \"{refresh_printed}\"\necho \"args: $*\"\n",
                      encoding="utf-8")
    script.chmod(0o755)
    values = {**VARIABLES, "akhbar_output": "/out", "akhbar_python": str(script)}
    if switch:
        values["akhbar_index"] = switch
    monkeypatch.setattr(FakeVariable, "values", values)
    caplog.set_level("INFO", logger="akhbar.airflow")
    committed = namespace["run_refresh"](
        "DirectRunner", logical_date=dt.datetime(2026, 12, 5, 2, 15, tzinfo=dt.UTC))
    assert committed == refresh_printed.startswith("refresh: committed")
    caplog.clear()
    if runs:
        namespace["run_index"]("DirectRunner", ti=FakeTI(committed))
        assert "args: -m pipeline index /out --runner DirectRunner" in caplog.text
    else:
        with pytest.raises(AirflowSkipException):
            namespace["run_index"]("DirectRunner", ti=FakeTI(committed))
        assert "args:" not in caplog.text


def fake_akhbar(tmp_path: Path, code: int) -> str:
    """A "python" that prints its arguments and exits with ``code``."""
    script = tmp_path / f"python-{code}"
    script.write_text(f"#!/bin/sh\necho \"args: $*\"\nexit {code}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("code, raised", [
    (0, None), (1, AirflowFailException), (2, AirflowFailException),
    (3, AirflowException), (75, AirflowException), (137, AirflowException)])
def test_exit_codes_decide_whether_airflow_retries(monkeypatch, tmp_path, caplog, code,
                                                   raised):
    """1 and 2 are deterministic: fail without retry (AirflowFailException). 3 (the run
    failed, e.g. storage), 75 (lock held) and a killed process: fail, to be retried."""
    namespace = load_dag_file(monkeypatch)
    monkeypatch.setattr(FakeVariable, "values",
                        {**VARIABLES, "akhbar_python": fake_akhbar(tmp_path, code)})
    context = {"logical_date": dt.datetime(2026, 12, 5, 2, 15, tzinfo=dt.UTC),
               "params": {"backfill": False}}
    caplog.set_level("INFO", logger="akhbar.airflow")
    if raised is None:
        namespace["run_refresh"]("DirectRunner", **context)
    else:
        with pytest.raises(raised) as info:
            namespace["run_refresh"]("DirectRunner", **context)
        assert type(info.value) is raised and f"exited {code}" in str(info.value)
    assert "--run-date 2026-12-05" in caplog.text  # the subprocess's output, in the task log


def test_a_task_timeout_ends_the_refresh_process(monkeypatch, tmp_path):
    """Airflow's execution_timeout (or a kill) raises inside the task while the refresh
    runs: the refresh process must not outlive the task."""
    namespace = load_dag_file(monkeypatch)
    script = tmp_path / "python-hangs"
    script.write_text("#!/bin/sh\necho \"pid $$\"\nexec sleep 300\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(FakeVariable, "values", {**VARIABLES, "akhbar_python": str(script)})
    pids = []

    class Timeout(Exception):
        pass

    def info(message, *args):
        line = message % args
        if line.startswith("pid "):
            pids.append(int(line.split()[1]))
            raise Timeout  # as AirflowTaskTimeout arrives
    monkeypatch.setattr(namespace["log"], "info", info)
    started = time.monotonic()
    with pytest.raises(Timeout):
        namespace["run_refresh"]("DirectRunner",
                                 logical_date=dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
    assert time.monotonic() - started < 60  # not waiting for the child to end by itself
    (pid,) = pids
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_missing_variables_fail_without_retry(monkeypatch):
    namespace = load_dag_file(monkeypatch)
    monkeypatch.setattr(FakeVariable, "values", {"akhbar_config": "/c.yaml"})
    with pytest.raises(AirflowFailException, match="akhbar_output"):
        namespace["run_refresh"]("DirectRunner",
                                 logical_date=dt.datetime(2026, 12, 5, tzinfo=dt.UTC))


def test_failure_callback_posts_to_the_webhook(monkeypatch):
    namespace = load_dag_file(monkeypatch)
    posted = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        posted.append((request.full_url, json.loads(request.data)))
        return Response()

    monkeypatch.setattr(namespace["urllib"].request, "urlopen", urlopen)
    monkeypatch.setattr(FakeVariable, "values", {"akhbar_alert_webhook": "https://hook/x"})
    ti = types.SimpleNamespace(dag_id="akhbar_refresh_direct", log_url="http://af/log")
    namespace["notify_failure"]({"task_instance": ti, "run_id": "scheduled__2026-12-05",
                                 "exception": RuntimeError("exited 3")})
    ((url, body),) = posted
    assert url == "https://hook/x"
    assert "akhbar_refresh_direct" in body["text"] and "exited 3" in body["text"]
    monkeypatch.setattr(FakeVariable, "values", {})
    namespace["notify_failure"]({"task_instance": ti})  # no webhook: only logged
    assert len(posted) == 1
    # the DAG's own callback reports a run that timed out, not again a failed task
    monkeypatch.setattr(FakeVariable, "values", {"akhbar_alert_webhook": "https://hook/x"})
    run = types.SimpleNamespace(dag_id="akhbar_refresh_dataflow")
    namespace["notify_dagrun_timeout"]({"dag_run": run, "reason": "task_failure"})
    assert len(posted) == 1
    namespace["notify_dagrun_timeout"]({"dag_run": run, "reason": "timed_out"})
    assert "dag=akhbar_refresh_dataflow" in posted[-1][1]["text"]
    assert "timed_out" in posted[-1][1]["text"]
    for dag in dags(namespace).values():
        assert dag.kwargs["on_failure_callback"] is namespace["notify_dagrun_timeout"]


def test_refresh_module_runs_as_a_script():
    proc = subprocess.run([sys.executable, "-m", "pipeline.refresh", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_GCE_CHECK": "true"})
    assert proc.returncode == 0, proc.stderr
    assert "--run-date" in proc.stdout and "--dry-run" in proc.stdout


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


def cron_wrapper(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CRON_DIR / "refresh.sh")], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "AKHBAR_PYTHON": sys.executable,
                                            "NO_GCE_CHECK": "true", **env})


def test_cron_wrapper_skips_while_the_previous_refresh_holds_the_lock(tmp_path: Path):
    lock = tmp_path / "refresh.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        proc = cron_wrapper(AKHBAR_LOCK=str(lock), RUN_DATE="2024-05-01")
    assert proc.returncode == 75, proc.stderr
    assert "run-date=2024-05-01" in proc.stdout
    assert re.search(r"end exit=75 \(skipped: the previous refresh still runs", proc.stdout)


def test_cron_wrapper_logs_every_exit_code(tmp_path: Path):
    """The wrapper does not ``exec``: its end line carries the exit code, which it keeps."""
    missing = cron_wrapper(AKHBAR_PYTHON=str(tmp_path / "no-venv" / "python"))
    assert missing.returncode == 69 and "end exit=69 (no Akhbar python" in missing.stdout
    bad = cron_wrapper(AKHBAR_CONFIG=str(tmp_path / "missing.yaml"))
    assert bad.returncode == 2, bad.stdout + bad.stderr
    assert "end exit=2 (configuration" in bad.stdout
    assert "missing.yaml" in bad.stderr  # akhbar's own one-line error


def test_cron_wrapper_default_lock_is_per_config(tmp_path: Path):
    def lock_of(config: str) -> str:
        proc = cron_wrapper(AKHBAR_CONFIG=config, AKHBAR_PYTHON="/nonexistent")
        return re.search(r"lock=(\S+)", proc.stdout).group(1)

    assert lock_of("/etc/akhbar/news.yaml") == lock_of("/etc/akhbar/news.yaml")
    assert lock_of("/etc/akhbar/news.yaml") != lock_of("/etc/akhbar/archive.yaml")


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
