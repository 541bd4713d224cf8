"""The Dataflow job, built offline: ``DataflowRunner --dry_run=True`` with a fake project,
region and ``gs://`` locations builds the whole job (the runner-API graph and the package
that workers install from ``setup.py``) without contacting Google. We check what the
service would receive: our steps under stable readable labels, the worker settings of
``configs/dataflow.yaml`` with command-line overrides winning, and a staged sdist that
carries the code, the Avro schema and the NER model.
"""

from __future__ import annotations

import re
import shutil
import tarfile
import tempfile
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.portability.api import beam_runner_api_pb2

from pipeline import config, graph
from pipeline.options import pipeline_options
from tests.conftest import REPO
from tests.gcs.conftest import gcs, gcs_emulator, subprocess_env  # noqa: F401 (fixtures)
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

# The steps README.md documents, in the order of the pipeline.
DOCUMENTED_STEPS = ("MatchArticles", "ReadArticles", "ParseArticles", "NormalizeArticles",
                    "ExtractEntities", "ExtractDates", "FlagDuplicates", "WriteArticles",
                    "WriteDeadLetters")
READABLE_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")

OVERRIDES = [
    "--project=akhbar-fake-project",
    "--region=asia-southeast1",
    "--temp_location=gs://akhbar-fake-bucket/tmp",
    "--staging_location=gs://akhbar-fake-bucket/staging",
    "--max_num_workers=5",
    "--machine_type=e2-standard-2",
    f"--setup_file={REPO / 'setup.py'}",
]


def dataflow_cfg(**io: str) -> dict:
    return config.resolve(config.load_file(str(REPO / "configs" / "dataflow.yaml")), {
        "input": {"patterns": [io.get("input", "gs://akhbar-fake-bucket/corpus/*")]},
        "output": {"prefix": io.get("output", "gs://akhbar-fake-bucket/out")},
    })


def shallow_labels(proto: beam_runner_api_pb2.Pipeline) -> set[str]:
    """The labels our code gives: the top-level steps and their direct parts."""
    transforms = proto.components.transforms
    labels = set()
    for root_id in proto.root_transform_ids:
        for step_id in transforms[root_id].subtransforms:
            labels.add(transforms[step_id].unique_name)
            labels.update(transforms[t].unique_name for t in transforms[step_id].subtransforms)
    return labels


@pytest.fixture(scope="module")
def dry_job(monkeypatch_module):
    monkeypatch_module.setenv("NO_GCE_CHECK", "true")
    cfg = dataflow_cfg()
    pipe = beam.Pipeline(options=pipeline_options(cfg, [*OVERRIDES, "--dry_run=True"]))
    graph.build(pipe, cfg)
    job = pipe.run().job  # DataflowRunner, dry run: built, not submitted
    staged = {}
    for env in job.proto_pipeline.components.environments.values():
        for dep in env.dependencies:
            path = beam_runner_api_pb2.ArtifactFilePayload.FromString(dep.type_payload).path
            name = beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(
                dep.role_payload).staged_name
            staged[name] = path
    yield job, staged
    for path in staged.values():  # the runner leaves its staging temp dir behind
        parent = Path(path).parent
        if parent.is_relative_to(tempfile.gettempdir()) and parent.name.startswith("tmp"):
            shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_job_graph_has_our_steps_under_stable_readable_labels(dry_job):
    job, _ = dry_job
    proto = job.proto_pipeline
    top = {label for label in shallow_labels(proto) if "/" not in label}
    assert set(DOCUMENTED_STEPS) <= top, top
    for label in shallow_labels(proto):
        for part in label.split("/"):
            assert READABLE_LABEL.match(part), f"auto-generated or unreadable label: {label}"
    # Stable: another config (other I/O, region) builds the same labels, as a fresh
    # pipeline that no runner has touched.
    other = dataflow_cfg(input="gs://elsewhere/x/*.zip", output="gs://elsewhere/y")
    fresh = beam.Pipeline()
    graph.build(fresh, other)
    assert shallow_labels(fresh.to_runner_api()) == shallow_labels(proto)


def test_job_settings_come_from_the_config_with_cli_overrides(dry_job):
    from apache_beam.runners.dataflow.internal import apiclient

    job, _ = dry_job
    env = apiclient.Environment(
        packages=[], options=job.options, environment_version="8",
        proto_pipeline_staged_url="gs://akhbar-fake-bucket/staging/pipeline.pb",
        proto_pipeline=job.proto_pipeline).proto
    (pool,) = env.worker_pools
    yaml_options = config.load_file(str(REPO / "configs" / "dataflow.yaml"))["runner"]["options"]
    # Overridden on the command line:
    assert pool.machine_type == "e2-standard-2"
    assert pool.autoscaling_settings.max_num_workers == 5
    assert job.options.get_all_options()["region"] == "asia-southeast1"
    assert job.options.get_all_options()["project"] == "akhbar-fake-project"
    # From configs/dataflow.yaml:
    assert pool.network == yaml_options["network"]
    assert pool.subnetwork == yaml_options["subnetwork"]
    assert pool.num_workers == yaml_options["num_workers"]
    assert pool.disk_size_gb == yaml_options["disk_size_gb"]
    assert pool.ip_configuration.name == "WORKER_IP_PRIVATE"
    assert env.service_account_email == yaml_options["service_account_email"]
    # Workers run the Beam version setup.py pins.
    pinned = re.search(r'BEAM_VERSION = "([^"]+)"', (REPO / "setup.py").read_text()).group(1)
    assert pool.worker_harness_container_image.endswith(f"beam_python3.11_sdk:{pinned}")


def test_staged_package_carries_code_schema_and_model(dry_job):
    _, staged = dry_job
    assert "workflow.tar.gz" in staged, staged
    assert "pickled_main_session" not in staged  # no save_main_session
    with tarfile.open(staged["workflow.tar.gz"]) as tar:
        members = {"/".join(Path(n).parts[1:]) for n in tar.getnames()}  # drop akhbar-X.Y/
    needed = {"setup.py", "pipeline/graph.py", "transforms/read.py"}
    needed |= {str(p.relative_to(REPO)) for p in (REPO / "akhbar" / "schema").glob("*.avsc")}
    model_files = [p for p in (REPO / "akhbar" / "ner" / "model").rglob("*") if p.is_file()]
    assert model_files, "no NER model artifacts in the repository"
    needed |= {str(p.relative_to(REPO)) for p in model_files}
    assert needed <= members, sorted(needed - members)


def test_dofns_are_small_when_pickled(dry_job):
    """Models load in DoFn.setup() on the worker, not at construction: no transform of the
    job carries a payload anywhere near the size of the model it uses."""
    job, _ = dry_job
    model_bytes = min(p.stat().st_size for p in (REPO / "akhbar" / "ner" / "model").rglob("*")
                      if p.is_file() and p.stat().st_size > 100_000)
    biggest = max((len(t.spec.payload), t.unique_name)
                  for t in job.proto_pipeline.components.transforms.values())
    assert biggest[0] < model_bytes / 4, biggest


def test_cli_dry_run_checks_gcs_builds_the_job_and_changes_nothing(gcs):  # noqa: F811
    """``akhbar run --config configs/dataflow.yaml --dry_run=True``: pre-flight checks run
    against the (emulated) bucket, the job is built, and nothing is written or deleted,
    not even the earlier run that ``--overwrite`` would replace."""
    gcs.upload("in/a.txt", (REPO / "sample" / "corpus" / "09_aqaba_desalination.txt")
               .read_bytes())
    earlier = {"out/summary.json": b'{"files_read": 1, "accounting": {"ok": true}}',
               "out/articles-00000-of-00001.avro": b"earlier"}
    for name, data in earlier.items():
        gcs.upload(name, data)
    bucket = gcs.url().rstrip("/")
    proc = run_cli(
        "run", "--config", "configs/dataflow.yaml",
        "--input", gcs.url("in/*"), "--output", gcs.url("out"), "--overwrite",
        *OVERRIDES[:2], f"--temp_location={bucket}/tmp",
        f"--staging_location={bucket}/staging", *OVERRIDES[4:], "--dry_run=True",
        env=subprocess_env(gcs.env), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "dry run: the Dataflow job was built" in proc.stdout
    assert gcs.names() == sorted(["in/a.txt", *earlier])
    assert gcs.read("out/articles-00000-of-00001.avro") == b"earlier"


def refresh_commit_step() -> object:
    """A refresh's commit step for the fake bucket (nothing is read to build it)."""
    from pipeline import refresh, state

    cfg = dataflow_cfg()
    ref = state.RunRef(7, "000007-0123abcd", "2026-12-05")
    staging = "gs://akhbar-fake-bucket/out/_staging/run=000007-0123abcd"
    plan = state.Plan(new=[state.FileEntry(f"gs://akhbar-fake-bucket/corpus/{i:05d}.txt",
                                           1000, "crc32c:0a1b2c3d", 1.0) for i in range(5000)])
    return refresh.pending_commit(
        cfg, state.State("gs://akhbar-fake-bucket/out"), plan, ref, staging, "--run-date",
        False)


def test_refresh_job_commits_as_its_last_step_after_both_writes(monkeypatch):
    """The Dataflow job of a refresh carries its own commit: a ``CommitRun`` step whose
    side inputs are the files the two Avro writes finalized, so it runs after them
    whether or not the launcher waits."""
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    cfg = dataflow_cfg()
    # The graph is what matters here: without a setup_file the runner builds the same job
    # but stages no source package (dry_job checks the package).
    del cfg["runner"]["options"]["setup_file"]
    options = [o for o in OVERRIDES if not o.startswith("--setup_file")]
    pipe = beam.Pipeline(options=pipeline_options(cfg, [*options, "--dry_run=True"]))
    graph.build(pipe, cfg, commit=refresh_commit_step())
    proto = pipe.run().job.proto_pipeline
    transforms = proto.components.transforms
    by_name = {t.unique_name: t for t in transforms.values()}
    assert "CommitRun" in shallow_labels(proto)
    commit = by_name["CommitRun/Commit"]
    side = beam_runner_api_pb2.ParDoPayload.FromString(commit.spec.payload).side_inputs
    producers = {t.unique_name for t in transforms.values()
                 for pcoll in t.outputs.values() if pcoll in commit.inputs.values()}
    assert len(side) == 3  # the ledger and the two writes
    assert any(p.startswith("WriteArticles/WriteAvro/") for p in producers), producers
    assert any(p.startswith("WriteDeadLetters/WriteAvro/") for p in producers), producers
    assert any(p.startswith("CommitRun/CountItems") for p in producers), producers
    # The planned manifest (5000 inputs here) is not in the job: it waits in the staging
    # directory, so a big night does not make a big job graph.
    assert len(commit.spec.payload) < 20_000, len(commit.spec.payload)
