"""Helpers shared by several test modules."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from pipeline.avro_io import matched, read_records
from tests.conftest import REPO


def load_script(name: str, module_name: str | None = None) -> ModuleType:
    """``scripts/<name>.py`` imported as a module (scripts are not a package), executed anew."""
    spec = importlib.util.spec_from_file_location(module_name or name,
                                                  REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_avro(pattern: str) -> list[dict]:
    """Every record of the Avro files matching ``pattern`` (local or gs://), in path order."""
    return list(read_records(matched(pattern)))
