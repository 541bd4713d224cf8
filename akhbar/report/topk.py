"""Bounded heavy-hitter counting (Space-Saving) for streaming corpus statistics.

``TopK`` counts exactly while it has seen at most ``capacity`` distinct keys. Past that,
it keeps the ``capacity`` heaviest keys (Metwally et al., *Space-Saving*): a new key
replaces the lightest one and inherits its count as an over-estimate, recorded as the
key's ``error``. Every key whose true count exceeds ``total / capacity`` is kept, and a
reported count is never lower than the true count nor higher than ``count - error`` above it.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Item:
    """One counted key: ``count`` may over-estimate the true count by at most ``error``."""

    key: Hashable
    count: int
    error: int = 0
    example: Any = None

    @property
    def exact(self) -> bool:
        return self.error == 0


class TopK:
    """Counts of at most ``capacity`` keys; exact until more distinct keys arrive."""

    def __init__(self, capacity: int = 5000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self.total = 0
        self.evictions = 0
        self._count: dict[Hashable, int] = {}
        self._error: dict[Hashable, int] = {}
        self._example: dict[Hashable, Any] = {}
        self._heap: list[tuple[int, int, Hashable]] = []  # (count, seq, key), one per key
        self._seq = 0

    def __len__(self) -> int:
        return len(self._count)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._count

    @property
    def exact(self) -> bool:
        """True while no key has been evicted: every count is exact."""
        return self.evictions == 0

    def add(self, key: Hashable, weight: int = 1, example: Any = None) -> None:
        """Count ``weight`` occurrences of ``key``; ``example`` is kept for a new key."""
        if weight <= 0:
            return
        self.total += weight
        count = self._count.get(key)
        if count is not None:
            self._count[key] = count + weight  # its heap entry becomes a lower bound
            return
        error = 0
        if len(self._count) >= self.capacity:
            error = self._evict_min()
        self._count[key] = error + weight
        if error:
            self._error[key] = error
        if example is not None:
            self._example[key] = example
        self._seq += 1
        heapq.heappush(self._heap, (error + weight, self._seq, key))

    def get(self, key: Hashable) -> int:
        return self._count.get(key, 0)

    def items(self, n: int | None = None) -> list[Item]:
        """The ``n`` heaviest keys (all if None), heaviest first, ties by key text."""
        ranked = sorted(self._count.items(), key=lambda kv: (-kv[1], str(kv[0])))
        if n is not None:
            ranked = ranked[:n]
        return [Item(k, c, self._error.get(k, 0), self._example.get(k)) for k, c in ranked]

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items())

    # -- internals ---------------------------------------------------------------
    def _evict_min(self) -> int:
        """Drop a key with the smallest count and return that count.

        Each kept key has one heap entry holding a lower bound of its count (counts only
        grow). An outdated entry is refreshed and pushed back; the first up-to-date entry
        on top is therefore a true minimum."""
        while True:
            count, _, key = heapq.heappop(self._heap)
            current = self._count[key]
            if current != count:
                self._seq += 1
                heapq.heappush(self._heap, (current, self._seq, key))
                continue
            del self._count[key]
            self._error.pop(key, None)
            self._example.pop(key, None)
            self.evictions += 1
            return count
