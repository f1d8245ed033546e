"""Per-study caches for samplers and pruners, keyed so that they cannot collide and bounded.

A sampler or pruner may serve several studies, and derives data from each study's trials
(a columnar table of finished trials, a search space, a value read once from the storage).
Such data is a cache of the storage, rebuilt by any worker, so one entry per live
:class:`~tuner.study.Study` object is always correct.

The key is the study object itself, held by a weak reference: an entry can never be found
for another study (an ``id()`` is reused once its object is freed; a live weak reference
is not), it goes away when its study is dropped, and at most ``maxsize`` entries are kept
(least recently used first out) however long the process lives.

Example:
    >>> import tuner
    >>> cache = PerStudyCache(maxsize=2)
    >>> study = tuner.create_study()
    >>> cache.get(study, list).append("derived")
    >>> cache.get(study, list)
    ['derived']
    >>> del study
    >>> len(cache)
    0
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

V = TypeVar("V")

# Most processes run one study at a time; a few more cover samplers shared between studies
# in a loop without rebuilding on every switch.
DEFAULT_MAXSIZE = 8


def study_reference(
    study: object, callback: Callable[[Any], None] | None = None
) -> Callable[[], object | None]:
    """A weak reference to ``study`` (calling it gives the study, or None once it is gone).

    An object that cannot be weakly referenced is held strongly instead: its ``id`` cannot
    be reused while it is held, so identity checks stay sound.
    """
    try:
        return weakref.ref(study, callback)
    except TypeError:
        return lambda: study


class PerStudyCache(Generic[V]):
    """One value per live study object, at most ``maxsize`` of them. Thread-safe."""

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE) -> None:
        if maxsize < 1:
            raise ValueError(f"`maxsize` must be >= 1, got {maxsize}.")
        self._maxsize = maxsize
        self._entries: OrderedDict[int, tuple[Any, V]] = OrderedDict()
        self._lock = threading.Lock()
        # Entries of studies that died. A weak-reference callback may run inside any
        # allocation, even one under this lock: it appends here and purges only when it can
        # take the lock at once; otherwise the next access purges.
        self._dead: list[tuple[int, Any]] = []

    def get(self, study: object, factory: Callable[[], V]) -> V:
        """The value for ``study``, made by ``factory()`` if there is none yet."""
        key = id(study)
        with self._lock:
            if self._dead:
                self._purge()
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is study:
                self._entries.move_to_end(key)
                return entry[1]
            value = factory()
            self._entries[key] = (self._reference(study, key), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
            return value

    def peek(self, study: object) -> V | None:
        """The value for ``study``, or None when there is none (nothing is made)."""
        with self._lock:
            entry = self._entries.get(id(study))
            if entry is None or entry[0]() is not study:
                return None
            self._entries.move_to_end(id(study))
            return entry[1]

    def pop(self, study: object) -> V | None:
        """Drop the value for ``study`` and return it (None when there is none)."""
        with self._lock:
            entry = self._entries.get(id(study))
            if entry is None or entry[0]() is not study:
                return None
            del self._entries[id(study)]
            return entry[1]

    def __len__(self) -> int:
        with self._lock:
            if self._dead:
                self._purge()
            return len(self._entries)

    def _reference(self, study: object, key: int) -> Callable[[], object | None]:
        dead, lock = self._dead, self._lock
        cache = weakref.ref(self)

        def forget(ref: Any) -> None:
            dead.append((key, ref))
            alive = cache()
            if alive is not None and lock.acquire(blocking=False):
                try:
                    alive._purge()
                finally:
                    lock.release()

        return study_reference(study, forget)

    def _purge(self) -> None:
        while self._dead:
            key, ref = self._dead.pop()
            entry = self._entries.get(key)
            if entry is not None and entry[0] is ref:
                del self._entries[key]
