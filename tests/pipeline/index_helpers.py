"""Helpers for the index tests: small article records and refresh prefixes written
directly (no enrichment run), and the index tables read back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import fastavro

from akhbar.schema import article_schema
from pipeline import index_store
from pipeline import state as st

# One process, no worker pool.
BEAM_ARGS = ("--direct_running_mode=in_memory", "--direct_num_workers=1")


def ent(text: str, etype: str = "PERS", cluster: str | None = None, start: int = 0) -> dict:
    return {"text": text, "type": etype, "field": "body", "start": start,
            "end": start + len(text), "normalized": text,
            "cluster": cluster or f"{etype}:{text}", "score": None}


def article(aid: str, entities: Sequence[dict], published: str | None = "2015-08-01",
            source: str = "sabq", dates: Sequence[str] = ()) -> dict[str, Any]:
    body = " ".join(e["text"] for e in entities) or "نص"
    return {
        "id": aid, "source_uri": f"/in/{source}/{aid}.txt", "source_format": "plain",
        "title": None, "lead": None, "body": body, "published": published,
        "published_raw": published, "dateline": None, "metadata": {"source": source},
        "encoding": "utf-8", "body_normalized": None, "tokens": None, "content_hash": None,
        "is_duplicate": False, "duplicate_of": None, "entities": list(entities),
        "dates": [{"text": d, "type": "DATE", "value": d, "field": "body", "start": 0,
                   "end": 1, "mod": None, "calendar": "gregorian"} for d in dates],
        "errors": [],
    }


def write_articles(path: str, records: Iterable[Mapping[str, Any]]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        fastavro.writer(handle, article_schema(), list(records))


def commit_run(prefix: str, seq: int, day: str, files: Mapping[str, Sequence[dict]],
               deleted: Sequence[str] = ()) -> str:
    """A committed refresh partition holding ``files`` (input uri -> its articles)."""
    run_id = f"{seq:06d}-{seq:08x}"
    part = os.path.join(prefix, f"dt={day}", f"run={run_id}")
    records = [r for recs in files.values() for r in recs]
    write_articles(os.path.join(part, "articles-00000-of-00001.avro"), records)
    manifest = {"run": {"run_id": run_id, "seq": seq, "run_date": day},
                "inputs": [{"uri": uri, "articles": [r["id"] for r in recs]}
                           for uri, recs in files.items()],
                "deleted": [{"uri": uri} for uri in deleted]}
    with open(os.path.join(part, st.MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False)
    open(os.path.join(part, st.SUCCESS), "wb").close()
    return part


def read_rows(directory: str, table: str) -> list[dict[str, Any]]:
    """The rows of the ``table-*.avro`` files of one directory (one generation), raw."""
    rows: list[dict[str, Any]] = []
    for name in sorted(os.listdir(directory)):
        if name.startswith(table + "-") and name.endswith(".avro"):
            with open(os.path.join(directory, name), "rb") as handle:
                rows.extend(fastavro.reader(handle))
    return rows


def read_table(index_dir: str, table: str) -> list[dict[str, Any]]:
    """The rows of ``table`` as the index's readers see them (generations merged)."""
    return index_store.read_table(index_dir, table)
