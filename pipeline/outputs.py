"""What a run owns under its output prefix, and keeping it out of the inputs.

- ``inside_output(prefix)``: the one test, used by ``run`` (``pipeline.graph``) and
  ``refresh`` (``pipeline.state.list_inputs``), of whether an input path lies under the
  output prefix. Both sides are resolved first (a relative ``--output out`` against the
  working directory, symlinks followed), so ``out/`` and ``/data/news/out/`` are one place.
- ``EarlierRun.find(prefix)``: the files of an earlier run that ``--overwrite`` may delete:
  those its ``summary.json`` lists under ``outputs``, Avro shards named as Akhbar names them
  (``articles-00000-of-00004.avro``; a run that failed has no summary), the summary itself,
  and a ``report.html`` that ``akhbar report`` wrote. Anything else under the prefix (a
  user's ``articles-notes.txt``) is never touched; a ``summary.json`` that Akhbar did not
  write is an error rather than overwritten.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from apache_beam.io.filesystems import FileSystems

from pipeline.avro_io import matched
from pipeline.config import ConfigError
from pipeline.summary import mask_secrets
from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX

SUMMARY_NAME = "summary.json"
REPORT_NAME = "report.html"
# The names WriteToAvro gives the shards (its default template -SSSSS-of-NNNNN).
SHARD_RE = re.compile(
    rf"(?:{re.escape(ARTICLES_PREFIX)}|{re.escape(DEAD_LETTER_PREFIX)})-\d{{5,}}-of-\d{{5,}}\.avro")
# ``akhbar report`` signs its page (see ``akhbar.report.render``).
REPORT_SIGNATURE = b"<code>akhbar report</code>"


def is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) is None


@functools.lru_cache(maxsize=4096)
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory or ".")


def absolute_uri(path: str) -> str:
    """``path`` as one canonical string: a local path absolute with symlinks resolved
    (``out``, ``./out/`` and ``/cwd/out`` are equal); a URI as given, without a trailing
    slash."""
    if not is_local(path):
        return path.rstrip("/") or path
    path = os.path.expanduser(path)
    head, tail = os.path.split(os.path.normpath(os.path.abspath(path)))
    return os.path.join(_real_dir(head), tail) if tail else _real_dir(head)


class InsideOutput:
    """A picklable predicate: is a path the output prefix or under it? (``__call__``)"""

    def __init__(self, prefix: str) -> None:
        root = absolute_uri(prefix)
        self.root = os.path.realpath(root) if is_local(root) else root  # a symlinked prefix

    def __call__(self, path: str) -> bool:
        resolved = absolute_uri(path)
        sep = "/" if not is_local(self.root) else os.sep
        return resolved == self.root or resolved.startswith(self.root.rstrip(sep) + sep)

    def __repr__(self) -> str:
        return f"InsideOutput({self.root!r})"


def inside_output(prefix: str) -> Callable[[str], bool]:
    """The predicate for ``prefix`` (see the module docstring)."""
    return InsideOutput(prefix)


# ---------------------------------------------------------------- an earlier run


def _join(prefix: str, name: str) -> str:
    return prefix.rstrip("/") + "/" + name


def _read(path: str, limit: int | None = None) -> bytes | None:
    try:
        with FileSystems.open(path) as handle:
            return handle.read() if limit is None else handle.read(limit)
    except Exception:  # vanished, unreadable: treated as absent
        return None


def is_own_summary(data: object) -> bool:
    """A parsed ``summary.json`` that Akhbar wrote (it always has these keys)."""
    return (isinstance(data, dict) and "files_read" in data
            and isinstance(data.get("accounting"), dict))


def _basename(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) if not is_local(path) else os.path.basename(path)


@dataclass
class EarlierRun:
    """The files under a prefix that an earlier Akhbar run wrote."""

    prefix: str
    files: list[str] = field(default_factory=list)

    @classmethod
    def find(cls, prefix: str) -> EarlierRun:
        """Our files under ``prefix``; ``ConfigError`` when a ``summary.json`` is there
        that Akhbar did not write (the run would overwrite it)."""
        found: set[str] = set()
        summary_path = _join(prefix, SUMMARY_NAME)
        listed: Sequence[str] = ()
        if matched(summary_path):
            raw = _read(summary_path)
            try:
                data = json.loads(raw.decode("utf-8")) if raw is not None else None
            except (UnicodeDecodeError, json.JSONDecodeError):
                data = None
            if raw is not None and not is_own_summary(data):
                raise ConfigError(
                    f"{mask_secrets(summary_path)} was not written by akhbar; a run would "
                    "overwrite it: move it away or choose another output prefix")
            if raw is not None:
                found.add(summary_path)
                listed = data.get("outputs") or ()
        for name in listed:
            # Only names of our shape directly under the prefix, whatever the file says.
            if isinstance(name, str) and SHARD_RE.fullmatch(name):
                found.update(matched(_join(prefix, name)))
        for stem in (ARTICLES_PREFIX, DEAD_LETTER_PREFIX):
            found.update(p for p in matched(_join(prefix, stem + "-*"))
                         if SHARD_RE.fullmatch(_basename(p)))
        report = _join(prefix, REPORT_NAME)
        if matched(report) and REPORT_SIGNATURE in (_read(report) or b""):
            found.add(report)
        return cls(prefix, sorted(found))

    def delete(self) -> None:
        if self.files:
            FileSystems.delete(self.files)


def written_outputs(prefix: str) -> list[str]:
    """The Avro shards now under ``prefix`` (the names a summary lists as ``outputs``)."""
    names = set()
    for stem in (ARTICLES_PREFIX, DEAD_LETTER_PREFIX):
        names.update(_basename(p) for p in matched(_join(prefix, stem + "-*")))
    return sorted(n for n in names if SHARD_RE.fullmatch(n))

