"""The Consultation aggregate: an enterprise's consultation at a PLUT (or the office).

One event says it all: when (the effective date), where, with which consultant, on what,
and what came of it. A wrong detail is corrected like any other fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.activity.values import Mentor, checked_mentor
from umkm_ledger.kernel.aggregate import Check, LedgerAggregate, check_effective_date
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values.text import free_text, name_text

__all__ = ["Consultation"]


class Consultation(LedgerAggregate):
    """An enterprise consulted ``consultant`` at ``place`` on ``topic``; ``outcome``."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Consulted": frozenset({"place", "topic", "outcome"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Consulted": {
            "place": name_text,
            "consultant": checked_mentor,
            "topic": name_text,
            "outcome": free_text,
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Consulted(Event, Aggregate.Created):
        """The enterprise came for a consultation (on the effective date)."""

        enterprise_id: UUID
        program_id: UUID | None
        place: str
        consultant: Mentor
        topic: str
        outcome: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Consultation)
            aggregate.enterprise_id = self.enterprise_id
            aggregate.program_id = self.program_id
            aggregate.place = self.place
            aggregate.consultant = self.consultant
            aggregate.topic = self.topic
            aggregate.outcome = self.outcome

    def __init__(self) -> None:
        self._init_facts()
        self.enterprise_id: UUID
        self.program_id: UUID | None = None
        self.place = ""
        self.consultant: Mentor
        self.topic = ""
        self.outcome = ""

    @classmethod
    def record(
        cls,
        *,
        enterprise_id: UUID,
        program_id: UUID | None,
        place: str,
        consultant: Mentor,
        topic: str,
        outcome: str,
        envelope: Envelope,
    ) -> Consultation:
        check_effective_date(envelope)
        return cls._create(
            cls.Consulted,
            id=new_id(),
            envelope=envelope,
            enterprise_id=enterprise_id,
            program_id=program_id,
            place=place,
            consultant=consultant,
            topic=topic,
            outcome=outcome,
        )

    def on_corrected(self, version: int) -> None:
        fields = self.facts[version].fields
        self.place, self.topic, self.outcome = fields["place"], fields["topic"], fields["outcome"]


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Consultation,
    "activity.Consultation",
    formerly="umkm_ledger.domain.consultation:Consultation",
    events=("Consulted", "Corrected"),
)
register_record_kind(Consultation, "consultation")
