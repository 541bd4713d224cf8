"""Helpers shared by several test modules."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Mapping
from types import ModuleType

from tests.conftest import REPO


def load_script(name: str, module_name: str | None = None) -> ModuleType:
    """``scripts/<name>.py`` imported as a module (scripts are not a package), executed anew."""
    spec = importlib.util.spec_from_file_location(module_name or name,
                                                  REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lexicon_tags(sentences: Iterable[Iterable[str]], lexicon: Mapping[str, str]
                 ) -> list[list[str]]:
    """BIO tags from a word -> type ``lexicon``, a word after one of the same type continuing
    the entity: what the stand-ins for the CAMeL Tools NER model's ``predict`` return."""
    out = []
    for words in sentences:
        tags, prev = [], None
        for w in words:
            typ = lexicon.get(w)
            tags.append("O" if typ is None else ("I-" if typ == prev else "B-") + typ)
            prev = typ
        out.append(tags)
    return out


def read_avro(pattern: str) -> list[dict]:
    """Every record of the Avro files matching ``pattern`` (local or gs://), in path order."""
    from pipeline.avro_io import matched, read_records  # Beam: only for the tests that read

    return list(read_records(matched(pattern)))


def run_cli(*args: str, env: Mapping[str, str] | None = None, timeout: float
            ) -> subprocess.CompletedProcess:
    """``python -m pipeline *args``: the real command line in a subprocess, from the
    repository, output captured as text; ``env``: its whole environment (default: this
    process's). The exit code is the caller's to check."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _pairs(members: Mapping[str, bytes] | Iterable[tuple[str, bytes]]
           ) -> Iterable[tuple[str, bytes]]:
    return members.items() if isinstance(members, Mapping) else members


def zip_bytes(members: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
              method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of ``members``: name -> data, or ``(name, data)`` pairs (a name may
    then repeat), in that order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in _pairs(members):
            zf.writestr(name, data)
    return buf.getvalue()


def tar_bytes(members: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
              mode: str = "w") -> bytes:
    """A tar archive of regular files ``members`` (as ``zip_bytes``); ``mode="w:gz"``
    (or ``w:bz2``, ``w:xz``) compresses it."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data in _pairs(members):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def run_probe(code: str, *args: str, without: Iterable[str] = (),
              env: Mapping[str, str] | None = None, timeout: float | None = None
              ) -> subprocess.CompletedProcess:
    """``python -c code *args`` in a fresh interpreter (for what one process cannot show
    twice: malloc tuning, hash seeds, forking), from the current directory, with this
    process's environment minus the variables ``without`` names (``"MALLOC_*"``: every
    name with that prefix) plus ``env``; output captured as text, a non-zero exit raises."""
    def dropped(name: str) -> bool:
        return any(name.startswith(w[:-1]) if w.endswith("*") else name == w for w in without)

    full = {k: v for k, v in os.environ.items() if not dropped(k)} | dict(env or {})
    return subprocess.run([sys.executable, "-c", code, *args], env=full, check=True,
                          capture_output=True, text=True, timeout=timeout)
