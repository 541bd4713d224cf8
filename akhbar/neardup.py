"""Near duplicates: MinHash signatures, LSH band keys, Jaccard, clusters (no Beam).

An article's *shingles* are the runs of ``shingle`` consecutive words of its normalized
body. Two articles are near duplicates when the Jaccard similarity of their shingle sets
is at least ``threshold``. A MinHash signature (``permutations`` seeded multiply-shift
hashes, the minimum of each over the shingles) estimates that similarity: the share of
equal positions. Locality-sensitive hashing splits the signature into ``bands`` bands of
``rows`` values; articles that agree on a whole band share a bucket and become candidate
pairs, which are then verified by their exact Jaccard similarity (the shingle sets
travel with the records: 4 bytes a shingle), so a flagged pair is at or above the
threshold and only the LSH stage can miss a pair. Near duplicates form
clusters (connected components of the verified pairs); the representative of a cluster
is its earliest published article, then the smallest id.

Used by the pipeline's ``transforms.neardup``, by the benchmark's plain loop and by
``scripts/eval_neardup.py``, so all three compute the same thing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from akhbar.article import Article
from akhbar.formats.build import published_of
from akhbar.report.aggregate import source_of

_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
# Odd 64-bit multiplier of the rolling shingle hash (word hashes -> shingle hash).
_ROLL = np.uint64(0x9E3779B97F4A7C15)
_SIGNATURE_BLOCK = 60 << 10  # bytes of MinHash values computed at a time (``signature``)


# What the near-duplicate step knows of an article: (id, shingle-hash set as uint32
# bytes, published, source, input file). Its band keys travel apart: they are all the
# bucketing needs.
NearRecord = tuple[str, bytes, str | None, str, str]


@dataclass(frozen=True)
class NearParams:
    """The parameters of the near-duplicate step (``dedup.near.*`` in the config)."""

    shingle: int = 5
    permutations: int = 128
    bands: int = 20
    rows: int = 6
    threshold: float = 0.8
    max_bucket: int = 100
    seed: int = 1

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.permutations:
            raise ValueError(f"bands x rows ({self.bands} x {self.rows}) must not exceed "
                             f"permutations ({self.permutations})")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if min(self.shingle, self.permutations, self.bands, self.rows, self.max_bucket) < 1:
            raise ValueError("shingle, permutations, bands, rows and max_bucket must be >= 1")

    @classmethod
    def from_config(cls, near: Mapping[str, Any]) -> NearParams:
        """From the ``dedup.near`` section (``enabled`` and the refresh's internal keys are
        not parameters)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in near.items() if k in names})

    @cached_property
    def _hash_params(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        high = np.iinfo(np.uint64).max
        a = rng.integers(1, high, size=self.permutations, dtype=np.uint64, endpoint=True)
        b = rng.integers(0, high, size=self.permutations, dtype=np.uint64, endpoint=True)
        return a | np.uint64(1), b  # multiply-shift needs odd multipliers

    def candidate_probability(self, jaccard: float) -> float:
        """Probability that a pair of this Jaccard similarity shares at least one bucket."""
        return 1.0 - (1.0 - jaccard ** self.rows) ** self.bands


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """The distinct 32-bit hashes of the ``size``-word shingles of ``text`` (uint64 array).
    A text shorter than ``size`` words is one shingle; an empty text has none."""
    words = text.split()
    if not words:
        return np.zeros(0, dtype=np.uint64)
    codes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    k = min(size, len(words))
    n = len(words) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):  # polynomial hash of each window, wrapping modulo 2**64
            acc = acc * _ROLL + codes[i:i + n] + np.uint64(1)
        acc ^= acc >> _SHIFT32
    return np.unique(acc & _MASK32)


def signature(hashes: np.ndarray, params: NearParams) -> np.ndarray:
    """MinHash signature (uint32, ``params.permutations`` values) of a shingle-hash set.
    Permutation i maps x to the high 32 bits of ``a_i * x + b_i`` (mod 2**64); an empty
    set has the all-ones signature (similar to nothing that has shingles)."""
    if hashes.size == 0:
        return np.full(params.permutations, 0xFFFFFFFF, dtype=np.uint32)
    a, b = params._hash_params
    low = np.full(params.permutations, np.iinfo(np.uint64).max, dtype=np.uint64)
    # a few shingles at a time: the (shingles, permutations) values of a whole article
    # (~1 MB for 1,000 words) would be mapped fresh, and page-faulted, for every article
    # where malloc maps large blocks (local runs, ``pipeline.worker``)
    step = max(1, _SIGNATURE_BLOCK // (8 * params.permutations))
    with np.errstate(over="ignore"):
        for start in range(0, hashes.size, step):
            values = hashes[start:start + step, None] * a
            values += b
            values >>= _SHIFT32
            np.minimum(low, values.min(axis=0), out=low)
    return low.astype(np.uint32)


def text_signature(text: str, params: NearParams) -> np.ndarray:
    """The MinHash signature of a normalized body."""
    return signature(shingle_hashes(text, params.shingle), params)


def band_keys(sig: np.ndarray, params: NearParams) -> list[bytes]:
    """One 9-byte key per band: the band number and a hash of its rows."""
    raw = np.ascontiguousarray(sig, dtype=np.uint32)
    width = params.rows
    return [bytes((j,)) + hashlib.blake2b(raw[j * width:(j + 1) * width].tobytes(),
                                          digest_size=8).digest()
            for j in range(params.bands)]


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The share of equal signature positions (the MinHash estimate of Jaccard)."""
    return float(np.count_nonzero(sig_a == sig_b)) / sig_a.size


def as_set(value: np.ndarray | bytes) -> np.ndarray:
    """A shingle-hash set from its bytes (uint32, as shuffled and stored) or as is."""
    if isinstance(value, bytes | bytearray | memoryview):
        return np.frombuffer(value, dtype=np.uint32)
    return value


def exact_jaccard(a: np.ndarray | bytes, b: np.ndarray | bytes) -> float:
    """Jaccard similarity of two sets of shingle hashes (sorted unique arrays or their
    bytes)."""
    a, b = as_set(a), as_set(b)
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def bucket_pairs(ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Every unordered pair of distinct ids in one bucket, as ``(smaller, larger)``."""
    yield from itertools.combinations(sorted(set(ids)), 2)


# The rank of an article inside a cluster: earliest published first (articles without a
# date last), then the smallest id. The minimum rank of a cluster is its representative.
Rank = tuple[int, str, str]


def rank(article_id: str, published: str | None) -> Rank:
    """Sort key choosing a cluster's representative."""
    return (0, published, article_id) if published else (1, "", article_id)


class UnionFind:
    """Disjoint sets over hashable items; ``find`` with path halving."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, item: Any) -> Any:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent[parent]
            self.parent[item] = grand
            item, parent = parent, self.parent[grand]
        return item

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo  # the smaller item is the root


def component_roots(edges: Iterable[tuple[Any, Any]]) -> dict[Any, Any]:
    """Every vertex of ``edges`` -> the smallest vertex of its connected component (with
    ranks as vertices: the component's representative)."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    return {item: uf.find(item) for item in uf.parent}


@dataclass
class NearResult:
    """What the near-duplicate step finds in a set of articles."""

    flags: dict[str, tuple[str, float]]   # id -> (representative id, Jaccard)
    pairs: set[tuple[str, str]]           # verified pairs (smaller id, larger id)
    clusters: list[list[str]]             # member ids, representative first
    skipped_buckets: int = 0              # buckets over max_bucket, not paired


def find_near_duplicates(items: Iterable[tuple[str, str | None, np.ndarray | bytes]],
                         params: NearParams) -> NearResult:
    """``(id, published, shingle-hash set)`` of a whole corpus -> near duplicates, in
    memory (see ``cluster_records``). Articles without shingles are left out (as the
    pipeline does)."""
    def made():
        for article_id, published, shingles in items:
            shingles = as_set(shingles)
            if shingles.size:
                record = (article_id, shingles.astype(np.uint32).tobytes(), published, "", "")
                yield record, band_keys(signature(shingles, params), params)
    return cluster_records(made(), params)


def cluster_records(items: Iterable[tuple[NearRecord, Sequence[bytes]]],
                    params: NearParams) -> NearResult:
    """``(near record, band keys)`` of a whole corpus (as ``near_record`` makes them) ->
    near duplicates, in memory: the same bucketing, verification and clustering as the
    pipeline's ``NearDuplicates`` (and what the benchmark's plain loop runs)."""
    sets: dict[str, np.ndarray] = {}
    ranks: dict[str, Rank] = {}
    buckets: dict[bytes, list[str]] = {}
    for (article_id, shingles, published, *_), keys in items:
        sets[article_id] = as_set(shingles)
        ranks[article_id] = rank(article_id, published)
        for key in keys:
            buckets.setdefault(key, []).append(article_id)
    candidates: set[tuple[str, str]] = set()
    skipped = 0
    for ids in buckets.values():
        if len(ids) > params.max_bucket:
            skipped += 1
            continue
        candidates.update(bucket_pairs(ids))
    pairs = {(a, b) for a, b in candidates
             if exact_jaccard(sets[a], sets[b]) >= params.threshold}
    groups: dict[Rank, list[Rank]] = {}
    for member, root in component_roots((ranks[a], ranks[b]) for a, b in pairs).items():
        groups.setdefault(root, []).append(member)
    clusters, flags = [], {}
    for root, members in groups.items():
        members.sort()
        rep = root[2]
        clusters.append([m[2] for m in members])
        for member in members[1:]:
            flags[member[2]] = (rep, exact_jaccard(sets[member[2]], sets[rep]))
    return NearResult(flags, pairs, clusters, skipped)


def near_record(article: Article, normalized_body: str, params: NearParams
                ) -> tuple[NearRecord, list[bytes]] | None:
    """The near-duplicate record and band keys of an article from the light pass
    (``published`` parsed from the raw date when the light parse left it empty); None
    when the body has no word."""
    shingles = shingle_hashes(normalized_body, params.shingle)
    if shingles.size == 0:
        return None
    published = article.published
    if published is None and article.published_raw:
        published, _ = published_of(article.published_raw)
    source = source_of({"metadata": article.metadata, "source_uri": article.source_uri})
    # the input file as ``source_uri`` escapes it (a non-UTF-8 name stays encodable)
    record = (article.id, shingles.astype(np.uint32).tobytes(), published, source,
              article.source_uri.split("#", 1)[0])
    return record, band_keys(signature(shingles, params), params)


# Band entries travel packed: the local runner holds every shuffled element as a Python
# object (a tuple and a string of ~130 bytes), so 20 entries an article would cost more
# than the article's shingles. Entries are grouped by a 2-byte prefix of their key (band
# number, first hash byte: 20 x 256 groups) and packed as ``key rest (7 bytes), id``
# where the id is ``0x80 + n, n bytes`` for a lowercase hexadecimal id of 2n digits (the
# ids ``akhbar.article.article_id`` makes: 20 digits in 10 bytes), else ``n < 128, n
# bytes of UTF-8`` or ``0xff, n (2 bytes), n bytes of UTF-8``: ~18 bytes an entry.
PREFIX_BYTES = 2
_HEX_ID = re.compile(r"(?:[0-9a-f]{2}){1,126}")
_LONG_ID = 0xFF


def pack_id(article_id: str) -> bytes:
    """An id as it is packed in band entries (see above)."""
    if _HEX_ID.fullmatch(article_id):
        return bytes((0x80 + len(article_id) // 2,)) + bytes.fromhex(article_id)
    raw = article_id.encode("utf-8")
    if len(raw) < 0x80:
        return bytes((len(raw),)) + raw
    if len(raw) > 0xFFFF:
        raise ValueError(f"article id longer than 65535 bytes: {article_id[:40]}…")
    return bytes((_LONG_ID,)) + len(raw).to_bytes(2, "big") + raw


class BandPacker:
    """Collects ``(band key, id)`` entries into one bytes value per key prefix."""

    def __init__(self) -> None:
        self.packs: dict[bytes, bytearray] = {}
        self.size = 0

    def add(self, keys: Iterable[bytes], article_id: str) -> None:
        tail = pack_id(article_id)
        for key in keys:
            pack = self.packs.setdefault(key[:PREFIX_BYTES], bytearray())
            pack += key[PREFIX_BYTES:] + tail
            self.size += len(key) - PREFIX_BYTES + len(tail)

    def drain(self) -> Iterator[tuple[bytes, bytes]]:
        """``(prefix, packed entries)`` of everything added since the last drain."""
        packs, self.packs, self.size = self.packs, {}, 0
        for prefix, pack in packs.items():
            yield prefix, bytes(pack)


def unpack_bands(prefix: bytes, packed: bytes) -> Iterator[tuple[bytes, str]]:
    """The ``(band key, id)`` entries of one packed value."""
    rest = 9 - PREFIX_BYTES  # band keys are 9 bytes (see band_keys)
    i = 0
    while i < len(packed):
        key = prefix + packed[i:i + rest]
        head = packed[i + rest]
        start = i + rest + 1
        if head == _LONG_ID:
            length = int.from_bytes(packed[start:start + 2], "big")
            start += 2
            yield key, packed[start:start + length].decode("utf-8")
        elif head & 0x80:
            length = head - 0x80
            yield key, packed[start:start + length].hex()
        else:
            length = head
            yield key, packed[start:start + length].decode("utf-8")
        i = start + length
