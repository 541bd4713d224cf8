"""Helpers shared by several test modules."""

from __future__ import annotations

from pipeline.avro_io import matched, read_records


def read_avro(pattern: str) -> list[dict]:
    """Every record of the Avro files matching ``pattern`` (local or gs://), in path order."""
    return list(read_records(matched(pattern)))
