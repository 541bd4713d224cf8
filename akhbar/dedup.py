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
from akhbar.neardup import NearParams, NearRecord, near_record
from akhbar.normalize import normalize


def fingerprint(body: str, level: str) -> str:
    """The duplicate key of a body: the hash of its normalized text."""
    return content_hash(normalize(body, level).text)


def file_keys(uri: str, stream: BinaryIO, options: ReadOptions, level: str,
              size: int | None = None, near: NearParams | None = None
              ) -> Iterator[tuple[str, str, tuple[NearRecord, list[bytes]] | None]]:
    """``(fingerprint, id, (near record, band keys))`` of each article with a body in one
    file: one parse and one normalization serve both duplicate checks (the near part is
    None without ``near`` or when the body has no word). Parses with ``ReadOptions.light``: the same ids and bodies, without
    the dateline search and the date parsing that cost ~3/4 of a full parse. Dead letters
    are skipped (the main parse of the same file accounts for them)."""
    light = dataclasses.replace(options, light=True)
    for item in parse_file(uri, stream, light, size):
        if isinstance(item, Article) and item.body.strip():
            text = normalize(item.body, level).text
            record = near_record(item, text, near) if near is not None else None
            yield content_hash(text), item.id, record


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
