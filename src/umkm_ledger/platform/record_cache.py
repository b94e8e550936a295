"""Records kept between commands, so a command does not replay a long history again.

An allocation gets an event for every grant approved against it; replaying thousands of
them for each approval made a grant's steps cost ten times a registration at district
scale. A command now takes the record as the last command of this process left it and
reads only the events stored since (by any process: the store is asked every time, so
another writer's events are never missed).

A record is *lent* to one command at a time: :meth:`RecordCache.take` removes it, and the
command gives it back when it ends (:class:`Borrowed`). A record comes back only if it
holds exactly what is stored: after its command saved it, or untouched (no pending
events) by a command that saved nothing. One that a failed command changed is dropped, and
the next command replays it from the store. Two threads never share one: the second finds
none and replays its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from uuid import UUID

from eventsourcing.domain import Aggregate

__all__ = ["Borrowed", "RecordCache"]

#: How many records are kept (the least recently used go first).
MAX_KEPT = 1024


class RecordCache:
    """Records as stored, each lent to one command at a time."""

    def __init__(self, most: int = MAX_KEPT) -> None:
        self._most = most
        self._kept: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, record_id: UUID) -> Aggregate | None:
        """The record as last kept (now lent: nobody else gets it), or None."""
        with self._lock:
            return self._kept.pop(record_id, None)

    def keep(self, records: Iterable[Aggregate]) -> None:
        """Keep ``records``, each as stored now (the caller vouches for that)."""
        with self._lock:
            for record in records:
                self._kept[record.id] = record
                self._kept.move_to_end(record.id)
            while len(self._kept) > self._most:
                self._kept.popitem(last=False)

    def forget(self, record_id: UUID) -> None:
        with self._lock:
            self._kept.pop(record_id, None)


class Borrowed:
    """The records one attempt of one command took, given back when it ends."""

    __slots__ = ("_cache", "_records")

    def __init__(self, cache: RecordCache) -> None:
        self._cache = cache
        self._records: dict[UUID, Aggregate] = {}

    def add(self, record: Aggregate) -> None:
        self._records[record.id] = record

    def saved(self) -> None:
        """The command saved what it changed: give back every record that is as stored
        (one it changed without saving still has its pending events: dropped)."""
        self._cache.keep(r for r in self._records.values() if not r.pending_events)
        self._records.clear()

    def failed(self, written: Iterable[Aggregate] = ()) -> None:
        """The command saved nothing: give back what it did not change. ``written`` are
        the records it tried to save (their pending events already collected)."""
        dirty = {record.id for record in written}
        clean = [
            record
            for record in self._records.values()
            if record.id not in dirty and not record.pending_events
        ]
        self._cache.keep(clean)
        self._records.clear()
