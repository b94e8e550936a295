"""The Refusal aggregate: evidence of a command refused for breaking a control.

Most refused commands leave no trace: nothing was recorded, and that is the point. A
few controls exist to catch people, not typing mistakes (a proposer approving their
own grant), and there the attempt is itself evidence auditors ask for. The refused
record stays untouched; the attempt is recorded apart, as a Refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.records import register_record_kind

__all__ = ["Refusal"]

_NAMESPACE = UUID("c1a5e0d2-4b7f-4e8a-9c3d-2f1e0a9b8c7d")


class Refusal(LedgerAggregate):
    """One refused attempt: which rule, on which record, what was attempted."""

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Recorded(Event, Aggregate.Created):
        """``action`` on ``record_id`` was refused by ``rule`` (the envelope says who
        tried, and when)."""

        rule: str
        record_id: UUID
        action: str
        detail: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Refusal)
            aggregate.rule = self.rule
            aggregate.record_id = self.record_id
            aggregate.action = self.action
            aggregate.detail = self.detail

    def __init__(self) -> None:
        self._init_facts()
        self.rule = ""
        self.record_id: UUID
        self.action = ""
        self.detail = ""

    @staticmethod
    def id_for(command_id: str) -> UUID:
        """The refusal of the command ``command_id``: a command sent again (same id) is
        the same attempt, recorded once."""
        return uuid5(_NAMESPACE, command_id)

    @classmethod
    def record(
        cls,
        *,
        rule: str,
        record_id: UUID,
        action: str,
        detail: str,
        envelope: Envelope,
        refusal_id: UUID | None = None,
    ) -> Refusal:
        # Not checked against today: the attempt is dated by the command it refused.
        return cls._create(
            cls.Recorded,
            id=refusal_id or uuid4(),
            envelope=envelope,
            rule=rule,
            record_id=record_id,
            action=action,
            detail=detail,
        )


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Refusal,
    "funding.Refusal",
    formerly="umkm_ledger.domain.refusal:Refusal",
    events=("Recorded", "Corrected"),
)
register_record_kind(Refusal, "refusal")
