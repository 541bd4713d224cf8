"""Airflow DAGs for the nightly Akhbar refresh (Apache Beam provider, Python operator).

Two DAGs, one per runner:

- ``akhbar_refresh_direct``: DirectRunner on the Airflow worker (small corpora).
- ``akhbar_refresh_dataflow``: DataflowRunner; the Airflow worker runs the refresh driver
  (listing, planning, commit) and waits while Dataflow processes the new files.

Both call ``python -m pipeline.refresh`` (``akhbar refresh``) with the DAG run's logical
date as ``--run_date``: a retried or backfilled DAG run writes into the same ``dt=``
partition, and never processes a file twice (the refresh state decides what is new).
``max_active_runs=1`` keeps refreshes of one output prefix strictly one at a time.

Settings come from Airflow Variables (``airflow variables set KEY VALUE``):

    akhbar_config         config file readable by the worker (local path or gs://)
    akhbar_output         output prefix (holds the partitions and _state/)
    akhbar_python         python of an environment with Akhbar installed (default python3)
    akhbar_gcp_project, akhbar_gcp_region, akhbar_temp_location,
    akhbar_service_account  (Dataflow only; other Beam options, e.g. setup_file or
                            sdk_container_image, go in the config's runner.options)

The worker needs ``apache-airflow-providers-apache-beam`` (and ``-google`` for Dataflow).
"""

from __future__ import annotations

import importlib.util
import logging
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator

# The Dataflow variant needs apache-airflow-providers-google (the Beam operator refuses
# dataflow_config without it); without it only the DirectRunner DAG is defined.
HAS_GOOGLE_PROVIDER = importlib.util.find_spec("airflow.providers.google") is not None

SCHEDULE = "15 2 * * *"  # 02:15 UTC every night
START = datetime(2024, 1, 1)

DEFAULT_ARGS = {
    "owner": "akhbar",
    "retries": 2,  # a failed refresh commits nothing; retrying redoes exactly that work
    "retry_delay": timedelta(minutes=10),
}


def _var(key: str, default: str | None = None) -> str:
    """An Airflow Variable rendered at run time (no metadata-DB access while parsing)."""
    if default is None:
        return "{{ var.value." + key + " }}"
    return "{{ var.value.get('" + key + "', '" + default + "') }}"


def refresh_options(extra: dict[str, object] | None = None) -> dict[str, object]:
    """``--key=value`` options of ``akhbar refresh`` (and Beam options) for the operator."""
    options: dict[str, object] = {
        "config": _var("akhbar_config"),
        "output": _var("akhbar_output"),
        "run_date": "{{ ds }}",
        "quiet": True,
    }
    options.update(extra or {})
    return options


def refresh_task(dag: DAG, runner: str, options: dict[str, object], **kwargs):
    return BeamRunPythonPipelineOperator(
        task_id="refresh",
        dag=dag,
        runner=runner,
        py_interpreter=_var("akhbar_python", "python3"),
        py_options=["-m"],
        py_file="pipeline.refresh",
        pipeline_options=options,
        **kwargs,
    )


with DAG(
    dag_id="akhbar_refresh_direct",
    description="Nightly incremental Akhbar refresh on the DirectRunner",
    schedule=SCHEDULE,
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["akhbar"],
) as direct_dag:
    refresh_task(direct_dag, "DirectRunner", refresh_options({
        "direct_running_mode": "multi_processing",
        "direct_num_workers": 2,
    }))


def dataflow_refresh_dag() -> DAG:
    with DAG(
        dag_id="akhbar_refresh_dataflow",
        description="Nightly incremental Akhbar refresh on Google Cloud Dataflow",
        schedule=SCHEDULE,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["akhbar"],
    ) as dag:
        refresh_task(
            dag, "DataflowRunner",
            refresh_options({
                "temp_location": _var("akhbar_temp_location"),
                "service_account_email": _var("akhbar_service_account"),
                # worker code: runner.options in the config (setup_file or
                # sdk_container_image)
            }),
            dataflow_config={
                "job_name": "akhbar-refresh",
                "project_id": _var("akhbar_gcp_project"),
                "location": _var("akhbar_gcp_region"),
                # the refresh process itself waits for the job, then commits
                "wait_until_finished": True,
            },
        )
    return dag


if HAS_GOOGLE_PROVIDER:
    dataflow_dag = dataflow_refresh_dag()
else:
    logging.getLogger(__name__).warning(
        "akhbar_refresh_dataflow not defined: install apache-airflow-providers-google")
