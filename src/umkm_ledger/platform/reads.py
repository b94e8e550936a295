"""What a command read, checked again in the transaction that saves what it decided.

eventsourcing's optimistic concurrency protects the records a command *writes*: two
commands that both append version 5 of a grant cannot both succeed. A rule that reads
more than it writes is not protected: an enrolment reads its program (is it running?)
and writes only the enrolment, so a program closed at the same moment goes unnoticed
(write skew). A :class:`ReadSet` lists what the command's rules read:

* the records it read and the version it saw (``None``: it saw that the record did not
  exist), for the records it does not write itself;
* :class:`LogGuard` s for what it read from a materialized view, which is caught up to a
  log position: the guard names the events after that position that would have changed
  the answer.

The recorders check the read set inside the inserting transaction, once the events
table is locked for writing (every writer of the log takes that lock, so no other
command can commit in between) and refuse the save with :class:`StaleRead` if a read
record has moved on or a guarded event arrived. The command then runs again, reading
afresh, and its rules decide on what the other writer left: together the commands
behave as if they had run one after the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.persistence import IntegrityError

__all__ = ["LogGuard", "LogRow", "ReadSet", "StaleRead"]

#: An event as the guard sees it: (originator id, originator version, topic, state).
LogRow = tuple[Any, int, str, bytes]


class StaleRead(IntegrityError):
    """Something the command read changed before it could save: run it again."""


@attrs.frozen
class LogGuard:
    """A view read at log position ``after`` stays true unless an event with one of
    ``topics`` recorded after that position makes ``changes`` say so."""

    #: What the view was read for, for the message when the guard trips.
    what: str
    after: int
    topics: tuple[str, ...]
    #: Given the events with ``topics`` recorded after ``after`` (in log order, the
    #: saving command's own excluded), whether any would change the answer.
    changes: Callable[[Sequence[LogRow]], bool]


@attrs.define
class ReadSet:
    """The records one run of a command read, and its guarded view reads."""

    versions: dict[UUID, int | None] = attrs.field(factory=dict)
    guards: list[LogGuard] = attrs.field(factory=list)

    def saw(self, record_id: UUID, version: int | None) -> None:
        """The command read ``record_id`` at ``version`` (None: found no such record).

        The first read counts: a command that read two versions of one record saw it
        change under it, and must run again."""
        self.versions.setdefault(record_id, version)

    def guard(self, guard: LogGuard) -> None:
        self.guards.append(guard)

    def excluding(self, written: Iterable[UUID]) -> ReadSet:
        """This read set without the records the command writes: their versions are
        protected by the log's uniqueness already (the command appends the next one)."""
        skip = set(written)
        versions = {k: v for k, v in self.versions.items() if k not in skip}
        return ReadSet(versions=versions, guards=list(self.guards))

    def __bool__(self) -> bool:
        return bool(self.versions or self.guards)

    def check(
        self,
        current: Callable[[Sequence[UUID]], Mapping[UUID, int]],
        rows_after: Callable[[int, Sequence[str]], Sequence[LogRow]],
    ) -> None:
        """Raise :class:`StaleRead` unless every read still holds.

        ``current`` gives the latest version of each record that has any (in the
        inserting transaction); ``rows_after`` gives the events with the topics that
        were recorded after a position, the saving command's own excluded.
        """
        if self.versions:
            now = current(list(self.versions))
            for record_id, seen in self.versions.items():
                if now.get(record_id) != seen:
                    raise StaleRead(
                        f"record {record_id} was at version {seen} when read and is at "
                        f"{now.get(record_id)} now"
                    )
        for guard in self.guards:
            if guard.changes(rows_after(guard.after, guard.topics)):
                raise StaleRead(f"{guard.what} changed after log position {guard.after}")
