"""A small bounded map for values a process computes once and reuses (parsed definitions,
form classes, a page's static parts): the most recently used are kept, so a process serving
for months holds the versions in use, not every version it ever met."""

from __future__ import annotations

import threading
from collections import OrderedDict


class Recent:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        # A threaded server (gunicorn --threads) may evict while another thread reads.
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._items)


def per_definition(cache: Recent, definition, key: tuple, make):
    """``make()`` once per definition object and ``key``. Parsed definitions are shared per
    stored version, so identity is a sound key; the entry keeps the definition itself so
    that a recycled id() never returns another definition's value."""
    full = (id(definition), *key)
    found = cache.get(full)
    if found is not None and found[0] is definition:
        return found[1]
    return cache.put(full, (definition, make()))[1]
