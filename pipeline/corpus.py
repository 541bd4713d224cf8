"""The current corpus of an output prefix, for the commands that read one (``index``,
``inspect``, ``report``).

A run prefix (``akhbar run``) is its ``articles-*.avro``. A refresh prefix
(``PREFIX/dt=*/run=*/``, see docs/refresh.md) is read from its committed partitions only
(those with ``_SUCCESS``): for every input file, the articles of the latest committed run
that processed it, unless a later run lists it as deleted. Articles of earlier versions
(superseded) and of deleted files (retracted) are left out and counted.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from akhbar.index.resolve import article_observations
from pipeline.avro_io import matched, read_records
from pipeline.index_store import entity_ids, has_index, iter_table
from pipeline.state import MANIFEST, RunRef, committed_runs, join, read_json
from transforms.write import ARTICLES_PREFIX


@dataclass
class CorpusFile:
    """One ``articles-*.avro`` file and the article ids in it that are not current."""

    path: str
    run_id: str = ""
    exclude: frozenset[str] = frozenset()


@dataclass
class Corpus:
    """The files of the current corpus of a prefix."""

    prefix: str
    refresh: bool
    files: list[CorpusFile] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    superseded: int = 0       # articles of an earlier version of a file, left out
    retracted: int = 0        # articles of a file deleted since, left out

    @property
    def left_out(self) -> int:
        return self.superseded + self.retracted

    def describe(self) -> str:
        if not self.refresh:
            return f"{len(self.files)} Avro files"
        return (f"refresh prefix: {len(self.runs)} committed runs, {len(self.files)} Avro files; "
                f"left out {self.superseded} superseded and {self.retracted} retracted articles")


def exclusions(manifests: Sequence[dict[str, Any]]) -> tuple[dict[str, set[str]], int, int]:
    """Per run id, its article ids that are not current; and the superseded and retracted
    counts. ``manifests`` in commit order."""
    latest: dict[str, str] = {}
    deleted: set[str] = set()
    for manifest in manifests:
        run_id = manifest["run"]["run_id"]
        for item in manifest["inputs"]:
            latest[item["uri"]] = run_id
            deleted.discard(item["uri"])
        for item in manifest.get("deleted") or ():
            latest.pop(item["uri"], None)
            deleted.add(item["uri"])
    out: dict[str, set[str]] = {}
    superseded = retracted = 0
    for manifest in manifests:
        run_id = manifest["run"]["run_id"]
        for item in manifest["inputs"]:
            if latest.get(item["uri"]) == run_id:
                continue
            out.setdefault(run_id, set()).update(item["articles"])
            if item["uri"] in deleted:
                retracted += len(item["articles"])
            else:
                superseded += len(item["articles"])
    return out, superseded, retracted


def manifests_of(prefix: str, refs: Iterable[RunRef]) -> list[dict[str, Any]]:
    return [read_json(join(ref.partition(prefix), MANIFEST)) for ref in refs]


def open_corpus(prefix: str, runs: Sequence[str] | None = None) -> Corpus:
    """The current corpus under ``prefix``; for a refresh prefix optionally as of the
    committed runs ``runs`` only (the runs an earlier index saw)."""
    base = prefix.rstrip("/")
    refs = committed_runs(base)
    if not refs:
        return Corpus(base, False, [CorpusFile(p) for p in matched(base + "/articles-*.avro")])
    if runs is not None:
        wanted = set(runs)
        refs = [r for r in refs if r.run_id in wanted]
    excluded, superseded, retracted = exclusions(manifests_of(base, refs))
    corpus = Corpus(base, True, runs=[r.run_id for r in refs],
                    superseded=superseded, retracted=retracted)
    for ref in refs:
        drop = frozenset(excluded.get(ref.run_id, ()))
        for path in matched(join(ref.partition(base), "articles-*.avro")):
            corpus.files.append(CorpusFile(path, ref.run_id, drop))
    return corpus


def read_file(cf: CorpusFile, skip_fields: Collection[str] = ()) -> Iterator[dict[str, Any]]:
    """The current records of one file (``skip_fields`` left undecoded)."""
    for record in read_records([cf.path], ARTICLES_PREFIX, skip_fields=skip_fields):
        if record.get("id") not in cf.exclude:
            yield record


def iter_corpus(corpus: Corpus, skip_fields: Collection[str] = ()
                ) -> Iterator[dict[str, Any]]:
    """The current records of the whole corpus."""
    for cf in corpus.files:
        yield from read_file(cf, skip_fields)


def is_refresh_prefix(path: str) -> bool:
    """True when ``path`` holds committed refresh partitions."""
    return bool(committed_runs(path.rstrip("/")))


# -- the entity ids of an index -----------------------------------------------------------
INDEX_DIR = "index"


def index_dir_for(path: str) -> str | None:
    """The index (``akhbar index`` output) that covers ``path`` (a prefix, a glob or a
    file of a run or refresh prefix), if there is one."""
    path = path.rstrip("/")
    base = path
    if any(ch in path for ch in "*?[") or path.endswith(".avro"):
        base = path.rsplit("/", 1)[0]
    m = re.search(r"^(.*)/dt=[^/]+(/run=[^/]+)?$", base)
    if m:
        base = m.group(1)
    candidate = f"{base}/{INDEX_DIR}"
    return candidate if has_index(candidate) else None


def with_entity_ids(records: Iterable[dict[str, Any]], index_dir: str | None,
                    batch: int = 500) -> Iterator[dict[str, Any]]:
    """The records, each entity mention given its ``entity_id`` from the index's links
    table (by the mention's key in the article, as ``akhbar index`` computed it; the id
    is the key's current one, from the keys table). Looked up a batch of records at a
    time: one pass over the links per batch, so memory stays bounded."""
    if not index_dir:
        yield from records
        return
    ids = entity_ids(index_dir)
    chunk: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        wanted = {r.get("id") for r in chunk}
        found: dict[tuple[str, str, str], str] = {}
        for row in iter_table(index_dir, "links", ids):
            if row["article_id"] in wanted:
                found[(row["article_id"], row["type"], row["key"])] = row["entity_id"]
        for rec in chunk:
            ents = rec.get("entities") or []
            for obs in article_observations(ents):  # the mention's key, as the index saw it
                eid = found.get((rec.get("id"), obs.type, obs.key))
                for i in obs.members:
                    if eid:
                        ents[i]["entity_id"] = eid
            yield rec
        chunk.clear()

    for rec in records:
        chunk.append(rec)
        if len(chunk) >= batch:
            yield from flush()
    if chunk:
        yield from flush()
