"""Reading Akhbar's Avro output (articles and dead letters) from any Beam filesystem
(local, gs://), one record at a time: the one reader of the refresh's commit step,
``akhbar report`` and ``akhbar inspect``.

``shards`` lists the files of one kind under an output prefix (a run, a staged refresh, a
partition); ``avro_files`` resolves what a user names (a file, a glob, a prefix);
``read_records`` streams the records of a list of files, checking that each holds the
record it should, so that a stray file fails with its name instead of a decoding error.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import fastavro
from apache_beam.io.filesystems import FileSystems

from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX

# The record each kind of output file holds (``akhbar/schema/akhbar.avsc``).
RECORDS = {ARTICLES_PREFIX: "Article", DEAD_LETTER_PREFIX: "DeadLetter"}
# Large article fields that counting readers (report, the commit's read-back) skip.
LARGE_FIELDS = frozenset({"body_normalized", "tokens"})


class NotAkhbarAvro(ValueError):
    """A file that is not Avro, or not the Akhbar record it should hold."""


def matched(pattern: str) -> list[str]:
    """Sorted paths ``pattern`` matches; none when it matches nothing or cannot be listed
    (some filesystems raise for an empty match)."""
    try:
        found = FileSystems.match([pattern])[0].metadata_list
    except Exception:
        return []
    return sorted(m.path for m in found)


def shards(prefix: str, kind: str) -> list[str]:
    """The Avro files of ``kind`` (``articles`` or ``dead_letter``) directly under
    ``prefix``, sorted."""
    if kind not in RECORDS:
        raise ValueError(f"kind must be one of {', '.join(RECORDS)}, got {kind!r}")
    return matched(f"{prefix.rstrip('/')}/{kind}-*.avro")


def avro_files(location: str) -> list[str]:
    """The files of a path, a glob, or an output prefix (then its articles); a
    ``FileNotFoundError`` naming ``location`` when there are none."""
    candidates = [location]
    if not any(ch in location for ch in "*?[") and not location.endswith(".avro"):
        candidates.insert(0, f"{location.rstrip('/')}/{ARTICLES_PREFIX}-*.avro")
    for pattern in candidates:
        try:
            found = FileSystems.match([pattern])[0].metadata_list
        except Exception:
            continue
        files = sorted(m.path for m in found
                       if m.path.endswith(".avro") or (pattern == m.path and m.size_in_bytes
                                                       and not os.path.isdir(m.path)))
        if files:
            return files
    raise FileNotFoundError(f"no Avro files match {location}")


def _record_name(schema: Any) -> str | None:
    if not isinstance(schema, dict) or schema.get("type") != "record":
        return None
    return str(schema.get("name", "")).rsplit(".", 1)[-1]


def _without(schema: dict[str, Any], skip: Collection[str]) -> dict[str, Any]:
    return {**schema, "fields": [f for f in schema["fields"] if f["name"] not in skip]}


def read_records(paths: Iterable[str], kind: str | None = None,
                 skip_fields: Collection[str] = ()) -> Iterator[dict[str, Any]]:
    """The records of the Avro files ``paths``, in order, streamed.

    ``kind``: each file must hold that kind's record (``RECORDS``), else
    ``NotAkhbarAvro``; without it any Avro file is read. ``skip_fields``: fields left
    undecoded (less time and memory for a reader that does not need them)."""
    expected = RECORDS[kind] if kind is not None else None
    for path in paths:
        with FileSystems.open(path) as handle:
            try:
                reader = fastavro.reader(handle)
            except ValueError as exc:  # fastavro: "cannot read header - is it an avro file?"
                raise NotAkhbarAvro(f"{path} is not an Avro file ({exc})") from exc
            schema = reader.writer_schema
            if expected is not None and _record_name(schema) != expected:
                raise NotAkhbarAvro(f"{path} holds {_record_name(schema) or 'no record'}, "
                                    f"not the Akhbar {expected} records of {kind}-*.avro")
            fields = {f["name"] for f in schema.get("fields", [])} if isinstance(
                schema, dict) else set()
            if fields & set(skip_fields):
                handle.seek(0)
                reader = fastavro.reader(handle, reader_schema=_without(schema, skip_fields))
            yield from reader
