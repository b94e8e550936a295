"""The Erasure aggregate: one person's personal data, erased on the legal ground an
officer recorded and a second officer approved.

It names the person by their key store id only (the NIK it was requested for is not in
it). Approving it is recorded first; the person's key is destroyed right after, and
again by any later approval attempt if that step was interrupted (see the service).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.aggregate import (
    Check,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ERASURE_LIFECYCLE, ErasureAction, ErasureStatus
from umkm_ledger.privacy.rules import ErasureNeedsASecondOfficer

__all__ = ["Erasure"]

_NAMESPACE = UUID("0d7f3c5e-2b1a-4e8f-9c6d-5a4b3e2f1d0c")


def _person(value: object, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    raise InvalidValue(field, "<hidden>", "must be a person's id")


def _ground(value: object, field: str) -> ErasureGround:
    return ErasureGround.parse(value, field)


def _same_person(user: str, other: str) -> bool:
    """User ids compare in any case and spacing (``Siti`` and ``siti`` are one person)."""
    return " ".join(user.split()).casefold() == " ".join(other.split()).casefold()


class Erasure(LedgerAggregate):
    """The erasure of one person's personal data (at most one per person)."""

    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Requested": {"person": _person, "ground": _ground},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Requested(Event, Aggregate.Created):
        """An officer asked for a person's personal data to be erased, on ``ground``
        (the reason, in words, is in the envelope)."""

        person: UUID
        ground: ErasureGround

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Erasure)
            aggregate.person = self.person
            aggregate.ground = self.ground
            aggregate.requested_on = self.envelope.effective_date
            aggregate.requested_by = self.envelope.actor.user_id

    @dataclass(frozen=True)
    class Approved(Event):
        """A second officer approved the erasure: the person's key is destroyed."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Erasure)
            aggregate.status = ErasureStatus.ERASED
            aggregate.decided_on = self.envelope.effective_date
            aggregate.decided_by = self.envelope.actor.user_id

    @dataclass(frozen=True)
    class Rejected(Event):
        """A second officer rejected the erasure (the reason is in the envelope): the
        personal data stays."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Erasure)
            aggregate.status = ErasureStatus.REJECTED
            aggregate.decided_on = self.envelope.effective_date
            aggregate.decided_by = self.envelope.actor.user_id

    def __init__(self) -> None:
        self._init_facts()
        self.person: UUID
        self.ground: ErasureGround
        self.requested_on: Any = None
        self.requested_by = ""
        self.status = ErasureStatus.REQUESTED
        self.decided_on: Any = None
        self.decided_by = ""

    @staticmethod
    def id_for(person: UUID, request: int = 1) -> UUID:
        """The id of the ``request``-th erasure request of ``person`` (one open at a time:
        a new one only after the one before was rejected)."""
        return uuid5(_NAMESPACE, person.hex if request == 1 else f"{person.hex}:{request}")

    @classmethod
    def request(
        cls, *, person: UUID, ground: ErasureGround, envelope: Envelope, request: int = 1
    ) -> Erasure:
        """Request the erasure of ``person``'s personal data; a reason is required."""
        require_reason(envelope, N_("an erasure request"))
        check_effective_date(envelope)
        return cls._create(
            cls.Requested, id=cls.id_for(_person(person, "person"), request),
            envelope=envelope, person=person, ground=ground,
        )  # fmt: skip

    def _decide(self, action: ErasureAction, envelope: Envelope) -> None:
        next_status(ERASURE_LIFECYCLE, "erasure", self.status, action)
        user = envelope.actor.user_id
        if _same_person(user, self.requested_by):
            raise ErasureNeedsASecondOfficer(self.id, user, action.value)

    def approve(self, *, envelope: Envelope) -> None:
        """Approve the erasure (by another officer than the one who requested it)."""
        self._decide(ErasureAction.APPROVE, envelope)
        self._record(self.Approved, envelope)

    def reject(self, *, envelope: Envelope) -> None:
        """Reject the erasure (by another officer); a reason is required."""
        require_reason(envelope, N_("an erasure's rejection"))
        self._decide(ErasureAction.REJECT, envelope)
        self._record(self.Rejected, envelope)


# The stored names of the record and its events (never changed once released).
name_event_types(
    Erasure,
    "privacy.Erasure",
    formerly="umkm_ledger.privacy.erasure:Erasure",
    events=("Requested", "Approved", "Rejected", "Corrected"),
)
register_record_kind(Erasure, "erasure")
