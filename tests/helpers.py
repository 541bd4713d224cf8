"""Helpers shared by several test modules."""

from __future__ import annotations

import fastavro
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems


def read_avro(pattern: str) -> list[dict]:
    """Every record of the Avro files matching ``pattern`` (local or gs://), in path order."""
    try:
        metas = FileSystems.match([pattern])[0].metadata_list
    except Exception:
        return []
    records: list[dict] = []
    for meta in sorted(metas, key=lambda m: m.path):
        with FileSystems.open(meta.path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
            records.extend(fastavro.reader(fh))
    return records
