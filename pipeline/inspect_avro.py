"""``akhbar inspect``: print Avro records as JSON lines (UTF-8, Arabic readable)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import fastavro
from apache_beam.io.filesystems import FileSystems


def avro_paths(path_or_glob: str) -> list[str]:
    """Files for a path, a glob, or an output prefix (then its ``articles-*.avro``)."""
    candidates = [path_or_glob]
    if not any(ch in path_or_glob for ch in "*?[") and not path_or_glob.endswith(".avro"):
        candidates.append(path_or_glob.rstrip("/") + "/articles-*.avro")
    for pattern in candidates:
        try:
            matched = FileSystems.match([pattern])[0].metadata_list
        except Exception:
            continue
        files = sorted(m.path for m in matched if m.path.endswith(".avro") or pattern == m.path)
        if files:
            return files
    return []


def iter_records(paths: list[str]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with FileSystems.open(path) as handle:
            yield from fastavro.reader(handle)


def print_records(path_or_glob: str, limit: int | None = None, out: TextIO = sys.stdout) -> int:
    """Print up to ``limit`` records; return how many were printed."""
    paths = avro_paths(path_or_glob)
    if not paths:
        raise FileNotFoundError(f"no Avro files match {path_or_glob}")
    count = 0
    for record in iter_records(paths):
        if limit is not None and count >= limit:
            break
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def register(subparsers) -> str:
    parser = subparsers.add_parser("inspect", help="print Avro records as JSON lines")
    parser.add_argument("path", metavar="PATH_OR_GLOB",
                        help="an Avro file, a glob, or an output prefix")
    parser.add_argument("--limit", type=int, default=None, help="print at most N records")
    return "inspect"


def main(args: argparse.Namespace, extra_args=()) -> int:
    print_records(args.path, args.limit)
    return 0
