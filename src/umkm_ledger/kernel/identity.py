"""Where the ids of new records come from.

A new record's id is random (UUID 4). A unit of work that has to run its commands a
second time (its transaction met a concurrent writer, see
:mod:`umkm_ledger.platform.unit_of_work`) hands each command the ids it made the first
time, in the same order, so the ids its caller was already given stay the ids recorded.
"""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from uuid import UUID, uuid4

__all__ = ["IdSource", "id_source", "new_id"]


class IdSource:
    """The ids made while it is active: replayed first (``replay``), then random; every
    id handed out is kept in ``made``."""

    def __init__(self, replay: Iterable[UUID] = ()) -> None:
        self._replay = deque(replay)
        self.made: list[UUID] = []

    def next(self) -> UUID:
        made = self._replay.popleft() if self._replay else uuid4()
        self.made.append(made)
        return made


_SOURCE: contextvars.ContextVar[IdSource | None] = contextvars.ContextVar(
    "umkm_ledger_id_source", default=None
)


def new_id() -> UUID:
    """The id of a record about to be created."""
    source = _SOURCE.get()
    return uuid4() if source is None else source.next()


@contextmanager
def id_source(source: IdSource) -> Iterator[IdSource]:
    """Make new ids from ``source`` inside the block."""
    token = _SOURCE.set(source)
    try:
        yield source
    finally:
        _SOURCE.reset(token)
