"""Commands decided one after another and saved together: the state of a unit of work.

In a unit of work (:class:`umkm_ledger.platform.batch.Batch`) each command runs its rules
as it always does (get → command), but its events are kept here instead of saved: the
unit saves the events of many commands in one transaction. Meanwhile the records those
commands wrote are served from here, so a later command of the unit sees what an earlier
one decided (an enterprise registered, then enrolled; an owner's second enterprise
flagged as a suspected duplicate of the first).

What the commands read from the store is checked in the saving transaction, as for a
single command (:mod:`umkm_ledger.platform.reads`): their read sets are merged, the
first read of each record counting. A rule that read a materialized view reads it as
saved, without the unit's unsaved events: :meth:`PendingWork.decide` checks its guards
against those events too, and when one would have changed the answer the command is
:class:`Undecidable` here; the unit then saves what it has and runs that command alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from umkm_ledger.platform.reads import LogRow, ReadSet

__all__ = ["HeldRecord", "Outcome", "PendingWork", "Undecidable"]

#: How many records a unit of work keeps at hand between its transactions (records that
#: many commands read, such as a program or an allocation, stay read once).
_KEPT = 20_000


class Undecidable(Exception):  # a signal to the unit of work, not an error
    """A command's rules read what earlier, unsaved commands of the same unit changed:
    it can only be decided once they are saved."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class HeldRecord(Undecidable):
    """The command created a record that the unit already holds (an index record it
    assumed new, or the same record created twice)."""


class Outcome:
    """How one command ended, beyond its result: ``resent`` when it had been recorded
    before (its command id's first result was the answer)."""

    def __init__(self) -> None:
        self.resent = False


class PendingWork:
    """The decided, unsaved commands of a unit of work: their events in the order they
    were decided, what they read, and the current state of every record they touched."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.reads = ReadSet()
        #: Records with unsaved events, and those events (to rebuild a record a refused
        #: command may have changed half-way).
        self._unsaved: dict[UUID, list[Any]] = {}
        #: The latest state of every record kept at hand: unsaved ones, and saved ones
        #: read or written by earlier commands (served as reads of that version).
        self._records: dict[UUID, Aggregate] = {}
        # Records handed to the command being decided.
        self._lent: set[UUID] = set()
        # Unsaved events as guards see them (their state left out: a guard reading one
        # gets the event itself, see event_at), and by (record, version).
        self._rows: list[LogRow] = []
        self._by_key: dict[tuple[UUID, int], Any] = {}
        #: Commands decided since the last save.
        self.decided = 0
        #: Whether optimistic commands may assume their index records are new.
        self.optimistic = True

    def __bool__(self) -> bool:
        return bool(self.events)

    def begin(self) -> None:
        """A command starts being decided."""
        self._lent.clear()

    def lend(self, record_id: UUID, reads: ReadSet | None) -> Aggregate | None:
        """The record as the unit's commands left it, if kept at hand (None: read it
        from the store). A saved one counts as read at its version."""
        record = self._records.get(record_id)
        if record is None:
            return None
        self._lent.add(record_id)
        if reads is not None and record_id not in self._unsaved:
            reads.saw(record_id, record.version)
        return record

    def keep(self, record: Aggregate) -> None:
        """A record the running command read from the store (kept if it succeeds)."""
        self._lent.add(record.id)
        self._records.setdefault(record.id, record)

    def decide(self, to_save: Sequence[Aggregate], reads: ReadSet) -> None:
        """Take the running command's records (and their new events) into the unit.

        Raises :class:`Undecidable` (taking nothing) when the command created a record
        that the unit already holds, or one of its guarded view reads is changed by an
        unsaved event of the unit."""
        for record in to_save:
            held = self._records.get(record.id)
            if record.pending_events and held is not None and held is not record:
                raise HeldRecord(f"record {record.id}, which an earlier command wrote")
        if reads.guards:
            self._stored_rows()
            for guard in reads.guards:
                wanted = set(guard.topics)
                rows = [row for row in self._rows if row[2] in wanted]
                if rows and guard.changes(rows):
                    raise Undecidable(guard.what)
        for record in to_save:
            events = record.collect_events()
            if events:
                self.events.extend(events)
                self._unsaved.setdefault(record.id, []).extend(events)
            self._records[record.id] = record
        for record_id, version in reads.versions.items():
            if record_id not in self._unsaved:
                self.reads.saw(record_id, version)
        for guard in reads.guards:
            self.reads.guard(guard)
        self._lent.clear()
        self.decided += 1

    def undo(self, restore: Callable[[UUID, int], Aggregate | None]) -> None:
        """The running command was refused: put back what it may have changed of the
        records it was lent (``restore(id, version)`` reads a record as saved at a
        version; 0 means it has no saved version)."""
        for record_id in self._lent:
            unsaved = self._unsaved.get(record_id)
            if unsaved is None:
                # Saved as it is kept: read it again from the store when needed.
                self._records.pop(record_id, None)
                continue
            first = unsaved[0].originator_version
            record = restore(record_id, first - 1)
            for event in unsaved:
                record = event.mutate(record)
            assert record is not None
            self._records[record_id] = record
        self._lent.clear()

    def saved(self) -> None:
        """The unit's events were saved: what is kept at hand is the saved state."""
        self.events = []
        self.reads = ReadSet()
        self._unsaved = {}
        self._rows = []
        self._by_key = {}
        self.decided = 0
        if len(self._records) > _KEPT:
            self._records = {}

    def discard(self) -> None:
        """Nothing of the unit was saved: forget all of it."""
        self.saved()
        self._records = {}
        self._lent.clear()

    def written(self) -> set[UUID]:
        return set(self._unsaved)

    def event_at(self, record_id: UUID, version: int) -> Any | None:
        """The unsaved event of ``record_id`` at ``version``, if a guard was shown it."""
        return self._by_key.get((record_id, version))

    def _stored_rows(self) -> None:
        # Unsaved events are listed for guards once, when one needs them; a guard that
        # reads an event gets the event itself (see event_at), never its encoding.
        for event in self.events[len(self._rows) :]:
            key = (event.originator_id, event.originator_version)
            self._rows.append((*key, get_topic(type(event)), b""))
            self._by_key[key] = event
