"""What workers and the Docker image install: the wheel built from setup.py (``pip install
.`` in the Dockerfile) carries every module and every data file of the repository's
packages (Avro schema, NER model), and the ``akhbar`` command. The sdist that Dataflow
stages from ``--setup_file`` is checked in tests/pipeline/test_dataflow_dryrun.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("akhbar", "pipeline", "transforms")


def tracked_files() -> list[str]:
    """The files git tracks in the packages (what a fresh clone has)."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", *PACKAGES], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    src = out / "src"
    # Build from a copy of the tracked files, as Cloud Build's context would hold them
    # (and without writing build/ into the working tree).
    for rel in [*tracked_files(), "setup.py", "MANIFEST.in", "README.md", "pyproject.toml"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, src / rel)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(src)], check=True, capture_output=True)
    (path,) = out.glob("akhbar-*.whl")
    with zipfile.ZipFile(path) as zf:
        yield zf


def test_wheel_has_every_tracked_module_and_data_file(wheel):
    names = set(wheel.namelist())
    tracked = [f for f in tracked_files() if "/tests/" not in f]
    missing = [f for f in tracked if f not in names]
    assert not missing, f"not packaged (add to package_data / MANIFEST.in): {missing}"
    data = [f for f in tracked if not f.endswith(".py")]
    assert any(f.endswith(".avsc") for f in data) and any("/ner/model/" in f for f in data)


def test_packaged_data_files_are_the_repository_files(wheel):
    for rel in tracked_files():
        if rel.endswith(".py"):
            continue
        assert wheel.read(rel) == (REPO / rel).read_bytes(), rel


def test_wheel_declares_the_akhbar_command_and_the_pinned_beam(wheel):
    dist_info = {Path(n).parts[0] for n in wheel.namelist() if ".dist-info/" in n}
    (info,) = dist_info
    entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert "akhbar = pipeline.cli:main" in entry_points
    metadata = wheel.read(f"{info}/METADATA").decode()
    setup_py = (REPO / "setup.py").read_text()
    beam = setup_py.split('BEAM_VERSION = "', 1)[1].split('"', 1)[0]
    assert f"Requires-Dist: apache-beam[gcp]=={beam}" in metadata
