"""Reading an index written by ``akhbar index``: its generations, and its tables as
readers see them (see docs/index.md, *Incremental update*).

``_INDEX.json`` lists the generations (``gen-NNNNN/`` directories): a base (full build or
compaction) and the deltas of the updates since. A table is read by taking each unit (a
key, an entity, an article's links, ...) from the newest generation that has it and
dropping tombstones (``akhbar.index.tables``). Link rows get the *current* entity id of
their name key from the keys table: the links of old articles are never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from akhbar.index.tables import is_current, key_unit, newest_units
from pipeline.avro_io import matched, read_records
from pipeline.state import exists, read_json

INDEX_FILE = "_INDEX.json"


def read_manifest(index_dir: str) -> dict[str, Any] | None:
    """The index's ``_INDEX.json`` (None when there is no index)."""
    path = f"{index_dir.rstrip('/')}/{INDEX_FILE}"
    return read_json(path) if exists(path) else None


def generations(index_dir: str, manifest: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The generations of the index, oldest first (``gen``, ``dir``, ``runs``, ``rows``).
    An index of the first format (tables at the top) is one generation."""
    manifest = manifest if manifest is not None else read_manifest(index_dir)
    if not manifest:
        return []
    if "generations" not in manifest:
        return [{"gen": 0, "dir": "", "runs": manifest.get("runs") or [], "rows": {}}]
    return list(manifest["generations"])


def gen_path(index_dir: str, gen: Mapping[str, Any]) -> str:
    base = index_dir.rstrip("/")
    return f"{base}/{gen['dir']}" if gen["dir"] else base


def table_files(index_dir: str, table: str, gens: list[dict[str, Any]] | None = None
                ) -> list[tuple[int, list[str]]]:
    """``(generation, files)`` of one table, oldest first."""
    gens = generations(index_dir) if gens is None else gens
    return [(g["gen"], matched(f"{gen_path(index_dir, g)}/{table}-*.avro")) for g in gens]


def has_index(index_dir: str) -> bool:
    """True when ``index_dir`` holds an index with at least one entity table file."""
    return any(files for _, files in table_files(index_dir, "links"))


def entity_ids(index_dir: str) -> dict[str, str]:
    """``type\\tkey`` -> the entity id its key resolves to now."""
    return {key_unit(r): r["entity_id"]
            for r in iter_table(index_dir, "keys") if r.get("entity_id")}


def iter_table(index_dir: str, table: str, ids: Mapping[str, str] | None = None
               ) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` as readers see them, streamed generation by generation.
    Link rows get their key's current entity id (``ids``, read from the keys table when
    not given)."""
    files = table_files(index_dir, table)
    newest = newest_units(table, ((g, read_records(p)) for g, p in files[1:]))
    if table == "links" and ids is None:
        ids = entity_ids(index_dir)
    for gen, paths in files:
        for row in read_records(paths):
            if is_current(table, gen, row, newest):
                if table == "links":
                    row["entity_id"] = ids.get(key_unit(row)) or row["entity_id"]
                yield row


def read_table(index_dir: str, table: str) -> list[dict[str, Any]]:
    """All rows of ``table`` as readers see them."""
    return list(iter_table(index_dir, table))
