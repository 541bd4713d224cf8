"""The Flex Template, checked without Docker or Google Cloud: every parameter of
``flex_template/metadata.json`` is documented, validated and accepted by the pipeline's
own option parser; the Dockerfile pins setup.py's Beam version and starts the launcher
that exists; the scripts build the commands they document; and the launcher builds the
Dataflow job (dry run) from a config stored on (emulated) GCS."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import cli, flex_launcher
from tests.conftest import REPO
from tests.gcs.conftest import gcs, gcs_emulator, subprocess_env  # noqa: F401 (fixtures)

METADATA = json.loads((REPO / "flex_template" / "metadata.json").read_text(encoding="utf-8"))
PARAMS = {p["name"]: p for p in METADATA["parameters"]}

# A valid value per parameter, and the attribute of the parsed CLI args it must land in.
EXAMPLES = {
    "command": ("refresh", "command", "refresh"),
    "config": ("gs://my-bucket/akhbar/dataflow.yaml", "config", None),
    "input": ("gs://my-bucket/corpus/**.zip,gs://my-bucket/extra/*.txt", "input",
              ["gs://my-bucket/corpus/**.zip", "gs://my-bucket/extra/*.txt"]),
    "output": ("gs://my-bucket/akhbar/runs/2024-05-01", "output", None),
    "overwrite": ("true", "overwrite", True),
    "strict": ("true", "strict", True),
    "run_date": ("2024-05-01", "run_date", None),
    "backfill": ("true", "backfill", True),
    "index_output": ("gs://my-bucket/akhbar/nightly/index", "output", None),
}
INVALID = {
    "command": "delete", "config": "/etc/passwd", "input": "s3://bucket/x/*",
    "output": "gs://Bad_Bucket", "overwrite": "yes", "strict": "1", "run_date": "01/05/2024",
    "backfill": "yes", "index_output": "/tmp/index",
}
# The command a parameter needs (the others apply to both).
NEEDS = {"overwrite": "run", "run_date": "refresh", "backfill": "refresh",
         "index_output": "index"}


def setup_beam_version() -> str:
    return re.search(r'^BEAM_VERSION = "([^"]+)"$', (REPO / "setup.py").read_text(),
                     re.M).group(1)


def test_every_parameter_has_label_help_and_a_validation_regex():
    assert PARAMS and set(PARAMS) == set(EXAMPLES)
    for name, param in PARAMS.items():
        assert param["label"].strip() and len(param["helpText"]) > 30, name
        assert param["regexes"], name
        value = EXAMPLES[name][0]
        assert all(re.fullmatch(rx, value) for rx in param["regexes"]), (name, value)
        assert not all(re.fullmatch(rx, INVALID[name]) for rx in param["regexes"]), name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_parameter_is_accepted_by_the_pipeline_option_parser(name):
    value, attr, expected = EXAMPLES[name]
    argv = [f"--{name}={value}"]
    command = NEEDS.get(name, "refresh" if name == "command" else "run")
    if name != "command":
        argv.append(f"--command={command}")
    if command == "index":
        argv.append("--output=gs://my-bucket/akhbar/nightly")
    akhbar_argv, beam_args = flex_launcher.translate(
        [*argv, "--project=p", "--region=europe-west1", "--temp_location=gs://b/tmp"])
    parser, _ = cli._parser()
    args, extra = parser.parse_known_args(akhbar_argv)
    assert args.command == command
    assert getattr(args, attr) == (value if expected is None else expected)
    assert args.runner == "DataflowRunner"
    # Nothing of the parameter is left for Beam, and what Beam gets, it knows.
    assert extra == beam_args and not any(name in a for a in extra)
    known = PipelineOptions(extra).get_all_options(drop_default=True)
    assert known["project"] == "p" and known["save_main_session"] is False


def test_a_refresh_launch_does_not_wait_for_its_job():
    """Google's launcher must not block on the job: the refresh submits it and exits, and
    the job commits its partition itself (its last step)."""
    parser, _ = cli._parser()
    for command, waits in (("refresh", False), ("run", True)):
        akhbar_argv, _ = flex_launcher.translate([f"--command={command}", "--project=p"])
        args, _ = parser.parse_known_args(akhbar_argv)
        assert getattr(args, "wait", True) is waits, command


def test_launcher_handles_exactly_the_declared_parameters():
    handled = {"command", "input", "index_output", *flex_launcher.BOOLEAN,
               *flex_launcher.VALUED}
    assert handled == set(PARAMS)


def test_index_command_indexes_the_output_prefix():
    akhbar_argv, beam_args = flex_launcher.translate(
        ["--command=index", "--output=gs://b/nightly", "--project=p"])
    parser, _ = cli._parser()
    args, extra = parser.parse_known_args(akhbar_argv)
    assert (args.command, args.prefix, args.output) == ("index", "gs://b/nightly", None)
    assert args.runner == "DataflowRunner" and extra == beam_args
    for bad in (["--input=gs://b/x/*"], ["--strict=true"], []):
        argv = ["--command=index", *bad] + (["--output=gs://b/n"] if bad else [])
        with pytest.raises(flex_launcher.ParameterError):
            flex_launcher.translate(argv)


@pytest.mark.parametrize("argv, message", [
    (["--overwrite=yes"], "overwrite must be true or false"),
    (["--command=delete"], "command must be one of run, refresh"),
    (["--command=refresh", "--overwrite=true"], "overwrite applies to command=run only"),
    (["--run_date=2024-05-01"], "run_date applies to command=refresh only"),
    (["--input=,"], "input is empty"),
])
def test_bad_parameter_values_fail_with_one_clear_line(argv, message, capsys):
    assert flex_launcher.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("akhbar: error: template parameter") and message in err


def test_dockerfile_pins_setup_py_beam_version_and_runs_the_launcher():
    dockerfile = (REPO / "Dockerfile").read_text()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", dockerfile, re.M))
    assert args["BEAM_VERSION"] == setup_beam_version()
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert "apache/beam_python3.11_sdk:${BEAM_VERSION}" in froms
    assert not [f for f in froms if "beam_python" in f and "${BEAM_VERSION}" not in f]
    py_file = re.search(r"FLEX_TEMPLATE_PYTHON_PY_FILE=\$\{WORKDIR\}/(\S+)", dockerfile).group(1)
    assert (REPO / py_file).is_file() and py_file == "pipeline/flex_launcher.py"
    copied = {line.split()[1] for line in dockerfile.splitlines()
              if line.startswith("COPY ") and "--from" not in line}
    assert {"akhbar", "pipeline", "transforms"} <= copied
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert not ignored & (copied | {"setup.py", "MANIFEST.in", "README.md"})
    # The image's Python is the one the launcher base image and the CI use.
    assert "python311-template-launcher-base" in dockerfile
    assert sys.version_info[:2] == (3, 11)


def test_launch_script_passes_only_declared_parameters():
    env = {**os.environ, "PROJECT": "p", "REGION": "europe-west1",
           "TEMPLATE": "gs://my-bucket/templates/akhbar.json", "IMAGE": "europe-docker.pkg.dev/p/a/i:1",
           "OUTPUT": "gs://my-bucket/out", "INPUT": "gs://my-bucket/in/*.txt,gs://my-bucket/in/*.zip",
           "OVERWRITE": "true", "STRICT": "false", "PRIVATE_IPS": "1", "DRY_RUN": "1"}
    out = subprocess.run(["bash", str(REPO / "scripts" / "launch_dataflow.sh")], env=env,
                         capture_output=True, text=True, check=True).stdout
    line = out.replace("\\", "")
    assert line.startswith("gcloud dataflow flex-template run akhbar-")
    params = dict(p.split("=", 1) for p in
                  re.search(r"--parameters=\^~\^(\S+)", line).group(1).split("~"))
    assert params["input"] == env["INPUT"] and params["overwrite"] == "true"
    assert params["sdk_container_image"] == env["IMAGE"]
    beam_known = PipelineOptions([f"--sdk_container_image={env['IMAGE']}"]).get_all_options()
    assert beam_known["sdk_container_image"] == env["IMAGE"]
    assert set(params) - {"sdk_container_image"} <= set(PARAMS)
    for name, value in params.items():
        if name in PARAMS:
            assert all(re.fullmatch(rx, value) for rx in PARAMS[name]["regexes"]), name
    assert "--disable-public-ips" in line and "--temp-location=gs://my-bucket/dataflow/tmp" in line


def test_build_script_uses_the_metadata_and_one_image():
    env = {**os.environ, "PROJECT": "p", "REGION": "europe-west1", "BUCKET": "b",
           "TAG": "t1", "DRY_RUN": "1"}
    out = subprocess.run(["bash", str(REPO / "scripts" / "build_flex_template.sh")], env=env,
                         capture_output=True, text=True, check=True).stdout
    image = "europe-west1-docker.pkg.dev/p/akhbar/akhbar:t1"
    assert f"gcloud builds submit . --project=p --region=europe-west1 --tag={image}" in out
    assert (f"gcloud dataflow flex-template build gs://b/templates/akhbar-t1.json --project=p "
            f"--image={image} --sdk-language=PYTHON "
            f"--metadata-file=flex_template/metadata.json") in out


@pytest.mark.slow
def test_launcher_builds_the_dataflow_job_from_a_config_on_gcs(gcs):  # noqa: F811
    """The Flex Template's own code path, offline: parameters as the launcher passes them,
    a config fetched from gs://, and the DataflowRunner building the job (dry run)."""
    gcs.upload("in/a.txt", (REPO / "sample" / "corpus" / "11_adrar_solar.txt").read_bytes())
    gcs.upload("cfg/akhbar.yaml", b"read: {rebalance: true}\nnormalize: {level: aggressive}\n")
    bucket = gcs.url().rstrip("/")
    proc = subprocess.run(
        [sys.executable, str(REPO / "pipeline" / "flex_launcher.py"),
         f"--config={gcs.url('cfg/akhbar.yaml')}", f"--input={gcs.url('in/*.txt')}",
         f"--output={gcs.url('out')}", "--overwrite=false", "--strict=true",
         "--project=akhbar-fake", "--region=europe-west1",
         f"--temp_location={bucket}/tmp", f"--staging_location={bucket}/staging",
         "--dry_run=True"],
        cwd="/", env=subprocess_env(gcs.env), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "dry run: the Dataflow job was built" in proc.stdout
    # No image given: workers would build the package from the image's setup.py.
    assert f"--setup_file={REPO / 'setup.py'}" in proc.stderr
    assert gcs.names("out") == []
