"""The PersonalDataMigration aggregate: the record, in a sealed ledger, of the plain
ledger it was migrated from (see :mod:`umkm_ledger.interchange.migration`). It names no
person; it gives what an auditor needs to tie the two logs together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.aggregate import Check, LedgerAggregate, require_reason
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.records import register_record_kind

__all__ = ["PersonalDataMigration"]


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise InvalidValue(field, str(value)[:20], "must be a whole number, 0 or more")
    return value


def _root(value: object, field: str) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    raise InvalidValue(field, str(value)[:70], "must be a SHA-256 hex digest")


class PersonalDataMigration(LedgerAggregate):
    """A plain ledger's log copied into this one, with personal data sealed."""

    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Recorded": {
            "events": _count, "last_position": _count, "people": _count,
            "source_root": _root, "target_root": _root,
        },
    }  # fmt: skip

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Recorded(Event, Aggregate.Created):
        """The log up to ``last_position`` (``events`` events) was copied from a plain
        ledger whose Merkle root over them was ``source_root``; this ledger's root over
        the same positions is ``target_root``; ``people`` were given keys of their own."""

        events: int
        last_position: int
        source_root: str
        target_root: str
        people: int

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, PersonalDataMigration)
            aggregate.events = self.events
            aggregate.last_position = self.last_position
            aggregate.source_root = self.source_root
            aggregate.target_root = self.target_root
            aggregate.people = self.people

    def __init__(self) -> None:
        self._init_facts()
        self.events = 0
        self.last_position = 0
        self.source_root = ""
        self.target_root = ""
        self.people = 0

    @classmethod
    def record(
        cls, *, events: int, last_position: int, source_root: str, target_root: str,
        people: int, envelope: Envelope,
    ) -> PersonalDataMigration:  # fmt: skip
        """Record a migration (its reason, in the envelope, is required)."""
        require_reason(envelope, N_("a migration of personal data"))
        return cls._create(
            cls.Recorded, envelope=envelope, events=events, last_position=last_position,
            source_root=source_root, target_root=target_root, people=people,
        )  # fmt: skip


# The stored names of the record and its events (never changed once released).
name_event_types(
    PersonalDataMigration,
    "privacy.PersonalDataMigration",
    formerly="umkm_ledger.privacy.migration:PersonalDataMigration",
    events=("Recorded", "Corrected"),
)
register_record_kind(PersonalDataMigration, "migration of personal data")
