"""Airflow DAGs for the nightly Akhbar refresh (Apache Airflow 3).

Two DAGs, one per runner, both paused when first loaded (unpause them in the UI or with
``airflow dags unpause akhbar_refresh_direct``):

- ``akhbar_refresh_direct``: DirectRunner on the Airflow worker (small corpora).
- ``akhbar_refresh_dataflow``: DataflowRunner. The job commits its partition itself (the
  commit is a step of the pipeline); the task waits for it so that a failed job fails the
  task.

Each runs ``PYTHON -m pipeline.refresh`` (``akhbar refresh``) in a subprocess, then, when
the refresh committed a partition, ``PYTHON -m pipeline index OUTPUT`` (``akhbar index``:
updates the corpus index of the output prefix, see docs/index.md; task ``index``, skipped
when the refresh committed nothing or the Variable ``akhbar_index`` is ``false``), with the
Python of an environment where Akhbar is installed: Airflow and Akhbar do not share an
environment, and neither DAG needs an Airflow provider beyond the standard one (no
``apache-airflow-providers-google``; Beam talks to Dataflow itself).

Run date: the date of the night in UTC. The schedule is a cron trigger in UTC, so a DAG
run's logical date *is* its scheduled start (02:15 UTC on 5 Dec is stamped 2026-12-05),
and ``--run-date`` is that date in UTC; a run triggered by hand for a date
(``airflow dags test akhbar_refresh_direct 2026-12-05``) writes that date. A date earlier
than the last committed one is refused (exit 2) unless the run is triggered with the
param ``backfill=true``.

Failures: exit 1 (accounting mismatch) and 2 (configuration, input, refused date) fail
the task without a retry; 3 (the run failed, e.g. storage) and 75 (another refresh holds
the lock) are retried. A task is stopped after ``execution_timeout`` and the DAG run after
``dagrun_timeout``, so one hung night cannot block the following ones (``max_active_runs=1``)
for ever. A failure is logged at ERROR and, when the Variable ``akhbar_alert_webhook`` is
set, posted there as ``{"text": ...}`` (Slack and Google Chat incoming webhooks accept it).

Airflow Variables (``airflow variables set KEY VALUE``), read when the task runs:

    akhbar_config          config file readable by the worker (local path or gs://); required
    akhbar_output          output prefix (holds the partitions and _state/); required
    akhbar_python          python of the environment with Akhbar (default: python3)
    akhbar_alert_webhook   URL to POST failures to (optional)
    akhbar_beam_args       extra Beam options, space-separated (optional; the refresh's and
                           the index's)
    akhbar_index           "false" to not update the corpus index after a refresh (optional)
    akhbar_gcp_project, akhbar_gcp_region, akhbar_temp_location
                           Dataflow only (required there); akhbar_service_account optional
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shlex
import subprocess
import urllib.request
from collections.abc import Mapping
from typing import Any

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Param, Variable
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.timetables.trigger import CronTriggerTimetable

log = logging.getLogger("akhbar.airflow")

SCHEDULE = "15 2 * * *"  # 02:15 UTC every night
TIMEZONE = "UTC"
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
TASK_TIMEOUT = dt.timedelta(hours=6)   # one refresh; raise it for large nights
DAGRUN_TIMEOUT = dt.timedelta(hours=20)  # before the next night is due

# ``akhbar refresh`` exit codes that retrying cannot fix.
NO_RETRY = {1: "the run's accounting did not balance (nothing committed)",
            2: "configuration, input/output or run-date problem (nothing written)"}
RETRY = {3: "the run failed (e.g. a storage error; nothing committed)",
         75: "another refresh holds the lock of this output prefix"}

DEFAULT_ARGS = {
    "owner": "akhbar",
    "retries": 2,
    "retry_delay": dt.timedelta(minutes=10),
    "execution_timeout": TASK_TIMEOUT,
}


def run_date_of(logical_date: dt.datetime) -> str:
    """The partition date of a DAG run: its logical date (= scheduled start) in UTC."""
    if logical_date.tzinfo is None:
        raise ValueError("logical_date without a time zone")
    return logical_date.astimezone(dt.UTC).date().isoformat()


def refresh_command(python: str, runner: str, variables: Mapping[str, str | None],
                    run_date: str, backfill: bool = False) -> list[str]:
    """The ``akhbar refresh`` command line of one DAG run."""
    argv = [python, "-m", "pipeline.refresh", "--config", variables["akhbar_config"] or "",
            "--output", variables["akhbar_output"] or "", "--run-date", run_date,
            "--runner", runner, "--quiet"]
    if backfill:
        argv.append("--backfill")
    if runner == "DirectRunner":
        argv += ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    return argv + _runner_args(runner, variables)


def _runner_args(runner: str, variables: Mapping[str, str | None]) -> list[str]:
    """The Beam options of the runner (Dataflow's project, region, ...) and the extra ones."""
    argv = []
    if runner != "DirectRunner":
        argv += [f"--project={variables['akhbar_gcp_project']}",
                 f"--region={variables['akhbar_gcp_region']}",
                 f"--temp_location={variables['akhbar_temp_location']}"]
        if variables.get("akhbar_service_account"):
            argv.append(f"--service_account_email={variables['akhbar_service_account']}")
    return argv + shlex.split(variables.get("akhbar_beam_args") or "")


def index_command(python: str, runner: str, variables: Mapping[str, str | None]) -> list[str]:
    """The ``akhbar index`` command line that updates the index of the output prefix."""
    return [python, "-m", "pipeline", "index", variables["akhbar_output"] or "",
            "--runner", runner, *_runner_args(runner, variables)]


REQUIRED = {"DirectRunner": ("akhbar_config", "akhbar_output"),
            "DataflowRunner": ("akhbar_config", "akhbar_output", "akhbar_gcp_project",
                               "akhbar_gcp_region", "akhbar_temp_location")}
OPTIONAL = ("akhbar_python", "akhbar_beam_args", "akhbar_service_account")
COMMITTED = "refresh: committed"  # the line ``akhbar refresh`` prints when it committed


def _variables(runner: str) -> dict[str, str | None]:
    variables = {key: Variable.get(key, default=None) for key in (*REQUIRED[runner], *OPTIONAL)}
    missing = [key for key in REQUIRED[runner] if not variables[key]]
    if missing:
        raise AirflowFailException("Airflow Variable(s) not set: " + ", ".join(missing))
    return variables


def _stream(argv: list[str]) -> tuple[int, bool]:
    """Run ``argv``, its output streamed to the task log; (exit code, whether a line
    said the refresh committed)."""
    log.info("running: %s", shlex.join(argv))
    committed = False
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    try:
        for line in proc.stdout:
            committed = committed or line.startswith(COMMITTED)
            log.info("%s", line.rstrip("\n"))
        code = proc.wait()
    finally:  # a timeout or a kill of the task ends the subprocess too
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stdout.close()
    return code, committed


def run_refresh(runner: str, **context: Any) -> bool:
    """The task: run the refresh, stream its output to the task log, map its exit code.
    Returns (as its XCom) whether it committed a partition."""
    variables = _variables(runner)
    # Airflow 3 lets a run triggered by hand have no logical date: then its start.
    run_date = run_date_of(context.get("logical_date") or context["dag_run"].run_after)
    backfill = bool((context.get("params") or {}).get("backfill"))
    argv = refresh_command(variables["akhbar_python"] or "python3", runner, variables,
                           run_date, backfill)
    code, committed = _stream(argv)
    if code == 0:
        return committed
    if code in NO_RETRY:
        raise AirflowFailException(f"akhbar refresh exited {code}: {NO_RETRY[code]}")
    raise AirflowException(f"akhbar refresh exited {code}: "
                           f"{RETRY.get(code, 'unexpected failure')}")


def run_index(runner: str, **context: Any) -> None:
    """The task after the refresh: update the corpus index of the output prefix; skipped
    when the refresh committed nothing (the index is current) or ``akhbar_index`` is
    ``false``. A failed update leaves the previous index as it was; a retry, or the next
    night's update, reads every run committed since the index."""
    if (Variable.get("akhbar_index", default="") or "").strip().lower() == "false":
        raise AirflowSkipException("the Variable akhbar_index is false")
    if not context["ti"].xcom_pull(task_ids="refresh"):
        raise AirflowSkipException("the refresh committed nothing: the index is current")
    variables = _variables(runner)
    code, _ = _stream(index_command(variables["akhbar_python"] or "python3", runner,
                                    variables))
    if code != 0:
        raise AirflowException(f"akhbar index exited {code}")


def notify_failure(context: Mapping[str, Any]) -> None:
    """Log the failure at ERROR; POST it to ``akhbar_alert_webhook`` when that is set."""
    ti = context.get("task_instance") or context.get("ti")
    dag_id = getattr(ti, "dag_id", None) or getattr(context.get("dag_run"), "dag_id", "?")
    error = context.get("exception") or context.get("reason")
    text = (f"Akhbar refresh FAILED: dag={dag_id} task={getattr(ti, 'task_id', '?')} run={context.get('run_id')} "
            f"logical_date={context.get('logical_date')} error={error!s:.500} "
            f"log={getattr(ti, 'log_url', '')}")
    log.error("%s", text)
    url = Variable.get("akhbar_alert_webhook", default=None)
    if not url:
        return
    request = urllib.request.Request(url, data=json.dumps({"text": text}).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30):
            pass
    except OSError as exc:  # a broken webhook must not hide the failure itself
        log.error("could not post the failure to akhbar_alert_webhook: %s", exc)


def notify_dagrun_timeout(context: Mapping[str, Any]) -> None:
    """The DAG's failure callback: report a run ended by ``dagrun_timeout`` (a failed task
    has reported itself already)."""
    if context.get("reason") == "timed_out":
        notify_failure(context)


def refresh_dag(dag_id: str, runner: str, description: str) -> DAG:
    with DAG(
        dag_id=dag_id,
        description=description,
        schedule=CronTriggerTimetable(SCHEDULE, timezone=TIMEZONE),
        start_date=START,
        catchup=False,
        max_active_runs=1,
        dagrun_timeout=DAGRUN_TIMEOUT,
        on_failure_callback=notify_dagrun_timeout,
        default_args=DEFAULT_ARGS,
        params={"backfill": Param(False, type="boolean",
                                  description="allow a run date before the last committed")},
        tags=["akhbar"],
    ) as dag:
        refresh = PythonOperator(task_id="refresh", python_callable=run_refresh,
                                 op_kwargs={"runner": runner},
                                 on_failure_callback=notify_failure)
        index = PythonOperator(task_id="index", python_callable=run_index,
                               op_kwargs={"runner": runner}, on_failure_callback=notify_failure)
        refresh >> index
    return dag


direct_dag = refresh_dag("akhbar_refresh_direct", "DirectRunner",
                         "Nightly incremental Akhbar refresh on the DirectRunner")
dataflow_dag = refresh_dag("akhbar_refresh_dataflow", "DataflowRunner",
                           "Nightly incremental Akhbar refresh on Google Cloud Dataflow")
