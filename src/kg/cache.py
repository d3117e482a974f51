"""A thread-safe least-recently-used cache bounded by entries *and* bytes.

The dataset never changes while it is served, so an answer computed once stays right for as
long as the dataset's version does; every key therefore starts with that version. Entries alone
are not a bound on memory (one SPARQL result may be 16 MiB, ``SPARQL_MAX_RESULT_BYTES``), so
each entry is weighed by ``sizeof`` and the oldest are dropped past ``max_bytes`` too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """At most ``max_entries`` values weighing at most ``max_bytes`` together; LRU eviction."""

    def __init__(self, max_entries: int, max_bytes: int, sizeof: Callable[[V], int]) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._sizeof = sizeof
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: V) -> None:
        size = self._sizeof(value)
        if self.max_entries <= 0 or size > self.max_bytes:
            return  # larger than the whole budget: caching it would evict everything else
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes
