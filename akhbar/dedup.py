"""Exact duplicates: the key of a body and which copy is the first (no Beam).

Two articles are duplicates when their normalized bodies are equal; the one with the
smallest id is the first, the others get ``duplicate_of`` = its id. Used by the pipeline's
``FlagDuplicates`` and by the benchmark's plain loop.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from akhbar.article import Article
from akhbar.formats import ReadOptions, content_hash, parse_file
from akhbar.normalize import normalize


def fingerprint(body: str, level: str) -> str:
    """The duplicate key of a body: the hash of its normalized text."""
    return content_hash(normalize(body, level).text)


def file_fingerprints(uri: str, stream: BinaryIO, options: ReadOptions, level: str,
                      size: int | None = None) -> Iterator[tuple[str, str]]:
    """``(fingerprint, id)`` of each article with a body in one file. Parses with
    ``ReadOptions.light``: the same ids and bodies, without the dateline search and the
    date parsing that cost ~3/4 of a full parse. Dead letters are skipped (the main
    parse of the same file accounts for them)."""
    light = dataclasses.replace(options, light=True)
    for item in parse_file(uri, stream, light, size):
        if isinstance(item, Article) and item.body.strip():
            yield fingerprint(item.body, level), item.id


def later_copies(ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The ids sharing one fingerprint -> ``(id, first_id)`` for every id but the first
    (the smallest)."""
    unique = sorted(set(ids))
    for other in unique[1:]:
        yield other, unique[0]


def duplicates_of(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``(fingerprint, id)`` pairs of a whole corpus -> ``{id: first_id}`` of the later
    copies (the in-memory form of the pipeline's group-by-fingerprint)."""
    groups: dict[str, list[str]] = {}
    for key, article_id in pairs:
        groups.setdefault(key, []).append(article_id)
    return {other: first for ids in groups.values() for other, first in later_copies(ids)}
